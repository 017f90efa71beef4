package org.interphase.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVPrinter;

import org.interphase.Version;
import org.interphase.results.Csv;
import org.interphase.results.ResultsCsv;
import org.interphase.results.ResultsDatabase;

/**
 * {@code report}: a per-sample summary across techniques from the results database: {@code summary.csv}, one
 * comparison chart per quantity ({@code figures/*.png}) and {@code report.html} (charts inlined; the representative
 * images link to the overlays and fits the batch runs saved, all of them listed in {@code images.html}).
 */
public final class ReportWriter {
	/** Quantities not worth a chart of their own (bookkeeping rather than results). */
	private static final Set<String> NO_CHART = Set.of("pixel_size", "shift_applied", "reduced_chi2", "center_x",
		"center_y", "n_profiles", "interface_length");

	private ReportWriter() {}

	/** How the samples are grouped and ordered in the key figures (sample-sheet attributes; null: by ID). */
	public static final class Options {
		public final String groupBy, x, reference;
		/** Key figures (ids, "depth-*") to leave out, or to draw alone; see {@link ReportConfig}. Unmodifiable. */
		public final Set<String> figuresOff, figuresOnly;

		/** The defaults: samples by ID, every key figure. */
		public Options() {
			this(new Builder());
		}

		private Options(Builder b) {
			groupBy = b.groupBy;
			x = b.x;
			reference = b.reference;
			figuresOff = Collections.unmodifiableSet(new LinkedHashSet<>(b.figuresOff));
			figuresOnly = Collections.unmodifiableSet(new LinkedHashSet<>(b.figuresOnly));
		}

		public static Builder builder() {
			return new Builder();
		}

		/** A builder holding every field of these options. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		/** Changes some of the options; {@link #build} makes the immutable options. */
		public static final class Builder {
			private String groupBy, x, reference;
			private Set<String> figuresOff = new LinkedHashSet<>(), figuresOnly = new LinkedHashSet<>();

			Builder() {}

			Builder(Options o) {
				groupBy = o.groupBy;
				x = o.x;
				reference = o.reference;
				figuresOff = new LinkedHashSet<>(o.figuresOff);
				figuresOnly = new LinkedHashSet<>(o.figuresOnly);
			}

			public Builder groupBy(String g) {
				groupBy = g;
				return this;
			}

			public Builder x(String v) {
				x = v;
				return this;
			}

			public Builder reference(String r) {
				reference = r;
				return this;
			}

			/** Copied, in their order. */
			public Builder figuresOff(Set<String> ids) {
				figuresOff = new LinkedHashSet<>(ids);
				return this;
			}

			/** Copied, in their order. */
			public Builder figuresOnly(Set<String> ids) {
				figuresOnly = new LinkedHashSet<>(ids);
				return this;
			}

			public Options build() {
				return new Options(this);
			}
		}
	}

	/** Writes the report and returns the HTML file. */
	public static Path write(ResultsDatabase db, Path outDir) throws IOException {
		return write(db, outDir, new Options());
	}

	/** Writes the report (key figures first, engineering details in the appendix) and returns the HTML file. */
	public static Path write(ResultsDatabase db, Path outDir, Options options) throws IOException {
		Files.createDirectories(outDir.resolve("figures"));
		Timing t = new Timing();
		List<ResultsDatabase.StoredRow> stored = db.storedRows();
		t.lap("read rows");
		// the rows of each file's latest run and each sample's latest summary: what ofStored selects from all rows too
		List<ResultsDatabase.StoredRow> latest = SampleSummary.latest(stored);
		t.lap("latest rows");
		List<SampleSummary.Entry> entries = SampleSummary.ofStored(latest);
		Map<String, Map<String, String>> samples = new LinkedHashMap<>(db.samples());
		for (SampleSummary.Entry e : entries) samples.putIfAbsent(e.sampleId, Map.of());
		writeCsv(outDir.resolve("summary.csv"), entries, samples);
		// samples with only per-position/per-profile or series rows are in the figures too
		for (ResultsDatabase.StoredRow r : stored) if (r.row.sampleId != null && !r.row.sampleId.isEmpty()) samples
			.putIfAbsent(r.row.sampleId, Map.of());
		t.lap("summary");
		checkOptions(options, samples);
		SampleOrder order = new SampleOrder(samples.keySet(), samples, options.groupBy, options.x);
		// key figures, comparisons and key numbers: XPS at each sample's lowest photon energy (a depth series is no repeat)
		List<ResultsDatabase.StoredRow> keyRows = XpsSurface.only(latest);
		List<SampleSummary.Entry> keyEntries = keyRows == latest ? entries : SampleSummary.ofStored(keyRows);
		List<PaperChart> key = KeyFigures.build(keyRows, keyEntries, order);
		t.lap("key figure data");
		List<Comparisons.Row> comparisons = Comparisons.compute(keyRows, order, Comparisons.references(order, samples,
			options.reference, options.x));
		writeComparisons(outDir.resolve("comparisons.csv"), comparisons);
		t.lap("comparisons");
		List<DepthConsistency.Row> consistency = DepthConsistency.compute(latest, order);
		writeConsistency(outDir.resolve("eels-xps-consistency.csv"), consistency);
		key.addAll(DepthPicture.build(latest, keyEntries, order, consistency, key));
		key.removeIf(c -> !ReportConfig.shows(options, c.id));
		t.lap("depth pictures");
		String methods = Methods.markdown(db, latest), keyNumbers = Methods.keyNumbers(keyEntries, order);
		Files.writeString(outDir.resolve("methods.md"), methods, StandardCharsets.UTF_8);
		Files.writeString(outDir.resolve("key-numbers.md"), keyNumbers, StandardCharsets.UTF_8);
		t.lap("methods, numbers");
		writeKeyFigureFiles(key, outDir.resolve("key-figures"));
		t.lap("key figure files");
		Representatives reps = Representatives.of(db, latest);
		reps.writeIndex(outDir.resolve("images.html"), order);
		String repSection = reps.section(order, outDir);
		t.lap("representative data");

		List<String[]> charts = writeAppendixCharts(entries, outDir.resolve("figures"));
		t.lap("appendix charts");
		Path html = outDir.resolve("report.html");
		writeHtml(html, db, entries, samples, charts, key, order, options, comparisons, methods, keyNumbers, consistency,
			repSection);
		t.lap("html");
		return html;
	}

	/** The grouping and ordering attributes and the reference sample must exist (a typo is an error, not an empty figure). */
	private static void checkOptions(Options options, Map<String, Map<String, String>> samples) {
		for (String a : new String[] { options.groupBy, options.x }) if (a != null && !a.isEmpty() && samples.values()
			.stream().noneMatch(m -> m.containsKey(a))) throw new IllegalArgumentException("no sample has the attribute '" +
				a + "' (sample-sheet columns: " + attributes(samples) + ")");
		if (options.reference != null && !samples.containsKey(options.reference)) throw new IllegalArgumentException(
			"--reference " + options.reference + ": no such sample (samples: " + String.join(", ", samples.keySet()) + ")");
	}

	/** Each key figure as SVG, PNG and CSV, in parallel: the 300-dpi PNG encoding is most of their cost. */
	private static void writeKeyFigureFiles(List<PaperChart> key, Path keyDir) throws IOException {
		Files.createDirectories(keyDir);
		try {
			key.parallelStream().forEach(c -> {
				try {
					c.write(keyDir);
				}
				catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			});
		}
		catch (java.io.UncheckedIOException e) {
			throw e.getCause();
		}
	}

	/** One comparison chart per quantity and unit (bookkeeping quantities left out); returns {title, PNG path} pairs. */
	private static List<String[]> writeAppendixCharts(List<SampleSummary.Entry> entries, Path figureDir)
		throws IOException
	{
		Map<String, List<SampleSummary.Entry>> byKey = new LinkedHashMap<>();
		for (SampleSummary.Entry e : entries) byKey.computeIfAbsent(e.key() + "\u0000" + e.unit, k -> new ArrayList<>())
			.add(e);
		List<String[]> charts = new ArrayList<>();
		// one file per chart: names that would collide ("fraction[Ti3+]", "fraction(Ti3+)") get a short hash
		Map<String, String> chartNames = uniqueNames(byKey);
		for (Map.Entry<String, List<SampleSummary.Entry>> k : byKey.entrySet()) {
			List<SampleSummary.Entry> list = k.getValue();
			SampleSummary.Entry first = list.get(0);
			String baseQuantity = first.quantity.replaceAll("\\[.*", "");
			if (NO_CHART.contains(baseQuantity)) continue;
			List<String> names = new ArrayList<>();
			double[] v = new double[list.size()], u = new double[list.size()];
			for (int i = 0; i < list.size(); i++) {
				names.add(list.get(i).sampleId);
				v[i] = list.get(i).value;
				u[i] = list.get(i).uncertainty;
			}
			String fileName = chartNames.get(k.getKey()) + ".png";
			Path png = figureDir.resolve(fileName);
			String title = first.technique.toUpperCase(java.util.Locale.ROOT) + " " + first.quantity;
			ComparisonChart.write(title, first.unit, names, v, u, png);
			charts.add(new String[] { title, png.toString() });
		}
		return charts;
	}

	static void writeConsistency(Path file, List<DepthConsistency.Row> rows) throws IOException {
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
			ResultsCsv.FORMAT))
		{
			p.printRecord("sample_id", "photon_energy", "information_depth", "predicted_ti3_fraction",
				"predicted_uncertainty", "measured_ti3_fraction", "measured_uncertainty", "difference_sigma", "flags");
			for (DepthConsistency.Row r : rows) p.printRecord(Csv.text(r.sample), r.photonEnergy, Csv.number(
				r.informationDepth), Csv.number(r.predicted), Csv.number(r.predictedSd), Csv.number(r.measured), Csv.number(
					r.measuredSd), Csv.number(r.zScore), r.disagree ? "eels-xps-disagree" : "");
		}
	}

	static void writeComparisons(Path file, List<Comparisons.Row> rows) throws IOException {
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
			ResultsCsv.FORMAT))
		{
			p.printRecord("quantity", "sample_id", "reference", "difference", "ci_low", "ci_high", "ci_level", "unit",
				"n_files", "n_files_reference", "within_file_sd", "between_files_sd", "method", "note");
			for (Comparisons.Row r : rows) p.printRecord(Csv.text(r.quantity), Csv.text(r.sample), Csv.text(r.reference),
				Csv.number(r.ci.difference), Csv.number(r.ci.low), Csv.number(r.ci.high), Csv.number(Comparisons.LEVEL), Csv
					.text(r.unit), r.nSample, r.nReference, Csv.number(r.within), Csv.number(r.between), Csv.text(r.ci.method), Csv
					.text(r.note));
		}
	}

	/** Phase times on stderr with -Dinterphase.report.timing=true (for the benchmark). */
	private static final class Timing {
		final boolean on = Boolean.getBoolean("interphase.report.timing");
		final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
		long t = System.nanoTime(), cpu = mx.getCurrentThreadCpuTime();

		void lap(String what) {
			if (!on) return;
			long now = System.nanoTime(), c = mx.getCurrentThreadCpuTime();
			System.err.printf(java.util.Locale.ROOT, "report: %-18s %.2f s wall, %.2f s cpu (this thread)%n", what, (now -
				t) * 1e-9, (c - cpu) * 1e-9);
			t = now;
			cpu = c;
		}
	}

	private static String attributes(Map<String, Map<String, String>> samples) {
		Set<String> attrs = new LinkedHashSet<>();
		for (Map<String, String> a : samples.values()) attrs.addAll(a.keySet());
		return attrs.isEmpty() ? "none" : String.join(", ", attrs);
	}

	static void writeCsv(Path file, List<SampleSummary.Entry> entries, Map<String, Map<String, String>> samples)
		throws IOException
	{
		Set<String> attrs = new LinkedHashSet<>();
		for (Map<String, String> a : samples.values()) attrs.addAll(a.keySet());
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
			ResultsCsv.FORMAT))
		{
			List<String> header = new ArrayList<>(List.of("sample_id"));
			for (String k : attrs) header.add(Csv.text(k));
			header.addAll(List.of("technique", "analysis", "quantity", "value", "uncertainty", "unit", "n_inputs",
				"flags", "n_runs"));
			p.printRecord(header);
			for (SampleSummary.Entry e : entries) {
				List<String> row = new ArrayList<>(List.of(Csv.text(e.sampleId)));
				Map<String, String> a = samples.getOrDefault(e.sampleId, Map.of());
				for (String k : attrs) row.add(Csv.text(a.getOrDefault(k, "")));
				row.addAll(List.of(Csv.text(e.technique), Csv.text(e.analysis), Csv.text(e.quantity), Csv.number(e.value), Csv
					.number(e.uncertainty), Csv.text(e.unit), Integer.toString(e.inputs), Csv.text(e.flags), Integer.toString(
						e.runs)));
				p.printRecord(row);
			}
		}
	}

	static void writeHtml(Path file, ResultsDatabase db, List<SampleSummary.Entry> entries,
		Map<String, Map<String, String>> samples, List<String[]> charts, List<PaperChart> key, SampleOrder order,
		Options options, List<Comparisons.Row> comparisons, String methods, String keyNumbers,
		List<DepthConsistency.Row> consistency, String representatives) throws IOException
	{
		StringBuilder h = new StringBuilder();
		appendHead(h);
		appendKeyFigures(h, key, order, options);
		h.append(representatives);
		if (!comparisons.isEmpty()) appendComparisons(h, comparisons, options);
		if (!consistency.isEmpty()) appendConsistency(h, consistency);
		h.append("<h2>Key numbers</h2>\n<p>As Markdown in <code>key-numbers.md</code>.</p>\n<pre>").append(esc(keyNumbers))
			.append("</pre>\n<h2>Methods</h2>\n<p>Generated from the stored runs, ready to paste: <code>methods.md</code>." +
				"</p>\n<pre style=\"white-space:pre-wrap;max-width:60em\">").append(esc(methods)).append("</pre>\n");
		h.append("<h1 id=\"appendix\">Appendix: engineering details</h1>\n<p>Every quantity of every analysis, " +
			"its flags and the provenance of every run.</p>\n");
		appendSampleTable(h, samples);
		appendResultsBySample(h, entries, samples);
		appendAppendixCharts(h, charts);
		appendProvenance(h, db);
		appendFailedInputs(h, db);
		h.append("</body></html>\n");
		Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
	}

	/** The document head (style, the script that reports images that do not load), the title and the introduction. */
	private static void appendHead(StringBuilder h) {
		h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Interphase report</title>\n")
			.append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
			.append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}th{background:#f0f3f7}")
			.append("td.num{text-align:right;font-variant-numeric:tabular-nums}.flag{color:#a33;font-size:11px}")
			.append("img{max-width:720px;display:block;margin:0.5em 0 1.5em}figure{display:inline-block;vertical-align:top;" +
				"width:680px;margin:0 1em 1.5em 0}svg.key{width:100%;height:auto}figcaption{font-size:12px}" +
				"figure.rep{width:300px;margin:0 0.8em 1em 0}figure.rep img{width:300px;max-height:300px;object-fit:contain;" +
				"margin:0;border:1px solid #ccc}" +
				"</style>\n" +
				// a linked image that does not load (the report folder moved away from the run's outputs) says so
				"<script>window.addEventListener('load',function(){document.querySelectorAll('img').forEach(function(i){" +
				"if(!i.naturalWidth){console.error('image not found: '+i.getAttribute('src'));i.alt='(image not found: '+" +
				"i.getAttribute('src')+')';}});});</script></head><body>\n");
		h.append("<h1>Interphase report</h1>\n<p>Interphase ").append(esc(Version.get())).append(", ").append(esc(
			java.time.Instant.now().toString())).append(". Values are means with one-sigma uncertainties, " +
				"computed from every file stored for the sample (the latest run of each file); each cell says from how " +
				"many files and runs it comes. The figures for a paper come first; every quantity, flag and run is in " +
				"the <a href=\"#appendix\">appendix</a>.</p>\n");
	}

	/** The sample colour legend and every key figure inline as SVG with its caption, flags and file links. */
	private static void appendKeyFigures(StringBuilder h, List<PaperChart> key, SampleOrder order, Options options) {
		h.append("<h2>Key figures</h2>\n<p>Samples");
		if (options.groupBy != null) h.append(" grouped by <b>").append(esc(options.groupBy)).append("</b>");
		if (options.x != null) h.append(" ordered by <b>").append(esc(options.x)).append("</b>");
		h.append(" (colour per sample, the same in every figure): ");
		for (String s : order.samples) h.append("<span style=\"color:").append(order.color(s)).append(
			"\">&#9632;</span> ").append(esc(s)).append(order.groups.get(s).isEmpty() ? "" : " (" + esc(order.groups.get(
				s)) + ")").append("&nbsp; ");
		h.append(". Each figure is also in <code>key-figures/</code> as SVG, 300-dpi PNG and the CSV of its data.</p>\n");
		if (key.isEmpty()) h.append("<p>No stored results of the key analyses (SEM reaction depth, HRTEM coating " +
			"thickness, XPS, EELS, SAED, Raman) yet.</p>\n");
		for (PaperChart c : key) {
			h.append("<figure id=\"").append(esc(c.id)).append("\">").append(c.svg().replaceFirst("<svg ",
				"<svg class=\"key\" ")).append("<figcaption><b>").append(esc(c.title)).append(".</b> ").append(esc(c.caption));
			StringBuilder flagged = new StringBuilder();
			for (PaperChart.Series se : c.series) if (!se.flags.isEmpty()) flagged.append(flagged.length() == 0 ? "" : "; ")
				.append(esc(se.sample)).append(": ").append(esc(se.flags));
			if (flagged.length() > 0) h.append(" <span class=\"flag\">Flags: ").append(flagged).append("</span>");
			h.append(" <a href=\"key-figures/").append(esc(c.id)).append(".svg\">SVG</a> <a href=\"key-figures/")
				.append(esc(c.id)).append(".png\">PNG</a> <a href=\"key-figures/").append(esc(c.id)).append(
					".csv\">CSV</a></figcaption></figure>\n");
		}
	}

	/** The table of differences from the reference sample with their confidence intervals. */
	private static void appendComparisons(StringBuilder h, List<Comparisons.Row> comparisons, Options options) {
		h.append("<h2>Differences from the reference</h2>\n<p>Each sample minus its reference (").append(options
			.reference != null ? "--reference " + esc(options.reference) : "the uncoated sample, with the same " + (options.x
				== null ? "attributes" : esc(options.x)) + " where there is one").append(") with a ").append(Math.round(
					Comparisons.LEVEL * 100)).append(" % confidence interval. The independent unit is the file (image, " +
						"spectrum, scan); the method column says how the interval was made. Within file: the spread of the " +
						"profiles of one image (or the file's stored uncertainty); between files: the image-to-image spread " +
						"(pooled SD of the file values). Also in <code>comparisons.csv</code>.</p>\n<table><tr><th>quantity</th>" +
						"<th>sample</th><th>reference</th><th>difference</th><th>" + Math.round(Comparisons.LEVEL * 100) +
						" % CI</th><th>unit</th><th>files</th><th>within file</th><th>between files</th><th>method</th></tr>\n");
		for (Comparisons.Row r : comparisons) {
			double half = Math.max(r.ci.high - r.ci.difference, r.ci.difference - r.ci.low);
			h.append("<tr><td>").append(esc(r.quantity)).append("</td><td>").append(esc(r.sample)).append("</td><td>")
				.append(esc(r.reference)).append("</td><td class=\"num\">").append(esc(Sig.format(r.ci.difference, half / 1.645)
					.replaceAll(" \u00B1.*", ""))).append("</td><td class=\"num\">[").append(esc(ComparisonChart.format(r.ci
						.low))).append(", ").append(esc(ComparisonChart.format(r.ci.high))).append("]</td><td>").append(esc(r.unit))
				.append("</td><td class=\"num\">").append(r.nSample).append(" vs ").append(r.nReference).append(
					"</td><td class=\"num\">").append(esc(ComparisonChart.format(r.within))).append("</td><td class=\"num\">")
				.append(esc(ComparisonChart.format(r.between))).append("</td><td>").append(esc(r.ci.method)).append(r.note
					.isEmpty() ? "" : "<br><span class=\"flag\">" + esc(r.note) + "</span>").append("</td></tr>\n");
		}
		h.append("</table>\n");
	}

	/** The Ti3+ fraction predicted from EELS beside the one XPS measured, per photon energy. */
	private static void appendConsistency(StringBuilder h, List<DepthConsistency.Row> consistency) {
		h.append("<h2>EELS &rarr; XPS consistency</h2>\n<p>The Ti3+ fraction XPS should see at each photon energy, " +
			"predicted from the sample's EELS Ti3+ profile with exp(&minus;z/&lambda;cos&theta;) weighting " +
			"(&lambda;cos&theta; = the stored information depth / 3, TPP-2M), beside the measured one. Assumes the " +
			"same region, a laterally homogeneous layer and equal attenuation for both valences; &sigma; includes " +
			"the profile's and the " +
			"IMFP's (TPP-2M, ~11 %) uncertainty. Flagged where they differ by more than 2&sigma;. Also in " +
			"<code>eels-xps-consistency.csv</code>.</p>\n<table><tr><th>sample</th><th>photon energy (eV)</th>" +
			"<th>information depth (nm)</th><th>predicted from EELS</th><th>measured (XPS)</th>" +
			"<th>difference (&sigma;)</th><th></th></tr>\n");
		for (DepthConsistency.Row r : consistency) h.append("<tr><td>").append(esc(r.sample)).append("</td><td>").append(
			esc(r.photonEnergy)).append("</td><td class=\"num\">").append(esc(ComparisonChart.format(r.informationDepth)))
			.append("</td><td class=\"num\">").append(esc(Sig.format(r.predicted, r.predictedSd))).append(
				"</td><td class=\"num\">").append(esc(Sig.format(r.measured, r.measuredSd))).append(
					"</td><td class=\"num\">").append(String.format(java.util.Locale.ROOT, "%+.1f", r.zScore)).append("</td><td>")
			.append(r.disagree ? "<span class=\"flag\">eels-xps-disagree</span>" : "").append("</td></tr>\n");
		h.append("</table>\n");
	}

	/** The samples with their sample-sheet attributes. */
	private static void appendSampleTable(StringBuilder h, Map<String, Map<String, String>> samples) {
		Set<String> attrs = new LinkedHashSet<>();
		for (Map<String, String> a : samples.values()) attrs.addAll(a.keySet());
		h.append("<h2>Samples</h2>\n<table><tr><th>sample</th>");
		for (String a : attrs) h.append("<th>").append(esc(a)).append("</th>");
		h.append("</tr>\n");
		for (Map.Entry<String, Map<String, String>> s : samples.entrySet()) {
			h.append("<tr><td>").append(esc(s.getKey())).append("</td>");
			for (String a : attrs) h.append("<td>").append(esc(s.getValue().getOrDefault(a, ""))).append("</td>");
			h.append("</tr>\n");
		}
		h.append("</table>\n");
	}

	/** Samples x quantities: each cell the mean &plusmn; uncertainty, its file and run counts and its flags. */
	private static void appendResultsBySample(StringBuilder h, List<SampleSummary.Entry> entries,
		Map<String, Map<String, String>> samples)
	{
		List<String> keys = new ArrayList<>();
		Map<String, String> units = new LinkedHashMap<>();
		Map<String, Map<String, SampleSummary.Entry>> cell = new LinkedHashMap<>();
		for (SampleSummary.Entry e : entries) {
			String k = e.key();
			if (!keys.contains(k)) keys.add(k);
			units.put(k, e.unit);
			cell.computeIfAbsent(e.sampleId, x -> new LinkedHashMap<>()).put(k, e);
		}
		h.append("<h2>Results by sample</h2>\n<table><tr><th>quantity</th><th>unit</th>");
		for (String s : samples.keySet()) h.append("<th>").append(esc(s)).append("</th>");
		h.append("</tr>\n");
		for (String k : keys) {
			h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(units.get(k))).append("</td>");
			for (String s : samples.keySet()) {
				SampleSummary.Entry e = cell.getOrDefault(s, Map.of()).get(k);
				h.append("<td class=\"num\">");
				if (e != null) {
					h.append(esc(ComparisonChart.format(e.value)));
					if (Double.isFinite(e.uncertainty)) h.append(" &plusmn; ").append(esc(ComparisonChart.format(
						e.uncertainty)));
					h.append(" <small>(").append(e.inputs).append(e.inputs == 1 ? " file" : " files").append(", ").append(
						e.runs).append(e.runs == 1 ? " run" : " runs").append(")</small>");
					if (!e.flags.isEmpty()) h.append("<br><span class=\"flag\">").append(esc(e.flags)).append("</span>");
				}
				h.append("</td>");
			}
			h.append("</tr>\n");
		}
		h.append("</table>\n");
	}

	/** The per-quantity comparison charts, inlined as base64 PNG. */
	private static void appendAppendixCharts(StringBuilder h, List<String[]> charts) throws IOException {
		h.append("<h2>Comparison per quantity</h2>\n");
		for (String[] c : charts) {
			byte[] png = Files.readAllBytes(Path.of(c[1]));
			h.append("<h3>").append(esc(c[0])).append("</h3><img alt=\"").append(esc(c[0])).append(
				"\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n");
		}
	}

	/** Every stored run: software version, command, parameters, start time. */
	private static void appendProvenance(StringBuilder h, ResultsDatabase db) throws IOException {
		h.append("<h2>Provenance</h2>\n<table><tr><th>run</th><th>software</th><th>command</th><th>parameters</th>" +
			"<th>started</th></tr>\n");
		try (Statement st = db.connection().createStatement(); ResultSet r = st.executeQuery(
			"SELECT run_id, software_version, command, parameters, started FROM runs ORDER BY run_id"))
		{
			while (r.next()) {
				h.append("<tr>");
				for (int i = 1; i <= 5; i++) h.append("<td>").append(esc(r.getString(i))).append("</td>");
				h.append("</tr>\n");
			}
		}
		catch (SQLException e) {
			throw new IOException(e);
		}
		h.append("</table>\n");
	}

	/** The inputs that failed with their errors (no section when none failed). */
	private static void appendFailedInputs(StringBuilder h, ResultsDatabase db) throws IOException {
		try (Statement st = db.connection().createStatement(); ResultSet r = st.executeQuery(
			"SELECT source, error FROM errors ORDER BY error_id"))
		{
			StringBuilder errs = new StringBuilder();
			while (r.next()) errs.append("<tr><td>").append(esc(r.getString(1))).append("</td><td>").append(esc(r
				.getString(2))).append("</td></tr>\n");
			if (errs.length() > 0) h.append("<h2>Inputs that failed</h2>\n<table><tr><th>source</th><th>error</th></tr>\n")
				.append(errs).append("</table>\n");
		}
		catch (SQLException e) {
			throw new IOException(e);
		}
	}

	private static Map<String, String> uniqueNames(Map<String, List<SampleSummary.Entry>> byKey) {
		Map<String, List<String>> byName = new LinkedHashMap<>();
		for (Map.Entry<String, List<SampleSummary.Entry>> k : byKey.entrySet()) {
			SampleSummary.Entry f = k.getValue().get(0);
			byName.computeIfAbsent((f.technique + "_" + f.analysis + "_" + f.quantity).replaceAll("[^A-Za-z0-9._+-]", "_"),
				n -> new ArrayList<>()).add(k.getKey());
		}
		Map<String, String> out = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> e : byName.entrySet()) for (String key : e.getValue()) out.put(key, e
			.getValue().size() == 1 ? e.getKey() : e.getKey() + "-" + Integer.toHexString(key.hashCode() & 0xffffff));
		return out;
	}

	static String esc(String s) {
		if (s == null) return "";
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}
}
