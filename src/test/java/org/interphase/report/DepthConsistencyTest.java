package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.ResultsDatabase.StoredRow;

/** The EELS -> XPS prediction against closed forms: F = int f(z) exp(-z/L) dz / L. */
class DepthConsistencyTest {
	@TempDir
	java.nio.file.Path dir;

	@Test
	void theReportShowsTheDepthPictureAndFlagsTheDisagreeingSample() throws Exception {
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("r.db"))) {
			long run = db.startRun("eels-valence", Map.of(), dir);
			for (String s : new String[] { "agree", "disagree" }) {
				java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve(s + ".msa"), s);
				List<ResultRow> rows = new ArrayList<>();
				for (int i = 0; i <= 40; i++) {
					rows.add(ResultRow.of("distance", 0.5 * i, Double.NaN, "nm").region("position:" + i).context(s, "eels",
						"eels-valence", f.toString()));
					rows.add(ResultRow.of("ti3_fraction", i <= 10 ? 1 : 0, 0.02, "fraction").region("position:" + i).context(s,
						"eels", "eels-valence", f.toString()));
				}
				db.store(run, FileRecord.of(f, "eels"), "eels-valence", "h", null, rows);
				db.store(run, null, "xps-fit", "h", s, List.of(ResultRow.of("information_depth", 6, 0.6, "nm").region(
					"hv=2000.0").context(s, "xps", "xps-fit", ""), ResultRow.of("depth_fraction", s.equals("agree") ? 0.9 : 0.5,
						0.03, "fraction").region("hv=2000.0;component:Ti3+").context(s, "xps", "xps-fit", "")));
			}
			String h = java.nio.file.Files.readString(ReportWriter.write(db, dir.resolve("rep")));
			assertTrue(h.contains("<figure id=\"depth-agree\"") && h.contains("<figure id=\"depth-disagree\""));
			List<String> csv = java.nio.file.Files.readAllLines(dir.resolve("rep/eels-xps-consistency.csv"));
			assertEquals(3, csv.size());
			assertTrue(csv.get(1).startsWith("agree,") && csv.get(1).endsWith(","), csv.get(1));
			assertTrue(csv.get(2).startsWith("disagree,") && csv.get(2).endsWith(",eels-xps-disagree"), csv.get(2));
			assertEquals(1, h.split("<span class=\"flag\">eels-xps-disagree</span>", -1).length - 1);
		}
	}

	@Test
	void stepProfile() {
		// f = 1 up to d, 0 beyond (a step of width 1e-7): F = 1 - exp(-d/L)
		for (double L : new double[] { 0.7, 2.5, 8 }) for (double d : new double[] { 0.5, 3, 20 }) {
			double[] z = { 0, d, d + 1e-7, d + 50 }, f = { 1, 1, 0, 0 }, s = { 0, 0, 0, 0 };
			assertEquals(1 - Math.exp(-d / L), DepthConsistency.predict(z, f, s, L)[0], 1e-7, "L " + L + " d " + d);
		}
	}

	@Test
	void linearProfile() {
		// f = a + b z sampled every 0.5 over 0..100 L: F = a + b L (linear interpolation is exact)
		double a = 0.9, b = -0.01, L = 2.2;
		int n = 441;
		double[] z = new double[n], f = new double[n], s = new double[n];
		for (int i = 0; i < n; i++) {
			z[i] = 0.5 * i;
			f[i] = a + b * z[i];
		}
		assertEquals(a + b * L, DepthConsistency.predict(z, f, s, L)[0], 1e-12);
	}

	@Test
	void profileStartingInsideTheLayerAndItsUncertainty() {
		// first point at z = 2: its value holds from the surface; exp(-z/L) weights sum to 1
		double[] z = { 2, 4, 6 }, f = { 1, 1, 1 }, s = { 0.1, 0.1, 0.1 };
		double[] p = DepthConsistency.predict(z, f, s, 3);
		assertEquals(1, p[0], 1e-12);
		assertTrue(p[1] > 0.1 / Math.sqrt(3) && p[1] < 0.1, "sigma from the weighted points: " + p[1]);
	}

	@Test
	void flagsASampleWhereEelsAndXpsDisagree() {
		List<StoredRow> rows = new ArrayList<>();
		// both samples: EELS step to 5 nm; XPS at 3L = 6 nm (L = 2): predicted 1 - e^-2.5 = 0.918
		for (String s : new String[] { "agree", "disagree" }) {
			String f = "/d/" + s + ".msa";
			for (int i = 0; i <= 40; i++) {
				double z = 0.5 * i;
				rows.add(StoredRow.of(ResultRow.of("distance", z, Double.NaN, "nm").region("position:" + i).context(s, "eels",
					"eels-valence", f), 1, "h", f));
				rows.add(StoredRow.of(ResultRow.of("ti3_fraction", z <= 5 ? 1 : 0, 0.02, "fraction").region("position:" + i)
					.context(s, "eels", "eels-valence", f), 1, "h", f));
			}
			double measured = s.equals("agree") ? 0.90 : 0.60;
			rows.add(StoredRow.of(ResultRow.of("information_depth", 6, 0.6, "nm").region("hv=2000.0").context(s, "xps",
				"xps-fit", ""), 2, "h", null));
			rows.add(StoredRow.of(ResultRow.of("depth_fraction", measured, 0.03, "fraction").region(
				"hv=2000.0;component:Ti3+").context(s, "xps", "xps-fit", ""), 2, "h", null));
		}
		SampleOrder o = new SampleOrder(List.of("agree", "disagree"), Map.of(), null, null);
		List<DepthConsistency.Row> r = DepthConsistency.compute(rows, o);
		assertEquals(2, r.size());
		assertEquals("agree", r.get(0).sample);
		// the step lies between two points 0.5 nm apart: linear between 5 and 5.5
		assertEquals(0.918, r.get(0).predicted, 0.02);
		assertFalse(r.get(0).disagree);
		assertTrue(r.get(1).disagree, "0.60 vs 0.92: " + r.get(1).zScore);
		// sigma includes the IMFP's: F(L) = 1 - exp(-5/L) changes by ~0.03 between L = 1.8 and 2.2
		double dF = 0.5 * ((1 - Math.exp(-5 / 2.2)) - (1 - Math.exp(-5 / 1.8)));
		assertTrue(r.get(0).predictedSd > 0.8 * Math.abs(dF), "sigma " + r.get(0).predictedSd + " vs " + dF);
	}
}
