package org.interphase.core.diffraction.xrd;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The X-ray wavelength of a pattern: K-alpha1 (Å), and when known the K-alpha2 wavelength and the K-alpha2 /
 * K-alpha1 intensity ratio. Named lines: Cu from Hölzer et al., Phys. Rev. A 56 (1997) 4554 (the values PANalytical
 * writes into XRDML files: 1.540598 / 1.544426 Å); Mo, Co, Fe, Cr and Ag as tabulated in pymatgen's XRDCalculator
 * (International Tables / Bearden). Bragg's law {@code lambda = 2 d sin(theta)}.
 */
public final class XrayWavelength {
	/** Cu K-alpha1, the default when neither the user nor the file says. */
	public static final double CU_KA1 = 1.540598;
	/** Nominal K-alpha2 / K-alpha1 intensity ratio. */
	public static final double DEFAULT_RATIO = 0.5;

	private static final Map<String, double[]> ANODES = new LinkedHashMap<>();
	static {
		ANODES.put("cu", new double[] { 1.540598, 1.544426 });
		ANODES.put("co", new double[] { 1.78896, 1.79285 });
		ANODES.put("fe", new double[] { 1.93604, 1.93998 });
		ANODES.put("cr", new double[] { 2.28970, 2.29361 });
		ANODES.put("mo", new double[] { 0.70930, 0.71359 });
		ANODES.put("ag", new double[] { 0.559421, 0.563813 });
	}

	/** K-alpha1 wavelength, Å. */
	public final double kAlpha1;
	/** K-alpha2 wavelength, Å, or NaN when there is none (monochromatic beam, synchrotron, unknown line). */
	public final double kAlpha2;
	/** K-alpha2 / K-alpha1 intensity ratio (0 when there is no K-alpha2). */
	public final double ratio;
	/** Where the value came from: "param", "file", "default". */
	public final String source;
	/** A readable name, e.g. "Cu K-alpha1 1.540598 Å". */
	public final String description;

	public XrayWavelength(double kAlpha1, double kAlpha2, double ratio, String source, String description) {
		if (!(kAlpha1 > 0.05 && kAlpha1 < 20)) throw new IllegalArgumentException("X-ray wavelength " + kAlpha1 +
			" Å is not plausible (0.05-20 Å)");
		this.kAlpha1 = kAlpha1;
		boolean two = kAlpha2 > kAlpha1 && kAlpha2 < kAlpha1 * 1.02 && ratio > 0;
		this.kAlpha2 = two ? kAlpha2 : Double.NaN;
		this.ratio = two ? ratio : 0;
		this.source = source == null ? "" : source;
		this.description = description == null ? fmt(kAlpha1) + " \u00C5" : description;
	}

	/** The default: Cu K-alpha1 with K-alpha2 at the nominal ratio. */
	public static XrayWavelength defaultCu() {
		return new XrayWavelength(CU_KA1, ANODES.get("cu")[1], DEFAULT_RATIO, "default", "Cu K-alpha1 1.540598 \u00C5 " +
			"(default)");
	}

	/**
	 * Parses a wavelength: a number in Å ("1.5406"), or a line name: "CuKa1", "Cu-Ka1", "Cu Kalpha1", "Cu" or "CuKa"
	 * (all the K-alpha1 wavelength with K-alpha2 at the nominal ratio), "CuKa2" is refused (a pattern is indexed on
	 * K-alpha1). A bare number that equals a known K-alpha1 line (within 2e-4 Å) gets that line's K-alpha2.
	 */
	public static XrayWavelength parse(String text, String source) {
		String t = text == null ? "" : text.trim();
		if (t.isEmpty()) throw new IllegalArgumentException("empty wavelength");
		try {
			double v = Double.parseDouble(t);
			for (Map.Entry<String, double[]> e : ANODES.entrySet()) if (Math.abs(e.getValue()[0] - v) < 2e-4)
				return new XrayWavelength(v, e.getValue()[1], DEFAULT_RATIO, source, cap(e.getKey()) + " K-alpha1 " + fmt(v) +
					" \u00C5");
			return new XrayWavelength(v, Double.NaN, 0, source, fmt(v) + " \u00C5");
		}
		catch (NumberFormatException e) {
			// a name
		}
		String k = t.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "").replace("alpha", "a").replace("\u03b1", "a");
		for (Map.Entry<String, double[]> e : ANODES.entrySet()) {
			String a = e.getKey();
			if (k.equals(a) || k.equals(a + "ka") || k.equals(a + "ka1")) return new XrayWavelength(e.getValue()[0], e
				.getValue()[1], DEFAULT_RATIO, source, cap(a) + " K-alpha1 " + fmt(e.getValue()[0]) + " \u00C5");
			if (k.equals(a + "ka2")) throw new IllegalArgumentException("give the K-alpha1 line (" + cap(a) +
				"Ka1): patterns are indexed on K-alpha1 and K-alpha2 is handled separately");
		}
		throw new IllegalArgumentException("unknown X-ray wavelength '" + text + "': give it in Å (e.g. 1.540598) or " +
			"as a line name: CuKa1, CoKa1, MoKa1, FeKa1, CrKa1, AgKa1");
	}

	/** The same K-alpha1 without K-alpha2 (monochromatic beam or K-alpha2 handling switched off). */
	public XrayWavelength withoutKAlpha2() {
		return new XrayWavelength(kAlpha1, Double.NaN, 0, source, description);
	}

	/** The same wavelengths with another K-alpha2 / K-alpha1 ratio. */
	public XrayWavelength withRatio(double r) {
		double k2 = Double.isNaN(kAlpha2) ? knownKAlpha2(kAlpha1) : kAlpha2;
		return new XrayWavelength(kAlpha1, k2, r, source, description);
	}

	public boolean hasKAlpha2() {
		return ratio > 0;
	}

	/** The K-alpha2 of a known K-alpha1 line, or NaN. */
	public static double knownKAlpha2(double ka1) {
		for (double[] v : ANODES.values()) if (Math.abs(v[0] - ka1) < 2e-4) return v[1];
		return Double.NaN;
	}

	/** d (Å) of a reflection at 2-theta (deg) for K-alpha1. */
	public double d(double twoThetaDeg) {
		return dSpacing(kAlpha1, twoThetaDeg);
	}

	/** 2-theta (deg) of a d-spacing (Å) for K-alpha1, NaN beyond the limiting sphere. */
	public double twoTheta(double d) {
		return twoTheta(kAlpha1, d);
	}

	/** 2-theta (deg) of the K-alpha2 line of a K-alpha1 line at twoTheta1 (deg); NaN without K-alpha2. */
	public double kAlpha2Position(double twoTheta1) {
		if (!hasKAlpha2()) return Double.NaN;
		double s = Math.sin(Math.toRadians(twoTheta1 / 2)) * kAlpha2 / kAlpha1;
		return s >= 1 ? Double.NaN : 2 * Math.toDegrees(Math.asin(s));
	}

	public static double dSpacing(double lambda, double twoThetaDeg) {
		return lambda / (2 * Math.sin(Math.toRadians(twoThetaDeg / 2)));
	}

	public static double twoTheta(double lambda, double d) {
		double s = lambda / (2 * d);
		return s >= 1 ? Double.NaN : 2 * Math.toDegrees(Math.asin(s));
	}

	private static String cap(String a) {
		return Character.toUpperCase(a.charAt(0)) + a.substring(1);
	}

	static String fmt(double v) {
		return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
	}

	@Override
	public String toString() {
		return description + (hasKAlpha2() ? String.format(Locale.ROOT, ", K-alpha2 %s \u00C5 ratio %.3g", fmt(kAlpha2),
			ratio) : ", no K-alpha2");
	}
}
