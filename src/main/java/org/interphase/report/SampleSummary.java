package org.interphase.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase;

/**
 * Per-sample summary across techniques: for every sample and quantity, one value with its uncertainty. Where an
 * analysis summarised the sample itself (a row with empty source, e.g. the depth over an SEM series), that row is
 * used. Otherwise the whole-input rows of the sample's files are combined: value = mean over files, uncertainty
 * = sqrt(s^2/n + sum(u_i^2)/n^2), which covers both the scatter between files (s, their standard deviation) and
 * each file's own uncertainty u_i. Computed from the database, so a sample analysed in several batches gets the
 * same values as in one; each entry counts the files and runs behind it.
 */
public final class SampleSummary {
	public static final class Entry {
		public final String sampleId, technique, analysis, quantity, unit;
		public final double value, uncertainty;
		/** How many files the value comes from, and from how many runs (batches) they were stored. */
		public final int inputs, runs;
		public final String flags;

		Entry(String sampleId, String technique, String analysis, String quantity, String unit, double value,
			double uncertainty, int inputs, String flags, int runs)
		{
			this.runs = runs;
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
		List<ResultsDatabase.StoredRow> stored = new ArrayList<>();
		for (ResultRow r : rows) stored.add(ResultsDatabase.StoredRow.of(r, 0, "", r.source.isEmpty() ? null : r.source));
		return ofStored(stored);
	}

	/**
	 * The rows a report uses: of each file and analysis the rows of its latest run, of each sample and analysis the
	 * latest summary (as {@link #ofStored} selects them, including per-profile/position rows).
	 */
	public static List<ResultsDatabase.StoredRow> latest(List<ResultsDatabase.StoredRow> all) {
		Map<String, Long> latestFile = new HashMap<>(), latestSummary = new HashMap<>();
		for (ResultsDatabase.StoredRow s : all) {
			ResultRow r = s.row;
			if (s.filePath != null) latestFile.merge(r.sampleId + "\u0000" + r.analysis + "\u0000" + s.filePath, s.runId,
				Math::max);
			else latestSummary.merge(r.sampleId + "\u0000" + r.analysis, s.runId, Math::max);
		}
		List<ResultsDatabase.StoredRow> rows = new ArrayList<>();
		for (ResultsDatabase.StoredRow s : all) {
			ResultRow r = s.row;
			long want = s.filePath != null ? latestFile.get(r.sampleId + "\u0000" + r.analysis + "\u0000" + s.filePath)
				: latestSummary.get(r.sampleId + "\u0000" + r.analysis);
			if (want == s.runId) rows.add(s);
		}
		return rows;
	}

	/**
	 * The summary from every stored row of each sample, whichever batch stored it: of each file and analysis the
	 * rows of its latest run (parameter set), of each sample and analysis the latest summary. Each entry says from
	 * how many files and runs it comes.
	 */
	public static List<Entry> ofStored(List<ResultsDatabase.StoredRow> all) {
		Latest latest = Latest.of(all);
		// sample -> key -> rows
		Map<String, Map<String, List<ResultsDatabase.StoredRow>>> perFile = new TreeMap<>();
		Map<String, Map<String, ResultsDatabase.StoredRow>> summaries = new TreeMap<>();
		for (ResultsDatabase.StoredRow sr : latest.rows) {
			ResultRow r = sr.row;
			String q = quantityOf(r);
			if (q == null) continue;
			String key = r.technique + "\u0000" + r.analysis + "\u0000" + q + "\u0000" + r.unit;
			if (sr.filePath == null) summaries.computeIfAbsent(r.sampleId, k -> new LinkedHashMap<>()).put(key, sr);
			else perFile.computeIfAbsent(r.sampleId, k -> new LinkedHashMap<>()).computeIfAbsent(key,
				k -> new ArrayList<>()).add(sr);
		}
		List<Entry> out = new ArrayList<>();
		java.util.Set<String> samples = new java.util.TreeSet<>(perFile.keySet());
		samples.addAll(summaries.keySet());
		for (String s : samples) {
			Map<String, List<ResultsDatabase.StoredRow>> files = perFile.getOrDefault(s, Map.of());
			Map<String, ResultsDatabase.StoredRow> sums = summaries.getOrDefault(s, Map.of());
			java.util.Set<String> keys = new java.util.LinkedHashSet<>(sums.keySet());
			keys.addAll(files.keySet());
			for (String key : keys) {
				String[] k = key.split("\u0000", -1);
				// in file order, so the sums (and their last bits) do not depend on the order batches stored the files
				List<ResultsDatabase.StoredRow> list = new ArrayList<>(files.getOrDefault(key, List.of()));
				list.sort(java.util.Comparator.comparing(r -> r.filePath == null ? "" : r.filePath));
				ResultsDatabase.StoredRow sum = sums.get(key);
				if (sum != null) {
					out.add(ofSummary(s, k, sum, latest));
					continue;
				}
				Entry e = ofFiles(s, k, list);
				if (e != null) out.add(e);
			}
		}
		return out;
	}

	/** The rows of each file's latest run and each sample's latest summary, with the files and runs behind each. */
	private static final class Latest {
		final List<ResultsDatabase.StoredRow> rows;
		/** Per sample, analysis and parameter set: the files and runs a stored summary was computed from. */
		final Map<String, Set<String>> filesOf;
		final Map<String, Set<Long>> runsOf;

		private Latest(List<ResultsDatabase.StoredRow> rows, Map<String, Set<String>> filesOf,
			Map<String, Set<Long>> runsOf)
		{
			this.rows = rows;
			this.filesOf = filesOf;
			this.runsOf = runsOf;
		}

		static Latest of(List<ResultsDatabase.StoredRow> all) {
			// the latest run per file and analysis (a file analysed again with other parameters counts once)
			Map<String, Long> latestFile = new HashMap<>(), latestSummary = new HashMap<>();
			for (ResultsDatabase.StoredRow s : all) {
				ResultRow r = s.row;
				if (s.filePath != null) latestFile.merge(r.sampleId + "\u0000" + r.analysis + "\u0000" + s.filePath, s.runId,
					Math::max);
				else latestSummary.merge(r.sampleId + "\u0000" + r.analysis, s.runId, Math::max);
			}
			List<ResultsDatabase.StoredRow> rows = new ArrayList<>();
			// files and runs behind each sample/analysis/parameter set (what a stored summary was computed from)
			Map<String, Set<String>> filesOf = new HashMap<>();
			Map<String, Set<Long>> runsOf = new HashMap<>();
			for (ResultsDatabase.StoredRow s : all) {
				ResultRow r = s.row;
				if (s.filePath != null) {
					if (latestFile.get(r.sampleId + "\u0000" + r.analysis + "\u0000" + s.filePath) != s.runId) continue;
					String g = r.sampleId + "\u0000" + r.analysis + "\u0000" + s.paramsHash;
					filesOf.computeIfAbsent(g, k -> new HashSet<>()).add(s.filePath);
					runsOf.computeIfAbsent(g, k -> new HashSet<>()).add(s.runId);
				}
				else if (latestSummary.get(r.sampleId + "\u0000" + r.analysis) != s.runId) continue;
				rows.add(s);
			}
			return new Latest(rows, filesOf, runsOf);
		}
	}

	/** A stored summary row, counted with the files and runs it was computed from. */
	private static Entry ofSummary(String s, String[] k, ResultsDatabase.StoredRow sum, Latest latest) {
		String g = s + "\u0000" + sum.row.analysis + "\u0000" + sum.paramsHash;
		int nf = latest.filesOf.getOrDefault(g, Set.of()).size();
		Set<Long> runs = new HashSet<>(latest.runsOf.getOrDefault(g, Set.of()));
		runs.add(sum.runId);
		return new Entry(s, k[0], k[1], k[2], k[3], sum.row.value, sum.row.uncertainty, Math.max(1, nf), sum.row
			.flags, runs.size());
	}

	/** The mean of the files' values, its standard error with their stored uncertainties; null: no file has a value. */
	private static Entry ofFiles(String s, String[] k, List<ResultsDatabase.StoredRow> list) {
		Set<Long> runs = new HashSet<>();
		for (ResultsDatabase.StoredRow r : list) if (!Double.isNaN(r.row.value)) runs.add(r.runId);
		int n = 0;
		double mean = 0, m2 = 0, u2 = 0;
		boolean allU = true;
		String flags = "";
		for (ResultsDatabase.StoredRow sr : list) {
			ResultRow r = sr.row;
			flags = Flags.join(flags, r.flags);
			if (Double.isNaN(r.value)) continue;
			n++;
			double d = r.value - mean;
			mean += d / n;
			m2 += d * (r.value - mean);
			if (Double.isNaN(r.uncertainty)) allU = false;
			else u2 += r.uncertainty * r.uncertainty;
		}
		if (n == 0) return null;
		double unc;
		if (n == 1) unc = allU ? Math.sqrt(u2) : Double.NaN;
		else unc = Math.sqrt(m2 / (n - 1) / n + (allU ? u2 / ((double) n * n) : 0));
		return new Entry(s, k[0], k[1], k[2], k[3], mean, unc, n, flags, runs.size());
	}
}
