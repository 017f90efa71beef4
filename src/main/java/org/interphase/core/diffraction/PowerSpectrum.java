package org.interphase.core.diffraction;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * A real-space image region (HRTEM) as a diffraction pattern: its power spectrum. The largest square inside the
 * region (at most {@link #MAX_SIDE} px, centred in it) is mean-subtracted and Hann-windowed, zero-padded to
 * N x N with N the next power of two (no padding for a power-of-two side; padding more would sample the spectrum
 * more finely but correlate neighbouring pixels, which the detectors' noise model does not expect, and measured
 * d-spacings were no better), Fourier transformed and squared. The
 * zero frequency sits at array index (N/2, N/2), i.e. (N/2 + 0.5, N/2 + 0.5) in ImageJ's convention; one pixel is
 * 1 / (N * real pixel size) in reciprocal space. Values are |F|^2 / sum(window^2): white noise of variance s^2 per
 * pixel gives a mean level s^2.
 * <p>
 * The speckle of a power spectrum is exponentially distributed (standard deviation = mean), not Poisson, so the
 * spectrum is also given {@link #whitened}: divided by its azimuthal median at each radius. That has mean ~1 and
 * standard deviation ~1 everywhere, as Poisson counts of mean 1 have, so the pattern analysis' noise model holds;
 * lattice peaks stand out by orders of magnitude.
 */
public final class PowerSpectrum {
	public static final int MAX_SIDE = 2048, MAX_SIZE = 2048;

	/** The spectrum, N x N, zero frequency at (N/2, N/2) (array index). */
	public final double[] image;
	/** The spectrum divided by its azimuthal median at each radius (smoothed over +-2 px of radius). */
	public final double[] whitened;
	public final int size;
	/** The square that was transformed: top-left corner and side, px of the real-space image. */
	public final int x0, y0, side;
	/** 1/nm per spectrum pixel, NaN when the real-space pixel size is unknown. */
	public final double pixelPerNm;

	private PowerSpectrum(double[] image, int size, int x0, int y0, int side, double pixelPerNm) {
		this.image = image;
		this.whitened = whiten(image, size);
		this.size = size;
		this.x0 = x0;
		this.y0 = y0;
		this.side = side;
		this.pixelPerNm = pixelPerNm;
	}

	/**
	 * @param img real-space image, w x h
	 * @param rx, ry, rw, rh the region (px); the largest centred square inside it is used
	 * @param pixelNm real-space pixel size, nm (NaN = uncalibrated)
	 */
	public static PowerSpectrum of(double[] img, int w, int h, int rx, int ry, int rw, int rh, double pixelNm) {
		if (rx < 0 || ry < 0 || rw <= 0 || rh <= 0 || rx + rw > w || ry + rh > h) throw new IllegalArgumentException(
			"region " + rx + "," + ry + "," + rw + "," + rh + " is not inside the " + w + "x" + h + " image");
		int m = Math.min(Math.min(rw, rh), MAX_SIDE);
		if (m < 32) throw new IllegalArgumentException("region too small for a power spectrum: " + rw + "x" + rh +
			" px (at least 32 x 32)");
		int x0 = rx + (rw - m) / 2, y0 = ry + (rh - m) / 2;
		int n = Math.min(MAX_SIZE, Integer.highestOneBit(m - 1) * 2); // the next power of two
		double mean = 0;
		for (int y = 0; y < m; y++) for (int x = 0; x < m; x++) mean += img[(y0 + y) * w + x0 + x];
		mean /= (double) m * m;
		double[] hw = new double[m];
		double sw = 0;
		for (int i = 0; i < m; i++) {
			hw[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / m);
			sw += hw[i] * hw[i];
		}
		double norm = sw * sw; // sum over the square of (wx wy)^2
		double[] c = new double[2 * n * n];
		for (int y = 0; y < m; y++) for (int x = 0; x < m; x++) c[y * n + x] = (img[(y0 + y) * w + x0 + x] - mean) * hw[y] *
			hw[x];
		new DoubleFFT_2D(n, n).realForwardFull(c);
		double[] out = new double[n * n];
		int half = n / 2;
		for (int ky = 0; ky < n; ky++) for (int kx = 0; kx < n; kx++) {
			int i = ky * n + kx;
			double p = (c[2 * i] * c[2 * i] + c[2 * i + 1] * c[2 * i + 1]) / norm;
			out[((ky + half) % n) * n + (kx + half) % n] = p;
		}
		double ppn = pixelNm > 0 ? 1 / (n * pixelNm) : Double.NaN;
		return new PowerSpectrum(out, n, x0, y0, m, ppn);
	}

	static double[] whiten(double[] p, int n) {
		int half = n / 2, nr = (int) Math.ceil(half * Math.sqrt(2)) + 2;
		int[] count = new int[nr];
		for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) count[(int) Math.round(Math.hypot(x - half, y - half))]++;
		double[][] vals = new double[nr][];
		for (int r = 0; r < nr; r++) vals[r] = new double[count[r]];
		int[] k = new int[nr];
		for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
			int r = (int) Math.round(Math.hypot(x - half, y - half));
			vals[r][k[r]++] = p[y * n + x];
		}
		double[] med = new double[nr];
		for (int r = 0; r < nr; r++) med[r] = count[r] == 0 ? Double.NaN : PolarTransform.median(vals[r], count[r]);
		double[] sm = new double[nr];
		for (int r = 0; r < nr; r++) {
			double s = 0;
			int c = 0;
			for (int j = Math.max(0, r - 2); j <= Math.min(nr - 1, r + 2); j++) if (med[j] > 0) {
				s += med[j];
				c++;
			}
			sm[r] = c > 0 ? s / c : Double.NaN;
		}
		double[] out = new double[n * n];
		for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
			double rr = Math.hypot(x - half, y - half);
			int r0 = (int) Math.floor(rr);
			double t = rr - r0;
			double m = (1 - t) * sm[r0] + t * sm[Math.min(nr - 1, r0 + 1)];
			out[y * n + x] = m > 0 ? p[y * n + x] / m : 0;
		}
		return out;
	}
}
