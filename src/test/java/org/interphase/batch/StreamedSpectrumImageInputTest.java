package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Signal;
import org.interphase.io.dm.DmWriter;
import org.interphase.testing.MeanIntensityAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: a spectrum image read in tiles of rows (it does not fit) reaches only an analysis that maps it tile by
 * tile (eels-valence); any other fails for that input with the reason instead of seeing the stand-in signal.
 */
class StreamedSpectrumImageInputTest {
	@TempDir
	Path dir;

	@Test
	void anAnalysisThatNeedsTheSpectraWholeRefusesATiledSpectrumImage() throws Exception {
		int h = 3, w = 4, ch = 50;
		double[] v = new double[h * w * ch];
		for (int i = 0; i < v.length; i++) v[i] = 100 + i % ch;
		Signal si = new Signal("si", "float32", new int[] { h, w, ch }, List.of(new Axis("y", h, 1, 0, "nm"), new Axis(
			"x", w, 1, 0, "nm"), new Axis("energy", ch, 0.5, 440, "eV")), v);
		Path f = dir.resolve("S_si.dm4");
		DmWriter.write(f, si, 4, true);
		String m = refusal(f);
		assertTrue(m.contains("spectrum image that does not fit") && m.contains("eels-valence") && m.contains("-Xmx"), m);
	}

	@Test
	void aStreamedRamanMapIsRefusedByAnAnalysisThatNeedsItWhole() throws Exception {
		Path f = org.interphase.analysis.raman.RamanMapStreamTest.wdf(dir.resolve("S_map.wdf"));
		String m = refusal(f);
		assertTrue(m.contains("does not fit in memory") && m.contains("raman-bn") && m.contains("-Xmx"), m);
		assertTrue(new org.interphase.analysis.raman.RamanBnAnalysis().streamsSpectra());
	}

	/** The batch's error for the file read with streaming forced, given to an analysis that needs it whole. */
	private String refusal(Path f) throws Exception {
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
		return r.failures().get(0).error;
	}
}
