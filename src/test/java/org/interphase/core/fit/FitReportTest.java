package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The lmfit-style report of a straight-line fit carries the numbers of the closed-form least-squares solution. */
class FitReportTest {
	private static final double[] X = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	private static final double[] Y = { 1.10, 2.93, 5.12, 6.85, 9.21, 10.94, 13.05, 15.20, 16.83, 19.08 };

	private static double number(String report, String regex) {
		Matcher m = Pattern.compile(regex).matcher(report);
		assertTrue(m.find(), "no match for " + regex + " in\n" + report);
		return Double.parseDouble(m.group(1));
	}

	@Test
	void straightLineReportMatchesTheAnalyticSolution() {
		// closed form: slope, intercept, s^2 = RSS/(n-2), var(slope) = s^2/Sxx, var(icpt) = s^2 (1/n + xbar^2/Sxx)
		int n = X.length;
		double mx = 0, my = 0;
		for (int i = 0; i < n; i++) {
			mx += X[i] / n;
			my += Y[i] / n;
		}
		double sxx = 0, sxy = 0;
		for (int i = 0; i < n; i++) {
			sxx += (X[i] - mx) * (X[i] - mx);
			sxy += (X[i] - mx) * (Y[i] - my);
		}
		double slope = sxy / sxx, icpt = my - slope * mx, rss = 0;
		for (int i = 0; i < n; i++) rss += Math.pow(Y[i] - icpt - slope * X[i], 2);
		double s2 = rss / (n - 2), sdSlope = Math.sqrt(s2 / sxx), sdIcpt = Math.sqrt(s2 * (1.0 / n + mx * mx / sxx));
		double corr = -mx / Math.sqrt(sxx / n + mx * mx); // cov(icpt, slope) = -xbar s^2/Sxx

		Model model = Model.of(Polynomial.linear("line_", 0), new Polynomial("off_", 0, 0));
		Parameters p = new Parameters();
		p.add("line_c0", 0);
		p.add("line_c1", 1);
		p.add("off_c0", 0).fixed();
		FitResult f = Fitter.fit(model, p, X, Y, new FitOptions().weighting(FitOptions.Weighting.UNIT));
		String r = f.report();

		assertEquals(n, (int) number(r, "# data points\\s+= (\\d+)"));
		assertEquals(2, (int) number(r, "# variables\\s+= (\\d+)"));
		assertEquals(rss, number(r, "chi-square\\s+= (\\S+)"), 1e-6 * rss);
		assertEquals(s2, number(r, "reduced chi-square\\s+= (\\S+)"), 1e-6 * s2);
		assertEquals(n * Math.log(rss / n) + 4, number(r, "Akaike info crit\\s+= (\\S+)"), 1e-6);
		assertEquals(n * Math.log(rss / n) + 2 * Math.log(n), number(r, "Bayesian info crit\\s+= (\\S+)"), 1e-6);
		assertTrue(r.contains("converged          = yes"), r);
		assertEquals(slope, number(r, "line_c1:\\s+(\\S+) \\+/-"), 1e-6);
		assertEquals(sdSlope, number(r, "line_c1:\\s+\\S+ \\+/- (\\S+)"), 1e-4 * sdSlope);
		assertEquals(100 * sdSlope / slope, number(r, "line_c1:\\s+\\S+ \\+/- \\S+ \\((\\S+)%\\)"), 0.01);
		assertEquals(icpt, number(r, "line_c0:\\s+(\\S+) \\+/-"), 1e-6);
		assertEquals(sdIcpt, number(r, "line_c0:\\s+\\S+ \\+/- (\\S+)"), 1e-4 * sdIcpt);
		assertEquals(0, number(r, "line_c0:.*\\(init = (\\S+)\\)"), 0);
		assertTrue(r.matches("(?s).*off_c0:\\s+0\\.0+ \\(fixed\\)\n.*"), r);
		assertEquals(corr, number(r, "C\\(line_c0, line_c1\\) = (\\S+)"), 1e-4);
		assertEquals(f.aic(), n * Math.log(rss / n) + 4, 1e-9);
	}

	@Test
	void linkedBoundedAndExactFitsAreNamed() {
		// y = 2 a + b x exactly: chi-square 0 leaves AIC/BIC undefined; q_c0 follows p_c0; b ends on its bound
		double[] y = new double[X.length];
		for (int i = 0; i < y.length; i++) y[i] = 2 * 1.5 + 0.5 * X[i];
		Model model = Model.of(Polynomial.linear("p_", 0), new Polynomial("q_", 0, 0));
		Parameters p = new Parameters();
		p.add("p_c0", 1);
		p.add("p_c1", 0.2).bounds(0, 0.5);
		p.add("q_c0", 0).link(Link.equalTo("p_c0"));
		FitResult f = Fitter.fit(model, p, X, y, new FitOptions().weighting(FitOptions.Weighting.UNIT));
		String r = f.report();
		assertTrue(r.contains("Akaike info crit   = undefined"), r);
		assertTrue(r.contains("q_c0:"), r);
		assertTrue(r.matches("(?s).*q_c0:\\s+1\\.50+ .*== 'p_c0'\n.*"), r);
		assertTrue(r.matches("(?s).*p_c1:.*\\(at bound \\[0\\.0+, 0\\.50+\\]\\)\n.*"), r);
		assertTrue(Double.isNaN(f.bic()));
	}
}
