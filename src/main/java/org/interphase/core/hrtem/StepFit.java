package org.interphase.core.hrtem;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Sub-pixel location of a blurred step: least-squares fit of y(t) = low + (high - low) * Phi((t - t0) / s)
 * (an error-function edge, Phi the normal CDF) with Levenberg-Marquardt. The uncertainty of t0 is the
 * covariance estimate scaled by the residual variance, inflated by the square root of the correlation length
 * of the residuals (the profiles are smoothed, so neighbouring residuals are not independent).
 */
public final class StepFit {
	public final double t0, width, low, high;
	public final double sigmaT0;
	public final double rms;
	public final boolean converged;

	private StepFit(double t0, double width, double low, double high, double sigmaT0, double rms, boolean converged) {
		this.t0 = t0;
		this.width = width;
		this.low = low;
		this.high = high;
		this.sigmaT0 = sigmaT0;
		this.rms = rms;
		this.converged = converged;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "step t0=%.2f±%.2f width=%.2f %.4g->%.4g rms=%.3g%s", t0, sigmaT0,
			width, low, high, rms, converged ? "" : " (not converged)");
	}

	public double amplitude() {
		return high - low;
	}

	/** The model at t. */
	public double value(double t) {
		return low + (high - low) * phi((t - t0) / width);
	}

	static double phi(double z) {
		return 0.5 * (1 + erf(z / Math.sqrt(2)));
	}

	/** erf with absolute error below 1.2e-7 (Numerical Recipes' erfc Chebyshev fit). */
	static double erf(double x) {
		double z = Math.abs(x);
		double t = 1 / (1 + 0.5 * z);
		double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t *
			(-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t *
				0.17087277)))))))));
		return x >= 0 ? 1 - r : r - 1;
	}

	/**
	 * Fits y[from..to) at positions t[from..to) (NaN samples skipped), starting from edge position t0 and width
	 * s0; corrLength is the number of samples over which residuals are correlated (1 = independent).
	 */
	public static StepFit fit(double[] t, double[] y, int from, int to, double t0, double s0, double corrLength) {
		int n = 0;
		for (int i = from; i < to; i++) if (!Double.isNaN(y[i])) n++;
		if (n < 6) return failed(t0);
		final double[] tt = new double[n], yy = new double[n];
		n = 0;
		for (int i = from; i < to; i++) if (!Double.isNaN(y[i])) {
			tt[n] = t[i];
			yy[n] = y[i];
			n++;
		}
		final int nn = n;
		// starting levels: means of the first and last quarter
		int q = Math.max(1, n / 4);
		double lo = 0, hi = 0;
		for (int i = 0; i < q; i++) {
			lo += yy[i];
			hi += yy[n - 1 - i];
		}
		lo /= q;
		hi /= q;
		double tMin = tt[0], tMax = tt[n - 1];
		double[] start = { lo, hi, Math.max(tMin, Math.min(tMax, t0)), Math.max(0.3, s0) };
		LeastSquaresBuilder b = new LeastSquaresBuilder().start(start).target(yy).maxEvaluations(400).maxIterations(
			200).model(pv -> {
				double[] p = pv.toArray();
				double[] v = new double[nn];
				double[][] jac = new double[nn][4];
				double s = Math.max(1e-3, Math.abs(p[3]));
				for (int i = 0; i < nn; i++) {
					double z = (tt[i] - p[2]) / s;
					double f = phi(z);
					double g = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
					v[i] = p[0] + (p[1] - p[0]) * f;
					jac[i][0] = 1 - f;
					jac[i][1] = f;
					jac[i][2] = -(p[1] - p[0]) * g / s;
					jac[i][3] = -(p[1] - p[0]) * g * z / s * Math.signum(p[3] == 0 ? 1 : p[3]);
				}
				return new Pair<RealVector, RealMatrix>(new ArrayRealVector(v, false), new Array2DRowRealMatrix(jac,
					false));
			});
		try {
			LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer().optimize(b.build());
			double[] p = o.getPoint().toArray();
			double rss = o.getResiduals().dotProduct(o.getResiduals());
			double dof = Math.max(1, nn - 4);
			double var = rss / dof;
			double sig;
			try {
				RealMatrix cov = o.getCovariances(1e-12);
				sig = Math.sqrt(Math.max(0, cov.getEntry(2, 2) * var * Math.max(1, corrLength)));
			}
			catch (RuntimeException e) {
				sig = Double.NaN;
			}
			boolean ok = p[2] >= tMin && p[2] <= tMax && Double.isFinite(sig);
			return new StepFit(p[2], Math.abs(p[3]), p[0], p[1], sig, Math.sqrt(var), ok);
		}
		catch (RuntimeException e) {
			return failed(t0);
		}
	}

	private static StepFit failed(double t0) {
		return new StepFit(t0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
	}
}
