package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.cli.Main;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.StoreCopy;
import org.interphase.testing.MeanIntensityAnalysis;

/**
 * Issue 23: each shard writes its own SQLite store and {@code db copy} merges them into one whose rows are exactly
 * one unsharded run's; copying the same stores again adds nothing.
 */
class DbCopyTest {
	@TempDir
	Path dir;

	/** Rows, files, runs, samples, errors and the highest row ID: what "adds nothing" is checked on. */
	static List<Long> tableCounts(ResultsDatabase d) throws Exception {
		List<Long> out = new ArrayList<>();
		try (Statement s = d.connection().createStatement()) {
			for (String q : new String[] { "SELECT COUNT(*) FROM results", "SELECT COUNT(*) FROM files",
				"SELECT COUNT(*) FROM runs", "SELECT COUNT(*) FROM samples", "SELECT COUNT(*) FROM errors",
				"SELECT COALESCE(MAX(result_id), 0) FROM results" })
			{
				try (ResultSet r = s.executeQuery(q)) {
					r.next();
					out.add(r.getLong(1));
				}
			}
		}
		return out;
	}

	static List<Path> shardStores(Path dir, List<Path> files) throws Exception {
		List<Path> stores = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Path db = dir.resolve("shard" + i + ".db");
			new BatchRunner(new MeanIntensityAnalysis(), ShardTest.options(dir.resolve("o" + i), db, new Shard(i, 3))).run(
				files);
			stores.add(db);
		}
		return stores;
	}

	@Test
	void shardStoresMergeIntoExactlyOneRunAndACopyTwiceAddsNothing() throws Exception {
		List<Path> files = ShardTest.images(dir);
		Path one = dir.resolve("one.db");
		new BatchRunner(new MeanIntensityAnalysis(), ShardTest.options(dir.resolve("o"), one, Shard.ALL)).run(files);
		// a bad file, so an error line travels too
		java.nio.file.Files.writeString(dir.resolve("in/S0_bad.tif"), "not a TIFF");
		List<Path> withBad = new ArrayList<>(files);
		withBad.add(dir.resolve("in/S0_bad.tif"));
		List<Path> stores = shardStores(dir, withBad);
		Summaries summaries = new Summaries(List.of(new MeanIntensityAnalysis()));
		Path merged = dir.resolve("merged.db");
		try (ResultsDatabase to = new ResultsDatabase(merged)) {
			int filesCopied = 0;
			for (Path s : stores) try (ResultsDatabase from = new ResultsDatabase(s)) {
				filesCopied += StoreCopy.copy(from, to, summaries).files;
			}
			assertEquals(withBad.size() - 1, filesCopied, "each analysed file counted once, in the shard that has it");
			assertEquals(ShardTest.rows(one), ShardTest.rows(to), "merged shards = one unsharded run");
			List<Long> before = tableCounts(to);
			assertEquals(1L, before.get(4), "the bad file's error line was copied once");
			for (Path s : stores) try (ResultsDatabase from = new ResultsDatabase(s)) {
				StoreCopy.Counts c = StoreCopy.copy(from, to, summaries);
				assertEquals(0, c.groupsCopied + c.files + c.runs + c.samples + c.errors + c.summaries, c.toString());
			}
			assertEquals(before, tableCounts(to), "the second copy added nothing");
		}
		// and the same through the command line: a third copy of a shard adds nothing
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int code = Main.run(new String[] { "db", "copy", "--from", stores.get(1).toString(), "--to", merged.toString() },
			new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
		assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
		String said = o.toString(StandardCharsets.UTF_8);
		assertTrue(said.contains("0 file(s), 0 row(s) in 0 group(s) copied"), said);
		try (ResultsDatabase to = new ResultsDatabase(merged)) {
			assertEquals(ShardTest.rows(one), ShardTest.rows(to));
		}
	}

	@Test
	void aNewerAnalysisOfAFileWinsAndAnOlderOneDoesNotOverwriteIt() throws Exception {
		List<Path> files = ShardTest.images(dir).subList(0, 3);
		Path older = dir.resolve("older.db"), newer = dir.resolve("newer.db");
		new BatchRunner(new MeanIntensityAnalysis(), ShardTest.options(dir.resolve("a"), older, Shard.ALL)).run(files);
		Thread.sleep(5);
		new BatchRunner(new MeanIntensityAnalysis(), ShardTest.options(dir.resolve("b"), newer, Shard.ALL)).run(files);
		Summaries summaries = new Summaries(List.of(new MeanIntensityAnalysis()));
		try (ResultsDatabase n = new ResultsDatabase(newer); ResultsDatabase o = new ResultsDatabase(older)) {
			List<Long> before = tableCounts(n);
			StoreCopy.Counts c = StoreCopy.copy(o, n, summaries);
			assertEquals(0, c.groupsCopied, "the target's later rows stay: " + c);
			assertEquals(1, c.runs, "the older run is recorded (its identity travels)");
			List<Long> after = tableCounts(n);
			assertEquals(before.get(0), after.get(0), "no row added");
			c = StoreCopy.copy(n, o, summaries);
			assertEquals(3 + 3, c.groupsCopied, "three files and three sample summaries replaced by the newer: " + c);
			assertEquals(ShardTest.rows(n), ShardTest.rows(o));
		}
	}
}
