package org.interphase.core.fit;

import java.util.List;

/**
 * One additive part of a {@link Model}: a peak, a doublet, a background. Its parameters are named
 * {@code prefix + localName} (lmfit convention, e.g. "ti4_center"). Implementations are immutable and
 * thread-safe; {@link #addTo} must only ADD to {@code out}.
 */
public interface Component {
	/** Prefix of the component's parameter names, e.g. "ti4_"; also its name in results (without "_"). */
	String prefix();

	/** Local parameter names in the order {@link #addTo} receives their values. */
	List<String> parameterNames();

	/** Adds the component evaluated at every x to out, with local parameter values p. */
	void addTo(double[] x, double[] p, double[] out);

	/** True for peaks (summed into the envelope, count in areas, feed active backgrounds). */
	default boolean isPeak() {
		return true;
	}

	/** Area of the component over the whole line for its parameters, or NaN when it must be integrated. */
	default double area(double[] p) {
		return Double.NaN;
	}

	/** FWHM of the (first) line for its parameters, or NaN. */
	default double fwhm(double[] p) {
		return Double.NaN;
	}

	/**
	 * Whether the component is proportional to its local parameter {@code localIndex} (e.g. an area); lets the
	 * fitter get that derivative without re-evaluating the shape. Default false.
	 */
	default boolean linearIn(int localIndex) {
		return false;
	}

	/** Name of the component: the prefix without a trailing underscore. */
	default String name() {
		String p = prefix();
		return p.endsWith("_") ? p.substring(0, p.length() - 1) : p;
	}
}
