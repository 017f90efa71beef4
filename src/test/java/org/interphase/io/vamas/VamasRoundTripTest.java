package org.interphase.io.vamas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.synth.Noise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read(write(x)) == x for the VAMAS writer, and forms missing from the reference set (irregular, 2 blocks). */
class VamasRoundTripTest {
	@TempDir
	Path tmp;

	static Signal spectrum(String name, double beStart, double step, int n, long seed, String countsUnit) {
		Noise noise = new Noise(seed);
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			double be = beStart + i * step;
			y[i] = 1000 + 5000 * Math.exp(-0.5 * Math.pow((be - (beStart + step * n / 2.0)) / 0.6, 2));
			y[i] = Math.round(y[i] + noise.gaussian() * Math.sqrt(y[i]));
		}
		Signal s = Signal.spectrum(name, new Axis("Binding Energy", n, step, beStart, "eV"), y);
		s = s.withMetadata("counts_unit", countsUnit).withMetadata("dwell_time_s", 0.05).withMetadata("scans", 8.0);
		return s;
	}

	@Test
	void writeThenReadGivesTheSameSpectra() throws IOException {
		double hv = 1486.6;
		List<Signal> in = new ArrayList<>();
		in.add(spectrum("Ti 2p", 470, -0.1, 301, 1, "counts"));
		in.add(spectrum("N 1s", 410, -0.05, 401, 2, "counts/s"));
		in.add(spectrum("Survey", 1200, -1, 1201, 3, "counts"));
		Path f = tmp.resolve("demo_xps.vms");
		VamasWriter.write(f, in, hv);
		Dataset d = Readers.read(f);
		assertEquals("VAMAS", d.format);
		assertEquals(in.size(), d.signals().size());
		for (int k = 0; k < in.size(); k++) {
			Signal a = in.get(k), b = d.signals().get(k);
			assertEquals(a.name, b.name);
			assertArrayEquals(a.shape(), b.shape());
			assertArrayEquals(a.data(), b.data(), 0.0, a.name + " values");
			Axis ax = b.lastAxis();
			assertEquals("Binding Energy", ax.name);
			assertEquals("eV", ax.units);
			assertTrue(ax.isUniform());
			assertEquals(a.lastAxis().offset, ax.offset, 1e-9, "BE start");
			assertEquals(a.lastAxis().scale, ax.scale, 1e-12, "BE step");
			assertEquals(a.metadata().get("counts_unit"), b.metadata().get("counts_unit"));
			assertEquals(0.05, ((Number) b.metadata().get("dwell_time_s")).doubleValue(), 0);
			assertEquals(8.0, ((Number) b.metadata().get("scans")).doubleValue(), 0);
			assertEquals(hv, ((Number) b.metadata().get("excitation_energy_eV")).doubleValue(), 0);
		}
		assertEquals("Ti", d.signals().get(0).metadata().get("species"));
		assertEquals("2p", d.signals().get(0).metadata().get("transition"));
		// the file says kinetic energy, as instruments write it
		String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
		assertTrue(text.contains("Kinetic Energy\r\neV\r\n1016.6\r\n0.1\r\n"), "KE start = hv - BE for Ti 2p");
		assertTrue(text.endsWith("end of experiment\r\n"));
		// the same file saved by an editor with a UTF-8 byte-order mark and Unix line ends
		Path bom = tmp.resolve("bom.vms");
		Files.write(bom, ("\uFEFF" + text.replace("\r\n", "\n")).getBytes(StandardCharsets.UTF_8));
		assertArrayEquals(in.get(1).data(), Readers.read(bom).signals().get(1).data(), 0.0);
	}

	@Test
	void writerRefusesWhatRegularVamasCannotHold() {
		Signal nonUniform = Signal.spectrum("x", new Axis("Binding Energy", new double[] { 3, 2, 0 }, "eV"),
			new double[3]);
		assertThrows(IllegalArgumentException.class, () -> VamasWriter.write(tmp.resolve("a.vms"), Arrays.asList(
			nonUniform), 1486.6));
		assertThrows(IllegalArgumentException.class, () -> VamasWriter.write(tmp.resolve("b.vms"), new ArrayList<>(),
			1486.6));
		assertThrows(IllegalArgumentException.class, () -> VamasWriter.write(tmp.resolve("c.vms"), Arrays.asList(
			spectrum("C 1s", 290, -0.1, 10, 4, "counts")), Double.NaN));
	}

	/** An IRREGULAR file with two blocks, kinetic-energy abscissa as the first variable (CasaXPS convention). */
	@Test
	void irregularTwoBlocks() throws IOException {
		StringBuilder b = new StringBuilder();
		String[] header = { "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4", "Lab", "Model",
			"Op", "Exp", "1", "synthetic irregular", "NORM", "IRREGULAR", "2", "0", "0", "0", "0", "0", "2" };
		for (String h : header) b.append(h).append("\n");
		double[][] ke = { { 1000.0, 1000.1, 1000.25, 1000.5 }, { 1200.0, 1200.2, 1200.3 } };
		double[][] counts = { { 10, 20, 15, 5 }, { 7, 8, 9 } };
		String[][] names = { { "Ti", "2p" }, { "O", "1s" } };
		for (int k = 0; k < 2; k++) {
			String[] block = { "blk" + k, "sample", "2024", "3", "5", "10", "20", "30", "1", "0", "XPS", "Al", "1486.6",
				"1E+37", "1E+37", "1E+37", "1E+37", "1E+37", "FAT", "20", "1E+37", "4.5", "0", "1E+37", "1E+37", "1E+37",
				"1E+37", names[k][0], names[k][1], "-1", "2", "Kinetic Energy", "eV", "Intensity", "c/s", "pulse counting",
				"0.1", "3", "0", "1E+37", "1E+37", "1E+37", "0" };
			for (String l : block) b.append(l).append("\n");
			int n = ke[k].length;
			b.append(2 * n).append("\n");
			b.append("0\n1\n0\n1\n"); // placeholder min/max, as CasaXPS writes them
			for (int i = 0; i < n; i++) b.append(ke[k][i]).append("\n").append(counts[k][i]).append("\n");
		}
		b.append("end of experiment\n");
		Path f = tmp.resolve("irregular2.vms");
		Files.write(f, b.toString().getBytes(StandardCharsets.ISO_8859_1));
		Dataset d = Readers.read(f);
		assertEquals(2, d.signals().size());
		for (int k = 0; k < 2; k++) {
			Signal s = d.signals().get(k);
			assertEquals(names[k][0] + " " + names[k][1], s.name);
			assertFalse(s.lastAxis().isUniform());
			for (int i = 0; i < ke[k].length; i++) assertEquals(1486.6 - ke[k][i], s.lastAxis().value(i), 1e-9);
			assertArrayEquals(counts[k], s.data(), 0);
			assertEquals("counts/s", s.metadata().get("counts_unit"));
			assertEquals("2024-03-05T10:20:30", s.metadata().get("acquisition_date"));
		}
	}

	/**
	 * A sputter depth profile (experiment mode SDP): each block carries an experimental variable (etch time), 3
	 * sputtering-particle lines after the source label and 7 sputtering-source lines after the time correction.
	 * If any mode-dependent line were skipped or missed, the second block would be misread.
	 */
	@Test
	void sputterDepthProfileMode() throws IOException {
		StringBuilder b = new StringBuilder();
		String[] header = { "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4", "Lab", "Model",
			"Op", "Exp", "0", "SDP", "REGULAR", "1", "1", "Etch Time", "s", "0", "0", "1", "1", "future experiment entry",
			"2" };
		for (String h : header) b.append(h).append("\r\n");
		for (int k = 0; k < 2; k++) {
			String[] block = { "Ti 2p/" + k, "sample", "2024", "3", "5", "10", "20", "30", "0", "0", "XPS", String.valueOf(
				60 * k), "Al", "Ar+", "1", "1", "1486.6", "1E+37", "1E+37", "1E+37", "1E+37", "1E+37", "FAT", "20", "1E+37",
				"4.5", "0", "1E+37", "1E+37", "1E+37", "1E+37", "Ti", "2p", "-1", "Kinetic Energy", "eV", "1016.6", "0.5",
				"1", "Intensity", "d", "pulse counting", "0.1", "2", "0", "500", "1", "1000", "1000", "45", "0", "cont",
				"1E+37", "1E+37", "1E+37", "0", "future block entry", "3", "1", String.valueOf(3 + k) };
			for (String l : block) b.append(l).append("\r\n");
			b.append("1\r\n2\r\n").append(3 + k).append("\r\n");
		}
		b.append("end of experiment\r\n");
		Path f = tmp.resolve("sdp.vms");
		Files.write(f, b.toString().getBytes(StandardCharsets.ISO_8859_1));
		Dataset d = Readers.read(f);
		assertEquals("SDP", d.metadata().get("experiment_mode"));
		assertEquals(2, d.signals().size());
		for (int k = 0; k < 2; k++) {
			Signal s = d.signals().get(k);
			assertEquals("Ti 2p", s.name);
			assertArrayEquals(new double[] { 1, 2, 3 + k }, s.data(), 0);
			assertEquals(470.0, s.lastAxis().offset, 1e-9);
			assertEquals(-0.5, s.lastAxis().scale, 0);
			assertEquals(String.valueOf(60 * k), s.metadata().get("experimental_variable Etch Time"));
			assertEquals("Ar+", s.metadata().get("sputtering_ion_label"));
			assertEquals(500.0, ((Number) s.metadata().get("sputtering_source_energy_eV")).doubleValue(), 0);
			assertEquals(4.5, ((Number) s.metadata().get("analyser_work_function_eV")).doubleValue(), 0);
		}
	}

	@Test
	void hostileCountsFailFast() throws IOException {
		Path f = tmp.resolve("ok.vms");
		VamasWriter.write(f, Arrays.asList(spectrum("C 1s", 290, -0.1, 50, 5, "counts")), 1486.6);
		List<String> lines = new ArrayList<>(Arrays.asList(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
			.split("\r\n")));
		// number of blocks (line 16) claims a million
		List<String> many = new ArrayList<>(lines);
		assertEquals("1", many.get(15));
		many.set(15, "1000000");
		Path g = tmp.resolve("many.vms");
		Files.write(g, String.join("\r\n", many).getBytes(StandardCharsets.ISO_8859_1));
		long t0 = System.nanoTime();
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(g));
		assertTrue(e.getMessage().contains("number of blocks") && e.getMessage().contains("many.vms"), e.getMessage());
		// number of ordinates claims 2e9
		List<String> huge = new ArrayList<>(lines);
		int idx = huge.indexOf("50");
		huge.set(idx, "2000000000");
		Path h = tmp.resolve("huge.vms");
		Files.write(h, String.join("\r\n", huge).getBytes(StandardCharsets.ISO_8859_1));
		e = assertThrows(InputFormatException.class, () -> Readers.read(h));
		assertTrue(e.getMessage().contains("ordinate"), e.getMessage());
		assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "hostile counts must fail fast");
	}
}
