package org.interphase.core.raman;

import java.util.Arrays;

/**
 * Finds and removes cosmic-ray spikes (one to three channels, much higher than the noise) in a single spectrum.
 * <p>
 * Detection: the second difference d2[i] = 2 y[i] - y[i-1] - y[i+1] is turned into a modified z-score with a
 * robust scale (1.4826 x median absolute deviation) computed per block of 64 channels, so noisy bright regions
 * and quiet dark ones each get their own scale. A channel is a spike candidate when its z-score exceeds the
 * threshold (default 7) and its curvature is "narrow": d2[i] &gt; 0.4 x the wide second difference
 * 2 y[i] - y[i-3] - y[i+3]. A Raman band of FWHM w channels has d2 / d2wide ~ 1/9 for w &gt;= 5, a spike of up
 * to three channels about 1/2 or more, so bright narrow bands are not taken for spikes. Candidates are widened by
 * one channel on each side and replaced by the straight line between the nearest clean channels; three passes
 * catch the rest of a wide spike. Bands narrower than about four channels can be mistaken for spikes: switch
 * despiking off for such data.
 * <p>
 * One instance per thread; work arrays are reused.
 */
public final class CosmicRaySpikes {
	public static final double DEFAULT_THRESHOLD = 7;
	private static final int BLOCK = 64;
	private static final int PASSES = 3;

	private final double threshold;
	private double[] d2 = new double[0], scale = new double[0], sort = new double[BLOCK];
	private boolean[] mask = new boolean[0], seed = new boolean[0];

	public CosmicRaySpikes(double threshold) {
		if (!(threshold > 0)) throw new IllegalArgumentException("spike threshold must be positive");
		this.threshold = threshold;
	}

	public CosmicRaySpikes() {
		this(DEFAULT_THRESHOLD);
	}

	/**
	 * Removes spikes from y in place.
	 *
	 * @return the number of spikes removed (connected runs of replaced channels)
	 */
	public int remove(double[] y) {
		int n = y.length;
		if (n < 8) return 0;
		if (d2.length < n) {
			d2 = new double[n];
			scale = new double[n];
			mask = new boolean[n];
			seed = new boolean[n];
		}
		Arrays.fill(mask, 0, n, false);
		for (int pass = 0; pass < PASSES; pass++) {
			if (!detect(y, n)) break;
			replace(y, n);
		}
		int runs = 0;
		for (int i = 0; i < n; i++) if (mask[i] && (i == 0 || !mask[i - 1])) runs++;
		return runs;
	}

	/** Channels replaced by the last call (valid up to the spectrum length). */
	public boolean replaced(int i) {
		return i < mask.length && mask[i];
	}

	private boolean detect(double[] y, int n) {
		d2[0] = 0;
		d2[n - 1] = 0;
		for (int i = 1; i < n - 1; i++) d2[i] = 2 * y[i] - y[i - 1] - y[i + 1];
		// robust scale per block
		double floor = Double.POSITIVE_INFINITY;
		for (int b = 1; b < n - 1; b += BLOCK) {
			int e = Math.min(n - 1, b + BLOCK);
			int m = e - b;
			if (m < 8 && b > 1) {
				for (int i = b; i < e; i++) scale[i] = scale[b - 1];
				continue;
			}
			if (sort.length < m) sort = new double[m];
			System.arraycopy(d2, b, sort, 0, m);
			Arrays.sort(sort, 0, m);
			double med = median(sort, m);
			for (int i = 0; i < m; i++) sort[i] = Math.abs(d2[b + i] - med);
			Arrays.sort(sort, 0, m);
			double s = 1.4826 * median(sort, m);
			for (int i = b; i < e; i++) scale[i] = s;
			if (s > 0) floor = Math.min(floor, s);
		}
		if (floor == Double.POSITIVE_INFINITY) return false; // constant data
		boolean any = false;
		Arrays.fill(seed, 0, n, false);
		for (int i = 1; i < n - 1; i++) {
			double s = Math.max(scale[i], floor);
			if (d2[i] <= threshold * s) continue;
			double wide = 2 * y[i] - y[Math.max(0, i - 3)] - y[Math.min(n - 1, i + 3)];
			if (d2[i] > 0.4 * wide) {
				seed[i] = true;
				any = true;
			}
		}
		if (!any) return false;
		for (int i = 0; i < n; i++) if (seed[i]) {
			mask[i] = true;
			if (i > 0) mask[i - 1] = true;
			if (i + 1 < n) mask[i + 1] = true;
		}
		return true;
	}

	private void replace(double[] y, int n) {
		int i = 0;
		while (i < n) {
			if (!mask[i]) {
				i++;
				continue;
			}
			int a = i;
			while (i < n && mask[i]) i++;
			int b = i; // [a, b) masked
			double left = a > 0 ? y[a - 1] : (b < n ? y[b] : 0);
			double right = b < n ? y[b] : left;
			int span = b - a + 1;
			for (int k = a; k < b; k++) y[k] = left + (right - left) * (k - a + 1) / span;
		}
	}

	private static double median(double[] s, int m) {
		return (m & 1) == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
	}
}
