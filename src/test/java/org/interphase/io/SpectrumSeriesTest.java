package org.interphase.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.msa.MsaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMSA/MSA files, one per probe position, read as one line scan (issue 16). */
class SpectrumSeriesTest {
	@TempDir
	Path dir;

	static Signal spectrum(double start, double step, int ch, double level) {
		double[] y = new double[ch];
		for (int k = 0; k < ch; k++) y[k] = level + k;
		return new Signal("s", "float32", new int[] { ch }, List.of(new Axis("energy loss", ch, step, start, "eV")), y);
	}

	/** Writes spectra spec_1..spec_n (row i has level 1000 i), optionally with an #XPOSITION keyword in nm. */
	List<Path> write(int n, double posStepNm) throws Exception {
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			Path p = dir.resolve("spec_" + (i + 1) + ".msa");
			MsaWriter.write(p, spectrum(400, 0.25, 50, 1000 * i));
			if (posStepNm > 0) {
				String t = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
				t = t.replace("#SPECTRUM", String.format(java.util.Locale.ROOT, "#XPOSITION-nm: %.4f%n#YPOSITION-nm: 2.0%n" +
					"#SPECTRUM", i * posStepNm));
				Files.write(p, t.getBytes(StandardCharsets.ISO_8859_1));
			}
			files.add(p);
		}
		return files;
	}

	@Test
	void filesInNaturalOrderBecomeALineScan() throws Exception {
		List<Path> files = write(12, 0);
		Collections.shuffle(files, new Random(3));
		Dataset d = Readers.readSeries(files, dir.toString());
		Signal s = d.primary();
		assertArrayEquals(new int[] { 12, 50 }, s.shape());
		// spec_10 (level 9000) is row 9, not row 1 as a plain string sort would put it
		for (int i = 0; i < 12; i++) assertEquals(1000.0 * i, s.data()[i * 50], 1e-9, "row " + i);
		assertFalse(s.axis(0).isCalibrated(), "no positions in the files: uncalibrated");
		assertEquals(400, s.lastAxis().offset, 1e-9);
		assertEquals(0.25, s.lastAxis().scale, 1e-12);
		assertTrue(d.metadata().get("series_positions").toString().contains("file order"));
	}

	@Test
	void positionsFromTheFiles() throws Exception {
		Dataset d = Readers.readSeries(write(6, 0.8), dir.toString());
		Axis a = d.primary().axis(0);
		assertEquals("nm", a.units);
		assertEquals(0.8, a.scale, 1e-9);
	}

	@Test
	void disagreeingEnergyAxesAreRefusedNamingTheFile() throws Exception {
		List<Path> files = write(4, 0);
		Path odd = dir.resolve("spec_3.msa");
		MsaWriter.write(odd, spectrum(401, 0.25, 50, 0));
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.readSeries(files, dir
			.toString()));
		assertTrue(e.getMessage().contains("spec_3.msa") && e.getMessage().contains("energy axis") && e.getMessage()
			.contains("spec_1.msa"), e.getMessage());
	}

	@Test
	void naturalOrder() {
		assertTrue(SpectrumSeries.natural("a_2.msa", "a_10.msa") < 0);
		assertTrue(SpectrumSeries.natural("a_010.msa", "a_9.msa") > 0);
		assertTrue(SpectrumSeries.natural("EELS (1).msa", "EELS (2).msa") < 0);
	}
}
