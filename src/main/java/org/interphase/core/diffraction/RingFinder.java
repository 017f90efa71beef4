package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;

/**
 * Rings are peaks of the Bragg part of the radial profile, I(r) - b(r), more than {@code nSigma} above the noise,
 * each refined by a Gaussian-on-linear-background fit; their azimuthal uniformity comes from the polar transform
 * (coefficient of variation of the ring's excess intensity over 24 sectors).
 */
public final class RingFinder {
	private RingFinder() {}

	/**
	 * @param profile mean intensity per radial bin (corrected px, bin width dr)
	 * @param background diffuse background b(r)
	 * @param counts effective pixels per bin (for the Poisson-like noise model)
	 */
	public static List<Ring> find(double[] profile, double[] background, double[] counts, double dr, int from, int to,
		PolarTransform cake, double nSigma)
	{
		return find(profile, background, counts, dr, from, to, cake, nSigma, 1);
	}

	/** As above, the maxima fitted in parallel (each alone, kept in radius order: the same rings at any thread count). */
	public static List<Ring> find(double[] profile, double[] background, double[] counts, double dr, int from, int to,
		PolarTransform cake, double nSigma, int threads)
	{
		int n = profile.length;
		double[] res = new double[n];
		double[] sig = new double[n];
		// noise: sqrt(b / pixels), scaled so that it matches the observed scatter of the residual
		double[] ratio = new double[n];
		int m = 0;
		for (int i = Math.max(1, from); i < Math.min(n - 1, to); i++) {
			res[i] = profile[i] - background[i];
			double s = Math.sqrt(Math.max(background[i], 1e-12) / Math.max(counts[i], 1e-9));
			sig[i] = s;
			if (Double.isFinite(profile[i - 1]) && Double.isFinite(profile[i + 1]) && Double.isFinite(profile[i])) {
				double d2 = profile[i - 1] - 2 * profile[i] + profile[i + 1];
				ratio[m++] = Math.abs(d2) / (Math.sqrt(6) * s);
			}
		}
		if (m < 5) return new ArrayList<>();
		double[] sorted = java.util.Arrays.copyOf(ratio, m);
		java.util.Arrays.sort(sorted);
		// the median of |2nd difference| over noise (dominated by noise between the rings)
		double scale = Math.max(1e-6, sorted[m / 2] / 0.6745);
		for (int i = 0; i < n; i++) sig[i] *= scale;
		List<Integer> maxima = new ArrayList<>();
		for (int i = Math.max(2, from + 2); i < Math.min(n - 2, to - 2); i++) {
			if (!Double.isFinite(res[i])) continue;
			double v = res[i];
			if (!(v > res[i - 1] && v >= res[i + 1] && v >= res[i - 2] && v >= res[i + 2])) continue;
			if (v < nSigma * sig[i]) continue;
			maxima.add(i);
		}
		Ring[] found = new Ring[maxima.size()];
		org.interphase.core.Parallel.forRange(found.length, threads, (a, b) -> {
			for (int k = a; k < b; k++) found[k] = fit(res, maxima.get(k), dr, from, to, cake, background);
		});
		List<Ring> rings = new ArrayList<>();
		for (Ring r : found) if (r != null) rings.add(r);
		return rings;
	}

	/** The Gaussian fit of the maximum at bin i of the residual, or null when it is no Bragg ring. */
	private static Ring fit(double[] res, int i, double dr, int from, int to, PolarTransform cake, double[] background) {
		double v = res[i];
		// window: +-4 bins or until the residual drops below a quarter of the peak
		int lo = i, hi = i;
		while (lo > Math.max(from, i - 12) && res[lo - 1] > 0.15 * v) lo--;
		while (hi < Math.min(to - 1, i + 12) && res[hi + 1] > 0.15 * v) hi++;
		lo = Math.max(from, lo - 2);
		hi = Math.min(to - 1, hi + 2);
		int np = hi - lo + 1;
		if (np < 5) return null;
		double[] x = new double[np], y = new double[np];
		for (int k = 0; k < np; k++) {
			x[k] = (lo + k + 0.5) * dr;
			y[k] = res[lo + k];
		}
		double width0 = Math.max(dr, (hi - lo) * dr / 4);
		PeakFit.Result f = PeakFit.gaussian1d(x, y, new double[] { v, (i + 0.5) * dr, width0, 0, 0 });
		double r0 = f.p[1], s = Math.abs(f.p[2]);
		boolean ok = f.converged && r0 > x[0] && r0 < x[np - 1] && s < (hi - lo + 1) * dr && f.p[0] > 0;
		if (!ok) {
			r0 = (i + 0.5) * dr;
			s = width0;
		}
		double sigmaR = ok ? f.sigma[1] : dr / Math.sqrt(12);
		// a maximum whose fitted centre is not determined to within half its own width is no Bragg ring: a broad
		// halo bump (it would count as crystalline) or noise
		if (ok && !(sigmaR < 0.5 * s)) return null;
		double integ = (ok ? f.p[0] : v) * s * Math.sqrt(2 * Math.PI) * 2 * Math.PI * r0;
		double cv = cake == null ? 0 : uniformity(cake, r0, Math.max(s, cake.dr), background, dr);
		return new Ring(r0, sigmaR, s, integ, cv, ok);
	}

	/** Coefficient of variation of the ring excess over 24 azimuthal sectors. */
	static double uniformity(PolarTransform cake, double r0, double s, double[] background, double dr) {
		int sectors = 24;
		double[] sum = new double[sectors];
		int[] cnt = new int[sectors];
		int lo = Math.max(0, (int) Math.floor((r0 - 1.5 * s) / cake.dr)), hi = Math.min(cake.nr - 1, (int) Math.ceil((r0 +
			1.5 * s) / cake.dr));
		for (int ri = lo; ri <= hi; ri++) {
			int bi = Math.min(background.length - 1, (int) (((ri + 0.5) * cake.dr) / dr));
			double b = background[bi];
			for (int p = 0; p < cake.nphi; p++) {
				double v = cake.data[ri * cake.nphi + p];
				if (Double.isNaN(v)) continue;
				int sct = p * sectors / cake.nphi;
				sum[sct] += v - b;
				cnt[sct]++;
			}
		}
		double mean = 0, m2 = 0;
		int k = 0;
		for (int sct = 0; sct < sectors; sct++) if (cnt[sct] > 0) {
			double a = sum[sct] / cnt[sct];
			mean += a;
			m2 += a * a;
			k++;
		}
		if (k < 4) return Double.NaN;
		mean /= k;
		double var = Math.max(0, m2 / k - mean * mean);
		return mean > 0 ? Math.sqrt(var) / mean : Double.POSITIVE_INFINITY;
	}
}
