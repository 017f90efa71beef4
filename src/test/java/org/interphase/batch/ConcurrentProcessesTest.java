package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase;
import org.interphase.testing.TestImages;

/**
 * Issue 20, defects 2 and 10: batches in separate processes (separate JVMs) writing one database lose no file and
 * leave the sample's summary equal to one batch of all files; a batch killed with SIGKILL leaves results.csv and
 * errors.csv holding what the database holds.
 */
class ConcurrentProcessesTest {
	@TempDir
	Path dir;

	private static Process start(Path log, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Xmx128m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), BatchProcessMain.class
				.getName()));
		cmd.addAll(List.of(args));
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static List<String> args(Path db, Path out, String sample, long delay, List<Path> files) {
		List<String> a = new ArrayList<>(List.of(db.toString(), out.toString(), sample, Long.toString(delay)));
		for (Path f : files) a.add(f.toString());
		return a;
	}

	@Test
	void fourBatchesInFourProcessesLoseNothing() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		int perBatch = 12, batches = 4;
		List<List<Path>> split = new ArrayList<>();
		List<Path> all = new ArrayList<>();
		for (int b = 0; b < batches; b++) {
			List<Path> l = new ArrayList<>();
			for (int i = 0; i < perBatch; i++) l.add(TestImages.tiff(in, String.format("S_%d_%02d.tif", b, i), 100L * b +
				i, 50 + b * 10 + i));
			split.add(l);
			all.addAll(l);
		}
		Path db = dir.resolve("shared.db");
		List<Process> ps = new ArrayList<>();
		// two pairs of batches, each pair sharing its --out too (results.csv, errors.csv)
		for (int b = 0; b < batches; b++) ps.add(start(dir.resolve("log" + b), args(db, dir.resolve("out" + b / 2), "S",
			0, split.get(b)).toArray(new String[0])));
		for (int b = 0; b < batches; b++) {
			assertTrue(ps.get(b).waitFor(120, TimeUnit.SECONDS), "batch " + b + " finished");
			assertEquals(0, ps.get(b).exitValue(), Files.readString(dir.resolve("log" + b)));
		}
		// one batch of all files, in this JVM, for the reference summary
		Path ref = dir.resolve("ref.db");
		BatchOptions.Builder o = BatchOptions.builder();
		o.db(ref);
		o.outDir(dir.resolve("ref"));
		o.sampleId("S");
		o.saveOutputs(false);
		new BatchRunner(new org.interphase.testing.MeanIntensityAnalysis(), o.build()).run(all);
		try (ResultsDatabase d = new ResultsDatabase(db); Statement s = d.connection().createStatement()) {
			try (ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT file_id) FROM results WHERE file_id IS NOT NULL")) {
				r.next();
				assertEquals(batches * perBatch, r.getInt(1), "no file lost");
			}
			try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM errors")) {
				r.next();
				assertEquals(0, r.getInt(1));
			}
			assertEquals(batches * perBatch * 2 + 1, d.rows().size(), "two rows per file, one summary");
			double got = d.rows().stream().filter(r -> r.quantity.equals("mean_of_means")).findFirst().get().value;
			double want;
			try (ResultsDatabase rd = new ResultsDatabase(ref)) {
				want = rd.rows().stream().filter(r -> r.quantity.equals("mean_of_means")).findFirst().get().value;
			}
			assertEquals(want, got, 0, "the summary of four concurrent batches equals one batch of all files");
			for (int pair = 0; pair < 2; pair++) {
				long rows = Files.readAllLines(dir.resolve("out" + pair + "/results.csv")).stream().filter(l -> l.contains(
					",mean,")).count();
				assertEquals(2 * perBatch, rows, "results.csv of a shared --out lists both batches' files");
			}
		}
	}

	@Test
	void aKilledBatchLeavesCsvFilesConsistentWithTheDatabase() throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < 40; i++) files.add(TestImages.tiff(in, String.format("K_%02d.tif", i), i, 80 + i));
		Files.writeString(in.resolve("K_bad.tif"), "not a TIFF");
		files.add(1, in.resolve("K_bad.tif"));
		Path db = dir.resolve("k.db"), out = dir.resolve("out");
		Process p = start(dir.resolve("log"), args(db, out, "K", 150, files).toArray(new String[0]));
		// wait until a few files are stored, then SIGKILL
		long deadline = System.currentTimeMillis() + 60000;
		int stored = 0;
		while (System.currentTimeMillis() < deadline && stored < 8) {
			Thread.sleep(100);
			if (!Files.exists(db)) continue;
			try (ResultsDatabase d = new ResultsDatabase(db)) {
				stored = d.rows().size() / 2;
			}
			catch (Exception e) {
				// not created yet
			}
		}
		assertTrue(stored >= 8, Files.readString(dir.resolve("log")));
		p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		Set<String> dbRows = new HashSet<>(), csvRows = new HashSet<>();
		try (ResultsDatabase d = new ResultsDatabase(db)) {
			for (ResultRow r : d.rows()) dbRows.add(r.source + "|" + r.quantity);
		}
		assertTrue(Files.exists(out.resolve("results.csv")), "results.csv exists after kill -9");
		assertTrue(Files.exists(out.resolve("errors.csv")), "errors.csv exists after kill -9");
		try (CSVParser parser = CSVParser.parse(out.resolve("results.csv"), StandardCharsets.UTF_8, CSVFormat.DEFAULT
			.builder().setHeader().setSkipHeaderRecord(true).get()))
		{
			for (CSVRecord r : parser) csvRows.add(r.get("source") + "|" + r.get("quantity"));
		}
		assertTrue(dbRows.containsAll(csvRows), "every row in results.csv is in the database");
		Set<String> missing = new HashSet<>(dbRows);
		missing.removeAll(csvRows);
		assertTrue(missing.size() <= 2, "at most the file being written when killed is missing: " + missing);
		String errors = Files.readString(out.resolve("errors.csv"));
		assertTrue(errors.contains("K_bad.tif"), errors);
	}
}
