package org.interphase.core.hrtem;

/**
 * The power spectrum of a b x b real block at its low frequencies only (|kx| <= k, -1 <= ky <= k, the FFT's
 * sign convention), by a direct separable DFT: rows at kx = 0 .. k (negative kx are their conjugates), then
 * columns. Cheaper than the whole FFT when k is small against b (a block of a few lattice periods needs only the
 * bins up to its reflections' rings). One per thread: it reuses its tables and buffers.
 */
final class LowBins {
	final int b, k;
	private final double[] cx, sx, cy, sy, rre, rim, power;

	LowBins(int b, int k) {
		this.b = b;
		this.k = k;
		cx = new double[(k + 1) * b];
		sx = new double[(k + 1) * b];
		for (int f = 0; f <= k; f++) for (int x = 0; x < b; x++) {
			double a = 2 * Math.PI * ((long) f * x % b) / b;
			cx[f * b + x] = Math.cos(a);
			sx[f * b + x] = Math.sin(a);
		}
		cy = new double[(k + 2) * b];
		sy = new double[(k + 2) * b];
		for (int f = -1; f <= k; f++) for (int y = 0; y < b; y++) {
			double a = 2 * Math.PI * (((long) f * y % b + b) % b) / b;
			cy[(f + 1) * b + y] = Math.cos(a);
			sy[(f + 1) * b + y] = Math.sin(a);
		}
		rre = new double[b * (k + 1)];
		rim = new double[b * (k + 1)];
		power = new double[(k + 2) * (2 * k + 1)];
	}

	/** Transforms the block c (b x b, row-major); the power is then read by {@link #at}. */
	void transform(double[] c) {
		// two frequencies per pass over a row: four independent sums (each sum's additions are in the same order)
		for (int y = 0; y < b; y++) for (int f = 0; f <= k; f += 2) {
			int f2 = Math.min(f + 1, k);
			double re = 0, im = 0, re2 = 0, im2 = 0;
			int o = y * b, t = f * b, t2 = f2 * b;
			for (int x = 0; x < b; x++) {
				double v = c[o + x];
				re += v * cx[t + x];
				im -= v * sx[t + x];
				re2 += v * cx[t2 + x];
				im2 -= v * sx[t2 + x];
			}
			rre[y * (k + 1) + f] = re;
			rim[y * (k + 1) + f] = im;
			rre[y * (k + 1) + f2] = re2;
			rim[y * (k + 1) + f2] = im2;
		}
		for (int f = -k; f <= k; f++) {
			int af = Math.abs(f);
			double conj = f < 0 ? -1 : 1;
			for (int g = -1; g <= k; g++) {
				double re = 0, im = 0;
				int t = (g + 1) * b;
				for (int y = 0; y < b; y++) {
					double a = rre[y * (k + 1) + af], bi = conj * rim[y * (k + 1) + af];
					re += a * cy[t + y] + bi * sy[t + y];
					im += bi * cy[t + y] - a * sy[t + y];
				}
				power[(g + 1) * (2 * k + 1) + f + k] = re * re + im * im;
			}
		}
	}

	/** The power at (kx, ky), |kx| <= k, -1 <= ky <= k. */
	double at(int kx, int ky) {
		return power[(ky + 1) * (2 * k + 1) + kx + k];
	}
}
