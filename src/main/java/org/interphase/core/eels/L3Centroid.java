package org.interphase.core.eels;

/**
 * Reference-free valence: the intensity-weighted mean energy (centroid) of the background-subtracted L3 white
 * line in a fixed window, placed between two calibration energies: the centroid of pure Ti3+ and of pure Ti4+
 * measured in the same window (from standards, the literature on a calibrated axis, or the user's own data).
 * fraction = (C_Ti4 - C) / (C_Ti4 - C_Ti3) when both valences have the same L3 intensity in the window, and the
 * exact mixture inversion {@link #fraction} when their ratio is known (from standards); the uncertainty follows
 * from the Poisson variance of each channel.
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

	/** Integral of a prepared reference over the window (for the Ti3+/Ti4+ L3 intensity ratio). */
	public static double integral(Reference r, double lo, double hi) {
		double s = 0;
		for (double e = lo; e <= hi; e += 0.01) s += r.value(e) * 0.01;
		return s;
	}

	/**
	 * Ti3+ fraction from a centroid: a mixture's centroid is the intensity-weighted mean of the pure ones, so
	 * f = (C4 - C) / ((C4 - C) + ratio (C - C3)) with ratio = L3 intensity of Ti3+ over Ti4+ in the window (1 when
	 * unknown: then linear).
	 */
	public static double fraction(double c, double c3, double c4, double ratio) {
		double a = c4 - c, b = ratio * (c - c3);
		return a / (a + b);
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
