package org.interphase.core.fit;

/**
 * How to fit: weights, a passive baseline, tolerances. Fluent setters return this; defaults suit counting
 * spectra (Poisson weights 1/max(y, 1), covariance scaled by the reduced chi-square as lmfit does).
 */
public final class FitOptions {
	public enum Weighting {
		/** w = 1 / max(y, 1): counting statistics (default). */
		POISSON,
		/** w = 1: ordinary least squares (NIST StRD, lmfit without weights). */
		UNIT,
		/** w given by {@link #weights(double[])} (1/sigma^2). */
		CUSTOM
	}

	Weighting weighting = Weighting.POISSON;
	double[] weights;
	double[] baseline;
	int maxEvaluations = 2000;
	double costTolerance = 1e-10;
	double parameterTolerance = 1e-10;
	double orthoTolerance = 1e-10;
	boolean centralDifferences = false;
	boolean normalEquations = false;
	boolean scaleCovariance = true;

	public FitOptions weighting(Weighting w) {
		this.weighting = w;
		return this;
	}

	/** Custom weights 1/sigma^2 (sets CUSTOM weighting). */
	public FitOptions weights(double[] w) {
		this.weights = w;
		this.weighting = Weighting.CUSTOM;
		return this;
	}

	/** A background subtracted first: the model fitted is baseline + components. */
	public FitOptions baseline(double[] b) {
		this.baseline = b;
		return this;
	}

	public FitOptions maxEvaluations(int n) {
		this.maxEvaluations = n;
		return this;
	}

	public FitOptions tolerances(double cost, double parameter, double ortho) {
		this.costTolerance = cost;
		this.parameterTolerance = parameter;
		this.orthoTolerance = ortho;
		return this;
	}

	/** Central instead of forward finite differences (twice the cost, ~1e-10 accurate derivatives). */
	/**
	 * Solve with {@link DampedGaussNewton} (Levenberg–Marquardt on the normal equations, about a third less CPU)
	 * before MINPACK's QR-based Levenberg–Marquardt, which remains the fallback when it does not converge. Off by
	 * default: on multi-modal models (XRD halo + peaks, Voigt bands) it can settle in another local minimum than
	 * MINPACK's trust region does; XPS templates (well-started doublets) are validated with it.
	 */
	public FitOptions normalEquations(boolean on) {
		this.normalEquations = on;
		return this;
	}

	public FitOptions centralDifferences(boolean c) {
		this.centralDifferences = c;
		return this;
	}

	/** Scale the covariance by the reduced chi-square (lmfit's scale_covar, default true). */
	public FitOptions scaleCovariance(boolean s) {
		this.scaleCovariance = s;
		return this;
	}

	public Weighting weighting() {
		return weighting;
	}

	public double[] baseline() {
		return baseline;
	}

	public FitOptions copy() {
		FitOptions o = new FitOptions();
		o.weighting = weighting;
		o.weights = weights;
		o.baseline = baseline;
		o.maxEvaluations = maxEvaluations;
		o.costTolerance = costTolerance;
		o.parameterTolerance = parameterTolerance;
		o.orthoTolerance = orthoTolerance;
		o.centralDifferences = centralDifferences;
		o.scaleCovariance = scaleCovariance;
		return o;
	}
}
