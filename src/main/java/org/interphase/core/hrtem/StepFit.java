package org.interphase.core.hrtem;

import org.interphase.core.fit.CompactFitter;
import org.interphase.core.fit.ErfStep;

/**
 * Sub-pixel location of a blurred step: least-squares fit of y(t) = low + (high - low) * Phi((t - t0) / s)
 * (an error-function edge, Phi the normal CDF): the engine's {@link ErfStep} model fitted by its
 * {@link CompactFitter}. The uncertainty of t0 is the engine's covariance (scaled by the reduced chi-square),
 * inflated by the square root of the correlation length of the residuals (the profiles are smoothed, so
 * neighbouring residuals are not independent).
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
		return ErfStep.phi(z);
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
		CompactFitter f = FITTER.get();
		try {
			if (!f.fit(tt, yy, nn, start)) return failed(t0);
		}
		catch (RuntimeException e) {
			return failed(t0);
		}
		double[] p = f.values();
		double var = f.reducedChiSquare();
		double sig = Math.sqrt(Math.max(0, f.covariance(ErfStep.CENTER, ErfStep.CENTER) * Math.max(1, corrLength)));
		boolean ok = p[2] >= tMin && p[2] <= tMax && Double.isFinite(sig);
		return new StepFit(p[2], Math.abs(p[3]), p[0], p[1], sig, Math.sqrt(var), ok);
	}

	/**
	 * One fitter per thread, MINPACK's trust region (the primitive loop's first Gauss-Newton steps collapse the
	 * width of sharp surface steps into a worse local minimum); the width unbounded (the model uses |width|).
	 */
	private static final ThreadLocal<CompactFitter> FITTER = ThreadLocal.withInitial(() -> new CompactFitter(
		ErfStep.MODEL).trustRegion(true).maxIterations(200).singularTolerance(1e-12));

	private static StepFit failed(double t0) {
		return new StepFit(t0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
	}
}
