package org.interphase.io.msa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.synth.Noise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MsaRoundTripTest {
	@TempDir
	Path tmp;

	@Test
	void yFormRoundTrip() throws IOException {
		Noise noise = new Noise(7);
		int n = 1024;
		double[] y = new double[n];
		for (int i = 0; i < n; i++) y[i] = 1e5 * Math.exp(-i / 300.0) + 50 * noise.gaussian() + 0.123456789;
		Signal s = Signal.spectrum("EELS Ti L", new Axis("Energy loss", n, 0.25, 400.5, "eV"), y)
			.withMetadata("beam_energy_kV", 200.0).withMetadata("acquisition_date", "2024-05-17T09:30:00")
			.withMetadata("signal_type", "EELS");
		Path f = tmp.resolve("demo_eels.msa");
		MsaWriter.write(f, s);
		Dataset d = Readers.read(f);
		assertEquals("EMSA/MSA", d.format);
		Signal r = d.primary();
		assertEquals("EELS Ti L", r.name);
		assertArrayEquals(y, r.data(), 0.0);
		Axis ax = r.lastAxis();
		assertTrue(ax.isUniform());
		assertEquals(0.25, ax.scale, 0);
		assertEquals(400.5, ax.offset, 0);
		assertEquals("eV", ax.units);
		assertEquals("Energy loss", ax.name);
		assertEquals(200.0, ((Number) d.metadata().get("beam_energy_kV")).doubleValue(), 0);
		assertEquals("2024-05-17T09:30:00", d.metadata().get("acquisition_date"));
		assertEquals("EELS", d.metadata().get("signal_type"));
		assertEquals("Y", d.metadata().get("datatype"));
	}

	/** The XY form (missing from the reference set as real output): a non-uniform axis survives as X column. */
	@Test
	void xyFormRoundTrip() throws IOException {
		double[] x = { 100, 100.5, 101.5, 103, 105 };
		double[] y = { 1, 2, 3, 4, 5.5 };
		Signal s = Signal.spectrum("xy", new Axis("Energy", x, "eV"), y);
		Path f = tmp.resolve("xy.msa");
		MsaWriter.write(f, s);
		Signal r = Readers.read(f).primary();
		assertFalse(r.lastAxis().isUniform());
		assertArrayEquals(x, r.lastAxis().values(), 0);
		assertArrayEquals(y, r.data(), 0);
	}

	@Test
	void refusesTruncationAndBadNumbers() throws IOException {
		Signal s = Signal.spectrum("t", new Axis("Energy", 100, 1, 0, "eV"), new double[100]);
		Path f = tmp.resolve("t.msa");
		MsaWriter.write(f, s);
		byte[] b = Files.readAllBytes(f);
		Path cut = tmp.resolve("cut.msa");
		Files.write(cut, java.util.Arrays.copyOf(b, b.length - 60));
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(cut));
		assertTrue(e.getMessage().contains("cut.msa"), e.getMessage());
		String text = new String(b, StandardCharsets.ISO_8859_1).replaceFirst("#NPOINTS +: 100", "#NPOINTS     : 1E12");
		assertTrue(text.contains("1E12"));
		Path big = tmp.resolve("big.msa");
		Files.write(big, text.getBytes(StandardCharsets.ISO_8859_1));
		assertThrows(InputFormatException.class, () -> Readers.read(big));
		Path junk = tmp.resolve("junk.msa");
		Files.write(junk, new String(b, StandardCharsets.ISO_8859_1).replaceFirst("\r\n0\r\n", "\r\nzero\r\n").getBytes(
			StandardCharsets.ISO_8859_1));
		e = assertThrows(InputFormatException.class, () -> Readers.read(junk));
		assertTrue(e.getMessage().contains("not numeric"), e.getMessage());
	}

	@Test
	void isoDates() {
		assertEquals("1991-10-01T12:00:00", MsaReader.isoDate("01-OCT-1991", "12:00"));
		assertEquals("2012-09-04T23:14:00", MsaReader.isoDate("04-SEP-2012", "23:14"));
		assertEquals(null, MsaReader.isoDate("garbage", null));
	}
}
