package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * Coverage of the comparison intervals on generated data: profiles within images that share an image effect
 * (image-to-image spread) plus profile noise (within-image spread), or one value per file with a known sigma. The
 * data are drawn here from the model directly, not by any analysis. 300 seeds per method; the 90 % interval must
 * cover the true difference in 85-95 % of them.
 */
class ComparisonsTest {
	private static final int SEEDS = 300;

	private static SampleOrder order() {
		return new SampleOrder(List.of("bare", "coated"), Map.of("bare", Map.of("coating", "none"), "coated", Map.of(
			"coating", "BN")), null, null);
	}

	/** SEM profiles: sample mean mu, image effect sd tau, profile noise sd sigma, nImages images of nProf profiles. */
	private static void sem(List<StoredRow> out, Random rnd, String sample, double mu, double tau, double sigma,
		int nImages, int nProf)
	{
		for (int i = 0; i < nImages; i++) {
			double m = mu + tau * rnd.nextGaussian();
			String f = "/d/" + sample + i + ".tif";
			for (int p = 0; p < nProf; p++) out.add(StoredRow.of(ResultRow.of("depth", m + sigma * rnd.nextGaussian(), 1,
				"\u00B5m").region("profile:" + p).context(sample, "sem", "reaction-depth", f), 1, "h", f));
			out.add(StoredRow.of(ResultRow.of("depth_mean", m, sigma / Math.sqrt(nProf), "\u00B5m").context(sample, "sem",
				"reaction-depth", f), 1, "h", f));
		}
	}

	private static double coverage(int nBare, int nCoated, double tau, String method) {
		int covered = 0;
		SampleOrder o = order();
		Map<String, String> refs = Comparisons.references(o, Map.of("bare", Map.of("coating", "none"), "coated", Map.of(
			"coating", "BN")), null, null);
		for (int seed = 0; seed < SEEDS; seed++) {
			Random rnd = new Random(1000 + seed);
			List<StoredRow> rows = new ArrayList<>();
			sem(rows, rnd, "bare", 250, tau, 60, nBare, 30);
			sem(rows, rnd, "coated", 40, tau, 15, nCoated, 30);
			List<Comparisons.Row> r = Comparisons.compute(rows, o, refs);
			assertEquals(1, r.size());
			Comparisons.Row c = r.get(0);
			assertEquals("coated", c.sample);
			assertEquals("bare", c.reference);
			assertTrue(c.ci.method.startsWith(method), c.ci.method);
			if (c.ci.low <= -210 && -210 <= c.ci.high) covered++;
		}
		return covered / (double) SEEDS;
	}

	@Test
	void welchOverImagesCoversWithImageToImageSpread() {
		double cov = coverage(4, 5, 20, "Welch");
		System.out.println("Welch over images (4 vs 5 images), 90 % CI coverage: " + cov);
		assertTrue(cov >= 0.85 && cov <= 0.95, "coverage " + cov);
	}

	@Test
	void welchCoversWithTwoAndThreeImages() {
		double cov = coverage(2, 3, 20, "Welch");
		System.out.println("Welch over images (2 vs 3 images), 90 % CI coverage: " + cov);
		assertTrue(cov >= 0.85 && cov <= 0.95, "coverage " + cov);
	}

	@Test
	void bootstrapOverImagesCovers() {
		double cov = coverage(30, 30, 20, "bootstrap");
		System.out.println("bootstrap over images (30 vs 30 images), 90 % CI coverage: " + cov);
		assertTrue(cov >= 0.85 && cov <= 0.95, "coverage " + cov);
	}

	@Test
	void profilesAreNotTreatedAsIndependent() {
		// a t interval over all 120 + 150 profiles ignores the image effect and would cover far less than 90 %
		int covered = 0;
		for (int seed = 0; seed < SEEDS; seed++) {
			Random rnd = new Random(1000 + seed);
			List<StoredRow> rows = new ArrayList<>();
			sem(rows, rnd, "bare", 250, 20, 60, 4, 30);
			sem(rows, rnd, "coated", 40, 20, 15, 5, 30);
			List<Double> a = new ArrayList<>(), b = new ArrayList<>();
			for (StoredRow s : rows) if (s.row.quantity.equals("depth")) (s.row.sampleId.equals("coated") ? a : b).add(
				s.row.value);
			DifferenceCi ci = DifferenceCi.welch(a.stream().mapToDouble(Double::doubleValue).toArray(), b.stream()
				.mapToDouble(Double::doubleValue).toArray(), 0.9);
			if (ci.low <= -210 && -210 <= ci.high) covered++;
		}
		System.out.println("naive t over profiles, 90 % CI coverage: " + covered / (double) SEEDS);
		assertTrue(covered / (double) SEEDS < 0.75, "the naive interval undercovers: " + covered);
	}

	@Test
	void oneFileEachUsesTheStoredUncertaintiesAndCovers() {
		SampleOrder o = order();
		Map<String, String> refs = Comparisons.references(o, Map.of("bare", Map.of("coating", "none"), "coated", Map.of(
			"coating", "BN")), null, null);
		int covered = 0;
		for (int seed = 0; seed < SEEDS; seed++) {
			Random rnd = new Random(5000 + seed);
			List<StoredRow> rows = new ArrayList<>();
			double[][] truth = { { 0.57, 0.03 }, { 0.10, 0.02 } };
			String[] s = { "bare", "coated" };
			for (int k = 0; k < 2; k++) rows.add(StoredRow.of(ResultRow.of("fraction", truth[k][0] + truth[k][1] * rnd
				.nextGaussian(), truth[k][1], "fraction").region("component:Ti3+").context(s[k], "xps", "xps-fit", s[k]), 1,
				"h", "/d/" + s[k] + ".vms"));
			Comparisons.Row c = Comparisons.compute(rows, o, refs).get(0);
			assertTrue(c.ci.method.startsWith("error-weighted"), c.ci.method);
			assertTrue(c.note.contains("spread there is unknown"), c.note);
			if (c.ci.low <= -0.47 && -0.47 <= c.ci.high) covered++;
		}
		double cov = covered / (double) SEEDS;
		System.out.println("error-weighted (1 vs 1 file), 90 % CI coverage: " + cov);
		assertTrue(cov >= 0.85 && cov <= 0.95, "coverage " + cov);
	}

	@Test
	void referenceIsTheUncoatedSampleWithTheSameX() {
		Map<String, Map<String, String>> a = Map.of("bare-100", Map.of("coating", "none", "cycles", "100"), "bare-500",
			Map.of("coating", "none", "cycles", "500"), "BN-500", Map.of("coating", "BN", "cycles", "500"), "BN-20", Map.of(
				"coating", "BN", "cycles", "20"));
		SampleOrder o = new SampleOrder(a.keySet(), a, "coating", "cycles");
		Map<String, String> r = Comparisons.references(o, a, null, "cycles");
		assertEquals("bare-500", r.get("BN-500"));
		assertEquals("bare-100", r.get("BN-20"), "no bare sample at 20 cycles: the first bare one");
		assertEquals("BN-20", Comparisons.references(o, a, "BN-20", "cycles").get("bare-500"));
	}

	@Test
	void significantDigits() {
		assertEquals("251 \u00B1 4", Sig.format(251.37, 4.26));
		assertEquals("0.571 \u00B1 0.023", Sig.format(0.5712, 0.0234));
		assertEquals("0.57 \u00B1 0.04", Sig.format(0.5712, 0.0364));
		assertEquals("1250 \u00B1 120", Sig.format(1253, 123));
		assertEquals("3.0 \u00B1 1.0", Sig.format(3.04, 0.98));
	}
}
