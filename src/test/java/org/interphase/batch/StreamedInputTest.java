package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.io.tiff.TiffStackWriter;
import org.interphase.testing.MeanIntensityAnalysis;

/**
 * Issue 23: a stack streamed because it does not fit reaches only an analysis that reads it frame by frame; any
 * other fails for that input with the reason, instead of silently analysing the first frame.
 */
class StreamedInputTest {
	@TempDir
	Path dir;

	@Test
	void anAnalysisThatNeedsTheStackWholeRefusesAStreamedOneWithTheReason() throws Exception {
		Path f = dir.resolve("S_movie.tif");
		try (TiffStackWriter w = new TiffStackWriter(f, 24, 16, 5, 1)) {
			for (int i = 0; i < 5; i++) {
				float[] px = new float[24 * 16];
				java.util.Arrays.fill(px, 100 + i);
				w.frame(px);
			}
		}
		BatchOptions o = ShardTest.options(dir.resolve("o"), dir.resolve("s.db"), Shard.ALL);
		System.setProperty("interphase.stream", "always");
		BatchReport r;
		try {
			r = new BatchRunner(new MeanIntensityAnalysis(), o).run(List.of(f));
		}
		finally {
			System.clearProperty("interphase.stream");
		}
		assertEquals(0, r.analysed());
		assertEquals(1, r.failures().size());
		String m = r.failures().get(0).error;
		assertTrue(m.contains("5 frames of 24x16") && m.contains("does not fit") && m.contains("-Xmx"), m);
		// read whole (it fits), the same file is analysed as before
		r = new BatchRunner(new MeanIntensityAnalysis(), ShardTest.options(dir.resolve("o2"), dir.resolve("s2.db"),
			Shard.ALL)).run(List.of(f));
		assertEquals(1, r.analysed());
		assertTrue(Files.exists(dir.resolve("o2/results.csv")));
	}
}
