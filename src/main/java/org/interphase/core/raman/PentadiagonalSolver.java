package org.interphase.core.raman;

/**
 * Solves {@code (diag(w) + lambda * D'D) z = w .* y} for the second-difference matrix D in O(n): the matrix is
 * symmetric, positive definite and pentadiagonal, so a banded LDL' factorisation on primitive arrays suffices.
 * This is the inner step of every Whittaker-type baseline (ALS, arPLS). One instance per thread: it keeps its
 * work arrays between calls so a map of spectra allocates nothing per pixel.
 */
public final class PentadiagonalSolver {
	private final int n;
	/** D'D: main diagonal, first and second super-diagonal. */
	private final double[] dd0, dd1, dd2;
	private final double[] d, l1, l2, dinv, u;

	public PentadiagonalSolver(int n) {
		if (n < 3) throw new IllegalArgumentException("a second-difference penalty needs at least 3 points, not " + n);
		this.n = n;
		dd0 = new double[n];
		dd1 = new double[n];
		dd2 = new double[n];
		// D has rows (1, -2, 1) at k, k+1, k+2; accumulate D'D row by row
		for (int k = 0; k + 2 < n; k++) {
			dd0[k] += 1;
			dd0[k + 1] += 4;
			dd0[k + 2] += 1;
			dd1[k] += -2;
			dd1[k + 1] += -2;
			dd2[k] += 1;
		}
		d = new double[n];
		l1 = new double[n];
		l2 = new double[n];
		dinv = new double[n];
		u = new double[n];
	}

	public int size() {
		return n;
	}

	/**
	 * Solves for z (length n). {@code w} are the weights (non-negative, not all zero), {@code y} the data.
	 */
	public void solve(double[] w, double[] y, double lambda, double[] z) {
		factor(w, lambda);
		for (int i = 0; i < n; i++) u[i] = w[i] * y[i];
		substitute(u, z);
	}

	/** Factorises diag(w) + lambda D'D = L D L' (L unit lower triangular, sub-diagonals l1 and l2). */
	public void factor(double[] w, double lambda) {
		for (int i = 0; i < n; i++) {
			double a = w[i] + lambda * dd0[i];
			double li2 = 0, li1 = 0;
			if (i >= 2) li2 = lambda * dd2[i - 2] / d[i - 2];
			if (i >= 1) {
				double b = lambda * dd1[i - 1];
				if (i >= 2) b -= li2 * l1[i - 1] * d[i - 2];
				li1 = b / d[i - 1];
			}
			l1[i] = li1;
			l2[i] = li2;
			double di = a;
			if (i >= 1) di -= li1 * li1 * d[i - 1];
			if (i >= 2) di -= li2 * li2 * d[i - 2];
			d[i] = di;
			dinv[i] = 1 / di;
		}
	}

	/**
	 * With the last {@link #factor}: writes the solution for the right-hand side {@code rhs} into {@code out} (which
	 * may not alias rhs). Reads the factors only, so one factorisation may serve several threads.
	 */
	public void substitute(double[] rhs, double[] out) {
		// forward L v = rhs, then L' z = v / d; branch-free loops after the first two points
		final double[] l1 = this.l1, l2 = this.l2, dinv = this.dinv;
		double u2 = rhs[0], u1 = rhs[1] - l1[1] * u2;
		out[0] = u2;
		out[1] = u1;
		for (int i = 2; i < n; i++) {
			double v = rhs[i] - l1[i] * u1 - l2[i] * u2;
			out[i] = v;
			u2 = u1;
			u1 = v;
		}
		double z1 = out[n - 1] * dinv[n - 1];
		double z0 = out[n - 2] * dinv[n - 2] - l1[n - 1] * z1;
		out[n - 1] = z1;
		out[n - 2] = z0;
		for (int i = n - 3; i >= 0; i--) {
			double z = out[i] * dinv[i] - l1[i + 1] * z0 - l2[i + 2] * z1;
			out[i] = z;
			z1 = z0;
			z0 = z;
		}
	}
}
