package org.interphase.core.raman;

/** Raman shift from absolute wavelengths: shift (cm-1) = 1e7 / laser (nm) - 1e7 / scattered (nm). */
public final class RamanShift {
	private RamanShift() {}

	public static double fromWavelength(double scatteredNm, double laserNm) {
		return 1e7 / laserNm - 1e7 / scatteredNm;
	}

	public static double toWavelength(double shiftCm1, double laserNm) {
		return 1e7 / (1e7 / laserNm - shiftCm1);
	}

	/** Whether an axis unit names a wavelength (nm) rather than a wavenumber. */
	public static boolean isWavelengthUnit(String units) {
		String u = units == null ? "" : units.trim().toLowerCase(java.util.Locale.ROOT);
		return u.equals("nm") || u.equals("nanometer") || u.equals("nanometers") || u.equals("nanometre");
	}

	/** Whether an axis unit names a wavenumber (cm-1 and its spellings), or is empty. */
	public static boolean isWavenumberUnit(String units) {
		String u = units == null ? "" : units.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
		return u.isEmpty() || u.equals("cm-1") || u.equals("1/cm") || u.equals("cm^-1") || u.equals("cm-¹") || u
			.equals("cm⁻¹") || u.equals("rel.1/cm") || u.equals("wavenumber") || u.equals("ramanshift");
	}
}
