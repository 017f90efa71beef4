package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;

/**
 * report.html in a real browser: headless Chromium takes a screenshot and dumps the DOM. Skipped with a message
 * where /usr/bin/chromium (or -Dinterphase.chromium=PATH) is not installed, as on a clean CI machine.
 */
class ReportBrowserTest {
	@TempDir
	Path dir;

	private static Path chromium() {
		return Path.of(System.getProperty("interphase.chromium", "/usr/bin/chromium"));
	}

	/** Runs Chromium headless on the page with the extra arguments; returns {stdout, stderr}. */
	private String[] run(Path page, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
			"--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + dir.resolve("profile")));
		cmd.addAll(List.of(args));
		cmd.add(page.toUri().toString());
		Path out = dir.resolve("chromium.out"), err = dir.resolve("chromium.err");
		Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("chromium did not finish in 120 s: " + cmd);
		}
		assertEquals(0, p.exitValue(), Files.readString(err));
		return new String[] { Files.readString(out, StandardCharsets.UTF_8), Files.readString(err,
			StandardCharsets.UTF_8) };
	}

	private static ResultRow row(String sample, String technique, String analysis, String source, String q,
		String region, double v, double u, String unit)
	{
		return ResultRow.of(q, v, u, unit).region(region).context(sample, technique, analysis, source);
	}

	/** A report of two samples with SEM images (and overlays), EELS scans and an XPS depth series. */
	private Path report() throws Exception {
		Path out = dir.resolve("batch");
		Files.createDirectories(out.resolve("overlays"));
		java.util.Random rnd = new java.util.Random(3);
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			long run = db.startRun("batch", Map.of(), out);
			db.putSample("S-bare", Map.of("coating", "none"));
			db.putSample("S-coated", Map.of("coating", "BN"));
			for (String s : new String[] { "S-bare", "S-coated" }) {
				double depth = s.equals("S-bare") ? 250 : 5;
				for (int i = 0; i < 2; i++) {
					Path f = Files.writeString(dir.resolve(s + "_sem_" + i + ".tif"), s + i);
					BufferedImage img = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
					Graphics2D g = img.createGraphics();
					g.setColor(Color.GRAY);
					g.fillRect(0, 0, 200, 150);
					g.setColor(Color.YELLOW);
					g.drawLine(0, 40, 200, 60);
					g.dispose();
					ImageIO.write(img, "png", out.resolve("overlays").resolve(Representatives.stem(f.toString()) +
						"__overlay.png").toFile());
					List<ResultRow> rows = new ArrayList<>();
					rows.add(row(s, "sem", "reaction-depth", f.toString(), "depth_mean", "", depth, depth * 0.03, "\u00B5m"));
					for (int p = 0; p < 40; p++) rows.add(row(s, "sem", "reaction-depth", f.toString(), "depth", "profile:" + p,
						depth * (1 + 0.1 * rnd.nextGaussian()), Double.NaN, "\u00B5m"));
					db.store(run, FileRecord.of(f, "sem"), "reaction-depth", "h", null, rows);
				}
				Path e = Files.writeString(dir.resolve(s + "_eels.csv"), s);
				List<ResultRow> rows = new ArrayList<>();
				double d0 = s.equals("S-bare") ? 20 : 3;
				for (int p = 0; p < 50; p++) {
					double z = p;
					rows.add(row(s, "eels", "eels-valence", e.toString(), "distance", "position:" + p, z, Double.NaN, "nm"));
					rows.add(row(s, "eels", "eels-valence", e.toString(), "ti3_fraction", "position:" + p, 0.03 + 0.87 / (1 + Math
						.exp((z - d0) / 2.5)), 0.02, "fraction"));
				}
				db.store(run, FileRecord.of(e, "eels"), "eels-valence", "h", null, rows);
				List<ResultRow> xps = new ArrayList<>();
				double[][] hv = { { 1486.6, 7.4 }, { 3000, 15.1 }, { 6000, 28.9 } };
				for (double[] h : hv) {
					String r = String.format(java.util.Locale.ROOT, "hv=%.1f", h[0]);
					xps.add(row(s, "xps", "xps-fit", "", "information_depth", r, h[1], 0.11 * h[1], "nm"));
					xps.add(row(s, "xps", "xps-fit", "", "depth_fraction", r + ";component:Ti3+", s.equals("S-bare") ? 0.5
						: 0.2, 0.01, "fraction"));
				}
				db.store(run, null, "xps-fit", "h", s, xps);
			}
			ReportWriter.write(db, out.resolve("report"));
		}
		return out.resolve("report/report.html");
	}

	@Test
	void reportRendersInHeadlessChromium() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(chromium()), "headless Chromium not installed (" + chromium() +
			"): the browser test is skipped; install it (apt-get install chromium) or give -Dinterphase.chromium=PATH");
		Path html = report();
		Path shot = dir.resolve("shot.png");
		String[] r = run(html, "--window-size=1400,2400", "--screenshot=" + shot);
		// no script error and no linked image that failed to load (the report's own check logs those)
		for (String line : r[1].split("\n")) assertFalse(line.contains(":CONSOLE") && (line.contains("Uncaught") || line
			.contains("image not found") || line.contains("rror")), line);
		BufferedImage img = ImageIO.read(shot.toFile());
		assertEquals(1400, img.getWidth());
		// not blank: a real page has ink, many colours, and the samples' colours where the figures are drawn
		SampleOrder order = new SampleOrder(List.of("S-bare", "S-coated"), Map.of(), null, null);
		int nonWhite = 0, bare = 0, coated = 0;
		java.util.Set<Integer> colours = new java.util.HashSet<>();
		Color cb = Color.decode(order.color("S-bare")), cc = Color.decode(order.color("S-coated"));
		for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) {
			int rgb = img.getRGB(x, y) & 0xffffff;
			if (rgb != 0xffffff) nonWhite++;
			colours.add(rgb);
			Color c = new Color(rgb);
			if (near(c, cb)) bare++;
			if (near(c, cc)) coated++;
		}
		double ink = nonWhite / (double) (img.getWidth() * img.getHeight());
		assertTrue(ink > 0.03, "screenshot nearly blank: " + ink);
		assertTrue(colours.size() > 100, "only " + colours.size() + " colours");
		// the legend squares alone are ~100 px; box plots, curves and the sigma band of each sample are thousands
		assertTrue(bare > 2000 && coated > 2000, "sample colours drawn: " + bare + ", " + coated);
		// the DOM after loading: every key figure inline, the representative images decoded
		String dom = run(html, "--dump-dom")[0];
		long svgFiles;
		try (java.util.stream.Stream<Path> s = Files.list(html.getParent().resolve("key-figures"))) {
			svgFiles = s.filter(p -> p.toString().endsWith(".svg")).count();
		}
		assertTrue(svgFiles >= 5, "sem, xps series, eels, two depth pictures: " + svgFiles);
		assertEquals(svgFiles, dom.split("<svg class=\"key\"", -1).length - 1, "every key figure in the page");
		assertTrue(dom.contains("id=\"representative\""));
		assertFalse(dom.contains("alt=\"(image not found"), "every representative image loads");
	}

	private static boolean near(Color a, Color b) {
		return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b
			.getBlue()) < 30;
	}
}
