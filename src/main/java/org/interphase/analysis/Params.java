package org.interphase.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.param.Setting;

/**
 * The values of an analysis' parameters, validated against its {@link Param} list: unknown keys and values
 * of the wrong kind are refused with a message that names them. The same object reaches the core whether the
 * values came from the command line, a dialog or a macro, so the three give the same numbers.
 */
public final class Params {
	private final Map<String, Param> spec = new LinkedHashMap<>();
	private final Map<String, String> values = new LinkedHashMap<>();
	/** Former key -> its parameter ({@link Param#formerly}). */
	private final Map<String, Param> former = new LinkedHashMap<>();
	/** Deprecation notes of the former keys used, and the key each parameter was given under. */
	private final List<String> deprecations = new ArrayList<>();
	private final Map<String, String> givenAs = new LinkedHashMap<>();

	public Params(List<Param> params, Map<String, String> given) {
		for (Param p : params) {
			spec.put(p.key, p);
			values.put(p.key, p.defaultValue);
			for (String f : p.formerly) former.put(f, p);
		}
		if (given != null) for (Map.Entry<String, String> e : given.entrySet()) set(e.getKey(), e.getValue());
	}

	/** The notes for values given under a former key (empty when none): say them on stderr or in the log. */
	public List<String> deprecations() {
		return Collections.unmodifiableList(deprecations);
	}

	/** The key the value of {@code key} was given under (a former key, or the key itself), or "" when not given. */
	public String givenAs(String key) {
		return givenAs.getOrDefault(key, "");
	}

	/**
	 * Checks every value against what its parameter declares (range, finite numbers, coordinate format, existing
	 * files) and that NAME-min &lt; NAME-max: the batch runner calls it before any input is read, so a bad option is
	 * one usage error instead of one failure per input. The message names the option, the value and what is allowed.
	 */
	public Params checkDeclared() {
		for (Param p : spec.values()) {
			String v = values.get(p.key);
			if (!v.isEmpty() && p.kind != Param.Kind.FLAG && p.kind != Param.Kind.CHOICE) validate(p, v);
		}
		crossCheck();
		return this;
	}

	/** Pairs NAME-min / NAME-max (e.g. --q-min, --q-max) given together must be in order. */
	private void crossCheck() {
		for (Param p : spec.values()) {
			if (!p.key.endsWith("-min") || p.kind != Param.Kind.NUMBER && p.kind != Param.Kind.INTEGER) continue;
			String maxKey = p.key.substring(0, p.key.length() - 4) + "-max";
			if (!spec.containsKey(maxKey) || values.get(p.key).isEmpty() || values.get(maxKey).isEmpty()) continue;
			double lo = parseDouble(p.key, values.get(p.key)), hi = parseDouble(maxKey, values.get(maxKey));
			if (!(lo < hi)) throw new IllegalArgumentException("--" + p.key + " " + values.get(p.key) + " must be less " +
				"than --" + maxKey + " " + values.get(maxKey));
		}
	}

	/** The declared range, check and file existence of one value (not empty); message names option and value. */
	private static void validate(Param p, String v) {
		if (p.kind == Param.Kind.NUMBER || p.kind == Param.Kind.INTEGER) {
			double d = parseDouble(p.key, v);
			if (!Double.isFinite(d)) throw new IllegalArgumentException("--" + p.key + " " + v + ": needs a finite number" +
				(p.rangeText().isEmpty() ? "" : " in " + p.rangeText()));
			boolean low = !Double.isNaN(p.min) && (p.minOpen ? d <= p.min : d < p.min), high = !Double.isNaN(p.max) &&
				d > p.max;
			if (low || high) throw new IllegalArgumentException("--" + p.key + " " + v + " is outside the allowed range " +
				p.rangeText());
		}
		if (p.check != null && !p.check.test(v)) throw new IllegalArgumentException("--" + p.key + " '" + v +
			"' is not valid: needs " + p.allowed);
		if (p.existingFiles) {
			for (String item : p.repeatable ? v.split(";") : new String[] { v }) {
				if (item.isBlank()) continue;
				String f = item.trim();
				int eq = f.indexOf('=');
				if (eq > 0 && !java.nio.file.Files.exists(java.nio.file.Path.of(f))) f = f.substring(eq + 1).trim();
				java.nio.file.Path path;
				try {
					path = java.nio.file.Path.of(f);
				}
				catch (java.nio.file.InvalidPathException e) {
					throw new IllegalArgumentException("--" + p.key + " " + item.trim() + ": not a valid file name");
				}
				if (!java.nio.file.Files.isRegularFile(path)) throw new IllegalArgumentException("--" + p.key + " " + item
					.trim() + ": no such file" + (java.nio.file.Files.isDirectory(path) ? " (it is a folder)" : ""));
			}
		}
	}

	public static Params defaults(List<Param> params) {
		return new Params(params, null);
	}

	private void set(String key, String value) {
		Param old = former.get(key);
		if (old != null && !spec.containsKey(key)) {
			String prev = givenAs.get(old.key);
			if (prev != null && !prev.equals(key) && !values.get(old.key).equals(value == null ? "" : value.trim()))
				throw new IllegalArgumentException("give either --" + old.key + " or the deprecated --" + key + ", not both");
			String note = old.deprecation(key);
			if (!deprecations.contains(note)) deprecations.add(note);
			set(old.key, value);
			givenAs.put(old.key, key);
			return;
		}
		Param p = spec.get(key);
		if (p == null) throw new IllegalArgumentException("unknown parameter '" + key + "'; known: " + spec
			.keySet());
		String v = value == null ? "" : value.trim();
		switch (p.kind) {
			case NUMBER:
				if (!v.isEmpty()) parseDouble(key, v);
				break;
			case INTEGER:
				if (!v.isEmpty()) try {
					Integer.parseInt(v);
				}
				catch (NumberFormatException e) {
					throw new IllegalArgumentException("parameter '" + key + "' needs a whole number, not '" + v + "'");
				}
				break;
			case CHOICE:
				if (!p.choices.contains(v)) throw new IllegalArgumentException("parameter '" + key + "' must be one of " +
					p.choices + ", not '" + v + "'");
				break;
			case FLAG:
				if (!(v.equals("true") || v.equals("false") || v.isEmpty())) throw new IllegalArgumentException(
					"parameter '" + key + "' is true or false, not '" + v + "'");
				if (v.isEmpty()) v = "true";
				break;
			default:
		}
		if (givenAs.containsKey(key) && !givenAs.get(key).equals(key) && !values.get(key).equals(v))
			throw new IllegalArgumentException("give either --" + key + " or the deprecated --" + givenAs.get(key) +
				", not both");
		values.put(key, v);
		givenAs.put(key, key);
	}

	private static double parseDouble(String key, String v) {
		try {
			return Double.parseDouble(v);
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("parameter '" + key + "' needs a number, not '" + v + "'");
		}
	}

	/** A copy with one more value set. */
	public Params with(String key, String value) {
		Params p = new Params(new ArrayList<>(spec.values()), values);
		p.givenAs.putAll(givenAs);
		p.deprecations.addAll(deprecations);
		p.givenAs.remove(key);
		p.set(key, value);
		return p;
	}

	public boolean isSet(String key) {
		return !raw(key).isEmpty();
	}

	public String raw(String key) {
		if (!spec.containsKey(key)) throw new IllegalArgumentException("no parameter '" + key + "'");
		return values.get(key);
	}

	/** The number, or NaN when not set. */
	public double number(String key) {
		String v = raw(key);
		if (v.isEmpty()) return Double.NaN;
		validate(spec.get(key), v); // the declared range, also on paths that did not call checkDeclared
		return parseDouble(key, v);
	}

	public int integer(String key) {
		String v = raw(key);
		if (!v.isEmpty()) validate(spec.get(key), v);
		return Integer.parseInt(v);
	}

	/** The number of a core setting: its value, or the setting's own default when the value is empty. */
	public double number(Setting s) {
		String v = raw(s.key);
		if (v.isEmpty()) return s.number();
		validate(spec.get(s.key), v); // the declared range, also on paths that did not call checkDeclared
		return parseDouble(s.key, v);
	}

	/** The whole number of a core setting: its value, or the setting's own default when the value is empty. */
	public int integer(Setting s) {
		String v = raw(s.key);
		if (v.isEmpty()) return s.integer();
		validate(spec.get(s.key), v);
		return Integer.parseInt(v);
	}

	/** The text (or choice word) of a core setting; its default when empty. */
	public String text(Setting s) {
		String v = raw(s.key);
		return v.isEmpty() ? s.defaultText : v;
	}

	public boolean flag(Setting s) {
		return flag(s.key);
	}

	/** The enum constant a choice setting names ({@link Setting#constant}). */
	public <E extends Enum<E>> E choice(Setting s, Class<E> type) {
		return Setting.constant(type, text(s));
	}

	public String text(String key) {
		return raw(key);
	}

	public boolean flag(String key) {
		return Boolean.parseBoolean(raw(key));
	}

	/** Values of a repeatable parameter (joined by ';'). */
	public List<String> list(String key) {
		String v = raw(key);
		if (v.isEmpty()) return List.of();
		List<String> out = new ArrayList<>();
		for (String s : v.split(";")) if (!s.isBlank()) out.add(s.trim());
		return out;
	}

	/** All values, in declaration order (what is stored as the run's parameters). */
	public Map<String, String> asMap() {
		return Collections.unmodifiableMap(values);
	}

	public List<Param> spec() {
		return new ArrayList<>(spec.values());
	}

	@Override
	public String toString() {
		return values.toString();
	}

	static List<Param> concat(List<Param> a, Param... b) {
		List<Param> out = new ArrayList<>(a);
		out.addAll(Arrays.asList(b));
		return out;
	}
}
