package org.interphase.core.sem;

/**
 * The graded step of a reaction front: I(v) = A + (B - A) * Phi((v - d) / s), with A the reduced-layer plateau,
 * B the bulk plateau, d the 50 % point (ISO 20263's averaged interface position) and s the gaussian width.
 */
public final class StepModel {
	private StepModel() {}

	/** 10-90 % width of the step in units of s: 2 * 1.2815516. */
	public static final double WIDTH_10_90 = 2.5631032;

	/** Standard normal cumulative distribution. */
	public static double phi(double z) {
		return 0.5 * (1 + erf(z * 0.7071067811865476));
	}

	/** Standard normal density. */
	public static double pdf(double z) {
		return 0.3989422804014327 * Math.exp(-0.5 * z * z);
	}

	/** erf, Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7): fast and plenty for a profile fit. */
	public static double erf(double x) {
		double ax = Math.abs(x);
		double t = 1 / (1 + 0.3275911 * ax);
		double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
			t * Math.exp(-ax * ax);
		return x < 0 ? -y : y;
	}
}
