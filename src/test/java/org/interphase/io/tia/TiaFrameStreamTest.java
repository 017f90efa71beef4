package org.interphase.io.tia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.io.tiff.TiffStackStreamTest;
import org.interphase.testing.ReferenceData;

/**
 * Issue 23: a TIA .ser image series (in-situ movies of FEI/Thermo microscopes) streamed frame by frame gives the
 * whole-file reader's frames and the SAED series analysis' rows to the bit, and reads series past 2 GiB that the
 * whole-file reader refuses.
 */
class TiaFrameStreamTest {
	@TempDir
	Path dir;

	/**
	 * A TIA 2.2 series of float32 images written by hand from the format (header, one dimension "Number" or a time
	 * axis, the offset arrays, then each element: calibration, type 7, size, rows bottom first); the first element
	 * starts at {@code firstData} (a sparse gap before it makes a file past 2 GiB cost no disk).
	 */
	static Path writeSer(Path p, float[][] frames, int w, int h, double dxMetres, long firstData, double interval)
		throws IOException
	{
		int n = frames.length;
		String desc = interval > 0 ? "Time" : "Number", unit = interval > 0 ? "s" : "";
		int header = 34 + 28 + desc.length() + 4 + unit.length();
		ByteBuffer head = ByteBuffer.allocate(header + 16 * n).order(ByteOrder.LITTLE_ENDIAN);
		head.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0220);
		head.putInt(0x4122).putInt(0x4152).putInt(n).putInt(n).putLong(header).putInt(1);
		head.putInt(n).putDouble(0).putDouble(interval > 0 ? interval : 1).putInt(0).putInt(desc.length()).put(desc
			.getBytes(StandardCharsets.US_ASCII)).putInt(unit.length()).put(unit.getBytes(StandardCharsets.US_ASCII));
		long elem = 50 + 4L * w * h;
		long data0 = Math.max(firstData, header + 16L * n);
		for (int i = 0; i < n; i++) head.putLong(header + 8 * i, data0 + i * elem);
		head.position(0);
		try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING))
		{
			ch.write(head, 0);
			for (int f = 0; f < n; f++) {
				ByteBuffer e = ByteBuffer.allocate((int) elem).order(ByteOrder.LITTLE_ENDIAN);
				e.putDouble(-w / 2.0 * dxMetres).putDouble(dxMetres).putInt(0).putDouble(-h / 2.0 * dxMetres).putDouble(
					dxMetres).putInt(0).putShort((short) 7).putInt(w).putInt(h);
				for (int row = h - 1; row >= 0; row--) for (int x = 0; x < w; x++) e.putFloat(frames[f][row * w + x]);
				e.flip();
				long at = data0 + f * elem;
				while (e.hasRemaining()) at += ch.write(e, at);
			}
		}
		return p;
	}

	/** Frames of an amorphizing ring pattern, from the physics as in the TIFF stream test (rings, halo, beam tail). */
	static float[][] pattern(int size, int frames) {
		float[][] out = new float[frames][size * size];
		double cx = size / 2.0 + 0.4, cy = size / 2.0 - 0.3;
		double[] radii = { size * 0.14, size * 0.2, size * 0.245, size * 0.33 }, amp = { 80, 50, 45, 25 };
		for (int f = 0; f < frames; f++) {
			double c = 0.1 + 0.7 / (1 + Math.exp((f - frames / 2.0) / (frames / 12.0)));
			SplittableRandom rnd = new SplittableRandom(2000 + f);
			for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
				double r = Math.hypot(x - cx, y - cy), v = 2000 / Math.pow(1 + r * r / 9, 1.1) + 3;
				v += (1 + 3 * (0.8 - c)) * 30 * Math.exp(-0.5 * Math.pow((r - size * 0.17) / (size * 0.05), 2));
				for (int k = 0; k < radii.length; k++) v += c / 0.8 * amp[k] * Math.exp(-0.5 * Math.pow((r - radii[k]) /
					1.3, 2));
				out[f][y * size + x] = (float) Math.max(0, v + Math.sqrt(v) * (rnd.nextDouble() - 0.5) * 3.4);
			}
		}
		return out;
	}

	private static Dataset whole(Path file) throws IOException {
		System.setProperty("interphase.stream", "never");
		try {
			return Readers.read(file);
		}
		finally {
			System.clearProperty("interphase.stream");
		}
	}

	@Test
	void framesAreTheWholeFileReadersFramesTopRowFirst() throws Exception {
		int w = 7, h = 5, n = 6;
		float[][] frames = new float[n][w * h];
		for (int f = 0; f < n; f++) for (int i = 0; i < w * h; i++) frames[f][i] = 1000 * f + i + 0.25f;
		Path p = writeSer(dir.resolve("movie_1.ser"), frames, w, h, 2e-10, 0, 0.5);
		Dataset all = whole(p);
		TiaFrameStream s = TiaFrameStream.open(p);
		assertNotNull(s);
		assertEquals(n, s.frames());
		assertEquals(w, s.width());
		assertEquals(h, s.height());
		assertEquals(0.2, s.pixelSize, 1e-12, "2e-10 m as nm, as the whole-file reader calibrates x");
		assertEquals(all.primary().lastAxis().scale, s.pixelSize, 1e-15);
		assertEquals(0.5, s.timeAxis().scale, 0, "the series' time dimension");
		double[] buf = new double[w * h], data = all.primary().data();
		for (int f = 0; f < n; f++) {
			assertArrayEquals(Arrays.copyOfRange(data, f * w * h, (f + 1) * w * h), s.frame(f, buf), "frame " + f);
			assertEquals(1000 * f + 0.25, buf[0], 0, "top-left pixel first (TIA stores the bottom row first)");
		}
	}

	@Test
	void aStreamedSeriesGivesTheRowsOfTheWholeFileRead() throws Exception {
		Path p = writeSer(dir.resolve("insitu_1.ser"), pattern(128, 12), 128, 128, 0, 0, 0);
		Analysis a = Analyses.byCommand("saed");
		Map<String, String> par = Map.of("frame-interval", "2");
		AnalysisResult memory = a.analyze(whole(p), a.parameters(par).checkDeclared(), new AnalysisContext(Progress.NONE,
			2));
		System.setProperty("interphase.stream", "always");
		Dataset streamed;
		try {
			streamed = Readers.read(p);
		}
		finally {
			System.clearProperty("interphase.stream");
		}
		assertEquals("TIA (streamed)", streamed.format);
		assertNotNull(FrameSource.in(streamed));
		assertEquals(1, streamed.primary().count(2), "only the first frame is held");
		AnalysisResult stream = a.analyze(streamed, a.parameters(par).checkDeclared(), new AnalysisContext(Progress.NONE,
			2));
		List<String> want = memory.rows().stream().map(TiffStackStreamTest::line).collect(Collectors.toList());
		assertEquals(want, stream.rows().stream().map(TiffStackStreamTest::line).collect(Collectors.toList()));
		for (int i = 0; i < 12; i++) assertNotNull(stream.find("crystalline_fraction", "frame:" + i), "frame " + i);
	}

	@Test
	void aSeriesPastTwoGibibytesIsStreamedWhereTheWholeReaderRefusesIt() throws Exception {
		int w = 16, h = 16;
		float[][] frames = new float[3][w * h];
		for (int f = 0; f < 3; f++) for (int i = 0; i < w * h; i++) frames[f][i] = f * 7 + i;
		long gap = (1L << 31) + 4096; // sparse: the file is 2 GiB long, its blocks a few KiB
		Path p = writeSer(dir.resolve("long_1.ser"), frames, w, h, 1e-9, gap, 0);
		assertTrue(Files.size(p) > Integer.MAX_VALUE);
		InputFormatException e = assertThrows(InputFormatException.class, () -> whole(p));
		assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
		Dataset d = Readers.read(p); // too large to read whole: streamed without being asked
		FrameSource s = FrameSource.in(d);
		assertNotNull(s, "streamed");
		assertEquals(3, s.frames());
		for (int f = 0; f < 3; f++) {
			double[] fr = s.frame(f, null);
			// row 0 of the file is the image's bottom row: frames[f] was written bottom first from row h-1
			assertEquals(frames[f][0], fr[0], 0, "frame " + f);
			assertEquals(frames[f][w * h - 1], fr[w * h - 1], 0, "frame " + f);
		}
	}

	@Test
	void singleImagesSpectraAndDamagedSeriesAreLeftToTheWholeReaderOrNamed() throws Exception {
		Path real = ReferenceData.fileOrNull("hrtem/64x64_TEM_images_acquire_1.ser");
		if (real != null) assertNull(TiaFrameStream.open(real), "one image: nothing to stream");
		Path spectra = Files.write(dir.resolve("map_1.ser"), TiaReaderTest.serSpectra(2, 3, 16, 400, 1, 1));
		assertNull(TiaFrameStream.open(spectra), "spectra are not a frame series");
		float[][] frames = new float[4][8 * 8];
		Path p = writeSer(dir.resolve("cut_1.ser"), frames, 8, 8, 1e-9, 0, 0);
		TiaFrameStream s = TiaFrameStream.open(p);
		try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
			ch.truncate(Files.size(p) - 10);
		}
		UncheckedIOException u = assertThrows(UncheckedIOException.class, () -> s.frame(3, null));
		assertTrue(u.getMessage().contains("cut_1.ser") && u.getMessage().contains("frame 4 of 4"), u.getMessage());
		// a header whose frames run past the end is refused when opened, naming the file
		InputFormatException x = assertThrows(InputFormatException.class, () -> TiaFrameStream.open(p));
		assertTrue(x.getMessage().contains("cut_1.ser"), x.getMessage());
	}
}
