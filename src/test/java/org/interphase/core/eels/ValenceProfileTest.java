package org.interphase.core.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The profile fit through the engine, on profiles written here (a logistic fall of the Ti3+ fraction with depth
 * plus Gaussian noise of a stated sigma): the depth where it crosses 0.5, its sigma's convention (absolute error
 * bars, widened by the reduced chi-square when the scatter exceeds them, never narrowed), and coverage.
 */
class ValenceProfileTest {
	static final double HI = 0.9, LO = 0.05, X0 = 8, W = 1.5;

	static double truthDepth() {
		return X0 + W * Math.log((HI - 0.5) / (0.5 - LO));
	}

	/** Positions -2 .. 30 nm every 0.5 nm; noise of sd `noise`, error bars stated as `stated`. */
	static double[][] profile(long seed, double noise, double stated) {
		SplittableRandom r = new SplittableRandom(seed);
		int n = 65;
		double[] d = new double[n], f = new double[n], sd = new double[n];
		for (int i = 0; i < n; i++) {
			d[i] = -2 + 0.5 * i;
			double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
			f[i] = LO + (HI - LO) / (1 + Math.exp((d[i] - X0) / W)) + noise * g;
			sd[i] = stated;
		}
		return new double[][] { d, f, sd };
	}

	@Test
	void depthSigmaCoversTheTruthAndFollowsTheConvention() {
		int n = 200, inside = 0;
		for (int s = 0; s < n; s++) {
			double[][] p = profile(s, 0.03, 0.03);
			ValenceProfile.Crossing c = ValenceProfile.fit(p[0], p[1], p[2], 0);
			assertTrue(c.converged, "seed " + s);
			if (Math.abs(c.depth - truthDepth()) < c.depthSd) inside++;
		}
		double coverage = inside / (double) n;
		System.out.println("profile depth 1-sigma coverage over " + n + " seeds: " + coverage);
		assertTrue(coverage > 0.6 && coverage < 0.76, "1-sigma coverage " + coverage);
		// the same data with error bars stated 3x too large (chi2 ~ 1/9) and 2x too small (chi2 ~ 4)
		double[][] p = profile(7, 0.03, 0.03);
		ValenceProfile.Crossing ok = ValenceProfile.fit(p[0], p[1], p[2], 0);
		double[] big = p[2].clone(), small = p[2].clone();
		java.util.Arrays.fill(big, 0.09);
		java.util.Arrays.fill(small, 0.015);
		ValenceProfile.Crossing wide = ValenceProfile.fit(p[0], p[1], big, 0);
		ValenceProfile.Crossing narrow = ValenceProfile.fit(p[0], p[1], small, 0);
		// equal weights scaled: the same best fit; the sigma from the stated bars alone
		double abs = ok.depthSd / Math.sqrt(Math.max(1, ok.chi2r));
		assertTrue(wide.chi2r < 0.2, "chi2r " + wide.chi2r);
		assertEquals(3 * abs, wide.depthSd, 0.01 * abs, "stated bars 3x too large: sigma from them, not shrunk");
		// error bars stated 2x too small (chi2 ~ 4): sigma widened by sqrt(chi2r) back to about the true one
		assertTrue(narrow.chi2r > 2.5, "chi2r " + narrow.chi2r);
		assertEquals(abs / 2 * Math.sqrt(narrow.chi2r), narrow.depthSd, 0.01 * abs, "widened by sqrt(chi2r)");
		assertNotNull(ok.fit);
		String rep = ok.fit.report();
		assertTrue(rep.contains("s_x0: ") && rep.contains("# variables        = 4"), rep);
		assertFalse(ok.neverDominant || ok.noCrossingInScan);
	}
}
