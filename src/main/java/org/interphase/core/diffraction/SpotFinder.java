package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.Parallel;
import org.interphase.core.Selection;

/**
 * Spots are local maxima (5 x 5) of the pattern minus its diffuse background b(r) (3 x 3 smoothed), more than
 * {@code nSigma} robust noise units above it, each refined by a 2D Gaussian fit on a 9 x 9 window of the
 * unsmoothed residual.
 */
public final class SpotFinder {
	private SpotFinder() {}

	/** Least expected level per px (counts) for the noise of an image of integer counts. */
	static final double COUNT_LEVEL_FLOOR = 0.1;

	public static List<Spot> find(double[] img, int w, int h, boolean[] mask, PatternGeometry g, double[] background,
		double dr, double rLo, double rHi, double nSigma, int maxSpots, int threads)
	{
		return find(img, w, h, mask, g, background, dr, rLo, rHi, nSigma, maxSpots, threads, null);
	}

	/** As above; maxima within +-2.5 widths of a uniform ring (given as {radius, width} pairs) are not spots. */
	public static List<Spot> find(double[] img, int w, int h, boolean[] mask, PatternGeometry g, double[] background,
		double dr, double rLo, double rHi, double nSigma, int maxSpots, int threads, List<double[]> rings)
	{
		int n = w * h;
		double[] res = new double[n];
		double[] bg = new double[n];
		boolean[] in = new boolean[n];
		// pixel by pixel, rows in parallel (each pixel computed alone: the same at any thread count)
		Parallel.forRange(h, threads, (y0, y1) -> subtractBackground(img, w, y0, y1, mask, g, background, dr, rLo, rHi, res,
			bg, in));
		double[] sm = new double[n];
		Parallel.forRange(h, threads, (y0, y1) -> smooth3x3(res, w, h, y0, y1, sm));
		// robust noise of sm / sqrt(b)
		boolean poisson = SaedPipeline.sparseCounts(img);
		if (poisson) sparseLevel(img, w, h, mask, g, background.length, dr, bg);
		double[] z = new double[n];
		// z of the annulus' pixels in pixel order (computed in place by rows, then packed)
		Parallel.forRange(h, threads, (y0, y1) -> {
			for (int i = y0 * w; i < y1 * w; i++) if (in[i]) z[i] = (poisson ? sm[i] : Math.abs(sm[i])) / Math.sqrt(Math.max(
				bg[i], 1e-9));
		});
		int m = 0;
		for (int i = 0; i < n; i++) if (in[i]) z[m++] = z[i];
		if (m < 50) return new ArrayList<>();
		double scale = noiseScale(z, m, poisson, threads);
		// maxima by bands of rows, joined in row order
		int bands = Math.max(1, Math.min(h, 4 * threads));
		List<List<int[]>> parts = new ArrayList<>();
		for (int b = 0; b < bands; b++) parts.add(null);
		Parallel.forRange(bands, threads, bands, (b0, b1) -> {
			for (int b = b0; b < b1; b++) parts.set(b, localMaxima(img, w, h, (int) ((long) h * b / bands), (int) ((long) h *
				(b + 1) / bands), g, sm, bg, in, scale, nSigma, poisson, rings));
		});
		List<int[]> cand = new ArrayList<>();
		for (List<int[]> part : parts) cand.addAll(part);
		cand.sort((a, b) -> Double.compare(sm[b[1] * w + b[0]], sm[a[1] * w + a[0]]));
		if (cand.size() > maxSpots) cand = new ArrayList<>(cand.subList(0, maxSpots));
		return fitDistinctSpots(img, res, w, h, mask, cand, threads);
	}

	/** Residual above the interpolated radial background b(r) (res), b itself (bg) and the analysed annulus (in). */
	private static void subtractBackground(double[] img, int w, int y0, int y1, boolean[] mask, PatternGeometry g,
		double[] background, double dr, double rLo, double rHi, double[] res, double[] bg, boolean[] in)
	{
		for (int y = y0; y < y1; y++) for (int x = 0; x < w; x++) {
			int i = y * w + x;
			if (mask != null && mask[i]) continue;
			double r = g.radius(x, y);
			if (r < rLo - 6 || r > rHi + 6) continue;
			double fb = r / dr - 0.5;
			int b = (int) Math.floor(fb);
			double t = fb - b;
			double bv = b < 0 ? background[0] : b + 1 >= background.length ? background[background.length - 1] : (1 - t) *
				background[b] + t * background[b + 1];
			bg[i] = bv;
			res[i] = img[i] - bv;
			in[i] = r >= rLo && r <= rHi;
		}
	}

	/** 3 x 3 box mean of the residual (zero on the border), rows [y0, y1) into sm. */
	private static void smooth3x3(double[] res, int w, int h, int y0, int y1, double[] sm) {
		for (int y = Math.max(1, y0); y < Math.min(h - 1, y1); y++) for (int x = 1; x < w - 1; x++) {
			int i = y * w + x;
			double s = 0;
			for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) s += res[i + dy * w + dx];
			sm[i] = s / 9;
		}
	}

	/** Noise scale of the smoothed residual over sqrt(b): the median |z| / 0.6745, or a clipped RMS for sparse counts. */
	private static double noiseScale(double[] z, int m, boolean poisson, int threads) {
		double scale;
		if (poisson) {
			// the median |z| is 0 where most 3 x 3 windows hold no count: the clipped RMS instead
			scale = Double.MAX_VALUE;
			for (int it = 0; it < 4; it++) {
				double s2 = 0;
				int k = 0;
				for (int j = 0; j < m; j++) if (Math.abs(z[j]) < 5 * scale) {
					s2 += z[j] * z[j];
					k++;
				}
				scale = k > 0 ? Math.max(1e-12, Math.sqrt(s2 / k)) : 1e-12;
			}
		}
		else {
			// the median by selection (sorting the 4 M values of a 2048 px pattern was a sixth of its analysis)
			scale = Math.max(1e-12, kth(z, m, m / 2, threads) / 0.6745);
		}
		return scale;
	}

	/**
	 * The k-th smallest of z[0..m), the same value as {@link Selection#kth}: the values between two quantiles of a
	 * sample are counted (pieces in parallel; counts do not depend on the order) and only those are selected among
	 * (the selection over the ~3 M values of a 2048 px pattern was a seventh of the analysis on one thread).
	 */
	static double kth(double[] z, int m, int k, int threads) {
		int step = m / 20000;
		if (step < 4) return Selection.kth(z, m, k);
		int ns = m / step;
		double[] smp = new double[ns];
		for (int j = 0; j < ns; j++) smp[j] = z[j * step];
		java.util.Arrays.sort(smp);
		int at = (int) ((double) k / m * ns);
		// +-500 sample ranks: about 7 sigma of the rank's sampling noise at the median
		double lo = smp[Math.max(0, at - 500)], hi = smp[Math.min(ns - 1, at + 500)];
		int pieces = 16;
		int[] below = new int[pieces], inside = new int[pieces];
		Parallel.forRange(pieces, threads, pieces, (p0, p1) -> {
			for (int q = p0; q < p1; q++) {
				int nb = 0, ni = 0;
				for (int j = (int) ((long) m * q / pieces), e = (int) ((long) m * (q + 1) / pieces); j < e; j++) {
					double v = z[j];
					if (v < lo) nb++;
					else if (v <= hi) ni++;
				}
				below[q] = nb;
				inside[q] = ni;
			}
		});
		int nb = 0, ni = 0;
		int[] off = new int[pieces];
		for (int q = 0; q < pieces; q++) {
			nb += below[q];
			off[q] = ni;
			ni += inside[q];
		}
		// not bracketed (or NaN among the values): the plain selection
		if (k < nb || k >= nb + ni || !(lo <= hi)) return Selection.kth(z, m, k);
		double[] mid = new double[ni];
		Parallel.forRange(pieces, threads, pieces, (p0, p1) -> {
			for (int q = p0; q < p1; q++) {
				int o = off[q];
				for (int j = (int) ((long) m * q / pieces), e = (int) ((long) m * (q + 1) / pieces); j < e; j++) {
					double v = z[j];
					if (v >= lo && v <= hi) mid[o++] = v;
				}
			}
		});
		return Selection.kth(mid, ni, k - nb);
	}

	/**
	 * Local maxima of the smoothed residual above nSigma (5 x 5 neighbourhood, 5 px clear of the border, not on a
	 * uniform ring) in rows [y0, y1).
	 */
	private static List<int[]> localMaxima(double[] img, int w, int h, int y0, int y1, PatternGeometry g, double[] sm,
		double[] bg, boolean[] in, double scale, double nSigma, boolean poisson, List<double[]> rings)
	{
		// sparse counts (most pixels 0-2): Poisson tails are far heavier than the Gaussian noise scale says (a 3 x 3 sum of
		// 9 counts at 0.2 counts per px passes 6 "sigma" about once per 10^4 px); a maximum must also be a 1e-7 upper
		// tail of the Poisson law at its radius' mean level
		List<int[]> cand = new ArrayList<>();
		// a spot cut by the image border would be fitted off-centre: keep 5 px clear
		for (int y = Math.max(5, y0); y < Math.min(h - 5, y1); y++) for (int x = 5; x < w - 5; x++) {
			int i = y * w + x;
			if (!in[i]) continue;
			double v = sm[i];
			if (v < nSigma * scale * Math.sqrt(Math.max(bg[i], 1e-9))) continue;
			if (poisson) {
				double sum = 0;
				for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) sum += img[i + dy * w + dx];
				if (sum < poissonMinimum(9 * bg[i], POISSON_TAIL)) continue;
			}
			boolean max = true;
			for (int dy = -2; dy <= 2 && max; dy++) for (int dx = -2; dx <= 2; dx++) {
				if (dx == 0 && dy == 0) continue;
				double u = sm[i + dy * w + dx];
				if (u > v || (u == v && (dy < 0 || (dy == 0 && dx < 0)))) {
					max = false;
					break;
				}
			}
			if (max && rings != null) {
				double r = g.radius(x, y);
				for (double[] ring : rings) if (Math.abs(r - ring[0]) < 2.5 * ring[1] + 1) {
					max = false;
					break;
				}
			}
			if (max) cand.add(new int[] { x, y });
		}
		return cand;
	}

	/** Fits each candidate (in parallel) and drops fits that land on an earlier, stronger spot. */
	private static List<Spot> fitDistinctSpots(double[] img, double[] res, int w, int h, boolean[] mask,
		List<int[]> cand, int threads)
	{
		Spot[] out = new Spot[cand.size()];
		final List<int[]> cands = cand;
		Parallel.forRange(cands.size(), threads, (from, to) -> {
			for (int c = from; c < to; c++) out[c] = fit(img, res, w, h, mask, cands.get(c)[0], cands.get(c)[1]);
		});
		List<Spot> spots = new ArrayList<>();
		for (Spot s : out) {
			if (s == null) continue;
			boolean dup = false;
			for (Spot t : spots) if (Math.hypot(s.x - t.x, s.y - t.y) < Math.max(2, 1.5 * Math.min(s.width, t.width))) {
				dup = true;
				break;
			}
			if (!dup) spots.add(s);
		}
		return spots;
	}

	/**
	 * Sparse counts ({@link SaedPipeline#sparseCounts}): the noise level of a pixel is its expected count, the azimuthal
	 * mean at its radius (at least {@link #COUNT_LEVEL_FLOOR}), not b(r), the azimuthal median: where most pixels hold
	 * 0 counts the median is 0, and every single count became a "spot" (140-190 of them on sparse stress patterns).
	 */
	static void sparseLevel(double[] img, int w, int h, boolean[] mask, PatternGeometry g, int nb, double dr,
		double[] level)
	{
		double[] ms = new double[nb], mc = new double[nb];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			int i = y * w + x;
			if (mask != null && mask[i]) continue;
			int b = (int) (g.radius(x, y) / dr);
			if (b < 0 || b >= nb) continue;
			ms[b] += img[i];
			mc[b]++;
		}
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			int i = y * w + x;
			if (mask != null && mask[i]) continue;
			int b = Math.min(nb - 1, (int) (g.radius(x, y) / dr));
			double mean = mc[b] > 0 ? ms[b] / mc[b] : 0;
			level[i] = Math.max(COUNT_LEVEL_FLOOR, Math.max(level[i], mean));
		}
	}

	/** Upper-tail probability of a 3 x 3 count sum accepted as a spot in sparse counts (about 6 sigma one-sided). */
	static final double POISSON_TAIL = 1e-7;

	/** Smallest k with P(X >= k) < tail for X ~ Poisson(mu). */
	static double poissonMinimum(double mu, double tail) {
		if (mu > 200) return mu + 6 * Math.sqrt(mu);
		double pmf = Math.exp(-mu), cdf = pmf;
		int k = 0;
		while (1 - cdf >= tail && k < 10000) {
			k++;
			pmf *= mu / k;
			cdf += pmf;
		}
		return k + 1;
	}

	static Spot fit(double[] img, double[] res, int w, int h, boolean[] mask, int xi, int yi) {
		Spot s = fit(img, res, w, h, mask, xi, yi, 4, 4);
		// broad spots (large convergence angle, thick or bent crystals): a wider window
		if (s == null || !s.converged || s.width > 3) {
			Spot b = fit(img, res, w, h, mask, xi, yi, 12, 12);
			if (b != null && b.converged) return b;
		}
		return s;
	}

	static Spot fit(double[] img, double[] res, int w, int h, boolean[] mask, int xi, int yi, int hw, double maxWidth) {
		List<double[]> pts = new ArrayList<>();
		for (int y = Math.max(0, yi - hw); y <= Math.min(h - 1, yi + hw); y++) for (int x = Math.max(0, xi - hw); x <= Math
			.min(w - 1, xi + hw); x++) {
			int i = y * w + x;
			if (mask != null && mask[i]) continue;
			pts.add(new double[] { x, y, res[i] });
		}
		if (pts.size() < 12) return null;
		double[] xs = new double[pts.size()], ys = new double[pts.size()], v = new double[pts.size()];
		for (int k = 0; k < xs.length; k++) {
			xs[k] = pts.get(k)[0];
			ys[k] = pts.get(k)[1];
			v[k] = pts.get(k)[2];
		}
		double a0 = res[yi * w + xi];
		PeakFit.Result f = PeakFit.gaussian2d(xs, ys, v, new double[] { a0, xi, yi, hw > 4 ? 4 : 1.3, 0 });
		double s = Math.abs(f.p[3]);
		double shift = hw > 4 ? 6 : 2;
		boolean ok = f.converged && f.p[0] > 0 && Math.abs(f.p[1] - xi) < shift && Math.abs(f.p[2] - yi) < shift &&
			s > 0.4 && s < maxWidth;
		if (!ok) {
			// centroid fallback
			double sw = 0, sx = 0, sy = 0;
			for (int k = 0; k < xs.length; k++) if (Math.abs(xs[k] - xi) <= 1 && Math.abs(ys[k] - yi) <= 1 && v[k] > 0) {
				sw += v[k];
				sx += v[k] * xs[k];
				sy += v[k] * ys[k];
			}
			if (sw <= 0) return null;
			return new Spot(sx / sw, sy / sw, 0.3, 0.3, 1.3, sw, false);
		}
		double sx = Double.isFinite(f.sigma[1]) ? f.sigma[1] : 0.3, sy = Double.isFinite(f.sigma[2]) ? f.sigma[2] : 0.3;
		return new Spot(f.p[1], f.p[2], sx, sy, s, 2 * Math.PI * f.p[0] * s * s, true);
	}
}
