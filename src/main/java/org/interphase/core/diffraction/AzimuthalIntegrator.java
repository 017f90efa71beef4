package org.interphase.core.diffraction;

import org.interphase.core.Parallel;

/**
 * Azimuthal integration of a pattern to a radial profile I(r) (and so I(q), I(d)) with pixel splitting: each
 * pixel's footprint, projected on the radial direction (half-width (|cos| + |sin|)/2 in corrected pixels), is
 * shared among the radial bins it overlaps in proportion to the overlap, like pyFAI's bounding-box splitting.
 * The geometry (centre, ellipse, mask, bins) is turned once into a sparse pixel-to-bin matrix (CSR); integrating
 * a frame is then one pass over the image, in parallel over pixel blocks with per-thread accumulators.
 */
public final class AzimuthalIntegrator {
	public final int width, height, bins;
	/** Corrected radius (px) of the outer edge of the last bin. */
	public final double rMax;
	private final int[] ptr;
	private final int[] bin;
	private final float[] weight;
	private final double[] norm;

	public AzimuthalIntegrator(int width, int height, PatternGeometry g, boolean[] mask, int bins, double rMax) {
		if (bins < 1 || bins > 1_000_000) throw new IllegalArgumentException("bins must be in [1, 1e6]");
		if (!(rMax > 0)) throw new IllegalArgumentException("rMax must be positive");
		this.width = width;
		this.height = height;
		this.bins = bins;
		this.rMax = rMax;
		int n = width * height;
		double dr = rMax / bins;
		ptr = new int[n + 1];
		// per pixel: footprint [lo, hi] of its corrected radius (no allocation; rows in parallel)
		float[] lo = new float[n], hi = new float[n];
		int[] counts = new int[n];
		footprints(width, height, g, mask, bins, rMax, Math.max(1, Parallel.defaultThreads()), lo, hi, counts);
		long total = 0;
		for (int i = 0; i < n; i++) total += counts[i];
		if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("pattern too large for one matrix");
		for (int i = 0; i < n; i++) ptr[i + 1] = ptr[i] + counts[i];
		bin = new int[(int) total];
		weight = new float[(int) total];
		norm = new double[bins];
		// the entries of each pixel in parallel (rows); the norm summed after, in pixel order as before
		Parallel.forRange(height, Math.max(1, Parallel.defaultThreads()), (y0, y1) -> {
			for (int i = y0 * width; i < y1 * width; i++) {
				if (counts[i] == 0) continue;
				double l = lo[i], h = hi[i], span = h - l;
				int b0 = (int) Math.floor(l / dr);
				int k = ptr[i];
				for (int b = b0; b < b0 + counts[i]; b++) {
					double a1 = Math.max(l, b * dr), c1 = Math.min(h, (b + 1) * dr);
					double wgt = span > 0 ? Math.max(0, c1 - a1) / span : 1;
					bin[k] = b;
					weight[k] = (float) wgt;
					k++;
				}
			}
		});
		for (int k = 0; k < bin.length; k++) norm[bin[k]] += weight[k];
	}

	/**
	 * One integration without the matrix: {sums, pixel counts} per bin, the same numbers (to the bit) as
	 * {@code new AzimuthalIntegrator(width, height, g, mask, bins, rMax)}'s {@code sums(img, 1)} and
	 * {@code pixelCounts()} (a profile used once need not build the sparse matrix of a 2048 px pattern, ~10 M
	 * entries). The footprints are computed in parallel over rows; the sums are shared among the threads by bins,
	 * each bin summed in pixel order, so the numbers do not depend on the threads.
	 */
	public static double[][] sumsAndCounts(double[] img, int width, int height, PatternGeometry g, boolean[] mask,
		int bins, double rMax, int threads)
	{
		if (bins < 1 || bins > 1_000_000) throw new IllegalArgumentException("bins must be in [1, 1e6]");
		if (!(rMax > 0)) throw new IllegalArgumentException("rMax must be positive");
		double dr = rMax / bins;
		int n = width * height;
		// per pixel: footprint [lo, hi] in float as the matrix keeps it, and its number of bins (0: not integrated)
		float[] lo = new float[n], hi = new float[n];
		int[] counts = new int[n];
		footprints(width, height, g, mask, bins, rMax, threads, lo, hi, counts);
		double[] acc = new double[bins], norm = new double[bins];
		int parts = Math.max(1, Math.min(threads, bins));
		// bins shared so that each part holds about as many pixels (pixels per bin grow with the radius)
		int[] edge = new int[parts + 1];
		for (int t = 0; t <= parts; t++) edge[t] = (int) Math.round(bins * Math.sqrt((double) t / parts));
		edge[parts] = Integer.MAX_VALUE;
		Parallel.forRange(parts, threads, parts, (from, to) -> {
			for (int t = from; t < to; t++) {
				int bLo = edge[t], bHi = edge[t + 1];
				for (int i = 0; i < n; i++) {
					int cnt = counts[i];
					if (cnt == 0) continue;
					double l = lo[i], h = hi[i], span = h - l;
					int b0 = dr == 1 ? (int) Math.floor(l) : (int) Math.floor(l / dr);
					if (b0 >= bHi || b0 + cnt <= bLo) continue;
					double val = img[i];
					for (int b = Math.max(b0, bLo), e = Math.min(b0 + cnt, bHi); b < e; b++) {
						double a1 = Math.max(l, b * dr), c1 = Math.min(h, (b + 1) * dr);
						float wgt = (float) (span > 0 ? Math.max(0, c1 - a1) / span : 1);
						acc[b] += wgt * val;
						norm[b] += wgt;
					}
				}
			}
		});
		return new double[][] { acc, norm };
	}

	/** Bin centres in corrected px. */
	public double[] radii() {
		return radii(bins, rMax);
	}

	/** The centres of {@code bins} equal bins over [0, rMax] (px). */
	public static double[] radii(int bins, double rMax) {
		double[] r = new double[bins];
		double dr = rMax / bins;
		for (int b = 0; b < bins; b++) r[b] = (b + 0.5) * dr;
		return r;
	}

	/** Sum of pixel fractions per bin (the effective number of pixels). */
	public double[] pixelCounts() {
		return norm.clone();
	}

	/** Sum of intensity per bin (pixel-split). */
	public double[] sums(double[] img, int threads) {
		return sums(img, 0, threads);
	}

	/** Sum per bin of the frame starting at {@code offset} in a stack array. */
	public double[] sums(double[] img, int offset, int threads) {
		int n = width * height;
		int chunks = Math.max(1, Math.min(threads, 64));
		double[][] part = new double[chunks][];
		Parallel.forRange(chunks, threads, (from, to) -> {
			for (int c = from; c < to; c++) {
				double[] acc = new double[bins];
				int a = (int) ((long) n * c / chunks), b = (int) ((long) n * (c + 1) / chunks);
				for (int i = a; i < b; i++) {
					int p0 = ptr[i], p1 = ptr[i + 1];
					if (p0 == p1) continue;
					double v = img[offset + i];
					for (int k = p0; k < p1; k++) acc[bin[k]] += weight[k] * v;
				}
				part[c] = acc;
			}
		});
		double[] out = part[0];
		for (int c = 1; c < chunks; c++) for (int b = 0; b < bins; b++) out[b] += part[c][b];
		return out;
	}

	/** Mean intensity per bin (NaN where no pixel falls). */
	public double[] integrate(double[] img, int threads) {
		double[] s = sums(img, threads);
		for (int b = 0; b < bins; b++) s[b] = norm[b] > 1e-9 ? s[b] / norm[b] : Double.NaN;
		return s;
	}

	public long entries() {
		return bin.length;
	}

	/**
	 * Each pixel's footprint [lo, hi] on the ellipse-corrected radius (its half-width the pixel's extent along the
	 * radius), kept in float, and the number of bins it covers (0: masked or beyond rMax); rows in parallel, each
	 * pixel on its own, so the same at any thread count.
	 */
	private static void footprints(int width, int height, PatternGeometry g, boolean[] mask, int bins, double rMax,
		int threads, float[] lo, float[] hi, int[] counts)
	{
		double dr = rMax / bins;
		double c = Math.cos(g.angle), sn = Math.sin(g.angle), su = Math.sqrt(1 - g.ellipticity), sv = 1 / su;
		Parallel.forRange(height, threads, (y0, y1) -> {
			for (int y = y0; y < y1; y++) for (int x = 0; x < width; x++) {
				int i = y * width + x;
				if (mask != null && mask[i]) continue;
				double dx = x - g.cx, dy = y - g.cy;
				double u = (dx * c + dy * sn) * su, v = (-dx * sn + dy * c) * sv;
				double gx = u * c - v * sn, gy = u * sn + v * c;
				double r = Math.sqrt(u * u + v * v);
				double half = r > 0 ? 0.5 * (Math.abs(gx) + Math.abs(gy)) / r : 0.5;
				double l = Math.max(0, r - half), h = r + half;
				if (l >= rMax) continue;
				lo[i] = (float) l;
				hi[i] = (float) h;
				// dr = 1 (one bin per px, the default) divides exactly: no division
				int b0 = dr == 1 ? (int) Math.floor(l) : (int) Math.floor(l / dr);
				int b1 = Math.min(bins - 1, dr == 1 ? (int) Math.floor(h) : (int) Math.floor(h / dr));
				counts[i] = Math.max(0, b1 - b0 + 1);
			}
		});
	}
}
