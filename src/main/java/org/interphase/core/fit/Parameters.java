package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered, named set of {@link Parameter}s (lmfit's Parameters). Links are resolved in dependency order;
 * cycles and dangling references are reported as IllegalArgumentException naming the parameter.
 */
public final class Parameters {
	private final LinkedHashMap<String, Parameter> map = new LinkedHashMap<>();

	public Parameters() {}

	/** Adds (or replaces) a parameter; returns it for chaining bounds/links. */
	public Parameter add(String name, double value) {
		Parameter p = new Parameter(name, value);
		map.put(name, p);
		return p;
	}

	public Parameter add(Parameter p) {
		map.put(p.name, p);
		return p;
	}

	public Parameter get(String name) {
		Parameter p = map.get(name);
		if (p == null) throw new IllegalArgumentException("no parameter named " + name);
		return p;
	}

	public boolean has(String name) {
		return map.containsKey(name);
	}

	public double value(String name) {
		return get(name).value;
	}

	public Collection<Parameter> all() {
		return map.values();
	}

	public List<String> names() {
		return new ArrayList<>(map.keySet());
	}

	public int size() {
		return map.size();
	}

	public Parameters copy() {
		Parameters c = new Parameters();
		for (Parameter p : map.values()) c.add(p.copy());
		return c;
	}

	/** Sets every linked parameter's value from its references (in dependency order). */
	public void resolveLinks() {
		Map<String, Integer> state = new LinkedHashMap<>();
		for (Parameter p : map.values()) resolve(p, state);
	}

	private void resolve(Parameter p, Map<String, Integer> state) {
		Integer s = state.get(p.name);
		if (s != null && s == 2) return;
		if (s != null && s == 1) throw new IllegalArgumentException("circular link involving parameter " + p.name);
		state.put(p.name, 1);
		if (p.link != null) {
			Parameter r = map.get(p.link.ref);
			if (r == null) throw new IllegalArgumentException(p.name + " is linked to unknown parameter " + p.link.ref);
			resolve(r, state);
			double byValue = 0;
			if (p.link.by != null) {
				Parameter b = map.get(p.link.by);
				if (b == null) throw new IllegalArgumentException(p.name + " is linked to unknown parameter " + p.link.by);
				resolve(b, state);
				byValue = b.value;
			}
			p.value = p.link.apply(r.value, byValue);
		}
		state.put(p.name, 2);
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder();
		for (Parameter p : map.values()) s.append(p).append('\n');
		return s.toString();
	}
}
