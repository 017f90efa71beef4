package org.interphase.io.tiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.FrameSource;
import org.interphase.core.progress.Progress;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.FrameStreams;
import org.interphase.io.Readers;

/**
 * Issue 23: an in-situ series streamed frame by frame from its TIFF gives the frames, and the SAED series
 * analysis the rows, of today's whole-file read, to the bit.
 */
public class TiffStackStreamTest {
	@TempDir
	Path dir;

	/**
	 * A series of size x size frames written from the physics: rings of a crystal (Gaussian radial profiles) whose
	 * share falls from 0.8 to 0.1, an amorphous halo taking the rest, a central-beam tail, counting noise.
	 */
	static Path series(Path file, int size, int frames, boolean big) throws Exception {
		double cx = size / 2.0 + 0.4, cy = size / 2.0 - 0.3;
		double[] radii = { size * 0.14, size * 0.2, size * 0.245, size * 0.33 }, amp = { 80, 50, 45, 25 };
		float[] px = new float[size * size];
		try (TiffStackWriter w = new TiffStackWriter(file, size, size, frames, 3, big)) {
			for (int f = 0; f < frames; f++) {
				double c = 0.1 + 0.7 / (1 + Math.exp((f - frames / 2.0) / (frames / 12.0)));
				SplittableRandom rnd = new SplittableRandom(1000 + f);
				for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
					double r = Math.hypot(x - cx, y - cy), v = 2000 / Math.pow(1 + r * r / 9, 1.1) + 3;
					v += (1 + 3 * (0.8 - c)) * 30 * Math.exp(-0.5 * Math.pow((r - size * 0.17) / (size * 0.05), 2));
					for (int k = 0; k < radii.length; k++) v += c / 0.8 * amp[k] * Math.exp(-0.5 * Math.pow((r - radii[k]) /
						1.3, 2));
					px[y * size + x] = (float) Math.max(0, v + Math.sqrt(v) * (rnd.nextDouble() + rnd.nextDouble() + rnd
						.nextDouble() + rnd.nextDouble() - 2) * Math.sqrt(3));
				}
				w.frame(px);
			}
		}
		return file;
	}

	private static Dataset inMemory(Path file) throws Exception {
		String old = System.getProperty("interphase.stream");
		System.setProperty("interphase.stream", "never");
		try {
			return Readers.read(file);
		}
		finally {
			if (old == null) System.clearProperty("interphase.stream");
			else System.setProperty("interphase.stream", old);
		}
	}

	@Test
	void framesAreTheWholeFileReadersFramesInClassicAndBigTiff() throws Exception {
		for (boolean big : new boolean[] { false, true }) {
			Path f = series(dir.resolve("s" + big + ".tif"), 40, 6, big);
			Dataset whole = inMemory(f);
			assertEquals(6, whole.primary().count(2), "the whole-file reader sees a stack (big=" + big + ")");
			TiffStackStream s = TiffStackStream.open(f);
			assertNotNull(s);
			assertEquals(6, s.frames());
			assertEquals(3, s.timeAxis().scale, 0, "finterval from the description");
			double[] all = whole.primary().data(), buf = new double[40 * 40];
			for (int i = 0; i < 6; i++) assertArrayEquals(java.util.Arrays.copyOfRange(all, i * 1600, (i + 1) * 1600), s
				.frame(i, buf), "frame " + i + " big=" + big);
		}
	}

	@Test
	void aStreamedSeriesGivesTheRowsOfTheWholeFileRead() throws Exception {
		Path f = series(dir.resolve("insitu.tif"), 160, 14, false);
		Analysis a = Analyses.byCommand("saed");
		Map<String, String> p = Map.of("frame-interval", "3");
		AnalysisResult memory = a.analyze(inMemory(f), a.parameters(p).checkDeclared(), new AnalysisContext(Progress.NONE,
			2));
		Dataset streamed = FrameStreams.dataset(f, TiffStackStream.open(f));
		assertNotNull(FrameSource.in(streamed));
		assertEquals(1, streamed.primary().count(2), "only the first frame is held");
		AnalysisResult stream = a.analyze(streamed, a.parameters(p).checkDeclared(), new AnalysisContext(Progress.NONE,
			2));
		List<String> want = memory.rows().stream().map(TiffStackStreamTest::line).collect(Collectors.toList());
		assertEquals(want, stream.rows().stream().map(TiffStackStreamTest::line).collect(Collectors.toList()));
		// every frame has its fraction (whether the fraction follows this generator's truth is the SAED page's
		// business: here it is only that streaming changes nothing)
		for (int i = 0; i < 14; i++) assertNotNull(stream.find("crystalline_fraction", "frame:" + i), "frame " + i);
		assertEquals(memory.warnings(), stream.warnings());
	}

	public static String line(ResultRow r) {
		return String.join("|", r.sampleId, r.technique, r.analysis, r.source, r.region, r.quantity, Long.toHexString(
			Double.doubleToLongBits(r.value)), Long.toHexString(Double.doubleToLongBits(r.uncertainty)), r.unit, r.label,
			r.flags);
	}

	/**
	 * Fiji saves a stack past 4 GiB as one IFD with {@code images=N} in its description and the frames one after
	 * another: written here by hand, small (uint16, big-endian).
	 */
	@Test
	void fijisOneIfdLargeStackLayoutIsStreamed() throws Exception {
		int w = 5, h = 3, n = 4;
		byte[] desc = "ImageJ=1.54f\nimages=4\nslices=4\nunit=nm\nfinterval=0.25\n\0".getBytes(
			java.nio.charset.StandardCharsets.US_ASCII);
		int entries = 11, ifdAt = 8, descAt = ifdAt + 2 + entries * 12 + 4, dataAt = descAt + desc.length + 16;
		java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(dataAt + n * w * h * 2).order(java.nio.ByteOrder.BIG_ENDIAN);
		b.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifdAt);
		b.putShort((short) entries);
		int[][] e = { { 256, 3, 1, w << 16 }, { 257, 3, 1, h << 16 }, { 258, 3, 1, 16 << 16 }, { 259, 3, 1, 1 << 16 },
			{ 262, 3, 1, 1 << 16 }, { 270, 2, desc.length, descAt }, { 273, 4, 1, dataAt }, { 277, 3, 1, 1 << 16 },
			{ 278, 3, 1, h << 16 }, { 279, 4, 1, w * h * 2 }, { 282, 5, 1, descAt + desc.length } };
		for (int[] t : e) b.putShort((short) t[0]).putShort((short) t[1]).putInt(t[2]).putInt(t[3]);
		b.putInt(0);
		b.put(desc);
		b.putInt(10).putInt(1); // XResolution 10 px per nm: 0.1 nm per px
		b.position(dataAt);
		for (int i = 0; i < n * w * h; i++) b.putShort((short) (60000 - 7 * i));
		Path f = Files.write(dir.resolve("fiji-large.tif"), b.array());
		TiffStackStream s = TiffStackStream.open(f);
		assertNotNull(s);
		assertEquals(4, s.frames(), "frames from images=4, not from the one IFD");
		assertEquals(0.1, s.pixelSize, 1e-12);
		assertEquals("nm", s.unit);
		assertEquals(0.25, s.timeAxis().scale, 0);
		double[] last = s.frame(3, null);
		assertEquals(60000 - 7 * (3 * w * h), last[0], 0, "unsigned 16-bit, big-endian, frame 4 at its place");
		assertEquals(60000 - 7 * (4 * w * h - 1), last[w * h - 1], 0);
		// one frame more than the file holds is a clear error when opened
		b = java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(b.array(), dataAt + 3 * w * h * 2));
		Path cut = Files.write(dir.resolve("cut.tif"), b.array());
		java.io.IOException ex = assertThrows(java.io.IOException.class, () -> TiffStackStream.open(cut));
		assertTrue(ex.getMessage().contains("cut.tif") && ex.getMessage().contains("truncated"), ex.getMessage());
	}

	@Test
	void readersStreamWhenAskedAndATruncatedFileIsNamed() throws Exception {
		Path f = series(dir.resolve("t.tif"), 32, 4, false);
		System.setProperty("interphase.stream", "always");
		try {
			Dataset d = Readers.read(f);
			assertEquals("TIFF (streamed)", d.format);
			assertEquals(4, FrameSource.in(d).frames());
		}
		finally {
			System.clearProperty("interphase.stream");
		}
		assertNull(FrameSource.in(Readers.read(f)), "a series that fits is read whole, as before");
		TiffStackStream s = TiffStackStream.open(f);
		try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
			ch.truncate(Files.size(f) - 100);
		}
		UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> s.frame(3, null));
		assertTrue(e.getMessage().contains("t.tif") && e.getMessage().contains("frame 4 of 4"), e.getMessage());
	}
}
