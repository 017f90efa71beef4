package org.interphase.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * One parameter of an analysis, declared once and used everywhere: the command line option {@code --key},
 * the GenericDialog field (label {@code Key_words}, so its macro key is {@code key_words}) and the JSON of
 * the run in the results database. Values travel as strings and are parsed by {@link Params}.
 */
public final class Param {
	public enum Kind { NUMBER, INTEGER, TEXT, CHOICE, FLAG, FILE }

	/** Command-line name, lower case with '-': "pixel-size". */
	public final String key;
	public final Kind kind;
	/** Default as text; empty for "not set". */
	public final String defaultValue;
	public final String help;
	/** Unit shown in the dialog, or empty. */
	public final String unit;
	/** Allowed values of a CHOICE. */
	public final List<String> choices;
	/** May be given several times on the command line (values joined by ';'). */
	public final boolean repeatable;
	/** Allowed range of a NUMBER or INTEGER (NaN = open end); {@link #minOpen}: the minimum itself is refused. */
	public final double min, max;
	public final boolean minOpen;
	/** Extra check of a TEXT value (null when none): true when the value is acceptable; {@link #allowed} says what. */
	public final java.util.function.Predicate<String> check;
	public final String allowed;
	/** The value (each ';'-separated item, after a NAME= prefix) names a file that must exist. */
	public final boolean existingFiles;
	/** Former keys that still work, with a deprecation note (e.g. "pixel-size" for "pixel-size-nm"). */
	public final List<String> formerly;

	private Param(String key, Kind kind, String defaultValue, String help, String unit, List<String> choices,
		boolean repeatable)
	{
		if (!key.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("bad parameter key: " + key);
		this.key = key;
		this.kind = kind;
		this.defaultValue = defaultValue == null ? "" : defaultValue;
		this.help = help;
		this.unit = unit == null ? "" : unit;
		this.choices = choices == null ? List.of() : List.copyOf(choices);
		this.repeatable = repeatable;
		this.min = Double.NaN;
		this.max = Double.NaN;
		this.minOpen = false;
		this.check = null;
		this.allowed = "";
		this.existingFiles = kind == Kind.FILE;
		this.formerly = List.of();
	}

	private Param(Param p, double min, double max, boolean minOpen, java.util.function.Predicate<String> check,
		String allowed, boolean existingFiles)
	{
		this(p, min, max, minOpen, check, allowed, existingFiles, p.formerly);
	}

	private Param(Param p, double min, double max, boolean minOpen, java.util.function.Predicate<String> check,
		String allowed, boolean existingFiles, List<String> formerly)
	{
		this.key = p.key;
		this.kind = p.kind;
		this.defaultValue = p.defaultValue;
		this.help = p.help;
		this.unit = p.unit;
		this.choices = p.choices;
		this.repeatable = p.repeatable;
		this.min = min;
		this.max = max;
		this.minOpen = minOpen;
		this.check = check;
		this.allowed = allowed;
		this.existingFiles = existingFiles;
		this.formerly = List.copyOf(formerly);
	}

	/**
	 * The parameter of a core {@link Setting}: key, kind, default, unit, help, choices and range all come from that
	 * one declaration.
	 */
	public static Param of(org.interphase.core.param.Setting s) {
		Param p = new Param(s.key, Kind.valueOf(s.kind.name()), s.defaultText, s.help, s.unit, s.choices, false);
		return Double.isNaN(s.min) && Double.isNaN(s.max) ? p : new Param(p, s.min, s.max, s.minOpen, null, "",
			p.existingFiles);
	}

	/**
	 * This parameter, also taken under a former key with the same meaning (a deprecation note is given on stderr /
	 * the ImageJ log): scripts and macros written for the old key keep working.
	 */
	public Param formerly(String oldKey) {
		if (!oldKey.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("bad parameter key: " + oldKey);
		List<String> f = new java.util.ArrayList<>(formerly);
		f.add(oldKey);
		return new Param(this, min, max, minOpen, check, allowed, existingFiles, f);
	}

	/** The note for a value given under the former key {@code oldKey}. */
	public String deprecation(String oldKey) {
		return "--" + oldKey + " (macro " + oldKey.replace('-', '_') + "=) is deprecated: use --" + key + " (macro " +
			macroKey() + "=)" + (unit.isEmpty() ? "" : ", in " + unit) + "; the value means the same";
	}

	/** This parameter with an allowed range [min, max] (either end NaN = open); checked before any input is read. */
	public Param range(double min, double max) {
		return new Param(this, min, max, false, check, allowed, existingFiles);
	}

	/** This parameter with an allowed range (min, max]: a size, a step, a count that must be positive. */
	public Param positive(double max) {
		return new Param(this, 0, max, true, check, allowed, existingFiles);
	}

	/** A TEXT parameter whose value must pass the check; {@code allowed} says in words what is accepted. */
	public Param check(java.util.function.Predicate<String> ok, String allowed) {
		return new Param(this, min, max, minOpen, ok, allowed, existingFiles);
	}

	/**
	 * A TEXT parameter of pixel coordinates x1,y1,x2,y2,... (commas, semicolons or spaces): between minPoints and
	 * maxPoints points, each coordinate a finite number within [-1e5, 1e5] px (no image is larger).
	 */
	public Param points(int minPoints, int maxPoints) {
		String what = (minPoints == maxPoints ? minPoints + (minPoints == 1 ? " point" : " points") : minPoints + " to " +
			maxPoints + " points") + " as pixel coordinates x1,y1" + (maxPoints > 1 ? ",x2,y2,..." : "") +
			", each within [-100000, 100000]";
		return check(v -> {
			String[] parts = v.trim().split("[,;\\s]+");
			if (parts.length % 2 != 0 || parts.length < 2 * minPoints || parts.length > 2 * maxPoints) return false;
			for (String x : parts) {
				try {
					double d = Double.parseDouble(x);
					if (!(Math.abs(d) <= 1e5)) return false;
				}
				catch (NumberFormatException e) {
					return false;
				}
			}
			return true;
		}, what);
	}

	/** Each value (after an optional NAME= prefix) must name an existing file: a FILE, or e.g. --ref Ti3+=a.msa. */
	public Param existingFiles() {
		return new Param(this, min, max, minOpen, check, allowed, true);
	}

	/** The allowed range in words, e.g. "(0, 1000000] nm", or "" when none is declared. */
	public String rangeText() {
		if (Double.isNaN(min) && Double.isNaN(max)) return "";
		String r = (Double.isNaN(min) ? "(-inf" : (minOpen ? "(" : "[") + fmtRange(min)) + ", " + (Double.isNaN(max)
			? "inf)" : fmtRange(max) + "]");
		return unit.isEmpty() ? r : r + " " + unit;
	}

	public static Param number(String key, double def, String unit, String help) {
		return new Param(key, Kind.NUMBER, Double.isNaN(def) ? "" : fmt(def), help, unit, null, false);
	}

	public static Param integer(String key, int def, String help) {
		return new Param(key, Kind.INTEGER, Integer.toString(def), help, "", null, false);
	}

	public static Param text(String key, String def, String help) {
		return new Param(key, Kind.TEXT, def, help, "", null, false);
	}

	/** A text parameter that may be repeated: {@code --ref Ti3+=a.msa --ref Ti4+=b.msa}. */
	public static Param repeatable(String key, String help) {
		return new Param(key, Kind.TEXT, "", help, "", null, true);
	}

	public static Param choice(String key, String def, String help, String... choices) {
		if (!Arrays.asList(choices).contains(def)) throw new IllegalArgumentException(def + " not in choices");
		return new Param(key, Kind.CHOICE, def, help, "", Arrays.asList(choices), false);
	}

	public static Param flag(String key, String help) {
		return new Param(key, Kind.FLAG, "false", help, "", null, false);
	}

	public static Param file(String key, String help) {
		return new Param(key, Kind.FILE, "", help, "", null, false);
	}

	/** The ImageJ macro key: the CLI key with '_' for '-'. */
	public String macroKey() {
		return key.replace('-', '_');
	}

	/** The GenericDialog label: first word is the macro key, capitalised; underscores show as spaces. */
	public String dialogLabel() {
		String k = macroKey();
		return Character.toUpperCase(k.charAt(0)) + k.substring(1);
	}

	private static String fmtRange(double d) {
		if (d == Math.rint(d) && Math.abs(d) >= 1e6 && Math.abs(d) < 1e15) return String.format(java.util.Locale.ROOT,
			"%.0e", d).replace("e+0", "e").replace("e+", "e");
		return fmt(d);
	}

	static String fmt(double d) {
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		return Double.toString(d);
	}
}
