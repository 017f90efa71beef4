package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;

class ReportWriterTest {
	@TempDir
	Path dir;

	private static ResultRow r(String sample, String source, String q, double v, double u) {
		return ResultRow.of(q, v, u, "\u00B5m").context(sample, "sem", "reaction-depth", source);
	}

	@Test
	void filesOfASampleCombineScatterAndOwnUncertainty() {
		List<SampleSummary.Entry> e = SampleSummary.of(List.of(r("A", "a1", "depth_mean", 240, 3), r("A", "a2",
			"depth_mean", 260, 4), r("B", "b1", "depth_mean", 5, 1), ResultRow.of("fraction", 0.57, 0.03, "fraction")
				.region("component:Ti3+").context("A", "xps", "xps-fit", "x.vms"), ResultRow.of("depth", 1, 0, "\u00B5m")
					.region("profile:0").context("A", "sem", "reaction-depth", "a1")));
		SampleSummary.Entry a = e.stream().filter(x -> x.sampleId.equals("A") && x.quantity.equals("depth_mean"))
			.findFirst().get();
		assertEquals(250, a.value, 1e-9);
		double s = Math.sqrt(200); // sd of 240, 260
		assertEquals(Math.sqrt(s * s / 2 + (9 + 16) / 4.0), a.uncertainty, 1e-9);
		assertEquals(2, a.inputs);
		assertTrue(e.stream().anyMatch(x -> x.quantity.equals("fraction[Ti3+]") && x.value == 0.57));
		assertTrue(e.stream().noneMatch(x -> x.quantity.equals("depth")), "per-profile rows are not summarised");
		SampleSummary.Entry b = e.stream().filter(x -> x.sampleId.equals("B")).findFirst().get();
		assertEquals(1, b.uncertainty, 1e-12);
	}

	@Test
	void sampleSummariesWinOverFileMeans() {
		List<SampleSummary.Entry> e = SampleSummary.of(List.of(r("A", "a1", "depth_mean", 240, 3), r("A", "a2",
			"depth_mean", 260, 4), r("A", "", "depth_mean", 251, 2.5)));
		assertEquals(1, e.size());
		assertEquals(251, e.get(0).value, 0);
		assertEquals(2.5, e.get(0).uncertainty, 0);
	}

	private static Map<String, String> ordered(String... kv) {
		Map<String, String> m = new java.util.LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	@Test
	void htmlIsSelfContainedAndComparesSamples() throws Exception {
		Path f = Files.writeString(dir.resolve("f.tif"), "x");
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			long run = db.startRun("sem-depth", Map.of(), dir);
			db.putSample("LATP-bare-100c", ordered("coating", "none", "cycles", "100"));
			db.putSample("LATP-BN-500c", ordered("coating", "BN", "cycles", "500"));
			db.store(run, FileRecord.of(f, "sem"), "reaction-depth", "h", null, List.of(r("LATP-bare-100c", "f.tif",
				"depth_mean", 250, 5)));
			db.store(run, null, "reaction-depth", "h", "LATP-BN-500c", List.of(r("LATP-BN-500c", "", "depth_mean", 4,
				1)));
			Path html = ReportWriter.write(db, dir.resolve("report"));
			String h = Files.readString(html);
			assertTrue(h.contains("LATP-bare-100c") && h.contains("LATP-BN-500c") && h.contains("coating"));
			assertTrue(h.contains("250 &plusmn; 5"), "value with uncertainty in the table");
			assertTrue(h.contains("data:image/png;base64,"), "charts are inlined");
			assertTrue(!h.contains("src=\"figures/"), "no external image references");
			assertTrue(Files.size(dir.resolve("report/figures/sem_reaction-depth_depth_mean.png")) > 1000);
			List<String> csv = Files.readAllLines(dir.resolve("report/summary.csv"));
			assertEquals("sample_id,coating,cycles,technique,analysis,quantity,value,uncertainty,unit,n_inputs,flags,n_runs", csv
				.get(0));
			assertEquals(3, csv.size());
		}
	}
}
