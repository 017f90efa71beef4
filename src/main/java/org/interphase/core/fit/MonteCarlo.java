package org.interphase.core.fit;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import org.apache.commons.math3.special.Gamma;
import org.interphase.core.Parallel;

/**
 * Monte-Carlo error bars on derived quantities (CasaXPS-style): N seeded noise realisations drawn from the
 * fitted envelope (Poisson for Poisson-weighted fits, else Gaussian with the residual scatter) are refitted from
 * the best parameters, a passive background recomputed from each realisation when a background function is
 * given; the standard deviation of the derived quantities over the refits is the uncertainty. Realisation i
 * draws from a stream keyed by (seed, the data, i): results do not depend on the thread count and are
 * reproducible, yet two spectra fitted with the same seed (every pixel of a map, every file of a batch, the
 * default seed) do not reuse the same noise patterns, so the errors of their Monte-Carlo standard deviations
 * are independent instead of shared.
 */
public final class MonteCarlo {
	private MonteCarlo() {}

	/** Mean, standard deviation and the per-sample values of the derived quantities. */
	public static final class Result {
		public final double[] mean, sd;
		public final double[][] samples;
		public final int nConverged;

		Result(double[] mean, double[] sd, double[][] samples, int nConverged) {
			this.mean = mean;
			this.sd = sd;
			this.samples = samples;
			this.nConverged = nConverged;
		}
	}

	/**
	 * @param best parameters to start each refit from (e.g. {@code fit.parameters(template)})
	 * @param background recomputes a passive baseline from noisy data, or null to keep the options' baseline
	 */
	public static Result run(Model model, Parameters best, FitResult fit, FitOptions opt,
		UnaryOperator<double[]> background, FitValues.Derived derived, int samples, long seed, int threads)
	{
		double[] x = fit.x(), mean = fit.envelope();
		int n = x.length;
		boolean poisson = opt.weighting == FitOptions.Weighting.POISSON;
		double[] sdNoise = new double[n];
		if (!poisson) {
			double[] sw = fit.sqrtWeights();
			double s = Math.sqrt(fit.reducedChiSquare());
			for (int i = 0; i < n; i++) sdNoise[i] = sw[i] > 0 ? s / sw[i] : 0;
		}
		int k = derived.apply(fit).length;
		long stream = streamKey(seed, fit.y());
		double[][] out = new double[samples][];
		boolean[] ok = new boolean[samples];
		Parallel.forRange(samples, threads, (from, to) -> {
			for (int r = from; r < to; r++) {
				SplittableRandom rnd = new SplittableRandom(mix64(stream + GOLDEN * (r + 1)));
				double[] y = new double[n];
				for (int i = 0; i < n; i++)
					y[i] = poisson ? poisson(rnd, Math.max(mean[i], 0)) : mean[i] + sdNoise[i] * gaussian(rnd);
				FitOptions o = opt.copy();
				if (background != null) o.baseline(background.apply(y));
				FitResult f = Fitter.fit(model, best, x, y, o);
				ok[r] = f.converged();
				out[r] = derived.apply(f);
			}
		});
		double[] m = new double[k], sd = new double[k];
		int nc = 0;
		for (int r = 0; r < samples; r++) {
			if (!ok[r]) continue;
			nc++;
			for (int q = 0; q < k; q++) m[q] += out[r][q];
		}
		for (int q = 0; q < k; q++) m[q] /= Math.max(nc, 1);
		for (int r = 0; r < samples; r++) {
			if (!ok[r]) continue;
			for (int q = 0; q < k; q++) sd[q] += (out[r][q] - m[q]) * (out[r][q] - m[q]);
		}
		for (int q = 0; q < k; q++) sd[q] = nc > 1 ? Math.sqrt(sd[q] / (nc - 1)) : Double.NaN;
		return new Result(m, sd, out, nc);
	}

	private static final long GOLDEN = 0x9E3779B97F4A7C15L;

	/** The key of a run's replica streams: the user's seed mixed with the bits of the data. */
	static long streamKey(long seed, double[] y) {
		long h = mix64(seed);
		for (double v : y) h = mix64(h ^ Double.doubleToLongBits(v));
		return h;
	}

	/** Stafford's variant 13 of the MurmurHash3 finaliser (as SplittableRandom uses). */
	static long mix64(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	static double gaussian(SplittableRandom rnd) {
		double u, v, s;
		do {
			u = 2 * rnd.nextDouble() - 1;
			v = 2 * rnd.nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		return u * Math.sqrt(-2 * Math.log(s) / s);
	}

	/** Exact Poisson deviate: multiplication method below 10, Hörmann's PTRS (1993) above. */
	public static double poisson(SplittableRandom rnd, double mu) {
		if (mu <= 0) return 0;
		if (mu < 10) {
			double l = Math.exp(-mu), p = 1;
			int k = -1;
			do {
				k++;
				p *= rnd.nextDouble();
			}
			while (p > l);
			return k;
		}
		double smu = Math.sqrt(mu), b = 0.931 + 2.53 * smu, a = -0.059 + 0.02483 * b;
		double invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2), lmu = Math.log(mu);
		while (true) {
			double u = rnd.nextDouble() - 0.5, v = rnd.nextDouble(), us = 0.5 - Math.abs(u);
			double k = Math.floor((2 * a / us + b) * u + mu + 0.43);
			if (us >= 0.07 && v <= vr) return k;
			if (k < 0 || (us < 0.013 && v > us)) continue;
			if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mu + k * lmu - Gamma.logGamma(k + 1))
				return k;
		}
	}
}
