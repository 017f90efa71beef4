package org.interphase.analysis.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.result.AnalysisResult;
import org.interphase.io.Readers;
import org.interphase.io.csvmatrix.CsvMatrix;
import org.interphase.io.dm.DmWriter;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 end to end: a DM4 spectrum image read in tiles of two rows (streaming forced, as for a file larger
 * than half the heap) gives the same rows, maps and figures to the last digit as the same file read whole.
 */
class EelsStreamedSpectrumImageTest {
	@TempDir
	Path dir;

	final Analysis a = Analyses.byCommand("eels-valence");

	@Test
	void streamedSpectrumImageGivesTheSameRowsAsTheWholeFile() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 31;
		c.stepNm = 2;
		c.depthNm = 16;
		EelsLineScanGenerator.SpectrumImage si = EelsLineScanGenerator.spectrumImage(c, 6, 16);
		Path f = dir.resolve("si.dm4"), r3 = dir.resolve("ref3.csv"), r4 = dir.resolve("ref4.csv");
		DmWriter.write(f, si.coreLoss, 4, true);
		CsvMatrix.write(r3, EelsLineScanGenerator.reference(true, c, 101));
		CsvMatrix.write(r4, EelsLineScanGenerator.reference(false, c, 102));
		Map<String, String> p = new HashMap<>();
		p.put("ref", "Ti3+=" + r3 + ";Ti4+=" + r4);

		Dataset whole = Readers.read(f);
		assertNull(SpectrumTiles.in(whole), "a small file is read whole");
		AnalysisResult rw = a.analyze(whole, a.parameters(p), new AnalysisContext(null, 2));

		String keepMode = System.getProperty("interphase.stream"), keepRows = System.getProperty(SpectrumTiles
			.TILE_ROWS_PROPERTY);
		System.setProperty("interphase.stream", "always");
		System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, "2");
		AnalysisResult rs;
		try {
			Dataset streamed = Readers.read(f);
			SpectrumTiles tiles = SpectrumTiles.in(streamed);
			assertNotNull(tiles, "streaming forced");
			assertEquals(2, SpectrumTiles.tileRows(tiles));
			assertEquals(16, tiles.columns());
			rs = a.analyze(streamed, a.parameters(p), new AnalysisContext(null, 2));
		}
		finally {
			restore("interphase.stream", keepMode);
			restore(SpectrumTiles.TILE_ROWS_PROPERTY, keepRows);
		}
		List<String> want = lines(rw), got = lines(rs);
		assertTrue(want.size() > 20, want.size() + " rows");
		assertEquals(want, got);
		assertEquals(rw.warnings(), rs.warnings());
		assertEquals(rw.maps().size(), rs.maps().size());
		for (int i = 0; i < rw.maps().size(); i++)
			org.junit.jupiter.api.Assertions.assertArrayEquals(rw.maps().get(i).data(), rs.maps().get(i).data(), 0,
				"map " + rw.maps().get(i).name);
	}

	/**
	 * A low-loss spectrum image beside the core-loss one (zero-loss alignment): streamed by the same rule, it is read
	 * in tiles too (it used to be read whole, and when streaming was forced its tiles were taken for a one-channel
	 * signal), and the rows, warnings and maps equal those of both files read whole to the bit.
	 */
	@Test
	void streamedLowLossScanAlignsAsTheWholeFile() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 37;
		c.positions = 6 * 16;
		c.stepNm = 0.25;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		Path f = dir.resolve("si.dm4"), low = dir.resolve("low.dm4"), r3 = dir.resolve("ref3.csv"), r4 = dir.resolve(
			"ref4.csv");
		DmWriter.write(f, asImage(ls.coreLoss, 6, 16), 4, true);
		DmWriter.write(low, asImage(ls.lowLoss, 6, 16), 4, false);
		CsvMatrix.write(r3, EelsLineScanGenerator.reference(true, c, 101));
		CsvMatrix.write(r4, EelsLineScanGenerator.reference(false, c, 102));
		Map<String, String> p = new HashMap<>();
		p.put("ref", "Ti3+=" + r3 + ";Ti4+=" + r4);
		p.put("low-loss", low.toString());

		AnalysisResult rw = a.analyze(Readers.read(f), a.parameters(p), new AnalysisContext(null, 2));
		String keepMode = System.getProperty("interphase.stream"), keepRows = System.getProperty(SpectrumTiles
			.TILE_ROWS_PROPERTY);
		System.setProperty("interphase.stream", "always");
		System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, "2");
		AnalysisResult rs;
		try {
			SpectrumTiles lowTiles = SpectrumTiles.in(Readers.read(low));
			assertNotNull(lowTiles, "the low-loss image is streamed");
			assertEquals(1024, lowTiles.channels());
			rs = a.analyze(Readers.read(f), a.parameters(p), new AnalysisContext(null, 2));
		}
		finally {
			restore("interphase.stream", keepMode);
			restore(SpectrumTiles.TILE_ROWS_PROPERTY, keepRows);
		}
		assertEquals("zero-loss", rw.find("common_energy_shift").label, "aligned on the low-loss scan");
		sameResult(rw, rs);

		// without forcing: a small low-loss file is read whole, unless the core-loss image beside it is streamed
		assertNull(SpectrumTiles.in(Readers.read(low)));
		assertNotNull(SpectrumTiles.in(Readers.readInTiles(low)), "read in tiles whatever its size");
		Dataset core = Readers.readInTiles(f);
		assertNotNull(SpectrumTiles.in(core));
		sameResult(rw, a.analyze(core, a.parameters(p), new AnalysisContext(null, 2)));
		System.setProperty("interphase.stream", "never");
		try {
			assertNull(SpectrumTiles.in(Readers.readInTiles(low)), "streaming off");
		}
		finally {
			restore("interphase.stream", keepMode);
		}
	}

	private static void sameResult(AnalysisResult rw, AnalysisResult rs) {
		List<String> want = lines(rw), got = lines(rs);
		assertTrue(want.size() > 20, want.size() + " rows");
		assertEquals(want, got);
		assertEquals(rw.warnings(), rs.warnings());
		assertEquals(rw.maps().size(), rs.maps().size());
		for (int i = 0; i < rw.maps().size(); i++)
			org.junit.jupiter.api.Assertions.assertArrayEquals(rw.maps().get(i).data(), rs.maps().get(i).data(), 0,
				"map " + rw.maps().get(i).name);
	}

	/** A line scan's spectra (positions, energy) as a spectrum image ny x nx (y, x, energy). */
	private static Signal asImage(Signal scan, int ny, int nx) {
		Axis e = scan.lastAxis(), step = scan.axis(0);
		return new Signal(scan.name, scan.dtype, new int[] { ny, nx, e.size }, List.of(new Axis("y", ny, step.scale, 0,
			"nm"), new Axis("x", nx, step.scale, 0, "nm"), e), scan.data());
	}

	private static List<String> lines(AnalysisResult r) {
		return r.rows().stream().map(x -> x.region + "|" + x.quantity + "|" + x.value + "|" + x.uncertainty + "|" +
			x.unit + "|" + x.label + "|" + x.flags).collect(Collectors.toList());
	}

	private static void restore(String key, String value) {
		if (value == null) System.clearProperty(key);
		else System.setProperty(key, value);
	}
}
