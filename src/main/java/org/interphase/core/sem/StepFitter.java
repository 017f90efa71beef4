package org.interphase.core.sem;

/**
 * Levenberg-Marquardt least squares of the four-parameter {@link StepModel} (A, B, d, s) on primitive arrays.
 * Written out because the profile fit is the hot loop of the analysis: commons-math3's general optimizer measured
 * about 0.6 ms per profile (object allocation per evaluation), this about 30 x less, for the same optimum. One
 * exp per point serves both the erf and the gaussian of the Jacobian.
 */
final class StepFitter {
	/** Parameters a, b, d, s after {@link #fit}; covariance of d and s (scaled by the residual variance). */
	double a, b, d, s, varD, varS, rss;
	int iterations;
	boolean converged;

	private final double[] jtj = new double[16], jtr = new double[4], m = new double[16], step = new double[4];

	/**
	 * @param x positions, y values, n points; start values in a, b, d, s; d kept in [dLo, dHi], s in [sLo, sHi]
	 */
	void fit(double[] x, double[] y, int n, double dLo, double dHi, double sLo, double sHi) {
		double cost = cost(x, y, n, a, b, d, s);
		double lambda = 1e-3;
		converged = false;
		iterations = 0;
		for (int it = 0; it < 80; it++) {
			iterations = it + 1;
			normal(x, y, n, a, b, d, s);
			boolean improved = false;
			for (int tries = 0; tries < 12; tries++) {
				for (int i = 0; i < 16; i++) m[i] = jtj[i];
				for (int i = 0; i < 4; i++) m[i * 5] += lambda * Math.max(jtj[i * 5], 1e-12);
				if (!solve(m, jtr, step)) {
					lambda *= 10;
					continue;
				}
				double na = a + step[0], nb = b + step[1];
				double nd = Math.max(dLo, Math.min(dHi, d + step[2]));
				double ns = Math.max(sLo, Math.min(sHi, s + step[3]));
				double nc = cost(x, y, n, na, nb, nd, ns);
				if (nc < cost) {
					double rel = (cost - nc) / Math.max(cost, 1e-300);
					a = na;
					b = nb;
					d = nd;
					s = ns;
					cost = nc;
					lambda = Math.max(1e-12, lambda / 4);
					improved = true;
					if (rel < 1e-8 || (Math.abs(step[2]) < 1e-3 && Math.abs(step[3]) < 1e-3)) converged = true;
					break;
				}
				lambda *= 4;
			}
			if (!improved) {
				converged = true; // no descent possible: at a minimum (to numerical precision)
				break;
			}
			if (converged) break;
		}
		rss = cost;
		normal(x, y, n, a, b, d, s);
		double[] inv = new double[16];
		double var = cost / Math.max(1, n - 4);
		if (invert(jtj, inv)) {
			varD = inv[2 * 5] * var;
			varS = inv[3 * 5] * var;
		}
		else {
			varD = varS = Double.NaN;
		}
	}

	private static double cost(double[] x, double[] y, int n, double a, double b, double d, double s) {
		double c = 0, inv = 1 / s;
		for (int i = 0; i < n; i++) {
			double r = y[i] - (a + (b - a) * StepModel.phi((x[i] - d) * inv));
			c += r * r;
		}
		return c;
	}

	/** J^T J and J^T r at the given parameters. */
	private void normal(double[] x, double[] y, int n, double a, double b, double d, double s) {
		java.util.Arrays.fill(jtj, 0);
		java.util.Arrays.fill(jtr, 0);
		double inv = 1 / s, ba = b - a;
		double[] j = new double[4];
		for (int i = 0; i < n; i++) {
			double z = (x[i] - d) * inv;
			double e = Math.exp(-0.5 * z * z);
			double f = phiWithExp(z, e);
			double g = 0.3989422804014327 * e;
			double r = y[i] - (a + ba * f);
			j[0] = 1 - f;
			j[1] = f;
			j[2] = -ba * g * inv;
			j[3] = -ba * g * z * inv;
			for (int p = 0; p < 4; p++) {
				jtr[p] += j[p] * r;
				for (int q = p; q < 4; q++) jtj[p * 4 + q] += j[p] * j[q];
			}
		}
		for (int p = 0; p < 4; p++) for (int q = 0; q < p; q++) jtj[p * 4 + q] = jtj[q * 4 + p];
	}

	/** Phi(z) given exp(-z^2/2) (A&S 7.1.26 erf of z/sqrt 2 needs exactly this exponential). */
	private static double phiWithExp(double z, double e) {
		double ax = Math.abs(z) * 0.7071067811865476;
		double t = 1 / (1 + 0.3275911 * ax);
		double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t +
			0.254829592) * t * e;
		return z < 0 ? 0.5 * (1 - erf) : 0.5 * (1 + erf);
	}

	/** Solves the 4x4 system m x = r by Gaussian elimination with partial pivoting (m is overwritten). */
	private static boolean solve(double[] m, double[] r, double[] x) {
		double[] b = r.clone();
		for (int c = 0; c < 4; c++) {
			int piv = c;
			for (int i = c + 1; i < 4; i++) if (Math.abs(m[i * 4 + c]) > Math.abs(m[piv * 4 + c])) piv = i;
			if (Math.abs(m[piv * 4 + c]) < 1e-300) return false;
			if (piv != c) {
				for (int k = 0; k < 4; k++) {
					double t = m[c * 4 + k];
					m[c * 4 + k] = m[piv * 4 + k];
					m[piv * 4 + k] = t;
				}
				double t = b[c];
				b[c] = b[piv];
				b[piv] = t;
			}
			for (int i = c + 1; i < 4; i++) {
				double f = m[i * 4 + c] / m[c * 4 + c];
				for (int k = c; k < 4; k++) m[i * 4 + k] -= f * m[c * 4 + k];
				b[i] -= f * b[c];
			}
		}
		for (int i = 3; i >= 0; i--) {
			double s = b[i];
			for (int k = i + 1; k < 4; k++) s -= m[i * 4 + k] * x[k];
			x[i] = s / m[i * 4 + i];
			if (!Double.isFinite(x[i])) return false;
		}
		return true;
	}

	/** Inverse of a 4x4 matrix by Gauss-Jordan; false when singular. */
	private static boolean invert(double[] a, double[] inv) {
		double[] m = a.clone();
		for (int i = 0; i < 16; i++) inv[i] = i % 5 == 0 ? 1 : 0;
		for (int c = 0; c < 4; c++) {
			int piv = c;
			for (int i = c + 1; i < 4; i++) if (Math.abs(m[i * 4 + c]) > Math.abs(m[piv * 4 + c])) piv = i;
			if (Math.abs(m[piv * 4 + c]) < 1e-300) return false;
			for (int k = 0; k < 4; k++) {
				double t = m[c * 4 + k];
				m[c * 4 + k] = m[piv * 4 + k];
				m[piv * 4 + k] = t;
				t = inv[c * 4 + k];
				inv[c * 4 + k] = inv[piv * 4 + k];
				inv[piv * 4 + k] = t;
			}
			double p = m[c * 4 + c];
			for (int k = 0; k < 4; k++) {
				m[c * 4 + k] /= p;
				inv[c * 4 + k] /= p;
			}
			for (int i = 0; i < 4; i++) if (i != c) {
				double f = m[i * 4 + c];
				if (f == 0) continue;
				for (int k = 0; k < 4; k++) {
					m[i * 4 + k] -= f * m[c * 4 + k];
					inv[i * 4 + k] -= f * inv[c * 4 + k];
				}
			}
		}
		return true;
	}
}
