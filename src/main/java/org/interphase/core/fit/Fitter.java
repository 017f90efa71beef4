package org.interphase.core.fit;

import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.ValueAndJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.util.Pair;

/**
 * Weighted nonlinear least squares of a {@link Model} to (x, y): Levenberg–Marquardt from commons-math3 on
 * bound-transformed free parameters, finite-difference Jacobians that re-evaluate only the components a
 * parameter touches, covariance mapped back through the transforms and the (affine) links, scaled by the
 * reduced chi-square (as lmfit). Stateless and thread-safe: call {@link #fit} from many threads at once.
 */
public final class Fitter {
	private Fitter() {}

	public static FitResult fit(Model model, Parameters params, double[] x, double[] y) {
		return fit(model, params, x, y, new FitOptions());
	}

	public static FitResult fit(Model model, Parameters params, double[] x, double[] y, FitOptions opt) {
		int n = x.length;
		if (y.length != n) throw new IllegalArgumentException("x and y differ in length: " + n + " vs " + y.length);
		for (int i = 0; i < n; i++)
			if (!Double.isFinite(x[i]) || !Double.isFinite(y[i]))
				throw new IllegalArgumentException("non-finite data at point " + i);
		Problem pb = new Problem(model, params);
		int m = pb.nFree();
		if (n <= m) throw new IllegalArgumentException("not enough points (" + n + ") for " + m + " free parameters");
		double[] base = opt.baseline != null ? opt.baseline : new double[n];
		if (base.length != n) throw new IllegalArgumentException("baseline length " + base.length + " != " + n);
		double[] sw = sqrtWeights(opt, y);
		double[] target = new double[n];
		for (int i = 0; i < n; i++) target[i] = sw[i] * y[i];

		Problem.Evaluator ev = pb.new Evaluator(x);
		Core core = new Core(pb, ev, base, sw, target, opt.centralDifferences);
		Minimum min = minimize(core, target, pb.internalStart(), m, opt);
		// final state, Jacobian with central differences for the covariance
		double[] v = new double[pb.names.length];
		pb.values(min.u, v);
		ev.full(v);
		Residuals res = residuals(ev, y, base, sw);
		if (!res.finite) {
			min.converged = false;
			min.message = "model not finite at the solution";
		}
		int dof = n - m;
		double redchi = res.chi2 / dof;
		double[][] covFree = new double[m][m];
		boolean covOk = m > 0 && res.finite;
		if (m > 0 && res.finite) {
			covOk = freeCovariance(pb, core, v, n, opt, redchi, covFree);
			// restore the evaluator state at the solution
			ev.full(v);
		}
		double[][] covAll = propagateCovariance(pb, v, covFree);
		java.util.List<String> atBound = new java.util.ArrayList<>();
		for (int a = 0; a < m; a++) if (pb.atBound(a, v[pb.free[a]])) atBound.add(pb.names[pb.free[a]]);
		double[][] curves = new double[ev.curves.length][];
		for (int c = 0; c < curves.length; c++) curves[c] = ev.curves[c].clone();
		return new FitResult(pb, x.clone(), y.clone(), sw, base.clone(), v, covAll, covFree, curves, res.envelope,
			res.resid, res.chi2, redchi, m, min.converged, covOk, min.message, min.iterations, min.evaluations, atBound);
	}

	/** Square roots of the point weights (unit, custom, or 1 / max(y, 1) for counts). */
	private static double[] sqrtWeights(FitOptions opt, double[] y) {
		int n = y.length;
		double[] sw = new double[n];
		for (int i = 0; i < n; i++) {
			double w;
			switch (opt.weighting) {
				case UNIT: w = 1; break;
				case CUSTOM: w = opt.weights[i]; break;
				default: w = 1 / Math.max(y[i], 1);
			}
			if (!(w >= 0) || !Double.isFinite(w)) throw new IllegalArgumentException("bad weight at point " + i);
			sw[i] = Math.sqrt(w);
		}
		return sw;
	}

	/** Where the minimiser stopped (internal coordinates) and how. */
	private static final class Minimum {
		double[] u;
		boolean converged;
		String message = "";
		int iterations, evaluations;
	}

	/**
	 * The damped Gauss-Newton on the normal equations when asked for, then MINPACK's Levenberg-Marquardt from the
	 * start when that did not converge.
	 */
	private static Minimum minimize(Core core, double[] target, double[] u0, int m, FitOptions opt) {
		Minimum min = new Minimum();
		min.u = u0;
		if (m == 0) {
			min.u = u0;
			min.converged = true;
			min.message = "no free parameters";
		}
		else if (opt.normalEquations) {
			DampedGaussNewton.Outcome fast = DampedGaussNewton.minimize(core, target, u0, opt.maxEvaluations,
				opt.costTolerance, opt.parameterTolerance, opt.orthoTolerance);
			min.iterations = fast.iterations;
			min.evaluations = fast.evaluations;
			min.u = fast.u;
			min.converged = fast.converged;
			min.message = fast.message;
		}
		else min.converged = false;
		if (!min.converged && m > 0) levenbergMarquardt(core, target, u0, opt, min);
		return min;
	}

	/** MINPACK's QR-based Levenberg–Marquardt (commons-math) from the start: slower, better conditioned. */
	private static void levenbergMarquardt(Core core, double[] target, double[] u0, FitOptions opt, Minimum min) {
		LeastSquaresProblem lsp = new LeastSquaresBuilder().start(u0).model(core).target(target)
			.lazyEvaluation(true).maxEvaluations(opt.maxEvaluations).maxIterations(opt.maxEvaluations).build();
		LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
			.withCostRelativeTolerance(opt.costTolerance).withParameterRelativeTolerance(opt.parameterTolerance)
			.withOrthoTolerance(opt.orthoTolerance);
		try {
			LeastSquaresOptimizer.Optimum o = lm.optimize(lsp);
			min.u = o.getPoint().toArray();
			min.iterations += o.getIterations();
			min.evaluations += o.getEvaluations();
			min.converged = true;
			min.message = "converged";
		}
		catch (TooManyEvaluationsException | TooManyIterationsException e) {
			min.u = core.bestU != null ? core.bestU : u0;
			min.converged = false;
			min.message = "no convergence within " + opt.maxEvaluations + " evaluations";
			min.evaluations += opt.maxEvaluations;
		}
		catch (ConvergenceException e) {
			// tolerances below machine precision: the best point is as good as it gets
			min.u = core.bestU != null ? core.bestU : u0;
			min.converged = true;
			min.message = "converged (" + e.getMessage() + ")";
		}
	}

	/** The envelope (baseline + model), residuals and weighted chi-square at the evaluator's current values. */
	private static final class Residuals {
		double[] envelope, resid;
		double chi2;
		boolean finite = true;
	}

	private static Residuals residuals(Problem.Evaluator ev, double[] y, double[] base, double[] sw) {
		int n = y.length;
		double[] model_ = new double[n];
		ev.total(model_);
		Residuals r = new Residuals();
		r.envelope = new double[n];
		r.resid = new double[n];
		double chi2 = 0;
		for (int i = 0; i < n; i++) {
			r.envelope[i] = base[i] + model_[i];
			r.resid[i] = y[i] - r.envelope[i];
			double q = sw[i] * r.resid[i];
			chi2 += q * q;
			if (!Double.isFinite(r.envelope[i])) r.finite = false;
		}
		r.chi2 = chi2;
		return r;
	}

	/**
	 * The covariance of the free parameters into covFree; false when the normal matrix is singular. Jacobian in
	 * EXTERNAL free parameters (central differences with centralDifferences, else forward): the covariance stays
	 * honest for parameters at or near a bound, where the transform's derivative vanishes. The normal matrix of the
	 * column-scaled Jacobian (scaling removes the ill-conditioning that comes from parameter units) is
	 * pseudo-inverted by its eigen-decomposition.
	 */
	private static boolean freeCovariance(Problem pb, Core core, double[] v, int n, FitOptions opt, double redchi,
		double[][] covFree) {
		int m = covFree.length;
		boolean covOk = true;
		double[] pfree = new double[m];
		for (int a = 0; a < m; a++) pfree[a] = v[pb.free[a]];
		double[][] jp = core.jacobianExternal(pfree, opt.centralDifferences);
		double[][] jt = new double[m][n];
		for (int i = 0; i < n; i++) for (int a = 0; a < m; a++) jt[a][i] = jp[i][a];
		double[] scale = new double[m];
		for (int a = 0; a < m; a++) {
			double s2 = 0;
			for (int i = 0; i < n; i++) s2 += jt[a][i] * jt[a][i];
			scale[a] = s2 > 0 ? 1 / Math.sqrt(s2) : 1;
		}
		double[][] nm = new double[m][m];
		for (int a = 0; a < m; a++)
			for (int b = a; b < m; b++) {
				double s2 = 0;
				double[] ja = jt[a], jb = jt[b];
				for (int i = 0; i < n; i++) s2 += ja[i] * jb[i];
				nm[a][b] = nm[b][a] = s2 * scale[a] * scale[b];
			}
		EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(nm, false));
		double[] ev2 = eig.getRealEigenvalues();
		RealMatrix vm = eig.getV();
		double emax = 0;
		for (double e : ev2) emax = Math.max(emax, Math.abs(e));
		double tol = emax * 1e-15 * Math.max(n, m);
		for (int a = 0; a < m; a++)
			for (int b = 0; b < m; b++) {
				double c = 0;
				for (int k = 0; k < m; k++) if (ev2[k] > tol) c += vm.getEntry(a, k) * vm.getEntry(b, k) / ev2[k];
				covFree[a][b] = c * scale[a] * scale[b] * (opt.scaleCovariance ? redchi : 1);
			}
		for (int k = 0; k < m; k++) if (!(ev2[k] > tol)) covOk = false;
		return covOk;
	}

	/** The covariance of every parameter through the affine links: G covFree G^T with G = dv/dp_free. */
	private static double[][] propagateCovariance(Problem pb, double[] v, double[][] covFree) {
		int m = covFree.length, np = pb.names.length;
		double[] pf = new double[m];
		for (int a = 0; a < m; a++) pf[a] = v[pb.free[a]];
		double[][] g = new double[np][m];
		double[] v1 = new double[np];
		for (int a = 0; a < m; a++) {
			double h = 1;
			pf[a] += h;
			pb.valuesFromFree(pf, v1);
			pf[a] -= h;
			for (int i = 0; i < np; i++) g[i][a] = (v1[i] - v[i]) / h;
		}
		double[][] covAll = new double[np][np];
		for (int i = 0; i < np; i++)
			for (int k = 0; k < np; k++) {
				double c = 0;
				for (int a = 0; a < m; a++) {
					if (g[i][a] == 0) continue;
					for (int b = 0; b < m; b++) c += g[i][a] * covFree[a][b] * g[k][b];
				}
				covAll[i][k] = c;
			}
		return covAll;
	}

	/** The weighted model and its Jacobian in internal coordinates. */
	static final class Core implements ValueAndJacobianFunction, DampedGaussNewton.Model {
		final Problem pb;
		final Problem.Evaluator ev;
		final double[] base, sw, target;
		final boolean central;
		final double[] v, v2, model;
		double bestCost = Double.POSITIVE_INFINITY;
		double[] bestU;

		Core(Problem pb, Problem.Evaluator ev, double[] base, double[] sw, double[] target, boolean central) {
			this.pb = pb;
			this.ev = ev;
			this.base = base;
			this.sw = sw;
			this.target = target;
			this.central = central;
			v = new double[pb.names.length];
			v2 = new double[pb.names.length];
			model = new double[base.length];
		}

		@Override
		public RealVector computeValue(double[] u) {
			double[] r = new double[model.length];
			value(u, r);
			return new ArrayRealVector(r, false);
		}

		@Override
		public void value(double[] u, double[] r) {
			pb.values(u, v);
			ev.full(v);
			ev.total(model);
			int n = model.length;
			double cost = 0;
			for (int i = 0; i < n; i++) {
				double f = sw[i] * (base[i] + model[i]);
				if (!Double.isFinite(f)) f = target[i] + 1e100;
				r[i] = f;
				double d = f - target[i];
				cost += d * d;
			}
			if (cost < bestCost) {
				bestCost = cost;
				bestU = u.clone();
			}
		}


		@Override
		public RealMatrix computeJacobian(double[] u) {
			return new Array2DRowRealMatrix(jacobian(u, central), false);
		}

		double[][] jacobian(double[] u, boolean centralDiff) {
			return differences(u, centralDiff, pb::values);
		}

		/** Weighted Jacobian with respect to the external free parameters (central or forward differences). */
		double[][] jacobianExternal(double[] pf, boolean centralDiff) {
			return differences(pf, centralDiff, pb::valuesFromFree);
		}

		/** Weighted finite-difference Jacobian (n rows of m) in the coordinates {@code toValues} maps to values. */
		private double[][] differences(double[] u, boolean centralDiff, java.util.function.BiConsumer<double[],
			double[]> toValues)
		{
			int n = base.length, m = u.length;
			double[][] cols = new double[m][n];
			columns(u, centralDiff, toValues, cols);
			double[][] jac = new double[n][m];
			for (int j = 0; j < m; j++) {
				double[] c = cols[j];
				for (int i = 0; i < n; i++) jac[i][j] = c[i];
			}
			return jac;
		}

		@Override
		public void jacobianColumns(double[] u, double[][] cols) {
			columns(u, central, pb::values, cols);
		}

		/** The same Jacobian written as m columns of n (no per-row arrays: the hot path of map fits). */
		private void columns(double[] u, boolean centralDiff, java.util.function.BiConsumer<double[], double[]> toValues,
			double[][] cols)
		{
			int n = base.length, m = u.length;
			toValues.accept(u, v);
			ev.full(v);
			double[] uu = u.clone();
			for (int j = 0; j < m; j++) {
				double h = (centralDiff ? 6e-6 : 1.5e-8) * Math.max(Math.abs(u[j]), 1e-3);
				double[] col = cols[j];
				java.util.Arrays.fill(col, 0);
				uu[j] = u[j] + h;
				toValues.accept(uu, v2);
				ev.delta(j, v2, col, 1);
				double denom = h;
				if (centralDiff) {
					uu[j] = u[j] - h;
					toValues.accept(uu, v2);
					ev.delta(j, v2, col, -1);
					denom = 2 * h;
				}
				uu[j] = u[j];
				for (int i = 0; i < n; i++) {
					double d = sw[i] * col[i] / denom;
					col[i] = Double.isFinite(d) ? d : 0;
				}
			}
		}

		@Override
		public Pair<RealVector, RealMatrix> value(RealVector point) {
			double[] u = point.toArray();
			return new Pair<>(computeValue(u), computeJacobian(u));
		}
	}
}
