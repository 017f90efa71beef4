package org.interphase.core.raman;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Least-squares projection onto polynomials of a given order on fixed abscissae: the Vandermonde matrix on x scaled
 * to [-1, 1] and its pseudo-inverse (by QR), computed once. Immutable: thread-safe.
 */
final class PolynomialProjection {
	final int n, m;
	/** Vandermonde matrix, row-major n x m. */
	private final double[] v;
	/** Least-squares operator, m x n. */
	private final double[] pinv;

	PolynomialProjection(double[] x, int order) {
		n = x.length;
		m = order + 1;
		if (n <= m) throw new IllegalArgumentException("too few points (" + n + ") for a polynomial of order " + order);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double t : x) {
			lo = Math.min(lo, t);
			hi = Math.max(hi, t);
		}
		double mid = 0.5 * (lo + hi), half = hi > lo ? 0.5 * (hi - lo) : 1;
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
	}

	/** Least-squares coefficients of y (length n) into coef (length m). */
	void fit(double[] y, double[] coef) {
		for (int k = 0; k < m; k++) {
			double s = 0;
			int off = k * n;
			for (int i = 0; i < n; i++) s += pinv[off + i] * y[i];
			coef[k] = s;
		}
	}

	/** The polynomial of the given coefficients at point i. */
	double at(double[] coef, int i) {
		double f = 0;
		int off = i * m;
		for (int k = 0; k < m; k++) f += v[off + k] * coef[k];
		return f;
	}
}
