package org.interphase.io.renishaw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A synthetic WiRE map (3 x 2 points, descending shift axis) built block by block. */
class WdfReaderTest {
	@TempDir
	Path tmp;

	static void block(ByteBuffer b, String name, int payload) {
		b.put(name.getBytes(StandardCharsets.US_ASCII)).putInt(0).putLong(16 + payload);
	}

	static byte[] map(int nx, int ny, float[] shiftDescending) {
		int np = shiftDescending.length, ns = nx * ny;
		int size = 512 + (16 + 4 * np * ns) + (16 + 8 + 4 * np) + (16 + 48);
		ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
		block(b, "WDF1", 496);
		b.putInt(60, np).putLong(64, ns).putLong(72, ns).putInt(80, 1).putInt(88, np).putInt(92, 0);
		b.put(96, (byte) 'W').put(97, (byte) 'i').put(98, (byte) 'R').put(99, (byte) 'E');
		b.putInt(128, 6).putInt(132, 3).putFloat(156, 1e7f / 532f);
		byte[] title = "synthetic map".getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < title.length; i++) b.put(240 + i, title[i]);
		b.position(512);
		block(b, "DATA", 4 * np * ns);
		for (int s = 0; s < ns; s++) for (int i = 0; i < np; i++) b.putFloat(100 * s + i); // value = 100*spectrum + file index
		block(b, "XLST", 8 + 4 * np);
		b.putInt(1).putInt(1);
		for (float x : shiftDescending) b.putFloat(x);
		block(b, "WMAP", 48);
		b.putInt(0).putInt(0).putFloat(-5f).putFloat(7f).putFloat(0f).putFloat(2f).putFloat(1.5f).putFloat(1f).putInt(nx)
			.putInt(ny).putInt(1).putInt(0);
		return b.array();
	}

	@Test
	void mapGeometryAndAscendingShift() throws IOException {
		float[] shift = { 1600, 1500, 1450, 1300 };
		Path f = tmp.resolve("map.wdf");
		Files.write(f, map(3, 2, shift));
		Dataset d = Readers.read(f);
		Signal s = d.primary();
		assertEquals("synthetic map", s.name);
		assertArrayEquals(new int[] { 2, 3, 4 }, s.shape());
		Axis y = s.axis(0), x = s.axis(1), r = s.axis(2);
		assertEquals("Y", y.name);
		assertEquals(7, y.offset, 0);
		assertEquals(1.5, y.scale, 0);
		assertEquals("X", x.name);
		assertEquals(-5, x.offset, 0);
		assertEquals(2, x.scale, 0);
		assertEquals("Raman Shift", r.name);
		assertEquals("cm-1", r.units);
		assertFalse(r.isUniform());
		assertArrayEquals(new double[] { 1300, 1450, 1500, 1600 }, r.values(), 0);
		// spectrum (y=1, x=2) is the 6th in the file; flipped with its axis
		double[] last = s.row(5);
		assertArrayEquals(new double[] { 503, 502, 501, 500 }, last, 0);
		assertEquals(532.0, ((Number) d.metadata().get("laser_wavelength_nm")).doubleValue(), 1e-3);
	}

	@Test
	void windowsFileTime() {
		// 2023-03-10T15:43:45Z in 100 ns ticks since 1601
		long ticks = (1678463025L + 11_644_473_600L) * 10_000_000L;
		assertEquals("2023-03-10T15:43:45", WdfReader.windowsFileTime(ticks));
		assertEquals(null, WdfReader.windowsFileTime(0));
	}
}
