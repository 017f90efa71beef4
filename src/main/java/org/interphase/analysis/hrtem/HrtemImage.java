package org.interphase.analysis.hrtem;

import java.util.List;
import java.util.Locale;

import org.interphase.core.data.LengthUnits;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.hrtem.Phases;

/**
 * The 2D image an HRTEM analysis works on, with its pixel size in nm when the file is calibrated in a length
 * unit (nm, Å, pm, µm, mm, m); otherwise the analyses work in pixels and flag "uncalibrated". A stack gives
 * its first frame (with a warning); RGB has already been turned into luminance by the reader.
 */
final class HrtemImage {
	/** The files HRTEM analyses read: DigitalMicrograph, TIA and TIFF/PNG images. */
	static final List<String> EXTENSIONS = List.of("dm3", "dm4", "tif", "tiff", "png", "ser", "emi");

	/** The expected lattice spacings of the 'phase' parameter (a phase name or spacings in Å). */
	static List<Phases.Line> expectedLines(String phase) throws AnalysisException {
		try {
			return Phases.parse(phase);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(e.getMessage());
		}
	}

	final double[] data;
	final int width, height;
	/** nm per pixel, NaN when uncalibrated. */
	final double pixelNm;
	final String warning;

	private HrtemImage(double[] data, int width, int height, double pixelNm, String warning) {
		this.data = data;
		this.width = width;
		this.height = height;
		this.pixelNm = pixelNm;
		this.warning = warning;
	}

	boolean calibrated() {
		return !Double.isNaN(pixelNm);
	}

	/** Length in nm of n pixels, or n when uncalibrated. */
	double nm(double px) {
		return calibrated() ? px * pixelNm : px;
	}

	/** Unit of lengths: "nm" or "px". */
	String lengthUnit() {
		return calibrated() ? "nm" : "px";
	}

	/** Spacing in Å from pixels (or px when uncalibrated). */
	double angstrom(double px) {
		return calibrated() ? px * pixelNm * 10 : px;
	}

	String spacingUnit() {
		return calibrated() ? "\u00C5" : "px";
	}

	/** Pixels for a length in nm (NaN stays NaN); uncalibrated images take the value as pixels. */
	double px(double nmValue) {
		return calibrated() ? nmValue / pixelNm : nmValue;
	}

	/** The pixel size the user gives, nm (all three HRTEM analyses); formerly --pixel-size, also in nm. */
	static final Param PIXEL_SIZE_NM = Param.number("pixel-size-nm", Double.NaN, "nm", "pixel size when the file " +
		"has no calibration").positive(1e6).formerly("pixel-size");

	static HrtemImage of(Dataset d, double pixelSizeOverrideNm) throws AnalysisException {
		if (d.signals().isEmpty()) throw new AnalysisException(d.source + ": holds no image");
		Signal s = d.primary().luminance();
		if (s.ndim() < 2) throw new AnalysisException(d.source + ": holds a " + s.ndim() +
			"D signal, not an image; HRTEM analyses need a 2D image");
		if (s.isComplex()) throw new AnalysisException(d.source + ": holds a complex image (an FFT?); give the real image");
		int w = s.width(), h = s.height();
		String warning = null;
		double[] data;
		if (s.ndim() > 2) {
			data = s.plane(0);
			warning = "the file holds " + s.count(2) + " frames; the first one was analysed";
		}
		else data = s.data();
		for (double v : data) if (!Double.isFinite(v)) throw new AnalysisException(d.source +
			": the image has NaN or infinite pixels");
		double nm = Double.NaN;
		if (pixelSizeOverrideNm > 0) nm = pixelSizeOverrideNm;
		else {
			Axis ax = s.axis(s.ndim() - 1), ay = s.axis(s.ndim() - 2);
			double fx = toNm(ax.units), fy = toNm(ay.units);
			if (!Double.isNaN(fx) && ax.scale > 0) {
				nm = ax.scale * fx;
				if (!Double.isNaN(fy) && ay.scale > 0 && Math.abs(ay.scale * fy - nm) > 0.01 * nm) warning = join(warning,
					"pixels are not square (x " + fmt(nm) + " nm, y " + fmt(ay.scale * fy) + " nm); x is used");
			}
		}
		return new HrtemImage(data, w, h, nm, warning);
	}

	/** nm per unit, NaN for a unit that is not a length at TEM scale. */
	static double toNm(String unit) {
		return LengthUnits.nm(unit);
	}

	static String fmt(double v) {
		return String.format(Locale.ROOT, "%.4g", v);
	}

	private static String join(String a, String b) {
		return a == null ? b : a + "; " + b;
	}

	/** "x1,y1,x2,y2,..." in pixels. */
	static double[] parseCoordinates(String key, String text) throws AnalysisException {
		String[] parts = text.trim().split("[,;\\s]+");
		if (parts.length < 4 || parts.length % 2 != 0) throw new AnalysisException("parameter '" + key +
			"' needs pixel coordinates x1,y1,x2,y2[,...], not '" + text + "'");
		double[] v = new double[parts.length];
		try {
			for (int i = 0; i < parts.length; i++) v[i] = Double.parseDouble(parts[i]);
		}
		catch (NumberFormatException e) {
			throw new AnalysisException("parameter '" + key + "' needs numbers x1,y1,x2,y2[,...], not '" + text + "'");
		}
		for (double x : v) if (!Double.isFinite(x)) throw new AnalysisException("parameter '" + key +
			"' has a non-finite coordinate");
		return v;
	}
}
