package org.interphase.core.diffraction.crystal;

/** One atom site of the asymmetric unit: element, fractional position, occupancy and isotropic B (Å^2). */
public final class AtomSite {
	public final String label;
	public final String element;
	public final double x, y, z;
	public final double occupancy;
	public final double bIso;

	public AtomSite(String label, String element, double x, double y, double z, double occupancy, double bIso) {
		if (!ScatteringFactors.known(element)) throw new IllegalArgumentException("site " + label +
			": no electron scattering factor for element '" + element + "'");
		if (!(occupancy >= 0 && occupancy <= 1.0001)) throw new IllegalArgumentException("site " + label +
			": occupancy " + occupancy + " outside [0, 1]");
		this.label = label;
		this.element = element;
		this.x = x;
		this.y = y;
		this.z = z;
		this.occupancy = occupancy;
		this.bIso = Double.isNaN(bIso) || bIso < 0 ? 0.5 : bIso;
	}

	public static AtomSite of(String element, double x, double y, double z) {
		return new AtomSite(element, element, x, y, z, 1, 0.5);
	}

	public static AtomSite of(String element, double x, double y, double z, double occupancy) {
		return new AtomSite(element, element, x, y, z, occupancy, 0.5);
	}
}
