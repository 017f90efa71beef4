package org.interphase.core.diffraction;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Least-squares fits of the peak shapes used here (Levenberg-Marquardt of commons-math): a 1D Gaussian on a
 * linear background (rings in I(r)) and a 2D circular Gaussian on a constant (spots). Uncertainties are the
 * covariance diagonal scaled by the reduced chi-square (one sigma).
 */
public final class PeakFit {
	private PeakFit() {}

	/** Fitted values, their sigmas, and whether the fit converged inside its window. */
	public static final class Result {
		public final double[] p, sigma;
		public final boolean converged;

		Result(double[] p, double[] sigma, boolean converged) {
			this.p = p;
			this.sigma = sigma;
			this.converged = converged;
		}
	}

	/** Gaussian A exp(-(x-x0)^2 / 2 s^2) + c0 + c1 (x - x0guess): p = {A, x0, s, c0, c1}. */
	public static Result gaussian1d(double[] x, double[] y, double[] start) {
		final double xr = start[1];
		MultivariateJacobianFunction f = point -> {
			double[] p = point.toArray();
			double[] v = new double[x.length];
			double[][] j = new double[x.length][5];
			for (int i = 0; i < x.length; i++) {
				double s = Math.max(1e-6, Math.abs(p[2]));
				double dx = x[i] - p[1];
				double e = Math.exp(-0.5 * dx * dx / (s * s));
				v[i] = p[0] * e + p[3] + p[4] * (x[i] - xr);
				j[i][0] = e;
				j[i][1] = p[0] * e * dx / (s * s);
				j[i][2] = p[0] * e * dx * dx / (s * s * s) * Math.signum(p[2] == 0 ? 1 : p[2]);
				j[i][3] = 1;
				j[i][4] = x[i] - xr;
			}
			return new Pair<RealVector, RealMatrix>(new ArrayRealVector(v, false), new Array2DRowRealMatrix(j, false));
		};
		return run(f, y, start, x.length);
	}

	/** 2D Gaussian A exp(-((x-x0)^2+(y-y0)^2) / 2 s^2) + c on pixel samples: p = {A, x0, y0, s, c}. */
	public static Result gaussian2d(double[] xs, double[] ys, double[] v, double[] start) {
		MultivariateJacobianFunction f = point -> {
			double[] p = point.toArray();
			int n = xs.length;
			double[] m = new double[n];
			double[][] j = new double[n][5];
			double s = Math.max(1e-6, Math.abs(p[3]));
			for (int i = 0; i < n; i++) {
				double dx = xs[i] - p[1], dy = ys[i] - p[2];
				double r2 = dx * dx + dy * dy;
				double e = Math.exp(-0.5 * r2 / (s * s));
				m[i] = p[0] * e + p[4];
				j[i][0] = e;
				j[i][1] = p[0] * e * dx / (s * s);
				j[i][2] = p[0] * e * dy / (s * s);
				j[i][3] = p[0] * e * r2 / (s * s * s);
				j[i][4] = 1;
			}
			return new Pair<RealVector, RealMatrix>(new ArrayRealVector(m, false), new Array2DRowRealMatrix(j, false));
		};
		return run(f, v, start, xs.length);
	}

	private static Result run(MultivariateJacobianFunction f, double[] target, double[] start, int n) {
		int np = start.length;
		try {
			LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder().model(f)
				.target(target).start(start).maxEvaluations(400).maxIterations(200).lazyEvaluation(false).build());
			double[] p = o.getPoint().toArray();
			double chi2 = o.getResiduals().dotProduct(o.getResiduals()) / Math.max(1, n - np);
			double[] sig = new double[np];
			try {
				RealMatrix cov = o.getCovariances(1e-12);
				for (int i = 0; i < np; i++) sig[i] = Math.sqrt(Math.max(0, cov.getEntry(i, i) * chi2));
			}
			catch (RuntimeException e) {
				java.util.Arrays.fill(sig, Double.NaN);
				return new Result(p, sig, false);
			}
			return new Result(p, sig, true);
		}
		catch (RuntimeException e) {
			double[] sig = new double[np];
			java.util.Arrays.fill(sig, Double.NaN);
			return new Result(start.clone(), sig, false);
		}
	}
}
