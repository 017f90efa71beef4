package org.interphase.core.diffraction;

/**
 * Pixels left out of every sum: the beam stop's shadow, dead (zero / non-finite) pixels and a detector edge
 * border. The shadow is found as pixels far below the pattern's typical level (a beam stop blocks electrons; its
 * shadow holds only dark counts), grown by a margin for its blurred edge.
 */
public final class PatternMask {
	private PatternMask() {}

	/**
	 * @param threshold fraction of the median of positive pixels below which a pixel counts as shadow / dead
	 * @param grow pixels added around shadow regions
	 * @param edge border width in pixels masked at the detector edges
	 * @return true = excluded
	 */
	public static boolean[] auto(double[] img, int w, int h, double threshold, int grow, int edge) {
		boolean[] m = new boolean[w * h];
		double med = positiveMedian(img);
		double lim = threshold * med;
		// 5 x 5 box mean: a shadow is a region, not a noisy dark pixel
		double[] box = boxMean(img, w, h, 2);
		for (int i = 0; i < m.length; i++) {
			double v = img[i];
			if (!Double.isFinite(v)) m[i] = true;
			else if (box[i] <= lim) m[i] = true;
			else if (v == 0 && box[i] > 20 && med > 20) m[i] = true; // dead pixel in a bright region
		}
		if (grow > 0) m = dilate(m, w, h, grow);
		maskBars(img, w, h, med, m);
		if (edge > 0) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) if (x < edge || y < edge || x >= w - edge ||
			y >= h - edge) m[y * w + x] = true;
		return m;
	}

	/**
	 * Annotation bars: full rows (columns) at the image border whose median is far above the pattern's median
	 * level (a caption strip burnt into exported images) are masked.
	 */
	static void maskBars(double[] img, int w, int h, double med, boolean[] m) {
		double lim = Math.max(4 * med, med + 1e-9);
		double[] row = new double[Math.max(w, h)];
		for (int dir = 0; dir < 4; dir++) {
			int len = dir < 2 ? h : w, across = dir < 2 ? w : h;
			for (int k = 0; k < Math.min(len / 4, 200); k++) {
				int line = dir % 2 == 0 ? k : len - 1 - k;
				for (int j = 0; j < across; j++) row[j] = dir < 2 ? img[line * w + j] : img[j * w + line];
				double[] r = java.util.Arrays.copyOf(row, across);
				java.util.Arrays.sort(r);
				if (!(r[across / 2] > lim)) break;
				for (int j = 0; j < across; j++) m[dir < 2 ? line * w + j : j * w + line] = true;
			}
		}
	}

	static double[] boxMean(double[] img, int w, int h, int r) {
		double[] a = new double[img.length], b = new double[img.length];
		for (int y = 0; y < h; y++) {
			double s = 0;
			int c = 0;
			for (int x = -r; x < w + r; x++) {
				int xa = x + r, xr = x - r - 1;
				if (xa < w && xa >= 0) {
					double v = img[y * w + xa];
					if (Double.isFinite(v)) s += v;
					c++;
				}
				if (xr >= 0) {
					double v = img[y * w + xr];
					if (Double.isFinite(v)) s -= v;
					c--;
				}
				if (x >= 0 && x < w) a[y * w + x] = s / Math.max(1, c);
			}
		}
		for (int x = 0; x < w; x++) {
			double s = 0;
			int c = 0;
			for (int y = -r; y < h + r; y++) {
				int ya = y + r, yr = y - r - 1;
				if (ya < h && ya >= 0) {
					s += a[ya * w + x];
					c++;
				}
				if (yr >= 0) {
					s -= a[yr * w + x];
					c--;
				}
				if (y >= 0 && y < h) b[y * w + x] = s / Math.max(1, c);
			}
		}
		return b;
	}

	static double positiveMedian(double[] img) {
		// median of a subsample of positive finite values
		int step = Math.max(1, img.length / 100000);
		double[] s = new double[img.length / step + 1];
		int n = 0;
		for (int i = 0; i < img.length; i += step) if (img[i] > 0 && Double.isFinite(img[i])) s[n++] = img[i];
		if (n == 0) return 0;
		java.util.Arrays.sort(s, 0, n);
		return s[n / 2];
	}

	/** Square dilation by r pixels (separable). */
	public static boolean[] dilate(boolean[] m, int w, int h, int r) {
		boolean[] a = new boolean[m.length];
		for (int y = 0; y < h; y++) {
			int last = -1_000_000;
			for (int x = 0; x < w; x++) if (m[y * w + x]) last = x;
				else if (x - last <= r) a[y * w + x] = true;
			last = 1_000_000;
			for (int x = w - 1; x >= 0; x--) {
				if (m[y * w + x]) {
					last = x;
					a[y * w + x] = true;
				}
				else if (last - x <= r) a[y * w + x] = true;
			}
		}
		boolean[] b = new boolean[m.length];
		for (int x = 0; x < w; x++) {
			int last = -1_000_000;
			for (int y = 0; y < h; y++) if (a[y * w + x]) {
				last = y;
				b[y * w + x] = true;
			}
			else if (y - last <= r) b[y * w + x] = true;
			last = 1_000_000;
			for (int y = h - 1; y >= 0; y--) if (a[y * w + x]) last = y;
				else if (last - y <= r) b[y * w + x] = true;
		}
		return b;
	}

	public static int count(boolean[] m) {
		int n = 0;
		for (boolean b : m) if (b) n++;
		return n;
	}
}
