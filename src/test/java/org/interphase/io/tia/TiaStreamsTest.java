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
import org.interphase.core.eels.SpectrumRows;
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
		assertNull(SpectrumRows.in(whole));
		for (String rows : new String[] { "1", "3" }) {
			Dataset d = read(p, "always", rows);
			SpectrumRows s = SpectrumRows.in(d);
			assertNotNull(s, "streamed when forced");
			assertArrayEquals(new int[] { 4, 5, 1 }, d.primary().shape(), "the spatial axes only");
			assertEquals(whole.primary().axis(0).toString(), d.primary().axis(0).toString());
			assertArrayEquals(whole.primary().lastAxis().values(), s.energy(), 0);
			int t = s.tileSpectra(), ch = s.energy().length;
			assertEquals(Integer.parseInt(rows) * 5, t);
			double[] buf = new double[t * ch], all = whole.primary().data();
			for (int first = 0; first < s.spectra(); first += t) {
				int count = Math.min(t, s.spectra() - first);
				double[] got = s.read(first, count, buf);
				assertArrayEquals(Arrays.copyOfRange(all, first * ch, (first + count) * ch), Arrays.copyOf(got, count * ch), 0);
			}
		}
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
