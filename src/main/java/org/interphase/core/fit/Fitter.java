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
		double[] target = new double[n];
		for (int i = 0; i < n; i++) target[i] = sw[i] * y[i];

		Problem.Evaluator ev = pb.new Evaluator(x);
		Core core = new Core(pb, ev, base, sw, target, opt.centralDifferences);

		double[] u0 = pb.internalStart();
		boolean converged;
		String message = "";
		int iterations = 0, evaluations = 0;
		double[] uBest = u0;
		if (m == 0) {
			uBest = u0;
			converged = true;
			message = "no free parameters";
		}
		else if (opt.normalEquations) {
			DampedGaussNewton.Outcome fast = DampedGaussNewton.minimize(core, target, u0, opt.maxEvaluations,
				opt.costTolerance, opt.parameterTolerance, opt.orthoTolerance);
			iterations = fast.iterations;
			evaluations = fast.evaluations;
			uBest = fast.u;
			converged = fast.converged;
			message = fast.message;
		}
		else converged = false;
		if (!converged && m > 0) {
			// MINPACK's QR-based Levenberg–Marquardt (commons-math) from the start: slower, better conditioned
			LeastSquaresProblem lsp = new LeastSquaresBuilder().start(u0).model(core).target(target)
				.lazyEvaluation(true).maxEvaluations(opt.maxEvaluations).maxIterations(opt.maxEvaluations).build();
			LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
				.withCostRelativeTolerance(opt.costTolerance).withParameterRelativeTolerance(opt.parameterTolerance)
				.withOrthoTolerance(opt.orthoTolerance);
			try {
				LeastSquaresOptimizer.Optimum o = lm.optimize(lsp);
				uBest = o.getPoint().toArray();
				iterations += o.getIterations();
				evaluations += o.getEvaluations();
				converged = true;
				message = "converged";
			}
			catch (TooManyEvaluationsException | TooManyIterationsException e) {
				uBest = core.bestU != null ? core.bestU : u0;
				converged = false;
				message = "no convergence within " + opt.maxEvaluations + " evaluations";
				evaluations += opt.maxEvaluations;
			}
			catch (ConvergenceException e) {
				// tolerances below machine precision: the best point is as good as it gets
				uBest = core.bestU != null ? core.bestU : u0;
				converged = true;
				message = "converged (" + e.getMessage() + ")";
			}
		}
		// final state, Jacobian with central differences for the covariance
		double[] v = new double[pb.names.length];
		pb.values(uBest, v);
		ev.full(v);
		double[] model_ = new double[n];
		ev.total(model_);
		double chi2 = 0;
		double[] envelope = new double[n], resid = new double[n];
		boolean finite = true;
		for (int i = 0; i < n; i++) {
			envelope[i] = base[i] + model_[i];
			resid[i] = y[i] - envelope[i];
			double r = sw[i] * resid[i];
			chi2 += r * r;
			if (!Double.isFinite(envelope[i])) finite = false;
		}
		if (!finite) {
			converged = false;
			message = "model not finite at the solution";
		}
		int dof = n - m;
		double redchi = chi2 / dof;
		double[][] covFree = new double[m][m];
		boolean covOk = m > 0 && finite;
		if (m > 0 && finite) {
			// Jacobian in EXTERNAL free parameters (central differences with centralDifferences, else forward): the covariance stays honest for
			// parameters at or near a bound, where the transform's derivative vanishes
			double[] pfree = new double[m];
			for (int a = 0; a < m; a++) pfree[a] = v[pb.free[a]];
			double[][] jp = core.jacobianExternal(pfree, opt.centralDifferences);
			// normal matrix of the column-scaled Jacobian (scaling removes the ill-conditioning that comes from
			// parameter units), pseudo-inverted by its eigen-decomposition
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
			// restore the evaluator state at the solution
			ev.full(v);
		}
		// propagate to every parameter through the affine links: G = dv/dp_free
		int np = pb.names.length;
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
		java.util.List<String> atBound = new java.util.ArrayList<>();
		for (int a = 0; a < m; a++) if (pb.atBound(a, v[pb.free[a]])) atBound.add(pb.names[pb.free[a]]);
		double[][] curves = new double[ev.curves.length][];
		for (int c = 0; c < curves.length; c++) curves[c] = ev.curves[c].clone();
		return new FitResult(pb, x.clone(), y.clone(), sw, base.clone(), v, covAll, covFree, curves, envelope, resid,
			chi2, redchi, m, converged, covOk, message, iterations, evaluations, atBound);
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
