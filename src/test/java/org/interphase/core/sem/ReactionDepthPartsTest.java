package org.interphase.core.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.core.data.Signal;
import org.interphase.synth.Noise;
import org.interphase.synth.sem.SemCrossSectionGenerator;
import org.interphase.synth.sem.SemCrossSectionGenerator.Side;
import org.junit.jupiter.api.Test;

/** The pieces of the reaction-depth core, each against a known answer. */
class ReactionDepthPartsTest {

	@Test
	void stepFitRecoversAKnownGradedStep() {
		Noise n = new Noise(1);
		float[] p = new float[300];
		double a = 400, b = 900, d = 123.4, s = 6.5, sd = 20;
		for (int i = 0; i < p.length; i++) p[i] = (float) (a + (b - a) * StepModel.phi((i - d) / s) + sd * n.gaussian());
		FrontFit f = ReactionFront.fit(p, p.length, 3);
		assertTrue(f.converged);
		assertEquals(d, f.depth, 3 * f.depthSd + 0.05);
		assertTrue(f.depthSd > 0.05 && f.depthSd < 1.0, "sd " + f.depthSd);
		assertEquals(s, f.sigma, 1.0);
		assertEquals(a, f.layer, 10);
		assertEquals(b, f.bulk, 10);
		assertTrue(f.t > 50);
		// the covariance error is calibrated: over many noise draws the spread matches it
		double sum = 0, sum2 = 0, meanSd = 0;
		int m = 60;
		for (int k = 0; k < m; k++) {
			for (int i = 0; i < p.length; i++) p[i] = (float) (a + (b - a) * StepModel.phi((i - d) / s) + sd * n
				.gaussian());
			FrontFit g = ReactionFront.fit(p, p.length, 3);
			sum += g.depth;
			sum2 += g.depth * g.depth;
			meanSd += g.depthSd / m;
		}
		double spread = Math.sqrt(sum2 / m - (sum / m) * (sum / m));
		assertEquals(d, sum / m, 0.1);
		assertEquals(spread, meanSd, 0.35 * spread, "empirical " + spread + " vs covariance " + meanSd);
	}

	@Test
	void flatProfileHasNoSignificantStep() {
		Noise n = new Noise(2);
		float[] p = new float[300];
		int found = 0;
		for (int k = 0; k < 50; k++) {
			for (int i = 0; i < p.length; i++) p[i] = (float) (800 + 20 * n.gaussian());
			FrontFit f = ReactionFront.fit(p, p.length, 3);
			if (f.found() && f.t >= ReactionDepth.T_MIN && f.relativeContrast() >= 0.08) found++;
		}
		assertEquals(0, found);
	}

	@Test
	void statisticsOfKnownValues() {
		double[] v = new double[101];
		for (int i = 0; i <= 100; i++) v[i] = i;
		DepthStatistics s = DepthStatistics.of(v, false, 3);
		assertEquals(50, s.mean, 1e-12);
		assertEquals(50, s.median, 1e-12);
		assertEquals(5, s.p05, 1e-12);
		assertEquals(95, s.p95, 1e-12);
		assertEquals(100, s.max, 0);
		assertEquals(Math.sqrt(101 * 102 / 12.0 * 100 / 100.0), s.sd, 0.2);
		assertEquals(s.sd / Math.sqrt(101), s.meanSd, 0.01);
		assertTrue(s.medianSd > 2 && s.medianSd < 8, "bootstrap median sd " + s.medianSd);
		// ordered and smooth: strong autocorrelation, few effective samples
		double[] smooth = new double[100];
		for (int i = 0; i < 100; i++) smooth[i] = Math.sin(i / 15.0);
		assertTrue(DepthStatistics.of(smooth, true, 1).nEff < 10);
	}

	@Test
	void dataBarIsFoundAndNoiseIsNot() {
		SemCrossSectionGenerator.Result g = new SemCrossSectionGenerator(3).size(400, 300).depth(60).databar(33, false)
			.generate();
		Signal s = g.dataset.primary();
		assertEquals(33, DataBar.detect(s.data(), 400, 300));
		SemCrossSectionGenerator.Result none = new SemCrossSectionGenerator(3).size(400, 300).depth(60).databar(0,
			false).generate();
		assertEquals(0, DataBar.detect(none.dataset.primary().data(), 400, 300));
	}

	@Test
	void surfaceIsFoundWithinAPixelOnEverySide() {
		for (Side side : Side.values()) {
			SemCrossSectionGenerator.Result g = new SemCrossSectionGenerator(4).size(360, 360).depth(80).tilt(-13).side(
				side).databar(0, false).generate();
			Signal s = g.dataset.primary();
			SurfaceSide[] guess = SurfaceFinder.guessSides(s.data(), 360, 360);
			assertEquals(side.name(), guess[0].name(), "side guessed");
			Surface f = SurfaceFinder.find(s.data(), 360, 360, guess[0], 40);
			assertNotNull(f);
			// distance of every found vertex to the true (smooth) surface polyline
			double worst = 0, sum = 0;
			for (int i = 0; i < f.x.length; i++) {
				double best = Double.MAX_VALUE;
				for (int t = 0; t < g.surfaceX.length; t++) best = Math.min(best, Math.hypot(f.x[i] - g.surfaceX[t], f.y[i] -
					g.surfaceY[t]));
				worst = Math.max(worst, best);
				sum += best;
			}
			assertTrue(sum / f.x.length < 0.8, side + " mean distance " + sum / f.x.length);
			assertTrue(worst < 3, side + " worst distance " + worst);
		}
	}

	@Test
	void uniformNoiseHasNoSurface() {
		Noise n = new Noise(5);
		double[] img = new double[200 * 200];
		for (int i = 0; i < img.length; i++) img[i] = 500 + 10 * n.gaussian();
		for (SurfaceSide s : SurfaceSide.values()) assertNull(SurfaceFinder.find(img, 200, 200, s, 40));
	}

	@Test
	void sameNumbersWithAnyThreadCount() {
		SemCrossSectionGenerator.Result g = new SemCrossSectionGenerator(8).size(400, 300).depth(70).tilt(9).cracks(2)
			.generate();
		Signal s = g.dataset.primary();
		ReactionDepth.Options one = ReactionDepth.Options.builder().threads(1).build(), three = ReactionDepth.Options
			.builder().threads(3).build();
		ReactionDepth.Result a = ReactionDepth.measure(s.data(), 400, 300, one);
		ReactionDepth.Result b = ReactionDepth.measure(s.data(), 400, 300, three);
		org.junit.jupiter.api.Assertions.assertArrayEquals(a.depth, b.depth);
		assertEquals(a.stats.mean, b.stats.mean, 0);
		assertEquals(a.stats.medianSd, b.stats.medianSd, 0);
	}

	@Test
	void polygonAndProfileSampling() {
		double[] sq = { 0, 0, 10, 0, 10, 10, 0, 10 };
		assertTrue(NormalProfiles.inside(sq, 5, 5));
		assertFalse(NormalProfiles.inside(sq, 11, 5));
		// a linear ramp in y is reproduced exactly by bilinear sampling along +y
		int w = 50, h = 40;
		double[] img = new double[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = 3 * y;
		float[] out = new float[100];
		int m = NormalProfiles.sample(img, w, h, 20.25, 2.5, 0, 1, 9, null, out);
		assertEquals(37, m);
		for (int k = 0; k < m; k++) assertEquals(3 * (2.5 + k), out[k], 1e-4);
	}
}
