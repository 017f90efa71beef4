package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spectrum model: the sum of its {@link Component}s (peaks, doublets, backgrounds, active backgrounds that
 * follow the peak sum). Immutable and thread-safe; fit it with {@link Fitter}.
 */
public final class Model {
	private final List<Component> components;

	public Model(List<Component> components) {
		List<Component> c = List.copyOf(components);
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (Component k : c)
			if (!seen.add(k.prefix())) throw new IllegalArgumentException("two components with prefix " + k.prefix());
		this.components = Collections.unmodifiableList(c);
	}

	public static Model of(Component... components) {
		return new Model(List.of(components));
	}

	/** A new model with one more component. */
	public Model plus(Component c) {
		List<Component> l = new ArrayList<>(components);
		l.add(c);
		return new Model(l);
	}

	public List<Component> components() {
		return components;
	}

	/** The component with this name (prefix without "_") or prefix, or null. */
	public Component component(String name) {
		for (Component c : components) if (c.name().equals(name) || c.prefix().equals(name)) return c;
		return null;
	}

	/** All full parameter names (prefix + local name), in component order. */
	public List<String> parameterNames() {
		List<String> n = new ArrayList<>();
		for (Component c : components) for (String s : c.parameterNames()) n.add(c.prefix() + s);
		return n;
	}

	/** The model (without any passive baseline) for the given parameters (links resolved on a copy). */
	public double[] eval(double[] x, Parameters params) {
		double[] out = new double[x.length];
		for (double[] c : evalComponents(x, params).values())
			for (int i = 0; i < out.length; i++) out[i] += c[i];
		return out;
	}

	/** Each component's curve, by component name, for the given parameters. */
	public Map<String, double[]> evalComponents(double[] x, Parameters params) {
		Parameters p = params.copy();
		p.resolveLinks();
		Map<String, double[]> m = new LinkedHashMap<>();
		double[] peakSum = new double[x.length];
		for (Component c : components) {
			if (c instanceof PeakSumBackground) continue;
			double[] v = new double[x.length];
			c.addTo(x, local(c, p), v);
			m.put(c.name(), v);
			if (c.isPeak()) for (int i = 0; i < v.length; i++) peakSum[i] += v[i];
		}
		for (Component c : components) {
			if (!(c instanceof PeakSumBackground)) continue;
			double[] v = new double[x.length];
			((PeakSumBackground) c).addTo(x, local(c, p), peakSum, v);
			m.put(c.name(), v);
		}
		// keep component order
		Map<String, double[]> ordered = new LinkedHashMap<>();
		for (Component c : components) ordered.put(c.name(), m.get(c.name()));
		return ordered;
	}

	static double[] local(Component c, Parameters p) {
		List<String> n = c.parameterNames();
		double[] v = new double[n.size()];
		for (int i = 0; i < v.length; i++) v[i] = p.value(c.prefix() + n.get(i));
		return v;
	}
}
