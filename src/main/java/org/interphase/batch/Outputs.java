package org.interphase.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.commons.csv.CSVPrinter;

import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Table;
import org.interphase.ij.ImageJTiff;
import org.interphase.ij.FigureRenderer;
import org.interphase.render.FigureSvg;
import org.interphase.ij.OverlayRenderer;
import org.interphase.results.Csv;
import org.interphase.results.ResultsCsv;

/**
 * Saves what an analysis drew next to results.csv: figures as PNG and SVG in {@code figures/}, maps as calibrated TIFF in
 * {@code maps/}, named tables (e.g. XPS components) as CSV in {@code tables/}, and the input image with its
 * measured shapes as PNG in {@code overlays/}.
 */
final class Outputs {
	private Outputs() {}

	/** Saves what the analysis drew, every file named {@code <stem>__<id>} (stems from {@link #stems}). */
	static void save(Path outDir, String stem, AnalysisResult res, Signal image) throws IOException {
		if (!res.figures().isEmpty()) {
			Path dir = Files.createDirectories(outDir.resolve("figures"));
			java.util.Map<String, String> names = unique(ids(res.figures(), f -> f.id), Outputs::safe);
			for (Figure full : res.figures()) {
				Figure f = org.interphase.render.FigureBudget.limit(full);
				FigureRenderer.savePng(f, dir.resolve(stem + "__" + names.get(f.id) + ".png"));
				// the same figure as vector graphics, for publication
				FigureSvg.save(f, dir.resolve(stem + "__" + names.get(f.id) + ".svg"));
			}
		}
		if (!res.maps().isEmpty()) {
			Path dir = Files.createDirectories(outDir.resolve("maps"));
			java.util.Map<String, String> names = unique(ids(res.maps(), m -> m.name), Outputs::safe);
			for (Signal m : res.maps()) ImageJTiff.write(m, dir.resolve(stem + "__" + names.get(m.name) + ".tif"), null);
		}
		if (!res.tables().isEmpty()) {
			Path dir = Files.createDirectories(outDir.resolve("tables"));
			java.util.Map<String, String> names = unique(ids(res.tables(), t -> t.id), Outputs::safe);
			for (Table t : res.tables()) writeTable(t, dir.resolve(stem + "__" + names.get(t.id) + ".csv"));
		}
		if (image != null && !res.shapes().isEmpty() && image.ndim() == 2) {
			Path dir = Files.createDirectories(outDir.resolve("overlays"));
			OverlayRenderer.savePng(image, res.shapes(), dir.resolve(stem + "__overlay.png"));
		}
	}

	/** A table as CSV: numbers as results.csv writes them (shortest exact decimal, empty for NaN). */
	static void writeTable(Table t, Path file) throws IOException {
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
			ResultsCsv.FORMAT))
		{
			p.printRecord(t.columns());
			for (Object[] r : t.rows()) {
				Object[] cells = new Object[r.length];
				for (int i = 0; i < r.length; i++) cells[i] = r[i] instanceof Double ? Csv.number((Double) r[i]) : r[i];
				p.printRecord(cells);
			}
		}
	}

	/** A file-name stem for an input: its path as given, folders joined by '_'. */
	static String stem(String source) {
		return org.interphase.results.OutputNames.stem(source);
	}

	/**
	 * File-name stems of a batch's inputs, one per source: {@link #stem} where that is unique, and with '-' and a
	 * short hash of the source where two sources would share it ({@code a/b_c.tif} and {@code a_b/c.tif} both give
	 * {@code a_b_c}), so that no input overwrites another's figures. Independent of the order of the sources.
	 */
	static java.util.Map<String, String> stems(java.util.Collection<String> sources) {
		return unique(sources, Outputs::stem);
	}

	/** Unique names for distinct keys: name(key), with a short hash of the key where two keys share a name. */
	public static java.util.Map<String, String> unique(java.util.Collection<String> keys,
		java.util.function.Function<String, String> name)
	{
		java.util.Map<String, java.util.Set<String>> byName = new java.util.HashMap<>();
		for (String k : keys) byName.computeIfAbsent(name.apply(k), n -> new java.util.TreeSet<>()).add(k);
		java.util.Map<String, String> out = new java.util.HashMap<>();
		for (java.util.Map.Entry<String, java.util.Set<String>> e : byName.entrySet()) {
			for (String k : e.getValue()) out.put(k, e.getValue().size() == 1 ? e.getKey() : e.getKey() + "-" + hash(k));
		}
		return out;
	}

	private static <T> java.util.List<String> ids(java.util.List<T> items, java.util.function.Function<T, String> id) {
		java.util.List<String> out = new java.util.ArrayList<>();
		for (T t : items) out.add(id.apply(t));
		return out;
	}

	/** Six hex digits of the SHA-256 of the text. */
	static String hash(String s) {
		return org.interphase.results.OutputNames.hash(s);
	}

	static String safe(String s) {
		return org.interphase.results.OutputNames.safe(s);
	}
}
