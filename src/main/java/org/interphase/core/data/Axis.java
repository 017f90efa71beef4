package org.interphase.core.data;

import java.util.Arrays;

/**
 * One axis of a signal: a name, a length and a calibration. Uniform axes have value(i) = offset + i * scale;
 * non-uniform axes (Raman shift, irregular XPS) carry their values explicitly.
 */
public final class Axis {
	public final String name;
	public final int size;
	public final double scale;
	public final double offset;
	public final String units;
	private final double[] values;

	public Axis(String name, int size, double scale, double offset, String units) {
		this.name = name == null ? "" : name;
		this.size = size;
		this.scale = scale;
		this.offset = offset;
		this.units = units == null ? "" : units;
		this.values = null;
	}

	/** A non-uniform axis; scale and offset are the mean step and the first value. */
	public Axis(String name, double[] values, String units) {
		this.name = name == null ? "" : name;
		this.size = values.length;
		this.values = values.clone();
		this.offset = values.length > 0 ? values[0] : 0;
		this.scale = values.length > 1 ? (values[values.length - 1] - values[0]) / (values.length - 1) : 1;
		this.units = units == null ? "" : units;
	}

	/** An uncalibrated axis in pixels. */
	public static Axis pixels(String name, int size) {
		return new Axis(name, size, 1, 0, "px");
	}

	public boolean isUniform() {
		return values == null;
	}

	public double value(int i) {
		return values != null ? values[i] : offset + i * scale;
	}

	/** All values of the axis (a copy). */
	public double[] values() {
		if (values != null) return values.clone();
		double[] v = new double[size];
		for (int i = 0; i < size; i++) v[i] = offset + i * scale;
		return v;
	}

	public boolean isCalibrated() {
		return !(units.isEmpty() || units.equals("px") || units.equals("pixel") || units.equals("pixels"))
			|| scale != 1;
	}

	public Axis withSize(int newSize) {
		if (values != null) return new Axis(name, Arrays.copyOf(values, newSize), units);
		return new Axis(name, newSize, scale, offset, units);
	}

	@Override
	public String toString() {
		return name + "[" + size + "] " + (isUniform() ? offset + " + i*" + scale : "non-uniform") + " " + units;
	}
}
