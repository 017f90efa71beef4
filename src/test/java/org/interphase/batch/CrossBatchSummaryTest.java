package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.report.SampleSummary;
import org.interphase.results.ResultsDatabase;
import org.interphase.testing.MeanIntensityAnalysis;
import org.interphase.testing.TestImages;

/**
 * Issue 20, defects 1 and 4: a sample's summary (the analysis' own and the report's) comes from every stored file
 * of the sample, not from the last batch, and does not depend on which thread finished first.
 */
class CrossBatchSummaryTest {
	@TempDir
	Path dir;

	private List<Path> images(int n) throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		List<Path> out = new ArrayList<>();
		for (int i = 0; i < n; i++) out.add(TestImages.tiff(in, String.format("S_%02d.tif", i + 1), i + 1, 100 + 7 * i));
		return out;
	}

	private static BatchOptions options(Path out, Path db) {
		BatchOptions.Builder o = BatchOptions.builder();
		o.outDir(out);
		o.db(db);
		o.sampleId("S");
		o.threads(2);
		o.saveOutputs(false);
		return o.build();
	}

	private static ResultRow summaryRow(Path db) throws Exception {
		try (ResultsDatabase d = new ResultsDatabase(db)) {
			List<ResultRow> s = d.rows().stream().filter(r -> r.quantity.equals("mean_of_means")).collect(Collectors
				.toList());
			assertEquals(1, s.size(), s.toString());
			return s.get(0);
		}
	}

	private static SampleSummary.Entry reportEntry(Path db, String quantity) throws Exception {
		try (ResultsDatabase d = new ResultsDatabase(db)) {
			return SampleSummary.ofStored(d.storedRows()).stream().filter(e -> e.quantity.equals(quantity)).findFirst()
				.get();
		}
	}

	@Test
	void oneSampleInTwoBatchesOrTwoConcurrentBatchesEqualsOneBatch() throws Exception {
		List<Path> files = images(6);
		Path one = dir.resolve("one.db");
		new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve("o1"), one)).run(files);
		ResultRow expected = summaryRow(one);
		SampleSummary.Entry expectedMean = reportEntry(one, "mean");

		Path two = dir.resolve("two.db");
		new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve("o2a"), two)).run(files.subList(0, 4));
		new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve("o2b"), two)).run(files.subList(4, 6));
		assertEquals(expected.value, summaryRow(two).value, 0, "summary of two batches = one batch");
		SampleSummary.Entry mean = reportEntry(two, "mean");
		assertEquals(expectedMean.value, mean.value, 0);
		assertEquals(expectedMean.uncertainty, mean.uncertainty, 0);
		assertEquals(6, mean.inputs);
		assertEquals(2, mean.runs);
		SampleSummary.Entry sum = reportEntry(two, "mean_of_means");
		assertEquals(expected.value, sum.value, 0);
		assertEquals(6, sum.inputs, "the summary says it comes from all six files");
		assertEquals(2, sum.runs);

		// two batches at the same time, each with its own connection, as two processes would
		for (int round = 0; round < 3; round++) {
			Path conc = dir.resolve("conc" + round + ".db");
			ExecutorService ex = Executors.newFixedThreadPool(2);
			int r = round;
			// the last round: both batches also share one --out (results.csv, errors.csv)
			String outB = round == 2 ? "a" : "b";
			Future<BatchReport> a = ex.submit(() -> new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve(
				"c" + r + "a"), conc)).run(files.subList(0, 3)));
			Future<BatchReport> b = ex.submit(() -> new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve(
				"c" + r + outB), conc)).run(files.subList(3, 6)));
			assertEquals(0, a.get().exitStatus());
			assertEquals(0, b.get().exitStatus());
			ex.shutdown();
			assertEquals(expected.value, summaryRow(conc).value, 0, "round " + round);
			assertEquals(expectedMean.value, reportEntry(conc, "mean").value, 0);
			if (round == 2) assertEquals(1 + 6 * 2 + 1, Files.readAllLines(dir.resolve("c2a/results.csv")).size(),
				"results.csv of the shared --out holds both batches' rows and the summary");
		}
	}

	@Test
	void summaryDoesNotDependOnWhichThreadFinishesFirst() throws Exception {
		List<Path> files = images(4);
		// summarises with the first input's value (as an SEM series takes the first image's pixel size); the first
		// file by name is the slowest to analyse, so it finishes last
		DelegatingAnalysis firstWins = new DelegatingAnalysis(new MeanIntensityAnalysis()) {
			@Override
			public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context)
				throws AnalysisException
			{
				if (input.source.contains("S_01")) try {
					Thread.sleep(600);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return super.analyze(input, params, context);
			}

			@Override
			public List<ResultRow> summarize(String sampleId, List<AnalysisResult> perInput) {
				return List.of(ResultRow.of("first_mean", perInput.get(0).find("mean").value, Double.NaN, "counts"));
			}
		};
		BatchOptions o = options(dir.resolve("out"), dir.resolve("t.db")).toBuilder().threads(4).build();
		BatchReport r = new BatchRunner(firstWins, o).run(files);
		double first = r.rows().stream().filter(x -> x.quantity.equals("mean") && x.source.contains("S_01")).findFirst()
			.get().value;
		ResultRow s = r.rows().stream().filter(x -> x.quantity.equals("first_mean")).findFirst().get();
		assertEquals(first, s.value, 0, "the files reach summarize in path order, whatever the thread timing");
		assertTrue(s.source.isEmpty());
	}
}
