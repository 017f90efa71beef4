package org.interphase.core.diffraction;

import org.interphase.core.Parallel;

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
		return auto(img, w, h, threshold, grow, edge, 1);
	}

	/** As above, the box mean and the growing over rows / columns in parallel (the same mask at any thread count). */
	public static boolean[] auto(double[] img, int w, int h, double threshold, int grow, int edge, int threads) {
		boolean[] m = new boolean[w * h];
		double med = positiveMedian(img);
		// 5 x 5 box mean: a shadow is a region, not a noisy dark pixel
		double[] box = boxMean(img, w, h, 2, threads);
		if (SaedPipeline.sparseCounts(img)) sparseShadow(img, w, h, threshold, box, m);
		else {
			double lim = threshold * med;
			for (int i = 0; i < m.length; i++) {
				double v = img[i];
				if (!Double.isFinite(v)) m[i] = true;
				else if (box[i] <= lim) m[i] = true;
				else if (v == 0 && box[i] > 20 && med > 20) m[i] = true; // dead pixel in a bright region
			}
		}
		if (grow > 0) m = dilate(m, w, h, grow, threads);
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

	/**
	 * The shadow in a sparse image of integer counts (most pixels 0-2 counts; {@link SaedPipeline#sparseCounts}): there
	 * the median positive pixel is 1 count while most of the detector holds 0.1-0.3 per px, and a threshold on it
	 * masked 20-90 % of the stress set's detectors as "shadow" (spots, the centre and the fraction lost with them). A
	 * pixel is shadow when its 5 x 5 mean is dark against the median 5 x 5 mean or against its own surroundings (a
	 * stop's rim and arm next to the bright wing of the beam it covers), and the level it is compared with is
	 * measurable (a 5 x 5 box at it holds ~20 counts), in a region of at least {@link #MIN_SHADOW_PIXELS}.
	 */
	static void sparseShadow(double[] img, int w, int h, double threshold, double[] box, boolean[] m) {
		double typical = median(box);
		double lim = typical >= MIN_COUNTS_PER_PX ? threshold * typical : -1;
		double[] local = localLevel(box, w, h);
		boolean[] dark = new boolean[w * h];
		for (int i = 0; i < m.length; i++) {
			if (!Double.isFinite(img[i])) m[i] = true;
			else if (box[i] <= lim || (local[i] >= MIN_COUNTS_PER_PX && box[i] <= threshold * local[i])) dark[i] = true;
		}
		dropSmall(dark, w, h, MIN_SHADOW_PIXELS);
		for (int i = 0; i < m.length; i++) m[i] |= dark[i];
	}

	/** Reference level (counts per px) below which darkness is not significant in sparse counts. */
	static final double MIN_COUNTS_PER_PX = 0.8;

	/** Whether a sample of the finite pixels are all whole numbers (counts, 8/16-bit grey levels). */
	static boolean integerValued(double[] img) {
		int step = Math.max(1, img.length / 20000);
		for (int i = 0; i < img.length; i += step) if (Double.isFinite(img[i]) && img[i] != Math.rint(img[i])) return false;
		return true;
	}

	/** Fewest connected dark pixels (before growing) taken as a shadow. */
	static final int MIN_SHADOW_PIXELS = 60;

	/** Median of the finite values (subsampled on large images). */
	static double median(double[] a) {
		int step = Math.max(1, a.length / 100000);
		double[] s = new double[a.length / step + 1];
		int n = 0;
		for (int i = 0; i < a.length; i += step) if (Double.isFinite(a[i])) s[n++] = a[i];
		if (n == 0) return 0;
		java.util.Arrays.sort(s, 0, n);
		return s[n / 2];
	}

	/**
	 * The surroundings' level at each pixel: the 75th percentile of block means (blocks of about 1/128 of the image
	 * side) within about 20 px (1/16 of the side on large images). A beam stop's disc and arm next to the bright wing of
	 * the direct beam are dark against it; empty regions of a sparse pattern are not (their surroundings are as empty),
	 * nor are pixels next to a spot (a spot is a few blocks of the window).
	 */
	static double[] localLevel(double[] box, int w, int h) {
		int bs = Math.max(2, (int) Math.round(Math.min(w, h) / 128.0));
		int bw = (w + bs - 1) / bs, bh = (h + bs - 1) / bs;
		double[] blk = new double[bw * bh];
		int[] cnt = new int[bw * bh];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double v = box[y * w + x];
			if (!Double.isFinite(v)) continue;
			int b = (y / bs) * bw + x / bs;
			blk[b] += v;
			cnt[b]++;
		}
		for (int b = 0; b < blk.length; b++) blk[b] = cnt[b] > 0 ? blk[b] / cnt[b] : Double.NaN;
		int k = Math.max(2, (int) Math.round(Math.max(20, Math.min(w, h) / 16.0) / bs));
		double[] ref = new double[bw * bh], win = new double[(2 * k + 1) * (2 * k + 1)];
		for (int by = 0; by < bh; by++) for (int bx = 0; bx < bw; bx++) {
			int n = 0;
			for (int yy = Math.max(0, by - k); yy <= Math.min(bh - 1, by + k); yy++) for (int xx = Math.max(0, bx - k); xx <= Math
				.min(bw - 1, bx + k); xx++) {
				double v = blk[yy * bw + xx];
				if (Double.isFinite(v)) win[n++] = v;
			}
			ref[by * bw + bx] = n == 0 ? 0 : select(win, n, (int) (0.75 * (n - 1)));
		}
		double[] out = new double[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y * w + x] = ref[(y / bs) * bw + x / bs];
		return out;
	}

	/** The k-th smallest of a[0..n) (partially reorders a). */
	static double select(double[] a, int n, int k) {
		return org.interphase.core.Selection.kth(a, n, k);
	}

	/** Clears 4-connected components of fewer than minSize set pixels. */
	static void dropSmall(boolean[] m, int w, int h, int minSize) {
		boolean[] seen = new boolean[m.length];
		int[] stack = new int[m.length], comp = new int[m.length];
		for (int s = 0; s < m.length; s++) {
			if (!m[s] || seen[s]) continue;
			int sp = 0, cn = 0;
			stack[sp++] = s;
			seen[s] = true;
			while (sp > 0) {
				int i = stack[--sp];
				comp[cn++] = i;
				int x = i % w;
				for (int nb = 0; nb < 4; nb++) {
					int j = nb == 0 ? (x > 0 ? i - 1 : -1) : nb == 1 ? (x < w - 1 ? i + 1 : -1) : nb == 2 ? i - w : i + w;
					if (j < 0 || j >= m.length || !m[j] || seen[j]) continue;
					seen[j] = true;
					stack[sp++] = j;
				}
			}
			if (cn < minSize) for (int j = 0; j < cn; j++) m[comp[j]] = false;
		}
	}

	static double[] boxMean(double[] img, int w, int h, int r) {
		return boxMean(img, w, h, r, 1);
	}

	/** The (2r + 1)^2 box mean (non-finite pixels count as 0); rows, then bands of columns, in parallel. */
	static double[] boxMean(double[] img, int w, int h, int r, int threads) {
		double[] a = new double[img.length], b = new double[img.length];
		Parallel.forRange(h, threads, (y0, y1) -> {
			for (int y = y0; y < y1; y++) boxRow(img, w, r, y, a);
		});
		// the column sums run row by row, every column of a band at once (the same additions in the same order per
		// column as a walk down each column, without striding through memory: that walk was most of this method's time)
		Parallel.forRange(w, threads, (x0, x1) -> boxColumns(a, w, h, r, x0, x1, b));
		return b;
	}

	/** Row y's running sum of 2r + 1 pixels into a. */
	private static void boxRow(double[] img, int w, int r, int y, double[] a) {
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

	/** The running column sums of a over 2r + 1 rows, columns [x0, x1), into b. */
	private static void boxColumns(double[] a, int w, int h, int r, int x0, int x1, double[] b) {
		double[] s = new double[w];
		int c = 0;
		for (int y = -r; y < h + r; y++) {
			int ya = y + r, yr = y - r - 1;
			if (ya < h && ya >= 0) {
				for (int x = x0, i = ya * w + x0; x < x1; x++, i++) s[x] += a[i];
				c++;
			}
			if (yr >= 0) {
				for (int x = x0, i = yr * w + x0; x < x1; x++, i++) s[x] -= a[i];
				c--;
			}
			if (y >= 0 && y < h) {
				double n = Math.max(1, c);
				for (int x = x0, i = y * w + x0; x < x1; x++, i++) b[i] = s[x] / n;
			}
		}
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
		return dilate(m, w, h, r, 1);
	}

	/** As above; rows, then bands of columns walked row by row (not down each column), in parallel. */
	public static boolean[] dilate(boolean[] m, int w, int h, int r, int threads) {
		boolean[] a = new boolean[m.length];
		Parallel.forRange(h, threads, (y0, y1) -> {
			for (int y = y0; y < y1; y++) dilateRow(m, w, r, y, a);
		});
		boolean[] b = new boolean[m.length];
		Parallel.forRange(w, threads, (x0, x1) -> dilateColumns(a, w, h, r, x0, x1, b));
		return b;
	}

	private static void dilateRow(boolean[] m, int w, int r, int y, boolean[] a) {
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

	/** The column pass of {@link #dilate} for columns [x0, x1): each column's last set row kept while walking rows. */
	private static void dilateColumns(boolean[] a, int w, int h, int r, int x0, int x1, boolean[] b) {
		int[] last = new int[w];
		java.util.Arrays.fill(last, -1_000_000);
		for (int y = 0; y < h; y++) for (int x = x0, i = y * w + x0; x < x1; x++, i++) if (a[i]) {
			last[x] = y;
			b[i] = true;
		}
		else if (y - last[x] <= r) b[i] = true;
		java.util.Arrays.fill(last, 1_000_000);
		for (int y = h - 1; y >= 0; y--) for (int x = x0, i = y * w + x0; x < x1; x++, i++) if (a[i]) last[x] = y;
			else if (last[x] - y <= r) b[i] = true;
	}

	public static int count(boolean[] m) {
		int n = 0;
		for (boolean b : m) if (b) n++;
		return n;
	}
}
