package org.interphase.core.fit;

import java.util.List;
import java.util.Locale;

/**
 * What every least-squares fit of the project reports, nonlinear ({@link FitResult}) or linear (the EELS MLLS
 * fit), with one convention for the uncertainties: the standard errors are the square roots of the covariance's
 * diagonal, and the covariance is (JᵀWJ)⁻¹ scaled by the reduced chi-square unless the fit says otherwise
 * ({@link FitOptions#scaleCovariance}, lmfit's {@code scale_covar}). {@link #report()} prints it as lmfit's
 * {@code fit_report()} does (a FitResult's own report adds the start values, bounds, AIC and BIC).
 */
public interface FitSummary {
	/** Names of all parameters, in the order of the covariance. */
	List<String> parameterNames();

	double value(String parameter);

	/** One standard deviation (0 for fixed parameters). */
	double stderr(String parameter);

	double covariance(String a, String b);

	double chiSquare();

	double reducedChiSquare();

	int nData();

	int nFree();

	boolean converged();

	String message();

	/** lmfit's fit_report(): fit statistics, values with standard errors, correlations above 0.1. */
	default String report() {
		return report(this, 0.1);
	}

	/** The report with correlations of at least {@code minCorrelation} in absolute value. */
	static String report(FitSummary f, double minCorrelation) {
		StringBuilder s = new StringBuilder();
		s.append("[[Fit Statistics]]\n");
		s.append(String.format(Locale.ROOT, "    # data points      = %d%n", f.nData()));
		s.append(String.format(Locale.ROOT, "    # variables        = %d%n", f.nFree()));
		s.append(String.format(Locale.ROOT, "    chi-square         = %.8g%n", f.chiSquare()));
		s.append(String.format(Locale.ROOT, "    reduced chi-square = %.8g%n", f.reducedChiSquare()));
		s.append("    ").append(f.converged() ? "converged" : "NOT converged").append(": ").append(f.message())
			.append('\n');
		s.append("[[Variables]]\n");
		List<String> names = f.parameterNames();
		for (String n : names) {
			double v = f.value(n), e = f.stderr(n);
			s.append(String.format(Locale.ROOT, "    %s: %.8g", n, v));
			if (e > 0) s.append(String.format(Locale.ROOT, " +/- %.8g (%.2f%%)", e, v != 0 ? 100 * Math.abs(e / v)
				: Double.NaN));
			else s.append(" (fixed or not estimable)");
			s.append('\n');
		}
		StringBuilder c = new StringBuilder();
		for (int i = 0; i < names.size(); i++) for (int j = i + 1; j < names.size(); j++) {
			double si = f.stderr(names.get(i)), sj = f.stderr(names.get(j));
			if (!(si > 0 && sj > 0)) continue;
			double r = f.covariance(names.get(i), names.get(j)) / (si * sj);
			if (Math.abs(r) >= minCorrelation) c.append(String.format(Locale.ROOT, "    C(%s, %s) = %+.4f%n", names.get(
				i), names.get(j), r));
		}
		if (c.length() > 0) s.append(String.format(Locale.ROOT, "[[Correlations]] (unreported correlations are < %.3f)%n",
			minCorrelation)).append(c);
		return s.toString();
	}
}
