package org.interphase.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.testing.TestImages;

/**
 * Issue 21: lengths carry their unit in the option name (sem-depth --pixel-size-um, hrtem-* --pixel-size-nm, saed
 * --pixel-size-inv-nm). The former --pixel-size keeps working with the meaning it had, says so on stderr, is not
 * shown by --help, and may not contradict the new spelling.
 */
class FormerOptionsTest {
	@TempDir
	Path dir;

	private Path input() throws Exception {
		Path in = dir.resolve("in");
		if (!Files.exists(in)) TestImages.tiff(Files.createDirectories(in), "A_01.tif", 1, 100);
		return in.resolve("A_01.tif");
	}

	/** A 96 x 96 cross-section: vacuum on top, a darker layer, the bulk (calibrated 0.5 µm per px in the file). */
	private Path crossSection() throws Exception {
		Path f = dir.resolve("in/section.tif");
		if (Files.exists(f)) return f;
		Files.createDirectories(f.getParent());
		int w = 96, h = 96;
		double[] d = new double[w * h];
		java.util.Random rnd = new java.util.Random(3);
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) d[y * w + x] = (y < 12 ? 10 : y < 40 ? 70 : 150) + 3 *
			rnd.nextGaussian();
		org.interphase.ij.ImageJTiff.write(org.interphase.core.data.Signal.image("section", w, h, d, 0.5, "\u00B5m"), f,
			null);
		return f;
	}

	private MainTest.Run run(String out, String command, String... options) throws Exception {
		List<String> a = new ArrayList<>(List.of(command, "--out", dir.resolve(out).toString(), "--quiet"));
		a.addAll(List.of(options));
		a.add(command.equals("sem-depth") ? crossSection().toString() : input().toString());
		return MainTest.run(a.toArray(new String[0]));
	}

	/** The pixel_size row of a results.csv (its value column), or "" when there is none. */
	private String pixelSizeRow(String out) throws Exception {
		Path f = dir.resolve(out).resolve("results.csv");
		if (!Files.exists(f)) return "";
		for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) if (line.contains(",pixel_size,")) return line
			.replaceAll(".*,pixel_size,", "");
		return "";
	}

	private void sameAsBefore(String command, String newKey, String value, String... extra) throws Exception {
		List<String> old = new ArrayList<>(List.of("--pixel-size", value));
		old.addAll(List.of(extra));
		MainTest.Run a = run("old", command, old.toArray(new String[0]));
		MainTest.Run b = run("new", command, "--" + newKey, value);
		assertEquals(b.code, a.code, a.err + " / " + b.err);
		assertTrue(a.err.contains("--pixel-size (macro pixel_size=) is deprecated: use --" + newKey), a.err);
		assertFalse(b.err.contains("deprecated"), b.err);
		for (String f : List.of("results.csv", "errors.csv")) {
			Path pa = dir.resolve("old").resolve(f), pb = dir.resolve("new").resolve(f);
			assertEquals(Files.exists(pb), Files.exists(pa), f);
			if (Files.exists(pa)) assertEquals(Files.readString(pb).replace(dir.resolve("new").toString(), "OUT"), Files
				.readString(pa).replace(dir.resolve("old").toString(), "OUT"), command + " " + f);
		}
	}

	@Test
	void semPixelSizeWithUnitMeansWhatItMeant() throws Exception {
		sameAsBefore("sem-depth", "pixel-size-um", "0.002", "--unit", "µm");
		MainTest.Run old = run("old-nm", "sem-depth", "--pixel-size", "2", "--unit", "nm");
		MainTest.Run um = run("um", "sem-depth", "--pixel-size-um", "0.002");
		assertEquals(um.code, old.code, old.err);
		assertEquals(pixelSizeRow("um"), pixelSizeRow("old-nm"), "--pixel-size 2 --unit nm is 0.002 µm");
		assertTrue(pixelSizeRow("um").startsWith("0.002,"), pixelSizeRow("um") + " in " + Files.readString(dir.resolve("um/results.csv")));
	}

	@Test
	void semUnitContradictingTheNewNameIsRefused() throws Exception {
		MainTest.Run r = run("bad", "sem-depth", "--pixel-size-um", "2", "--unit", "nm");
		assertEquals(3, r.code, r.err);
		assertTrue(r.err.contains("--unit nm applies to the deprecated --pixel-size only"), r.err);
	}

	@Test
	void hrtemAndSaedFormerKeysMeanTheSame() throws Exception {
		sameAsBefore("hrtem-fringes", "pixel-size-nm", "0.05");
		sameAsBefore("saed", "pixel-size-inv-nm", "0.03");
	}

	@Test
	void bothSpellingsWithDifferentValuesAreAUsageError() throws Exception {
		MainTest.Run r = run("both", "hrtem-fringes", "--pixel-size", "0.05", "--pixel-size-nm", "0.1");
		assertEquals(2, r.code, r.err);
		assertTrue(r.err.contains("give either --pixel-size-nm or the deprecated --pixel-size"), r.err);
	}

	@Test
	void formerRangesStillApply() throws Exception {
		MainTest.Run r = run("neg", "saed", "--pixel-size", "-1");
		assertEquals(2, r.code, r.err);
		assertTrue(r.err.contains("(0, 1e6] 1/nm"), r.err);
	}

	@Test
	void helpShowsTheNewNameWithItsRangeAndHidesTheFormer() {
		MainTest.Run r = MainTest.run("hrtem-fringes", "--help");
		String help = r.out + r.err;
		assertTrue(help.contains("--pixel-size-nm"), help);
		assertFalse(help.matches("(?s).*--pixel-size[^-].*"), help);
		assertTrue(help.replaceAll("\\s+", " ").contains("(allowed: (0, 1e6] nm)"), help);
	}
}
