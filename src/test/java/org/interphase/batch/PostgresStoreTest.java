package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.cli.Main;
import org.interphase.report.ReportWriter;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.StoreCopy;
import org.interphase.testing.MeanIntensityAnalysis;
import org.interphase.testing.TestImages;
import org.interphase.testing.TestPostgres;

/**
 * Issue 23: the lab-wide store on a real PostgreSQL server (skipped with the reason where none can start): the
 * same rows as SQLite, four writer processes lose nothing, db copy into it twice adds nothing, and the report reads
 * it with a read-only role.
 */
class PostgresStoreTest {
	@TempDir
	Path dir;

	private static BatchOptions options(Path out, String store, Shard shard) {
		BatchOptions o = ShardTest.options(out, null, shard).toBuilder().store(store).build();
		return o;
	}

	@Test
	void shardsIntoPostgresGiveExactlyTheRowsOfOneSqliteRun() throws Exception {
		String pg = TestPostgres.newDatabase("shards");
		List<Path> files = ShardTest.images(dir);
		Path one = dir.resolve("one.db");
		new BatchRunner(new MeanIntensityAnalysis(), ShardTest.options(dir.resolve("o"), one, Shard.ALL)).run(files);
		for (int i = 0; i < 3; i++) new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve("o" + i), pg,
			new Shard(i, 3))).run(files);
		try (ResultsDatabase d = ResultsDatabase.open(pg)) {
			assertTrue(d.isPostgres());
			assertEquals(ShardTest.rows(one), ShardTest.rows(d), "the same rows, to the bit, from either store");
		}
		// results.csv of a shard lists that shard's rows, read back from PostgreSQL
		assertTrue(Files.readString(dir.resolve("o1/results.csv")).contains(",mean,"));
	}

	@Test
	void fourWriterProcessesLoseNothing() throws Exception {
		String pg = TestPostgres.newDatabase("writers");
		Path in = Files.createDirectories(dir.resolve("in"));
		int perBatch = 12, batches = 4;
		List<Path> all = new ArrayList<>();
		List<Process> ps = new ArrayList<>();
		for (int b = 0; b < batches; b++) {
			List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
				.toString(), "-Xmx128m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
				BatchProcessMain.class.getName(), pg, dir.resolve("out" + b / 2).toString(), "S", "0"));
			for (int i = 0; i < perBatch; i++) {
				Path f = TestImages.tiff(in, String.format("S_%d_%02d.tif", b, i), 100L * b + i, 50 + b * 10 + i);
				all.add(f);
				args.add(f.toString());
			}
			ps.add(new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve("log" + b).toFile())
				.start());
		}
		for (int b = 0; b < batches; b++) {
			assertTrue(ps.get(b).waitFor(120, TimeUnit.SECONDS), "batch " + b + " finished");
			assertEquals(0, ps.get(b).exitValue(), Files.readString(dir.resolve("log" + b)));
		}
		Path ref = dir.resolve("ref.db");
		BatchOptions o = ShardTest.options(dir.resolve("ref"), ref, Shard.ALL).toBuilder().sampleId("S").build();
		new BatchRunner(new MeanIntensityAnalysis(), o).run(all);
		try (ResultsDatabase d = ResultsDatabase.open(pg); Statement s = d.connection().createStatement()) {
			try (ResultSet r = s.executeQuery("SELECT COUNT(DISTINCT file_id) FROM results WHERE file_id IS NOT NULL")) {
				r.next();
				assertEquals(batches * perBatch, r.getInt(1), "no file lost");
			}
			assertEquals(batches * perBatch * 2 + 1, d.rows().size(), "two rows per file, one summary");
			assertEquals(ShardTest.rows(ref), ShardTest.rows(d), "the same rows as one batch of all files in SQLite");
		}
	}

	@Test
	void aCopyIntoPostgresTwiceAddsNothingAndAReadOnlyRoleMakesTheReport() throws Exception {
		String pg = TestPostgres.newDatabase("copy");
		List<Path> files = ShardTest.images(dir);
		List<Path> stores = DbCopyTest.shardStores(dir, files);
		Path one = dir.resolve("one.db");
		new BatchRunner(new MeanIntensityAnalysis(), ShardTest.options(dir.resolve("o"), one, Shard.ALL)).run(files);
		Summaries summaries = new Summaries(List.of(new MeanIntensityAnalysis()));
		try (ResultsDatabase to = ResultsDatabase.open(pg)) {
			for (Path s : stores) try (ResultsDatabase from = new ResultsDatabase(s)) {
				StoreCopy.copy(from, to, summaries);
			}
			assertEquals(ShardTest.rows(one), ShardTest.rows(to));
			List<Long> before = DbCopyTest.tableCounts(to);
			for (Path s : stores) try (ResultsDatabase from = new ResultsDatabase(s)) {
				StoreCopy.Counts c = StoreCopy.copy(from, to, summaries);
				assertEquals(0, c.groupsCopied + c.runs + c.samples + c.errors + c.summaries, c.toString());
			}
			assertEquals(before, DbCopyTest.tableCounts(to), "the second copy added nothing");
		}
		// the report from a role that may only read (docs/scale.md), the same summary as from the SQLite store
		String db = pg.substring(pg.lastIndexOf('/') + 1);
		TestPostgres.admin(db, "CREATE ROLE report_reader LOGIN", "GRANT CONNECT ON DATABASE " + db + " TO report_reader",
			"GRANT USAGE ON SCHEMA public TO report_reader", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO report_reader");
		String reader = pg.replace("postgres@", "report_reader@");
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int code = Main.run(new String[] { "report", "--db", reader, "--out", dir.resolve("rep-pg").toString(),
			"--quiet" }, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
		// the same merge into SQLite: the report's summary (values, n_inputs, n_runs = the 3 shard runs) is the same
		try (ResultsDatabase d = new ResultsDatabase(dir.resolve("merged.db"))) {
			for (Path s : stores) try (ResultsDatabase from = new ResultsDatabase(s)) {
				StoreCopy.copy(from, d, summaries);
			}
			ReportWriter.write(d, dir.resolve("rep-sqlite"));
		}
		String sqliteSummary = Files.readString(dir.resolve("rep-sqlite/summary.csv"));
		assertTrue(sqliteSummary.contains("S2,sem,mean-intensity,mean,"), sqliteSummary);
		assertEquals(sqliteSummary, Files.readString(dir.resolve("rep-pg/summary.csv")), "the report from either store");
		// and the read-only role cannot write: a batch into the store as it fails, naming the store
		IOException denied = assertThrows(IOException.class, () -> new BatchRunner(new MeanIntensityAnalysis(), options(
			dir.resolve("o9"), reader, Shard.ALL)).run(files.subList(0, 1)));
		assertTrue(denied.getMessage().contains("127.0.0.1") && denied.getMessage().contains("permission denied"), denied
			.getMessage());
	}

	/**
	 * Rows per second into each store, 1000-row files in one transaction each (as {@code bench --only store}); runs
	 * with {@code -Dinterphase.bench.store=true} only, and prints the numbers docs/scale.md gives.
	 */
	@Test
	void storeThroughput() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("interphase.bench.store"), "a benchmark: " +
			"-Dinterphase.bench.store=true");
		String pg = TestPostgres.newDatabase("throughput");
		Path f = Files.writeString(dir.resolve("x.txt"), "x");
		org.interphase.results.FileRecord rec = org.interphase.results.FileRecord.of(f, "sem");
		List<org.interphase.core.result.ResultRow> rows = new ArrayList<>();
		for (int i = 0; i < 1000; i++) rows.add(org.interphase.core.result.ResultRow.of("depth", i * 0.5, 0.1, "µm")
			.region("profile:" + i).context("S", "sem", "reaction-depth", "x.txt"));
		for (String store : new String[] { dir.resolve("t.db").toString(), pg }) {
			try (ResultsDatabase db = ResultsDatabase.open(store)) {
				long run = db.startRun("bench", java.util.Map.of(), dir);
				double best = 0;
				for (int rep = 0; rep < 3; rep++) {
					long t0 = System.nanoTime();
					for (int i = 0; i < 20; i++) db.store(run, rec, "reaction-depth", "h" + i, null, rows);
					best = Math.max(best, 20 * 1000 / ((System.nanoTime() - t0) * 1e-9));
				}
				System.out.println("store throughput " + (db.isPostgres() ? "postgresql" : "sqlite") + ": " + Math.round(
					best) + " rows/s");
			}
		}
	}

	@Test
	void noPasswordOnTheCommandLine() {
		IOException e = assertThrows(IOException.class, () -> ResultsDatabase.open(
			"postgresql://lab:secret@127.0.0.1:1/results"));
		assertTrue(e.getMessage().contains("PGPASSWORD") && e.getMessage().contains("~/.pgpass"), e.getMessage());
		assertFalse(e.getMessage().contains("secret"), "the password is not repeated: " + e.getMessage());
		e = assertThrows(IOException.class, () -> ResultsDatabase.open(
			"postgresql://127.0.0.1:1/results?user=lab&password=secret"));
		assertFalse(e.getMessage().contains("secret"), e.getMessage());
		// on the command line: a usage error (exit 2) before any input is read
		for (String[] args : new String[][] { { "report", "--db", "postgresql://lab:secret@127.0.0.1:1/r", "--out", "x" },
			{ "db", "copy", "--from", "postgresql://lab:secret@127.0.0.1:1/r", "--to", "y.db" } })
		{
			ByteArrayOutputStream o = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
			int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(err, true,
				StandardCharsets.UTF_8));
			String said = err.toString(StandardCharsets.UTF_8);
			assertEquals(2, code, said);
			assertTrue(said.contains("PGPASSWORD") && !said.contains("secret"), said);
		}
	}
}
