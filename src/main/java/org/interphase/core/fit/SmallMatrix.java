package org.interphase.core.fit;

/**
 * Dense linear algebra of the small normal equations (a handful of unknowns) that linear least squares solve per
 * spectrum or per pixel: row-major arrays, no allocation beyond one work copy, no library call overhead. Shared by
 * the EELS MLLS fit and its drift line, and the Raman h-BN pixel fit.
 */
public final class SmallMatrix {
	private SmallMatrix() {}

	/**
	 * The inverse of the q x q matrix a (row-major) into out by Gauss-Jordan elimination with partial pivoting;
	 * a is not changed, out may be a itself. False (out then undefined) when a pivot vanishes: a singular system.
	 */
	public static boolean invert(double[] a, double[] out, int q) {
		double[] w = java.util.Arrays.copyOf(a, q * q);
		java.util.Arrays.fill(out, 0, q * q, 0);
		for (int i = 0; i < q; i++) out[i * q + i] = 1;
		for (int col = 0; col < q; col++) {
			int piv = col;
			for (int r = col + 1; r < q; r++) if (Math.abs(w[r * q + col]) > Math.abs(w[piv * q + col])) piv = r;
			double pv = w[piv * q + col];
			if (!(Math.abs(pv) > 1e-300)) return false;
			if (piv != col) for (int k = 0; k < q; k++) {
				double t = w[col * q + k];
				w[col * q + k] = w[piv * q + k];
				w[piv * q + k] = t;
				t = out[col * q + k];
				out[col * q + k] = out[piv * q + k];
				out[piv * q + k] = t;
			}
			for (int k = 0; k < q; k++) {
				w[col * q + k] /= pv;
				out[col * q + k] /= pv;
			}
			for (int r = 0; r < q; r++) if (r != col) {
				double f = w[r * q + col];
				if (f == 0) continue;
				for (int k = 0; k < q; k++) {
					w[r * q + k] -= f * w[col * q + k];
					out[r * q + k] -= f * out[col * q + k];
				}
			}
		}
		return true;
	}
}
