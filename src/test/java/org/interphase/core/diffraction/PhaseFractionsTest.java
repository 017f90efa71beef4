package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.synth.diffraction.SaedGenerator;
import org.junit.jupiter.api.Test;

/**
 * Phase fractions of LATP and its lithiated form on seeded synthetic patterns with a known volume share of the
 * lithiated phase: zone-axis spot patterns (topotactic product, independent 30 % "dynamical" scatter of the two
 * phases' spots, excitation-error fall-off), ring patterns, one-phase patterns, overlapping rings and a series
 * with a transition.
 */
class PhaseFractionsTest {
	static final double TOL = 0.1;
	static final Phase LATP = PhaseLibrary.get("LATP"), LITH = PhaseLibrary.get("Li3Ti2(PO4)3");

	static SaedGenerator.Config config(int size, double ppn, int[] zone, long seed) {
		SaedGenerator.Config c = new SaedGenerator.Config();
		c.width = size;
		c.height = size;
		c.pixelPerNm = ppn;
		c.phase = LATP;
		c.zone = zone;
		c.seed = seed;
		c.beamStop = seed % 2 == 0;
		c.ellipticity = 0.01;
		c.ellipseAngleDeg = 10 * seed;
		c.inPlaneDeg = 23 * seed;
		c.crystallineFraction = 0.65;
		c.qMin = 1.2;
		c.qMax = 0.45 * size * ppn;
		c.product = LITH;
		return c;
	}

	static SaedPipeline.Result analyse(SaedGenerator.Pattern p, SaedGenerator.Config c) {
		SaedPipeline.Options o = SaedPipeline.Options.builder().pixelPerNm(c.pixelPerNm).phases(List.of(LATP, LITH))
			.qMin(c.qMin).qMax(c.qMax).threads(2).build();
		return SaedPipeline.analyze(p.image, p.width, p.height, o);
	}

	@Test
	void zoneAxisSpotPatterns() {
		double worst = 0;
		for (long seed = 1; seed <= 4; seed++) for (double v : new double[] { 0.3, 0.7 }) {
			SaedGenerator.Config c = config(224, 0.05, new int[] { 1, 0, 0 }, seed);
			c.productFraction = v;
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Result r = analyse(p, c);
			String what = "seed " + seed + ", lithiated " + v;
			assertNotNull(r.phasePlan, what);
			assertFalse(r.phasePlan.rings, what + ": a spot plan");
			assertFalse(r.phasePlan.overlap, what);
			PhaseFractions.Measurement m = r.phaseFractions;
			assertEquals(1, m.fraction[0] + m.fraction[1], 1e-9);
			assertEquals(v, m.fraction[1], TOL, what + " (" + r.phasePlan.description + ")");
			assertTrue(m.sigma[1] > 0 && m.sigma[1] < 0.1, what + " sigma " + m.sigma[1]);
			worst = Math.max(worst, Math.abs(m.fraction[1] - v));
		}
		System.out.println("phase fractions, spot patterns [1 0 0] 224 px: largest error " + worst);
	}

	@Test
	void ringPatternsWithResolvedRings() {
		double worst = 0;
		for (long seed = 1; seed <= 3; seed++) for (double v : new double[] { 0.25, 0.6 }) {
			// fine sampling and sharp rings: lithiated (104), (110), (006) clear of LATP's rings
			SaedGenerator.Config c = config(320, 0.02, null, seed);
			c.ringSigmaPx = 1.0;
			c.productFraction = v;
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Result r = analyse(p, c);
			String what = "rings, seed " + seed + ", lithiated " + v;
			assertNotNull(r.phasePlan, what);
			assertTrue(r.phasePlan.rings, what);
			assertFalse(r.phasePlan.overlap, what);
			assertEquals(v, r.phaseFractions.fraction[1], TOL, what + " (" + r.phasePlan.description + ")");
			worst = Math.max(worst, Math.abs(r.phaseFractions.fraction[1] - v));
		}
		System.out.println("phase fractions, ring patterns 320 px: largest error " + worst);
	}

	@Test
	void onePhasePatternGivesTheOtherPhaseConsistentWithZero() {
		for (int[] zone : new int[][] { { 1, 0, 0 }, null }) {
			SaedGenerator.Config c = zone == null ? config(320, 0.02, null, 5) : config(224, 0.05, zone, 5);
			if (zone == null) c.ringSigmaPx = 1.0;
			c.product = null;
			SaedPipeline.Result r = analyse(SaedGenerator.generate(c), c);
			PhaseFractions.Measurement m = r.phaseFractions;
			assertNotNull(m);
			String what = (zone == null ? "rings" : "spots") + ": lithiated " + m.fraction[1] + " +- " + m.sigma[1];
			assertTrue(Math.abs(m.fraction[1]) <= Math.max(2 * m.sigma[1], 0.02), what);
			assertEquals(1, m.fraction[0], Math.max(2 * m.sigma[0], 0.02), what);
		}
	}

	@Test
	void overlappingRingsAreFlagged() {
		// the usual sampling (0.05 1/nm per px, rings 1.2 px): every LATP ring lies within 2.5 widths of a lithiated one
		SaedGenerator.Config c = config(224, 0.05, null, 3);
		c.productFraction = 0.5;
		SaedPipeline.Result r = analyse(SaedGenerator.generate(c), c);
		assertNotNull(r.phasePlan);
		assertTrue(r.phasePlan.overlap, r.phasePlan.description);
		assertTrue(Double.isNaN(r.phaseFractions.fraction[0]));
	}

	@Test
	void onePhaseIsNotPlanned() {
		SaedGenerator.Config c = config(160, 0.07, new int[] { 1, 0, 0 }, 2);
		c.product = null;
		SaedGenerator.Pattern p = SaedGenerator.generate(c);
		SaedPipeline.Options o = SaedPipeline.Options.builder().pixelPerNm(c.pixelPerNm).phases(List.of(LATP)).build();
		SaedPipeline.Result r = SaedPipeline.analyze(p.image, p.width, p.height, o);
		assertNull(r.phasePlan);
		assertNull(r.phaseFractions);
	}

	@Test
	void generatorWithoutProductIsUnchanged() {
		// a product of volume share 0 renders the same pixels as no product: one-phase patterns are as before
		SaedGenerator.Config a = config(128, 0.07, new int[] { 1, 0, 0 }, 3);
		a.product = null;
		SaedGenerator.Config b = config(128, 0.07, new int[] { 1, 0, 0 }, 3);
		b.productFraction = 0;
		assertArrayEquals(SaedGenerator.generate(a).image, SaedGenerator.generate(b).image);
	}

	@Test
	void seriesWithATransitionGivesTheTransitionTime() {
		SaedGenerator.Config c = config(192, 0.06, new int[] { 1, 0, 0 }, 8);
		c.meanCounts = 25;
		int frames = 12;
		double dt = 60, tLith = 330, tHalf = 600;
		double[] cf = new double[frames], v = new double[frames], dx = new double[frames], dy = new double[frames];
		for (int i = 0; i < frames; i++) {
			double t = i * dt;
			cf[i] = SaedGenerator.amorphizing(0.8, t, tHalf);
			v[i] = 1 / (1 + Math.exp(-(t - tLith) / 60));
			dx[i] = 0.2 * i; // a slow drift: the spot windows follow the tracked centre
			dy[i] = -0.1 * i;
		}
		List<SaedGenerator.Pattern> s = SaedGenerator.series(c, cf, v, dx, dy, 2);
		int n = c.width * c.height;
		double[] stack = new double[frames * n], sum = new double[n];
		for (int f = 0; f < frames; f++) {
			System.arraycopy(s.get(f).image, 0, stack, f * n, n);
			for (int i = 0; i < n; i++) sum[i] += s.get(f).image[i];
		}
		SaedPipeline.Options o = SaedPipeline.Options.builder().pixelPerNm(c.pixelPerNm).phases(List.of(LATP, LITH))
			.qMin(c.qMin).qMax(c.qMax).build();
		SaedPipeline.Result ref = SaedPipeline.analyze(sum, c.width, c.height, o);
		assertNotNull(ref.phasePlan);
		assertFalse(ref.phasePlan.overlap, ref.phasePlan.description);
		SeriesAnalyzer.Options so = SeriesAnalyzer.Options.builder().threads(2).phases(ref.phasePlan).build();
		SeriesAnalyzer.Result r = SeriesAnalyzer.run(stack, c.width, c.height, frames, ref, so);
		double[] t = new double[frames], f1 = new double[frames], s1 = new double[frames];
		double worst = 0;
		for (int f = 0; f < frames; f++) {
			t[f] = f * dt;
			PhaseFractions.Measurement m = r.phases[f];
			assertFalse(m.lowSnr(), "frame " + f + " significance " + m.significance);
			f1[f] = m.fraction[1];
			s1[f] = m.sigma[1];
			assertEquals(s.get(f).productFraction, m.fraction[1], TOL, "frame " + f);
			worst = Math.max(worst, Math.abs(s.get(f).productFraction - m.fraction[1]));
		}
		double[] cross = PhaseFractions.risingCrossing(t, f1, s1, 0.5);
		assertNotNull(cross);
		assertEquals(tLith, cross[0], dt, "phase transition time");
		System.out.println("phase fractions, series 192 px: largest error " + worst + ", transition " + cross[0] + " +- " +
			cross[1] + " s (truth " + tLith + ")");
	}
}
