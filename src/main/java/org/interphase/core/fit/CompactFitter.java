package org.interphase.core.fit;

import java.util.Arrays;

/**
 * The engine's fast path for small fixed models ({@link CompactModel}: a handful of parameters, analytic gradient):
 * Levenberg–Marquardt on primitive arrays with no allocation per iteration, for hot loops of thousands of profile
 * fits. Marquardt's damping JᵀJ + λ diag(JᵀJ), λ ÷4 on success and ×4 on failure (×10 when the system is
 * singular), box bounds by clamping the step. Uncertainties follow the engine's convention ({@link Fitter}): the
 * covariance is (JᵀJ)⁻¹ at the optimum scaled by the reduced chi-square, rss / (n - m).
 * <p>
 * Stops when an accepted step lowers the cost by less than {@link #costTolerance} (relative) or when every
 * parameter's step is below its {@link #stepTolerance}, or when no damping finds a lower cost (at the minimum to
 * numerical precision). One instance per thread: reuse it for every fit of a loop.
 */
public final class CompactFitter {
	private final CompactModel model;
	private final int m;
	private final double[] lo, hi, stepTol;
	private double costTol = 1e-8;
	private int maxIterations = 80;
	private boolean trustRegion;
	private double singular = 0;

	// results
	private final double[] p, cov, init;
	private double rss;
	private int n, iterations;
	private boolean converged, covarianceValid;

	// work arrays
	private final double[] jtj, jtr, sys, step, grad, trial, rhs, inv;
	/** The model as commons-math's function for the MINPACK path, its buffers reused by every fit (lazily made). */
	private MinpackAdapter adapter;

	public CompactFitter(CompactModel model) {
		this.model = model;
		m = model.parameterNames().size();
		lo = new double[m];
		hi = new double[m];
		stepTol = new double[m];
		Arrays.fill(lo, Double.NEGATIVE_INFINITY);
		Arrays.fill(hi, Double.POSITIVE_INFINITY);
		Arrays.fill(stepTol, Double.POSITIVE_INFINITY);
		p = new double[m];
		init = new double[m];
		cov = new double[m * m];
		jtj = new double[m * m];
		jtr = new double[m];
		sys = new double[m * m];
		step = new double[m];
		grad = new double[m];
		trial = new double[m];
		rhs = new double[m];
		inv = new double[m * m];
	}

	public CompactModel model() {
		return model;
	}

	/** Keeps parameter i in [min, max] (steps are clamped); infinite by default. */
	public CompactFitter bounds(int i, double min, double max) {
		if (!(min <= max)) throw new IllegalArgumentException("min " + min + " > max " + max);
		lo[i] = min;
		hi[i] = max;
		return this;
	}

	/** Converged when an accepted step lowers the cost by less than this fraction (default 1e-8). */
	public CompactFitter costTolerance(double relative) {
		costTol = relative;
		return this;
	}

	/**
	 * Converged also when every parameter's last step is below its tolerance (absolute, in the parameter's unit;
	 * infinite = that parameter does not take part; default: all infinite, i.e. only the cost rule).
	 */
	public CompactFitter stepTolerance(int i, double absolute) {
		stepTol[i] = absolute;
		return this;
	}

	public CompactFitter maxIterations(int k) {
		maxIterations = k;
		return this;
	}

	/**
	 * σ are not estimable (NaN, {@link #covarianceValid()} false) when a pivot of JᵀJ falls below this fraction of
	 * its largest diagonal element (default 0: only an exactly singular JᵀJ).
	 */
	public CompactFitter singularTolerance(double relative) {
		singular = relative;
		return this;
	}

	/**
	 * Solve with MINPACK's trust-region Levenberg–Marquardt (commons-math, the solver of {@link Fitter}) on the
	 * analytic gradient instead of the primitive loop: slower (commons-math still copies residuals and the Jacobian
	 * per evaluation; the model's values and Jacobian are written into buffers this fitter reuses) but it keeps to
	 * the basin of the start on profiles where an early Gauss–Newton step would collapse a step's width (HRTEM's
	 * sharp surfaces). Its own tolerances (1e-10) apply; bounds, costTolerance and stepTolerance do not; at most
	 * maxIterations iterations and 2 maxIterations evaluations.
	 */
	public CompactFitter trustRegion(boolean on) {
		trustRegion = on;
		return this;
	}

	/**
	 * Fits y[0..n) at x[0..n) from the start values start (length m); returns whether it converged. Results are
	 * read from this fitter until the next fit.
	 */
	public boolean fit(double[] x, double[] y, int n, double[] start) {
		if (n <= m) throw new IllegalArgumentException("not enough points (" + n + ") for " + m + " parameters");
		this.n = n;
		for (int k = 0; k < m; k++) p[k] = Math.max(lo[k], Math.min(hi[k], start[k]));
		System.arraycopy(p, 0, init, 0, m);
		if (trustRegion) return minpack(x, y, n);
		double cost = cost(x, y, n, p);
		double lambda = 1e-3;
		converged = false;
		iterations = 0;
		for (int it = 0; it < maxIterations; it++) {
			iterations = it + 1;
			normal(x, y, n, p);
			boolean improved = false;
			for (int tries = 0; tries < 12; tries++) {
				System.arraycopy(jtj, 0, sys, 0, m * m);
				for (int i = 0; i < m; i++) sys[i * (m + 1)] += lambda * Math.max(jtj[i * (m + 1)], 1e-12);
				if (!solve(sys, jtr, step)) {
					lambda *= 10;
					continue;
				}
				for (int k = 0; k < m; k++) trial[k] = Math.max(lo[k], Math.min(hi[k], p[k] + step[k]));
				double nc = cost(x, y, n, trial);
				if (nc < cost) {
					double rel = (cost - nc) / Math.max(cost, 1e-300);
					System.arraycopy(trial, 0, p, 0, m);
					cost = nc;
					lambda = Math.max(1e-12, lambda / 4);
					improved = true;
					boolean small = true;
					for (int k = 0; k < m; k++) if (!(Math.abs(step[k]) < stepTol[k])) small = false;
					if (rel < costTol || small) converged = true;
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
		finish(x, y, n, cost);
		return converged;
	}

	/** Covariance at the optimum p: (JᵀJ)⁻¹ rss / (n - m). */
	private void finish(double[] x, double[] y, int n, double cost) {
		rss = cost;
		normal(x, y, n, p);
		double var = cost / Math.max(1, n - m);
		covarianceValid = invert(jtj, inv);
		for (int i = 0; i < m * m; i++) cov[i] = covarianceValid ? inv[i] * var : Double.NaN;
	}

	private boolean minpack(double[] x, double[] y, int n) {
		if (adapter == null) adapter = new MinpackAdapter(model, m);
		org.apache.commons.math3.linear.RealVector target = adapter.reset(x, y, n);
		org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem lsp =
			new org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder().start(p.clone()).target(target)
				.maxEvaluations(2 * maxIterations).maxIterations(maxIterations).model(adapter).lazyEvaluation(true)
				.build();
		try {
			org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer.Optimum o =
				new org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer().optimize(lsp);
			System.arraycopy(o.getPoint().toArray(), 0, p, 0, m);
			iterations = o.getIterations();
			converged = true;
		}
		catch (RuntimeException e) {
			// too many evaluations or iterations, tolerances below machine precision: no answer
			converged = false;
			Arrays.fill(cov, Double.NaN);
			covarianceValid = false;
			rss = Double.NaN;
			return false;
		}
		finish(x, y, n, cost(x, y, n, p));
		return converged;
	}

	/** Best value of parameter i. */
	public double value(int i) {
		return p[i];
	}

	/** Best values (a copy). */
	public double[] values() {
		return p.clone();
	}

	/** Covariance of parameters i and j (scaled by the reduced chi-square); NaN when JᵀJ was singular. */
	public double covariance(int i, int j) {
		return cov[i * m + j];
	}

	/** One standard deviation of parameter i; NaN when not estimable. */
	public double stderr(int i) {
		return Math.sqrt(Math.max(0, cov[i * (m + 1)]));
	}

	/** Residual sum of squares at the optimum. */
	public double chiSquare() {
		return rss;
	}

	/** rss / (n - m). */
	public double reducedChiSquare() {
		return rss / Math.max(1, n - m);
	}

	public int iterations() {
		return iterations;
	}

	public boolean converged() {
		return converged;
	}

	public boolean covarianceValid() {
		return covarianceValid;
	}

	/** The last fit as a report in the layout of {@link FitResult#report()}. */
	public String report() {
		FitReport.Params r = new FitReport.Params();
		r.names = model.parameterNames().toArray(new String[0]);
		r.values = p.clone();
		r.sigmas = new double[m];
		r.init = init.clone();
		r.min = lo.clone();
		r.max = hi.clone();
		r.held = new String[m];
		r.atBound = new boolean[m];
		double[][] c = new double[m][m];
		for (int i = 0; i < m; i++) {
			r.sigmas[i] = covarianceValid ? stderr(i) : Double.NaN;
			r.atBound[i] = p[i] <= lo[i] || p[i] >= hi[i];
			for (int j = 0; j < m; j++) c[i][j] = cov[i * m + j];
		}
		return FitReport.text("Levenberg-Marquardt (compact)", iterations, n, m, rss, reducedChiSquare(), converged,
			"", covarianceValid, r, r.names, c, 0.1);
	}

	private double cost(double[] x, double[] y, int n, double[] q) {
		double c = 0;
		for (int i = 0; i < n; i++) {
			double r = y[i] - model.value(x[i], q);
			c += r * r;
		}
		return c;
	}

	/** JᵀJ and Jᵀr at q. */
	private void normal(double[] x, double[] y, int n, double[] q) {
		Arrays.fill(jtj, 0);
		Arrays.fill(jtr, 0);
		double[] j = grad;
		for (int i = 0; i < n; i++) {
			double r = y[i] - model.valueAndGradient(x[i], q, j);
			for (int a = 0; a < m; a++) {
				jtr[a] += j[a] * r;
				for (int b = a; b < m; b++) jtj[a * m + b] += j[a] * j[b];
			}
		}
		for (int a = 0; a < m; a++) for (int b = 0; b < a; b++) jtj[a * m + b] = jtj[b * m + a];
	}

	/** Solves s x = r by Gaussian elimination with partial pivoting (s is overwritten). */
	private boolean solve(double[] s, double[] r, double[] out) {
		double[] b = rhs;
		System.arraycopy(r, 0, b, 0, m);
		for (int c = 0; c < m; c++) {
			int piv = c;
			for (int i = c + 1; i < m; i++) if (Math.abs(s[i * m + c]) > Math.abs(s[piv * m + c])) piv = i;
			if (Math.abs(s[piv * m + c]) < 1e-300) return false;
			if (piv != c) {
				for (int k = 0; k < m; k++) {
					double t = s[c * m + k];
					s[c * m + k] = s[piv * m + k];
					s[piv * m + k] = t;
				}
				double t = b[c];
				b[c] = b[piv];
				b[piv] = t;
			}
			for (int i = c + 1; i < m; i++) {
				double f = s[i * m + c] / s[c * m + c];
				for (int k = c; k < m; k++) s[i * m + k] -= f * s[c * m + k];
				b[i] -= f * b[c];
			}
		}
		for (int i = m - 1; i >= 0; i--) {
			double v = b[i];
			for (int k = i + 1; k < m; k++) v -= s[i * m + k] * out[k];
			out[i] = v / s[i * m + i];
			if (!Double.isFinite(out[i])) return false;
		}
		return true;
	}

	/** Inverse by Gauss-Jordan with partial pivoting; false when singular. */
	private boolean invert(double[] a, double[] out) {
		double[] s = sys;
		System.arraycopy(a, 0, s, 0, m * m);
		double dmax = 0;
		for (int i = 0; i < m; i++) dmax = Math.max(dmax, Math.abs(a[i * (m + 1)]));
		double tiny = Math.max(1e-300, singular * dmax);
		for (int i = 0; i < m * m; i++) out[i] = i % (m + 1) == 0 ? 1 : 0;
		for (int c = 0; c < m; c++) {
			int piv = c;
			for (int i = c + 1; i < m; i++) if (Math.abs(s[i * m + c]) > Math.abs(s[piv * m + c])) piv = i;
			if (Math.abs(s[piv * m + c]) < tiny) return false;
			for (int k = 0; k < m; k++) {
				double t = s[c * m + k];
				s[c * m + k] = s[piv * m + k];
				s[piv * m + k] = t;
				t = out[c * m + k];
				out[c * m + k] = out[piv * m + k];
				out[piv * m + k] = t;
			}
			double pv = s[c * m + c];
			for (int k = 0; k < m; k++) {
				s[c * m + k] /= pv;
				out[c * m + k] /= pv;
			}
			for (int i = 0; i < m; i++) if (i != c) {
				double f = s[i * m + c];
				if (f == 0) continue;
				for (int k = 0; k < m; k++) {
					s[i * m + k] -= f * s[c * m + k];
					out[i * m + k] -= f * out[c * m + k];
				}
			}
		}
		return true;
	}
}
