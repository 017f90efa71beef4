package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;

/** The report's key figures: what they are drawn from, sample order and colours, files beside each figure. */
class KeyFiguresTest {
	@TempDir
	Path dir;

	private static Map<String, String> attrs(String... kv) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	/** Stores, per sample, SEM images with depth profiles (and the per-file mean rows), plus one value per technique. */
	private Map<String, double[]> fill(ResultsDatabase db) throws Exception {
		long run = db.startRun("sem-depth", Map.of(), dir);
		db.putSample("bare-100", attrs("coating", "none", "cycles", "100"));
		db.putSample("bare-20", attrs("coating", "none", "cycles", "20"));
		db.putSample("BN-100", attrs("coating", "BN", "cycles", "100"));
		Map<String, double[]> all = new LinkedHashMap<>();
		Random rnd = new Random(5);
		int img = 0;
		for (String s : List.of("bare-100", "bare-20", "BN-100")) {
			double level = s.startsWith("BN") ? 5 : s.equals("bare-20") ? 80 : 250;
			List<Double> v = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				Path f = Files.writeString(dir.resolve("img" + (img++) + ".tif"), "x");
				List<ResultRow> rows = new ArrayList<>();
				double sum = 0;
				for (int p = 0; p < 40; p++) {
					double d = level * (1 + 0.2 * rnd.nextGaussian());
					v.add(d);
					sum += d;
					rows.add(ResultRow.of("depth", d, 2, "\u00B5m").region("profile:" + p).context(s, "sem",
						"reaction-depth", f.toString()));
				}
				rows.add(ResultRow.of("depth_mean", sum / 40, 1, "\u00B5m").context(s, "sem", "reaction-depth", f.toString()));
				db.store(run, FileRecord.of(f, "sem"), "reaction-depth", "h", null, rows);
			}
			all.put(s, v.stream().mapToDouble(Double::doubleValue).toArray());
			Path x = Files.writeString(dir.resolve(s + ".vms"), "x");
			db.store(run, FileRecord.of(x, "xps"), "xps-fit", "h", null, List.of(ResultRow.of("fraction", level / 500, 0.02,
				"fraction").region("component:Ti3+").label("Ti3+").context(s, "xps", "xps-fit", x.toString())));
		}
		return all;
	}

	@Test
	void depthDistributionIsABoxOverEveryProfileOfEveryImageInSheetOrder() throws Exception {
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			Map<String, double[]> truth = fill(db);
			ReportWriter.Options o = ReportWriter.Options.builder().groupBy("coating").x("cycles").build();
			Path html = ReportWriter.write(db, dir.resolve("rep"), o);
			Path k = dir.resolve("rep/key-figures");
			List<String> csv = Files.readAllLines(k.resolve("sem-reaction-depth.csv"));
			// grouped by coating ("BN" < "none"), then cycles numerically (20 before 100, not as text)
			assertEquals("BN-100", csv.get(1).split(",")[0]);
			assertEquals("bare-20", csv.get(2).split(",")[0]);
			assertEquals("bare-100", csv.get(3).split(",")[0]);
			List<String> head = Arrays.asList(csv.get(0).split(","));
			for (int i = 1; i <= 3; i++) {
				String[] c = csv.get(i).split(",");
				double[] v = truth.get(c[0]).clone();
				Arrays.sort(v);
				assertEquals(120, Integer.parseInt(c[head.indexOf("n_profiles")]), "all profiles of all images");
				assertEquals(3, Integer.parseInt(c[head.indexOf("n_images")]));
				// independent quartiles: numpy's default (linear) on 120 values, h = 119 p
				assertEquals(v[59] + 0.5 * (v[60] - v[59]), Double.parseDouble(c[head.indexOf("median")]), 1e-9);
				assertEquals(v[29] + 0.75 * (v[30] - v[29]), Double.parseDouble(c[head.indexOf("q1")]), 1e-9);
				assertEquals(v[89] + 0.25 * (v[90] - v[89]), Double.parseDouble(c[head.indexOf("q3")]), 1e-9);
				assertTrue(Double.parseDouble(c[head.indexOf("mean_uncertainty")]) > 0, "error bar from stored rows");
			}
			for (String id : List.of("sem-reaction-depth", "xps-ti3-fraction")) {
				String svg = Files.readString(k.resolve(id + ".svg"));
				assertTrue(svg.startsWith("<svg") && svg.trim().endsWith("</svg>"));
				BufferedImage png = ImageIO.read(k.resolve(id + ".png").toFile());
				assertEquals(Math.ceil(PaperChart.W * 300 / 96.0), png.getWidth(), 0, "300 dpi");
			}
			// one colour per sample in every figure
			String semSvg = Files.readString(k.resolve("sem-reaction-depth.svg"));
			String xpsSvg = Files.readString(k.resolve("xps-ti3-fraction.svg"));
			// 5 and 250 um in one figure: a log axis keeps the coated sample's box visible; the fractions stay linear
			assertTrue(semSvg.contains("log scale") && semSvg.contains(">10</text>") && semSvg.contains(">100</text>"));
			assertTrue(!xpsSvg.contains("log scale"));
			assertTrue(semSvg.contains("fill=\"" + SampleOrder.PALETTE[0] + "\"") && xpsSvg.contains("fill=\"" +
				SampleOrder.PALETTE[0] + "\""));
			String h = Files.readString(html);
			int fig = h.indexOf("<figure id=\"sem-reaction-depth\""), app = h.indexOf("id=\"appendix\""), table = h.indexOf(
				"<h2>Results by sample</h2>");
			assertTrue(fig > 0 && fig < app && app < table, "key figures first, the quantity table in the appendix");
			assertTrue(h.indexOf("<figure id=\"xps-ti3-fraction\"") > 0);
		}
	}

	@Test
	void methodsAndKeyNumbersComeFromTheStoredRuns() throws Exception {
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			fill(db);
			ReportWriter.write(db, dir.resolve("rep"));
			String m = Files.readString(dir.resolve("rep/methods.md"));
			assertTrue(m.contains("## SEM (reaction-depth)") && m.contains("ISO 20263") && m.contains("on 9 files of 3 " +
				"samples") && m.contains(org.interphase.Version.get()) && m.contains("`sem-depth`"), m);
			assertTrue(m.contains("## XPS (xps-fit)") && m.contains("TPP-2M") && m.contains("on 3 files of 3 samples"), m);
			List<String> t = Files.readAllLines(dir.resolve("rep/key-numbers.md"));
			assertTrue(t.get(0).contains("reaction-layer depth (\u00B5m)") && t.get(0).contains("Ti3+ fraction"), t.get(0));
			String bn = t.stream().filter(l -> l.startsWith("| BN-100 |")).findFirst().get();
			// 0.01 +- 0.02 / sqrt... one XPS file: 0.010 +- 0.020 (two significant digits of the uncertainty)
			assertTrue(bn.contains("| 0.010 \u00B1 0.020 (n=1) |"), bn);
		}
	}

	@Test
	void severalScansOfASampleAreCombinedPerPosition() {
		List<double[]> pts = List.of(new double[] { 0, 0.8, 0.03 }, new double[] { 1, 0.5, 0.04 }, new double[] { 0,
			0.6, 0.05 }, new double[] { 1, 0.5, 0.02 });
		List<double[]> c = KeyFigures.combine(new ArrayList<>(pts), 2);
		assertEquals(2, c.size());
		assertEquals(0.7, c.get(0)[1], 1e-12);
		// s^2/n + sum(u^2)/n^2 with s^2 = 0.02
		assertEquals(Math.sqrt(0.02 / 2 + (0.0009 + 0.0025) / 4), c.get(0)[2], 1e-12);
		assertEquals(Math.sqrt(0 + (0.0016 + 0.0004) / 4), c.get(1)[2], 1e-12);
		assertEquals(pts, KeyFigures.combine(pts, 1), "one scan is drawn as it is");
	}

	@Test
	void anUnknownGroupingAttributeIsRefusedByName() throws Exception {
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			fill(db);
			ReportWriter.Options o = ReportWriter.Options.builder().groupBy("coatings").build();
			IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
				() -> ReportWriter.write(db, dir.resolve("rep"), o));
			assertTrue(e.getMessage().contains("'coatings'") && e.getMessage().contains("coating, cycles"), e.getMessage());
		}
	}

	@Test
	void boxWhiskersStopAtTheLastValueWithinOneAndAHalfIqr() {
		PaperChart.Box b = PaperChart.Box.of(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 100 });
		assertEquals(3, b.q1, 0);
		assertEquals(5, b.median, 0);
		assertEquals(7, b.q3, 0);
		assertEquals(1, b.lo, 0);
		assertEquals(8, b.hi, 0);
		assertEquals(1, b.outliers.length);
		assertEquals(100, b.outliers[0], 0);
	}
}
