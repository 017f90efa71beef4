package org.interphase.core.fit;

/**
 * Levenberg–Marquardt for the small dense problems of spectrum fitting (a few hundred points, up to a few dozen
 * parameters): Marquardt's scaled damping (JᵀJ + μ diag(JᵀJ)) h = Jᵀr solved by Cholesky, μ updated from the gain
 * ratio as in Madsen, Nielsen &amp; Tingleff, "Methods for non-linear least squares problems" (2004), alg. 3.16.
 * Stopping rules are MINPACK's (relative cost reduction, relative step, cosine between residual and Jacobian
 * columns), so tolerances mean what they meant with commons-math's port of MINPACK, which stays the fallback when
 * this one does not converge.
 * <p>
 * Why: MINPACK's QR of the n×m Jacobian (commons-math, column access over row arrays, copies per iteration) was a
 * third of the CPU time of a Ti 2p fit; forming JᵀJ row by row costs a tenth of that and the m×m Cholesky nothing.
 * The normal equations square the condition number, which the column scaling and the fallback cover (the NIST StRD
 * tests pass through this path).
 */
final class DampedGaussNewton {
	/** The weighted model f(u) and its Jacobian in the solver's coordinates u. */
	interface Model {
		/** Fills out (length n) with the weighted model at u. */
		void value(double[] u, double[] out);

		/** Fills cols (m columns of n) with the weighted Jacobian at u. */
		void jacobianColumns(double[] u, double[][] cols);
	}

	static final class Outcome {
		double[] u;
		int iterations, evaluations;
		boolean converged;
		String message;
	}

	private static final double EPS = 2.3e-16;

	private DampedGaussNewton() {}

	static Outcome minimize(Model model, double[] target, double[] u0, int maxEvaluations, double costTol,
		double parTol, double orthoTol)
	{
		int n = target.length, m = u0.length;
		double[] u = u0.clone(), trial = new double[m], f = new double[n], r = new double[n], rTrial = new double[n];
		model.value(u, f);
		double cost = residual(target, f, r);
		int evaluations = 1, iterations = 0;
		double[][] a = new double[m][m], chol = new double[m][m], cols = new double[m][n];
		double[] g = new double[m], d = new double[m], h = new double[m];
		double mu = 1e-3, nu = 2;
		boolean fresh = true;
		Outcome out = new Outcome();
		while (true) {
			if (fresh) {
				model.jacobianColumns(u, cols);
				normalEquations(cols, r, a, g);
				iterations++;
				double gmax = 0;
				for (int j = 0; j < m; j++) {
					d[j] = a[j][j];
					if (d[j] > 0 && cost > 0) gmax = Math.max(gmax, Math.abs(g[j]) / Math.sqrt(d[j] * cost));
				}
				double dmax = 0;
				for (double v : d) dmax = Math.max(dmax, v);
				for (int j = 0; j < m; j++) if (!(d[j] > 1e-14 * dmax)) d[j] = Math.max(1e-14 * dmax, Double.MIN_NORMAL);
				if (cost == 0 || gmax <= orthoTol) return done(out, u, iterations, evaluations, true, "converged");
				fresh = false;
			}
			if (evaluations >= maxEvaluations)
				return done(out, u, iterations, evaluations, false, "no convergence within " + maxEvaluations +
					" evaluations");
			if (!solve(a, d, mu, g, chol, h)) {
				mu *= nu;
				nu *= 2;
				if (!(mu < 1e300)) return done(out, u, iterations, evaluations, false, "singular normal equations");
				continue;
			}
			double unorm = 0, hnorm = 0, predicted = 0;
			for (int j = 0; j < m; j++) {
				trial[j] = u[j] + h[j];
				unorm += d[j] * u[j] * u[j];
				hnorm += d[j] * h[j] * h[j];
				predicted += h[j] * g[j] + mu * d[j] * h[j] * h[j];
			}
			model.value(trial, f);
			evaluations++;
			double costTrial = residual(target, f, rTrial);
			double actual = cost - costTrial;
			double rho = predicted > 0 ? actual / predicted : -1;
			boolean smallStep = Math.sqrt(hnorm) <= parTol * Math.sqrt(unorm);
			if (rho > 0 && Double.isFinite(costTrial)) {
				boolean smallReduction = actual <= costTol * cost && predicted <= costTol * cost;
				System.arraycopy(trial, 0, u, 0, m);
				double[] swap = r;
				r = rTrial;
				rTrial = swap;
				cost = costTrial;
				double t = 2 * rho - 1;
				mu *= Math.max(1.0 / 3, 1 - t * t * t);
				nu = 2;
				if (smallReduction || smallStep) return done(out, u, iterations, evaluations, true, "converged");
				fresh = true;
			}
			else {
				// a step shrunk by damping says nothing about the minimum (stopping on parTol here ended Voigt fits
				// early); only at machine precision, as MINPACK's info 6/7, is a rejected step the end
				if (predicted <= EPS * cost || Math.sqrt(hnorm) <= EPS * Math.sqrt(unorm))
					return done(out, u, iterations, evaluations, true, "converged (machine precision)");
				mu *= nu;
				nu *= 2;
				if (!(mu < 1e300)) return done(out, u, iterations, evaluations, false, "damping overflow");
			}
		}
	}

	private static Outcome done(Outcome o, double[] u, int iterations, int evaluations, boolean converged, String msg) {
		o.u = u;
		o.iterations = iterations;
		o.evaluations = evaluations;
		o.converged = converged;
		o.message = msg;
		return o;
	}

	/** r = target - f; returns |r|² (infinite when the model is not finite). */
	private static double residual(double[] target, double[] f, double[] r) {
		double s = 0;
		for (int i = 0; i < target.length; i++) {
			double v = target[i] - f[i];
			r[i] = v;
			s += v * v;
		}
		return Double.isFinite(s) ? s : Double.POSITIVE_INFINITY;
	}

	/** a = JᵀJ, g = Jᵀr from the Jacobian's columns: each entry is one long dot product. */
	private static void normalEquations(double[][] cols, double[] r, double[][] a, double[] g) {
		int m = g.length, n = r.length;
		for (int p = 0; p < m; p++) {
			double[] cp = cols[p];
			g[p] = dot(cp, r, n);
			for (int q = p; q < m; q++) a[p][q] = a[q][p] = dot(cp, cols[q], n);
		}
	}

	/** Four partial sums, so the loop is not one long chain of dependent additions. */
	private static double dot(double[] x, double[] y, int n) {
		double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
		int i = 0;
		for (; i + 3 < n; i += 4) {
			s0 += x[i] * y[i];
			s1 += x[i + 1] * y[i + 1];
			s2 += x[i + 2] * y[i + 2];
			s3 += x[i + 3] * y[i + 3];
		}
		for (; i < n; i++) s0 += x[i] * y[i];
		return (s0 + s1) + (s2 + s3);
	}

	/** Solves (a + mu diag(d)) h = g by Cholesky; false when not positive definite. */
	private static boolean solve(double[][] a, double[] d, double mu, double[] g, double[][] l, double[] h) {
		int m = g.length;
		for (int i = 0; i < m; i++) {
			for (int j = 0; j <= i; j++) {
				double s = a[i][j] + (i == j ? mu * d[i] : 0);
				for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
				if (i == j) {
					if (!(s > 0)) return false;
					l[i][i] = Math.sqrt(s);
				}
				else l[i][j] = s / l[j][j];
			}
		}
		for (int i = 0; i < m; i++) {
			double s = g[i];
			for (int k = 0; k < i; k++) s -= l[i][k] * h[k];
			h[i] = s / l[i][i];
		}
		for (int i = m - 1; i >= 0; i--) {
			double s = h[i];
			for (int k = i + 1; k < m; k++) s -= l[k][i] * h[k];
			h[i] = s / l[i][i];
		}
		for (double v : h) if (!Double.isFinite(v)) return false;
		return true;
	}
}
