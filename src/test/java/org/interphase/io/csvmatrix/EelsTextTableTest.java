package org.interphase.io.csvmatrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EELS text tables as instruments and scripts export them: both orientations, units in the names, ; tab , decimals. */
class EelsTextTableTest {
	@TempDir
	Path dir;

	static final int N = 4, CH = 6;
	static final double E0 = 450, DE = 0.25, STEP = 0.8;

	static double value(int i, int k) {
		return 1000 + 37 * i + 3.5 * k + 0.25;
	}

	/** Energies down the first column; header 'energyName', positions '0.0nm' etc.; separator, decimal comma. */
	Path columns(String name, String energyName, String posFmt, String sep, boolean comma) throws IOException {
		StringBuilder b = new StringBuilder();
		b.append(energyName);
		for (int i = 0; i < N; i++) b.append(sep).append(String.format(Locale.ROOT, posFmt, i * STEP));
		b.append('\n');
		for (int k = 0; k < CH; k++) {
			b.append(num(E0 + k * DE, comma));
			for (int i = 0; i < N; i++) b.append(sep).append(num(value(i, k), comma));
			b.append('\n');
		}
		Path p = dir.resolve(name);
		Files.write(p, b.toString().getBytes(StandardCharsets.UTF_8));
		return p;
	}

	/** Energies across the header row. */
	Path rows(String name, String corner, String sep, boolean comma, double distScale) throws IOException {
		StringBuilder b = new StringBuilder("# exported line scan\n");
		b.append(corner);
		for (int k = 0; k < CH; k++) b.append(sep).append(num(E0 + k * DE, comma));
		b.append('\n');
		for (int i = 0; i < N; i++) {
			b.append(num(i * STEP / distScale, comma));
			for (int k = 0; k < CH; k++) b.append(sep).append(num(value(i, k), comma));
			b.append('\n');
		}
		Path p = dir.resolve(name);
		Files.write(p, b.toString().getBytes(StandardCharsets.UTF_8));
		return p;
	}

	static String num(double v, boolean comma) {
		String s = String.format(Locale.ROOT, "%.4f", v);
		return comma ? s.replace('.', ',') : s;
	}

	static void check(Dataset d, boolean calibrated) {
		Signal s = d.primary();
		assertArrayEquals(new int[] { N, CH }, s.shape());
		assertEquals("eV", s.lastAxis().units);
		assertEquals(E0, s.lastAxis().value(0), 1e-9);
		assertEquals(E0 + (CH - 1) * DE, s.lastAxis().value(CH - 1), 1e-9);
		if (calibrated) {
			assertEquals("nm", s.axis(0).units);
			assertEquals(STEP, s.axis(0).value(1), 1e-9);
		}
		else assertTrue(s.axis(0).units.isEmpty() || s.axis(0).units.equals("px"), s.axis(0).units);
		double[] v = s.data();
		for (int i = 0; i < N; i++) for (int k = 0; k < CH; k++) assertEquals(value(i, k), v[i * CH + k], 1e-9);
	}

	@Test
	void energyColumnWithUnitsInTheNames() throws Exception {
		check(Readers.read(columns("a.csv", "energy_eV", "%.1fnm", ",", false)), true);
		check(Readers.read(columns("b.csv", "Energy (eV)", "%.1f nm", ";", true)), true);
		check(Readers.read(columns("c.txt", "Energy loss [eV]", "x=%.1f nm", "\t", true)), true);
		Dataset um = Readers.read(columns("d.csv", "Energy (eV)", "%.4fum", ",", false));
		assertEquals(STEP * 1000, um.primary().axis(0).value(1), 1e-6); // µm -> nm
		check(Readers.read(columns("e.csv", "energy_eV", "spectrum %.0f", ",", false)), false);
		assertEquals("eels-text-table", Readers.read(columns("f.csv", "energy_eV", "%.1fnm", ",", false)).format);
	}

	@Test
	void energyRowWithDistancesInTheFirstColumn() throws Exception {
		check(Readers.read(rows("r1.csv", "distance (nm)", ",", false, 1)), true);
		check(Readers.read(rows("r2.csv", "distance (nm) \\ energy (eV)", ";", true, 1)), true);
		Dataset um = Readers.read(rows("r3.tsv", "x [µm]", "\t", false, 1000));
		assertEquals(STEP, um.primary().axis(0).value(1), 1e-6);
		check(Readers.read(rows("r4.csv", "position\\energy_eV", ",", false, 1)), false);
	}

	@Test
	void keVIsAnEnergyToo() throws Exception {
		Path p = columns("k.csv", "Energy (keV)", "%.1fnm", ",", false);
		Signal s = Readers.read(p).primary();
		assertEquals("keV", s.lastAxis().units);
	}

	@Test
	void otherTablesAreLeftToOtherReaders() throws Exception {
		Path raman = dir.resolve("raman.csv");
		Files.write(raman, "Raman shift (cm-1),intensity\n100,5\n101,6\n102,7\n".getBytes(StandardCharsets.UTF_8));
		assertFalse(new EelsTextTable().canRead(raman, Files.readAllBytes(raman)));
		Path xps = dir.resolve("xps.csv");
		Files.write(xps, "Binding Energy (eV),Counts\n300,5\n299.9,6\n299.8,7\n".getBytes(StandardCharsets.UTF_8));
		assertFalse(new EelsTextTable().canRead(xps, Files.readAllBytes(xps)));
		Path down = dir.resolve("down.csv");
		Files.write(down, "Energy (eV),Counts\n300,5\n299.9,6\n299.8,7\n".getBytes(StandardCharsets.UTF_8));
		assertFalse(new EelsTextTable().canRead(down, Files.readAllBytes(down)), "decreasing energies are not a loss axis");
		Path xrd = dir.resolve("xrd.csv");
		Files.write(xrd, "2theta,counts\n10,5\n10.02,6\n".getBytes(StandardCharsets.UTF_8));
		assertFalse(new EelsTextTable().canRead(xrd, Files.readAllBytes(xrd)));
	}

	@Test
	void raggedRowsAndNonNumbersAreRefusedWithTheLine() throws Exception {
		Path p = dir.resolve("bad.csv");
		Files.write(p, "energy_eV,0nm,1nm\n450,1,2\n450.1,1\n".getBytes(StandardCharsets.UTF_8));
		IOException e = assertThrows(IOException.class, () -> Readers.read(p));
		assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("bad.csv"), e.getMessage());
		Path q = dir.resolve("bad2.csv");
		Files.write(q, "energy_eV;0nm;1nm\n450;1;2\n450,1;1;x\n".getBytes(StandardCharsets.UTF_8));
		IOException e2 = assertThrows(IOException.class, () -> Readers.read(q));
		assertTrue(e2.getMessage().contains("'x'"), e2.getMessage());
	}
}
