package org.interphase.core.sem;

/** The reaction front on one normal profile: the fitted graded step and how much to trust it. */
public final class FrontFit {
	/** 50 % point of the step, px from the surface; NaN when no rising step was found. */
	public final double depth;
	/** One-sigma uncertainty of depth from the fit covariance, px. */
	public final double depthSd;
	/** Gaussian width s of the step, px (10-90 % width = 2.563 s). */
	public final double sigma;
	/** Fitted layer and bulk plateaus. */
	public final double layer, bulk;
	/** Significance of the step: (bulk - layer) / its standard error, from the best two-plateau split. */
	public final double t;
	/** Residual sd of the fit. */
	public final double noise;
	public final boolean converged;
	/** Plateau means of the best two-segment split (robust to a fitted step extrapolating beyond the data). */
	public final double splitLayer, splitBulk;

	FrontFit(double depth, double depthSd, double sigma, double layer, double bulk, double t, double noise,
		boolean converged)
	{
		this(depth, depthSd, sigma, layer, bulk, t, noise, converged, Double.NaN, Double.NaN);
	}

	private FrontFit(double depth, double depthSd, double sigma, double layer, double bulk, double t, double noise,
		boolean converged, double splitLayer, double splitBulk)
	{
		this.depth = depth;
		this.depthSd = depthSd;
		this.sigma = sigma;
		this.layer = layer;
		this.bulk = bulk;
		this.t = t;
		this.noise = noise;
		this.converged = converged;
		this.splitLayer = splitLayer;
		this.splitBulk = splitBulk;
	}

	static final FrontFit NONE = new FrontFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
		Double.NaN, false);

	public boolean found() {
		return !Double.isNaN(depth);
	}

	/** Relative contrast of the layer, |bulk - layer| / bulk (darkening or brightening), from the two-segment split. */
	public double relativeContrast() {
		double a = Double.isNaN(splitLayer) ? layer : splitLayer, b = Double.isNaN(splitBulk) ? bulk : splitBulk;
		return b > 0 ? Math.abs(b - a) / b : Math.abs(b - a);
	}

	/** This fit with the plateau means a, b of the best two-segment split. */
	FrontFit split(double a, double b) {
		return new FrontFit(depth, depthSd, sigma, layer, bulk, t, noise, converged, a, b);
	}
}
