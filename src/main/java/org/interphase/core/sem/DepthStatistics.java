package org.interphase.core.sem;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The distribution of depths along an interface: mean, median, sd, 5th and 95th percentiles (linear
 * interpolation between order statistics, Hyndman-Fan type 7) and maximum, each with a one-sigma uncertainty.
 * The mean's uncertainty is sd / sqrt(n_eff), with n_eff reduced for the lag-1 autocorrelation of neighbouring
 * profiles; median and percentiles use a seeded bootstrap.
 */
public final class DepthStatistics {
	public final int n;
	public final double mean, median, sd, p05, p95, max;
	public final double meanSd, medianSd, sdSd, p05Sd, p95Sd;
	public final double nEff;

	private DepthStatistics(double[] v, boolean ordered, long seed, int boot) {
		n = v.length;
		double s = 0;
		for (double d : v) s += d;
		mean = n > 0 ? s / n : Double.NaN;
		double q = 0;
		for (double d : v) q += (d - mean) * (d - mean);
		sd = n > 1 ? Math.sqrt(q / (n - 1)) : 0;
		double rho = 0;
		if (ordered && n > 3 && q > 0) {
			double c = 0;
			for (int i = 1; i < n; i++) c += (v[i] - mean) * (v[i - 1] - mean);
			rho = Math.max(0, Math.min(0.95, c / q));
		}
		nEff = n * (1 - rho) / (1 + rho);
		meanSd = n > 1 ? sd / Math.sqrt(Math.max(1, nEff)) : Double.NaN;
		sdSd = n > 2 ? sd / Math.sqrt(2 * Math.max(1, nEff - 1)) : Double.NaN;
		double[] sorted = v.clone();
		Arrays.sort(sorted);
		median = quantile(sorted, 0.5);
		p05 = quantile(sorted, 0.05);
		p95 = quantile(sorted, 0.95);
		max = n > 0 ? sorted[n - 1] : Double.NaN;
		if (n > 2 && boot > 0) {
			SplittableRandom r = new SplittableRandom(seed);
			double[] bm = new double[boot], b5 = new double[boot], b95 = new double[boot];
			double[] tmp = new double[n];
			// inflate by n / n_eff: neighbouring profiles are not independent
			double inflate = Math.sqrt(n / Math.max(1, nEff));
			for (int b = 0; b < boot; b++) {
				for (int i = 0; i < n; i++) tmp[i] = v[r.nextInt(n)];
				Arrays.sort(tmp);
				bm[b] = quantile(tmp, 0.5);
				b5[b] = quantile(tmp, 0.05);
				b95[b] = quantile(tmp, 0.95);
			}
			medianSd = sdOf(bm) * inflate;
			p05Sd = sdOf(b5) * inflate;
			p95Sd = sdOf(b95) * inflate;
		}
		else {
			medianSd = p05Sd = p95Sd = Double.NaN;
		}
	}

	/**
	 * @param v depths in the order of the profiles along the interface (for the autocorrelation) or pooled
	 * @param ordered whether v is ordered along one interface
	 */
	public static DepthStatistics of(double[] v, boolean ordered, long seed) {
		return new DepthStatistics(v, ordered, seed, 200);
	}

	/** Type-7 quantile of sorted values. */
	public static double quantile(double[] sorted, double p) {
		int n = sorted.length;
		if (n == 0) return Double.NaN;
		double h = (n - 1) * p;
		int lo = (int) Math.floor(h);
		int hi = Math.min(n - 1, lo + 1);
		return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
	}

	static double sdOf(double[] v) {
		double m = 0;
		for (double d : v) m += d;
		m /= v.length;
		double q = 0;
		for (double d : v) q += (d - m) * (d - m);
		return Math.sqrt(q / Math.max(1, v.length - 1));
	}

	/** Median of values (copy sorted). */
	public static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return quantile(s, 0.5);
	}
}
