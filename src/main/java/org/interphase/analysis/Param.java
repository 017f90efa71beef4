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

	static String fmt(double d) {
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		return Double.toString(d);
	}
}
