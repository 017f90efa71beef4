package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One line: parameters {@code area, center} followed by the shape's parameters (see {@link Shape}). */
public final class Peak implements Component {
	private final String prefix;
	private final Shape shape;
	private final List<String> names;

	public Peak(String prefix, Shape shape) {
		this.prefix = prefix;
		this.shape = shape;
		List<String> n = new ArrayList<>(List.of("area", "center"));
		n.addAll(shape.shapeParams());
		names = Collections.unmodifiableList(n);
	}

	public Shape shape() {
		return shape;
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
	public void addTo(double[] x, double[] p, double[] out) {
		shape.addLine(x, p[0], p[1], p, 2, out);
	}

	@Override
	public double area(double[] p) {
		return shape.areaIsExact() ? p[0] : Double.NaN;
	}

	@Override
	public boolean linearIn(int localIndex) {
		return localIndex == 0;
	}

	@Override
	public double fwhm(double[] p) {
		return shape.fwhm(p, 2);
	}
}
