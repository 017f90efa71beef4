package org.interphase.core.hrtem;

/**
 * Running-sum box means over a 2D array in row-major order (O(1) per pixel whatever the radius), with the
 * edges clamped. Three passes of the same radius approximate a Gaussian of sigma = sqrt(r(r+1)).
 */
public final class BoxFilter {
	private BoxFilter() {}

	/** Box mean of radius rx along x and ry along y, in place (a radius of 0 leaves that direction alone). */
	public static void blur(double[] a, int w, int h, int rx, int ry) {
		blur(a, w, h, rx, ry, new double[w * h]);
	}

	/** As {@link #blur(double[], int, int, int, int)}, with a scratch buffer of at least w * h values. */
	static void blur(double[] a, int w, int h, int rx, int ry, double[] scratch) {
		if (rx > 0) {
			for (int y = 0; y < h; y++) {
				System.arraycopy(a, y * w, scratch, 0, w);
				mean1d(scratch, w, rx, a, y * w, 1);
			}
		}
		if (ry > 0) meanColumns(a, w, h, ry, scratch);
	}

	/**
	 * The box mean of radius r along y of every column, in place: {@link #mean1d} on each column, but row by row
	 * over a copy in src (running sums of all columns at once instead of strided copies of each column:
	 * sequential memory). Every column sees the same additions in the same order as mean1d, so the result is
	 * bit-identical.
	 */
	static void meanColumns(double[] a, int w, int h, int r, double[] src) {
		System.arraycopy(a, 0, src, 0, w * h);
		columnMeans(src, null, a, w, h, r);
	}

	/**
	 * dst = a - (box mean of a, radius r along x then along y), edges clamped: the same additions in the same
	 * order as {@link #blur} of a copy of a followed by the subtraction (bit-identical), without the copies.
	 * scratch holds at least w * h values.
	 */
	static void minusMean(double[] a, double[] dst, int w, int h, int r, double[] scratch) {
		for (int y = 0; y < h; y++) mean1d(a, y * w, w, r, scratch, y * w, 1);
		columnMeans(scratch, a, dst, w, h, r);
	}

	/**
	 * The running box mean of radius r along y of every column of src (w x h) into dst, or a - that mean when a
	 * is not null (dst may be a or src; the column sums have an array of their own, so the loops vectorise).
	 */
	static void columnMeans(double[] src, double[] a, double[] dst, int w, int h, int r) {
		double[] sum = new double[w];
		double norm = 1.0 / (2 * r + 1);
		for (int i = -r; i <= r; i++) {
			int o = clamp(i, h) * w;
			for (int x = 0; x < w; x++) sum[x] += src[o + x];
		}
		for (int y = 0; y < h; y++) {
			int o = y * w, add = clamp(y + r + 1, h) * w, sub = clamp(y - r, h) * w;
			if (a == null) for (int x = 0; x < w; x++) {
				dst[o + x] = sum[x] * norm;
				sum[x] += src[add + x] - src[sub + x];
			}
			else for (int x = 0; x < w; x++) {
				dst[o + x] = a[o + x] - sum[x] * norm;
				sum[x] += src[add + x] - src[sub + x];
			}
		}
	}

	/** The box mean of src[0..n) with radius r written to dst[off + i*stride]; edges are clamped. */
	static void mean1d(double[] src, int n, int r, double[] dst, int off, int stride) {
		mean1d(src, 0, n, r, dst, off, stride);
	}

	/** As above for src[so..so+n). */
	static void mean1d(double[] src, int so, int n, int r, double[] dst, int off, int stride) {
		double norm = 1.0 / (2 * r + 1);
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += src[so + clamp(i, n)];
		// the same additions in the same order; the middle part needs no clamping
		int a = Math.min(n, r), b = Math.max(a, n - r - 1);
		int i = 0;
		for (; i < a; i++) {
			dst[off + i * stride] = sum * norm;
			sum += src[so + clamp(i + r + 1, n)] - src[so + clamp(i - r, n)];
		}
		for (; i < b; i++) {
			dst[off + i * stride] = sum * norm;
			sum += src[so + i + r + 1] - src[so + i - r];
		}
		for (; i < n; i++) {
			dst[off + i * stride] = sum * norm;
			sum += src[so + clamp(i + r + 1, n)] - src[so + clamp(i - r, n)];
		}
	}

	static int clamp(int i, int n) {
		return i < 0 ? 0 : i >= n ? n - 1 : i;
	}

	/** Separable Gaussian of the given sigma (pixels) in place; kernel cut at 3 sigma. */
	public static void gaussian(double[] a, int w, int h, double sigma) {
		if (!(sigma > 0)) return;
		int r = Math.max(1, (int) Math.ceil(3 * sigma));
		double[] k = new double[2 * r + 1];
		double s = 0;
		for (int i = -r; i <= r; i++) s += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= s;
		double[] line = new double[Math.max(w, h)];
		for (int y = 0; y < h; y++) {
			System.arraycopy(a, y * w, line, 0, w);
			for (int x = 0; x < w; x++) {
				double v = 0;
				for (int j = -r; j <= r; j++) v += k[j + r] * line[clamp(x + j, w)];
				a[y * w + x] = v;
			}
		}
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++) line[y] = a[y * w + x];
			for (int y = 0; y < h; y++) {
				double v = 0;
				for (int j = -r; j <= r; j++) v += k[j + r] * line[clamp(y + j, h)];
				a[y * w + x] = v;
			}
		}
	}
}
