package org.interphase.report;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The difference of a sample from its reference with a two-sided confidence interval, by a method that fits how
 * the numbers were made. The independent unit is the file (image, spectrum, line scan): profiles within one image
 * share its preparation, focus and threshold, so they are not independent repeats.
 * <ul>
 * <li>{@link #welch}: both have at least 2 files: Welch's t interval on the per-file values (for SEM/HRTEM the
 * mean of the image's profiles); it covers within-image and image-to-image spread as they occurred.</li>
 * <li>{@link #bootstrap}: both have at least {@value #BOOTSTRAP_MIN} files: percentile bootstrap over files
 * (resampling whole images, rescaled by sqrt(n/(n-1))), no normality assumed.</li>
 * <li>{@link #weighted}: fewer files: error-weighted mean of each side from the stored uncertainties (Birge-inflated
 * by sqrt(chi2/dof) when the files scatter more than their uncertainties say), normal interval; image-to-image
 * spread is then unknown beyond that scatter.</li>
 * </ul>
 */
final class DifferenceCi {
	static final int BOOTSTRAP_MIN = 30, RESAMPLES = 4000;

	final double difference, low, high;
	final String method;

	DifferenceCi(double difference, double low, double high, String method) {
		this.difference = difference;
		this.low = low;
		this.high = high;
		this.method = method;
	}

	/** The method by the number of files: bootstrap, Welch or error-weighted. */
	static DifferenceCi of(double[] sample, double[] sampleSigma, double[] ref, double[] refSigma, double level,
		long seed)
	{
		if (sample.length >= BOOTSTRAP_MIN && ref.length >= BOOTSTRAP_MIN) return bootstrap(sample, ref, level, seed);
		if (sample.length >= 2 && ref.length >= 2) return welch(sample, ref, level);
		return weighted(sample, sampleSigma, ref, refSigma, level);
	}

	static DifferenceCi welch(double[] a, double[] b, double level) {
		double ma = mean(a), mb = mean(b), va = var(a, ma) / a.length, vb = var(b, mb) / b.length;
		double se = Math.sqrt(va + vb);
		double dof = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
		double t = dof > 0 && Double.isFinite(dof) ? new TDistribution(dof).inverseCumulativeProbability(0.5 + level / 2)
			: Double.NaN;
		double d = ma - mb;
		if (se == 0) return new DifferenceCi(d, d, d, "Welch t over files");
		return new DifferenceCi(d, d - t * se, d + t * se, "Welch t over files");
	}

	static DifferenceCi bootstrap(double[] a, double[] b, double level, long seed) {
		SplittableRandom rnd = new SplittableRandom(seed);
		double[] diffs = new double[RESAMPLES];
		double ma = mean(a), mb = mean(b), ka = Math.sqrt(a.length / (a.length - 1.0)), kb = Math.sqrt(b.length / (b
			.length - 1.0));
		for (int k = 0; k < RESAMPLES; k++) {
			double sa = 0, sb = 0;
			for (int i = 0; i < a.length; i++) sa += a[rnd.nextInt(a.length)];
			for (int i = 0; i < b.length; i++) sb += b[rnd.nextInt(b.length)];
			// rescaled by sqrt(n/(n-1)) so the resampled means have the unbiased variance s^2/n (the plain
			// percentile bootstrap is too narrow by that factor and covered 86 % instead of 90 % at 20 images)
			diffs[k] = ma + ka * (sa / a.length - ma) - mb - kb * (sb / b.length - mb);
		}
		Arrays.sort(diffs);
		double lo = PaperChart.Box.quantile(diffs, 0.5 - level / 2), hi = PaperChart.Box.quantile(diffs, 0.5 + level / 2);
		return new DifferenceCi(mean(a) - mean(b), lo, hi, "bootstrap over files (percentile, variance-rescaled, " +
			RESAMPLES + " resamples)");
	}

	static DifferenceCi weighted(double[] a, double[] sa, double[] b, double[] sb, double level) {
		for (double[] s : new double[][] { sa, sb }) for (double x : s) if (!(x > 0) || !Double.isFinite(x))
			return new DifferenceCi(mean(a) - mean(b), Double.NaN, Double.NaN, "none: fewer than 2 files and no stored " +
				"uncertainty");
		double[] wa = weightedMean(a, sa), wb = weightedMean(b, sb);
		double d = wa[0] - wb[0], se = Math.sqrt(wa[1] * wa[1] + wb[1] * wb[1]);
		double z = new NormalDistribution().inverseCumulativeProbability(0.5 + level / 2);
		return new DifferenceCi(d, d - z * se, d + z * se, "error-weighted mean of the stored uncertainties");
	}

	/** {mean, sigma}: inverse-variance weighted, sigma inflated by sqrt(chi2/dof) where that exceeds 1. */
	static double[] weightedMean(double[] v, double[] s) {
		double sw = 0, swx = 0;
		for (int i = 0; i < v.length; i++) {
			double w = 1 / (s[i] * s[i]);
			sw += w;
			swx += w * v[i];
		}
		double m = swx / sw, chi2 = 0;
		for (int i = 0; i < v.length; i++) chi2 += (v[i] - m) * (v[i] - m) / (s[i] * s[i]);
		double birge = v.length > 1 ? Math.max(1, Math.sqrt(chi2 / (v.length - 1))) : 1;
		return new double[] { m, birge / Math.sqrt(sw) };
	}

	static double mean(double[] v) {
		double s = 0;
		for (double x : v) s += x;
		return s / v.length;
	}

	static double var(double[] v, double m) {
		double s = 0;
		for (double x : v) s += (x - m) * (x - m);
		return v.length > 1 ? s / (v.length - 1) : Double.NaN;
	}
}
