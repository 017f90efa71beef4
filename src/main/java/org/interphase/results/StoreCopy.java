package org.interphase.results;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.interphase.core.result.ResultRow;

/**
 * {@code interphase db copy --from A --to B}: merges one store into another keeping every identity. Samples are
 * matched by ID (attributes merged, the copied ones win), files by path and SHA-256, runs by what they were
 * (software version, command, parameters, start time, output folder), and a file's rows by the file, analysis and
 * parameter set, as when they were stored: the rows of the later run win, the same run's rows are left as they are.
 * Copying the same store twice therefore adds nothing the second time. Each copied file's rows are written in one
 * transaction. A sample whose per-file rows changed gets its summary recomputed from every file now in the target
 * (a sample analysed in shards has each shard's partial summary; the merged one equals one unsharded run).
 */
public final class StoreCopy {
	/** Recomputes a sample's summary for an analysis, from its files' rows; null: the analysis is unknown here. */
	public interface Summarizer {
		Function<List<List<ResultRow>>, List<ResultRow>> forAnalysis(String analysis, String sampleId);
	}

	/** What a copy did. */
	public static final class Counts {
		public final int samples, runs, files, groupsCopied, groupsKept, rowsCopied, errors, summaries;

		private Counts(Builder b) {
			samples = b.samples;
			runs = b.runs;
			files = b.files;
			groupsCopied = b.groupsCopied;
			groupsKept = b.groupsKept;
			rowsCopied = b.rowsCopied;
			errors = b.errors;
			summaries = b.summaries;
		}

		/** A builder holding every count. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		/** The counts while a copy runs (the copier adds to its fields). */
		public static final class Builder {
			int samples, runs, files, groupsCopied, groupsKept, rowsCopied, errors, summaries;

			Builder() {}

			Builder(Counts c) {
				samples = c.samples;
				runs = c.runs;
				files = c.files;
				groupsCopied = c.groupsCopied;
				groupsKept = c.groupsKept;
				rowsCopied = c.rowsCopied;
				errors = c.errors;
				summaries = c.summaries;
			}

			public Counts build() {
				return new Counts(this);
			}
		}

		@Override
		public String toString() {
			return String.format("%d sample(s) added or updated, %d run(s), %d file(s), %d row(s) in %d group(s) " +
				"copied, %d group(s) already there, %d error line(s), %d summary(ies) recomputed", samples, runs, files,
				rowsCopied, groupsCopied, groupsKept, errors, summaries);
		}
	}

	private final ResultsDatabase from, to;
	private final Summarizer summarizer;
	private final Map<Long, Long> runMap = new HashMap<>();
	private final Map<Long, String> runStarted = new HashMap<>();
	private final Map<Long, FileRecord> sourceFiles = new HashMap<>();
	private final Counts.Builder counts = new Counts.Builder();
	/** Source files with at least one group of rows copied (the "file(s)" of the summary line). */
	private final Set<Long> copiedFiles = new HashSet<>();

	private StoreCopy(ResultsDatabase from, ResultsDatabase to, Summarizer summarizer) {
		this.from = from;
		this.to = to;
		this.summarizer = summarizer;
	}

	public static Counts copy(ResultsDatabase from, ResultsDatabase to, Summarizer summarizer) throws IOException {
		if (from.location().equals(to.location())) throw new IllegalArgumentException("--from and --to are the same " +
			"store (" + from.location() + ")");
		StoreCopy c = new StoreCopy(from, to, summarizer);
		try {
			c.run();
		}
		catch (SQLException e) {
			throw new IOException("copying " + from.location() + " to " + to.location() + ": " + e.getMessage(), e);
		}
		return c.counts.build();
	}

	private void run() throws SQLException, IOException {
		Map<String, Map<String, String>> targetSamples = to.samples();
		for (Map.Entry<String, Map<String, String>> e : from.samples().entrySet()) {
			Map<String, String> merged = new LinkedHashMap<>(targetSamples.getOrDefault(e.getKey(), Map.of()));
			merged.putAll(e.getValue());
			if (targetSamples.containsKey(e.getKey()) && merged.equals(targetSamples.get(e.getKey()))) continue;
			to.putSample(e.getKey(), e.getValue());
			counts.samples++;
		}
		copyRuns();
		try (Statement s = from.connection().createStatement(); ResultSet r = s.executeQuery("SELECT file_id, path, " +
			"size, sha256, technique FROM files"))
		{
			while (r.next()) sourceFiles.put(r.getLong(1), new FileRecord(r.getString(2), r.getLong(3), r.getString(4), r
				.getString(5)));
		}
		// the groups one at a time, in key order: memory stays that of one group
		Set<String> resummarize = new LinkedHashSet<>();
		Map<String, Long> summaryRun = new HashMap<>();
		try (Statement s = from.connection().createStatement(); ResultSet r = s.executeQuery("SELECT result_key, " +
			"analysis, params_hash, run_id, file_id, sample_id, technique, source, region, quantity, value, uncertainty, " +
			"unit, label, flags FROM results ORDER BY result_key, analysis, params_hash, seq, result_id"))
		{
			Group g = null;
			while (r.next()) {
				String key = r.getString(1), analysis = r.getString(2), ph = r.getString(3);
				if (g == null || !g.key.equals(key) || !Objects.equals(g.analysis, analysis) || !g.paramsHash.equals(ph)) {
					if (g != null) copyGroup(g, resummarize, summaryRun);
					long run = r.getLong(4), fid = r.getLong(5);
					g = new Group(key, analysis, ph, run, r.wasNull() ? null : fid);
				}
				double v = r.getDouble(11);
				if (r.wasNull()) v = Double.NaN;
				double u = r.getDouble(12);
				if (r.wasNull()) u = Double.NaN;
				g.rows.add(new ResultRow(r.getString(6), r.getString(7), analysis, r.getString(8), r.getString(9), r
					.getString(10), v, u, r.getString(13), r.getString(14), r.getString(15)));
			}
			if (g != null) copyGroup(g, resummarize, summaryRun);
		}
		copyErrors();
		for (String k : resummarize) {
			String[] p = k.split("\u0000", -1);
			Function<List<List<ResultRow>>, List<ResultRow>> f = summarizer == null ? null : summarizer.forAnalysis(p[1],
				p[0]);
			if (f == null) continue;
			to.storeSummary(summaryRun.get(k), p[0], p[1], p[2], f);
			counts.summaries++;
		}
	}

	private static final class Group {
		final String key, analysis, paramsHash;
		final long runId;
		final Long fileId;
		final List<ResultRow> rows = new ArrayList<>();

		Group(String key, String analysis, String paramsHash, long runId, Long fileId) {
			this.key = key;
			this.analysis = analysis;
			this.paramsHash = paramsHash;
			this.runId = runId;
			this.fileId = fileId;
		}
	}

	private void copyGroup(Group g, Set<String> resummarize, Map<String, Long> summaryRun) throws SQLException {
		long run = runMap.get(g.runId);
		Set<String> samples = new LinkedHashSet<>();
		if (g.fileId == null && g.key.startsWith("summary:")) samples.add(g.key.substring("summary:".length()));
		else for (ResultRow r : g.rows) samples.add(r.sampleId);
		for (String sample : samples) {
			String rk = sample + "\u0000" + g.analysis + "\u0000" + g.paramsHash;
			if (g.fileId == null) summaryRun.put(rk, run);
			else summaryRun.putIfAbsent(rk, run);
		}
		boolean copied = to.write(() -> {
			Long fileId = g.fileId == null ? null : to.fileId(sourceFiles.get(g.fileId));
			String key = fileId == null ? g.key : "file:" + fileId;
			try (PreparedStatement p = to.connection().prepareStatement("SELECT r.run_id, u.started FROM results r JOIN " +
				"runs u ON r.run_id=u.run_id WHERE r.result_key=? AND r.analysis=? AND r.params_hash=? ORDER BY " +
				"r.result_id DESC"))
			{
				p.setString(1, key);
				p.setString(2, g.analysis);
				p.setString(3, g.paramsHash);
				try (ResultSet r = p.executeQuery()) {
					if (r.next() && (r.getLong(1) == run || !later(runStarted.get(g.runId), r.getString(2)))) return false;
				}
			}
			to.deleteRows(key, g.analysis, g.paramsHash);
			to.insertRows(run, fileId, key, g.paramsHash, g.rows);
			return true;
		});
		if (copied) {
			if (g.fileId != null && copiedFiles.add(g.fileId)) counts.files++;
			counts.groupsCopied++;
			counts.rowsCopied += g.rows.size();
			for (String sample : samples) resummarize.add(sample + "\u0000" + g.analysis + "\u0000" + g.paramsHash);
		}
		else counts.groupsKept++;
	}

	/** Whether start time a is after b (ISO instants; as text where one does not parse). */
	static boolean later(String a, String b) {
		if (b == null) return true;
		if (a == null) return false;
		try {
			return Instant.parse(a).isAfter(Instant.parse(b));
		}
		catch (DateTimeParseException e) {
			return a.compareTo(b) > 0;
		}
	}

	private void copyRuns() throws SQLException {
		try (Statement s = from.connection().createStatement(); ResultSet r = s.executeQuery("SELECT run_id, " +
			"software_version, command, parameters, started, out_dir FROM runs ORDER BY run_id"))
		{
			while (r.next()) {
				long src = r.getLong(1);
				String[] v = { r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6) };
				runStarted.put(src, v[3]);
				runMap.put(src, to.write(() -> {
					try (PreparedStatement q = to.connection().prepareStatement("SELECT run_id FROM runs WHERE " +
						"software_version IS NOT DISTINCT FROM ? AND command IS NOT DISTINCT FROM ? AND parameters IS NOT " +
						"DISTINCT FROM ? AND started IS NOT DISTINCT FROM ? AND out_dir IS NOT DISTINCT FROM ? ORDER BY run_id"))
					{
						for (int i = 0; i < 5; i++) q.setString(i + 1, v[i]);
						try (ResultSet k = q.executeQuery()) {
							if (k.next()) return k.getLong(1);
						}
					}
					try (PreparedStatement p = to.connection().prepareStatement("INSERT INTO runs(software_version, command, " +
						"parameters, started, out_dir) VALUES (?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS))
					{
						for (int i = 0; i < 5; i++) p.setString(i + 1, v[i]);
						p.executeUpdate();
						counts.runs++;
						try (ResultSet k = p.getGeneratedKeys()) {
							k.next();
							return k.getLong(1);
						}
					}
				}));
			}
		}
	}

	private void copyErrors() throws SQLException {
		try (Statement s = from.connection().createStatement(); ResultSet r = s.executeQuery("SELECT run_id, source, " +
			"error FROM errors ORDER BY error_id"))
		{
			while (r.next()) {
				long src = r.getLong(1);
				Long run = r.wasNull() ? null : runMap.get(src);
				String source = r.getString(2), error = r.getString(3);
				boolean added = to.write(() -> {
					try (PreparedStatement q = to.connection().prepareStatement("SELECT 1 FROM errors WHERE run_id IS NOT " +
						"DISTINCT FROM ? AND source IS NOT DISTINCT FROM ? AND error IS NOT DISTINCT FROM ?"))
					{
						bindError(q, run, source, error);
						try (ResultSet k = q.executeQuery()) {
							if (k.next()) return false;
						}
					}
					try (PreparedStatement p = to.connection().prepareStatement("INSERT INTO errors(run_id, source, error) " +
						"VALUES (?,?,?)"))
					{
						bindError(p, run, source, error);
						p.executeUpdate();
					}
					return true;
				});
				if (added) counts.errors++;
			}
		}
	}

	/** Binds (run_id, source, error) of an error line; a line without a run keeps a NULL run. */
	private static void bindError(PreparedStatement p, Long run, String source, String error) throws SQLException {
		if (run == null) p.setNull(1, java.sql.Types.BIGINT);
		else p.setLong(1, run);
		p.setString(2, source);
		p.setString(3, error);
	}
}
