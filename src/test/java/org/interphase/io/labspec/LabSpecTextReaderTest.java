package org.interphase.io.labspec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.synth.raman.RamanSpectrumGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabSpecTextReaderTest {
	@TempDir
	Path dir;

	@Test
	void mapRoundTrip() throws IOException {
		RamanSpectrumGenerator.MapData m = new RamanSpectrumGenerator(5).channels(64).map(3, 4);
		Path f = dir.resolve("s_raman_map.txt");
		LabSpecTextWriter.writeMap(f, m.signal);
		assertTrue(Readers.find(f) instanceof LabSpecTextReader);
		Dataset d = Readers.read(f);
		Signal s = d.primary();
		assertArrayEquals(new int[] { 3, 4, 64 }, s.shape());
		assertEquals("µm", s.axis(0).units);
		assertEquals("cm-1", s.axis(2).units);
		double[] x0 = m.signal.axis(2).values(), x1 = s.axis(2).values();
		for (int i = 0; i < 64; i++) assertEquals(x0[i], x1[i], 1e-4);
		for (int i = 0; i < s.data().length; i++) assertEquals(m.signal.data()[i], s.data()[i], 0.051);
	}

	@Test
	void mapWithMissingPixelAndDescendingAxis() throws IOException {
		String t = "\t\t1500\t1400\t1300\t1200\n" + "0\t0\t1\t2\t3\t4\n" + "1\t0\t5\t6\t7\t8\n" + "0\t1\t9\t10\t11\t12\n";
		Path f = dir.resolve("m.txt");
		Files.writeString(f, t, StandardCharsets.ISO_8859_1);
		Dataset d = Readers.read(f);
		Signal s = d.primary();
		assertArrayEquals(new int[] { 2, 2, 4 }, s.shape());
		assertEquals(1200, s.axis(2).value(0), 0);
		// pixel (x=1, y=0) reversed
		assertEquals(8, s.data()[4], 0);
		assertEquals(5, s.data()[7], 0);
		// pixel (x=1, y=1) missing
		assertTrue(Double.isNaN(s.data()[12]));
		assertEquals(1, ((Number) d.metadata().get("missing_pixels")).intValue());
	}

	@Test
	void singleSpectrumWithHeader() throws IOException {
		Map<String, String> h = new LinkedHashMap<>();
		h.put("Acq. time (s)", "10");
		h.put("Accumulations", "2");
		h.put("Laser (nm)", "532.07");
		double[] x = { 1000, 1001, 1002, 1003 }, y = { 5, 6, 7, 8 };
		Path f = dir.resolve("a_raman_01.txt");
		LabSpecTextWriter.writeSpectrum(f, x, y, h);
		assertTrue(Readers.find(f) instanceof LabSpecTextReader);
		Dataset d = Readers.read(f);
		assertEquals(532.07, d.number(MetadataKeys.LASER_WAVELENGTH_NM), 1e-9);
		assertEquals(10, d.number(MetadataKeys.EXPOSURE_S), 1e-9);
		assertEquals("2", d.text("Accumulations"));
		assertArrayEquals(y, d.primary().data(), 0);
	}

	@Test
	void doesNotStealGenericText() throws IOException {
		Path csv = dir.resolve("plain.txt");
		Files.writeString(csv, "Raman shift,intensity\n1000,5\n1001,6\n1002,7\n");
		assertFalse(Readers.find(csv) instanceof LabSpecTextReader);
		Path tsv = dir.resolve("plain2.txt");
		Files.writeString(tsv, "1000\t5\n1001\t6\n1002\t7\n");
		assertFalse(Readers.find(tsv) instanceof LabSpecTextReader);
		Path matrix = dir.resolve("matrix.txt");
		Files.writeString(matrix, "x\ty1\ty2\ty3\n1\t2\t3\t4\n");
		assertFalse(Readers.find(matrix) instanceof LabSpecTextReader);
	}

	@Test
	void badFilesGiveClearErrors() throws IOException {
		Path f = dir.resolve("bad.txt");
		Files.writeString(f, "\t\t1500\t1400\t1300\n0\t0\t1\t2\n");
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(f));
		assertTrue(e.getMessage().contains("bad.txt") && e.getMessage().contains("expected 5"), e.getMessage());
		Path g = dir.resolve("bad2.txt");
		Files.writeString(g, "\t\t1500\t1400\t1300\n0\t0\t1\tabc\t3\n");
		e = assertThrows(InputFormatException.class, () -> Readers.read(g));
		assertTrue(e.getMessage().contains("not a number"), e.getMessage());
		// a sparse grid (coordinates far apart) is refused, not allocated
		Path h = dir.resolve("sparse.txt");
		StringBuilder sb = new StringBuilder("\t\t1\t2\t3\n");
		for (int i = 0; i < 40; i++) sb.append(i * 1.0).append('\t').append(i * 7.0 + 0.5 * i * i).append("\t1\t2\t3\n");
		Files.writeString(h, sb.toString());
		e = assertThrows(InputFormatException.class, () -> Readers.read(h));
		assertTrue(e.getMessage().contains("grid"), e.getMessage());
	}
}
