package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.eels.ValenceMapper;
import org.interphase.io.Readers;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 23: a DM3/DM4 spectrum image read in tiles of a few rows from the mapped file holds the same numbers as
 * the whole-file read, in every storage order, and the valence maps from the tiles equal those of the whole image
 * to the bit. (Equality of two read paths: the demo generator only supplies plausible spectra.)
 */
class DmSpectrumRowsTest {
	@TempDir
	Path tmp;

	/**
	 * keptBytes: the budget of the energy-slowest spectra kept once moved (-1: the default, which holds this image;
	 * 0: none, every read moves them from the file; 177600: 37 of the 90 spectra, so that reads cross the end of
	 * what is kept).
	 */
	@ParameterizedTest
	@CsvSource({ "4, true, -1", "4, true, 0", "4, true, 177600", "4, false, -1", "3, true, -1", "3, true, 177600",
		"3, false, -1" })
	void tilesEqualTheWholeFileRead(int version, boolean energySlowest, long keptBytes) throws IOException {
		if (keptBytes >= 0) System.setProperty(TransposedSpectra.BUDGET_PROPERTY, Long.toString(keptBytes));
		try {
			tilesEqualTheWholeFileRead(version, energySlowest);
		}
		finally {
			System.clearProperty(TransposedSpectra.BUDGET_PROPERTY);
		}
	}

	private void tilesEqualTheWholeFileRead(int version, boolean energySlowest) throws IOException {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 31;
		c.stepNm = 2;
		c.depthNm = 16;
		EelsLineScanGenerator.SpectrumImage si = EelsLineScanGenerator.spectrumImage(c, 5, 18);
		Path f = tmp.resolve("si.dm" + version);
		DmWriter.write(f, si.coreLoss, version, energySlowest);
		Signal whole = Readers.read(f).primary();
		DmSpectrumRows rows = DmSpectrumRows.open(f);
		assertNotNull(rows, "a spectrum image");
		assertEquals(whole.axes().toString(), rows.axes().toString());
		int w = rows.columns(), n = (int) rows.pixels(), ch = rows.channels();
		assertEquals(whole.count(1), n);
		assertArrayEquals(whole.lastAxis().values(), rows.channelAxis().values(), 0);
		for (int tile : new int[] { 1, 2, 4 }) {
			double[] buf = new double[tile * w * ch];
			for (int row = 0; row < rows.rows(); row += tile) {
				int count = Math.min(tile, rows.rows() - row), first = row * w;
				double[] got = rows.read(row, count, buf);
				assertArrayEquals(Arrays.copyOfRange(whole.data(), first * ch, (first + count * w) * ch), Arrays
					.copyOfRange(got, (int) rows.offset(row), (int) rows.offset(row) + count * w * ch), 0, "tiles of " + tile
						+ " rows from " + row);
			}
		}
		// single spectra, as the reference-mismatch sums read them
		double[] one = new double[ch];
		for (int i : new int[] { 0, 7, w + 3, n - 1 }) {
			double[] got = rows.spectrum(i, one);
			assertArrayEquals(Arrays.copyOfRange(whole.data(), i * ch, (i + 1) * ch), got, 0, "spectrum " + i);
		}
		// many spectra out of order (repeats, neighbours, the ends), as the reference-mismatch sums read them
		int[] which = new int[3 * n + 2];
		for (int j = 0; j < which.length; j++) which[j] = (int) ((j * 7919L + (j % 3 == 0 ? 1 : 0)) % n);
		which[which.length - 1] = which[0];
		for (int from : new int[] { 0, 5 }) {
			int count = which.length - from;
			double[] got = new double[count * ch];
			rows.gather(which, from, count, got);
			for (int j = 0; j < count; j++) assertArrayEquals(Arrays.copyOfRange(whole.data(), which[from + j] * ch,
				(which[from + j] + 1) * ch), Arrays.copyOfRange(got, j * ch, (j + 1) * ch), 0, "gathered spectrum " + j);
		}
		// a new reader that gathers first (what it keeps then serves the tiles), then tiles crossing what is kept
		DmSpectrumRows fresh = DmSpectrumRows.open(f);
		int[] some = { n - 1, 3, 40, 36, 3, 17 };
		double[] got = new double[some.length * ch];
		fresh.gather(some, 0, some.length, got);
		for (int j = 0; j < some.length; j++) assertArrayEquals(Arrays.copyOfRange(whole.data(), some[j] * ch,
			(some[j] + 1) * ch), Arrays.copyOfRange(got, j * ch, (j + 1) * ch), 0, "gathered first " + some[j]);
		for (int[] run : new int[][] { { 2, 40 }, { 0, n }, { 30, 12 }, { 36, 1 } }) {
			double[] y = fresh.spectra(run[0], run[1], new double[run[1] * ch]);
			assertArrayEquals(Arrays.copyOfRange(whole.data(), run[0] * ch, (run[0] + run[1]) * ch), y, 0, "spectra " +
				run[0] + "+" + run[1]);
		}
		// channels [from, to) of each spectrum only, as the MLLS fits read them (kept ones copied, others from those
		// planes; short runs and energy-fastest files read whole)
		for (int[] run : new int[][] { { 0, n }, { 2, 40 }, { 30, 12 }, { n - 20, 20 } }) {
			int from = 100 + run[0], to = 700 + run[1];
			double[] y = new double[run[1] * ch];
			Arrays.fill(y, Double.NaN);
			rows.spectra(run[0], run[1], y, from, to);
			for (int j = 0; j < run[1]; j++) assertArrayEquals(Arrays.copyOfRange(whole.data(), (run[0] + j) * ch + from,
				(run[0] + j) * ch + to), Arrays.copyOfRange(y, j * ch + from, j * ch + to), 0, "channels " + from + "-" + to +
					" of spectrum " + (run[0] + j));
		}
		System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, "3");
		double[][][] refs = refs(c);
		ValenceMapper.Options o = ValenceMapper.Options.builder().threads(2).rowLength(w).build();
		ValenceMapper.Result a = ValenceMapper.run(new ValenceMapper.Spectra(whole.data(), n, whole.lastAxis().values()),
			null, refs, o, null);
		ValenceMapper.Result b;
		try {
			b = ValenceMapper.run(rows, null, refs, o, null);
		}
		finally {
			System.clearProperty(SpectrumTiles.TILE_ROWS_PROPERTY);
		}
		int fitted = 0;
		for (double v : a.fraction) if (!Double.isNaN(v)) fitted++;
		assertTrue(fitted > n / 4, fitted + " spectra fitted");
		assertArrayEquals(a.fraction, b.fraction, 0);
		assertArrayEquals(a.fractionSd, b.fractionSd, 0);
		assertArrayEquals(a.shift, b.shift, 0);
		assertArrayEquals(a.tiIntensity, b.tiIntensity, 0);
		assertArrayEquals(a.tiSd, b.tiSd, 0);
		assertArrayEquals(a.oIntensity, b.oIntensity, 0);
		assertArrayEquals(a.exponent, b.exponent, 0);
		assertArrayEquals(a.flags, b.flags);
		assertEquals(a.commonShift, b.commonShift, 0);
		assertEquals(Arrays.toString(a.systematic), Arrays.toString(b.systematic));
	}

	@ParameterizedTest
	@CsvSource({ "4", "3" })
	void anImageIsNoSpectrumImage(int version) throws IOException {
		Path f = tmp.resolve("img.dm" + version);
		double[] px = new double[12 * 9];
		for (int i = 0; i < px.length; i++) px[i] = i % 7;
		DmWriter.write(f, Signal.image("img", 12, 9, px, 0.5, "nm"), version, true);
		assertNull(DmSpectrumRows.open(f));
	}

	private static double[][][] refs(EelsLineScanGenerator.Config c) {
		Signal r3 = EelsLineScanGenerator.reference(true, c, c.seed + 100), r4 = EelsLineScanGenerator.reference(false, c,
			c.seed + 200);
		return new double[][][] { { r3.lastAxis().values(), r3.row(0) }, { r4.lastAxis().values(), r4.row(0) } };
	}
}
