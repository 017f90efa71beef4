package org.interphase.core.diffraction.xrd;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;

/**
 * The simulated powder pattern of a phase ("stick pattern") for X-rays in Bragg-Brentano geometry: one stick per
 * family of symmetry-equivalent reflections at its K-alpha1 2-theta, with the integrated intensity
 * I = m |F_x|^2 LP(2theta), m the multiplicity (Laue group with Friedel pairs), F_x from the X-ray form factors
 * (Mott-Bethe, {@link org.interphase.core.diffraction.crystal.ScatteringFactors#fXray}) with the phase's
 * Debye-Waller factors, and the Lorentz-polarisation factor of an unpolarised beam without monochromator
 * LP = (1 + cos^2 2theta) / (sin^2 theta cos theta). No absorption, texture, extinction or anomalous dispersion.
 */
public final class XraySticks {
	private XraySticks() {}

	/** One stick. */
	public static final class Stick {
		public final Reflection family;
		public final double twoTheta, d;
		/** m |F_x|^2 LP (arbitrary units, same scale for every stick of the phase). */
		public final double intensity;
		/** Intensity relative to the strongest stick in the range, 0-100. */
		public final double relative;

		Stick(Reflection family, double twoTheta, double d, double intensity, double relative) {
			this.family = family;
			this.twoTheta = twoTheta;
			this.d = d;
			this.intensity = intensity;
			this.relative = relative;
		}
	}

	/** Lorentz-polarisation factor at 2-theta (deg), no monochromator. */
	public static double lorentzPolarisation(double twoThetaDeg) {
		double tt = Math.toRadians(twoThetaDeg), t = tt / 2;
		double c2 = Math.cos(tt);
		double s = Math.sin(t);
		return (1 + c2 * c2) / (s * s * Math.cos(t));
	}

	/** Sticks of the phase between two 2-theta limits (deg) for the wavelength (Å), sorted by 2-theta. */
	public static List<Stick> of(Phase phase, double lambda, double twoThetaMin, double twoThetaMax) {
		double hi = Math.min(twoThetaMax, 179);
		double dMin = lambda / (2 * Math.sin(Math.toRadians(hi / 2)));
		List<Reflection> fam = phase.families(Math.max(dMin * 0.999, 0.2));
		List<Stick> out = new ArrayList<>();
		double max = 0;
		List<double[]> vals = new ArrayList<>();
		List<Reflection> kept = new ArrayList<>();
		for (Reflection r : fam) {
			double tt = XrayWavelength.twoTheta(lambda, r.d);
			if (!(tt >= twoThetaMin && tt <= twoThetaMax)) continue;
			double i = r.multiplicity * phase.intensityXray(r.h, r.k, r.l) * lorentzPolarisation(tt);
			vals.add(new double[] { tt, r.d, i });
			kept.add(r);
			max = Math.max(max, i);
		}
		for (int k = 0; k < kept.size(); k++) {
			double[] v = vals.get(k);
			out.add(new Stick(kept.get(k), v[0], v[1], v[2], max > 0 ? 100 * v[2] / max : 0));
		}
		out.sort((a, b) -> Double.compare(a.twoTheta, b.twoTheta));
		return out;
	}
}
