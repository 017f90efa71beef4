package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.results.ResultsDatabase;
import org.interphase.synth.DemoSamples;
import org.interphase.demo.DemoRegistry;

/**
 * Issue 23's acceptance: the demo's jobs (every analysis on the demo data set, small) run as shards 0/3, 1/3, 2/3
 * into one store give exactly the rows of one unsharded run. The demo data only serves as realistic input here;
 * the comparison is of the store's rows, not of accuracy.
 */
class DemoShardTest {
	@TempDir
	Path dir;

	/** About two minutes on two cores: runs with {@code -Dinterphase.demo.shards=true} (docs/scale.md). */
	@Test
	void theDemoInThreeShardsGivesExactlyTheRowsOfOneRun() throws Exception {
		Assumptions.assumeTrue(Boolean.getBoolean("interphase.demo.shards"), "slow (every analysis on the demo data, " +
			"four times): -Dinterphase.demo.shards=true");
		Path data = Files.createDirectories(dir.resolve("data"));
		DemoContext ctx = new DemoContext(data, DemoSamples.all(), 11, true);
		List<Analysis> analyses = new ArrayList<>();
		List<List<DemoJob>> jobs = new ArrayList<>();
		for (Analysis a : Analyses.all()) {
			if (!a.available()) continue;
			analyses.add(a);
			jobs.add(DemoRegistry.writeDemo(a, ctx));
		}
		Path one = dir.resolve("one.db"), sharded = dir.resolve("sharded.db");
		int inputs = 0, shardedInputs = 0;
		for (int k = 0; k < analyses.size(); k++) {
			for (DemoJob job : jobs.get(k)) {
				inputs += run(analyses.get(k), job, dir.resolve("o"), one, Shard.ALL).analysed();
				for (int i = 0; i < 3; i++) shardedInputs += run(analyses.get(k), job, dir.resolve("o" + i), sharded,
					new Shard(i, 3)).analysed();
			}
		}
		Assumptions.assumeTrue(inputs > 3, "the demo wrote " + inputs + " inputs");
		assertEquals(inputs, shardedInputs, "every input analysed in exactly one shard (" + inputs + " in the unsharded run)");
		List<String> want = ShardTest.rows(one), got = ShardTest.rows(sharded);
		assertTrue(want.size() > 50, want.size() + " rows");
		List<String> missing = new ArrayList<>(want), extra = new ArrayList<>(got);
		missing.removeAll(got);
		extra.removeAll(want);
		assertEquals(want.size(), got.size(), "row count; only unsharded: " + head(missing) + " only sharded: " + head(
			extra));
		assertEquals(List.of(), missing, "only in the unsharded run (" + missing.size() + "): " + head(missing) +
			"\nonly in the shards (" + extra.size() + "): " + head(extra));
		try (ResultsDatabase d = new ResultsDatabase(sharded)) {
			assertTrue(d.runCount() > analyses.size(), "the shards are separate runs");
		}
	}

	private static String head(List<String> l) {
		return String.join("\n", l.subList(0, Math.min(12, l.size())));
	}

	private static BatchReport run(Analysis a, DemoJob job, Path out, Path db, Shard shard) throws Exception {
		BatchOptions.Builder o = BatchOptions.builder();
		o.outDir(out);
		o.db(db);
		o.shard(shard);
		o.threads(2);
		o.saveOutputs(false);
		o.params(new LinkedHashMap<>(job.params));
		return new BatchRunner(a, o.build()).run(job.inputs);
	}
}
