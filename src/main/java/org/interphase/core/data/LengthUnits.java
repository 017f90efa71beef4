package org.interphase.core.data;

import java.util.Locale;

/**
 * The one table of length and reciprocal-length unit spellings that readers, calibrations and parameters meet:
 * {@code µm}/{@code μm}/{@code um}/{@code micron}, {@code Å}/{@code Å}(U+212B)/{@code A}/{@code angstrom}, the spelled-out
 * names in either English, and reciprocal forms ({@code 1/nm}, {@code nm^-1}, {@code 1/Å}, ...). Every factor
 * comes from {@link #metres(String)}, so the SEM depth, the HRTEM and diffraction calibrations and the image
 * readers agree on what a unit means.
 */
public final class LengthUnits {
	private LengthUnits() {}

	/** The suite's spelling of a length unit ("µm", "nm", "Å", "mm", ...); "px" for none; others unchanged. */
	public static String normalise(String unit) {
		if (unit == null) return "px";
		String t = unit.trim();
		switch (key(t)) {
			case "": case "pixel": case "pixels": case "px": return "px";
			case "um": return "\u00b5m";
			case "a": return "\u00c5";
			case "nm": case "pm": case "mm": case "cm": case "m": return key(t);
			default: return t;
		}
	}

	/** Metres per unit, NaN when the unit is not a length. */
	public static double metres(String unit) {
		if (unit == null) return Double.NaN;
		switch (key(unit.trim())) {
			case "m": return 1;
			case "cm": return 1e-2;
			case "mm": return 1e-3;
			case "um": return 1e-6;
			case "nm": return 1e-9;
			case "a": return 1e-10;
			case "pm": return 1e-12;
			default: return Double.NaN;
		}
	}

	/** Nanometres per unit, NaN when not a length. */
	public static double nm(String unit) {
		return metres(unit) * 1e9;
	}

	/** Micrometres per unit, NaN when not a length. */
	public static double microns(String unit) {
		return metres(unit) * 1e6;
	}

	/** 1/nm per unit of a reciprocal length ("1/nm", "nm^-1", "1/Å", "Å-1", ...), NaN when not one. */
	public static double inverseNm(String unit) {
		if (unit == null) return Double.NaN;
		String t = unit.trim().replace(" ", "");
		String length;
		if (t.startsWith("1/")) length = t.substring(2);
		else if (t.endsWith("^-1")) length = t.substring(0, t.length() - 3);
		else if (t.endsWith("-1")) length = t.substring(0, t.length() - 2);
		else if (t.endsWith("\u207b\u00b9")) length = t.substring(0, t.length() - 2); // nm⁻¹
		else return Double.NaN;
		double perLength = nm(length);
		return 1 / perLength;
	}

	/** The canonical key of a spelling: "um" for every micrometre, "a" for every ångström, else lower case. */
	private static String key(String t) {
		String l = t.toLowerCase(Locale.ROOT);
		switch (l) {
			case "\u00b5m": case "\u03bcm": case "um": case "micron": case "microns": case "micrometer": case "micrometers":
			case "micrometre": case "micrometres": return "um";
			case "\u00e5": case "\u212b": case "a": case "angstrom": case "angstroms": case "\u00e5ngstr\u00f6m": return "a";
			case "nanometer": case "nanometers": case "nanometre": case "nanometres": return "nm";
			case "picometer": case "picometers": case "picometre": case "picometres": return "pm";
			case "millimeter": case "millimeters": case "millimetre": case "millimetres": return "mm";
			case "centimeter": case "centimeters": case "centimetre": case "centimetres": return "cm";
			case "meter": case "meters": case "metre": case "metres": return "m";
			default: return l;
		}
	}
}
