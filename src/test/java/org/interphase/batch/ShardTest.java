package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase;
import org.interphase.testing.MeanIntensityAnalysis;
import org.interphase.testing.TestImages;

/** Issue 23: {@code --shard i/n} splits by file content, and the shards' rows together are one unsharded run's. */
class ShardTest {
	@TempDir
	Path dir;

	/** 18 images of three samples (the sample from the file name). */
	static List<Path> images(Path dir) throws Exception {
		Path in = Files.createDirectories(dir.resolve("in"));
		List<Path> out = new ArrayList<>();
		for (int i = 0; i < 18; i++) out.add(TestImages.tiff(in, String.format("S%d_%02d.tif", i % 3, i), 31L * i + 5,
			60 + 9 * i));
		return out;
	}

	static BatchOptions options(Path out, Path db, Shard shard) {
		BatchOptions.Builder o = BatchOptions.builder();
		o.outDir(out);
		o.db(db);
		o.shard(shard);
		o.threads(2);
		o.saveOutputs(false);
		return o.build();
	}

	/** Every contract column, values to the bit, sorted: the comparison of two stores' rows. */
	static List<String> rows(Path db) throws Exception {
		try (ResultsDatabase d = new ResultsDatabase(db)) {
			return rows(d);
		}
	}

	static List<String> rows(ResultsDatabase d) throws Exception {
		return d.rows().stream().map(ShardTest::line).sorted().collect(Collectors.toList());
	}

	static String line(ResultRow r) {
		return String.join("|", r.sampleId, r.technique, r.analysis, r.source, r.region, r.quantity, Long.toHexString(
			Double.doubleToLongBits(r.value)), Long.toHexString(Double.doubleToLongBits(r.uncertainty)), r.unit, r.label,
			r.flags);
	}

	@Test
	void threeShardsIntoOneStoreGiveExactlyTheRowsOfOneRun() throws Exception {
		List<Path> files = images(dir);
		Path one = dir.resolve("one.db");
		new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve("o"), one, Shard.ALL)).run(files);
		Path sharded = dir.resolve("sharded.db");
		int total = 0;
		for (int i = 0; i < 3; i++) {
			BatchReport r = new BatchRunner(new MeanIntensityAnalysis(), options(dir.resolve("o" + i), sharded, new Shard(i,
				3))).run(files);
			assertEquals(0, r.failures().size());
			assertTrue(r.analysed() > 0 && r.analysed() < files.size(), "shard " + i + " analysed " + r.analysed());
			total += r.analysed();
		}
		assertEquals(files.size(), total, "every file in exactly one shard");
		List<String> want = rows(one), got = rows(sharded);
		assertEquals(18 * 2 + 3, want.size(), "two rows per file and one summary per sample");
		assertEquals(want, got);
	}

	@Test
	void theSplitFollowsTheContentNotThePath() throws Exception {
		List<Path> files = images(dir);
		Path elsewhere = Files.createDirectories(dir.resolve("mounted/elsewhere"));
		int[] counts = new int[4];
		for (Path f : files) {
			Path copy = Files.copy(f, elsewhere.resolve("renamed_" + f.getFileName()));
			int s = Shard.shardOf(f, 4);
			assertEquals(s, Shard.shardOf(copy, 4), f.toString());
			counts[s]++;
		}
		for (int c : counts) assertTrue(c >= 1, "18 files spread over 4 shards: " + java.util.Arrays.toString(counts));
	}

	@Test
	void aBadShardIsSaidClearly() {
		for (String bad : new String[] { "3/3", "-1/3", "1/0", "1", "a/b", "" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
			assertTrue(e.getMessage().contains("i/n"), e.getMessage());
		}
		assertEquals("2/8", Shard.parse(" 2/8 ").toString());
	}
}
