package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Polynomial background fitted inside the model: sum c_i (x - x0)^i, parameters c0..cN. Degree 1 with x0 = 0
 * is lmfit's LinearModel (c0 = intercept, c1 = slope). Choose x0 inside the data (e.g. its centre) for
 * well-conditioned fits on a binding-energy axis. Not a peak.
 */
public final class Polynomial implements Component {
	private final String prefix;
	private final int degree;
	private final double x0;
	private final List<String> names;

	public Polynomial(String prefix, int degree, double x0) {
		if (degree < 0 || degree > 10) throw new IllegalArgumentException("polynomial degree 0..10, not " + degree);
		this.prefix = prefix;
		this.degree = degree;
		this.x0 = x0;
		List<String> n = new ArrayList<>();
		for (int i = 0; i <= degree; i++) n.add("c" + i);
		names = Collections.unmodifiableList(n);
	}

	/** Straight line c0 + c1 (x - x0). */
	public static Polynomial linear(String prefix, double x0) {
		return new Polynomial(prefix, 1, x0);
	}

	public int degree() {
		return degree;
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
		return false;
	}

	@Override
	public void addTo(double[] x, double[] p, double[] out) {
		for (int i = 0; i < x.length; i++) {
			double d = x[i] - x0, v = p[degree];
			for (int k = degree - 1; k >= 0; k--) v = v * d + p[k];
			out[i] += v;
		}
	}
}
