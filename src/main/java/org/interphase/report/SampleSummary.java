package org.interphase.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;

/**
 * Per-sample summary across techniques: for every sample and quantity, one value with its uncertainty. Where an
 * analysis summarised the sample itself (a row with empty source, e.g. the depth over an SEM series), that row is
 * used. Otherwise the whole-input rows of the sample's files are combined: value = mean over files, uncertainty
 * = sqrt(s^2/n + sum(u_i^2)/n^2), which covers both the scatter between files (s, their standard deviation) and
 * each file's own uncertainty u_i.
 */
public final class SampleSummary {
	public static final class Entry {
		public final String sampleId, technique, analysis, quantity, unit;
		public final double value, uncertainty;
		public final int inputs;
		public final String flags;

		Entry(String sampleId, String technique, String analysis, String quantity, String unit, double value,
			double uncertainty, int inputs, String flags)
		{
			this.sampleId = sampleId;
			this.technique = technique;
			this.analysis = analysis;
			this.quantity = quantity;
			this.unit = unit;
			this.value = value;
			this.uncertainty = uncertainty;
			this.inputs = inputs;
			this.flags = flags;
		}

		/** technique / analysis / quantity: the column key of the summary table. */
		public String key() {
			return technique + " " + analysis + " " + quantity;
		}
	}

	private SampleSummary() {}

	/** The quantity name a row contributes to, or null when the row is per position/pixel/profile. */
	static String quantityOf(ResultRow r) {
		if (r.region.isEmpty()) return r.quantity;
		if (r.region.startsWith("component:")) return r.quantity + "[" + r.region.substring("component:".length()) +
			"]";
		return null;
	}

	public static List<Entry> of(List<ResultRow> rows) {
		// sample -> key -> rows
		Map<String, Map<String, List<ResultRow>>> perFile = new TreeMap<>();
		Map<String, Map<String, ResultRow>> summaries = new TreeMap<>();
		for (ResultRow r : rows) {
			String q = quantityOf(r);
			if (q == null) continue;
			String key = r.technique + "\u0000" + r.analysis + "\u0000" + q + "\u0000" + r.unit;
			if (r.source.isEmpty()) summaries.computeIfAbsent(r.sampleId, k -> new LinkedHashMap<>()).put(key, r);
			else perFile.computeIfAbsent(r.sampleId, k -> new LinkedHashMap<>()).computeIfAbsent(key,
				k -> new ArrayList<>()).add(r);
		}
		List<Entry> out = new ArrayList<>();
		java.util.Set<String> samples = new java.util.TreeSet<>(perFile.keySet());
		samples.addAll(summaries.keySet());
		for (String s : samples) {
			Map<String, List<ResultRow>> files = perFile.getOrDefault(s, Map.of());
			Map<String, ResultRow> sums = summaries.getOrDefault(s, Map.of());
			java.util.Set<String> keys = new java.util.LinkedHashSet<>(sums.keySet());
			keys.addAll(files.keySet());
			for (String key : keys) {
				String[] k = key.split("\u0000", -1);
				List<ResultRow> list = files.getOrDefault(key, List.of());
				ResultRow sum = sums.get(key);
				if (sum != null) {
					out.add(new Entry(s, k[0], k[1], k[2], k[3], sum.value, sum.uncertainty, Math.max(1, list.size()),
						sum.flags));
					continue;
				}
				int n = 0;
				double mean = 0, m2 = 0, u2 = 0;
				boolean allU = true;
				String flags = "";
				for (ResultRow r : list) {
					flags = Flags.join(flags, r.flags);
					if (Double.isNaN(r.value)) continue;
					n++;
					double d = r.value - mean;
					mean += d / n;
					m2 += d * (r.value - mean);
					if (Double.isNaN(r.uncertainty)) allU = false;
					else u2 += r.uncertainty * r.uncertainty;
				}
				if (n == 0) continue;
				double unc;
				if (n == 1) unc = allU ? Math.sqrt(u2) : Double.NaN;
				else unc = Math.sqrt(m2 / (n - 1) / n + (allU ? u2 / ((double) n * n) : 0));
				out.add(new Entry(s, k[0], k[1], k[2], k[3], mean, unc, n, flags));
			}
		}
		return out;
	}
}
