package org.interphase.core.fit;

import java.util.Collections;
import java.util.List;

/**
 * A component given by a formula in code (lmfit's ExpressionModel), e.g. the exponential background of the
 * NIST Gauss1 problem. Not a peak unless declared so.
 */
public final class Expression implements Component {
	/** The formula: value at x for local parameter values p. Must be thread-safe (pure). */
	public interface Function {
		double value(double x, double[] p);
	}

	private final String prefix;
	private final List<String> names;
	private final Function f;
	private final boolean peak;

	public Expression(String prefix, List<String> names, boolean peak, Function f) {
		this.prefix = prefix;
		this.names = Collections.unmodifiableList(List.copyOf(names));
		this.f = f;
		this.peak = peak;
	}

	@Override
	public String prefix() {
		return prefix;
	}

	@Override
	public List<String> parameterNames() {
		return names;
	}

	@Override
	public boolean isPeak() {
		return peak;
	}

	@Override
	public void addTo(double[] x, double[] p, double[] out) {
		for (int i = 0; i < x.length; i++) out[i] += f.value(x[i], p);
	}
}
