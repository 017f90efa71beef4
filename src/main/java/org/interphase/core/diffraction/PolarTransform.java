package org.interphase.core.diffraction;

import org.interphase.core.Parallel;

/**
 * The 2D polar ("cake") transform: the pattern resampled on corrected radius x azimuth by bilinear
 * interpolation, masked samples NaN. Its rows give robust azimuthal statistics (the median over azimuth removes
 * spots), its columns azimuthal uniformity of a ring.
 */
public final class PolarTransform {
	public final int nr, nphi;
	public final double dr;
	/** row-major [r][phi] */
	public final double[] data;

	public PolarTransform(double[] img, int w, int h, boolean[] mask, PatternGeometry g, int nr, double dr, int nphi,
		int threads)
	{
		this.nr = nr;
		this.nphi = nphi;
		this.dr = dr;
		data = new double[nr * nphi];
		double[] cs = new double[nphi], sn = new double[nphi];
		for (int p = 0; p < nphi; p++) {
			double a = 2 * Math.PI * (p + 0.5) / nphi;
			cs[p] = Math.cos(a);
			sn[p] = Math.sin(a);
		}
		Parallel.forRange(nr, threads, (from, to) -> {
			for (int ri = from; ri < to; ri++) {
				double r = (ri + 0.5) * dr;
				for (int p = 0; p < nphi; p++) {
					double[] xy = g.toImage(r * cs[p], r * sn[p]);
					data[ri * nphi + p] = sample(img, w, h, mask, xy[0], xy[1]);
				}
			}
		});
	}

	static double sample(double[] img, int w, int h, boolean[] mask, double x, double y) {
		int ix = (int) Math.floor(x), iy = (int) Math.floor(y);
		if (ix < 0 || iy < 0 || ix + 1 >= w || iy + 1 >= h) return Double.NaN;
		int k = iy * w + ix;
		if (mask != null && (mask[k] || mask[k + 1] || mask[k + w] || mask[k + w + 1])) return Double.NaN;
		double fx = x - ix, fy = y - iy;
		return (1 - fy) * ((1 - fx) * img[k] + fx * img[k + 1]) + fy * ((1 - fx) * img[k + w] + fx * img[k + w + 1]);
	}

	/** Median over azimuth of each radius (NaN when fewer than a quarter of the samples are valid). */
	public double[] medianProfile() {
		double[] out = new double[nr];
		double[] buf = new double[nphi];
		for (int ri = 0; ri < nr; ri++) {
			int n = 0;
			for (int p = 0; p < nphi; p++) {
				double v = data[ri * nphi + p];
				if (!Double.isNaN(v)) buf[n++] = v;
			}
			if (n < nphi / 4 || n == 0) {
				out[ri] = Double.NaN;
				continue;
			}
			out[ri] = median(buf, n);
		}
		return out;
	}

	/**
	 * Median of the first n values (reordered in place): the middle value, or the mean of the two middle ones for
	 * even n; the same number as sorting, found by quickselect in linear expected time (a series computes 700+ of
	 * them per frame).
	 */
	static double median(double[] a, int n) {
		int k = n / 2;
		select(a, 0, n - 1, k);
		double hi = a[k];
		if (n % 2 == 1) return hi;
		double lo = a[0];
		for (int i = 1; i < k; i++) if (a[i] > lo) lo = a[i];
		return 0.5 * (lo + hi);
	}

	/** Hoare quickselect: afterwards a[k] holds the k-th smallest of a[l..r], smaller or equal ones left of it. */
	static void select(double[] a, int l, int r, int k) {
		while (r > l) {
			int m = (l + r) >>> 1;
			if (a[m] < a[l]) swap(a, l, m);
			if (a[r] < a[l]) swap(a, l, r);
			if (a[r] < a[m]) swap(a, m, r);
			double p = a[m];
			int i = l, j = r;
			while (i <= j) {
				while (a[i] < p) i++;
				while (a[j] > p) j--;
				if (i <= j) {
					swap(a, i, j);
					i++;
					j--;
				}
			}
			if (k <= j) r = j;
			else if (k >= i) l = i;
			else return;
		}
	}

	private static void swap(double[] a, int i, int j) {
		double t = a[i];
		a[i] = a[j];
		a[j] = t;
	}

	/** Fraction of valid samples per radius. */
	public double[] coverage() {
		double[] out = new double[nr];
		for (int ri = 0; ri < nr; ri++) {
			int n = 0;
			for (int p = 0; p < nphi; p++) if (!Double.isNaN(data[ri * nphi + p])) n++;
			out[ri] = n / (double) nphi;
		}
		return out;
	}
}
