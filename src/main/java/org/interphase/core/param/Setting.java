package org.interphase.core.param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one declaration of a user-facing setting of a core computation: its name (the command-line key, lower case
 * with '-'), kind, default, unit, allowed range or choices and help text. It lives next to the core
 * {@code Options} field it sets, which takes its default from here; the analysis layer derives the Fiji dialog,
 * the macro key, the command-line option, {@code --help}, validation and the docs table from it, so a default or
 * a range is written once. No ImageJ, no AWT.
 */
public final class Setting {
	public enum Kind { NUMBER, INTEGER, TEXT, CHOICE, FLAG, FILE }

	/** Command-line name: "smoothing", "pixel-size-nm". */
	public final String key;
	public final Kind kind;
	/** Default as text; empty = not set (the computation decides, e.g. from the file). */
	public final String defaultText;
	public final String unit;
	public final String help;
	/** Allowed values of a CHOICE (from the enum where one exists). */
	public final List<String> choices;
	/** Allowed range of a NUMBER or INTEGER (NaN = open end); {@link #minOpen}: the minimum itself is refused. */
	public final double min, max;
	public final boolean minOpen;

	private Setting(String key, Kind kind, String defaultText, String unit, String help, List<String> choices,
		double min, double max, boolean minOpen)
	{
		if (!key.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("bad setting key: " + key);
		this.key = key;
		this.kind = kind;
		this.defaultText = defaultText == null ? "" : defaultText;
		this.unit = unit == null ? "" : unit;
		this.help = help;
		this.choices = choices == null ? List.of() : List.copyOf(choices);
		this.min = min;
		this.max = max;
		this.minOpen = minOpen;
		if (!Double.isNaN(min) || !Double.isNaN(max)) {
			if (kind != Kind.NUMBER && kind != Kind.INTEGER) throw new IllegalArgumentException(key + ": a range needs a number");
			if (!this.defaultText.isEmpty() && !inRange(Double.parseDouble(this.defaultText)))
				throw new IllegalArgumentException(key + ": default " + this.defaultText + " outside its range");
		}
	}

	/** A real number; NaN default = not set. */
	public static Setting number(String key, double def, String unit, String help) {
		return new Setting(key, Kind.NUMBER, Double.isNaN(def) ? "" : format(def), unit, help, null, Double.NaN,
			Double.NaN, false);
	}

	public static Setting integer(String key, int def, String unit, String help) {
		return new Setting(key, Kind.INTEGER, Integer.toString(def), unit, help, null, Double.NaN, Double.NaN, false);
	}

	public static Setting text(String key, String def, String help) {
		return new Setting(key, Kind.TEXT, def, "", help, null, Double.NaN, Double.NaN, false);
	}

	public static Setting flag(String key, String help) {
		return new Setting(key, Kind.FLAG, "false", "", help, null, Double.NaN, Double.NaN, false);
	}

	public static Setting file(String key, String help) {
		return new Setting(key, Kind.FILE, "", "", help, null, Double.NaN, Double.NaN, false);
	}

	/** A choice among words; the first of {@code choices} need not be the default. */
	public static Setting choice(String key, String def, String help, String... choices) {
		if (!Arrays.asList(choices).contains(def)) throw new IllegalArgumentException(def + " not in choices");
		return new Setting(key, Kind.CHOICE, def, "", help, Arrays.asList(choices), Double.NaN, Double.NaN, false);
	}

	/**
	 * A choice among the constants of an enum, written as {@link #word(Enum)} ("SHIRLEY_ACTIVE" is
	 * "shirley-active"); {@code extra} words (e.g. "template", "auto") come first.
	 */
	public static <E extends Enum<E>> Setting choice(String key, String def, String help, Class<E> type,
		String... extra)
	{
		List<String> c = new ArrayList<>(Arrays.asList(extra));
		for (E e : type.getEnumConstants()) c.add(word(e));
		return choice(key, def, help, c.toArray(new String[0]));
	}

	/** The word of an enum constant in a choice: lower case, '-' for '_'. */
	public static String word(Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The enum constant a choice word names (see {@link #word(Enum)}). */
	public static <E extends Enum<E>> E constant(Class<E> type, String word) {
		return Enum.valueOf(type, word.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
	}

	/** This setting allowed within [min, max] (NaN = open end). */
	public Setting range(double min, double max) {
		return new Setting(key, kind, defaultText, unit, help, choices, min, max, false);
	}

	/** This setting allowed within (0, max]: a size, a step or a count that must be positive. */
	public Setting positive(double max) {
		return new Setting(key, kind, defaultText, unit, help, choices, 0, max, true);
	}

	/** The default as a number (NaN when not set). */
	public double number() {
		return defaultText.isEmpty() ? Double.NaN : Double.parseDouble(defaultText);
	}

	/** The default of an INTEGER. */
	public int integer() {
		return Integer.parseInt(defaultText);
	}

	public boolean inRange(double v) {
		boolean low = !Double.isNaN(min) && (minOpen ? v <= min : v < min);
		boolean high = !Double.isNaN(max) && v > max;
		return !low && !high;
	}

	/** Shortest text of a number: 40 not 40.0. */
	public static String format(double d) {
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		return Double.toString(d);
	}

	@Override
	public String toString() {
		return "--" + key + " (" + kind + ", default '" + defaultText + "')";
	}
}
