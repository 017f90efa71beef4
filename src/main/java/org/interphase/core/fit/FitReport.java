package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of a fit report in the layout of lmfit's {@code fit_report()}: fit statistics, one line per parameter
 * (value ± σ with the relative error, start value, fixed, linked or at a bound) and the correlations of the free
 * parameters above a threshold. Shared by the engine's results (e.g. {@link FitResult#report()}) so that every fit
 * of the engine reports itself the same way. Numbers are printed with {@code %.8g} (σ {@code %.6g}), locale-neutral.
 */
final class FitReport {
	private FitReport() {}

	/** Parameter descriptions: names, values, σ (NaN when not estimable), start, bounds, and how each is held. */
	static final class Params {
		String[] names;
		double[] values, sigmas, init, min, max;
		/** null for free; "fixed"; or the link's expression. */
		String[] held;
		boolean[] atBound;
	}

	/**
	 * Akaike information criterion as lmfit computes it: n ln(χ²/n) + 2 m; NaN where undefined (χ² = 0 or no
	 * data).
	 */
	static double aic(double chi2, int n, int m) {
		return chi2 > 0 && n > 0 ? n * Math.log(chi2 / n) + 2.0 * m : Double.NaN;
	}

	/** Bayesian information criterion as lmfit: n ln(χ²/n) + ln(n) m; NaN where undefined. */
	static double bic(double chi2, int n, int m) {
		return chi2 > 0 && n > 0 ? n * Math.log(chi2 / n) + Math.log(n) * m : Double.NaN;
	}

	static String text(String method, int evaluations, int n, int m, double chi2, double redchi, boolean converged,
		String message, boolean covarianceValid, Params p, String[] freeNames, double[][] covFree, double minCorrelation)
	{
		StringBuilder s = new StringBuilder();
		s.append("[[Fit Statistics]]\n");
		line(s, "# fitting method", method);
		line(s, "# function evals", Integer.toString(evaluations));
		line(s, "# data points", Integer.toString(n));
		line(s, "# variables", Integer.toString(m));
		line(s, "chi-square", g(chi2));
		line(s, "reduced chi-square", g(redchi));
		double aic = aic(chi2, n, m), bic = bic(chi2, n, m);
		line(s, "Akaike info crit", Double.isNaN(aic) ? "undefined (chi-square 0)" : g(aic));
		line(s, "Bayesian info crit", Double.isNaN(bic) ? "undefined (chi-square 0)" : g(bic));
		line(s, "converged", (converged ? "yes" : "NO") + (message == null || message.isEmpty() || message.equals("converged") ? "" : " (" + message + ")"));
		if (!covarianceValid) s.append("    ## uncertainties could not be estimated for every parameter (singular Jacobian)\n");
		s.append("[[Variables]]\n");
		int w = 0;
		for (String name : p.names) w = Math.max(w, name.length());
		for (int i = 0; i < p.names.length; i++) {
			s.append("    ").append(p.names[i]).append(':');
			for (int k = p.names[i].length(); k < w + 1; k++) s.append(' ');
			s.append(' ').append(g(p.values[i]));
			String held = p.held[i];
			double sd = p.sigmas[i];
			if (!"fixed".equals(held)) {
				if (Double.isFinite(sd) && sd > 0) {
					s.append(" +/- ").append(String.format(Locale.ROOT, "%.6g", sd));
					if (p.values[i] != 0)
						s.append(String.format(Locale.ROOT, " (%.2f%%)", 100 * sd / Math.abs(p.values[i])));
				}
				else s.append(" +/- (not estimable)");
			}
			if (held == null) s.append(" (init = ").append(g(p.init[i])).append(')');
			else if ("fixed".equals(held)) s.append(" (fixed)");
			else s.append(" == '").append(held).append('\'');
			if (p.atBound[i])
				s.append(" (at bound [").append(g(p.min[i])).append(", ").append(g(p.max[i])).append("])");
			s.append('\n');
		}
		List<String> corr = correlations(freeNames, covFree, minCorrelation);
		if (!corr.isEmpty()) {
			s.append("[[Correlations]] (unreported correlations are < ")
				.append(String.format(Locale.ROOT, "%.3f", minCorrelation)).append(")\n");
			for (String c : corr) s.append("    ").append(c).append('\n');
		}
		return s.toString();
	}

	/** "C(a, b) = +0.9876" for every pair of free parameters above the threshold, largest first. */
	static List<String> correlations(String[] names, double[][] cov, double min) {
		List<double[]> pairs = new ArrayList<>();
		int m = names.length;
		for (int a = 0; a < m; a++)
			for (int b = a + 1; b < m; b++) {
				double d = Math.sqrt(cov[a][a] * cov[b][b]);
				if (!(d > 0)) continue;
				double r = cov[a][b] / d;
				if (Math.abs(r) > min) pairs.add(new double[] { r, a, b });
			}
		pairs.sort((u, v) -> Double.compare(Math.abs(v[0]), Math.abs(u[0])));
		List<String> out = new ArrayList<>();
		for (double[] q : pairs)
			out.add(String.format(Locale.ROOT, "C(%s, %s) = %+.4f", names[(int) q[1]], names[(int) q[2]], q[0]));
		return out;
	}

	private static void line(StringBuilder s, String key, String value) {
		s.append("    ").append(key);
		for (int k = key.length(); k < 19; k++) s.append(' ');
		s.append("= ").append(value).append('\n');
	}

	static String g(double v) {
		if (Double.isNaN(v)) return "NaN";
		if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
		return String.format(Locale.ROOT, "%.8g", v);
	}
}
