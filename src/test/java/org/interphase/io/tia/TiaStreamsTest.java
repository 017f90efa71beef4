package org.interphase.io.tia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.FrameSource;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: TIA series streamed from the .ser (streaming forced, as for a file larger than half the heap): a
 * spectrum map in tiles of rows and an image series frame by frame hold the numbers of the whole-file read.
 */
class TiaStreamsTest {
	@TempDir
	Path tmp;

	private static Dataset read(Path f, String mode, String tileRows) throws Exception {
		String old = System.getProperty("interphase.stream"), oldRows = System.getProperty("interphase.tileRows");
		System.setProperty("interphase.stream", mode);
		if (tileRows != null) System.setProperty("interphase.tileRows", tileRows);
		try {
			return Readers.read(f);
		}
		finally {
			if (old == null) System.clearProperty("interphase.stream");
			else System.setProperty("interphase.stream", old);
			if (oldRows == null) System.clearProperty("interphase.tileRows");
			else System.setProperty("interphase.tileRows", oldRows);
		}
	}

	@Test
	void spectrumMapInTilesOfRowsEqualsTheWholeRead() throws Exception {
		Path p = tmp.resolve("map_1.ser");
		Files.write(p, TiaReaderTest.serSpectra(4, 5, 8, -20, 0.2, 1e-9));
		Dataset whole = read(p, "never", null);
		assertNull(SpectrumTiles.in(whole));
		Dataset d = read(p, "always", null);
		SpectrumTiles s = SpectrumTiles.in(d);
		assertNotNull(s, "streamed when forced");
		assertArrayEquals(new int[] { 4, 5, 1 }, d.primary().shape(), "the spatial axes only");
		assertEquals(whole.primary().axis(0).toString(), d.primary().axis(0).toString());
		assertArrayEquals(whole.primary().lastAxis().values(), s.channelAxis().values(), 0);
		assertEquals(4, s.rows());
		assertEquals(5, s.columns());
		int ch = s.channels();
		double[] all = whole.primary().data();
		for (int rows : new int[] { 1, 3 }) {
			double[] buf = new double[rows * 5 * ch];
			for (int row = 0; row < s.rows(); row += rows) {
				int count = Math.min(rows, s.rows() - row), first = row * 5;
				double[] got = s.read(row, count, buf);
				assertArrayEquals(Arrays.copyOfRange(all, first * ch, (first + count * 5) * ch), Arrays.copyOf(got, count * 5
					* ch), 0);
			}
		}
		for (int i : new int[] { 0, 6, 19 }) assertArrayEquals(Arrays.copyOfRange(all, i * ch, (i + 1) * ch), s.spectrum(i,
			null), 0, "spectrum " + i);
	}

	@Test
	void imageSeriesFrameByFrameEqualsTheWholeRead() throws Exception {
		Path p = tmp.resolve("series_1.ser");
		Files.write(p, TiaReaderTest.serImages(5, 4, 3));
		Dataset whole = read(p, "never", null);
		Dataset d = read(p, "always", null);
		FrameSource s = FrameSource.in(d);
		assertNotNull(s, "streamed when forced");
		assertEquals(5, s.frames());
		assertEquals(1, d.primary().count(2), "only the first frame is held");
		double[] all = whole.primary().data(), buf = new double[12];
		for (int f = 0; f < 5; f++) assertArrayEquals(Arrays.copyOfRange(all, f * 12, (f + 1) * 12), s.frame(f, buf), 0,
			"frame " + f);
	}
}
