package org.interphase.core.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A plot as data: Fiji shows it as an ImageJ Plot, the command line and the report save it as PNG. Keeping it
 * data keeps the core free of ImageJ and AWT.
 */
public final class Figure {
	public enum Style { LINE, POINTS, ERROR_BARS, BARS }

	public static final class Series {
		public final String name;
		public final double[] x;
		public final double[] y;
		/** One-sigma error bars, or null. */
		public final double[] yError;
		public final Style style;
		/** Colour as #rrggbb, or empty for the renderer's choice. */
		public final String color;

		public Series(String name, double[] x, double[] y, double[] yError, Style style, String color) {
			if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
			this.name = name;
			this.x = x;
			this.y = y;
			this.yError = yError;
			this.style = style;
			this.color = color == null ? "" : color;
		}
	}

	/** File-name-safe identifier, e.g. "depth-profile". */
	public final String id;
	public final String title;
	public final String xLabel;
	public final String yLabel;
	private final List<Series> series = new ArrayList<>();
	private boolean reversedX;

	public Figure(String id, String title, String xLabel, String yLabel) {
		this.id = id;
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
	}

	public Figure line(String name, double[] x, double[] y, String color) {
		series.add(new Series(name, x, y, null, Style.LINE, color));
		return this;
	}

	public Figure points(String name, double[] x, double[] y, double[] yError, String color) {
		series.add(new Series(name, x, y, yError, yError == null ? Style.POINTS : Style.ERROR_BARS, color));
		return this;
	}

	public Figure add(Series s) {
		series.add(s);
		return this;
	}

	/** Draw the x axis from high to low values (binding energy, as XPS programs do). */
	public Figure reversedX(boolean r) {
		reversedX = r;
		return this;
	}

	public boolean reversedX() {
		return reversedX;
	}

	public List<Series> series() {
		return Collections.unmodifiableList(series);
	}
}
