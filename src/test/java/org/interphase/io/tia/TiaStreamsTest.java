package org.interphase.io.tia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

	/**
	 * A version 0x0220 (64-bit offsets) spectrum map of ny x nx int32 spectra whose data start at {@code firstData}
	 * (a sparse gap before them: a file past 2 GiB that costs a few KiB of disk); spectrum i holds 1000 i + channel.
	 */
	static Path writeSparseSpectra(Path p, int ny, int nx, int channels, long firstData) throws Exception {
		int n = ny * nx, header = 34 + 2 * (28 + 8 + 4 + 6), elem = 26 + 4 * channels;
		ByteBuffer h = ByteBuffer.allocate(header + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
		h.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0220);
		h.putInt(0x4120).putInt(0x4152).putInt(n).putInt(n).putLong(header).putInt(2);
		for (int size : new int[] { nx, ny }) { // TIA lists the fastest dimension first
			h.putInt(size).putDouble(0).putDouble(1e-9).putInt(0);
			h.putInt(8).put("Position".getBytes(StandardCharsets.US_ASCII));
			h.putInt(6).put("meters".getBytes(StandardCharsets.US_ASCII));
		}
		for (int i = 0; i < n; i++) h.putLong(header + 8 * i, firstData + (long) i * elem);
		for (int i = 0; i < n; i++) h.putLong(header + 8 * n + 8 * i, firstData + (long) n * elem + 6L * i);
		ByteBuffer d = ByteBuffer.allocate(n * (elem + 6)).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n; i++) {
			d.putDouble(-20).putDouble(0.2).putInt(0).putShort((short) 6).putInt(channels);
			for (int c = 0; c < channels; c++) d.putInt(1000 * i + c);
		}
		for (int i = 0; i < n; i++) d.putShort((short) 0x4152).putInt(1456075836);
		try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
			StandardOpenOption.SPARSE))
		{
			ch.write(h.clear(), 0);
			ch.write(d.flip(), firstData);
		}
		return p;
	}

	@Test
	void aSpectrumMapPast2GiBIsStreamedWithItsValues() throws Exception {
		long gap = (1L << 31) + 4096;
		Path p = writeSparseSpectra(tmp.resolve("big_1.ser"), 3, 4, 16, gap);
		assertTrue(Files.size(p) > 1L << 31);
		Exception refused = assertThrows(Exception.class, () -> read(p, "never", null), "the whole-file read stops at 2 GiB");
		assertTrue(refused.getMessage().contains("2 GiB"), refused.getMessage());
		// not forced: a file over 2 GiB is streamed by the one rule
		Dataset d = read(p, "auto", null);
		SpectrumTiles s = SpectrumTiles.in(d);
		assertNotNull(s, "streamed");
		assertEquals(3, s.rows());
		assertEquals(4, s.columns());
		assertEquals(-20, s.channelAxis().offset, 0);
		double[] rows = s.read(1, 2, new double[2 * 4 * 16]);
		for (int i = 4; i < 12; i++) for (int c = 0; c < 16; c++) assertEquals(1000 * i + c, rows[(i - 4) * 16 + c], 0,
			"spectrum " + i + " channel " + c);
		assertArrayEquals(new double[] { 11000, 11001 }, Arrays.copyOf(s.spectrum(11, null), 2), 0);
	}

	@Test
	void aSpectrumMapCutAfterItWasOpenedNamesTheFile() throws Exception {
		Path p = writeSparseSpectra(tmp.resolve("cut_1.ser"), 2, 2, 8, 4096);
		SpectrumTiles s = SpectrumTiles.in(read(p, "always", null));
		try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
			ch.truncate(4096 + 30);
		}
		Exception e = assertThrows(RuntimeException.class, () -> s.read(0, 2, new double[4 * 8]));
		assertTrue(e.getMessage().contains("cut_1.ser") && e.getMessage().contains("truncated"), e.getMessage());
	}
}
