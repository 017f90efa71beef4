package org.interphase.core.sem;

import org.interphase.core.fit.ErfStep;

/**
 * The graded step of a reaction front: I(v) = A + (B - A) * Phi((v - d) / s), with A the reduced-layer plateau,
 * B the bulk plateau, d the 50 % point (ISO 20263's averaged interface position) and s the gaussian width. The
 * engine's one step model, {@link ErfStep}, under the names SEM code and tests use.
 */
public final class StepModel {
	private StepModel() {}

	/** 10-90 % width of the step in units of s: 2 * 1.2815516. */
	public static final double WIDTH_10_90 = ErfStep.WIDTH_10_90;

	/** Standard normal cumulative distribution. */
	public static double phi(double z) {
		return ErfStep.phi(z);
	}

	/** Standard normal density. */
	public static double pdf(double z) {
		return ErfStep.pdf(z);
	}

	/** erf, Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
	public static double erf(double x) {
		return ErfStep.erf(x);
	}
}
