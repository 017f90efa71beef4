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
import org.interphase.io.Writers;
import org.interphase.render.FigureRenderer;
import org.interphase.render.FigureSvg;
import org.interphase.render.OverlayRenderer;
import org.interphase.results.Csv;
import org.interphase.results.ResultsCsv;

/**
 * Saves what an analysis drew next to results.csv: figures as PNG and SVG in {@code figures/}, maps as calibrated TIFF in
 * {@code maps/}, named tables (e.g. XPS components) as CSV in {@code tables/}, and the input image with its
 * measured shapes as PNG in {@code overlays/}.
 */
final class Outputs {
	private Outputs() {}

	static void save(Path outDir, String source, AnalysisResult res, Signal image) throws IOException {
		String stem = stem(source);
		if (!res.figures().isEmpty()) {
			Path dir = Files.createDirectories(outDir.resolve("figures"));
			for (Figure f : res.figures()) {
				FigureRenderer.savePng(f, dir.resolve(stem + "__" + safe(f.id) + ".png"));
				// the same figure as vector graphics, for publication
				FigureSvg.save(f, dir.resolve(stem + "__" + safe(f.id) + ".svg"));
			}
		}
		if (!res.maps().isEmpty()) {
			Path dir = Files.createDirectories(outDir.resolve("maps"));
			for (Signal m : res.maps()) Writers.tiff(m, dir.resolve(stem + "__" + safe(m.name) + ".tif"), null);
		}
		if (!res.tables().isEmpty()) {
			Path dir = Files.createDirectories(outDir.resolve("tables"));
			for (Table t : res.tables()) writeTable(t, dir.resolve(stem + "__" + safe(t.id) + ".csv"));
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
		String s = source.replace('\\', '/');
		while (s.startsWith("./") || s.startsWith("/")) s = s.substring(s.startsWith("./") ? 2 : 1);
		int dot = s.lastIndexOf('.');
		if (dot > s.lastIndexOf('/')) s = s.substring(0, dot);
		return safe(s.replace('/', '_'));
	}

	static String safe(String s) {
		return s.replaceAll("[^A-Za-z0-9._+-]", "_");
	}
}
