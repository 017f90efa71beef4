package org.interphase.core.result;

/**
 * What an analysis measured, drawn on its input image: a polyline or polygon in pixel coordinates (ImageJ
 * convention: origin at the top-left corner, x right, y down). Fiji adds it to the overlay / ROI Manager.
 */
public final class OverlayShape {
	public enum Kind { POLYLINE, POLYGON, POINTS, LINE }

	public final String name;
	public final Kind kind;
	public final float[] x;
	public final float[] y;
	/** #rrggbb */
	public final String color;

	public OverlayShape(String name, Kind kind, float[] x, float[] y, String color) {
		if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
		this.name = name;
		this.kind = kind;
		this.x = x;
		this.y = y;
		this.color = color == null ? "#ffff00" : color;
	}

	public static OverlayShape polyline(String name, double[] x, double[] y, String color) {
		return new OverlayShape(name, Kind.POLYLINE, toFloat(x), toFloat(y), color);
	}

	public static OverlayShape points(String name, double[] x, double[] y, String color) {
		return new OverlayShape(name, Kind.POINTS, toFloat(x), toFloat(y), color);
	}

	private static float[] toFloat(double[] d) {
		float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
		return f;
	}
}
