package org.interphase.core.fit;

/**
 * A constraint that makes a parameter follow others, as plain data (serialisable to JSON templates):
 * {@code value = factor * ref + offset + byFactor * by}. Factories name the common cases: equal to, offset
 * from, multiple of another parameter, and offset from another parameter BY a third (fitted) parameter, e.g.
 * Ti3+ centre = Ti4+ centre - shift with the shift fitted inside a window.
 */
public final class Link {
	/** Name of the referenced parameter. */
	public final String ref;
	public final double factor;
	public final double offset;
	/** Optional second parameter added with {@link #byFactor}; null when absent. */
	public final String by;
	public final double byFactor;

	public Link(String ref, double factor, double offset, String by, double byFactor) {
		if (ref == null || ref.isEmpty()) throw new IllegalArgumentException("link without a referenced parameter");
		this.ref = ref;
		this.factor = factor;
		this.offset = offset;
		this.by = by == null || by.isEmpty() ? null : by;
		this.byFactor = this.by == null ? 0 : byFactor;
	}

	public static Link equalTo(String ref) {
		return new Link(ref, 1, 0, null, 0);
	}

	public static Link offsetFrom(String ref, double offset) {
		return new Link(ref, 1, offset, null, 0);
	}

	public static Link multipleOf(String ref, double factor) {
		return new Link(ref, factor, 0, null, 0);
	}

	/** value = ref + sign * by (sign +1 or -1), e.g. centre = ti4_center - ti3_shift. */
	public static Link offsetBy(String ref, String by, double sign) {
		return new Link(ref, 1, 0, by, sign);
	}

	double apply(double refValue, double byValue) {
		return factor * refValue + offset + (by == null ? 0 : byFactor * byValue);
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder();
		s.append(factor == 1 ? "" : factor + "*").append(ref);
		if (offset != 0) s.append(offset > 0 ? " + " : " - ").append(Math.abs(offset));
		if (by != null) s.append(byFactor >= 0 ? " + " : " - ").append(Math.abs(byFactor) == 1 ? "" : Math.abs(byFactor) + "*").append(by);
		return s.toString();
	}
}
