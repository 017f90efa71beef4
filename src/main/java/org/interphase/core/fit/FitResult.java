package org.interphase.core.fit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcome of one fit: best values and standard errors of every parameter (linked ones included), covariance,
 * chi-square and reduced chi-square, residuals, envelope, background and per-component curves (for plots),
 * convergence and the parameters that ended at a bound. Immutable. A {@link FitSummary}, whose report it prints
 * with the start values, bounds, AIC and BIC besides.
 */
public final class FitResult implements FitValues, FitSummary {
	private final Problem pb;
	private final double[] x, y, sqrtWeights, baseline, values, envelope, residuals;
	private final double[][] cov, covFree, curves;
	private final double chi2, redchi;
	private final int nFree, iterations, evaluations;
	private final boolean converged, covarianceValid;
	private final String message;
	private final List<String> atBound;

	FitResult(Problem pb, double[] x, double[] y, double[] sqrtWeights, double[] baseline, double[] values,
		double[][] cov, double[][] covFree, double[][] curves, double[] envelope, double[] residuals, double chi2,
		double redchi, int nFree, boolean converged, boolean covarianceValid, String message, int iterations,
		int evaluations, List<String> atBound)
	{
		this.pb = pb;
		this.x = x;
		this.y = y;
		this.sqrtWeights = sqrtWeights;
		this.baseline = baseline;
		this.values = values;
		this.cov = cov;
		this.covFree = covFree;
		this.curves = curves;
		this.envelope = envelope;
		this.residuals = residuals;
		this.chi2 = chi2;
		this.redchi = redchi;
		this.nFree = nFree;
		this.converged = converged;
		this.covarianceValid = covarianceValid;
		this.message = message;
		this.iterations = iterations;
		this.evaluations = evaluations;
		this.atBound = Collections.unmodifiableList(new ArrayList<>(atBound));
	}

	private int idx(String name) {
		Integer i = pb.index.get(name);
		if (i == null) throw new IllegalArgumentException("no parameter named " + name);
		return i;
	}

	@Override
	public double value(String parameter) {
		return values[idx(parameter)];
	}

	/** One standard deviation from the covariance (0 for fixed parameters). */
	public double stderr(String parameter) {
		int i = idx(parameter);
		return Math.sqrt(Math.max(0, cov[i][i]));
	}

	public double covariance(String a, String b) {
		return cov[idx(a)][idx(b)];
	}

	/** Names of all parameters, in the order of {@link #covarianceMatrix()}. */
	public List<String> parameterNames() {
		return List.of(pb.names);
	}

	/** Covariance of all parameters (links propagated; zero rows for fixed ones). */
	public double[][] covarianceMatrix() {
		double[][] c = new double[cov.length][];
		for (int i = 0; i < c.length; i++) c[i] = cov[i].clone();
		return c;
	}

	/** Names of the free parameters. */
	public List<String> freeParameterNames() {
		List<String> l = new ArrayList<>();
		for (int j : pb.free) l.add(pb.names[j]);
		return l;
	}

	/** Covariance of the free parameters (external coordinates). */
	public double[][] freeCovariance() {
		double[][] c = new double[covFree.length][];
		for (int i = 0; i < c.length; i++) c[i] = covFree[i].clone();
		return c;
	}

	/** Best values as a Parameters copy of the input (links and bounds kept), e.g. to start the next fit. */
	public Parameters parameters(Parameters template) {
		Parameters p = template.copy();
		for (int i = 0; i < pb.names.length; i++) if (p.has(pb.names[i])) p.get(pb.names[i]).value = values[i];
		return p;
	}

	public double chiSquare() {
		return chi2;
	}

	public double reducedChiSquare() {
		return redchi;
	}

	public int nData() {
		return x.length;
	}

	public int nFree() {
		return nFree;
	}

	public boolean converged() {
		return converged;
	}

	/** False when the Jacobian was rank deficient: some standard errors are not estimable (reported as 0). */
	public boolean covarianceValid() {
		return covarianceValid;
	}

	public String message() {
		return message;
	}

	public int iterations() {
		return iterations;
	}

	public int evaluations() {
		return evaluations;
	}

	/** Free parameters that ended within 0.1 % of the range from a bound. */
	public List<String> atBound() {
		return atBound;
	}

	public double[] x() {
		return x.clone();
	}

	public double[] y() {
		return y.clone();
	}

	/** Data minus envelope. */
	public double[] residuals() {
		return residuals.clone();
	}

	/** Best model: baseline plus all components. */
	public double[] envelope() {
		return envelope.clone();
	}

	/** Passive baseline plus all non-peak components (active backgrounds, polynomials). */
	public double[] background() {
		double[] b = baseline.clone();
		for (int c = 0; c < curves.length; c++)
			if (!pb.comps[c].isPeak()) for (int i = 0; i < b.length; i++) b[i] += curves[c][i];
		return b;
	}

	/** The passive baseline given in the options (zeros if none). */
	public double[] baseline() {
		return baseline.clone();
	}

	/** sqrt of the weights used. */
	public double[] sqrtWeights() {
		return sqrtWeights.clone();
	}

	/** Names of the peak components, in model order. */
	public List<String> peakNames() {
		List<String> l = new ArrayList<>();
		for (Component c : pb.comps) if (c.isPeak()) l.add(c.name());
		return l;
	}

	/** Each component's curve (without background), by name, in model order. */
	public Map<String, double[]> componentCurves() {
		Map<String, double[]> m = new LinkedHashMap<>();
		for (int c = 0; c < curves.length; c++) m.put(pb.comps[c].name(), curves[c].clone());
		return m;
	}

	private int comp(String name) {
		for (int c = 0; c < pb.comps.length; c++)
			if (pb.comps[c].name().equals(name) || pb.comps[c].prefix().equals(name)) return c;
		throw new IllegalArgumentException("no component named " + name);
	}

	@Override
	public double area(String component) {
		int c = comp(component);
		return areaOf(c, values, curves[c]);
	}

	private double areaOf(int c, double[] v, double[] curve) {
		double[] l = new double[pb.compIdx[c].length];
		for (int k = 0; k < l.length; k++) l[k] = v[pb.compIdx[c][k]];
		double a = pb.comps[c].area(l);
		if (!Double.isNaN(a)) return a;
		double[] cv = curve;
		if (cv == null) {
			cv = new double[x.length];
			pb.comps[c].addTo(x, l, cv);
		}
		double s = 0;
		for (int i = 1; i < x.length; i++) s += 0.5 * (cv[i] + cv[i - 1]) * Math.abs(x[i] - x[i - 1]);
		return s;
	}

	/** FWHM of a component's (first) line. */
	public double fwhm(String component) {
		int c = comp(component);
		double[] l = new double[pb.compIdx[c].length];
		for (int k = 0; k < l.length; k++) l[k] = values[pb.compIdx[c][k]];
		return pb.comps[c].fwhm(l);
	}

	/**
	 * Standard deviations of derived quantities (e.g. fractions) by linear propagation of the covariance:
	 * numerical gradient with respect to the free parameters, sigma^2 = g' C g.
	 */
	public double[] propagate(FitValues.Derived f) {
		double[] f0 = f.apply(this);
		int m = pb.free.length, k = f0.length;
		double[][] grad = new double[k][m];
		double[] pf = new double[m];
		for (int a = 0; a < m; a++) pf[a] = values[pb.free[a]];
		double[] v1 = new double[values.length];
		for (int a = 0; a < m; a++) {
			double sd = Math.sqrt(Math.max(covFree[a][a], 0));
			double h = sd > 0 ? 1e-3 * sd : 1e-6 * Math.max(Math.abs(pf[a]), 1e-6);
			double keep = pf[a];
			pf[a] = keep + h;
			pb.valuesFromFree(pf, v1);
			double[] fp = f.apply(at(v1.clone()));
			pf[a] = keep - h;
			pb.valuesFromFree(pf, v1);
			double[] fm = f.apply(at(v1.clone()));
			pf[a] = keep;
			for (int q = 0; q < k; q++) grad[q][a] = (fp[q] - fm[q]) / (2 * h);
		}
		double[] sd = new double[k];
		for (int q = 0; q < k; q++) {
			double s = 0;
			for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) s += grad[q][a] * covFree[a][b] * grad[q][b];
			sd[q] = Math.sqrt(Math.max(0, s));
		}
		return sd;
	}

	/** Fit values at other parameter values (areas re-integrated when needed). */
	private FitValues at(double[] v) {
		return new FitValues() {
			@Override
			public double value(String parameter) {
				return v[idx(parameter)];
			}

			@Override
			public double area(String component) {
				int c = comp(component);
				return areaOf(c, v, null);
			}
		};
	}

	/**
	 * A text report in the layout of lmfit's {@code fit_report()}: fit statistics (points, variables, chi-square,
	 * reduced chi-square, AIC and BIC where defined, convergence), each parameter with value ± σ (relative %), start
	 * value, fixed, linked or at a bound, and the correlations of free parameters above 0.1.
	 */
	public String report() {
		return report(0.1);
	}

	/** {@link #report()} listing correlations whose magnitude exceeds minCorrelation. */
	public String report(double minCorrelation) {
		int np = pb.names.length;
		FitReport.Params p = new FitReport.Params();
		p.names = pb.names.clone();
		p.values = values.clone();
		p.sigmas = new double[np];
		p.init = pb.init.clone();
		p.min = pb.min.clone();
		p.max = pb.max.clone();
		p.held = new String[np];
		p.atBound = new boolean[np];
		for (int i = 0; i < np; i++) {
			p.sigmas[i] = Math.sqrt(Math.max(0, cov[i][i]));
			if (pb.links[i] != null) p.held[i] = pb.links[i].toString();
			else if (!pb.varies[i]) p.held[i] = "fixed";
			p.atBound[i] = atBound.contains(pb.names[i]);
		}
		String[] free = freeParameterNames().toArray(new String[0]);
		return FitReport.text("Levenberg-Marquardt", evaluations, nData(), nFree, chi2, redchi, converged, message,
			covarianceValid, p, free, covFree, minCorrelation);
	}

	/** Akaike information criterion n ln(χ²/n) + 2 m (lmfit's definition); NaN when χ² is 0. */
	public double aic() {
		return FitReport.aic(chi2, nData(), nFree);
	}

	/** Bayesian information criterion n ln(χ²/n) + ln(n) m (lmfit's definition); NaN when χ² is 0. */
	public double bic() {
		return FitReport.bic(chi2, nData(), nFree);
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder();
		s.append(message).append(", reduced chi2 = ").append(redchi).append('\n');
		for (int i = 0; i < pb.names.length; i++)
			s.append(pb.names[i]).append(" = ").append(values[i]).append(" +/- ").append(Math.sqrt(Math.max(0, cov[i][i]))).append('\n');
		return s.toString();
	}
}
