package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.FrameSource;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.io.dm.DmTestWriter.G;
import org.interphase.io.dm.DmTestWriter.Hole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 23: DM4 files past 2 GiB (in-situ movies and spectrum images are tens of GB) are streamed as small ones are.
 * The files are sparse: the tag tree as DigitalMicrograph lays it out (the data array inline, the tags after it past
 * 2^31), the data mostly holes, with known values written where the reads are checked: at the start, across the
 * 2 GiB boundary and at the end.
 */
class DmLargeFileTest {
	@TempDir
	Path dir;

	private static final long TWO_GIB = 1L << 31;

	/** A DM4 file with one float32 image of these dimensions (DM order, fastest first), its data a hole. */
	private static Hole sparse(Path p, long[] dims, String[] units) throws IOException {
		long n = dims[0] * dims[1] * dims[2];
		Hole data = new Hole(6, 4, n);
		G root = new G();
		DmTestWriter.image(root.group("ImageList"), "big", data, 2, dims, new double[] { 0.5, 0.5, 2 }, new double[3],
			units);
		new DmTestWriter(4).writeSparse(p, root);
		assertTrue(Files.size(p) > TWO_GIB && data.at + 4 * n > TWO_GIB, Files.size(p) + " bytes");
		return data;
	}

	/** Writes float32 values (little-endian) at a byte position. */
	private static void put(Path p, long at, float[] v) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (float x : v) b.putFloat(x);
		b.flip();
		try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
			while (b.hasRemaining()) at += ch.write(b, at);
		}
	}

	private static Dataset read(Path f, String mode) throws IOException {
		System.setProperty("interphase.stream", mode);
		try {
			return Readers.read(f);
		}
		finally {
			System.clearProperty("interphase.stream");
		}
	}

	private static float[] frameValues(int f, int n) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = f * 3 + (i % 1009) * 0.25f + 1;
		return v;
	}

	@Test
	void aSeriesPastTwoGibibytesIsStreamedFrameByFrame() throws IOException {
		int w = 512, h = 512, frames = 2100, n = w * h;
		Path p = dir.resolve("movie.dm4");
		Hole data = sparse(p, new long[] { w, h, frames }, new String[] { "nm", "nm", "s" });
		long frameBytes = 4L * n;
		int across = (int) ((TWO_GIB - data.at) / frameBytes); // the frame that runs across 2^31
		assertTrue(data.at + across * frameBytes < TWO_GIB && data.at + (across + 1) * frameBytes > TWO_GIB);
		int[] written = { 0, 1, across, frames / 2, frames - 1 };
		for (int f : written) put(p, data.at + f * frameBytes, frameValues(f, n));

		Dataset d = Readers.read(p); // too large to read whole: streamed without being asked
		FrameSource s = FrameSource.in(d);
		assertNotNull(s, "streamed");
		assertEquals(frames, s.frames());
		assertEquals(w, s.width());
		assertEquals(h, s.height());
		double[] buf = new double[n];
		for (int f : written) assertArrayEquals(frameValues(f, n), toFloats(s.frame(f, buf)), "frame " + f);
		assertArrayEquals(new double[n], s.frame(across + 1, buf), 0, "a frame never written reads as zeros");
		assertArrayEquals(frameValues(0, n), toFloats(d.primary().data()), "the first frame is the primary signal");

		InputFormatException whole = assertThrows(InputFormatException.class, () -> read(p, "never"));
		assertTrue(whole.getMessage().contains(p.toString()), whole.getMessage());

		// cut inside the last frame after the stream was opened: that frame is named, the others still read
		try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
			ch.truncate(data.at + (frames - 1) * frameBytes + 1000);
		}
		UncheckedIOException cut = assertThrows(UncheckedIOException.class, () -> s.frame(frames - 1, buf));
		assertTrue(cut.getMessage().contains(p.toString()) && cut.getMessage().contains("frame 2100 of 2100"), cut
			.getMessage());
		assertEquals(frameValues(across, n)[7], s.frame(across, buf)[7], 0);
		InputFormatException reopened = assertThrows(InputFormatException.class, () -> Readers.read(p));
		assertTrue(reopened.getMessage().contains(p.toString()), reopened.getMessage());
	}

	private static float[] toFloats(double[] v) {
		float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
		return f;
	}

	private static float value(int y, int x, int k) {
		return y * 5 + x * 0.25f + k * 0.5f + 1;
	}

	/**
	 * A 520 x 520 x 2048 float32 spectrum image (2.2 GB), energy-fastest (each spectrum one run) or energy-slowest
	 * (DM's own order: 2048 channel planes, a spectrum's values 1 MB apart, the last ones past 2^31): rows, single
	 * spectra and spectra gathered out of order.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void aSpectrumImagePastTwoGibibytesIsReadInTilesOfRows(boolean energySlowest) throws IOException {
		int ny = 520, nx = 520, ch = 2048;
		Path p = dir.resolve("si.dm4");
		long[] dims = energySlowest ? new long[] { nx, ny, ch } : new long[] { ch, nx, ny };
		String[] units = energySlowest ? new String[] { "nm", "nm", "eV" } : new String[] { "eV", "nm", "nm" };
		Hole data = sparse(p, dims, units);
		long rowBytes = 4L * nx * ch;
		int across = (int) ((TWO_GIB - data.at) / rowBytes); // energy-fastest: the row that runs across 2^31
		int[] rows = { 0, across, ny - 1 };
		for (int y : rows) {
			if (!energySlowest) {
				float[] v = new float[nx * ch];
				for (int x = 0; x < nx; x++) for (int k = 0; k < ch; k++) v[x * ch + k] = value(y, x, k);
				put(p, data.at + y * rowBytes, v);
				continue;
			}
			float[] plane = new float[nx];
			for (int k = 0; k < ch; k++) {
				for (int x = 0; x < nx; x++) plane[x] = value(y, x, k);
				put(p, data.at + 4L * ((long) k * nx * ny + (long) y * nx), plane);
			}
		}
		Dataset d = Readers.read(p); // 553 million values: in tiles without being asked
		Object t = d.metadata().get(SpectrumTiles.KEY);
		assertTrue(t instanceof DmSpectrumRows, "streamed: " + d.metadata().keySet());
		DmSpectrumRows si = (DmSpectrumRows) t;
		assertEquals(ny, si.rows());
		assertEquals(nx, si.columns());
		assertEquals(ch, si.channels());
		assertEquals("eV", si.channelAxis().units);
		for (int y : rows) {
			double[] want = new double[nx * ch];
			for (int x = 0; x < nx; x++) for (int k = 0; k < ch; k++) want[x * ch + k] = value(y, x, k);
			assertArrayEquals(want, si.read(y, 1, null), 0, "row " + y);
			for (int x : new int[] { 0, 1, nx / 2, nx - 1 }) assertArrayEquals(Arrays.copyOfRange(want, x * ch, (x + 1) *
				ch), si.spectrum((long) y * nx + x, null), 0, "spectrum " + y + "," + x);
		}
		// spectra gathered out of order (as the reference-mismatch sums read them): in file order, across 2^31
		int[] xs = { nx - 1, 0, nx / 2, 1 };
		int[] which = new int[xs.length * rows.length];
		for (int j = 0; j < which.length; j++) which[j] = rows[rows.length - 1 - j % rows.length] * nx + xs[j / rows.length];
		double[] got = new double[which.length * ch];
		si.gather(which, 0, which.length, got);
		for (int j = 0; j < which.length; j++) {
			double[] want = new double[ch];
			for (int k = 0; k < ch; k++) want[k] = value(which[j] / nx, which[j] % nx, k);
			assertArrayEquals(want, Arrays.copyOfRange(got, j * ch, (j + 1) * ch), 0, "gathered spectrum " + which[j]);
		}
		// a tile of three rows around the one across 2^31: the rows never written read as zeros
		double[] three = si.read(across - 1, 3, null);
		assertEquals(value(across, 3, 5), three[(nx + 3) * ch + 5], 0);
		assertEquals(0, three[3 * ch + 5], 0);
		assertEquals(0, three[(2 * nx + 3) * ch + 5], 0);
	}

	@Test
	void largeOrLyingHeadersAreReadOrRefusedNamingTheFileNeverOutOfMemory() throws IOException {
		// 2^31 - 1 frames of one uint8 pixel (2 GiB of data): streamed, nothing allocated per frame
		G root = new G();
		int frames = Integer.MAX_VALUE;
		DmTestWriter.image(root.group("ImageList"), "pixels", new Hole(10, 1, frames), 6, new long[] { 1, 1, frames },
			new double[3], new double[3], new String[] { "", "", "" });
		Path many = new DmTestWriter(4).writeSparse(dir.resolve("many.dm4"), root);
		FrameSource s = FrameSource.in(Readers.read(many));
		assertNotNull(s);
		assertEquals(frames, s.frames());
		assertEquals(0, s.frame(frames - 1, null)[0], 0);
		// Dimensions claiming 65536 x 65536 x 2 float32 (32 GiB) for a data array of 2.2 GB
		root = new G();
		DmTestWriter.image(root.group("ImageList"), "lie", new Hole(6, 4, 550_000_000L), 2, new long[] { 65536, 65536,
			2 }, new double[3], new double[3], new String[] { "", "", "" });
		Path lie = new DmTestWriter(4).writeSparse(dir.resolve("lie.dm4"), root);
		for (String mode : new String[] { "auto", "always", "never" }) {
			InputFormatException e = assertThrows(InputFormatException.class, () -> read(lie, mode));
			assertTrue(e.getMessage().startsWith(lie.toString()) && e.getMessage().contains("too many pixels"), mode +
				": " + e.getMessage());
		}
	}
}
