package org.interphase.core.eels;

/**
 * Reference-free valence: the intensity-weighted mean energy (centroid) of the background-subtracted L3 white
 * line in a fixed window, placed between two calibration energies: the centroid of pure Ti3+ and of pure Ti4+
 * measured in the same window (from standards, the literature on a calibrated axis, or the user's own data).
 * fraction = (C_Ti4 - C) / (C_Ti4 - C_Ti3). Linear in the Ti3+ share when both valences have similar L3
 * intensity in the window; its uncertainty follows from the Poisson variance of each channel.
 */
public final class L3Centroid {
	private L3Centroid() {}

	/** {centroid, sd, signal}; NaN centroid when the window holds no positive signal. */
	public static double[] centroid(double[] y, int off, double[] energy, double shift, PowerLawBackground bg,
		double lo, double hi)
	{
		double s = 0, se = 0;
		int kLo = EdgeFinder.index(energy, lo + shift), kHi = Math.min(energy.length - 1, EdgeFinder.index(energy, hi +
			shift) + 1);
		for (int k = kLo; k <= kHi; k++) {
			double e = energy[k] - shift;
			if (e < lo || e > hi) continue;
			double v = y[off + k] - bg.at(e);
			s += v;
			se += v * e;
		}
		if (!(s > 0)) return new double[] { Double.NaN, Double.NaN, s };
		double c = se / s, var = 0;
		for (int k = kLo; k <= kHi; k++) {
			double e = energy[k] - shift;
			if (e < lo || e > hi) continue;
			double d = (e - c) / s;
			var += d * d * Math.max(y[off + k], 1);
		}
		return new double[] { c, Math.sqrt(var), s };
	}

	/** Centroid of a prepared reference in the window (for calibration from standards). */
	public static double centroid(Reference r, double lo, double hi) {
		double s = 0, se = 0;
		for (double e = lo; e <= hi; e += 0.01) {
			double v = r.value(e);
			s += v;
			se += v * e;
		}
		return se / s;
	}
}
