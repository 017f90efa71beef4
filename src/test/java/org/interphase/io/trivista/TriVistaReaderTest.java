package org.interphase.io.trivista;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Signal;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriVistaReaderTest {
	@TempDir
	Path tmp;

	/** Two frames and a Raman-shift calibration with a laser line (forms missing from the reference set). */
	@Test
	void framesAndRamanShift() throws IOException {
		String xml = "<!--TriVista-File. (c) S&amp;I GmbH -->\n<XmlMain Version=\"1.0.1\"><Documents Count=\"1\">" +
			"<Document Label=\"Intensity\" DataLabel=\"Counts\" RecordTime=\"06/14/2022 13:34:27.453\">" +
			"<xDim Length=\"3\"><Calibration Unit=\"RamanShift\" LaserWave=\"532.05\" ValueArray=\"3|100|200|300.5\"/>" +
			"</xDim><Data><Frame xDim=\"3\" yDim=\"1\">1;2;3</Frame><Frame xDim=\"3\" yDim=\"1\">4;5;6</Frame></Data>" +
			"</Document></Documents></XmlMain>";
		Path f = tmp.resolve("t.tvf");
		Files.write(f, xml.getBytes(StandardCharsets.UTF_8));
		Signal s = Readers.read(f).primary();
		assertArrayEquals(new int[] { 2, 3 }, s.shape());
		assertEquals("Raman Shift", s.lastAxis().name);
		assertEquals("cm-1", s.lastAxis().units);
		assertArrayEquals(new double[] { 100, 200, 300.5 }, s.lastAxis().values(), 0);
		assertArrayEquals(new double[] { 1, 2, 3, 4, 5, 6 }, s.data(), 0);
		assertEquals(532.05, ((Number) s.metadata().get("laser_wavelength_nm")).doubleValue(), 0);
		assertEquals("2022-06-14T13:34:27", s.metadata().get("acquisition_date"));
	}
}
