package org.interphase.io.specs;

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

class SpecsXyReaderTest {
	@TempDir
	Path tmp;

	@Test
	void coreLevelNames() {
		assertArrayEquals(new String[] { "Fe", "2p", "Fe 2p" }, XpsNames.split("Fe2p"));
		assertArrayEquals(new String[] { "Ti", "2p", "Ti 2p" }, XpsNames.split("Ti 2p"));
		assertArrayEquals(new String[] { "N", "1s", "N 1s" }, XpsNames.split("N1s"));
		assertArrayEquals(new String[] { "Survey", "", "Survey" }, XpsNames.split("Survey"));
	}

	static String region(String name, double hv, double[] ke, double[][] scans) {
		StringBuilder b = new StringBuilder();
		b.append("# Region:                       ").append(name).append("\n");
		b.append("# Acquisition Date:             03/05/24 10:20:30 UTC\n");
		b.append("# Values/Curve:                 ").append(ke.length).append("\n");
		b.append("# Dwell Time:                   0.2\n");
		b.append("# Excitation Energy:            ").append(hv).append("\n");
		b.append("# Number of Scans:              ").append(scans.length).append("\n\n");
		for (int s = 0; s < scans.length; s++) {
			b.append("# Cycle: 0, Curve: 0, Scan: ").append(s).append("\n#\n# ColumnLabels: energy counts\n#\n");
			for (int i = 0; i < ke.length; i++) b.append(ke[i]).append("  ").append(scans[s][i]).append("\n");
			b.append("\n");
		}
		return b.toString();
	}

	/** Kinetic-energy export with counts and two scans per region: BE = hv - KE, scans summed. */
	@Test
	void kineticAxisAndScansSummed() throws IOException {
		String head = "# Created by:        SpecsLab Prodigy, Version 4.100\n#\n# Energy Axis:              Kinetic Energy\n" +
			"# Count Rate:               Counts\n#\n";
		String text = head + region("Ti2p", 1486.61, new double[] { 1020, 1020.5, 1021 }, new double[][] { { 1, 2, 3 }, {
			10, 20, 30 } }) + region("O1s", 1486.61, new double[] { 950, 951 }, new double[][] { { 5, 6 } });
		Path f = tmp.resolve("k.xy");
		Files.write(f, text.getBytes(StandardCharsets.UTF_8));
		Dataset d = Readers.read(f);
		assertEquals("SPECS XY", d.format);
		Signal ti = d.signals().get(0);
		assertEquals("Ti 2p", ti.name);
		assertArrayEquals(new double[] { 11, 22, 33 }, ti.data(), 0);
		assertEquals(1486.61 - 1020, ti.lastAxis().value(0), 1e-9);
		assertEquals(-0.5, ti.lastAxis().scale, 1e-9);
		assertEquals("counts", ti.metadata().get("counts_unit"));
		assertEquals("2024-03-05T10:20:30", ti.metadata().get("acquisition_date"));
		assertEquals("O 1s", d.signals().get(1).name);
		// a scan block shorter than Values/Curve is a truncated file
		Path g = tmp.resolve("short.xy");
		Files.write(g, text.replace("951.0  6.0\n", "").getBytes(StandardCharsets.UTF_8));
		assertThrows(InputFormatException.class, () -> Readers.read(g));
	}
}
