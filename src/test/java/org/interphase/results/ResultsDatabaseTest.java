package org.interphase.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;

class ResultsDatabaseTest {
	@TempDir
	Path dir;

	private static List<ResultRow> rows(String sample, String source, double v, int n) {
		List<ResultRow> out = new ArrayList<>();
		for (int i = 0; i < n; i++) out.add(ResultRow.of("depth", v + i, 0.25, "\u00B5m").region("profile:" + i)
			.context(sample, "sem", "reaction-depth", source));
		return out;
	}

	@Test
	void sameFileSameParametersReplacesOtherParametersAdd() throws Exception {
		Path f = Files.writeString(dir.resolve("a.tif"), "pixels");
		FileRecord rec = FileRecord.of(f, "sem");
		assertEquals(64, rec.sha256.length());
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			long run = db.startRun("sem-depth", Map.of("profiles", "100"), dir);
			String h1 = ResultsDatabase.paramsHash("sem-depth", Map.of("profiles", "100"));
			String h2 = ResultsDatabase.paramsHash("sem-depth", Map.of("profiles", "200"));
			db.store(run, rec, "reaction-depth", h1, null, rows("S1", "a.tif", 10, 5));
			db.store(run, rec, "reaction-depth", h1, null, rows("S1", "a.tif", 20, 3));
			assertEquals(3, db.rows().size(), "re-analysis with the same parameters replaces");
			assertEquals(20, db.rows().get(0).value, 0);
			db.store(run, rec, "reaction-depth", h2, null, rows("S1", "a.tif", 30, 2));
			assertEquals(5, db.rows().size(), "other parameters are another result set");
		}
	}

	@Test
	void numbersRoundTripExactlyAndNaNIsEmpty() throws Exception {
		Path f = Files.writeString(dir.resolve("b.tif"), "x");
		double v = 0.1 + 0.2, u = 1.0 / 3;
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			long run = db.startRun("c", Map.of(), dir);
			db.store(run, FileRecord.of(f, "xps"), "xps-fit", "h", null, List.of(ResultRow.of("fraction", v, u, "fraction")
				.context("S", "xps", "xps-fit", "b.tif"), ResultRow.of("area", 12345.678, Double.NaN, "counts").context("S",
					"xps", "xps-fit", "b.tif")));
			List<ResultRow> back = db.rowsFor(dir);
			assertEquals(v, back.get(0).value, 0);
			assertEquals(u, back.get(0).uncertainty, 0);
			assertTrue(Double.isNaN(back.get(1).uncertainty));
			assertEquals(Double.toString(v), Double.toString(Double.parseDouble(Csv.number(v))));
			assertEquals("", Csv.number(Double.NaN));
			assertEquals("250", Csv.number(250.0));
			assertEquals("0.00001", Csv.number(1e-5));
		}
	}

	@Test
	void twoWritersOnOneDatabaseLoseNothing() throws Exception {
		Path dbFile = dir.resolve("shared.db");
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < 20; i++) files.add(Files.writeString(dir.resolve("f" + i + ".tif"), "content " + i));
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Future<?>> fs = new ArrayList<>();
		for (int w = 0; w < 2; w++) {
			final int writer = w;
			fs.add(pool.submit(() -> {
				// each writer its own connection, as two processes would have
				try (ResultsDatabase db = new ResultsDatabase(dbFile)) {
					long run = db.startRun("w" + writer, Map.of(), dir);
					for (int i = writer; i < files.size(); i += 2) db.store(run, FileRecord.of(files.get(i), "sem"),
						"reaction-depth", "h", null, rows("S" + writer, "f" + i, i, 10));
				}
				return null;
			}));
		}
		for (Future<?> f : fs) f.get();
		pool.shutdown();
		try (ResultsDatabase db = new ResultsDatabase(dbFile)) {
			assertEquals(200, db.rows().size());
			assertEquals(2, db.runCount());
		}
	}
}
