package org.interphase.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * Representative data with overlays: for each sample and technique the file whose key value lies nearest the
 * sample's median (the SEM image with its detected surface and front, the HRTEM image with its thickness profile,
 * the fitted XPS spectrum with its components, the EELS Ti3+ profile, the indexed SAED pattern), as the batch run
 * saved them ({@code overlays/}, {@code figures/} beside the run's results). The report links to the full-size
 * files where they are (relative to the report), and {@code images.html} lists every image and fit of every file.
 */
final class Representatives {
	/** An analysis: its key per-file quantity (region "" unless given) and the output it is best shown by. */
	private static final String[][] TECHNIQUES = {
		{ "reaction-depth", "SEM (surface and reaction front)", "depth_mean", "", "__overlay.png" },
		{ "coating-thickness", "HRTEM (coating thickness profile)", "thickness_mean", "", "__overlay.png" },
		{ "xps-fit", "XPS (fit and components)", "fraction", "component:Ti3+", "__fit.png" },
		{ "eels-valence", "EELS (Ti3+ profile)", "ti3_dominant_depth", "", "__ti3-profile.png" },
		{ "saed", "SAED (indexed pattern)", "", "", "__overlay.png" } };

	/** One analysed file: its sample, technique, key value and its saved outputs (absolute paths). */
	static final class Item {
		String sample, technique, source;
		double key = Double.NaN;
		final List<Path> outputs = new ArrayList<>();

		Path preferred(String suffix) {
			for (Path p : outputs) if (p.getFileName().toString().endsWith(suffix)) return p;
			for (Path p : outputs) if (p.getFileName().toString().endsWith("__overlay.png")) return p;
			for (Path p : outputs) if (p.getFileName().toString().endsWith(".png")) return p;
			return null;
		}
	}

	final Map<String, Map<String, List<Item>>> bySample = new LinkedHashMap<>();

	private Representatives() {}

	/** The files of the latest rows with the outputs their runs saved (none where the output folders are gone). */
	static Representatives of(ResultsDatabase db, List<StoredRow> latest) throws IOException {
		Map<Long, String> outDir = new HashMap<>();
		try (Statement st = db.connection().createStatement(); ResultSet r = st.executeQuery(
			"SELECT run_id, out_dir FROM runs"))
		{
			while (r.next()) outDir.put(r.getLong(1), r.getString(2));
		}
		catch (SQLException e) {
			throw new IOException(e);
		}
		Map<String, Item> items = new TreeMap<>(); // by file path, then run
		Map<String, Long> runOf = new HashMap<>();
		for (StoredRow s : latest) {
			ResultRow r = s.row;
			if (s.filePath == null || r.sampleId == null || r.sampleId.isEmpty()) continue;
			String k = s.filePath + "\u0000" + s.runId;
			Item it = items.get(k);
			if (it == null) {
				it = new Item();
				it.sample = r.sampleId;
				it.technique = r.analysis;
				it.source = r.source == null || r.source.isEmpty() ? s.filePath : r.source;
				items.put(k, it);
				runOf.put(k, s.runId);
			}
			for (String[] t : TECHNIQUES) if (t[0].equals(r.analysis) && t[2].equals(r.quantity) && t[3].equals(r.region)
				&& Double.isNaN(it.key)) it.key = r.value;
		}
		// the output folders of each run, listed once: file-name stem -> outputs
		Map<String, Map<String, List<Path>>> listings = new HashMap<>();
		Representatives out = new Representatives();
		for (Map.Entry<String, Item> e : items.entrySet()) {
			Item it = e.getValue();
			String dir = outDir.get(runOf.get(e.getKey()));
			if (dir != null) {
				Map<String, List<Path>> l = listings.get(dir);
				if (l == null) listings.put(dir, l = list(Path.of(dir)));
				// two inputs of a batch with one stem got "-" and a hash of their source (batch.Outputs)
				List<Path> o = l.isEmpty() ? null : l.get(stem(it.source) + "-" + hash(it.source));
				if (o == null) o = l.get(stem(it.source));
				if (o != null) it.outputs.addAll(o);
			}
			out.bySample.computeIfAbsent(it.sample, k -> new LinkedHashMap<>()).computeIfAbsent(it.technique,
				k -> new ArrayList<>()).add(it);
		}
		return out;
	}

	/** overlays/ and figures/ (and tables/) of a run's output folder by the stem before "__". */
	private static Map<String, List<Path>> list(Path dir) throws IOException {
		Map<String, List<Path>> out = new HashMap<>();
		for (String sub : new String[] { "overlays", "figures", "tables" }) {
			Path d = dir.resolve(sub);
			if (!Files.isDirectory(d)) continue;
			try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
				for (Path p : ds) {
					String n = p.getFileName().toString();
					int i = n.indexOf("__");
					if (i <= 0) continue;
					out.computeIfAbsent(n.substring(0, i), k -> new ArrayList<>()).add(p);
				}
			}
		}
		for (List<Path> l : out.values()) l.sort(null);
		return out;
	}

	/** The batch's output file-name stem of an input (as org.interphase.batch.Outputs names them). */
	static String stem(String source) {
		return org.interphase.results.OutputNames.stem(source);
	}

	/** Six hex digits of the SHA-256 of the source (as org.interphase.batch.Outputs suffixes a shared stem). */
	static String hash(String s) {
		return org.interphase.results.OutputNames.hash(s);
	}

	/** The item of a sample and technique nearest the median key value (the first where none has one). */
	static Item representative(List<Item> items, String suffix) {
		List<Item> shown = new ArrayList<>();
		for (Item it : items) if (it.preferred(suffix) != null) shown.add(it);
		if (shown.isEmpty()) return null;
		double[] v = shown.stream().mapToDouble(i -> i.key).filter(Double::isFinite).sorted().toArray();
		if (v.length == 0) return shown.get(0);
		double med = PaperChart.Box.quantile(v, 0.5);
		Item best = shown.get(0);
		for (Item it : shown) if (Double.isFinite(it.key) && (!Double.isFinite(best.key) || Math.abs(it.key - med) < Math
			.abs(best.key - med))) best = it;
		return best;
	}

	/** A link from the report folder to a file: relative where it can be, else a file URI. */
	static String href(Path reportDir, Path file) {
		try {
			String rel = reportDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
				.replace('\\', '/');
			StringBuilder b = new StringBuilder();
			for (String part : rel.split("/")) {
				if (b.length() > 0) b.append('/');
				b.append(java.net.URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
			}
			return b.toString();
		}
		catch (IllegalArgumentException e) {
			return file.toUri().toString();
		}
	}

	/** The report's section: one row per sample, one representative image per technique, linked full size. */
	String section(SampleOrder order, Path reportDir) {
		StringBuilder h = new StringBuilder();
		boolean any = false;
		StringBuilder rows = new StringBuilder();
		for (String s : order.samples) {
			Map<String, List<Item>> t = bySample.get(s);
			if (t == null) continue;
			StringBuilder cells = new StringBuilder();
			for (String[] tech : TECHNIQUES) {
				List<Item> items = t.get(tech[0]);
				Item rep = items == null ? null : representative(items, tech[4]);
				if (rep == null) continue;
				Path img = rep.preferred(tech[4]);
				String link = ReportWriter.esc(href(reportDir, img));
				cells.append("<figure class=\"rep\"><a href=\"").append(link).append("\"><img src=\"").append(
					link).append("\" alt=\"").append(ReportWriter.esc(tech[1] + ", " + s)).append("\"></a><figcaption>").append(
						ReportWriter.esc(tech[1])).append(": ").append(ReportWriter.esc(rep.source.substring(Math.max(rep.source
							.lastIndexOf('/'), rep.source.lastIndexOf('\\')) + 1))).append(Double.isFinite(rep.key) ? " (nearest the median of " + items.size() + ")" : "")
					.append("</figcaption></figure>");
			}
			if (cells.length() == 0) continue;
			any = true;
			rows.append("<h3 style=\"color:").append(order.color(s)).append("\">").append(ReportWriter.esc(s)).append(
				"</h3>\n<div class=\"reps\">").append(cells).append("</div>\n");
		}
		if (!any) return "";
		h.append("<h2 id=\"representative\">Representative data</h2>\n<p>Per sample and technique the file whose key " +
			"value (SEM mean depth, HRTEM mean thickness, XPS Ti3+ fraction, EELS Ti3+-dominant depth) lies nearest the " +
			"sample's median, with what the analysis measured drawn on it. Click an image for the full size; " +
			"<a href=\"images.html\">every image and fit</a> of every file is listed on its own page.</p>\n").append(rows);
		return h.toString();
	}

	/** images.html: every file's images, fits and tables, by sample and technique. */
	void writeIndex(Path file, SampleOrder order) throws IOException {
		Path dir = file.getParent();
		StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
			"Interphase report: every image and fit</title><style>body{font-family:sans-serif;margin:2em;color:#222}" +
			"li{margin:2px 0;font-size:13px}</style></head><body>\n<h1>Every image and fit</h1>\n<p><a href=\"report.html\">" +
			"Back to the report</a>. Each analysed file (its latest run) with what the run saved: overlays, figures (PNG, " +
			"SVG) and tables.</p>\n");
		List<String> samples = new ArrayList<>(order.samples);
		for (String s : bySample.keySet()) if (!samples.contains(s)) samples.add(s);
		for (String s : samples) {
			Map<String, List<Item>> t = bySample.get(s);
			if (t == null) continue;
			h.append("<h2>").append(ReportWriter.esc(s)).append("</h2>\n");
			for (Map.Entry<String, List<Item>> e : t.entrySet()) {
				h.append("<h3>").append(ReportWriter.esc(e.getKey())).append(" (").append(e.getValue().size()).append(
					" files)</h3>\n<ul>\n");
				for (Item it : e.getValue()) {
					h.append("<li>").append(ReportWriter.esc(it.source));
					if (it.outputs.isEmpty()) h.append(" <i>(no saved images)</i>");
					for (Path p : it.outputs) {
						String n = p.getFileName().toString();
						h.append(" &middot; <a href=\"").append(ReportWriter.esc(href(dir, p))).append("\">").append(
							ReportWriter.esc(n.substring(n.indexOf("__") + 2))).append("</a>");
					}
					h.append("</li>\n");
				}
				h.append("</ul>\n");
			}
		}
		h.append("</body></html>\n");
		Files.writeString(file, h.toString(), StandardCharsets.UTF_8);
	}
}
