package org.interphase.ij;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.interphase.core.data.LengthUnits;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;

/** Converts between ImageJ images and the core data model, keeping the spatial calibration. */
public final class ImagePlusData {
	private ImagePlusData() {}

	/** An ImagePlus (2D or a stack, RGB as luminance) as a dataset with one signal, calibrated as in ImageJ. */
	public static Dataset toDataset(ImagePlus imp, String source) {
		int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize();
		if ((long) w * h * n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(source +
			": image too large for one array (" + w + "x" + h + "x" + n + ")");
		double[] data = new double[w * h * n];
		ImageStack stack = imp.getStack();
		for (int z = 0; z < n; z++) {
			ImageProcessor ip = stack.getProcessor(z + 1);
			int off = z * w * h;
			if (ip instanceof ColorProcessor) {
				int[] px = (int[]) ip.getPixels();
				for (int i = 0; i < px.length; i++) {
					int c = px[i];
					data[off + i] = 0.299 * ((c >> 16) & 0xff) + 0.587 * ((c >> 8) & 0xff) + 0.114 * (c & 0xff);
				}
			}
			else {
				for (int i = 0; i < w * h; i++) data[off + i] = ip.getf(i);
			}
		}
		Calibration cal = imp.getCalibration();
		// a TIFF's print resolution (dots per inch/cm) is not a pixel size: treat it as uncalibrated
		boolean scaled = cal.scaled() && !isPrintUnit(cal.getUnit());
		String unit = scaled ? normaliseUnit(cal.getUnit()) : "px";
		double pw = scaled ? cal.pixelWidth : 1, ph = scaled ? cal.pixelHeight : 1;
		List<Axis> axes = new ArrayList<>();
		if (n > 1) axes.add(new Axis("frame", n, cal.frameInterval > 0 ? cal.frameInterval : 1, 0,
			cal.frameInterval > 0 ? cal.getTimeUnit() : ""));
		axes.add(new Axis("y", h, ph, cal.yOrigin == 0 ? 0 : -cal.yOrigin * ph, unit));
		axes.add(new Axis("x", w, pw, cal.xOrigin == 0 ? 0 : -cal.xOrigin * pw, unit));
		int[] shape = n > 1 ? new int[] { n, h, w } : new int[] { h, w };
		String dtype;
		switch (imp.getBitDepth()) {
			case 8: dtype = "uint8"; break;
			case 16: dtype = "uint16"; break;
			case 24: dtype = "rgb8"; break;
			default: dtype = "float32";
		}
		Signal s = new Signal(imp.getTitle(), dtype, shape, axes, data);
		Map<String, Object> md = new LinkedHashMap<>();
		if (scaled) {
			md.put(MetadataKeys.PIXEL_SIZE, pw);
			md.put(MetadataKeys.PIXEL_SIZE_UNIT, unit);
		}
		Object info = imp.getProperty("Info");
		if (info != null) md.put("ImageJ Info", info.toString());
		List<Signal> signals = new ArrayList<>();
		signals.add(s);
		return new Dataset(source, "ImageJ", signals, md);
	}

	static boolean isPrintUnit(String unit) {
		String u = unit == null ? "" : unit.trim().toLowerCase(java.util.Locale.ROOT);
		return u.equals("inch") || u.equals("inches") || u.equals("in");
	}

	/** ImageJ writes "micron" and "\u00B5m"; the suite uses "µm". */
	public static String normaliseUnit(String unit) {
		return LengthUnits.normalise(unit);
	}

	/**
	 * A 2D signal (or the frames of a 3D one) as a 32-bit ImagePlus with the spatial calibration. A colour image
	 * becomes its luminance; a spectrum image (y, x, energy / wavenumber) becomes a stack along the spectral axis,
	 * calibrated in z; a line scan (position, energy) an image whose x is the spectral axis.
	 */
	public static ImagePlus toImagePlus(Signal colourOrGrey) {
		Signal s = colourOrGrey.luminance();
		boolean cube = s.ndim() == 3 && isSpectral(s.lastAxis());
		int w = cube ? s.size(1) : s.width(), h = cube ? s.size(0) : s.height();
		int n = cube ? s.size(2) : s.ndim() >= 3 ? s.count(2) : 1;
		ImageStack stack = new ImageStack(w, h);
		double[] d = s.data();
		for (int z = 0; z < n; z++) {
			float[] px = new float[w * h];
			if (cube) for (int i = 0; i < px.length; i++) px[i] = (float) d[i * n + z];
			else for (int i = 0; i < px.length; i++) px[i] = (float) d[z * w * h + i];
			stack.addSlice(cube ? String.format(java.util.Locale.ROOT, "%.4g %s", s.lastAxis().value(z), s.lastAxis()
				.units) : "", new FloatProcessor(w, h, px));
		}
		ImagePlus imp = new ImagePlus(s.name, stack);
		Axis ax = cube ? s.axis(1) : s.lastAxis(), ay = s.ndim() >= 2 ? s.axis(cube ? 0 : s.ndim() - 2) : ax;
		Calibration cal = imp.getCalibration();
		if (ax.isCalibrated() && !ax.units.equals("px")) {
			cal.pixelWidth = ax.scale;
			cal.setXUnit(ax.units);
			if (ax.offset != 0) cal.xOrigin = -ax.offset / ax.scale;
		}
		if (ay.isCalibrated() && !ay.units.equals("px")) {
			cal.pixelHeight = ay.scale;
			cal.setYUnit(ay.units);
			if (ay.offset != 0) cal.yOrigin = -ay.offset / ay.scale;
		}
		if (cube && s.lastAxis().isCalibrated()) {
			Axis e = s.lastAxis();
			cal.pixelDepth = e.scale;
			cal.setZUnit(e.units);
			if (e.offset != 0) cal.zOrigin = -e.offset / e.scale;
		}
		return imp;
	}

	/** A spectral axis (energy, wavenumber, Raman shift) rather than a spatial or frame axis. */
	static boolean isSpectral(Axis a) {
		String n = a.name == null ? "" : a.name.toLowerCase(java.util.Locale.ROOT);
		String u = a.units == null ? "" : a.units.trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
		return n.contains("energy") || n.contains("wavenumber") || n.contains("raman") || n.contains("shift") || org
			.interphase.core.data.EnergyUnits.isEnergy(u) || u.equals("cm-1") || u.equals("1/cm") || u.equals("cm\u207b\u00b9");
	}
}
