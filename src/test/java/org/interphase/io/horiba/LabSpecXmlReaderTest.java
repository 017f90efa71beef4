package org.interphase.io.horiba;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A synthetic LabSpec map (2 y x 3 x positions) in the layout of the reference line scan. */
class LabSpecXmlReaderTest {
	@TempDir
	Path tmp;

	static String axis(String id, String values, String type, String unit) {
		return "<LSX Format=\"9\" ID=\"" + id + "\" Size=\"3\"><LSX Format=\"6\" ID=\"0x7D6CD4DB\" Size=\"3\">" + values +
			"</LSX><LSX Format=\"7\" ID=\"0x6D707974\">" + type + "</LSX><LSX Format=\"7\" ID=\"0x7C696E75\">" + unit +
			"</LSX></LSX>";
	}

	@Test
	void mapRowsXSlowest() throws IOException {
		StringBuilder rows = new StringBuilder();
		// row r = ix * ny + iy holds values 10*ix + iy + (spectral index)/10, spectral axis stored descending
		for (int ix = 0; ix < 3; ix++) for (int iy = 0; iy < 2; iy++) {
			rows.append("<LSX_Row Format=\"6\" Index=\"").append(ix * 2 + iy).append("\" Size=\"2\">");
			double base = 10 * ix + iy;
			rows.append(base + 0.1).append(' ').append(base).append("</LSX_Row>");
		}
		String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LSX_Data><LSX_Tree Format=\"9\" ID=\"0x69746164\">" +
			"<LSX Format=\"7\" ID=\"0x6D707974\">SpIm</LSX><LSX Format=\"8\" ID=\"0x6C7469D9\">m</LSX>" +
			"<LSX Format=\"9\" ID=\"0x7A74D9D6\"><LSX Format=\"9\" ID=\"0x7B697861\">" + axis("0x1", "1600 1500", "Spectr",
				"1/cm") + axis("0x2", "0 0.5", "Y", "µm") + axis("0x3", "1 2 3", "X", "µm") + "</LSX></LSX>" +
			"<LSX Format=\"9\" ID=\"0x1\"><LSX Format=\"7\" ID=\"0x6D6D616E\">Laser (nm)</LSX>" +
			"<LSX Format=\"5\" ID=\"0x8736F70\">532.1</LSX></LSX>" + "</LSX_Tree><LSX_Matrix Format=\"6\">" + rows +
			"</LSX_Matrix></LSX_Data>";
		Path f = tmp.resolve("map.xml");
		Files.write(f, xml.getBytes(StandardCharsets.UTF_8));
		Dataset d = Readers.read(f);
		Signal s = d.primary();
		assertArrayEquals(new int[] { 2, 3, 2 }, s.shape());
		assertEquals("Y", s.axis(0).name);
		assertEquals("X", s.axis(1).name);
		assertArrayEquals(new double[] { 1500, 1600 }, s.lastAxis().values(), 0);
		// (iy=1, ix=2): ascending shift → values {21, 21.1}
		assertArrayEquals(new double[] { 21, 21.1 }, s.row(1 * 3 + 2), 1e-12);
		assertEquals(532.1, ((Number) s.metadata().get("laser_wavelength_nm")).doubleValue(), 0);
		Path g = tmp.resolve("doctype.xml");
		Files.write(g, ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" +
			"<LSX_Data>&e;</LSX_Data>").getBytes(StandardCharsets.UTF_8));
		assertThrows(InputFormatException.class, () -> Readers.read(g), "external entities must not be resolved");
	}

	@Test
	void labSpecDates() {
		assertEquals("2022-08-19T09:20:00", LabSpecXmlReader.isoDate("19.08.2022 09:20"));
		assertEquals("2022-08-19T09:20:51", LabSpecXmlReader.isoDate("19.08.2022 09:20:51"));
	}
}
