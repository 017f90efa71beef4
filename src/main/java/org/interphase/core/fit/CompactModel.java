package org.interphase.core.fit;

import java.util.List;

/**
 * A small model with a fixed number of parameters and an analytic gradient, evaluated point by point: the fast
 * path of the engine ({@link CompactFitter}) for hot loops that fit thousands of profiles (an erf step per SEM or
 * HRTEM profile, a sine along a fringe line). Implementations are immutable and thread-safe.
 */
public interface CompactModel {
	/** Parameter names in the order of the value arrays. */
	List<String> parameterNames();

	/** The model at x for parameters p. */
	double value(double x, double[] p);

	/** The model at x; fills grad (length of p) with its partial derivatives. */
	double valueAndGradient(double x, double[] p, double[] grad);
}
