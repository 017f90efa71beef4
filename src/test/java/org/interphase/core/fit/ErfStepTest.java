package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The erf step model through both paths of the engine: the compact fast path and the general fitter agree on values
 * and σ (one covariance convention), σ covers the truth about 68 % of the time, and the step's derivatives match
 * finite differences. The data here are written from the formula with an independent erf (a series), not the
 * model's.
 */
class ErfStepTest {
	/** erf by its Taylor series (|x| &lt; 3) — independent of the A&amp;S approximation under test. */
	private static double erfSeries(double x) {
		double sum = 0, term = x;
		for (int k = 0; k < 200; k++) {
			sum += term / (2 * k + 1);
			term *= -x * x / (k + 1);
		}
		return 2 / Math.sqrt(Math.PI) * sum;
	}

	private static double[] profile(double[] x, double low, double high, double c, double w, double sd, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[] y = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			double z = Math.max(-4, Math.min(4, (x[i] - c) / w));
			double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
			y[i] = low + (high - low) * 0.5 * (1 + erfSeries(z / Math.sqrt(2))) + sd * g;
		}
		return y;
	}

	@Test
	void erfApproximationIsWithinItsStatedError() {
		for (double x = -3; x <= 3; x += 0.01) assertEquals(erfSeries(x), ErfStep.erf(x), 1.5e-7, "x=" + x);
	}

	@Test
	void analyticGradientMatchesFiniteDifferences() {
		double[] p = { 3, 11, 20.3, 2.7 }, g = new double[4];
		for (double x = 12; x < 30; x += 0.7) {
			double v = ErfStep.MODEL.valueAndGradient(x, p, g);
			assertEquals(ErfStep.MODEL.value(x, p), v, 1e-6);
			for (int k = 0; k < 4; k++) {
				double[] a = p.clone(), b = p.clone();
				double h = 1e-5;
				a[k] += h;
				b[k] -= h;
				assertEquals((ErfStep.MODEL.value(x, a) - ErfStep.MODEL.value(x, b)) / (2 * h), g[k], 2e-5, "k=" + k);
			}
		}
	}

	@Test
	void compactAndGeneralFitAgreeAndSigmaCoversTheTruth() {
		double[] x = new double[60];
		for (int i = 0; i < x.length; i++) x[i] = i;
		int covered = 0, runs = 200;
		for (int seed = 0; seed < runs; seed++) {
			double c = 27.3 + 0.37 * (seed % 7), w = 2.2;
			double[] y = profile(x, 100, 160, c, w, 4, seed);
			CompactFitter cf = new CompactFitter(ErfStep.MODEL).costTolerance(1e-14).stepTolerance(ErfStep.CENTER,
				1e-10).stepTolerance(ErfStep.WIDTH, 1e-10).maxIterations(200);
			assertTrue(cf.fit(x, y, x.length, new double[] { 95, 170, 25, 3 }));
			if (Math.abs(cf.value(ErfStep.CENTER) - c) <= cf.stderr(ErfStep.CENTER)) covered++;
			if (seed < 20) {
				Parameters p = new Parameters();
				p.add("s_low", 95);
				p.add("s_high", 170);
				p.add("s_center", 25);
				p.add("s_width", 3);
				FitResult f = Fitter.fit(Model.of(ErfStep.component("s_")), p, x, y, new FitOptions().weighting(
					FitOptions.Weighting.UNIT).centralDifferences(true));
				// same optimum to a thousandth of σ, same σ to 0.1 %
				for (String k : ErfStep.NAMES) {
					int i = ErfStep.NAMES.indexOf(k);
					assertEquals(f.value("s_" + k), cf.value(i), 1e-3 * f.stderr("s_" + k), k);
					assertEquals(f.stderr("s_" + k), cf.stderr(i), 1e-3 * f.stderr("s_" + k), k);
				}
				assertEquals(f.chiSquare(), cf.chiSquare(), 1e-8 * f.chiSquare());
				assertEquals(f.covariance("s_center", "s_width"), cf.covariance(ErfStep.CENTER, ErfStep.WIDTH), 1e-3 *
					f.stderr("s_center") * f.stderr("s_width"));
			}
		}
		double coverage = covered / (double) runs;
		assertTrue(coverage > 0.60 && coverage < 0.76, "1-sigma coverage of the centre " + coverage);
	}

	@Test
	void compactReportNamesTheStepParameters() {
		double[] x = new double[40];
		for (int i = 0; i < x.length; i++) x[i] = i;
		CompactFitter cf = new CompactFitter(ErfStep.MODEL).bounds(ErfStep.WIDTH, 0.3, 10);
		cf.fit(x, profile(x, 10, 20, 19.5, 1.5, 0.3, 1), x.length, new double[] { 10, 20, 18, 2 });
		String r = cf.report();
		assertTrue(r.contains("# data points      = 40"), r);
		assertTrue(r.matches("(?s).*center:\\s+19\\.\\d+ \\+/- .*\\(init = 18\\.0+\\).*"), r);
		assertTrue(r.contains("C(low, high)") || r.contains("C(center, width)") || r.contains("C(low, width)"), r);
	}
}
