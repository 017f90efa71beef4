package org.interphase.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.cli.Main;
import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase;
import org.interphase.synth.DemoSamples;

/** The README's first command, small: every built analysis runs on the demo data and the report is written. */
class DemoIT {
	@TempDir
	Path out;

	@Test
	void demoWritesResultsDatabaseAndReportForEveryBuiltAnalysis() throws Exception {
		ByteArrayOutputStream log = new ByteArrayOutputStream();
		PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
		int code = Main.run(new String[] { "demo", "--small", "--quiet", "--threads", "2", "--out", out.toString() },
			ps, ps);
		String text = log.toString(StandardCharsets.UTF_8);
		assertEquals(0, code, text);
		List<String> csv = Files.readAllLines(out.resolve("results.csv"), StandardCharsets.UTF_8);
		assertEquals("sample_id,technique,analysis,source,region,quantity,value,uncertainty,unit,label,flags", csv.get(
			0));
		assertTrue(Files.readString(out.resolve("report/report.html")).contains("LATP-bare-100c"));
		assertTrue(Files.isRegularFile(out.resolve("data/samples.csv")));
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			List<ResultRow> rows = db.rows();
			assertEquals(csv.size() - 1, rows.size(), "results.csv holds the database's rows");
			Set<String> ids = DemoSamples.all().stream().map(s -> s.id).collect(Collectors.toSet());
			for (ResultRow r : rows) assertTrue(ids.contains(r.sampleId), "unknown sample " + r.sampleId);
			for (Analysis a : Analyses.all()) {
				if (!a.available()) continue;
				assertFalse(rows.stream().noneMatch(r -> r.technique.equals(a.technique()) && r.analysis.equals(a.name())),
					a.command() + " produced no rows in the demo");
			}
			assertEquals("BN", db.samples().get("LATP-BN-500c").get("coating"));
		}
	}
}
