package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.results.Csv;
import org.interphase.results.ResultsDatabase;
import org.interphase.testing.MeanIntensityAnalysis;
import org.interphase.testing.TestImages;

class BatchRunnerTest {
	@TempDir
	Path dir;

	private BatchOptions options(Path out) {
		BatchOptions.Builder o = BatchOptions.builder();
		o.outDir(out);
		o.threads(2);
		return o.build();
	}

	@Test
	void badInputsAreOneLineEachAndTheBatchGoesOn() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestImages.tiff(in, "A_01.tif", 1, 100);
		TestImages.tiff(in, "A_02.tif", 2, 120);
		Path b = TestImages.tiff(in, "B_01.tif", 3, 50);
		Files.writeString(in.resolve("C_text.tif"), "this is not a TIFF at all, just text\n");
		byte[] good = Files.readAllBytes(b);
		Files.write(in.resolve("D_truncated.tif"), Arrays.copyOf(good, 300));
		Files.writeString(in.resolve("notes.xyz"), "skipped");
		Path out = dir.resolve("out");
		BatchReport r = new BatchRunner(new MeanIntensityAnalysis(), options(out)).run(List.of(in));
		assertEquals(3, r.analysed());
		assertEquals(3, r.exitStatus());
		assertEquals(2, r.failures().size());
		List<String> errors = Files.readAllLines(out.resolve("errors.csv"), StandardCharsets.UTF_8);
		assertEquals("source,error", errors.get(0));
		assertEquals(3, errors.size());
		assertTrue(errors.stream().anyMatch(l -> l.contains("C_text.tif")), errors.toString());
		assertTrue(errors.stream().anyMatch(l -> l.contains("D_truncated.tif")), errors.toString());
		assertTrue(r.skipped().stream().anyMatch(s -> s.endsWith("notes.xyz")));

		List<String> csv = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
		assertEquals("sample_id,technique,analysis,source,region,quantity,value,uncertainty,unit,label,flags", csv.get(
			0));
		// 3 inputs x 2 rows + 2 sample summaries
		assertEquals(1 + 3 * 2 + 2, csv.size());
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			List<ResultRow> rows = db.rowsFor(out);
			assertEquals(8, rows.size());
			ResultRow a1 = rows.stream().filter(x -> x.source.endsWith("A_01.tif") && x.quantity.equals("mean")).findFirst()
				.get();
			assertEquals("A", a1.sampleId);
			assertEquals(100, a1.value, 2.0);
			assertEquals(5 / Math.sqrt(32 * 24), a1.uncertainty, 0.05);
			String line = csv.stream().filter(l -> l.contains("A_01.tif") && l.contains(",mean,")).findFirst().get();
			assertTrue(line.contains("," + Csv.number(a1.value) + "," + Csv.number(a1.uncertainty) + ","), line);
			assertEquals(2, db.samples().size());
		}

		// the same files with the same parameters again: rows replaced, not duplicated
		new BatchRunner(new MeanIntensityAnalysis(), options(out)).run(List.of(in));
		assertEquals(9, Files.readAllLines(out.resolve("results.csv")).size());
		// other parameters: a second result set beside the first
		BatchOptions o = options(out).toBuilder().params(Map.of("offset", "10")).build();
		new BatchRunner(new MeanIntensityAnalysis(), o).run(List.of(in));
		assertEquals(17, Files.readAllLines(out.resolve("results.csv")).size());
	}

	@Test
	void anInterruptedBatchKeepsWhatWasStored() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		TestImages.tiff(in, "A_01.tif", 1, 100);
		TestImages.tiff(in, "A_02.tif", 2, 100);
		MeanIntensityAnalysis crashing = new MeanIntensityAnalysis();
		Path out = dir.resolve("out");
		BatchOptions o = options(out).toBuilder().threads(1).build();
		// dies hard (an Error the runner does not catch) on the second file
		org.interphase.analysis.Analysis dying = new DelegatingAnalysis(crashing) {
			int calls;

			@Override
			public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context)
				throws org.interphase.analysis.AnalysisException
			{
				if (++calls == 2) throw new StackOverflowError("simulated crash");
				return super.analyze(input, params, context);
			}
		};
		assertThrows(StackOverflowError.class, () -> new BatchRunner(dying, o).run(List.of(in)));
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			assertEquals(2, db.rows().size(), "the first file's rows survive the crash");
		}
	}

	@Test
	void emptyFolderMissingFileAndUnknownSampleAreFailures() throws Exception {
		Path empty = Files.createDirectories(dir.resolve("empty"));
		Path in = Files.createDirectories(dir.resolve("in"));
		TestImages.tiff(in, "X_01.tif", 1, 100);
		TestImages.tiff(in, "KNOWN_01.tif", 2, 100);
		Files.writeString(in.resolve("samples.csv"), "sample_id,file,coating\nK1,KNOWN_*,BN\n");
		Path out = dir.resolve("out");
		BatchReport r = new BatchRunner(new MeanIntensityAnalysis(), options(out)).run(List.of(empty, dir.resolve(
			"missing.tif"), in));
		List<String> failed = r.failures().stream().map(f -> f.source + " | " + f.error).collect(Collectors.toList());
		assertEquals(3, failed.size(), failed.toString());
		assertTrue(failed.get(0).contains("empty") && failed.get(0).contains("no test-mean input files"), failed
			.toString());
		assertTrue(failed.get(1).contains("missing.tif | no such file"), failed.toString());
		assertTrue(failed.stream().anyMatch(f -> f.contains("X_01.tif") && f.contains("unknown sample")), failed
			.toString());
		assertEquals("K1", r.rows().get(0).sampleId);
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			assertEquals("BN", db.samples().get("K1").get("coating"));
		}
	}
}
