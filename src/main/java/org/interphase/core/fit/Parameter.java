package org.interphase.core.fit;

/**
 * One model parameter as DATA (lmfit style): a value, optional bounds, whether it varies, or a {@link Link} to
 * other parameters (a linked parameter is never free). Mutable by design so templates can be edited; the
 * fitter copies what it needs and never changes the caller's object.
 */
public final class Parameter {
	public final String name;
	public double value;
	public double min = Double.NEGATIVE_INFINITY;
	public double max = Double.POSITIVE_INFINITY;
	public boolean vary = true;
	/** Null for an independent parameter. */
	public Link link;

	/** Compiled once: every fit of a map pixel creates its parameters anew. */
	private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_+\\-./=]*");

	public Parameter(String name, double value) {
		if (name == null || !NAME.matcher(name).matches())
			throw new IllegalArgumentException("bad parameter name: " + name);
		this.name = name;
		this.value = value;
	}

	public Parameter bounds(double min, double max) {
		if (!(min <= max)) throw new IllegalArgumentException(name + ": min " + min + " > max " + max);
		this.min = min;
		this.max = max;
		return this;
	}

	public Parameter fixed() {
		this.vary = false;
		return this;
	}

	public Parameter vary(boolean v) {
		this.vary = v;
		return this;
	}

	public Parameter link(Link l) {
		this.link = l;
		return this;
	}

	/** Free: varies and is not linked. */
	public boolean isFree() {
		return vary && link == null;
	}

	public Parameter copy() {
		Parameter p = new Parameter(name, value);
		p.min = min;
		p.max = max;
		p.vary = vary;
		p.link = link;
		return p;
	}

	@Override
	public String toString() {
		return name + "=" + value + (link != null ? " (= " + link + ")" : vary ? "" : " (fixed)")
			+ (min > Double.NEGATIVE_INFINITY || max < Double.POSITIVE_INFINITY ? " [" + min + ", " + max + "]" : "");
	}
}
