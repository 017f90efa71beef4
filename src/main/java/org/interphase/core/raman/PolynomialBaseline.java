package org.interphase.core.raman;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Iterative peak-clipped polynomial baseline ("modified polynomial", Lieber and Mahadevan-Jansen, Appl. Spectrosc.
 * 57, 1363 (2003)): fit a polynomial by least squares, replace the data above it by the polynomial, repeat until
 * the fit changes by less than 0.1 % of its range or after 200 rounds. The least-squares operator is computed once
 * (QR of the Vandermonde matrix on x scaled to [-1, 1]) and reused for every round and every spectrum.
 */
public final class PolynomialBaseline {
	public static final int MAX_ITERATIONS = 200;

	private final int n, order;
	/** Vandermonde matrix, row-major n x (order+1). */
	private final double[] v;
	/** Least-squares operator, (order+1) x n. */
	private final double[] pinv;
	private final double[] work, coef;

	public PolynomialBaseline(double[] x, int order) {
		if (order < 0 || order > 15) throw new IllegalArgumentException("polynomial order must be 0..15, not " +
			order);
		n = x.length;
		if (n <= order + 1) throw new IllegalArgumentException("too few points (" + n + ") for a polynomial of order " +
			order);
		this.order = order;
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double t : x) {
			lo = Math.min(lo, t);
			hi = Math.max(hi, t);
		}
		double mid = 0.5 * (lo + hi), half = hi > lo ? 0.5 * (hi - lo) : 1;
		int m = order + 1;
		v = new double[n * m];
		double[][] a = new double[n][m];
		for (int i = 0; i < n; i++) {
			double s = (x[i] - mid) / half, p = 1;
			for (int k = 0; k < m; k++) {
				v[i * m + k] = p;
				a[i][k] = p;
				p *= s;
			}
		}
		RealMatrix inv = new QRDecomposition(new Array2DRowRealMatrix(a, false)).getSolver().getInverse();
		pinv = new double[m * n];
		for (int k = 0; k < m; k++) for (int i = 0; i < n; i++) pinv[k * n + i] = inv.getEntry(k, i);
		work = new double[n];
		coef = new double[m];
	}

	/** Writes the baseline of y into out. */
	public int estimate(double[] y, double[] out) {
		System.arraycopy(y, 0, work, 0, n);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double t : y) {
			lo = Math.min(lo, t);
			hi = Math.max(hi, t);
		}
		double tol = 1e-3 * Math.max(hi - lo, 1e-300);
		int m = order + 1, it = 0;
		java.util.Arrays.fill(out, 0);
		while (it < MAX_ITERATIONS) {
			it++;
			for (int k = 0; k < m; k++) {
				double s = 0;
				int off = k * n;
				for (int i = 0; i < n; i++) s += pinv[off + i] * work[i];
				coef[k] = s;
			}
			double maxChange = 0;
			for (int i = 0; i < n; i++) {
				double f = 0;
				int off = i * m;
				for (int k = 0; k < m; k++) f += v[off + k] * coef[k];
				maxChange = Math.max(maxChange, Math.abs(f - out[i]));
				out[i] = f;
				if (work[i] > f) work[i] = f;
			}
			if (it > 1 && maxChange < tol) break;
		}
		return it;
	}

	/** Plain least-squares polynomial (no clipping): for data that no longer contain bands. */
	public void fitOnce(double[] y, double[] out) {
		int m = order + 1;
		for (int k = 0; k < m; k++) {
			double s = 0;
			int off = k * n;
			for (int i = 0; i < n; i++) s += pinv[off + i] * y[i];
			coef[k] = s;
		}
		for (int i = 0; i < n; i++) {
			double f = 0;
			int off = i * m;
			for (int k = 0; k < m; k++) f += v[off + k] * coef[k];
			out[i] = f;
		}
	}
}
