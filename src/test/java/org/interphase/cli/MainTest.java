package org.interphase.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.Param;
import org.interphase.testing.TestImages;

class MainTest {
	@TempDir
	Path dir;

	static final class Run {
		int code;
		String out, err;
	}

	static Run run(String... args) {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		Run r = new Run();
		r.code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true,
			StandardCharsets.UTF_8));
		r.out = o.toString(StandardCharsets.UTF_8);
		r.err = e.toString(StandardCharsets.UTF_8);
		return r;
	}

	@Test
	void helpOfEveryCommandDocumentsEveryOption() {
		Run top = run("--help");
		assertEquals(0, top.code);
		for (String c : List.of("info", "report", "demo", "bench")) assertTrue(top.out.contains(c), c);
		for (Analysis a : Analyses.all()) {
			Run h = run(a.command(), "--help");
			assertEquals(0, h.code, a.command());
			for (String common : List.of("--out", "--db", "--sample", "--sample-sheet", "--threads", "--quiet"))
				assertTrue(h.out.contains(common), a.command() + " --help lacks " + common);
			for (Param p : a.params()) {
				assertTrue(h.out.contains("--" + p.key), a.command() + " --help lacks --" + p.key);
				// a '%' in a unit or help text is printed as is (picocli treats descriptions as format strings)
				if (p.unit.equals("%")) assertTrue(h.out.contains("[%]"), a.command() + " --" + p.key + " lost its unit");
			}
		}
	}

	/** {@code bench --only read} prints the reader figures as "name: value unit" (no timing asserted). */
	@Test
	void benchReportsReadingSpeed() {
		Run r = run("bench", "--only", "read", "--quick");
		assertEquals(0, r.code, r.err);
		for (String name : List.of("read.dm4_si", "read.dm3_si_energy_fastest"))
			assertTrue(r.out.matches("(?s).*(^|\n)" + java.util.regex.Pattern.quote(name) + ": [0-9.e+]+ MB/s\n.*"),
				name + " missing in:\n" + r.out);
		assertTrue(!r.out.contains("store.rows_per_s"), "--only read runs the readers only");
	}

	@Test
	void badUsageExitsTwoWithAMessage() {
		Run none = run();
		assertEquals(2, none.code);
		Run unknown = run("no-such-command");
		assertEquals(2, unknown.code);
		Run noOut = run("info");
		assertEquals(2, noOut.code);
		for (Analysis a : Analyses.all()) {
			Run r = run(a.command(), "x.tif");
			assertEquals(2, r.code, a.command() + " without --out must be bad usage");
			assertTrue(r.err.contains("--out"), r.err);
			Run bogus = run(a.command(), "--out", dir.toString(), "--no-such-option", "1", "x.tif");
			assertEquals(2, bogus.code);
			if (!a.available()) {
				Run nb = run(a.command(), "--out", dir.toString(), "x.tif");
				assertEquals(2, nb.code);
				assertTrue(nb.err.toLowerCase().contains("not built yet"), nb.err);
			}
		}
		Run threads = run("info", "--nonsense");
		assertEquals(2, threads.code);
	}

	@Test
	void infoJsonFollowsTheContract() throws Exception {
		Path f = TestImages.tiff(dir, "S_01.tif", 7, 100);
		Path bad = Files.writeString(dir.resolve("bad.tif"), "not a tiff");
		Run r = run("info", "--json", "--stats", f.toString(), bad.toString());
		assertEquals(3, r.code, r.err);
		String[] lines = r.out.trim().split("\n");
		assertEquals(2, lines.length, r.out);
		JsonObject o = JsonParser.parseString(lines[0]).getAsJsonObject();
		assertEquals(f.toString(), o.get("source").getAsString());
		assertTrue(o.get("error").isJsonNull());
		JsonObject s = o.getAsJsonArray("signals").get(0).getAsJsonObject();
		assertEquals("[24,32]", s.get("shape").toString());
		JsonObject x = s.getAsJsonArray("axes").get(1).getAsJsonObject();
		assertEquals("x", x.get("name").getAsString());
		assertEquals(0.5, x.get("scale").getAsDouble(), 1e-9);
		assertEquals("\u00B5m", x.get("units").getAsString());
		assertEquals(100, s.get("mean").getAsDouble(), 2);
		assertEquals(0.5, o.getAsJsonObject("metadata").get("pixel_size").getAsDouble(), 1e-9);
		JsonObject e = JsonParser.parseString(lines[1]).getAsJsonObject();
		assertTrue(e.get("error").getAsString().contains("bad.tif"), e.toString());
		assertTrue(r.err.contains("bad.tif"));
	}

	@Test
	void reportNeedsAnExistingDatabase() {
		Run r = run("report", "--db", dir.resolve("none.db").toString(), "--out", dir.toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("none.db"), r.err);
	}
}
