package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;

/** Representative images with click-through, the report config file, and the depth picture's broken axis. */
class ReportLayoutTest {
	@TempDir
	Path dir;

	private static ResultRow sem(String sample, String source, String q, String region, double v) {
		return ResultRow.of(q, v, 1, "\u00B5m").region(region).context(sample, "sem", "reaction-depth", source);
	}

	/** Three SEM images of a sample with their overlays: the one nearest the median is shown and linked. */
	@Test
	void representativeImageIsTheOneNearestTheMedianAndLinksFullSize() throws Exception {
		Path out = dir.resolve("batch");
		Files.createDirectories(out.resolve("overlays"));
		Files.createDirectories(out.resolve("figures"));
		double[] depth = { 200, 260, 251 };
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			long run = db.startRun("sem-depth", Map.of(), out);
			for (int i = 0; i < 3; i++) {
				Path f = Files.writeString(dir.resolve("A_sem_0" + i + ".tif"), "image " + i);
				String stem = Representatives.stem(f.toString());
				Files.writeString(out.resolve("overlays").resolve(stem + "__overlay.png"), "png");
				Files.writeString(out.resolve("figures").resolve(stem + "__depth-profile.svg"), "svg");
				List<ResultRow> rows = new ArrayList<>();
				rows.add(sem("A", f.toString(), "depth_mean", "", depth[i]));
				for (int p = 0; p < 5; p++) rows.add(sem("A", f.toString(), "depth", "profile:" + p, depth[i] + p));
				db.store(run, FileRecord.of(f, "sem"), "reaction-depth", "h", null, rows);
			}
			ReportWriter.write(db, out.resolve("report"));
		}
		String html = Files.readString(out.resolve("report/report.html"));
		String shown = Representatives.stem(dir.resolve("A_sem_02.tif").toString()) + "__overlay.png";
		assertTrue(html.contains("<a href=\"../overlays/" + shown + "\"><img"), "the median image (251) is shown and " +
			"links to its full-size overlay");
		assertFalse(html.contains(Representatives.stem(dir.resolve("A_sem_00.tif").toString()) + "__overlay.png"));
		String index = Files.readString(out.resolve("report/images.html"));
		for (int i = 0; i < 3; i++) {
			String stem = Representatives.stem(dir.resolve("A_sem_0" + i + ".tif").toString());
			assertTrue(index.contains("href=\"../overlays/" + stem + "__overlay.png\""), "every image listed: " + i);
			assertTrue(index.contains("href=\"../figures/" + stem + "__depth-profile.svg\""), "and every figure: " + i);
		}
		// the linked files exist where the links point
		assertTrue(Files.exists(out.resolve("report").resolve("../overlays/" + shown).normalize()));
	}

	@Test
	void configFileSetsOptionsAndChoosesFigures() throws Exception {
		Path cfg = Files.writeString(dir.resolve("report.properties"), "group-by = coating\nx = cycles\n" +
			"figures.off = raman-hbn-fwhm, depth-*\n");
		ReportWriter.Options o = ReportConfig.read(cfg);
		assertEquals("coating", o.groupBy);
		assertEquals("cycles", o.x);
		assertNull(o.reference);
		assertFalse(ReportConfig.shows(o, "raman-hbn-fwhm"));
		assertFalse(ReportConfig.shows(o, "depth-LATP-bare-100c"));
		assertTrue(ReportConfig.shows(o, "sem-reaction-depth"));
		Path only = Files.writeString(dir.resolve("only.properties"), "figures.only = xps-ti3-fraction\n");
		ReportWriter.Options p = ReportConfig.read(only);
		assertTrue(ReportConfig.shows(p, "xps-ti3-fraction"));
		assertFalse(ReportConfig.shows(p, "sem-reaction-depth"));
		ReportWriter.Options cli = ReportWriter.Options.builder().x("current_density").build();
		ReportWriter.Options merged = ReportConfig.under(cli, cfg);
		assertEquals("current_density", merged.x, "the command line wins");
		assertEquals("coating", merged.groupBy, "the file fills in the rest");
		assertFalse(ReportConfig.shows(merged, "raman-hbn-fwhm"));
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ReportConfig.read(dir
			.resolve("none.properties")));
		assertTrue(missing.getMessage().contains("none.properties: no such file"), missing.getMessage());
		Path bad = Files.writeString(dir.resolve("bad.properties"), "group_by = coating\n");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportConfig.read(bad));
		assertTrue(e.getMessage().contains("bad.properties") && e.getMessage().contains("group_by"), e.getMessage());
		Path badFig = Files.writeString(dir.resolve("fig.properties"), "figures.off = sem-depth\n");
		e = assertThrows(IllegalArgumentException.class, () -> ReportConfig.read(badFig));
		assertTrue(e.getMessage().contains("sem-depth") && e.getMessage().contains("sem-reaction-depth"), e.getMessage());
	}

	@Test
	void configLeavesFiguresOutOfTheReport() throws Exception {
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			long run = db.startRun("sem-depth", Map.of(), dir);
			Path f = Files.writeString(dir.resolve("A_sem.tif"), "x");
			List<ResultRow> rows = new ArrayList<>();
			for (int p = 0; p < 5; p++) rows.add(sem("A", f.toString(), "depth", "profile:" + p, 100 + p));
			db.store(run, FileRecord.of(f, "sem"), "reaction-depth", "h", null, rows);
			ReportWriter.write(db, dir.resolve("on"));
			ReportWriter.Options o = ReportWriter.Options.builder().figuresOff(java.util.Set.of("sem-reaction-depth"))
				.build();
			ReportWriter.write(db, dir.resolve("off"), o);
		}
		assertTrue(Files.exists(dir.resolve("on/key-figures/sem-reaction-depth.svg")));
		assertFalse(Files.exists(dir.resolve("off/key-figures/sem-reaction-depth.svg")));
		assertFalse(Files.readString(dir.resolve("off/report.html")).contains("id=\"sem-reaction-depth\""));
	}

	/** nm beside µm: the SEM box sits on its own scale after an axis break; the EELS sigma is a band. */
	@Test
	void depthPictureHasBrokenAxisAndSigmaBand() {
		PaperChart c = new PaperChart("depth-A", "Depth picture: A", "depth (nm)", "Ti3+ fraction", false);
		PaperChart.Series e = new PaperChart.Series("EELS", "#0072B2", new double[] { 0, 10, 20, 30 }, new double[] {
			0.9, 0.8, 0.3, 0.1 }, new double[] { 0.05, 0.05, 0.05, 0.05 }, null, 1, "");
		e.band = true;
		c.series.add(e);
		c.farBox = PaperChart.Box.of(new double[] { 240, 250, 255, 260, 270 });
		c.farLabel = "SEM front depth (\u00B5m)";
		c.farN = 5;
		String svg = c.svg();
		assertTrue(svg.contains("<polygon") && svg.contains("fill-opacity=\"0.25\""), "sigma band");
		assertTrue(svg.contains("SEM front depth (\u00B5m)") && svg.contains("SEM front, n=5"));
		// the main axis ends at 72 % of the plot width; the far box lies right of it
		int pw = PaperChart.W - PaperChart.LEFT - PaperChart.RIGHT;
		double mainRight = PaperChart.LEFT + Math.round(pw * 0.72);
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("<rect x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\" " +
			"height=\"28.0\" fill=\"#[0-9A-Fa-f]+\"").matcher(svg);
		assertTrue(m.find(), "the horizontal SEM box");
		assertTrue(Double.parseDouble(m.group(1)) > mainRight, "right of the break");
		// the EELS points keep no error bars of their own (the band replaces them)
		assertFalse(svg.contains("stroke=\"#0072B2\" stroke-width=\"1.0\""));
	}

	/** An Al K-alpha and a 6 keV file of one sample are a depth series, not repeats: the key numbers use the surface. */
	@Test
	void xpsKeyNumbersTakeTheLowestPhotonEnergy() throws Exception {
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("x.db"))) {
			long run = db.startRun("xps-fit", Map.of(), dir);
			double[][] files = { { 1486.6, 0.5 }, { 6000, 0.1 } };
			for (double[] f : files) {
				Path p = Files.writeString(dir.resolve("A_xps_hv" + (int) f[0] + ".csv"), "x" + f[0]);
				db.store(run, FileRecord.of(p, "xps"), "xps-fit", "h", null, List.of(ResultRow.of("photon_energy", f[0],
					Double.NaN, "eV").context("A", "xps", "xps-fit", p.toString()), ResultRow.of("fraction", f[1], 0.01,
						"fraction").region("component:Ti3+").context("A", "xps", "xps-fit", p.toString())));
			}
			ReportWriter.write(db, dir.resolve("rep"));
		}
		String keyNumbers = Files.readString(dir.resolve("rep/key-numbers.md"));
		assertTrue(keyNumbers.contains("0.500 \u00B1 0.010 (n=1)"), keyNumbers);
		String summary = Files.readString(dir.resolve("rep/summary.csv"));
		assertTrue(summary.contains(",2,"), "the appendix summary keeps both files: " + summary);
	}

	/** A coating lies above the electrolyte's surface: the depth picture draws it at negative depths. */
	@Test
	void depthPictureDrawsTheCoatingAboveTheSurface() throws Exception {
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("c.db"))) {
			long run = db.startRun("batch", Map.of(), dir);
			Path h = Files.writeString(dir.resolve("C_hrtem.dm4"), "h"), e = Files.writeString(dir.resolve("C_eels.csv"), "e");
			db.store(run, FileRecord.of(h, "hrtem"), "coating-thickness", "h", null, List.of(ResultRow.of("thickness_mean",
				15, 0.2, "nm").context("C", "hrtem", "coating-thickness", h.toString())));
			List<ResultRow> rows = new ArrayList<>();
			for (int p = 0; p < 20; p++) {
				rows.add(ResultRow.of("distance", p, Double.NaN, "nm").region("position:" + p).context("C", "eels",
					"eels-valence", e.toString()));
				rows.add(ResultRow.of("ti3_fraction", p < 10 ? 0.9 : 0.05, 0.02, "fraction").region("position:" + p).context(
					"C", "eels", "eels-valence", e.toString()));
			}
			db.store(run, FileRecord.of(e, "eels"), "eels-valence", "h", null, rows);
			ReportWriter.write(db, dir.resolve("rep"));
		}
		List<String> csv = Files.readAllLines(dir.resolve("rep/key-figures/depth-C.csv"));
		assertTrue(csv.contains("coating_top,-15,,0.2"), csv.toString());
		String svg = Files.readString(dir.resolve("rep/key-figures/depth-C.svg"));
		assertTrue(svg.contains("fill=\"#E69F00\" fill-opacity=\"0.20\""), "the coating band");
	}

	/** Two inputs whose stems collide (a/b_c.tif, a_b/c.tif) keep their own outputs, named as the batch names them. */
	@Test
	void collidingStemsKeepTheirOwnOutputs() throws Exception {
		Path out = dir.resolve("batch");
		Files.createDirectories(out.resolve("overlays"));
		Path f1 = Files.createDirectories(dir.resolve("a")).resolve("b_c.tif"), f2 = Files.createDirectories(dir.resolve(
			"a_b")).resolve("c.tif");
		Files.writeString(f1, "one");
		Files.writeString(f2, "two");
		// the batch's own naming (org.interphase.batch.Outputs.stems, package-private there)
		java.lang.reflect.Method stems = Class.forName("org.interphase.batch.Outputs").getDeclaredMethod("stems",
			java.util.Collection.class);
		stems.setAccessible(true);
		@SuppressWarnings("unchecked")
		Map<String, String> names = (Map<String, String>) stems.invoke(null, List.of(f1.toString(), f2.toString()));
		assertFalse(names.get(f1.toString()).equals(names.get(f2.toString())));
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			long run = db.startRun("sem-depth", Map.of(), out);
			for (Path f : List.of(f1, f2)) {
				Files.writeString(out.resolve("overlays").resolve(names.get(f.toString()) + "__overlay.png"), "png");
				db.store(run, FileRecord.of(f, "sem"), "reaction-depth", "h", null, List.of(sem("A", f.toString(), "depth_mean",
					"", 10)));
			}
			ReportWriter.write(db, out.resolve("report"));
		}
		String index = Files.readString(out.resolve("report/images.html"));
		for (Path f : List.of(f1, f2)) {
			int at = index.indexOf("<li>" + f);
			String line = index.substring(at, index.indexOf("</li>", at));
			assertTrue(line.contains(names.get(f.toString()) + "__overlay.png"), line);
			assertEquals(1, line.split("__overlay.png", -1).length - 1, "only its own overlay: " + line);
		}
	}
}
