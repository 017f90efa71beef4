package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.interphase.synth.Noise;
import org.interphase.synth.diffraction.SaedGenerator;
import org.junit.jupiter.api.Test;

/** In-situ series: the centre followed from frame to frame while the pattern drifts or jumps on the detector. */
class SaedSeriesTest {
	static final double DT = 120, T_HALF = 900;

	static SaedGenerator.Config config() {
		SaedGenerator.Config c = SaedAccuracyTest.config("LATP", new int[] { 2, -2, -1 }, 77);
		c.width = 160;
		c.height = 160;
		c.pixelPerNm = 0.07;
		c.qMax = 0.46 * c.width * c.pixelPerNm;
		c.meanCounts = 25;
		return c;
	}

	/** Frames stacked (frame, y, x) and the analysis of their sum (the reference geometry). */
	static SaedPipeline.Result reference(List<SaedGenerator.Pattern> s, SaedGenerator.Config c, double[] stack) {
		int n = c.width * c.height;
		double[] sum = new double[n];
		for (int f = 0; f < s.size(); f++) {
			System.arraycopy(s.get(f).image, 0, stack, f * n, n);
			for (int i = 0; i < n; i++) sum[i] += s.get(f).image[i];
		}
		SaedPipeline.Options o = SaedPipeline.Options.builder().pixelPerNm(c.pixelPerNm).qMin(c.qMin).qMax(c.qMax)
			.build();
		return SaedPipeline.analyze(sum, c.width, c.height, o);
	}

	static SeriesAnalyzer.Result run(double[] stack, SaedGenerator.Config c, int frames, SaedPipeline.Result ref,
		int threads)
	{
		SeriesAnalyzer.Options so = SeriesAnalyzer.Options.builder().threads(threads).build();
		return SeriesAnalyzer.run(stack, c.width, c.height, frames, ref, so);
	}

	@Test
	void driftingCentreIsFollowed() {
		SaedGenerator.Config c = config();
		int frames = 11;
		double[] truth = new double[frames], dx = new double[frames], dy = new double[frames];
		for (int i = 0; i < frames; i++) {
			truth[i] = SaedGenerator.amorphizing(0.8, i * DT, T_HALF);
			double u = i / (frames - 1.0);
			// a few px over the series, not linear
			dx[i] = 5 * u;
			dy[i] = -3 * u * u;
		}
		List<SaedGenerator.Pattern> s = SaedGenerator.series(c, truth, dx, dy, 2);
		double[] stack = new double[frames * c.width * c.height];
		SaedPipeline.Result ref = reference(s, c, stack);
		for (int threads : new int[] { 1, 2 }) {
			SeriesAnalyzer.Result r = run(stack, c, frames, ref, threads);
			double[] t = new double[frames];
			for (int f = 0; f < frames; f++) {
				t[f] = f * DT;
				SaedGenerator.Pattern p = s.get(f);
				assertEquals(p.centerX - 0.5, r.cx[f], 0.1, "centre x, frame " + f + ", threads " + threads);
				assertEquals(p.centerY - 0.5, r.cy[f], 0.1, "centre y, frame " + f + ", threads " + threads);
				assertEquals(p.crystallineFraction, r.fraction[f], SaedAccuracyTest.CF_TOL, "frame " + f);
			}
			assertTrue(r.rebuilds > 0, "the integrator follows the drift");
			assertEquals(threads, r.starts);
			assertEquals(0, r.refinds, "a smooth drift is tracked without re-finding: " + r.warnings);
			double[] cross = SeriesFraction.crossing(t, r.fraction, r.sigma, 0.5);
			assertNotNull(cross);
			assertEquals(T_HALF, cross[0], DT, "amorphization time");
		}
	}

	@Test
	void jumpOfTheCentreIsReFound() {
		SaedGenerator.Config c = config();
		int frames = 8;
		double[] truth = new double[frames], dx = new double[frames], dy = new double[frames];
		for (int i = 0; i < frames; i++) {
			truth[i] = 0.7;
			// a stage or beam jump of 9 px between frames 3 and 4: far beyond what Gauss-Newton tracks
			dx[i] = i >= 4 ? 9 : 0.1 * i;
			dy[i] = i >= 4 ? -6 : 0;
		}
		List<SaedGenerator.Pattern> s = SaedGenerator.series(c, truth, dx, dy, 2);
		double[] stack = new double[frames * c.width * c.height];
		SaedPipeline.Result ref = reference(s, c, stack);
		SeriesAnalyzer.Result r = run(stack, c, frames, ref, 1);
		for (int f = 0; f < frames; f++) {
			assertEquals(s.get(f).centerX - 0.5, r.cx[f], 0.1, "centre x, frame " + f);
			assertEquals(s.get(f).centerY - 0.5, r.cy[f], 0.1, "centre y, frame " + f);
			assertEquals(s.get(f).crystallineFraction, r.fraction[f], SaedAccuracyTest.CF_TOL, "frame " + f);
		}
		assertTrue(r.refinds >= 1, "the jump fails the tracking check");
		assertTrue(r.warnings.stream().anyMatch(w -> w.contains("re-found")), r.warnings.toString());
	}

	@Test
	void steadySeriesKeepsTheReferenceGeometry() {
		SaedGenerator.Config c = config();
		int frames = 6;
		double[] truth = new double[frames];
		Arrays.fill(truth, 0.6);
		List<SaedGenerator.Pattern> s = SaedGenerator.series(c, truth);
		double[] stack = new double[frames * c.width * c.height];
		SaedPipeline.Result ref = reference(s, c, stack);
		SeriesAnalyzer.Result r = run(stack, c, frames, ref, 2);
		assertEquals(0, r.rebuilds, "no drift, no rebuild");
		// the same numbers as the fixed reference geometry
		SeriesFraction sf = new SeriesFraction(c.width, c.height, ref.mask, ref.geometry, ref.radii.length, ref.radii.length *
			(ref.radii[1] - ref.radii[0]), ref.rLo, ref.rHi, 8);
		for (int f = 0; f < frames; f++) {
			assertEquals(sf.fraction(stack, f * c.width * c.height, c.width)[0], r.fraction[f], 1e-12);
			assertEquals(s.get(f).centerX - 0.5, r.cx[f], 0.1);
		}
	}

	@Test
	void quickselectMedianEqualsTheSortedMedian() {
		Noise n = new Noise(3);
		for (int trial = 0; trial < 300; trial++) {
			int len = 1 + n.nextInt(400);
			double[] a = new double[len];
			// Poisson-like integers: many ties
			for (int i = 0; i < len; i++) a[i] = trial % 2 == 0 ? n.nextInt(6) : n.gaussian();
			double[] b = a.clone();
			Arrays.sort(b);
			double expect = len % 2 == 1 ? b[len / 2] : 0.5 * (b[len / 2 - 1] + b[len / 2]);
			assertEquals(expect, PolarTransform.median(a, len), 0, "trial " + trial);
		}
	}
}
