package org.interphase.core.hrtem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * Coating thickness on images of the independent stress generator ({@link HrtemStress}, issue 17): the three
 * cases the issue reports, and a seeded sweep over its ranges (normal at any angle, straight and arc
 * interfaces, 1-2 fringe sets of 0.25-0.65 nm, weak BN fringes in the coating, vacuum or carbon, 512-2048 px,
 * thickness varying along the edge). Acceptance: p90 error <= 0.3 nm, <= 5 % of images failing, each failure
 * with its reason (no wrong number without a flag), the stated uncertainty covering the truth in at least half
 * of the images. The default sweep is 12 images (fast, at most 768 px); set {@code -Dhrtem.stress=N} for N
 * images up to 2048 px (N = 48: 2 failed with reasons, p90 0.20 nm, max 0.34 nm, coverage 28 of 46).
 */
class CoatingThicknessStressTest {
	/** A measurement outcome: the error (nm) or the reason it declined. */
	static final class Outcome {
		double truth, measured = Double.NaN, sem = Double.NaN;
		String reason;
		String describe;
		boolean flagged;

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%-90s truth %.3f measured %.3f ± %.3f %s", describe, truth, measured, sem,
				reason == null ? "" : "FAILED: " + reason);
		}
	}

	static Outcome run(HrtemStress.EdgeSpec s) {
		HrtemStress.Edge e = HrtemStress.edge(s);
		Outcome o = new Outcome();
		o.truth = e.truthNm;
		o.describe = e.describe;
		CoatingThickness ct = CoatingThickness.builder().threads(2).maxPeriodPx(Math.max(8, 1.5 / e.pxNm)).build();
		try {
			CoatingThickness.Result r = ct.measure(e.img, e.n, e.n);
			if (r.undecided != null) o.reason = "edge-undecided: " + r.undecided;
			else if (!r.layerFound) o.reason = "no-layer-found: " + r.message;
			else {
				o.measured = r.mean * e.pxNm;
				o.sem = r.sem * e.pxNm;
			}
		}
		catch (IllegalArgumentException ex) {
			o.reason = ex.getMessage();
		}
		return o;
	}

	static HrtemStress.EdgeSpec issueCase(int k) {
		HrtemStress.EdgeSpec s = new HrtemStress.EdgeSpec();
		switch (k) {
		case 0: // normal at 57 degrees, 0.43 / 0.36 nm substrate fringes, weak BN fringes in the coating
			s.size = 1024;
			s.pxNm = 0.03;
			s.spacingsNm = new double[] { 0.43, 0.36 };
			s.anglesDeg = new double[] { 20, 75 };
			s.normalDeg = 57;
			s.thicknessNm = 6;
			s.bnFringes = true;
			s.seed = 101;
			break;
		case 1: // 512 px, 5.2 nm coating, normal at 315 degrees
			s.size = 512;
			s.pxNm = 0.04;
			s.spacingsNm = new double[] { 0.47 };
			s.anglesDeg = new double[] { 130 };
			s.fringeAmp = new double[] { 0.06 };
			s.normalDeg = 315;
			s.interfaceOffset = -0.2;
			s.thicknessNm = 5.2;
			s.seed = 102;
			break;
		default: // arc radius 58 nm, 0.60 nm fringes, thickness varying by 8 %
			s.size = 1024;
			s.pxNm = 0.04;
			s.spacingsNm = new double[] { 0.60 };
			s.anglesDeg = new double[] { 40 };
			s.fringeAmp = new double[] { 0.06 };
			s.normalDeg = 200;
			s.radiusNm = 58;
			s.interfaceOffset = -0.25;
			s.thicknessNm = 9.8;
			s.thicknessVariation = 0.08;
			s.carbon = true;
			s.seed = 103;
		}
		return s;
	}

	@Test
	void theIssuesThreeFailingCases() {
		for (int k = 0; k < 3; k++) {
			Outcome o = run(issueCase(k));
			System.out.println("issue case " + k + ": " + o);
			assertTrue(o.reason == null, o.toString());
			assertEquals(o.truth, o.measured, 0.3, o.toString());
		}
	}

	@Test
	void seededSweep() {
		int n = Integer.getInteger("hrtem.stress", 12);
		List<Outcome> all = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			HrtemStress.EdgeSpec s = HrtemStress.randomEdge(1000 + i);
			if (n <= 16 && s.size > 768) s.size = 768; // keep the default run fast
			Outcome o = run(s);
			System.out.println(o);
			all.add(o);
		}
		summarise(all);
	}

	static void summarise(List<Outcome> all) {
		List<Double> err = new ArrayList<>();
		int failed = 0, covered = 0;
		for (Outcome o : all) {
			if (o.reason != null) {
				failed++;
				assertFalse(o.reason.isBlank(), "a failure says why: " + o);
				continue;
			}
			double e = Math.abs(o.measured - o.truth);
			err.add(e);
			if (e <= Math.max(o.sem, 1e-9)) covered++;
		}
		double[] es = err.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(es);
		double p90 = es.length == 0 ? Double.NaN : es[(int) Math.min(es.length - 1, Math.ceil(0.9 * es.length) - 1)];
		System.out.printf(Locale.ROOT, "thickness stress: %d images, %d failed (with reasons), p90 error %.3f nm, " +
			"max %.3f nm, sem covers %d of %d%n", all.size(), failed, p90, es.length == 0 ? Double.NaN : es[es.length - 1],
			covered, es.length);
		assertTrue(failed <= Math.max(0.05 * all.size(), all.size() >= 40 ? 2 : 1), failed + " of " + all.size() +
			" failed");
		assertTrue(p90 <= 0.3, "p90 thickness error " + p90 + " nm");
		// honest error bars: the stated uncertainty covers the truth about 68 % of the time (not far less)
		assertTrue(covered >= 0.5 * es.length, "uncertainty covers the truth in " + covered + " of " + es.length);
	}
}
