package org.interphase.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.testing.TestImages;

/**
 * Issue 20, defect 6: bad option values are bad usage (exit 2, the message naming the option, the value and what
 * is allowed), found before any input is read; not one failed input per file (exit 3), and not accepted silently.
 */
class OptionValidationTest {
	@TempDir
	Path dir;

	private MainTest.Run run(String command, String... options) throws Exception {
		Path in = dir.resolve("in");
		if (!Files.exists(in)) {
			Files.createDirectories(in);
			TestImages.tiff(in, "A_01.tif", 1, 100);
		}
		List<String> a = new ArrayList<>(List.of(command, "--out", dir.resolve("out").toString(), "--quiet"));
		a.addAll(List.of(options));
		a.add(in.resolve("A_01.tif").toString());
		return MainTest.run(a.toArray(new String[0]));
	}

	private void usage(String command, String option, String value, String mentions, String... more) throws Exception {
		List<String> opts = new ArrayList<>(List.of("--" + option, value));
		opts.addAll(List.of(more));
		MainTest.Run r = run(command, opts.toArray(new String[0]));
		assertEquals(2, r.code, command + " --" + option + " " + value + ": " + r.err + r.out);
		assertTrue(r.err.contains("--" + option.replaceAll(" .*", "")), r.err);
		assertTrue(r.err.contains(mentions), command + " --" + option + " " + value + ": " + r.err);
		assertFalse(r.err.contains("Exception"), r.err);
		assertFalse(Files.exists(dir.resolve("out/results.csv")), "no input was read");
	}

	@Test
	void valuesOutsideTheDeclaredRangeAreUsageErrors() throws Exception {
		for (String v : List.of("-1", "0", "NaN", "1e308", "Infinity")) usage("sem-depth", "pixel-size", v, v);
		usage("sem-depth", "pixel-size", "-1", "(0, 1e6]");
		usage("sem-depth", "profiles", "-1", "[0, 100000]");
		usage("sem-depth", "max-depth", "-5", "-5");
		usage("sem-depth", "unit", "furlong", "length unit");
		usage("sem-depth", "roi", "1,2,3", "points");
		usage("sem-depth", "line", "a,b,c,d", "points");
		usage("hrtem-fringes", "roi", "1,2,x", "points");
		usage("hrtem-thickness", "line", "0,0,5", "points");
		usage("hrtem-thickness", "profiles", "-1", "-1");
		usage("saed", "bins", "-1", "[0, 100000]");
		usage("saed", "q-min", "5", "must be less than --q-max 1", "--q-max", "1");
		usage("saed", "center", "1e9,1e9", "1e9,1e9");
		usage("xps-fit", "mc-samples", "-1", "-1");
		usage("xps-fit", "template", dir.resolve("missing.json").toString(), "no such file");
		usage("raman-bn", "template", dir.resolve("missing.json").toString(), "no such file");
		usage("eels-valence", "ref", "Ti3+=" + dir.resolve("nope.msa"), "no such file");
	}

	@Test
	void aCentreOutsideTheImageIsSaidSo() throws Exception {
		MainTest.Run r = run("saed", "--center", "100,100");
		assertEquals(3, r.code, r.err);
		assertTrue(r.err.contains("--center 100,100 lies outside the 32 x 24 px pattern"), r.err);
		assertFalse(r.err.contains("bins"), r.err);
	}

	@Test
	void validValuesStillRun() throws Exception {
		MainTest.Run r = run("sem-depth", "--pixel-size", "0.5", "--unit", "nm", "--profiles", "10");
		assertTrue(r.code == 0 || r.code == 3, r.err);
		assertTrue(Files.exists(dir.resolve("out/results.csv")));
	}

	@Test
	void noInputsUnknownCommandAndUnusableOutAreUsageErrors() throws Exception {
		MainTest.Run r = MainTest.run("sem-depth", "--out", dir.resolve("o").toString());
		assertEquals(2, r.code, r.err + r.out);
		assertTrue(r.err.contains("INPUT") || r.err.contains("input"), r.err);

		r = MainTest.run("db", "copy");
		assertEquals(2, r.code, r.err + r.out);
		assertTrue(r.err.contains("db"), r.err);

		Path file = Files.writeString(dir.resolve("afile"), "x");
		TestImages.tiff(Files.createDirectories(dir.resolve("in2")), "A_01.tif", 1, 100);
		r = MainTest.run("sem-depth", "--out", file.toString(), dir.resolve("in2/A_01.tif").toString());
		assertEquals(2, r.code, r.err + r.out);
		assertTrue(r.err.contains("--out") && r.err.contains("not a folder"), r.err);

		r = MainTest.run("sem-depth", "--out", file.resolve("sub").toString(), dir.resolve("in2/A_01.tif").toString());
		assertEquals(2, r.code, r.err + r.out);
		assertTrue(r.err.contains("--out"), r.err);
	}
}
