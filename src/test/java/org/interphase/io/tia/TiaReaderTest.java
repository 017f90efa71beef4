package org.interphase.io.tia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TiaReaderTest {
	@TempDir
	Path tmp;

	/** A version 0x0210 .ser of 1D elements (spectra) on a ny x nx grid, int32 data. */
	static byte[] serSpectra(int ny, int nx, int channels, double eOffset, double eDelta, double step) {
		int n = ny * nx;
		int dimBytes = 2 * (28 + 8 + 4 + 6);
		int header = 30 + dimBytes;
		int elem = 26 + 4 * channels;
		ByteBuffer b = ByteBuffer.allocate(header + 8 * n + n * (elem + 6)).order(ByteOrder.LITTLE_ENDIAN);
		b.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0210);
		b.putInt(0x4120).putInt(0x4152).putInt(n).putInt(n);
		b.putInt(header).putInt(2);
		for (int size : new int[] { nx, ny }) { // TIA lists the fastest dimension first
			b.putInt(size).putDouble(0).putDouble(step).putInt(0);
			b.putInt(8).put("Position".getBytes());
			b.putInt(6).put("meters".getBytes());
		}
		int data0 = header + 8 * n;
		for (int i = 0; i < n; i++) b.putInt(header + 4 * i, data0 + i * elem);
		for (int i = 0; i < n; i++) b.putInt(header + 4 * n + 4 * i, data0 + n * elem + 6 * i);
		b.position(data0);
		for (int i = 0; i < n; i++) {
			b.putDouble(eOffset).putDouble(eDelta).putInt(0).putShort((short) 6).putInt(channels);
			for (int c = 0; c < channels; c++) b.putInt(1000 * i + c);
		}
		for (int i = 0; i < n; i++) b.putShort((short) 0x4152).putInt(1456075836); // 2016-02-21T17:30:36 UTC
		return b.array();
	}

	@Test
	void spectrumMapReadsAsYXEnergy() throws IOException {
		Path p = tmp.resolve("map_1.ser");
		Files.write(p, serSpectra(2, 3, 8, -20, 0.2, 1e-9));
		Dataset d = Readers.read(p);
		Signal s = d.primary();
		assertArrayEquals(new int[] { 2, 3, 8 }, s.shape());
		assertEquals("int32", s.dtype);
		assertEquals("eV", s.lastAxis().units);
		assertEquals(-20, s.lastAxis().offset, 0);
		assertEquals(1.0, s.axis(0).scale, 1e-12, "1e-9 m steps shown in nm");
		assertEquals("nm", s.axis(0).units);
		for (int i = 0; i < 6; i++)
			for (int c = 0; c < 8; c++) assertEquals(1000 * i + c, s.data()[i * 8 + c], 0);
		assertTrue(d.metadata().get("notes").toString().contains("no .emi"));
		assertEquals("2016-02-21T17:30:36", d.metadata().get("acquisition_date"));
	}

	/** A version 0x0220 (64-bit offsets) series of 2D float32 images, rows stored bottom-up as TIA does. */
	static byte[] serImages(int frames, int w, int h) {
		int dimBytes = 28 + 6 + 4 + 0;
		int header = 34 + dimBytes;
		int elem = 50 + 4 * w * h;
		ByteBuffer b = ByteBuffer.allocate(header + 16 * frames + frames * elem).order(ByteOrder.LITTLE_ENDIAN);
		b.putShort((short) 0x4949).putShort((short) 0x0197).putShort((short) 0x0220);
		b.putInt(0x4122).putInt(0x4152).putInt(frames).putInt(frames);
		b.putLong(header).putInt(1);
		b.putInt(frames).putDouble(0).putDouble(1).putInt(0).putInt(6).put("Number".getBytes()).putInt(0);
		int data0 = header + 16 * frames;
		for (int i = 0; i < frames; i++) b.putLong(header + 8 * i, data0 + (long) i * elem);
		b.position(data0);
		for (int f = 0; f < frames; f++) {
			b.putDouble(-5e-9).putDouble(2e-10).putInt(0).putDouble(-4e-9).putDouble(2e-10).putInt(0);
			b.putShort((short) 7).putInt(w).putInt(h);
			for (int row = h - 1; row >= 0; row--) // bottom row first
				for (int x = 0; x < w; x++) b.putFloat(1000 * f + 10 * row + x);
		}
		return b.array();
	}

	@Test
	void imageSeriesTopDownAsStack() throws IOException {
		Path p = tmp.resolve("series_1.ser");
		Files.write(p, serImages(3, 4, 2));
		Signal s = Readers.read(p).primary();
		assertArrayEquals(new int[] { 3, 2, 4 }, s.shape());
		assertEquals("frame", s.axis(0).name);
		assertEquals("float32", s.dtype);
		for (int f = 0; f < 3; f++)
			for (int row = 0; row < 2; row++)
				for (int x = 0; x < 4; x++) assertEquals(1000 * f + 10 * row + x, s.data()[(f * 2 + row) * 4 + x], 0);
		assertEquals(0.2, s.lastAxis().scale, 1e-12, "2e-10 m as nm");
		assertEquals("nm", s.lastAxis().units);
		assertEquals(-5e-9, s.lastAxis().offset, 0, "offset as stored (HyperSpy's quirk)");
	}

	private void assertRejected(Path p, String word) {
		InputFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
			InputFormatException.class, () -> Readers.read(p)));
		assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
		if (word != null) assertTrue(e.getMessage().contains(word), e.getMessage());
	}

	@Test
	void headerClaiming2pow31ElementsIsRefused() throws IOException {
		byte[] b = serSpectra(1, 2, 4, 0, 1, 1);
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(10, Integer.MIN_VALUE).putInt(14, Integer.MIN_VALUE);
		Path p = tmp.resolve("huge_1.ser");
		Files.write(p, b);
		assertRejected(p, "claims");
		byte[] c = serSpectra(1, 2, 4, 0, 1, 1);
		// element array length of the first element set to 2^30
		int data0 = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).getInt(ByteBuffer.wrap(c).order(
			ByteOrder.LITTLE_ENDIAN).getInt(22));
		ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(data0 + 22, 1 << 30);
		Path q = tmp.resolve("long_1.ser");
		Files.write(q, c);
		assertRejected(q, "do not fit");
	}

	@Test
	void emiWithoutSerIsRefused() throws IOException {
		Path p = tmp.resolve("lonely.emi");
		Files.write(p, "<ObjectInfo></ObjectInfo>".getBytes());
		assertRejected(p, "lonely_1.ser");
	}

	@Test
	void flippedHeaderBytesNeverCrashOrHang() throws IOException {
		Path src = ReferenceData.file("eels/16x16-line_profile_horizontal_10x1024_1.ser");
		byte[] all = Files.readAllBytes(src);
		java.util.Random rnd = new java.util.Random(9);
		for (int k = 0; k < 30; k++) {
			byte[] b = all.clone();
			for (int j = 0; j < 3; j++) {
				int i = 4 + rnd.nextInt(200);
				b[i] = (byte) rnd.nextInt(256);
			}
			Path p = tmp.resolve("flip" + k + "_1.ser");
			Files.write(p, b);
			assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
				try {
					Readers.read(p);
				}
				catch (InputFormatException e) {
					assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
				}
			});
		}
	}

	@Test
	void truncatedRealSerFilesAreRefused() throws IOException {
		Path root = ReferenceData.require(null);
		for (String f : new String[] { "eels/16x16-line_profile_horizontal_10x1024_1.ser",
			"hrtem/64x64_TEM_images_acquire_1.ser", "diffraction/64x64_diffraction_acquire_1.ser" }) {
			Path src = root.resolve(f);
			if (!Files.isRegularFile(src)) continue;
			byte[] all = Files.readAllBytes(src);
			for (double frac : new double[] { 0.01, 0.5, 0.95 }) {
				Path p = tmp.resolve("cut" + (int) (frac * 100) + "_" + src.getFileName());
				Files.write(p, Arrays.copyOf(all, (int) (all.length * frac)));
				assertRejected(p, null);
			}
		}
	}
}
