package org.interphase.analysis.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.interphase.cli.Main;
import org.interphase.core.data.Signal;
import org.interphase.io.msa.MsaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EELS line scan exported as one EMSA file per probe position (as DigitalMicrograph does) analysed from the
 * command line: a folder with --series, and the files given together with --series; positions in file-name order,
 * the step given with --step. Same answer as the scan in one file, and the depth within 1 nm of the truth.
 */
class EelsSeriesCliTest {
	@TempDir
	Path dir;

	static String run(String... args) {
		ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
		int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true,
			StandardCharsets.UTF_8));
		String err = e.toString(StandardCharsets.UTF_8);
		assertEquals(0, code, "exit code; stderr: " + err);
		return err;
	}

	static CSVRecord row(Path results, String quantity) throws Exception {
		try (CSVParser p = CSVParser.parse(results, StandardCharsets.UTF_8, CSVFormat.DEFAULT.builder().setHeader()
			.setSkipHeaderRecord(true).build()))
		{
			for (CSVRecord r : p) if (r.get("quantity").equals(quantity)) return r;
		}
		return null;
	}

	@Test
	void emsaSeriesFromTheCommandLine() throws Exception {
		EelsStress.Scan sc = EelsStress.lineScan(4711, EelsStress.Interface.START, EelsStress.RefKind.NOBG_LONG);
		Signal s = sc.coreLoss;
		int n = s.size(0), ch = s.size(1);
		double step = s.axis(0).scale;
		Path folder = dir.resolve("scan");
		List<String> files = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			double[] y = new double[ch];
			System.arraycopy(s.data(), i * ch, y, 0, ch);
			// DigitalMicrograph-like names: 'EELS Spectrum (1).msa' ... unpadded, so a plain sort would misorder them
			Path p = folder.resolve("EELS Spectrum (" + (i + 1) + ").msa");
			MsaWriter.write(p, new Signal("EELS", "float32", new int[] { ch }, List.of(s.lastAxis()), y));
			files.add(p.toString());
		}
		Path r3 = dir.resolve("ti2o3.msa"), r4 = dir.resolve("tio2.msa");
		MsaWriter.write(r3, sc.ref3);
		MsaWriter.write(r4, sc.ref4);
		String stepArg = String.format(Locale.ROOT, "%.6f", step);
		Path outA = dir.resolve("outA"), outB = dir.resolve("outB");
		run("eels-valence", "--out", outA.toString(), "--ref", "Ti3+=" + r3, "--ref", "Ti4+=" + r4, "--series", "--step",
			stepArg, folder.toString());
		List<String> args = new ArrayList<>(List.of("eels-valence", "--out", outB.toString(), "--ref", "Ti3+=" + r3,
			"--ref", "Ti4+=" + r4, "--series", "--step", stepArg));
		// the files given together, in a shuffled order
		List<String> shuffled = new ArrayList<>(files);
		java.util.Collections.shuffle(shuffled, new java.util.Random(5));
		args.addAll(shuffled);
		run(args.toArray(new String[0]));
		CSVRecord a = row(outA.resolve("results.csv"), "ti3_dominant_depth"), b = row(outB.resolve("results.csv"),
			"ti3_dominant_depth");
		assertNotNull(a, "no depth row for the folder");
		assertNotNull(b, "no depth row for the files");
		assertEquals("nm", a.get("unit"));
		double da = Double.parseDouble(a.get("value")), db = Double.parseDouble(b.get("value"));
		assertEquals(sc.truthDepth, da, 1.0, "depth from the EMSA series");
		assertEquals(da, db, 1e-9, "folder and files agree");
		// one scan, not n single spectra
		CSVRecord last = null;
		try (CSVParser p = CSVParser.parse(outA.resolve("results.csv"), StandardCharsets.UTF_8, CSVFormat.DEFAULT
			.builder().setHeader().setSkipHeaderRecord(true).build()))
		{
			for (CSVRecord r : p) if (r.get("quantity").equals("ti3_fraction") && r.get("region").equals("position:" + (n -
				1))) last = r;
		}
		assertNotNull(last, "position:" + (n - 1) + " missing");
		assertTrue(Math.abs(Double.parseDouble(last.get("value")) - sc.truthFraction[n - 1]) < 0.1, last.toString());
	}
}
