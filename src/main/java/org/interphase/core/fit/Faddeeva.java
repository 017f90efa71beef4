package org.interphase.core.fit;

/**
 * The Faddeeva function w(z) = exp(-z^2) erfc(-iz) in the upper half plane (Im z &gt;= 0), which is what the
 * Voigt profile needs. Weideman's rational expansion (J.A.C. Weideman, SIAM J. Numer. Anal. 31 (1994) 1497)
 * with 32 terms: relative accuracy about 1e-13 over the upper half plane (checked against scipy's wofz in the
 * tests), no branches, a few dozen multiplications per call. The 32 coefficients are computed once from their
 * defining cosine sums.
 */
public final class Faddeeva {
	private Faddeeva() {}

	private static final int N = 32;
	private static final double L = Math.sqrt(N / Math.sqrt(2.0));
	private static final double[] A = coefficients();
	private static final double INV_SQRT_PI = 1.0 / Math.sqrt(Math.PI);

	private static double[] coefficients() {
		int m = 2 * N, m2 = 2 * m;
		double[] f = new double[m2];
		// f sampled at k = -M+1 .. M-1 (k = -M gives t = -inf, f = 0); stored periodically at index k mod 2M
		for (int k = -m + 1; k < m; k++) {
			double t = L * Math.tan(k * Math.PI / (2.0 * m));
			f[Math.floorMod(k, m2)] = Math.exp(-t * t) * (L * L + t * t);
		}
		double[] a = new double[N + 1];
		for (int n = 1; n <= N; n++) {
			double s = 0;
			for (int j = 0; j < m2; j++) s += f[j] * Math.cos(2 * Math.PI * (double) j * n / m2);
			a[n] = s / m2;
		}
		return a;
	}

	/**
	 * w(x + iy) for y &gt;= 0; returns {Re w, Im w} into out[0], out[1].
	 */
	public static void w(double x, double y, double[] out) {
		out[0] = evaluate(x, y, out);
	}

	/** Re w(x + iy), y &gt;= 0 (the Voigt function up to normalisation); allocation-free. */
	public static double re(double x, double y) {
		return evaluate(x, y, null);
	}

	/** Re w(x + iy); Im w into {@code im[1]} when im is not null. */
	private static double evaluate(double x, double y, double[] im) {
		// d = L - i z = (L + y) - i x ; Z = (L + i z) / (L - i z) = ((L - y) + i x) / ((L + y) - i x)
		double dr = L + y, di = -x;
		double nr = L - y, ni = x;
		double den = dr * dr + di * di;
		// Z = n / d = n * conj(d) / |d|^2
		double zr = (nr * dr + ni * di) / den;
		double zi = (ni * dr - nr * di) / den;
		// Horner: p = sum_{n=1..N} a_n Z^{n-1}
		double pr = A[N], pi = 0;
		for (int n = N - 1; n >= 1; n--) {
			double t = pr * zr - pi * zi + A[n];
			pi = pr * zi + pi * zr;
			pr = t;
		}
		// 1/d and 1/d^2
		double ir = dr / den, ii = -di / den;
		double i2r = ir * ir - ii * ii, i2i = 2 * ir * ii;
		if (im != null) im[1] = 2 * (pr * i2i + pi * i2r) + INV_SQRT_PI * ii;
		return 2 * (pr * i2r - pi * i2i) + INV_SQRT_PI * ir;
	}
}
