package org.interphase.core.raman;

import java.util.Locale;

/**
 * Estimates a Raman baseline with the chosen method and says what was done (the choice is part of the result:
 * the same spectrum with another baseline gives other areas). One instance per thread and spectrum length: the
 * work arrays are reused, so maps allocate nothing per pixel.
 */
public final class Baseline {
	/** Default relative weight of the automatic smoothness rule, see {@link #autoLambda}. */
	public static final double AUTO_FACTOR = 4;

	private final BaselineMethod method;
	private final double lambda;
	private final int polyOrder;
	private final WhittakerBaseline whittaker;
	private final PolynomialBaseline polynomial;

	/**
	 * @param method the algorithm
	 * @param lambda smoothness of ALS / arPLS (unused for polynomial); must be positive
	 * @param polyOrder order of the polynomial (unused otherwise)
	 * @param x the spectral axis (cm-1), used by the polynomial only
	 */
	public Baseline(BaselineMethod method, double lambda, int polyOrder, double[] x) {
		this.method = method;
		this.lambda = lambda;
		this.polyOrder = polyOrder;
		if (method == BaselineMethod.POLYNOMIAL) {
			polynomial = new PolynomialBaseline(x, polyOrder);
			whittaker = null;
		}
		else {
			if (!(lambda > 0)) throw new IllegalArgumentException("baseline lambda must be positive, not " + lambda);
			whittaker = new WhittakerBaseline(x.length);
			polynomial = null;
		}
	}

	/**
	 * The automatic smoothness of a second-difference Whittaker baseline. Its frequency response is
	 * 1 / (1 + lambda (2 - 2 cos w)^2) ~ 1 / (1 + lambda w^4), so it follows features longer than a period of
	 * 2 pi lambda^(1/4) channels and ignores shorter ones. The rule puts that period at {@code factor} times the
	 * widest band expected in the spectrum: lambda = (factor * widest / (2 pi))^4, widest in channels. With the
	 * default factor 4 and 60 cm-1 bands on a 1 cm-1 grid this gives about 2e6.
	 *
	 * @param widestBandCm1 FWHM of the broadest band that must stay out of the baseline, cm-1
	 * @param channelCm1 mean channel spacing, cm-1
	 */
	public static double autoLambda(double widestBandCm1, double channelCm1, double factor) {
		double w = widestBandCm1 / Math.abs(channelCm1);
		double p = factor * w / (2 * Math.PI);
		return Math.max(1, p * p * p * p);
	}

	public BaselineMethod method() {
		return method;
	}

	/** Writes the baseline of y into out. */
	public void estimate(double[] y, double[] out) {
		if (method == BaselineMethod.POLYNOMIAL) polynomial.estimate(y, out);
		else if (method == BaselineMethod.ALS) whittaker.als(y, lambda, 0.01, out);
		else whittaker.arpls(y, lambda, out);
	}

	/**
	 * Re-estimates the baseline from data whose bands have been subtracted (data minus fitted bands): the same
	 * smoother without the asymmetric weights (Whittaker with unit weights, or a least-squares polynomial), so
	 * band tails and overlapping band clusters no longer pull the baseline up.
	 */
	public void refine(double[] bandFree, double[] out) {
		if (method == BaselineMethod.POLYNOMIAL) polynomial.fitOnce(bandFree, out);
		else whittaker.smooth(bandFree, lambda, out);
	}

	/** What was done, for the results table: "arpls lambda=2.1e+06". */
	public String describe() {
		if (method == BaselineMethod.POLYNOMIAL) return "polynomial order=" + polyOrder;
		return method.key() + String.format(Locale.ROOT, " lambda=%.3g", lambda);
	}
}
