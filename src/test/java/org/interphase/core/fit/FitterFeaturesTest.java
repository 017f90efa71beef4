package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FitterFeaturesTest {
	private static double[] axis(double lo, double hi, double step) {
		int n = (int) Math.round((hi - lo) / step) + 1;
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = lo + i * step;
		return x;
	}

	/** A doublet with links and an active Shirley step, noise-free: the truth is recovered exactly. */
	@Test
	void linkedDoubletsOnActiveShirleyRecoverTheTruth() {
		double[] x = axis(450, 472, 0.1);
		Model m = Model.of(new Doublet("a_", Shape.GL_PRODUCT), new Doublet("b_", Shape.GL_PRODUCT), new ShirleyActive("bg_", true));
		Parameters truth = params(6000, 459.3, 1.2, 2.0, 3000, 1.3, 500, 0.05);
		double[] y = m.eval(x, truth);
		Parameters start = params(4000, 459.0, 1.5, 1.6, 4000, 1.0, 450, 0.02);
		FitResult f = Fitter.fit(m, start, x, y);
		assertTrue(f.converged(), f.message());
		for (String n : new String[] {"a_area", "a_center", "a_fwhm", "a_fwhm2", "b_area", "shift", "bg_offset", "bg_k"})
			assertEquals(truth.value(n), f.value(n), 1e-5 * Math.abs(truth.value(n)), n);
		assertEquals(459.3 - 1.3, f.value("b_center"), 1e-5);
		assertEquals(f.stderr("a_center"), f.stderr("b_center") > 0 ? f.stderr("a_center") : -1, 1e-12); // linked has an error
		assertTrue(f.stderr("b_center") > 0);
		assertEquals(6000 * 1.5, f.area("a"), 1e-2);
		assertEquals(0, f.chiSquare(), 1e-6);
		// per-component curves add up to the envelope
		double[] env = f.envelope();
		double[] sum = new double[x.length];
		for (double[] c : f.componentCurves().values()) for (int i = 0; i < x.length; i++) sum[i] += c[i];
		assertArrayEquals(env, sum, 1e-6);
	}

	private static Parameters params(double aArea, double aCenter, double fw, double fw2, double bArea, double shift,
		double off, double k)
	{
		Parameters p = new Parameters();
		p.add("shift", shift).bounds(0.8, 1.6);
		p.add("a_area", aArea).bounds(0, Double.POSITIVE_INFINITY);
		p.add("a_center", aCenter).bounds(458, 461);
		p.add("a_fwhm", fw).bounds(0.5, 3);
		p.add("a_mix", 0.3).fixed();
		p.add("a_split", 5.7).fixed();
		p.add("a_ratio", 0.5).fixed();
		p.add("a_fwhm2", fw2).bounds(0.5, 4);
		p.add("b_area", bArea).bounds(0, Double.POSITIVE_INFINITY);
		p.add("b_center", 0).link(Link.offsetBy("a_center", "shift", -1));
		p.add("b_fwhm", 0).link(Link.equalTo("a_fwhm"));
		p.add("b_mix", 0).link(Link.equalTo("a_mix"));
		p.add("b_split", 0).link(Link.equalTo("a_split"));
		p.add("b_ratio", 0.5).fixed();
		p.add("b_fwhm2", 0).link(Link.multipleOf("a_fwhm2", 1.0));
		p.add("bg_offset", off);
		p.add("bg_k", k).bounds(0, 1);
		return p;
	}

	@Test
	void boundsAreRespectedAndReported() {
		double[] x = axis(0, 10, 0.05);
		Model m = Model.of(new Peak("p_", Shape.GAUSSIAN), new Polynomial("bg_", 0, 0));
		Parameters t = new Parameters();
		t.add("p_area", 100);
		t.add("p_center", 5);
		t.add("p_fwhm", 1);
		t.add("bg_c0", 10);
		double[] y = m.eval(x, t);
		Parameters s = t.copy();
		s.get("p_center").bounds(5.5, 7).value = 6;
		FitResult f = Fitter.fit(m, s, x, y, new FitOptions().weighting(FitOptions.Weighting.UNIT));
		assertTrue(f.value("p_center") >= 5.5 && f.value("p_center") < 5.51);
		assertTrue(f.atBound().contains("p_center"));
		assertTrue(f.stderr("p_center") > 0, "covariance stays honest at a bound");
	}

	@Test
	void badSetupsAreNamed() {
		Model m = Model.of(new Peak("p_", Shape.GAUSSIAN));
		Parameters p = new Parameters();
		p.add("p_area", 1);
		p.add("p_center", 0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fitter.fit(m, p, axis(0, 1, 0.1), new double[11]));
		assertTrue(e.getMessage().contains("p_fwhm"));
		p.add("p_fwhm", 0).link(Link.equalTo("q"));
		e = assertThrows(IllegalArgumentException.class, () -> Fitter.fit(m, p, axis(0, 1, 0.1), new double[11]));
		assertTrue(e.getMessage().contains("unknown parameter q"));
		p.add("q", 1).link(Link.equalTo("p_fwhm"));
		e = assertThrows(IllegalArgumentException.class, () -> Fitter.fit(m, p, axis(0, 1, 0.1), new double[11]));
		assertTrue(e.getMessage().contains("circular"));
	}

	@Test
	void nonConvergenceIsReportedNotThrown() {
		double[] x = axis(0, 10, 0.05);
		Model m = Model.of(new Peak("p_", Shape.LORENTZIAN));
		Parameters t = new Parameters();
		t.add("p_area", 100);
		t.add("p_center", 5);
		t.add("p_fwhm", 1);
		double[] y = m.eval(x, t);
		Parameters s = t.copy();
		s.get("p_center").value = 1;
		FitResult f = Fitter.fit(m, s, x, y, new FitOptions().maxEvaluations(2));
		assertFalse(f.converged());
		assertTrue(f.message().contains("no convergence"));
	}

	@Test
	void monteCarloIsSeededIndependentOfThreadsAndPoissonIsRight() {
		double[] x = axis(0, 10, 0.1);
		Model m = Model.of(new Peak("a_", Shape.GAUSSIAN), new Peak("b_", Shape.GAUSSIAN), new Polynomial("bg_", 0, 0));
		Parameters t = new Parameters();
		t.add("a_area", 2000);
		t.add("a_center", 4);
		t.add("a_fwhm", 1.2);
		t.add("b_area", 1000);
		t.add("b_center", 5.5);
		t.add("b_fwhm", 1.2);
		t.add("bg_c0", 100);
		double[] mean = m.eval(x, t);
		SplittableRandom r = new SplittableRandom(1);
		double[] y = new double[x.length];
		for (int i = 0; i < y.length; i++) y[i] = MonteCarlo.poisson(r, mean[i]);
		FitResult f = Fitter.fit(m, t, x, y);
		FitValues.Derived frac = v -> new double[] {v.area("b") / (v.area("a") + v.area("b"))};
		MonteCarlo.Result r1 = MonteCarlo.run(m, f.parameters(t), f, new FitOptions(), null, frac, 40, 9, 1);
		MonteCarlo.Result r2 = MonteCarlo.run(m, f.parameters(t), f, new FitOptions(), null, frac, 40, 9, 2);
		assertArrayEquals(r1.sd, r2.sd, 0);
		double cov = f.propagate(frac)[0];
		assertEquals(1, r1.sd[0] / cov, 0.35, "MC " + r1.sd[0] + " vs covariance " + cov);
		// Poisson sampler: mean and variance at small and large means
		for (double mu : new double[] {0.7, 8, 45, 3000}) {
			double s = 0, s2 = 0;
			int n = 40000;
			for (int i = 0; i < n; i++) {
				double k = MonteCarlo.poisson(r, mu);
				s += k;
				s2 += k * k;
			}
			double mm = s / n, var = s2 / n - mm * mm;
			assertEquals(mu, mm, 5 * Math.sqrt(mu / n), "mean at " + mu);
			assertEquals(mu, var, 0.05 * mu, "variance at " + mu);
		}
	}

	@Test
	void passiveShirleyOfAPureStepSpectrumIsTheStep() {
		double[] x = axis(450, 470, 0.1);
		Model m = Model.of(new Peak("p_", Shape.GL_PRODUCT), new ShirleyActive("bg_", true));
		Parameters t = new Parameters();
		t.add("p_area", 1000);
		t.add("p_center", 460);
		t.add("p_fwhm", 1.3);
		t.add("p_mix", 0.3);
		t.add("bg_offset", 200);
		t.add("bg_k", 0.2);
		double[] y = m.eval(x, t);
		double[] bg = m.evalComponents(x, t).get("bg");
		double[] sh = Backgrounds.shirley(x, y, 1, true, 100, 1e-9);
		assertArrayEquals(bg, sh, 1e-6 * 400);
		// descending axis gives the same background reversed
		double[] xr = Backgrounds.reversed(x), yr = Backgrounds.reversed(y);
		assertArrayEquals(Backgrounds.reversed(sh), Backgrounds.shirley(xr, yr, 1, true, 100, 1e-9), 1e-9);
		double[] lin = Backgrounds.linear(x, y, 1);
		assertEquals(y[0], lin[0], 1e-12);
		assertEquals(y[y.length - 1], lin[y.length - 1], 1e-12);
		double[] tg = Backgrounds.tougaard(x, y, 1, true, 1643);
		assertEquals(y[y.length - 1], tg[y.length - 1], 1e-9);
	}
}
