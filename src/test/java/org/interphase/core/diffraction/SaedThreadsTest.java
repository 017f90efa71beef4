package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.synth.diffraction.SaedGenerator;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 speed work: the faster paths give the same numbers as before, and the same at 1 and N threads (the
 * profile's sums were summed in per-thread pieces, so they changed in the last bits with the thread count).
 */
class SaedThreadsTest {
	/** An elliptical ring pattern off the image centre with a masked bar, as counts. */
	static double[] rings(int w, int h, PatternGeometry g, boolean[] mask) {
		double[] img = new double[w * h];
		java.util.Random rnd = new java.util.Random(5);
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double r = g.radius(x, y);
			img[y * w + x] = Math.rint(20 + 300 * Math.exp(-r / 30) + 80 * Math.exp(-0.5 * Math.pow((r - 70) / 1.5, 2)) +
				10 * rnd.nextGaussian());
			if (x > 150 && Math.abs(y - 0.3 * x - 40) < 4) mask[y * w + x] = true;
		}
		return img;
	}

	@Test
	void oneShotIntegrationEqualsTheMatrixToTheBit() {
		int w = 301, h = 263;
		PatternGeometry g = new PatternGeometry(140.3, 120.7, 0.021, 0.7, Double.NaN);
		boolean[] mask = new boolean[w * h];
		double[] img = rings(w, h, g, mask);
		for (int bins : new int[] { 230, 173 }) {
			double rMax = 230;
			AzimuthalIntegrator ai = new AzimuthalIntegrator(w, h, g, mask, bins, rMax);
			double[] sums = ai.sums(img, 1), counts = ai.pixelCounts();
			for (int threads : new int[] { 1, 2, 3 }) {
				double[][] sc = AzimuthalIntegrator.sumsAndCounts(img, w, h, g, mask, bins, rMax, threads);
				assertArrayEquals(sums, sc[0], 0, "sums, " + bins + " bins, " + threads + " threads");
				assertArrayEquals(counts, sc[1], 0, "counts, " + bins + " bins, " + threads + " threads");
			}
		}
	}

	@Test
	void centreAndAnalysisTheSameAtOneAndTwoThreads() {
		int big = 1024; // above CentreFinder.LARGE_PIXELS: the sparse-sample path
		// the bench's ring pattern (SaedDemo.demoConfig) at 1024 px
		SaedGenerator.Config c = new SaedGenerator.Config();
		c.width = big;
		c.height = big;
		c.pixelPerNm = 0.045 * 256 / big;
		c.phase = PhaseLibrary.get("LATP");
		c.seed = 3;
		c.beamStop = true;
		c.ellipticity = 0.015;
		c.qMin = 1.2;
		c.qMax = Math.min(5.5, 0.45 * big * c.pixelPerNm);
		c.zone = null;
		c.meanCounts = 40;
		double[] img = SaedGenerator.generate(c).image;
		boolean[] mask = PatternMask.auto(img, big, big, 0.1, 2, 0);
		CentreFinder.Result c1 = CentreFinder.find(img, big, big, mask, 1), c2 = CentreFinder.find(img, big, big, mask, 2);
		assertArrayEquals(new double[] { c1.x, c1.y, c1.sigma, c1.residual }, new double[] { c2.x, c2.y, c2.sigma,
			c2.residual }, 0);
		SaedPipeline.Result[] r = new SaedPipeline.Result[2];
		for (int t = 1; t <= 2; t++) r[t - 1] = SaedPipeline.analyze(img, big, big, SaedPipeline.Options.builder().pixelPerNm(
			c.pixelPerNm).threads(t).phases(List.of(c.phase)).build());
		assertEquals(r[0].geometry.cx, r[1].geometry.cx, 0);
		assertEquals(r[0].geometry.cy, r[1].geometry.cy, 0);
		assertEquals(r[0].geometry.ellipticity, r[1].geometry.ellipticity, 0);
		assertArrayEquals(r[0].profile, r[1].profile, 0);
		assertEquals(r[0].spots.size(), r[1].spots.size());
		assertEquals(r[0].rings.size(), r[1].rings.size());
		for (int i = 0; i < r[0].rings.size(); i++) assertEquals(r[0].rings.get(i).radius, r[1].rings.get(i).radius, 0);
		assertEquals(r[0].crystallineFraction, r[1].crystallineFraction, 0);
	}

	@Test
	void bracketedMedianIsTheSelection() {
		java.util.Random rnd = new java.util.Random(11);
		for (int n : new int[] { 1000, 90_001, 400_000 }) {
			double[] z = new double[n];
			// counts-like values with many ties, and a heavy tail
			for (int i = 0; i < n; i++) z[i] = i % 7 == 0 ? Math.rint(3 * rnd.nextDouble()) : Math.abs(rnd.nextGaussian()) /
				(0.05 + rnd.nextDouble());
			for (int k : new int[] { 0, n / 2, n - 1 }) for (int threads : new int[] { 1, 3 }) assertEquals(
				org.interphase.core.Selection.kth(z.clone(), n, k), SpotFinder.kth(z.clone(), n, k, threads), 0, "n " + n +
					" k " + k);
		}
	}
}
