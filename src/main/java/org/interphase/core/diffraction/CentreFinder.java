package org.interphase.core.diffraction;

import org.interphase.core.Parallel;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Finds the pattern centre from Friedel symmetry, I(c + r) = I(c - r), with or without a beam stop. Coarse: the
 * self-convolution of the (binned, square-rooted, masked) pattern peaks at 2c; it is computed by FFT with a
 * whitened spectrum (phase-correlation-like, sharp for rings and spots). Fine: the mean squared difference
 * between the pattern and its point reflection through a trial centre, over pixels whose mirror is also
 * unmasked, minimised on a grid and by a parabola to sub-pixel precision. Coordinates are array-index
 * coordinates (the centre of pixel (i, j) is (i, j)).
 * <p>
 * Roles: this class finds the centre of one pattern from scratch; {@link CentreTracker} follows a known centre from
 * one frame of a series to the next (Gauss-Newton on the same residual), and the series falls back to this class
 * when the tracker loses it.
 */
public final class CentreFinder {
	private CentreFinder() {}

	/** Centre, its one-sigma uncertainty (px) and the symmetry residual (0 = perfectly centrosymmetric). */
	public static final class Result {
		public final double x, y, sigma, residual;

		Result(double x, double y, double sigma, double residual) {
			this.x = x;
			this.y = y;
			this.sigma = sigma;
			this.residual = residual;
		}
	}

	public static Result find(double[] img, int w, int h, boolean[] mask, int threads) {
		return find(img, w, h, mask, threads, Double.NaN, Double.NaN);
	}

	/**
	 * As above, with a hint (e.g. the centre of the summed series) refined as one more candidate: a single low-count
	 * frame's self-convolution need not have the centre among its highest peaks.
	 */
	public static Result find(double[] img, int w, int h, boolean[] mask, int threads, double hintX, double hintY) {
		// the highest peak of the self-convolution is not always the centre: a beam stop's arm and the sharp edge of its
		// shadow are symmetric about points on the arm (stress set: 8 of 108 patterns 26-80 px off); the few highest
		// peaks are refined and the smallest Friedel residual wins
		Result best = null;
		java.util.List<double[]> cands = coarseCandidates(img, w, h, mask, COARSE_CANDIDATES, threads);
		if (Double.isFinite(hintX) && Double.isFinite(hintY)) {
			// with a hint only candidates near it: in a sparse frame the residual can be lower about a point 19 px off,
			// where the pairs compared are mostly empty (stress series, 192 px, 0.1-1 counts per px)
			cands.removeIf(c -> Math.hypot(c[0] - hintX, c[1] - hintY) > HINT_RADIUS);
			cands.add(new double[] { hintX, hintY, 3 });
		}
		// the residual on a 3 x 3 grid around each candidate ranks them; the two best are refined (at 2048 px four full
		// refinements took 1.4 s)
		Prepared pr = new Prepared(img, w, h, mask, threads);
		double[] pre = new double[cands.size()];
		double[] px = new double[9 * pre.length], py = new double[9 * pre.length];
		for (int k = 0, j = 0; k < pre.length; k++) {
			double[] c = cands.get(k);
			double st = Math.max(1, c[2] / 2);
			for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++, j++) {
				px[j] = c[0] + dx * st;
				py[j] = c[1] + dy * st;
			}
		}
		double[] pv = pr.many(GRID, px, py, px.length, threads);
		for (int k = 0; k < pre.length; k++) {
			double m = Double.MAX_VALUE;
			for (int j = 9 * k; j < 9 * k + 9; j++) m = Math.min(m, pv[j]);
			pre[k] = m;
		}
		Integer[] order = new Integer[pre.length];
		for (int k = 0; k < order.length; k++) order[k] = k;
		java.util.Arrays.sort(order, (a, b) -> Double.compare(pre[a], pre[b]));
		if (pr.large) {
			// the two best located on the coarse sample, the better one refined on the full sample
			double[] at = null;
			for (int k = 0; k < Math.min(2, order.length); k++) {
				double[] c = cands.get(order[k]);
				double[] l = locate(pr, c[0], c[1], c[2], threads);
				if (at == null || l[3] < at[3]) at = l;
			}
			return finish(pr, at[0], at[1], at[2], threads);
		}
		for (int k = 0; k < Math.min(2, order.length); k++) {
			double[] c = cands.get(order[k]);
			Result r = refine(pr, c[0], c[1], c[2], threads);
			if (best == null || r.residual < best.residual) best = r;
		}
		return best;
	}

	/** With a hint, candidates farther than this (px) are not refined. */
	static final double HINT_RADIUS = 12;

	/** Peaks of the self-convolution refined by {@link #find}. */
	static final int COARSE_CANDIDATES = 4;

	/** Coarse centre {x, y, search radius} from the binned self-convolution. */
	public static double[] coarse(double[] img, int w, int h, boolean[] mask) {
		return coarseCandidates(img, w, h, mask, 1, 1).get(0);
	}

	/**
	 * The k highest local maxima of the binned self-convolution as coarse centres {x, y, search radius}, at least 3
	 * bins apart, highest first.
	 */
	static java.util.List<double[]> coarseCandidates(double[] img, int w, int h, boolean[] mask, int k, int threads) {
		int f = Math.max(1, (int) Math.ceil(Math.max(w, h) / 256.0));
		int bw = w / f, bh = h / f;
		double[] b = new double[bw * bh];
		// rows of bins in parallel (each bin summed in pixel order)
		Parallel.forRange(bh, threads, (by0, by1) -> {
			for (int y = by0 * f; y < by1 * f; y++) for (int x = 0; x < bw * f; x++) {
				int i = y * w + x;
				if (mask != null && mask[i]) continue;
				double v = img[i];
				if (v > 0) b[(y / f) * bw + x / f] += v;
			}
		});
		double mean = 0;
		int n = 0;
		for (int i = 0; i < b.length; i++) {
			b[i] = Math.sqrt(b[i]);
			if (b[i] > 0) {
				mean += b[i];
				n++;
			}
		}
		mean = n > 0 ? mean / n : 0;
		for (int i = 0; i < b.length; i++) if (b[i] > 0) b[i] -= mean;
		int pw = Integer.highestOneBit(2 * bw - 1) << 1, ph = Integer.highestOneBit(2 * bh - 1) << 1;
		double[][] a = new double[ph][2 * pw];
		for (int y = 0; y < bh; y++) for (int x = 0; x < bw; x++) a[y][2 * x] = b[y * bw + x];
		DoubleFFT_2D fft = new DoubleFFT_2D(ph, pw);
		fft.complexForward(a);
		for (int y = 0; y < ph; y++) for (int x = 0; x < pw; x++) {
			double re = a[y][2 * x], im = a[y][2 * x + 1];
			double mag = Math.hypot(re, im);
			double r2 = re * re - im * im, i2 = 2 * re * im;
			// F^2 / |F| with a soft floor: partially whitened, keeps the peak sharp but noise tame
			double s = 1 / (mag + 1e-9);
			a[y][2 * x] = r2 * s;
			a[y][2 * x + 1] = i2 * s;
		}
		fft.complexInverse(a, true);
		// local maxima (3 x 3) of the self-convolution over the 2c range, highest first, kept >= 6 bins (3 in c) apart
		java.util.List<int[]> peaks = new java.util.ArrayList<>();
		int ymax = Math.min(ph, 2 * bh), xmax = Math.min(pw, 2 * bw);
		for (int y = 0; y < ymax; y++) for (int x = 0; x < xmax; x++) {
			double v = a[y][2 * x];
			boolean top = true;
			for (int dy = -1; dy <= 1 && top; dy++) for (int dx = -1; dx <= 1; dx++) {
				int yy = y + dy, xx = x + dx;
				if ((dx == 0 && dy == 0) || yy < 0 || xx < 0 || yy >= ymax || xx >= xmax) continue;
				if (a[yy][2 * xx] > v) {
					top = false;
					break;
				}
			}
			if (top) peaks.add(new int[] { x, y });
		}
		// highest first, ties in scan order (a stable sort); the first 64 or so are enough to keep k apart, so only the
		// peaks at or above the 64th highest value are sorted (all of them when those do not give k)
		java.util.List<int[]> order = peaks;
		if (peaks.size() > 256) {
			double[] vals = new double[peaks.size()];
			for (int j = 0; j < vals.length; j++) vals[j] = a[peaks.get(j)[1]][2 * peaks.get(j)[0]];
			double thr = org.interphase.core.Selection.kth(vals.clone(), vals.length, vals.length - 64);
			order = new java.util.ArrayList<>();
			for (int j = 0; j < vals.length; j++) if (vals[j] >= thr) order.add(peaks.get(j));
		}
		order.sort((p, q) -> Double.compare(a[q[1]][2 * q[0]], a[p[1]][2 * p[0]]));
		java.util.List<double[]> out = new java.util.ArrayList<>();
		java.util.List<int[]> kept = new java.util.ArrayList<>();
		if (order != peaks && !keepsEnough(order, k)) {
			order = peaks;
			order.sort((p, q) -> Double.compare(a[q[1]][2 * q[0]], a[p[1]][2 * p[0]]));
		}
		for (int[] pk : order) {
			if (out.size() >= k) break;
			boolean near = false;
			for (int[] q : kept) if (Math.abs(q[0] - pk[0]) < 6 && Math.abs(q[1] - pk[1]) < 6) near = true;
			if (near) continue;
			kept.add(pk);
			int bx = pk[0], by = pk[1];
			double sx = bx, sy = by;
			if (bx > 0 && bx < pw - 1) sx += parabola(a[by][2 * (bx - 1)], a[by][2 * bx], a[by][2 * (bx + 1)]);
			if (by > 0 && by < ph - 1) sy += parabola(a[by - 1][2 * bx], a[by][2 * bx], a[by + 1][2 * bx]);
			double cxb = sx / 2, cyb = sy / 2;
			out.add(new double[] { f * cxb + (f - 1) / 2.0, f * cyb + (f - 1) / 2.0, f + 2 });
		}
		if (out.isEmpty()) out.add(new double[] { w / 2.0 - 0.5, h / 2.0 - 0.5, Math.max(w, h) / 4.0 });
		return out;
	}

	/** Whether the peaks, in this order, hold k that are kept (>= 6 bins apart from every one kept before). */
	private static boolean keepsEnough(java.util.List<int[]> order, int k) {
		java.util.List<int[]> kept = new java.util.ArrayList<>();
		for (int[] pk : order) {
			boolean near = false;
			for (int[] q : kept) if (Math.abs(q[0] - pk[0]) < 6 && Math.abs(q[1] - pk[1]) < 6) near = true;
			if (!near) kept.add(pk);
			if (kept.size() >= k) return true;
		}
		return false;
	}

	static double parabola(double a, double b, double c) {
		double den = a - 2 * b + c;
		if (den >= 0) return 0;
		double d = 0.5 * (a - c) / den;
		return Math.max(-0.5, Math.min(0.5, d));
	}

	/** Refines a centre estimate by minimising the Friedel residual within +-search px. */
	public static Result refine(double[] img, int w, int h, boolean[] mask, double x0, double y0, double search,
		int threads)
	{
		return refine(new Prepared(img, w, h, mask, threads), x0, y0, search, threads);
	}

	/** What every residual evaluation of one image reads: the smoothed root image and the sampled pixels. */
	static final class Prepared {
		final double[] s;
		/** Sampled pixels, and every 4th of them for the coarse steps (a 2048 px pattern's grid search took 0.4 s). */
		final int[] idx, coarseIdx;
		/** Column and row of each sampled pixel (no division per sample in the residual). */
		final int[] idxX, idxY, coarseX, coarseY;
		/**
		 * Above {@link #LARGE_PIXELS}: every 16th sampled pixel for the coarse grid and the ranking of candidates, which
		 * only locate the minimum's basin (the same as the coarse set below).
		 */
		final int[] gridIdx, gridX, gridY;
		final int count, coarseCount, gridCount, stride, w, h;
		/**
		 * Per pixel k: one of the four pixels k, k + 1, k + w, k + w + 1 that the mirror's bilinear interpolation reads
		 * is masked (one look-up per sample instead of four); null without a mask.
		 */
		final boolean[] quad;

		Prepared(double[] img, int w, int h, boolean[] mask, int threads) {
			this.w = w;
			this.h = h;
			// square root (variance-stabilised), then a [1 2 1]/4 smoothing so that the bilinear interpolation of the
			// mirror does not change the noise level with the sub-pixel offset (which would bias the minimum)
			s = smooth121(img, w, h, threads);
			quad = mask == null ? null : quadMask(mask, w, h, threads);
			// sample pixels on a sparse grid so large patterns cost the same
			stride = Math.max(1, (int) Math.floor(Math.sqrt((double) w * h / 250000.0)));
			int nx = (w + stride - 1) / stride, ny = (h + stride - 1) / stride;
			idx = new int[nx * ny];
			int n = 0;
			for (int y = 0; y < h; y += stride) for (int x = 0; x < w; x += stride) {
				int i = y * w + x;
				if (mask == null || !mask[i]) idx[n++] = i;
			}
			count = n;
			coarseCount = n > 40000 ? (n + 3) / 4 : n;
			coarseIdx = new int[coarseCount];
			for (int j = 0; j < coarseCount; j++) coarseIdx[j] = idx[n > 40000 ? 4 * j : j];
			idxX = new int[count];
			idxY = new int[count];
			for (int j = 0; j < count; j++) {
				idxX[j] = idx[j] % w;
				idxY[j] = idx[j] / w;
			}
			coarseX = new int[coarseCount];
			coarseY = new int[coarseCount];
			for (int j = 0; j < coarseCount; j++) {
				coarseX[j] = coarseIdx[j] % w;
				coarseY[j] = coarseIdx[j] / w;
			}
			large = (long) w * h > LARGE_PIXELS;
			if (large) {
				gridCount = (n + 15) / 16;
				gridIdx = new int[gridCount];
				gridX = new int[gridCount];
				gridY = new int[gridCount];
				for (int j = 0; j < gridCount; j++) {
					gridIdx[j] = idx[16 * j];
					gridX[j] = gridIdx[j] % w;
					gridY[j] = gridIdx[j] / w;
				}
			}
			else {
				gridCount = coarseCount;
				gridIdx = coarseIdx;
				gridX = coarseX;
				gridY = coarseY;
			}
		}

		/** A pattern of more than {@link #LARGE_PIXELS}. */
		final boolean large;

		/** The residual about (cx, cy) on one sample ({@link #FULL}, {@link #COARSE} or {@link #GRID}). */
		double at(int sample, double cx, double cy) {
			if (sample == FULL) return residual(s, w, h, quad, idx, idxX, idxY, count, cx, cy);
			if (sample == COARSE) return residual(s, w, h, quad, coarseIdx, coarseX, coarseY, coarseCount, cx, cy);
			return residual(s, w, h, quad, gridIdx, gridX, gridY, gridCount, cx, cy);
		}

		/**
		 * The residuals about n trial centres, the centres shared among the threads (each residual is summed in sample
		 * order by one thread, so the values do not depend on the number of threads).
		 */
		double[] many(int sample, double[] xs, double[] ys, int n, int threads) {
			double[] out = new double[n];
			Parallel.forRange(n, threads, n, (from, to) -> {
				for (int j = from; j < to; j++) out[j] = at(sample, xs[j], ys[j]);
			});
			return out;
		}
	}

	/** The samples of {@link Prepared}: every sampled pixel, every 4th, the sparse grid. */
	static final int FULL = 0, COARSE = 1, GRID = 2;

	/** Residuals of trial centres, remembered so that a centre is evaluated once. */
	private static final class Cost {
		final Prepared pr;
		final int sample, threads;
		final java.util.Map<java.util.List<Double>, Double> seen = new java.util.HashMap<>();

		Cost(Prepared pr, int sample, int threads) {
			this.pr = pr;
			this.sample = sample;
			this.threads = threads;
		}

		double at(double cx, double cy) {
			return all(new double[] { cx }, new double[] { cy })[0];
		}

		/** The residuals at the points (xs[j], ys[j]); those not yet known are evaluated together, in parallel. */
		double[] all(double[] xs, double[] ys) {
			int n = xs.length, m = 0;
			double[] out = new double[n], nx = new double[n], ny = new double[n];
			int[] slot = new int[n];
			for (int j = 0; j < n; j++) {
				Double v = seen.get(java.util.List.of(xs[j], ys[j]));
				if (v != null) out[j] = v;
				else {
					boolean dup = false;
					for (int q = 0; q < m && !dup; q++) dup = nx[q] == xs[j] && ny[q] == ys[j];
					if (!dup) {
						nx[m] = xs[j];
						ny[m] = ys[j];
						m++;
					}
					slot[j] = -1;
				}
			}
			if (m > 0) {
				double[] v = pr.many(sample, nx, ny, m, m > 1 ? threads : 1);
				for (int q = 0; q < m; q++) seen.put(java.util.List.of(nx[q], ny[q]), v[q]);
				for (int j = 0; j < n; j++) if (slot[j] == -1) out[j] = seen.get(java.util.List.of(xs[j], ys[j]));
			}
			return out;
		}
	}

	/**
	 * Patterns above this many pixels (1024 x 1024 and up) locate the basin on a sparser sample and take the 1 and 1/2
	 * px steps on the coarse one, the last 1/4 px step and the curvature on the full sample: at 2048 px the centre
	 * was 40 % of a full analysis.
	 */
	static final long LARGE_PIXELS = 1_000_000;

	static Result refine(Prepared pr, double x0, double y0, double search, int threads) {
		double[] at = locate(pr, x0, y0, search, threads);
		return finish(pr, at[0], at[1], at[2], threads);
	}

	/**
	 * The minimum's basin: a grid at about half the coarse step around (x0, y0) on the grid sample; on a large pattern
	 * the grid is twice as coarse and steps of 2, 1 and 1/2 px follow on the coarse sample. {x, y, next step, residual
	 * there on the last sample used}.
	 */
	static double[] locate(Prepared pr, double x0, double y0, double search, int threads) {
		double step = Math.max(1, Math.pow(2, Math.floor(Math.log(Math.max(1, search / 3)) / Math.log(2))));
		if (pr.large) step *= 2;
		int steps = (int) Math.ceil(search / step), side = 2 * steps + 1;
		// the grid's points evaluated together (the first one is the start)
		double[] gx = new double[side * side + 1], gy = new double[side * side + 1];
		gx[0] = x0;
		gy[0] = y0;
		for (int dy = -steps, j = 1; dy <= steps; dy++) for (int dx = -steps; dx <= steps; dx++, j++) {
			gx[j] = x0 + dx * step;
			gy[j] = y0 + dy * step;
		}
		double[] gv = pr.many(GRID, gx, gy, gx.length, threads);
		double bx = x0, by = y0, best = gv[0];
		for (int j = 1; j < gv.length; j++) if (gv[j] < best) {
			best = gv[j];
			bx = gx[j];
			by = gy[j];
		}
		double[] b = { bx, by, best };
		step /= 2;
		if (pr.large) {
			Cost coarse = new Cost(pr, COARSE, threads);
			for (; step >= 0.5; step /= 2) descend(coarse, b, step);
		}
		return new double[] { b[0], b[1], step, b[2] };
	}

	/** One level of the step search: 3 x 3 moves of this step from b = {x, y, residual} while one lowers it (<= 4). */
	private static void descend(Cost c, double[] b, double step) {
		double bx = b[0], by = b[1], best = c.at(bx, by);
		boolean moved = true;
		double[] nx = new double[8], ny = new double[8];
		for (int guard = 0; moved && guard < 4; guard++) {
			moved = false;
			double cx = bx, cy = by;
			// the 8 neighbours together, then taken in the order they were taken one by one
			for (int dy = -1, j = 0; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
				if (dx == 0 && dy == 0) continue;
				nx[j] = cx + dx * step;
				ny[j] = cy + dy * step;
				j++;
			}
			double[] v = c.all(nx, ny);
			for (int j = 0; j < 8; j++) if (v[j] < best) {
				best = v[j];
				bx = nx[j];
				by = ny[j];
				moved = true;
			}
		}
		b[0] = bx;
		b[1] = by;
		b[2] = best;
	}

	/** The step search from {@code step} down to 1/4 px on the full sample, a parabola, and the curvature's sigma. */
	static Result finish(Prepared pr, double x, double y, double step, int threads) {
		final double[] s = pr.s;
		final int w = pr.w, h = pr.h, count = pr.count, stride = pr.stride;
		final int[] idx = pr.idx;
		// the step search and the curvature come back to points already evaluated: each point is evaluated once
		Cost cost = new Cost(pr, FULL, threads);
		double[] b = { x, y, Double.NaN };
		for (; step >= 0.25; step /= 2) descend(cost, b, step);
		double bx = b[0], by = b[1], best = b[2];
		double st = 0.25;
		double[] a = cost.all(new double[] { bx - st, bx + st, bx, bx }, new double[] { by, by, by - st, by + st });
		double xm = a[0], xp = a[1], ym = a[2], yp = a[3];
		double cxx = (xm - 2 * best + xp) / (st * st), cyy = (ym - 2 * best + yp) / (st * st);
		if (cxx > 0) bx += Math.max(-st, Math.min(st, -0.5 * (xp - xm) / st / cxx));
		if (cyy > 0) by += Math.max(-st, Math.min(st, -0.5 * (yp - ym) / st / cyy));
		// the centre and its 8 neighbours together
		double[] c = cost.all(new double[] { bx, bx - st, bx + st, bx, bx, bx + st, bx + st, bx - st, bx - st },
			new double[] { by, by, by, by - st, by + st, by + st, by - st, by + st, by - st });
		double fin = c[0];
		// one-sigma from the curvature of the mean squared residual: E = E0 + k d^2, noise of the mean E ~ E0 sqrt(2/N).
		// The curvature is the smallest eigenvalue of the full Hessian: a pattern symmetric about a whole line (one
		// arc of a ring, a streak) has no curvature along that line, and its centre is then not known along it.
		double hx = (c[1] - 2 * fin + c[2]) / (st * st);
		double hy = (c[3] - 2 * fin + c[4]) / (st * st);
		double hxy = (c[5] - c[6] - c[7] + c[8]) / (4 * st * st);
		double lmin = 0.5 * (hx + hy) - Math.sqrt(0.25 * (hx - hy) * (hx - hy) + hxy * hxy);
		double k = 0.5 * Math.max(1e-12, lmin);
		double sigma = Math.sqrt(fin * Math.sqrt(2.0 / Math.max(1, count)) * stride * stride / k);
		double norm = 0;
		for (int j = 0; j < count; j++) norm += s[idx[j]] * s[idx[j]];
		double limit = Math.hypot(w, h);
		return new Result(bx, by, Math.min(limit, Math.max(0.02, sigma)), fin / Math.max(1e-300, 2 * norm / count));
	}


	/** Square root, then [1 2 1]/4 along rows and columns; rows in parallel (each pixel computed alone). */
	static double[] smooth121(double[] img, int w, int h, int threads) {
		double[] a = new double[img.length], b = new double[img.length];
		Parallel.forRange(h, threads, (y0, y1) -> {
			for (int i = y0 * w; i < y1 * w; i++) a[i] = img[i] > 0 ? Math.sqrt(img[i]) : 0;
			for (int y = y0; y < y1; y++) for (int x = 0; x < w; x++) {
				int i = y * w + x;
				double l = a[x > 0 ? i - 1 : i], r = a[x < w - 1 ? i + 1 : i];
				b[i] = 0.25 * l + 0.5 * a[i] + 0.25 * r;
			}
		});
		Parallel.forRange(h, threads, (y0, y1) -> {
			for (int y = y0; y < y1; y++) for (int x = 0; x < w; x++) {
				int i = y * w + x;
				double u = b[y > 0 ? i - w : i], d = b[y < h - 1 ? i + w : i];
				a[i] = 0.25 * u + 0.5 * b[i] + 0.25 * d;
			}
		});
		return a;
	}

	/** See {@link Prepared#quad}. */
	static boolean[] quadMask(boolean[] mask, int w, int h, int threads) {
		boolean[] q = new boolean[mask.length];
		Parallel.forRange(h - 1, threads, (y0, y1) -> {
			for (int y = y0; y < y1; y++) for (int x = 0, k = y * w; x < w - 1; x++, k++) q[k] = mask[k] || mask[k + 1] ||
				mask[k + w] || mask[k + w + 1];
		});
		return q;
	}

	/**
	 * Mean squared difference between the sampled pixels and their mirrors through (cx, cy), over the pairs whose
	 * mirror's four neighbours are unmasked ({@code quad}); summed in sample order (one thread).
	 */
	static double residual(double[] s, int w, int h, boolean[] quad, int[] idx, int[] xs, int[] ys, int count, double cx,
		double cy)
	{
		double acc = 0;
		long m = 0;
		for (int j = 0; j < count; j++) {
			int i = idx[j];
			int x = xs[j], y = ys[j];
			double mx = 2 * cx - x, my = 2 * cy - y;
			int ix = (int) Math.floor(mx), iy = (int) Math.floor(my);
			if (ix < 0 || iy < 0 || ix + 1 >= w || iy + 1 >= h) continue;
			int k = iy * w + ix;
			if (quad != null && quad[k]) continue;
			double fx = mx - ix, fy = my - iy;
			double v = (1 - fy) * ((1 - fx) * s[k] + fx * s[k + 1]) + fy * ((1 - fx) * s[k + w] + fx * s[k + w + 1]);
			double d = s[i] - v;
			acc += d * d;
			m++;
		}
		return m < 100 ? Double.MAX_VALUE : acc / m;
	}
}
