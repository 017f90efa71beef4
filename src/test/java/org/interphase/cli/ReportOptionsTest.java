package org.interphase.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;

/** {@code report --group-by/--x/--reference}: used as given, and a name that is not there is exit 2, named. */
class ReportOptionsTest {
	@TempDir
	Path dir;

	private Path db() throws Exception {
		Path file = dir.resolve("r.db");
		try (ResultsDatabase db = new ResultsDatabase(file)) {
			long run = db.startRun("sem-depth", Map.of(), dir);
			for (String s : List.of("bare-100", "BN-100")) {
				Map<String, String> a = new LinkedHashMap<>();
				a.put("coating", s.startsWith("BN") ? "BN" : "none");
				a.put("cycles", "100");
				db.putSample(s, a);
				Path f = Files.writeString(dir.resolve(s + ".tif"), s);
				db.store(run, FileRecord.of(f, "sem"), "reaction-depth", "h", null, List.of(ResultRow.of("depth", s
					.startsWith("BN") ? 5 : 250, 2, "\u00B5m").region("profile:0").context(s, "sem", "reaction-depth", f
						.toString()), ResultRow.of("depth_mean", s.startsWith("BN") ? 5 : 250, 2, "\u00B5m").context(s, "sem",
							"reaction-depth", f.toString())));
			}
		}
		return file;
	}

	@Test
	void groupingAndReferenceOptions() throws Exception {
		Path db = db(), out = dir.resolve("rep");
		MainTest.Run r = MainTest.run("report", "--db", db.toString(), "--out", out.toString(), "--group-by", "coating",
			"--x", "cycles", "--reference", "BN-100");
		assertEquals(0, r.code, r.err);
		assertTrue(Files.isRegularFile(out.resolve("key-figures/sem-reaction-depth.svg")));
		List<String> c = Files.readAllLines(out.resolve("comparisons.csv"));
		assertEquals(2, c.size(), String.join("\n", c));
		assertTrue(c.get(1).contains("bare-100,BN-100,245,"), c.get(1));

		r = MainTest.run("report", "--db", db.toString(), "--out", out.toString(), "--group-by", "coatings");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("'coatings'") && r.err.contains("coating, cycles"), r.err);
		r = MainTest.run("report", "--db", db.toString(), "--out", out.toString(), "--reference", "nope");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("--reference nope") && r.err.contains("BN-100"), r.err);
	}
}
