package org.interphase.io.csvmatrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMatrixTest {
	@TempDir
	Path dir;

	@Test
	void lineScanRoundTripKeepsCalibrationAndCounts() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.positions = 5;
		c.channels = 50;
		c.stepNm = 0.5;
		Signal s = EelsLineScanGenerator.lineScan(c).coreLoss;
		Path f = dir.resolve("x_eels_linescan.csv");
		CsvMatrix.write(f, s);
		assertTrue(Readers.find(f) instanceof CsvMatrix);
		Dataset d = Readers.read(f);
		Signal r = d.primary();
		assertArrayEquals(new int[] { 5, 50 }, r.shape());
		assertEquals(0.5, r.axis(0).scale, 1e-12);
		assertEquals("nm", r.axis(0).units);
		assertEquals(430, r.lastAxis().offset, 1e-9);
		assertEquals(0.1, r.lastAxis().scale, 1e-9);
		assertEquals("eV", r.lastAxis().units);
		assertArrayEquals(s.data(), r.data(), 1e-9);
	}

	@Test
	void spectrumImageAndSingleSpectrum() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.channels = 40;
		Signal si = EelsLineScanGenerator.spectrumImage(c, 3, 4).coreLoss;
		Path f = dir.resolve("si.csv");
		CsvMatrix.write(f, si);
		Signal r = Readers.read(f).primary();
		assertArrayEquals(new int[] { 3, 4, 40 }, r.shape());
		assertEquals(c.stepNm, r.axis(1).scale, 1e-9);
		assertArrayEquals(si.data(), r.data(), 1e-9);
		Signal ref = EelsLineScanGenerator.reference(true, c, 1);
		Path g = dir.resolve("ref.csv");
		CsvMatrix.write(g, ref);
		Signal rr = Readers.read(g).primary();
		assertEquals(1, rr.ndim());
		assertArrayEquals(ref.data(), rr.data(), 1e-9);
	}

	@Test
	void genericCsvIsNotTaken() throws Exception {
		Path f = dir.resolve("plain.csv");
		Files.writeString(f, "energy,counts\n1,2\n2,3\n3,4\n");
		assertFalse(new CsvMatrix().canRead(f, Readers.head(f)));
		assertFalse(Readers.find(f) instanceof CsvMatrix);
	}

	@Test
	void badFilesGiveClearErrors() throws Exception {
		Path ragged = dir.resolve("ragged.csv");
		Files.writeString(ragged, CsvMatrix.MAGIC + " distance_unit=nm\nd,1,2,3\n0,1,2,3\n1,1,2\n");
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(ragged));
		assertTrue(e.getMessage().contains("ragged.csv") && e.getMessage().contains("line 4"), e.getMessage());
		Path text = dir.resolve("text.csv");
		Files.writeString(text, CsvMatrix.MAGIC + "\nd,1,2,3\n0,1,x,3\n");
		assertThrows(InputFormatException.class, () -> Readers.read(text));
		Path empty = dir.resolve("empty.csv");
		Files.writeString(empty, CsvMatrix.MAGIC + "\nd,1,2,3\n");
		assertThrows(InputFormatException.class, () -> Readers.read(empty));
		Path badShape = dir.resolve("shape.csv");
		Files.writeString(badShape, CsvMatrix.MAGIC + " ny=1000000 nx=1000000\nd,1,2,3\n0,1,2,3\n");
		assertThrows(InputFormatException.class, () -> Readers.read(badShape));
		Path desc = dir.resolve("desc.csv");
		Files.write(desc, (CsvMatrix.MAGIC + "\nd,3,2,1\n0,1,2,3\n").getBytes(StandardCharsets.UTF_8));
		assertThrows(InputFormatException.class, () -> Readers.read(desc));
	}

	@Test
	void uncalibratedScanKeepsPixelUnit() throws Exception {
		Path f = dir.resolve("px.csv");
		Files.writeString(f, CsvMatrix.MAGIC + "\nd,1,2,3\n0,1,2,3\n1,1,2,3\n");
		Signal r = Readers.read(f).primary();
		assertEquals("px", r.axis(0).units);
	}
}
