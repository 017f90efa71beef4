package org.interphase.core.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.synth.Noise;
import org.interphase.synth.eels.TiL23Shapes;
import org.junit.jupiter.api.Test;

class MllsTest {
	static final double E0 = 430, DE = 0.1;
	static final int CH = 500;

	static Reference[] refs(TiL23Shapes s) {
		int m = 1200;
		double[] v3 = new double[m], v4 = new double[m];
		for (int i = 0; i < m; i++) {
			double e = 440 + i * 0.05;
			v3[i] = s.ti3(e);
			v4[i] = s.ti4(e);
		}
		return new Reference[] { Reference.of("Ti3+", 440, 0.05, v3), Reference.of("Ti4+", 440, 0.05, v4) };
	}

	static double[] energy() {
		double[] e = new double[CH];
		for (int k = 0; k < CH; k++) e[k] = E0 + k * DE;
		return e;
	}

	/** counts = A E^-3 + J (f Ti3 + (1-f) Ti4)(E - drift), optionally Poisson. */
	static double[] spectrum(TiL23Shapes s, double f, double drift, double j, double a, Noise noise) {
		double[] y = new double[CH];
		for (int k = 0; k < CH; k++) {
			double e = E0 + k * DE;
			double v = a * Math.pow(e / 455, -3) + j * (f * s.ti3(e - drift) + (1 - f) * s.ti4(e - drift));
			y[k] = noise == null ? v : noise.poisson(v);
		}
		return y;
	}

	@Test
	void powerLawIsRecoveredExactly() {
		double[] e = energy(), y = new double[CH];
		for (int k = 0; k < CH; k++) y[k] = 5e4 * Math.pow(e[k] / 455, -3.3);
		PowerLawBackground bg = PowerLawBackground.fit(y, 0, e, 0, 432, 450);
		assertEquals(3.3, bg.r, 1e-7);
		assertEquals(y[400], bg.at(e[400]), 1e-6 * y[400]);
	}

	@Test
	void noiselessMixtureGivesTheExactFraction() {
		TiL23Shapes s = new TiL23Shapes(0.5, 0.3);
		Reference[] r = refs(s);
		double[] e = energy();
		for (double f : new double[] { 0, 0.25, 0.5, 0.9, 1 }) {
			double[] y = spectrum(s, f, 0, 2e4, 8000, null);
			PowerLawBackground bg = PowerLawBackground.fit(y, 0, e, 0, 432, 449);
			Mlls.Fit fit = new Mlls.Fit();
			int kb = EdgeFinder.index(e, 432), k0 = EdgeFinder.index(e, 450), k1 = EdgeFinder.index(e, 476);
			Mlls.fit(y, 0, e, kb, k0, k1, 0, bg, r, false, 1, fit);
			assertTrue(fit.ok);
			assertEquals(f, fit.fraction(0, 1), 2e-3, "f = " + f);
		}
	}

	@Test
	void shiftTermRecoversAKnownShift() {
		TiL23Shapes s = new TiL23Shapes(0.5, 0.3);
		Reference[] r = refs(s);
		double[] e = energy();
		double[] y = spectrum(s, 0.4, 0.35, 2e4, 8000, null);
		PowerLawBackground bg = PowerLawBackground.fit(y, 0, e, 0, 432, 449);
		Mlls.Fit fit = new Mlls.Fit();
		Mlls.fit(y, 0, e, EdgeFinder.index(e, 432), EdgeFinder.index(e, 450), EdgeFinder.index(e, 476), 0, bg, r, true,
			1.5, fit);
		assertEquals(0.35, fit.shift, 0.01);
		assertEquals(0.4, fit.fraction(0, 1), 0.01);
	}

	/** The reported uncertainty is honest: the z-scores of 300 noisy fits have unit spread and ~68 % coverage. */
	@Test
	void uncertaintyCoverage() {
		TiL23Shapes s = new TiL23Shapes(0.5, 0.3);
		Reference[] r = refs(s);
		double[] e = energy();
		Noise noise = new Noise(42);
		int n = 300, inside = 0;
		double z2 = 0;
		Mlls.Fit fit = new Mlls.Fit();
		for (int i = 0; i < n; i++) {
			double f = 0.1 + 0.8 * noise.uniform();
			double[] y = spectrum(s, f, 0, 1500, 3000, noise);
			PowerLawBackground bg = PowerLawBackground.fit(y, 0, e, 0, 432, 449);
			Mlls.fit(y, 0, e, EdgeFinder.index(e, 432), EdgeFinder.index(e, 450), EdgeFinder.index(e, 476), 0, bg, r,
				false, 1, fit);
			double z = (fit.fraction(0, 1) - f) / fit.fractionSd(0, 1);
			z2 += z * z;
			if (Math.abs(z) < 1) inside++;
		}
		double rmsZ = Math.sqrt(z2 / n), coverage = inside / (double) n;
		assertTrue(rmsZ > 0.8 && rmsZ < 1.25, "rms z " + rmsZ);
		assertTrue(coverage > 0.58 && coverage < 0.78, "1-sigma coverage " + coverage);
	}

	/**
	 * The engine's covariance convention (scaled by the reduced chi-square): counts multiplied by a detector gain
	 * of 4 make the Poisson weights wrong by 4, the reduced chi-square about 4, and the scaled error bars of the
	 * fraction stay those of gain 1 (unscaled they would halve). The summary view names the parameters and keeps
	 * the sign of the reported background exponent.
	 */
	@Test
	void uncertaintiesFollowTheEngineConventionAndReport() {
		TiL23Shapes s = new TiL23Shapes(0.5, 0.3);
		Reference[] r = refs(s);
		double[] e = energy();
		Noise noise = new Noise(3);
		double ratio = 0, chiRatio = 0;
		int n = 40;
		Mlls.Fit a = new Mlls.Fit(), b = new Mlls.Fit();
		int kb = EdgeFinder.index(e, 432), k0 = EdgeFinder.index(e, 450), k1 = EdgeFinder.index(e, 476);
		for (int i = 0; i < n; i++) {
			double[] y = spectrum(s, 0.4, 0, 1500, 3000, noise), g = y.clone();
			for (int k = 0; k < g.length; k++) g[k] *= 4;
			Mlls.fit(y, 0, e, kb, k0, k1, 0, PowerLawBackground.fit(y, 0, e, 0, 432, 449), r, false, 1, a);
			Mlls.fit(g, 0, e, kb, k0, k1, 0, PowerLawBackground.fit(g, 0, e, 0, 432, 449), r, false, 1, b);
			ratio += b.fractionSd(0, 1) / a.fractionSd(0, 1) / n;
			chiRatio += b.reducedChiSquare() / a.reducedChiSquare() / n;
		}
		assertEquals(1, ratio, 0.02, "fraction sd at gain 4 over gain 1");
		assertEquals(4, chiRatio, 0.1, "reduced chi-square at gain 4 over gain 1");
		assertEquals(java.util.List.of("Ti3+", "Ti4+", "bg_scale", "bg_exponent"), a.parameterNames());
		assertEquals(Math.sqrt(a.cov[0]), a.stderr("Ti3+"), 0);
		assertEquals(a.bgExponent, a.value("bg_exponent"), 0);
		assertEquals(-a.cov[0 * a.p + 3], a.covariance("Ti3+", "bg_exponent"), 0);
		assertEquals(a.chiSquare() / (a.nData() - a.nFree()), a.reducedChiSquare(), 1e-12 * a.reducedChiSquare());
		String rep = a.report();
		assertTrue(rep.contains("# variables        = 4") && rep.contains("Ti3+: ") && rep.contains("+/- "), rep);
	}
}
