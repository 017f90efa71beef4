package org.interphase.io.phi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A two-region .spe built with the layout documented in {@link PhiSpeReader} (the reference file has one). */
class PhiSpeReaderTest {
	@TempDir
	Path tmp;

	static byte[] spe(float[][] spectra, String[] regDefs) throws IOException {
		return spe(spectra, regDefs, 1);
	}

	/** spectra[k] holds scans x points values, scan after scan. */
	static byte[] spe(float[][] spectra, String[] regDefs, int scans) throws IOException {
		StringBuilder h = new StringBuilder("SOFH\r\nTechnique: XPS\r\nXraySource: Al 1486.6 mono\r\n");
		h.append("NoSpectralReg: ").append(regDefs.length).append("\r\n");
		for (String r : regDefs) h.append("SpectralRegDef: ").append(r).append("\r\n");
		h.append("EOFH\r\n");
		int n = spectra.length, head = 16, desc = 96;
		int offset = head + n * desc;
		int total = 0;
		for (float[] sp : spectra) total += sp.length;
		ByteBuffer b = ByteBuffer.allocate(offset + 4 * total).order(
			ByteOrder.LITTLE_ENDIAN);
		b.putInt(0, 1).putInt(4, n).putInt(8, desc).putInt(12, head);
		for (int k = 0; k < n; k++) {
			int d = head + k * desc;
			b.putInt(d + 20, spectra[k].length / scans).putInt(d + 24, scans);
			b.put(d + 56, (byte) 'c').put(d + 57, (byte) '/').put(d + 58, (byte) 's');
			b.put(d + 72, (byte) 'f').put(d + 73, (byte) '4');
			b.putInt(d + 76, 4 * spectra[k].length).putInt(d + 80, offset);
			for (int i = 0; i < spectra[k].length; i++) b.putFloat(offset + 4 * i, spectra[k][i]);
			offset += 4 * spectra[k].length;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.write(b.array());
		return out.toByteArray();
	}

	@Test
	void twoRegions() throws IOException {
		float[][] s = { { 1, 2, 3 }, { 4, 5, 6, 7 } };
		Path f = tmp.resolve("two.spe");
		Files.write(f, spe(s, new String[] { "1 1 C1s 6 3 -0.1000 290.0000 289.8 0 0 0.1 23.5 AREA",
			"2 2 N1s 7 4 -0.2000 405.0000 404.4 0 0 0.1 23.5 AREA" }));
		Dataset d = Readers.read(f);
		assertEquals("PHI SPE", d.format);
		Signal c = d.signals().get(0), n = d.signals().get(1);
		assertEquals("C 1s", c.name);
		assertEquals("N 1s", n.name);
		assertArrayEquals(new double[] { 1, 2, 3 }, c.data(), 0);
		assertArrayEquals(new double[] { 4, 5, 6, 7 }, n.data(), 0);
		assertEquals(405.0, n.lastAxis().offset, 0);
		assertEquals(-0.2, n.lastAxis().scale, 0);
		assertEquals("counts/s", n.metadata().get("counts_unit"));
		assertEquals(1486.6, ((Number) n.metadata().get("excitation_energy_eV")).doubleValue(), 0);
		assertEquals(0.1, ((Number) n.metadata().get("dwell_time_s")).doubleValue(), 0);
		assertEquals(23.5, ((Number) n.metadata().get("pass_energy_eV")).doubleValue(), 0);
	}

	@Test
	void descriptorDisagreeingWithTheHeaderIsRefused() throws IOException {
		float[][] s = { { 1, 2, 3 }, { 4, 5, 6, 7 } };
		Path f = tmp.resolve("bad.spe");
		Files.write(f, spe(s, new String[] { "1 1 C1s 6 5 -0.1 290 0 0 0 0.1 23.5 AREA",
			"2 2 N1s 7 4 -0.2 405 0 0 0 0.1 23.5 AREA" }));
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(f));
		assertTrue(e.getMessage().contains("inconsistent"), e.getMessage());
	}

	@Test
	void scansAreAveraged() throws IOException {
		Path f = tmp.resolve("scans.spe");
		Files.write(f, spe(new float[][] { { 1, 2, 3, 3, 4, 5 } }, new String[] {
			"1 1 O1s 8 3 -0.1 531 530.8 0 0 0.05 23.5 AREA" }, 2));
		Signal s = Readers.read(f).primary();
		assertEquals("O 1s", s.name);
		assertArrayEquals(new double[] { 2, 3, 4 }, s.data(), 0);
		assertEquals(2L, ((Number) s.metadata().get("scans_in_file")).longValue());
	}

	@Test
	void names() {
		assertArrayEquals(new String[] { "Survey", "", "Survey" }, PhiSpeReader.names("Su1s"));
		assertArrayEquals(new String[] { "Sn", "3d5", "Sn 3d5" }, PhiSpeReader.names("Sn3d5"));
	}
}
