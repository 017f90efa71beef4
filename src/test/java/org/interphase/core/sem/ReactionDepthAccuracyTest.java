package org.interphase.core.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.core.data.Signal;
import org.interphase.synth.sem.SemCrossSectionGenerator;
import org.interphase.synth.sem.SemCrossSectionGenerator.Side;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the reaction-depth core on seeded synthetic cross-sections with known truth (issue 4): mean depth
 * within max(2 %, 1 px), p95 within 5 % (min 2 px), for tilt, curvature, roughness, noise, cracks, pores, each
 * orientation and a data bar.
 */
class ReactionDepthAccuracyTest {

	static ReactionDepth.Result run(SemCrossSectionGenerator.Result g, ReactionDepth.Options o) {
		Signal s = g.dataset.primary();
		return ReactionDepth.measure(s.data(), s.width(), s.height(), o);
	}

	static ReactionDepth.Result check(String what, SemCrossSectionGenerator gen) {
		return check(what, gen, new ReactionDepth.Options());
	}

	static ReactionDepth.Result check(String what, SemCrossSectionGenerator gen, ReactionDepth.Options o) {
		SemCrossSectionGenerator.Result g = gen.generate();
		ReactionDepth.Result r = run(g, o);
		System.out.printf("%-28s truth mean %.2f p95 %.2f | measured mean %.2f +- %.2f p95 %.2f median %.2f sd %.2f (truth %.2f) n %d rej %d width %.2f db %d%n",
			what, g.meanDepthPx, g.p95DepthPx, r.stats.mean, r.stats.meanSd, r.stats.p95, r.stats.median, r.stats.sd,
			g.sdDepthPx, r.stats.n, r.rejected, r.frontWidthPx, r.databarPx);
		assertTrue(r.layerFound, what + ": layer found");
		assertEquals(g.meanDepthPx, r.stats.mean, Math.max(0.02 * g.meanDepthPx, 1.0), what + ": mean depth");
		assertEquals(g.p95DepthPx, r.stats.p95, Math.max(0.05 * g.p95DepthPx, 2.0), what + ": p95 depth");
		return r;
	}

	static SemCrossSectionGenerator base(long seed) {
		return new SemCrossSectionGenerator(seed).size(640, 480).depth(120).frontSigma(4).snr(8);
	}

	@Test
	void flatSurfaceWithDataBar() {
		ReactionDepth.Result r = check("flat", base(1));
		assertEquals(40, r.databarPx, 1);
	}

	@Test
	void tiltedSurfacesGiveTheSameDepth() {
		ReactionDepth.Result flat = check("tilt 0", base(2));
		for (double t : new double[] { -20, -10, 10, 20 }) {
			ReactionDepth.Result r = check("tilt " + t, base(2).tilt(t));
			assertEquals(flat.stats.mean, r.stats.mean, Math.max(0.02 * flat.stats.mean, 1), "tilt " + t);
		}
	}

	@Test
	void curvedWavyAndRoughSurface() {
		check("curved", base(3).curvature(40));
		check("curved concave", base(4).curvature(-30));
		check("wavy+rough", base(5).waviness(8).roughness(1.5));
	}

	@Test
	void eachOrientation() {
		for (Side s : Side.values()) check("side " + s, base(6).side(s).tilt(7).size(560, 560));
	}

	@Test
	void noiseDownToSnr3AndPoisson() {
		check("snr 3", base(7).snr(3));
		check("poisson", base(8).poisson(true).snr(5));
	}

	@Test
	void cracksPoresAndDrift() {
		ReactionDepth.Result r = check("cracks+pores", base(9).cracks(3).pores(25).drift(0.2));
		assertTrue(r.rejected >= 0);
	}

	@Test
	void eightBitAndThinLayer() {
		check("8-bit", base(10).bits(8).snr(6));
		check("thin 20px", base(11).depth(20).frontSigma(2).depthVariation(0.05));
		check("deep 300", new SemCrossSectionGenerator(12).size(800, 600).depth(300).frontSigma(8).snr(6).surfaceAt(60));
	}

	@Test
	void coatingOnTopAndEpoxy() {
		check("coating 6px", base(13).coating(6));
		check("epoxy", base(14).outside(SemCrossSectionGenerator.Outside.EPOXY));
	}

	@Test
	void noLayerGivesZero() {
		SemCrossSectionGenerator.Result g = base(15).depth(0).generate();
		ReactionDepth.Result r = run(g, new ReactionDepth.Options());
		System.out.println("no layer: found=" + r.layerFound + " mean " + r.stats.mean + " withoutStep " + r.withoutStep);
		assertFalse(r.layerFound);
		assertEquals(0, r.stats.mean, 0);
	}

	@Test
	void userLine() {
		SemCrossSectionGenerator.Result g = base(16).tilt(12).generate();
		int n = g.surfaceX.length;
		double[] line = { g.surfaceX[0], g.surfaceY[0], g.surfaceX[n - 1], g.surfaceY[n - 1] };
		ReactionDepth.Result r = run(g, ReactionDepth.Options.builder().line(line).build());
		System.out.printf("user line: truth %.2f measured %.2f%n", g.meanDepthPx, r.stats.mean);
		assertTrue(r.usedLine);
		assertEquals(g.meanDepthPx, r.stats.mean, Math.max(0.02 * g.meanDepthPx, 1.0));
	}
}
