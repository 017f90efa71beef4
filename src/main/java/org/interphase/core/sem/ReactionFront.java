package org.interphase.core.sem;

import org.interphase.core.fit.CompactFitter;
import org.interphase.core.fit.ErfStep;

/**
 * Locates the reaction front on a normal profile as the 50 % point of a fitted graded step ({@link StepModel}),
 * the averaged interface position of ISO 20263. First the best two-plateau split of the profile (the change point
 * that explains most variance with a dark-to-bright step, found in O(n) with prefix sums) gives the start values
 * and the step's significance; then a Levenberg-Marquardt fit of the erf step (the engine's {@link CompactFitter}
 * of {@link ErfStep}) in a window around it gives the 50 % point, the width and their standard errors from the covariance.
 */
public final class ReactionFront {
	private ReactionFront() {}

	/**
	 * @param p profile, p[k] at distance k px from the surface
	 * @param n number of valid samples
	 * @param start first sample used (skips the blur of the surface edge)
	 */
	public static FrontFit fit(float[] p, int n, int start) {
		return fit(p, n, start, false, 0);
	}

	/**
	 * As {@link #fit(float[], int, int)}, among the splits whose relative contrast is at least minContrast (a
	 * layer, not the slow texture or drift of the bulk, which can explain more variance on long profiles), for a
	 * layer darker ({@code brighter} false) or brighter than the bulk: a
	 * bright layer is fitted on the negated profile, and its plateaus are turned back.
	 */
	public static FrontFit fit(float[] p, int n, int start, boolean brighter, double minContrast) {
		if (!brighter) return fitRising(p, n, start, minContrast);
		float[] q = new float[n];
		for (int k = 0; k < n; k++) q[k] = -p[k];
		FrontFit f = fitRising(q, n, start, minContrast);
		if (f == FrontFit.NONE) return f;
		FrontFit b = new FrontFit(f.depth, f.depthSd, f.sigma, -f.layer, -f.bulk, f.t, f.noise, f.converged);
		return b.split(-f.splitLayer, -f.splitBulk);
	}

	/**
	 * Significance t of the best two-plateau split of p[start..n) into a lower then a higher level (dark-to-bright
	 * when {@code sign} is +1, bright-to-dark when -1), its position (px from the surface, NaN when none) and the
	 * relative contrast |bulk - layer| / |bulk|, among the splits of at least minContrast; then the contrast and t of
	 * the best split without that condition: {t, depth, contrast, freeContrast, freeT}. O(n) with prefix sums.
	 */
	public static double[] split(float[] p, int n, int start, int sign, double minContrast) {
		int len = n - start;
		double[] out = { 0, Double.NaN, 0, 0, 0 };
		if (len < 12) return out;
		double s1 = 0, s2 = 0;
		for (int i = 0; i < len; i++) {
			double v = p[start + i];
			s1 += v;
			s2 += v * v;
		}
		double best = 0, free = 0, cs = 0;
		int bm = -1, fm = -1;
		double bml = 0, bmr = 0, fml = 0, fmr = 0;
		double[] pre = new double[len + 1];
		for (int i = 0; i < len; i++) pre[i + 1] = pre[i] + p[start + i];
		for (int m = 1; m <= len - 2; m++) {
			cs += p[start + m - 1];
			if (m < 2) continue;
			double ml = cs / m, mr = (s1 - cs) / (len - m);
			if (sign * (mr - ml) <= 0) continue;
			double gain = (double) m * (len - m) / len * (mr - ml) * (mr - ml);
			if (gain > free) {
				free = gain;
				fm = m;
				fml = ml;
				fmr = mr;
			}
			if (Math.abs(mr - ml) < minContrast * Math.abs(mr) || !localStep(pre, len, m, mr, minContrast)) continue;
			if (gain > best) {
				best = gain;
				bm = m;
				bml = ml;
				bmr = mr;
			}
		}
		double var = s2 - s1 * s1 / len;
		if (fm > 0) {
			double s = Math.sqrt(Math.max(1e-30, (var - free) / Math.max(1, len - 2)));
			out[3] = fmr != 0 ? Math.abs(fmr - fml) / Math.abs(fmr) : 0;
			out[4] = Math.abs(fmr - fml) / (s * Math.sqrt(1.0 / fm + 1.0 / (len - fm)));
		}
		if (bm < 0) return out;
		double s = Math.sqrt(Math.max(1e-30, (var - best) / Math.max(1, len - 2)));
		out[0] = Math.abs(bmr - bml) / (s * Math.sqrt(1.0 / bm + 1.0 / (len - bm)));
		out[1] = start + bm - 0.5;
		out[2] = bmr != 0 ? Math.abs(bmr - bml) / Math.abs(bmr) : 0;
		return out;
	}

	/**
	 * The split at m is a step where it is, not the two halves of a slow drift: across the split, the means of the
	 * W = min(m, 40) px before and after it still differ by half the minimum contrast (a drift of 15 % over 1500 px
	 * gives 0.4 % there). Prefix sums pre[i] of the profile from its first used sample.
	 */
	static boolean localStep(double[] pre, int len, int m, double level, double minContrast) {
		if (minContrast <= 0) return true;
		int w = Math.min(m, 40), b = Math.min(len, m + w);
		double before = (pre[m] - pre[m - w]) / w, after = (pre[b] - pre[m]) / (b - m);
		return Math.abs(after - before) >= 0.5 * minContrast * Math.abs(level);
	}

	private static FrontFit fitRising(float[] p, int n, int start, double minContrast) {
		int len = n - start;
		if (len < 12) return FrontFit.NONE;
		double[] cs = new double[len + 1], cq = new double[len + 1];
		for (int i = 0; i < len; i++) {
			double v = p[start + i];
			cs[i + 1] = cs[i] + v;
			cq[i + 1] = cq[i] + v * v;
		}
		int minSeg = 2;
		double best = 0;
		int bm = -1;
		for (int m = minSeg; m <= len - minSeg; m++) {
			double ml = cs[m] / m, mr = (cs[len] - cs[m]) / (len - m);
			if (mr <= ml || mr - ml < minContrast * Math.abs(mr) || !localStep(cs, len, m, mr, minContrast)) continue;
			double gain = (double) m * (len - m) / len * (mr - ml) * (mr - ml);
			if (gain > best) {
				best = gain;
				bm = m;
			}
		}
		if (bm < 0) return FrontFit.NONE;
		double ml = cs[bm] / bm, mr = (cs[len] - cs[bm]) / (len - bm);
		double sse = cq[len] - cs[len] * cs[len] / len - best;
		double s = Math.sqrt(Math.max(1e-30, sse / Math.max(1, len - 2)));
		double t = (mr - ml) / (s * Math.sqrt(1.0 / bm + 1.0 / (len - bm)));
		double d0 = start + bm - 0.5;
		// fit window around the split; widened once when the fitted front turns out broad
		double s0 = widthGuess(p, n, start, (int) Math.round(d0), ml, mr);
		int hw = (int) Math.max(12, Math.min(200, 4 * s0 + 10));
		CompactFitter fitter = new CompactFitter(ErfStep.MODEL).stepTolerance(ErfStep.CENTER, 1e-3)
			.stepTolerance(ErfStep.WIDTH, 1e-3);
		double[] xs = new double[2 * 200 + 2], ys = new double[xs.length];
		double[] q = { ml, mr, d0, s0 };
		int lo = 0, hi = 0;
		for (int pass = 0; pass < 2; pass++) {
			lo = Math.max(start, (int) q[ErfStep.CENTER] - hw);
			hi = Math.min(n, (int) q[ErfStep.CENTER] + hw);
			int m = hi - lo;
			if (m < 8) return new FrontFit(d0, Double.NaN, Double.NaN, ml, mr, t, s, false).split(ml, mr);
			for (int i = 0; i < m; i++) {
				xs[i] = lo + i;
				ys[i] = p[lo + i];
			}
			fitter.bounds(ErfStep.CENTER, lo, hi - 1).bounds(ErfStep.WIDTH, 0.3, Math.max(2, hw));
			fitter.fit(xs, ys, m, q);
			q = fitter.values();
			if (!(q[ErfStep.HIGH] > q[ErfStep.LOW]) || pass == 1 || 4 * q[ErfStep.WIDTH] + 6 <= hw || hw >= 200) break;
			q[ErfStep.LOW] = ml;
			q[ErfStep.HIGH] = mr;
			hw = (int) Math.min(200, 4 * q[ErfStep.WIDTH] + 10);
		}
		double d = q[ErfStep.CENTER];
		if (!(q[ErfStep.HIGH] > q[ErfStep.LOW]) || d <= lo || d >= hi - 1 || !Double.isFinite(d)) return new FrontFit(
			d0, Double.NaN, Double.NaN, ml, mr, t, s, false).split(ml, mr);
		return new FrontFit(d, fitter.stderr(ErfStep.CENTER), q[ErfStep.WIDTH], q[ErfStep.LOW], q[ErfStep.HIGH], t,
			Math.sqrt(fitter.reducedChiSquare()), fitter.converged()).split(ml, mr);
	}

	/** Start value of the gaussian width: the 25-75 % rise distance of a 5-point running mean around d0, / 1.349. */
	static double widthGuess(float[] p, int n, int start, int d0, double a, double b) {
		double q25 = a + 0.25 * (b - a), q75 = a + 0.75 * (b - a);
		int lo = d0, hi = d0;
		while (lo > start + 2 && mean5(p, lo, start, n) > q25 && d0 - lo < 300) lo--;
		while (hi < n - 3 && mean5(p, hi, start, n) < q75 && hi - d0 < 300) hi++;
		return Math.max(0.5, Math.min(60, (hi - lo) / 1.349));
	}

	private static double mean5(float[] p, int i, int start, int n) {
		double s = 0;
		int m = 0;
		for (int k = Math.max(start, i - 2); k <= Math.min(n - 1, i + 2); k++) {
			s += p[k];
			m++;
		}
		return s / m;
	}
}
