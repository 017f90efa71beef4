package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A spin–orbit doublet: the main line ({@code area, center}, shape parameters) and a second line at
 * {@code center + split} with area {@code ratio * area} and its own width {@code <width>2} (e.g. "fwhm2";
 * Coster–Kronig broadening of 2p1/2). Use a positive split on a binding-energy axis (2p1/2 above 2p3/2).
 * {@link #area} is the total area of both lines.
 */
public final class Doublet implements Component {
	private final String prefix;
	private final Shape shape;
	private final List<String> names;
	private final int nShape, widthIdx;

	public Doublet(String prefix, Shape shape) {
		this.prefix = prefix;
		this.shape = shape;
		List<String> n = new ArrayList<>(List.of("area", "center"));
		n.addAll(shape.shapeParams());
		n.add("split");
		n.add("ratio");
		n.add(shape.widthParam() + "2");
		names = Collections.unmodifiableList(n);
		nShape = shape.shapeParams().size();
		widthIdx = shape.widthIndex();
	}

	public Shape shape() {
		return shape;
	}

	/** Name of the separate width parameter of the second line (without prefix), e.g. "fwhm2". */
	public String secondWidthName() {
		return shape.widthParam() + "2";
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
		double area = p[0], c = p[1];
		double split = p[2 + nShape], ratio = p[3 + nShape], w2 = p[4 + nShape];
		shape.addLine(x, area, c, p, 2, out);
		double[] s2 = new double[nShape];
		System.arraycopy(p, 2, s2, 0, nShape);
		s2[widthIdx] = w2;
		shape.addLine(x, area * ratio, c + split, s2, 0, out);
	}

	@Override
	public double area(double[] p) {
		return shape.areaIsExact() ? p[0] * (1 + p[3 + nShape]) : Double.NaN;
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
