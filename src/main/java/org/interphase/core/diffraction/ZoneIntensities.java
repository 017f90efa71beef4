package org.interphase.core.diffraction;

/**
 * How well a zone's kinematic intensities |F|^2 (structure factors of the phase's atoms; systematic absences are
 * zero and never matched) rank the measured spot intensities. At an exact zone axis a reflection's excitation error
 * is s = lambda g^2 / 2, so the spots dim outwards roughly as exp(-kappa g^4) whatever the zone; that fall-off is
 * common to every zone that puts its reflections on the same spots and said nothing about which zone it is, yet it
 * dominated a plain correlation of log intensities (stress set, LATP: zones of the same projected lattice were
 * decided by it). The measure is therefore the partial correlation of log I_measured and log |F|^2 with a constant
 * and g^4 regressed out of both.
 */
final class ZoneIntensities {
	private ZoneIntensities() {}

	/** Fewest matched spots for a partial correlation (two regressors removed, then one correlation). */
	static final int MIN_SPOTS = 4;

	/**
	 * @param measured measured spot intensities (any scale; must be positive to count)
	 * @param kinematic |F|^2 of the reflections the spots are matched to
	 * @param g reciprocal length of those reflections (1/Å)
	 * @return the partial correlation in [-1, 1], 0 when undetermined
	 */
	static double partialCorrelation(double[] measured, double[] kinematic, double[] g) {
		int n = measured.length;
		if (n < MIN_SPOTS) return 0;
		double fMax = 0;
		for (double f : kinematic) fMax = Math.max(fMax, f);
		double[] y = new double[n], f = new double[n], g4 = new double[n];
		for (int i = 0; i < n; i++) {
			y[i] = Math.log(Math.max(1e-9, measured[i]));
			f[i] = Math.log(Math.max(1e-9 * fMax, kinematic[i]));
			g4[i] = Math.pow(g[i], 4);
		}
		return ZoneAxisIndexer.pearson(residual(y, g4), residual(f, g4));
	}

	/** Pearson correlation of log measured and log kinematic intensities (kinematic floored at 1e-9 of maxI). */
	static double logCorrelation(double[] measured, double[] kinematic, double maxI) {
		int n = measured.length;
		double[] a = new double[n], b = new double[n];
		for (int i = 0; i < n; i++) {
			a[i] = Math.log(Math.max(1e-9, measured[i]));
			b[i] = Math.log(Math.max(1e-9 * maxI, kinematic[i]));
		}
		return ZoneAxisIndexer.pearson(a, b);
	}

	/** y minus its least-squares line in x. */
	private static double[] residual(double[] y, double[] x) {
		int n = y.length;
		double mx = 0, my = 0;
		for (int i = 0; i < n; i++) {
			mx += x[i];
			my += y[i];
		}
		mx /= n;
		my /= n;
		double sxy = 0, sxx = 0;
		for (int i = 0; i < n; i++) {
			sxy += (x[i] - mx) * (y[i] - my);
			sxx += (x[i] - mx) * (x[i] - mx);
		}
		double b = sxx > 0 ? sxy / sxx : 0;
		double[] r = new double[n];
		for (int i = 0; i < n; i++) r[i] = y[i] - my - b * (x[i] - mx);
		return r;
	}
}
