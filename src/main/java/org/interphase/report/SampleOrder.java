package org.interphase.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order and colour of the samples in every figure of a report: grouped by one sample-sheet attribute
 * ({@code --group-by coating}), ordered within a group by another ({@code --x cycles}, numerically where it is a
 * number), then by sample ID. Each sample keeps one colour of the Okabe-Ito palette (safe for the common kinds of
 * colour blindness) in all figures.
 */
final class SampleOrder {
	/** Okabe &amp; Ito (2008), without yellow (too pale on white) and with black last. */
	static final String[] PALETTE = { "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000" };

	final List<String> samples;
	final Map<String, String> colors = new LinkedHashMap<>();
	final Map<String, String> groups = new LinkedHashMap<>();

	SampleOrder(Collection<String> sampleIds, Map<String, Map<String, String>> attributes, String groupBy, String x) {
		List<String> s = new ArrayList<>(sampleIds);
		Comparator<String> byGroup = Comparator.comparing(id -> attr(attributes, id, groupBy));
		Comparator<String> byX = (a, b) -> compareValues(attr(attributes, a, x), attr(attributes, b, x));
		s.sort(byGroup.thenComparing(byX).thenComparing(Comparator.naturalOrder()));
		this.samples = List.copyOf(s);
		for (int i = 0; i < s.size(); i++) {
			colors.put(s.get(i), PALETTE[i % PALETTE.length]);
			groups.put(s.get(i), attr(attributes, s.get(i), groupBy));
		}
	}

	String color(String sample) {
		return colors.getOrDefault(sample, "#777777");
	}

	private static String attr(Map<String, Map<String, String>> a, String id, String key) {
		if (key == null || key.isEmpty()) return "";
		return a.getOrDefault(id, Map.of()).getOrDefault(key, "");
	}

	/** Numbers numerically (a number before text), otherwise as text; an empty value last. */
	static int compareValues(String a, String b) {
		if (a.isEmpty() || b.isEmpty()) return Boolean.compare(a.isEmpty(), b.isEmpty());
		Double x = number(a), y = number(b);
		if (x != null && y != null) return Double.compare(x, y);
		if (x != null) return -1;
		if (y != null) return 1;
		return a.compareTo(b);
	}

	private static Double number(String s) {
		try {
			return Double.valueOf(s.trim().replaceAll("[^0-9eE.+-]+$", ""));
		}
		catch (NumberFormatException e) {
			return null;
		}
	}
}
