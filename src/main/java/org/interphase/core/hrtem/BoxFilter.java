package org.interphase.core.hrtem;

/**
 * Running-sum box means over a 2D array in row-major order (O(1) per pixel whatever the radius), with the
 * edges clamped. Three passes of the same radius approximate a Gaussian of sigma = sqrt(r(r+1)).
 */
public final class BoxFilter {
	private BoxFilter() {}

	/** Box mean of radius rx along x and ry along y, in place (a radius of 0 leaves that direction alone). */
	public static void blur(double[] a, int w, int h, int rx, int ry) {
		if (rx > 0) {
			double[] line = new double[w];
			for (int y = 0; y < h; y++) {
				System.arraycopy(a, y * w, line, 0, w);
				mean1d(line, w, rx, a, y * w, 1);
			}
		}
		if (ry > 0) meanColumns(a, w, h, ry);
	}

	/**
	 * The box mean of radius r along y of every column, in place: {@link #mean1d} on each column, but row by row
	 * over a copy (running sums of all columns at once instead of strided copies of each column: sequential
	 * memory). Every column sees the same additions in the same order as mean1d, so the result is bit-identical.
	 */
	private static void meanColumns(double[] a, int w, int h, int r) {
		double[] src = a.clone(), sum = new double[w];
		double norm = 1.0 / (2 * r + 1);
		for (int i = -r; i <= r; i++) {
			int o = clamp(i, h) * w;
			for (int x = 0; x < w; x++) sum[x] += src[o + x];
		}
		for (int y = 0; y < h; y++) {
			int o = y * w, add = clamp(y + r + 1, h) * w, sub = clamp(y - r, h) * w;
			for (int x = 0; x < w; x++) {
				a[o + x] = sum[x] * norm;
				sum[x] += src[add + x] - src[sub + x];
			}
		}
	}

	/** Box mean of radius r along y, only on the given columns, in place. */
	public static void blurColumns(double[] a, int w, int h, int r, int[] cols) {
		if (r <= 0) return;
		// the columns gathered row by row, then running sums of all of them at once (as meanColumns: the same
		// additions in the same order as mean1d per column, bit-identical)
		int nc = cols.length;
		double[] src = new double[h * nc], sum = new double[nc];
		for (int y = 0; y < h; y++) for (int c = 0; c < nc; c++) src[y * nc + c] = a[y * w + cols[c]];
		double norm = 1.0 / (2 * r + 1);
		for (int i = -r; i <= r; i++) {
			int o = clamp(i, h) * nc;
			for (int c = 0; c < nc; c++) sum[c] += src[o + c];
		}
		for (int y = 0; y < h; y++) {
			int o = y * w, add = clamp(y + r + 1, h) * nc, sub = clamp(y - r, h) * nc;
			for (int c = 0; c < nc; c++) {
				a[o + cols[c]] = sum[c] * norm;
				sum[c] += src[add + c] - src[sub + c];
			}
		}
	}

	/** The box mean of src[0..n) with radius r written to dst[off + i*stride]; edges are clamped. */
	static void mean1d(double[] src, int n, int r, double[] dst, int off, int stride) {
		double norm = 1.0 / (2 * r + 1);
		double sum = 0;
		for (int i = -r; i <= r; i++) sum += src[clamp(i, n)];
		for (int i = 0; i < n; i++) {
			dst[off + i * stride] = sum * norm;
			sum += src[clamp(i + r + 1, n)] - src[clamp(i - r, n)];
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
