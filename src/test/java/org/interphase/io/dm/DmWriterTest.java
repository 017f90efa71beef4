package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.Readers;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Round trips through {@link DmWriter} and {@link DmReader}: values, axes and calibrations come back. */
public class DmWriterTest {
	@TempDir
	Path tmp;

	private static Signal seededSpectrumImage(int ny, int nx, int channels) {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.channels = channels;
		c.dispersion = 0.25;
		c.energyStart = 420;
		c.seed = 11;
		return EelsLineScanGenerator.spectrumImage(c, ny, nx).coreLoss;
	}

	private static void assertSameAxes(Signal expected, Signal got) {
		assertArrayEquals(expected.shape(), got.shape());
		for (int i = 0; i < expected.ndim(); i++) {
			Axis e = expected.axes().get(i), g = got.axes().get(i);
			// DM stores no axis names: the reader calls an eV axis "energy"
			assertEquals(e.units.equals("eV") ? "energy" : e.name, g.name, "axis " + i + " name");
			assertEquals(e.size, g.size, "axis " + i + " size");
			assertEquals(e.units, g.units, "axis " + i + " units");
			assertEquals(e.scale, g.scale, Math.abs(e.scale) * 1e-15, "axis " + i + " scale");
			assertEquals(e.offset, g.offset, Math.max(1e-12, Math.abs(e.offset) * 1e-15), "axis " + i + " offset");
		}
	}

	/** A seeded EELS spectrum image, stored energy-slowest (DM's way) or energy-fastest, in DM3 and DM4. */
	@ParameterizedTest
	@CsvSource({ "4, true", "4, false", "3, true", "3, false" })
	void spectrumImageRoundTrip(int version, boolean energySlowest) throws IOException {
		// 23 x 600 pixels: not a multiple of the reader's tile, so partial tiles are covered
		Signal si = seededSpectrumImage(23, 600, 97);
		Path f = tmp.resolve("si.dm" + version);
		DmWriter.write(f, si, version, energySlowest);
		Dataset d = Readers.read(f);
		assertEquals("DM" + version, d.format);
		assertEquals(1, d.signals().size());
		Signal r = d.primary();
		assertEquals("float32", r.dtype);
		assertEquals(si.name, r.name);
		assertSameAxes(si, r);
		double[] want = si.data(), got = r.data();
		for (int i = 0; i < want.length; i++)
			if ((float) want[i] != got[i]) assertEquals((float) want[i], got[i], 0, "value " + i);
	}

	/** The large-array path (decoded over several threads) gives the same values. */
	@Test
	void largeSpectrumImageEnergySlowest() throws IOException {
		Signal si = seededSpectrumImage(40, 33, 900); // 1.19 M values, above the parallel threshold
		Path f = tmp.resolve("big.dm4");
		DmWriter.write(f, si, 4, true);
		Signal r = Readers.read(f).primary();
		assertSameAxes(si, r);
		double[] want = si.data(), got = r.data();
		for (int i = 0; i < want.length; i++)
			if ((float) want[i] != got[i]) assertEquals((float) want[i], got[i], 0, "value " + i);
	}

	/** float64 data and a calibrated image come back exactly. */
	@Test
	void float64ImageRoundTrip() throws IOException {
		int w = 7, h = 5;
		double[] v = new double[w * h];
		for (int i = 0; i < v.length; i++) v[i] = Math.PI * i - 3e-7 * i * i;
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("y", h, 0.125, -2.5, "nm"));
		axes.add(new Axis("x", w, 0.125, 1.0, "nm"));
		Signal img = new Signal("HAADF", "float64", new int[] { h, w }, axes, v);
		for (int version : new int[] { 3, 4 }) {
			Path f = tmp.resolve("img.dm" + version);
			DmWriter.write(f, img, version, true);
			Signal r = Readers.read(f).primary();
			assertEquals("float64", r.dtype);
			assertSameAxes(img, r);
			assertArrayEquals(v, r.data(), 0);
		}
	}

	/** DM4's per-tag byte counts and the root length agree with the bytes written. */
	@Test
	void dm4SizesAreConsistent() throws IOException {
		Signal si = seededSpectrumImage(3, 4, 10);
		Path f = tmp.resolve("sizes.dm4");
		DmWriter.write(f, si, 4, true);
		byte[] b = Files.readAllBytes(f);
		java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
		assertEquals(4, bb.getInt(0));
		assertEquals(b.length - 24, bb.getLong(4), "root length = file - header - end mark");
		String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
		int at = s.indexOf("\u0015\u0000\u0004Data");
		assertTrue(at > 0);
		long tagSize = bb.getLong(at + 7); // after kind, name length, name
		assertEquals("%%%%", s.substring(at + 15, at + 19));
		// %%%%, ninfo, 3 info entries, payload
		assertEquals(4 + 8 + 3 * 8 + 4L * si.length(), tagSize);
		// every group's entries, skipped by their size fields, end exactly where the group does
		assertEquals(b.length - 8, skipGroup(bb, 16), "tag tree ends at the end mark");
	}

	/** Walks a DM4 group body at pos using only the per-tag sizes; returns the position after it. */
	private static int skipGroup(java.nio.ByteBuffer bb, int pos) {
		long n = bb.getLong(pos + 2);
		pos += 10;
		for (long i = 0; i < n; i++) {
			int kind = bb.get(pos);
			int nameLen = bb.getShort(pos + 1);
			pos += 3 + nameLen;
			long size = bb.getLong(pos);
			pos += 8;
			if (kind == 20) assertEquals(pos + size, skipGroup(bb, pos), "group size at byte " + pos);
			pos += (int) size;
		}
		return pos;
	}
}
