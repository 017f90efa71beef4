package org.interphase.fiji;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The keys of an ImageJ macro options string ({@code key=value key=[a value] flag}), and the check that each one
 * names a field of the dialog. GenericDialog ignores a key it does not know, so {@code pixelsize=0.5} for
 * {@code pixel_size} would silently run with the default; the command line rejects such an option, and so does
 * this check (as TrackMate's macro runner reports unknown keys).
 */
final class MacroKeys {
	private MacroKeys() {}

	/** The keys in the order written, lower case. */
	static List<String> keys(String options) {
		List<String> out = new ArrayList<>();
		if (options == null) return out;
		int i = 0, n = options.length();
		while (i < n) {
			while (i < n && Character.isWhitespace(options.charAt(i))) i++;
			int start = i;
			while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) i++;
			if (i > start) out.add(options.substring(start, i).toLowerCase(Locale.ROOT));
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '[') {
					int close = options.indexOf(']', i);
					i = close < 0 ? n : close + 1;
				}
				else while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
			}
		}
		return out;
	}

	/**
	 * The options with each former key of a parameter ({@link org.interphase.analysis.Param#formerly}, e.g.
	 * {@code pixel_size=}) written as its current key ({@code pixel_size_nm=}), so that GenericDialog, which reads a
	 * field by its own key only, takes the value; each rename is told to {@code note}. Values are not touched.
	 */
	static String renameFormer(String options, List<org.interphase.analysis.Param> params,
		java.util.function.Consumer<String> note)
	{
		if (options == null) return null;
		java.util.Map<String, org.interphase.analysis.Param> former = new java.util.HashMap<>();
		for (org.interphase.analysis.Param p : params) for (String f : p.formerly) former.put(f.replace('-', '_'), p);
		if (former.isEmpty()) return options;
		StringBuilder out = new StringBuilder();
		int i = 0, n = options.length();
		while (i < n) {
			int ws = i;
			while (i < n && Character.isWhitespace(options.charAt(i))) i++;
			out.append(options, ws, i);
			int start = i;
			while (i < n && options.charAt(i) != '=' && !Character.isWhitespace(options.charAt(i))) i++;
			String key = options.substring(start, i);
			org.interphase.analysis.Param p = former.get(key.toLowerCase(Locale.ROOT));
			if (p != null && i < n && options.charAt(i) == '=') {
				out.append(p.macroKey());
				note.accept(p.deprecation(key.toLowerCase(Locale.ROOT).replace('_', '-')));
			}
			else out.append(key);
			int vs = i;
			if (i < n && options.charAt(i) == '=') {
				i++;
				if (i < n && options.charAt(i) == '[') {
					int close = options.indexOf(']', i);
					i = close < 0 ? n : close + 1;
				}
				else while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
			}
			out.append(options, vs, i);
		}
		return out.toString();
	}

	/**
	 * Null when every key of {@code options} is one of {@code known}; otherwise a message naming each unknown key,
	 * the nearest known key where one is close, and the keys the command takes.
	 */
	static String unknown(String options, Collection<String> known, String command) {
		return unknown(options, known, command, java.util.Map.of());
	}

	/** As above; a key close to a former key ({@code pixelsize} for {@code pixel_size}) suggests its current key. */
	static String unknown(String options, Collection<String> known, String command, java.util.Map<String, String> former) {
		List<String> bad = new ArrayList<>();
		for (String k : keys(options)) if (!known.contains(k) && !bad.contains(k)) bad.add(k);
		if (bad.isEmpty()) return null;
		StringBuilder sb = new StringBuilder();
		for (String k : bad) {
			if (sb.length() > 0) sb.append("; ");
			sb.append("unknown macro key '").append(k).append('\'');
			String near = nearest(k, known);
			String nearFormer = near == null ? nearest(k, former.keySet()) : null;
			if (nearFormer != null) near = former.get(nearFormer);
			if (near != null) sb.append(" (did you mean ").append(near).append("?)");
		}
		return sb.append(". ").append(command).append(" takes: ").append(String.join(", ", known)).toString();
	}

	private static String nearest(String key, Collection<String> known) {
		String best = null;
		int bestD = Integer.MAX_VALUE;
		String plain = key.replace("_", "");
		for (String k : known) {
			int d = k.replace("_", "").equals(plain) ? 0 : distance(key, k);
			if (d < bestD) {
				bestD = d;
				best = k;
			}
		}
		return bestD <= Math.max(2, key.length() / 4) ? best : null;
	}

	/** Levenshtein distance. */
	static int distance(String a, String b) {
		int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) prev[j] = j;
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			for (int j = 1; j <= b.length(); j++) cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a
				.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}
}
