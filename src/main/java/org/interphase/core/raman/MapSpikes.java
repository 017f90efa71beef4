package org.interphase.core.raman;

import java.util.Arrays;

/**
 * Cosmic-ray spikes in maps and series, found by comparing each spectrum with its neighbours (3 x 3 in a map, two
 * on each side in a series): a spike hits one pixel, a band is shared with the neighbours or at least broad.
 * <p>
 * For pixel p the neighbours q are scaled to its intensity (s_q = sum y_p / sum y_q over the window) and their
 * median per channel m_i is the reference; the excess d_i = y_i - m_i divided by sqrt(max(m_i, 1)) (shot noise)
 * and by the robust scale (1.4826 x MAD) of that quotient over the spectrum is a z-score. A channel is a spike
 * seed when z &gt; 10 and its excess is narrow: its curvature 2 z_i - z_(i-1) - z_(i+1) is significant
 * (&gt; 4 of its own noise: a broad excess, e.g. more c-BN in this pixel than around it, has none) and
 * 2 d_i - d_(i-1) - d_(i+1) &gt; 0.4 x (2 d_i - d_(i-3) - d_(i+3)) (a band of FWHM &gt;= 5 channels has a ratio near
 * 1/9, a spike of up to three channels 1/2 or more). Seeds grow to the neighbouring channels with z &gt; 3 (at most 3 on each side); the run
 * is replaced by the neighbours' median m_i (which carries the bands underneath). Pixels with fewer than two
 * usable neighbours fall back to the single-spectrum method ({@link CosmicRaySpikes}).
 * <p>
 * One instance per thread; work arrays are reused.
 */
final class MapSpikes {
	static final double THRESHOLD = 10;
	private final int n;
	private final double[] med, d, z, vals, sc, sortBuf;
	private final boolean[] mask;
	private final int[] nb = new int[8], nbOff = new int[8];
	private final CosmicRaySpikes single = new CosmicRaySpikes();

	MapSpikes(int channels) {
		n = channels;
		med = new double[n];
		d = new double[n];
		z = new double[n];
		vals = new double[8];
		sc = new double[8];
		sortBuf = new double[n];
		mask = new boolean[n];
	}

	/**
	 * Cleans pixel p: reads the window [i0, i0 + n) of every spectrum from data (pixel-major, stride channels),
	 * writes the cleaned window of p to out.
	 *
	 * @param nx pixels per row (a series: the number of spectra, one row)
	 * @param sums per-pixel sums over the window (NaN for missing pixels)
	 * @return the number of spikes removed
	 */
	int clean(double[] data, int stride, int i0, int pixels, int nx, int p, double[] sums, boolean[] missing,
		double[] out)
	{
		return clean(data, 0, stride, i0, pixels, nx, p, sums, missing, out);
	}

	/**
	 * As {@link #clean(double[], int, int, int, int, int, double[], boolean[], double[])} with the spectra of a tile of
	 * rows: pixel q's spectrum starts at {@code origin + q * stride} in data (origin negative when data starts at a
	 * later pixel); the tile must hold p's neighbours (one row above and below).
	 */
	int clean(double[] data, long origin, int stride, int i0, int pixels, int nx, int p, double[] sums,
		boolean[] missing, double[] out)
	{
		int off = (int) (origin + (long) p * stride) + i0;
		System.arraycopy(data, off, out, 0, n);
		int k = 0;
		int row = p / nx, col = p % nx, rows = (pixels + nx - 1) / nx;
		boolean series = rows == 1;
		if (series) {
			for (int dc = -2; dc <= 2; dc++) {
				int c = col + dc;
				if (dc == 0 || c < 0 || c >= nx) continue;
				int q = c;
				if (!missing[q] && sums[q] > 0) nb[k++] = q;
			}
		}
		else for (int dr = -1; dr <= 1; dr++) for (int dc = -1; dc <= 1; dc++) {
			if (dr == 0 && dc == 0) continue;
			int r = row + dr, c = col + dc;
			if (r < 0 || c < 0 || c >= nx || r >= rows) continue;
			int q = r * nx + c;
			if (q >= pixels || missing[q] || !(sums[q] > 0)) continue;
			nb[k++] = q;
		}
		if (k < 2 || !(sums[p] > 0)) return single.remove(out);
		for (int j = 0; j < k; j++) {
			sc[j] = sums[p] / sums[nb[j]];
			nbOff[j] = (int) (origin + (long) nb[j] * stride) + i0;
		}
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < k; j++) vals[j] = sc[j] * data[nbOff[j] + i];
			med[i] = median(vals, k);
			d[i] = out[i] - med[i];
			z[i] = d[i] / Math.sqrt(Math.max(Math.abs(med[i]), 1));
		}
		// robust scale of z
		System.arraycopy(z, 0, sortBuf, 0, n);
		Arrays.sort(sortBuf, 0, n);
		double mz = median(sortBuf, n);
		for (int i = 0; i < n; i++) sortBuf[i] = Math.abs(z[i] - mz);
		Arrays.sort(sortBuf, 0, n);
		double s = 1.4826 * median(sortBuf, n);
		if (!(s > 0)) return 0;
		Arrays.fill(mask, false);
		boolean any = false;
		for (int i = 1; i < n - 1; i++) {
			double zi = (z[i] - mz) / s;
			if (zi <= THRESHOLD) continue;
			// narrow: a significant curvature (a broad excess, e.g. more c-BN here than around, has none) that is
			// not just the top of a wide one
			double narrow = 2 * d[i] - d[i - 1] - d[i + 1];
			double wide = 2 * d[i] - d[Math.max(0, i - 3)] - d[Math.min(n - 1, i + 3)];
			double curvature = (2 * z[i] - z[i - 1] - z[i + 1]) / (s * Math.sqrt(6));
			if (curvature <= 4 || narrow <= 0.4 * wide) continue;
			any = true;
			mask[i] = true;
			for (int j = i - 1; j >= Math.max(0, i - 3) && (z[j] - mz) / s > 3; j--) mask[j] = true;
			for (int j = i + 1; j <= Math.min(n - 1, i + 3) && (z[j] - mz) / s > 3; j++) mask[j] = true;
		}
		if (!any) return 0;
		int runs = 0;
		for (int i = 0; i < n; i++) if (mask[i]) {
			out[i] = med[i];
			if (i == 0 || !mask[i - 1]) runs++;
		}
		return runs;
	}

	/** Median of the first m values (sorted in place; m small: insertion sort). */
	private static double median(double[] v, int m) {
		if (m > 16) {
			Arrays.sort(v, 0, m);
		}
		else for (int i = 1; i < m; i++) {
			double t = v[i];
			int j = i - 1;
			while (j >= 0 && v[j] > t) {
				v[j + 1] = v[j];
				j--;
			}
			v[j + 1] = t;
		}
		return (m & 1) == 1 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
	}
}
