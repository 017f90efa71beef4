package org.interphase.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.DoubleArray;
import net.imglib2.type.numeric.real.DoubleType;

/**
 * An N-dimensional array with calibrated axes: an image, a spectrum, a line scan (position x energy), a
 * spectrum image (y x x x energy), a stack (frame x y x x), a map. Shape and axes are listed slowest first
 * (numpy order); data are stored in C order in a primitive array. For images the last axis is x and the one
 * before it y. For spectra, line scans and spectrum images the last axis is the spectral one.
 * <p>
 * {@link #img()} views the same array as an imglib2 image without copying (imglib2 lists dimensions
 * fastest first).
 */
public final class Signal {
	public final String name;
	/** numpy-style type the file stored: uint8, uint16, int32, float32, float64, complex64, rgba8, bool ... */
	public final String dtype;
	private final int[] shape;
	private final List<Axis> axes;
	private final double[] data;
	private final double[] imaginary;
	private final Map<String, Object> metadata;

	public Signal(String name, String dtype, int[] shape, List<Axis> axes, double[] data, double[] imaginary,
		Map<String, Object> metadata)
	{
		if (shape.length != axes.size()) throw new IllegalArgumentException("shape has " + shape.length +
			" dimensions but " + axes.size() + " axes are given");
		long n = 1;
		for (int i = 0; i < shape.length; i++) {
			if (shape[i] < 0) throw new IllegalArgumentException("negative dimension " + shape[i]);
			if (axes.get(i).size != shape[i]) throw new IllegalArgumentException("axis " + i + " has size " +
				axes.get(i).size + " but the shape says " + shape[i]);
			n *= shape[i];
		}
		if (n != data.length) throw new IllegalArgumentException("shape holds " + n + " values but data has " +
			data.length);
		if (imaginary != null && imaginary.length != data.length) throw new IllegalArgumentException(
			"imaginary part has a different length");
		this.name = name == null ? "" : name;
		this.dtype = dtype == null ? "float64" : dtype;
		this.shape = shape.clone();
		this.axes = Collections.unmodifiableList(new ArrayList<>(axes));
		this.data = data;
		this.imaginary = imaginary;
		this.metadata = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
	}

	public Signal(String name, String dtype, int[] shape, List<Axis> axes, double[] data) {
		this(name, dtype, shape, axes, data, null, null);
	}

	/** A 2D image of width x height with square pixels of the given size (unit "px" when uncalibrated). */
	public static Signal image(String name, int width, int height, double[] data, double pixelSize, String unit) {
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("y", height, pixelSize, 0, unit));
		axes.add(new Axis("x", width, pixelSize, 0, unit));
		return new Signal(name, "float64", new int[] { height, width }, axes, data);
	}

	/** A 1D spectrum on the given axis. */
	public static Signal spectrum(String name, Axis axis, double[] counts) {
		List<Axis> axes = new ArrayList<>();
		axes.add(axis);
		return new Signal(name, "float64", new int[] { counts.length }, axes, counts);
	}

	public int ndim() {
		return shape.length;
	}

	public int[] shape() {
		return shape.clone();
	}

	public int size(int dim) {
		return shape[dim];
	}

	public List<Axis> axes() {
		return axes;
	}

	public Axis axis(int dim) {
		return axes.get(dim);
	}

	/** The last (fastest) axis: x for images, energy / shift for spectra. */
	public Axis lastAxis() {
		return axes.get(axes.size() - 1);
	}

	/** The backing array in C order (not a copy: do not modify unless you own the signal). */
	public double[] data() {
		return data;
	}

	public double[] imaginary() {
		return imaginary;
	}

	public boolean isComplex() {
		return imaginary != null;
	}

	public Map<String, Object> metadata() {
		return metadata;
	}

	public long length() {
		return data.length;
	}

	/** Width of an image: the size of the last axis. */
	public int width() {
		return shape[shape.length - 1];
	}

	/** Height of an image: the size of the second-to-last axis. */
	public int height() {
		return shape.length >= 2 ? shape[shape.length - 2] : 1;
	}

	/** The number of spectra / frames in front of the last axis (1 for a single spectrum). */
	public int count(int trailingDims) {
		int n = 1;
		for (int i = 0; i < shape.length - trailingDims; i++) n *= shape[i];
		return n;
	}

	/** Copy of the i-th 1D row along the last axis (the i-th spectrum of a line scan or spectrum image). */
	public double[] row(int i) {
		int n = shape[shape.length - 1];
		double[] out = new double[n];
		System.arraycopy(data, i * n, out, 0, n);
		return out;
	}

	/** Copy of the i-th 2D plane over the last two axes (the i-th frame of a stack). */
	public double[] plane(int i) {
		int n = width() * height();
		double[] out = new double[n];
		System.arraycopy(data, i * n, out, 0, n);
		return out;
	}

	/** The same array as an imglib2 image, dimensions fastest first; no copy. */
	public ArrayImg<DoubleType, DoubleArray> img() {
		long[] dims = new long[shape.length];
		for (int i = 0; i < shape.length; i++) dims[i] = shape[shape.length - 1 - i];
		return ArrayImgs.doubles(data, dims);
	}

	public Signal withMetadata(String key, Object value) {
		Map<String, Object> m = new LinkedHashMap<>(metadata);
		m.put(key, value);
		return new Signal(name, dtype, shape, axes, data, imaginary, m);
	}

	/** True for a colour image: a trailing "channel" axis (RGB, RGBA) after at least two spatial axes. */
	public boolean isColour() {
		return shape.length >= 3 && lastAxis().name.equals("channel");
	}

	/**
	 * A colour image as one grey value per pixel (Rec. 601 luma of R, G, B; alpha ignored; the first channel when
	 * there are fewer than three), with the spatial axes and metadata kept; any other signal is returned as is.
	 */
	public Signal luminance() {
		if (!isColour()) return this;
		int c = lastAxis().size, n = data.length / Math.max(1, c);
		double[] g = new double[n];
		for (int i = 0; i < n; i++) {
			int o = i * c;
			g[i] = c >= 3 ? 0.299 * data[o] + 0.587 * data[o + 1] + 0.114 * data[o + 2] : data[o];
		}
		int[] sh = java.util.Arrays.copyOf(shape, shape.length - 1);
		Map<String, Object> m = new LinkedHashMap<>(metadata);
		m.put("converted_from", dtype + " colour (luminance)");
		return new Signal(name, "float64", sh, axes.subList(0, axes.size() - 1), g, null, m);
	}

	public Signal withAxes(List<Axis> newAxes) {
		return new Signal(name, dtype, shape, newAxes, data, imaginary, metadata);
	}

	@Override
	public String toString() {
		return "Signal '" + name + "' " + dtype + " " + java.util.Arrays.toString(shape) + " " + axes;
	}
}
