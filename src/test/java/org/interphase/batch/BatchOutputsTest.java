package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.OverlayShape;
import org.interphase.report.ReportWriter;
import org.interphase.results.ResultsDatabase;
import org.interphase.testing.MeanIntensityAnalysis;
import org.interphase.testing.TestImages;

/** Issue 20, defects 3, 5 and 9: one outcome per input, CSV formula injection, unique figure names. */
class BatchOutputsTest {
	@TempDir
	Path dir;

	/** MeanIntensity plus one shape, so that an overlay is drawn. */
	private static DelegatingAnalysis withOverlay() {
		return new DelegatingAnalysis(new MeanIntensityAnalysis()) {
			@Override
			public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context)
				throws AnalysisException
			{
				return super.analyze(input, params, context).shape(OverlayShape.polyline("front", new double[] { 1, 20 },
					new double[] { 2, 10 }, "#ff0000"));
			}
		};
	}

	private static BatchOptions options(Path out) {
		BatchOptions.Builder o = BatchOptions.builder();
		o.outDir(out);
		o.threads(2);
		return o.build();
	}

	@Test
	void anInputWhoseOverlayCannotBeDrawnIsAnalysedWithAWarningNotAlsoFailed() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestImages.tiff(in, "A_01.tif", 1, 100);
		Path out = Files.createDirectories(dir.resolve("out"));
		Files.writeString(out.resolve("overlays"), "a file where the overlay folder should be");
		BatchReport r = new BatchRunner(withOverlay(), options(out)).run(List.of(in));
		assertEquals(1, r.analysed());
		assertEquals(0, r.failures().size(), "one input, one outcome: " + r.failures().stream().map(f -> f.error)
			.collect(Collectors.toList()));
		assertEquals(0, r.exitStatus());
		assertEquals(1, r.warnings().size());
		assertTrue(r.warnings().get(0).error.contains("overlay"), r.warnings().get(0).error);
		assertEquals(List.of("source,error"), Files.readAllLines(out.resolve("errors.csv")));
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			assertEquals(2, db.rows().size(), "both rows stored");
		}
	}

	@Test
	void inputsWhosePathsMapToTheSameNameGetDistinctFigures() throws Exception {
		Path a = Files.createDirectories(dir.resolve("a")), ab = Files.createDirectories(dir.resolve("a_b"));
		TestImages.tiff(a, "b_c.tif", 1, 100);
		TestImages.tiff(ab, "c.tif", 2, 200);
		Path out = dir.resolve("out");
		BatchOptions o = options(out).toBuilder().sampleId("S").build();
		// as the user types them: relative paths a/b_c.tif and a_b/c.tif
		BatchReport r = new BatchRunner(withOverlay(), o).run(List.of(dir.resolve("a/b_c.tif"), dir.resolve(
			"a_b/c.tif")));
		assertEquals(2, r.analysed());
		List<Path> overlays;
		try (Stream<Path> s = Files.list(out.resolve("overlays"))) {
			overlays = s.collect(Collectors.toList());
		}
		assertEquals(2, overlays.size(), overlays.toString());
		assertEquals("x_b", Outputs.stems(List.of("x/b.tif")).get("x/b.tif"), "no hash where the name is unique");
		Map<String, String> st = Outputs.stems(List.of("a/b_c.tif", "a_b/c.tif"));
		assertTrue(!st.get("a/b_c.tif").equals(st.get("a_b/c.tif")) && st.get("a/b_c.tif").startsWith("a_b_c-"), st
			.toString());
		assertEquals(st, Outputs.stems(List.of("a_b/c.tif", "a/b_c.tif")), "independent of the order");
	}

	@Test
	void tablesWhoseIdsMapToTheSameNameGetDistinctFiles() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestImages.tiff(in, "A_01.tif", 1, 100);
		DelegatingAnalysis twoTables = new DelegatingAnalysis(new MeanIntensityAnalysis()) {
			@Override
			public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context)
				throws AnalysisException
			{
				return super.analyze(input, params, context).table(new org.interphase.core.result.Table("fraction[Ti3+]",
					"a", List.of("x")).row(1.0)).table(new org.interphase.core.result.Table("fraction(Ti3+)", "b", List.of(
						"x")).row(2.0));
			}
		};
		Path out = dir.resolve("out");
		new BatchRunner(twoTables, options(out)).run(List.of(in));
		try (Stream<Path> s = Files.list(out.resolve("tables"))) {
			assertEquals(2, s.count(), "two tables, two files");
		}
	}

	@Test
	void spreadsheetFormulasAreNeutralisedInCsvButKeptInTheDatabase() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestImages.tiff(in, "A_01.tif", 1, 100);
		String evil = "=HYPERLINK(\"http://x\",\"click\")";
		Files.writeString(in.resolve("samples.csv"), "sample_id,file,note\n\"" + evil.replace("\"", "\"\"") +
			"\",A_*,+cmd|' /C calc'!A0\n", StandardCharsets.UTF_8);
		Path out = dir.resolve("out");
		new BatchRunner(new MeanIntensityAnalysis(), options(out)).run(List.of(in));
		String csv = Files.readString(out.resolve("results.csv"));
		for (String line : csv.split("\n")) {
			for (String cell : line.split(",")) assertTrue(!(cell.startsWith("=") || cell.startsWith("\"=") || cell
				.startsWith("+") || cell.startsWith("@")), "formula cell in results.csv: " + line);
		}
		assertTrue(csv.contains("'=HYPERLINK"), csv);
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			assertTrue(db.rows().stream().allMatch(x -> x.sampleId.equals(evil)), "the database keeps the raw ID");
			ReportWriter.write(db, dir.resolve("report"));
		}
		List<String> summary = Files.readAllLines(dir.resolve("report/summary.csv"));
		assertTrue(summary.size() > 1);
		for (String line : summary.subList(1, summary.size())) {
			assertTrue(line.startsWith("\"'=HYPERLINK") || line.startsWith("'=HYPERLINK"), line);
			assertTrue(line.contains("'+cmd"), line);
		}
		List<ResultRow> rows = new BatchRunner(new MeanIntensityAnalysis(), options(out)).run(List.of(in)).rows();
		assertTrue(rows.stream().allMatch(x -> x.sampleId.equals(evil)));
	}
}
