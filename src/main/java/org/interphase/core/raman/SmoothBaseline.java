package org.interphase.core.raman;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A linear smoother S that a smooth baseline passes through unchanged while Raman bands mostly do not: the
 * Whittaker smoother (I + lambda D'D)^-1 with unit weights, or the least-squares projection onto polynomials
 * of a given order. The BN fit uses it to take the baseline into the model exactly: fitting (I - S) data with
 * (I - S) bands is the same as fitting bands plus a baseline that S leaves unchanged, so whatever smooth
 * baseline error remains after the first (asymmetric) estimate cannot bias the band areas.
 * <p>
 * Immutable after construction (the Whittaker matrix is factorised once): thread-safe.
 */
public abstract class SmoothBaseline {
	/** Writes S c into out (out may not alias c). */
	public abstract void smooth(double[] c, double[] out);

	/** What the smoother is, for the results. */
	public abstract String describe();

	public static SmoothBaseline whittaker(int n, double lambda) {
		return new Whittaker(n, lambda);
	}

	public static SmoothBaseline polynomial(double[] x, int order) {
		return new Poly(x, order);
	}

	private static final class Whittaker extends SmoothBaseline {
		private final int n;
		private final double lambda;
		private final double[] d, l1, l2, dinv;

		Whittaker(int n, double lambda) {
			if (n < 4) throw new IllegalArgumentException("need at least 4 points");
			this.n = n;
			this.lambda = lambda;
			double[] dd0 = new double[n], dd1 = new double[n], dd2 = new double[n];
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
			for (int i = 0; i < n; i++) {
				double a = 1 + lambda * dd0[i];
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
			}
			dinv = new double[n];
			for (int i = 0; i < n; i++) dinv[i] = 1 / d[i];
		}

		@Override
		public void smooth(double[] c, double[] out) {
			// forward L u = c, then L' z = u / d; branch-free loops after the first two points
			final double[] l1 = this.l1, l2 = this.l2, dinv = this.dinv;
			double u2 = c[0], u1 = c[1] - l1[1] * u2;
			out[0] = u2;
			out[1] = u1;
			for (int i = 2; i < n; i++) {
				double u = c[i] - l1[i] * u1 - l2[i] * u2;
				out[i] = u;
				u2 = u1;
				u1 = u;
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

		@Override
		public String describe() {
			return String.format(java.util.Locale.ROOT, "whittaker lambda=%.3g", lambda);
		}
	}

	private static final class Poly extends SmoothBaseline {
		private final int n, m;
		private final double[] v, pinv;

		Poly(double[] x, int order) {
			n = x.length;
			m = order + 1;
			if (n <= m) throw new IllegalArgumentException("too few points for a polynomial of order " + order);
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

		@Override
		public void smooth(double[] c, double[] out) {
			double[] coef = new double[m];
			for (int k = 0; k < m; k++) {
				double s = 0;
				int off = k * n;
				for (int i = 0; i < n; i++) s += pinv[off + i] * c[i];
				coef[k] = s;
			}
			for (int i = 0; i < n; i++) {
				double f = 0;
				int off = i * m;
				for (int k = 0; k < m; k++) f += v[off + k] * coef[k];
				out[i] = f;
			}
		}

		@Override
		public String describe() {
			return "polynomial order=" + (m - 1);
		}
	}
}
