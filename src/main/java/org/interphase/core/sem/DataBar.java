package org.interphase.core.sem;

/**
 * Finds the SEM data bar (the strip of text, scale bar and settings the microscope burns into the bottom of the
 * image) so that it is excluded from the measurement. A data bar row is mostly one exact value (the bar's
 * flat background) while image rows are noisy; the bar is the block of such rows at the bottom, usually with text
 * (pixels far from the background) or a separator line.
 */
public final class DataBar {
	private DataBar() {}

	/** Fraction of a row's pixels that must hold its most common value for the row to count as data bar. */
	static final double FLAT_FRACTION = 0.55;

	/**
	 * Height in rows of the data bar at the bottom of a row-major image, 0 when there is none. The bar may be at
	 * most 35 % of the image height.
	 */
	public static int detect(double[] img, int w, int h) {
		int maxRows = (int) (0.35 * h);
		int rows = 0;
		boolean text = false;
		for (int y = h - 1; y >= h - maxRows && y >= 0; y--) {
			double mode = rowMode(img, y * w, w);
			int same = 0, far = 0;
			double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
			for (int x = 0; x < w; x++) {
				double v = img[y * w + x];
				if (v == mode) same++;
				if (v < lo) lo = v;
				if (v > hi) hi = v;
			}
			boolean uniformRow = lo == hi;
			for (int x = 0; x < w; x++) if (img[y * w + x] != mode) far++;
			boolean flat = same >= FLAT_FRACTION * w;
			// a separator line (a whole row of one value) or a flat row
			if (flat || uniformRow) {
				rows++;
				if (far > 0 && far < 0.45 * w) text = true;
				continue;
			}
			break;
		}
		if (rows < 3) return 0;
		if (rows >= maxRows) return 0; // a flat region this large is image content (saturated vacuum), not a bar
		// a bar without any text or line is still excluded: a flat strip holds nothing to measure
		return text || rows > 0 ? rows : 0;
	}

	/** The most common value of a row (values compared exactly; rows of real data bars are quantised). */
	static double rowMode(double[] img, int off, int w) {
		double[] copy = new double[w];
		System.arraycopy(img, off, copy, 0, w);
		java.util.Arrays.sort(copy);
		double best = copy[0];
		int bestRun = 0, run = 0;
		for (int i = 0; i < w; i++) {
			run = i > 0 && copy[i] == copy[i - 1] ? run + 1 : 1;
			if (run > bestRun) {
				bestRun = run;
				best = copy[i];
			}
		}
		return best;
	}
}
