package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LineShapesTest {
	/** Reference values from scipy.special.wofz (SciPy 1.10). */
	@Test
	void faddeevaMatchesScipyWofz() {
		double[][] ref = {
			{0.5, 0.1, 0.7175877421575946, 0.4084744016030165},
			{3.0, 0.01, 0.0009088307067415815, 0.20114646254019664},
			{10.0, 2.0, 0.011001556705733514, 0.054471817098656505},
			{0.0, 0.0, 1.0, 0.0},
			{1.2, 5.0, 0.10515970261896503, 0.024357752892084247},
			{-2.0, 0.3, 0.07639595167564214, -0.3098311071402928},
			{30.0, 0.5, 0.0003138749836928479, 0.01881154486772567}};
		double[] w = new double[2];
		for (double[] r : ref) {
			Faddeeva.w(r[0], r[1], w);
			double mag = Math.hypot(r[2], r[3]);
			assertEquals(r[2], w[0], 1e-12 * mag + 1e-15, "Re w at " + r[0] + "," + r[1]);
			assertEquals(r[3], w[1], 1e-12 * mag + 1e-15, "Im w at " + r[0] + "," + r[1]);
			assertEquals(w[0], Faddeeva.re(r[0], r[1]), 1e-16);
		}
	}

	private static double integrate(java.util.function.DoubleUnaryOperator f, double lo, double hi, int n) {
		double h = (hi - lo) / n, s = 0.5 * (f.applyAsDouble(lo) + f.applyAsDouble(hi));
		for (int i = 1; i < n; i++) s += f.applyAsDouble(lo + i * h);
		return s * h;
	}

	@Test
	void shapesHaveUnitAreaAndStatedFwhm() {
		assertEquals(1, integrate(x -> LineShapes.gaussian(x, 3, 1.7), -20, 30, 200000), 1e-9);
		assertEquals(1, integrate(x -> LineShapes.voigt(x, 3, 0.6, 0.0), -20, 30, 200000), 1e-9);
		// Lorentzian-like tails: compare with the analytic tail mass outside the window
		double g = 0.4, tails = 1 - 2 / Math.PI * Math.atan(500 / g);
		assertEquals(1 - tails, integrate(x -> LineShapes.lorentzian(x, 0, 2 * g), -500, 500, 400000), 1e-7);
		for (double m : new double[] {0.0, 1.0}) {
			double mm = m;
			assertEquals(0.5 * LineShapes.glProduct(0, 0, 1.5, mm), LineShapes.glProduct(0.75, 0, 1.5, mm),
				1e-12 * LineShapes.glProduct(0, 0, 1.5, mm), "GL product is half height at fwhm/2 for m=" + m);
		}
		for (double m : new double[] {0.0, 0.1, 0.3, 0.5, 0.9}) {
			double mm = m;
			double a = integrate(x -> LineShapes.glProduct(x, 0, 1.5, mm), -300, 300, 600000);
			// Lorentzian tail of the product beyond 3000 is ~ exp(-...) for m < 1: negligible
			assertEquals(1, a, 1e-7, "GL product area m=" + m);
		}
		// Voigt FWHM from Olivero's formula agrees with the profile's half height to 0.03 %
		double s = 0.5, ga = 0.3, f = LineShapes.voigtFwhm(s, ga), h0 = LineShapes.voigt(0, 0, s, ga);
		assertEquals(0.5 * h0, LineShapes.voigt(f / 2, 0, s, ga), 3e-4 * h0);
		// Doniach-Sunjic with alpha = 0 is the Lorentzian; with Gaussian broadening ~ the Voigt
		assertEquals(LineShapes.lorentzian(0.3, 0, 0.5), LineShapes.doniachSunjic(0.3, 0, 0.5, 0), 1e-14);
		double sigma = 0.3 / (2 * Math.sqrt(2 * Math.log(2)));
		assertEquals(LineShapes.voigt(0.2, 0, sigma, 0.25), LineShapes.doniachSunjicGauss(0.2, 0, 0.5, 0, 0.3),
			2e-4 * LineShapes.voigt(0.2, 0, sigma, 0.25));
		// asymmetry: the tail is on the high-x side
		assertEquals(true, LineShapes.doniachSunjic(1.5, 0, 0.5, 0.2) > LineShapes.doniachSunjic(-1.5, 0, 0.5, 0.2));
	}
}
