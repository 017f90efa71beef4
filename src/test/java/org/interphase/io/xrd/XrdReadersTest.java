package org.interphase.io.xrd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;

/** The XRD text and XRDML readers: content, dispatch beside the spectrum readers, hostile input. */
class XrdReadersTest {
	@TempDir
	Path tmp;

	Path write(String name, String text) throws IOException {
		Path f = tmp.resolve(name);
		Files.writeString(f, text, StandardCharsets.UTF_8);
		return f;
	}

	static String columns(int n, boolean esd, String sep) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < n; i++) {
			s.append(String.format(java.util.Locale.ROOT, "%.2f%s%d", 10 + 0.02 * i, sep, 100 + i));
			if (esd) s.append(sep).append("10.0");
			s.append('\n');
		}
		return s.toString();
	}

	@Test
	void xyWithHeaderAndWavelength() throws IOException {
		Path f = write("a.xy", "# Anode: Cu\n# Wavelength K-alpha1 (A): 1.540598\n# 2theta(deg) counts\n" + columns(50,
			false, " "));
		Dataset d = Readers.read(f);
		assertEquals("XRD text", d.format);
		assertEquals(50, d.primary().length());
		assertEquals("deg", d.primary().lastAxis().units);
		assertEquals(10.0, d.primary().lastAxis().value(0), 1e-12);
		assertEquals(0.02, d.primary().lastAxis().scale, 1e-9);
		assertEquals(1.540598, d.number(MetadataKeys.XRAY_WAVELENGTH_A), 1e-12);
		assertEquals("Cu", d.text(MetadataKeys.XRAY_ANODE));
		assertEquals(149, d.primary().data()[49], 0);
	}

	@Test
	void xyeCsvTxtDat() throws IOException {
		Dataset e = Readers.read(write("b.xye", columns(30, true, "\t")));
		assertEquals(2, e.signals().size());
		assertEquals("esd", e.signals().get(1).name);
		assertEquals(10.0, e.signals().get(1).data()[0], 0);
		Dataset c = Readers.read(write("c.csv", "2Theta,Intensity\n" + columns(30, false, ",")));
		assertEquals("XRD text", c.format);
		Dataset t = Readers.read(write("d.txt", "Angle (\u00b02\u03b8)\tCounts\n" + columns(30, false, "\t")));
		assertEquals("XRD text", t.format);
		Dataset dat = Readers.read(write("e.dat", "# two-theta intensity\n" + columns(30, false, "  ")));
		assertEquals("XRD text", dat.format);
		// a decreasing scan is reversed
		StringBuilder rev = new StringBuilder();
		for (int i = 29; i >= 0; i--) rev.append(10 + i).append(' ').append(i).append('\n');
		Dataset r = Readers.read(write("f.xy", rev.toString()));
		assertEquals(10, r.primary().lastAxis().value(0), 0);
		assertEquals(0, r.primary().data()[0], 0);
	}

	@Test
	void spectraWithoutATwoThetaHeaderStayWithTheirReaders() throws IOException {
		// a Raman / XPS text spectrum is not taken
		Dataset raman = Readers.read(write("raman.txt", "Raman Shift (cm-1)\tIntensity\n" + columns(30, false, "\t")));
		assertEquals("text", raman.format);
		Dataset plain = Readers.read(write("plain.csv", columns(30, false, ",")));
		assertEquals("text", plain.format);
		// SPECS .xy keeps its reader
		Path specs = write("s.xy", "# Created by:        SpecsLab Prodigy, Version 4.43\n# Region: Fe2p\n" + columns(20,
			false, "  "));
		assertTrue(!Readers.find(specs).format().equals("XRD text"));
	}

	@Test
	void malformedTextIsRefusedWithFileAndLine() throws IOException {
		assertRefused(write("nan.xy", columns(20, false, " ") + "30.00 NaN\n"), "line 21");
		assertRefused(write("huge.xy", columns(20, false, " ") + "30.00 1e300\n"), "line 21");
		assertRefused(write("order.xy", columns(20, false, " ") + "10.10 5\n"), "line 21");
		assertRefused(write("few.xy", "10 1\n11 2\n"), "at least 10");
		assertRefused(write("words.xy", columns(20, false, " ") + "end of data here\n"), "line 21");
		assertRefused(write("q.xy", columns(20, false, " ") + "200.0 1\n"), "2-theta");
		assertRefused(write("trunc.xye", columns(20, true, " ") + "30.00 5\n"), "line 21");
		assertRefused(write("negesd.xye", columns(20, true, " ").replace("10.0\n", "-1\n")), "negative");
	}

	static String xrdml(String positions, String counts) {
		return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xrdMeasurements xmlns=\"http://www.xrdml.com/" +
			"XRDMeasurement/2.1\">\n<sample><id>S1</id></sample>\n<xrdMeasurement>\n<usedWavelength intended=\"K-Alpha 1\">" +
			"<kAlpha1 unit=\"Angstrom\">1.5405980</kAlpha1><kAlpha2 unit=\"Angstrom\">1.5444260</kAlpha2>" +
			"<ratioKAlpha2KAlpha1>0.5000</ratioKAlpha2KAlpha1></usedWavelength>\n<incidentBeamPath><xRayTube>" +
			"<anodeMaterial>Cu</anodeMaterial></xRayTube></incidentBeamPath>\n<scan>\n<dataPoints>\n" +
			"<positions axis=\"2Theta\" unit=\"deg\">" + positions + "</positions>\n<positions axis=\"Omega\" unit=\"deg\">" +
			"<startPosition>5</startPosition><endPosition>40</endPosition></positions>\n" +
			"<commonCountingTime unit=\"seconds\">1.0</commonCountingTime>\n<intensities unit=\"counts\">" + counts +
			"</intensities>\n</dataPoints>\n</scan>\n</xrdMeasurement>\n</xrdMeasurements>\n";
	}

	static String counts(int n) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(100 + i);
		return s.toString();
	}

	@Test
	void xrdmlStartEndAndListPositions() throws IOException {
		Dataset d = Readers.read(write("a.xrdml", xrdml("<startPosition>10.00</startPosition><endPosition>80.00" +
			"</endPosition>", counts(3501))));
		assertEquals("XRDML", d.format);
		assertEquals(3501, d.primary().length());
		assertEquals(10, d.primary().lastAxis().value(0), 1e-12);
		assertEquals(80, d.primary().lastAxis().value(3500), 1e-9);
		assertEquals(1.540598, d.number(MetadataKeys.XRAY_WAVELENGTH_A), 1e-12);
		assertEquals(1.544426, d.number(MetadataKeys.XRAY_WAVELENGTH2_A), 1e-12);
		assertEquals(0.5, d.number(MetadataKeys.XRAY_KALPHA2_RATIO), 1e-12);
		assertEquals("Cu", d.text(MetadataKeys.XRAY_ANODE));
		StringBuilder list = new StringBuilder("<listPositions>");
		for (int i = 0; i < 12; i++) list.append(i == 0 ? "" : " ").append(20 + 0.5 * i);
		list.append("</listPositions>");
		Dataset l = Readers.read(write("b.xrdml", xrdml(list.toString(), counts(12))));
		assertEquals(25.5, l.primary().lastAxis().value(11), 1e-12);
		// the XRDML writer's file reads back
		Path w = tmp.resolve("w.xrdml");
		double[] c = new double[100];
		java.util.Arrays.fill(c, 7);
		XrdWriter.xrdml(w, 10, 20, c, 1.540598, 1.544426, 0.5, "Cu", "S & 1");
		Dataset wd = Readers.read(w);
		assertEquals(100, wd.primary().length());
		assertEquals("S & 1", wd.text("sample_id"));
		Path xy = tmp.resolve("w.xy");
		XrdWriter.xy(xy, wd.primary().lastAxis().values(), c, null, Map.of("Anode", "Co"));
		assertEquals("Co", Readers.read(xy).text(MetadataKeys.XRAY_ANODE));
	}

	@Test
	void hostileXrdml() throws IOException {
		String good = xrdml("<startPosition>10</startPosition><endPosition>80</endPosition>", counts(100));
		assertRefused(write("trunc.xrdml", good.substring(0, good.length() / 2)), "line");
		assertRefused(write("nan.xrdml", good.replace(" 150 ", " NaN ")), "not a finite number");
		assertRefused(write("huge.xrdml", good.replace(" 150 ", " 1e300 ")), "not a finite number");
		assertRefused(write("mismatch.xrdml", xrdml("<listPositions>10 11 12 13 14 15 16 17 18 19 20</listPositions>",
			counts(100))), "listPositions");
		assertRefused(write("order.xrdml", xrdml("<listPositions>10 11 12 13 14 15 16 17 18 17 20</listPositions>",
			counts(11))), "monotonic");
		assertRefused(write("nopos.xrdml", good.replace("axis=\"2Theta\"", "axis=\"Chi\"")), "2Theta");
		assertRefused(write("empty.xrdml", xrdml("<startPosition>10</startPosition><endPosition>80</endPosition>", "")),
			"points");
		// XXE and entity expansion are refused, not resolved
		String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n" + good.substring(
			good.indexOf("<xrdMeasurements")).replace("<id>S1</id>", "<id>&e;</id>");
		assertRefused(write("xxe.xrdml", xxe), "");
		String bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;" +
			"&a;&a;&a;&a;\">]>\n" + good.substring(good.indexOf("<xrdMeasurements")).replace("<id>S1</id>", "<id>&b;</id>");
		assertRefused(write("bomb.xrdml", bomb), "");
	}

	@Test
	void binaryJunkIsNotAnXrdPattern() throws IOException {
		byte[] noise = new byte[20000];
		new java.util.Random(3).nextBytes(noise);
		for (String ext : new String[] { "xy", "xye", "xrdml" }) {
			Path f = tmp.resolve("noise." + ext);
			Files.write(f, noise);
			assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
				InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(f));
				assertTrue(e.getMessage().contains("noise." + ext), e.getMessage());
			});
		}
		assertNull(new XrdTextReader().canRead(tmp.resolve("x.txt"), "Energy (eV),Counts\n1,2\n".getBytes()) ? "" : null);
	}

	void assertRefused(Path f, String part) {
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(f));
			assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
			assertTrue(e.getMessage().contains(part), e.getMessage());
		});
	}
}
