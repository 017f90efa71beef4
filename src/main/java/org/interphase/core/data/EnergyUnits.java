package org.interphase.core.data;

import java.util.Locale;

/**
 * The one table of energy unit spellings that readers and analyses meet (energy-loss and binding-energy axes,
 * beam and photon energies): {@code eV}, {@code keV}, {@code meV}, {@code MeV} and the spelled-out
 * {@code electron volt(s)}, {@code electronvolt(s)}. The companion of {@link LengthUnits}; the case of the prefix
 * matters only where it must ({@code meV} is a thousandth, {@code MeV} a million; an all-lower-case {@code mev}, as
 * some files write it, is read as meV).
 */
public final class EnergyUnits {
	private EnergyUnits() {}

	/** Electronvolts per unit, NaN when the unit is not an energy. */
	public static double eV(String unit) {
		if (unit == null) return Double.NaN;
		String t = unit.trim().replace(" ", "");
		if (t.equals("MeV")) return 1e6;
		switch (t.toLowerCase(Locale.ROOT)) {
			case "ev": case "electronvolt": case "electronvolts": return 1;
			case "kev": case "kiloelectronvolt": case "kiloelectronvolts": return 1e3;
			case "mev": return 1e-3;
			default: return Double.NaN;
		}
	}

	/** Whether the unit is an energy. */
	public static boolean isEnergy(String unit) {
		return !Double.isNaN(eV(unit));
	}

	/** The suite's spelling of an energy unit ("eV", "keV", "meV", "MeV"); others unchanged. */
	public static String normalise(String unit) {
		double f = eV(unit);
		if (f == 1) return "eV";
		if (f == 1e3) return "keV";
		if (f == 1e-3) return "meV";
		if (f == 1e6) return "MeV";
		return unit == null ? "" : unit.trim();
	}
}
