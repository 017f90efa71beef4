package org.interphase.core.eels;

import java.util.List;

import org.interphase.core.fit.Expression;
import org.interphase.core.fit.FitOptions;
import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.FitSummary;
import org.interphase.core.fit.Fitter;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameters;

/**
 * Along a line scan: where the interface is (the Ti L intensity rising to half its bulk level, as in the ISO
 * 20263 "averaged interface position"), and how deep the Ti3+ fraction stays above one half: a weighted sigmoid
 * f(d) = lo + (hi - lo) / (1 + exp((d - x0) / w)) fitted to the fractions behind the interface
 * (the fitting engine {@link Fitter}, Levenberg-Marquardt), the depth solving f = 0.5 with its uncertainty from the
 * fit covariance (delta method) and the interface uncertainty in quadrature. The covariance is the engine's with
 * absolute error bars ({@code scaleCovariance(false)}), multiplied by the reduced chi-square when that exceeds 1:
 * a profile that scatters more than its error bars widens the depth's, one that scatters less does not narrow it.
 */
public final class ValenceProfile {
	private ValenceProfile() {}

	/** f(d) = lo + (hi - lo) / (1 + exp((d - x0) / w)) with w = exp(logw), one engine component. */
	private static final Model SIGMOID = Model.of(new Expression("s_", List.of("hi", "lo", "x0", "logw"), false,
		(d, q) -> {
			double z = Math.exp(Math.max(-50, Math.min(50, (d - q[2]) / Math.exp(q[3]))));
			double s = 1 / (1 + z);
			return q[1] + (q[0] - q[1]) * s;
		}));

	/** Interface position along the scan (same unit as x) and its standard deviation; NaN when none. */
	public static double[] interface50(double[] x, double[] tiIntensity, double[] tiSd) {
		int n = x.length;
		double[] sorted = tiIntensity.clone();
		java.util.Arrays.sort(sorted);
		// bulk level: median of the upper half
		double plateau = sorted[n / 2 + (n - n / 2) / 2];
		if (!(plateau > 0)) return new double[] { Double.NaN, Double.NaN };
		double half = 0.5 * plateau;
		int first = -1;
		for (int i = 0; i < n; i++) if (tiIntensity[i] >= half) {
			// require the next two to stay above (noise guard)
			boolean stays = true;
			for (int j = i + 1; j < Math.min(n, i + 3); j++) if (tiIntensity[j] < half) stays = false;
			if (stays) {
				first = i;
				break;
			}
		}
		if (first < 0) return new double[] { Double.NaN, Double.NaN };
		double step = n > 1 ? Math.abs(x[1] - x[0]) : 1;
		if (first == 0) return new double[] { x[0], step };
		double a = tiIntensity[first - 1], b = tiIntensity[first];
		double t = (half - a) / (b - a);
		double pos = x[first - 1] + t * (x[first] - x[first - 1]);
		double slope = (b - a) / (x[first] - x[first - 1]);
		double noise = Math.hypot(tiSd[first - 1], tiSd[first]) * 0.5;
		double sd = Math.sqrt(step * step / 12 + (slope > 0 ? (noise / slope) * (noise / slope) : 0));
		return new double[] { pos, sd };
	}

	/** The sigmoid fit of a fraction profile and the 0.5 crossing. */
	public static final class Crossing {
		/** hi, lo, x0, w */
		public final double[] params;
		public final double depth, depthSd, chi2r;
		public final boolean converged;
		/** The fraction never exceeds 0.5 (depth reported 0). */
		public final boolean neverDominant;
		/** The fraction stays above 0.5 to the end of the scan (depth is a lower bound). */
		public final boolean noCrossingInScan;
		/** The engine's fit of the sigmoid (parameters s_hi, s_lo, s_x0, s_logw; {@code report()}), null when it
		 * failed. */
		public final FitSummary fit;

		Crossing(double[] params, double depth, double depthSd, double chi2r, boolean converged, boolean never,
			boolean noCrossing, FitSummary fit)
		{
			this.fit = fit;
			this.params = params;
			this.depth = depth;
			this.depthSd = depthSd;
			this.chi2r = chi2r;
			this.converged = converged;
			this.neverDominant = never;
			this.noCrossingInScan = noCrossing;
		}

		public double at(double d) {
			return params == null ? Double.NaN : sigmoid(params, d);
		}
	}

	static double sigmoid(double[] p, double d) {
		return p[1] + (p[0] - p[1]) / (1 + Math.exp((d - p[2]) / p[3]));
	}

	/**
	 * Fits the profile (d = distance from the interface, points with NaN fraction or d &lt; -step skipped).
	 *
	 * @param interfaceSd added in quadrature to the depth uncertainty
	 */
	public static Crossing fit(double[] d, double[] f, double[] sd, double interfaceSd) {
		Profile pr = validPointsByDistance(d, f, sd);
		int n = pr.n;
		if (n < 5) return null;
		double[] xs = pr.xs, ys = pr.ys, ws = pr.ws;
		// robust first look: does the fraction ever clearly exceed 0.5?
		int above = 0;
		for (int i = 0; i < n; i++) if (ys[i] - 0.5 > 2 / Math.sqrt(ws[i])) above++;
		double xmin = xs[0], xmax = xs[n - 1];
		double step = (xmax - xmin) / Math.max(1, n - 1);
		double[] start = startValues(pr, step);
		SigmoidFit s = fitSigmoid(pr, start);
		double[] p = s.p;
		double chi2r = s.chi2r;
		boolean converged = s.converged;
		double hi = p[0], lo = p[1];
		boolean never = above == 0 || hi <= 0.5;
		if (never) return new Crossing(p, 0, Double.NaN, chi2r, converged, true, false, s.summary);
		boolean noCross = lo >= 0.5 || p[2] > xmax + 2 * p[3];
		if (noCross) return new Crossing(p, xmax, Double.NaN, chi2r, converged, false, true, s.summary);
		double depth = crossing(p);
		double var = s.cov != null ? depthVariance(p, s.cov) : Double.NaN;
		double sdDepth = Math.sqrt(Math.max(0, var) + (Double.isNaN(interfaceSd) ? 0 : interfaceSd * interfaceSd));
		if (depth < xmin - step || depth > xmax + step) converged = false;
		return new Crossing(p, Math.max(0, depth), sdDepth, chi2r, converged, false, false, s.summary);
	}

	/** The profile's usable points in order of distance, with weights 1/sd^2. */
	private static final class Profile {
		final double[] xs, ys, ws;
		final int n;

		Profile(double[] xs, double[] ys, double[] ws) {
			this.xs = xs;
			this.ys = ys;
			this.ws = ws;
			this.n = xs.length;
		}
	}

	/** The sigmoid's parameters (hi, lo, x0, w), covariance in (hi, lo, x0, log w) or null, and how it went. */
	private static final class SigmoidFit {
		final double[] p;
		final double[][] cov;
		final double chi2r;
		final boolean converged;
		final FitSummary summary;

		SigmoidFit(double[] p, double[][] cov, double chi2r, boolean converged, FitSummary summary) {
			this.p = p;
			this.cov = cov;
			this.chi2r = chi2r;
			this.converged = converged;
			this.summary = summary;
		}
	}

	/** Points with a fraction, a positive error bar and a distance, sorted by distance (a scan from the bulk to
	 * the interface has them descending); error bars floored at 0.01. */
	private static Profile validPointsByDistance(double[] d, double[] f, double[] sd) {
		int n = 0;
		for (int i = 0; i < d.length; i++) if (!Double.isNaN(f[i]) && sd[i] > 0 && !Double.isNaN(d[i])) n++;
		double[] xs = new double[n], ys = new double[n], ws = new double[n];
		int j = 0;
		// in order of distance (a scan from the bulk to the interface has them descending)
		Integer[] order = new Integer[d.length];
		for (int i = 0; i < d.length; i++) order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Double.compare(Double.isNaN(d[a]) ? 0 : d[a], Double.isNaN(d[b]) ? 0
			: d[b]));
		for (int oi = 0; oi < d.length; oi++) {
			int i = order[oi];
			if (Double.isNaN(f[i]) || !(sd[i] > 0) || Double.isNaN(d[i])) continue;
			xs[j] = d[i];
			ys[j] = f[i];
			// floor the error bar: model imperfection dominates at very high counts
			double s = Math.max(sd[i], 0.01);
			ws[j] = 1 / (s * s);
			j++;
		}
		return new Profile(xs, ys, ws);
	}

	/** Starting sigmoid (hi, lo, x0, w): the mean of the first and last eighths, the first 0.5 crossing (else the
	 * middle), a width of two steps. */
	private static double[] startValues(Profile pr, double step) {
		double[] xs = pr.xs, ys = pr.ys;
		int n = pr.n;
		double xmin = xs[0], xmax = xs[n - 1];
		double head = 0, tail = 0;
		int nh = Math.max(1, n / 8);
		for (int i = 0; i < nh; i++) {
			head += ys[i];
			tail += ys[n - 1 - i];
		}
		head /= nh;
		tail /= nh;
		double x0 = xmin + 0.5 * (xmax - xmin);
		for (int i = 0; i < n - 1; i++) if (ys[i] >= 0.5 && ys[i + 1] < 0.5) {
			x0 = 0.5 * (xs[i] + xs[i + 1]);
			break;
		}
		return new double[] { Math.max(head, tail + 0.05), tail, x0, Math.max(2 * step, 1e-3) };
	}

	/** The sigmoid through the fitting engine, w through log to keep it positive (the covariance is in hi, lo,
	 * x0, log w); on failure the start, no covariance, not converged. */
	private static SigmoidFit fitSigmoid(Profile pr, double[] start) {
		try {
			Parameters params = new Parameters();
			params.add("s_hi", start[0]);
			params.add("s_lo", start[1]);
			params.add("s_x0", start[2]);
			params.add("s_logw", Math.log(start[3]));
			// absolute sigma (the engine's scaleCovariance(false)), inflated below by the reduced chi-square when the
			// scatter exceeds the stated error bars, never shrunk below them
			FitResult r = Fitter.fit(SIGMOID, params, pr.xs, pr.ys, new FitOptions().weights(pr.ws).maxEvaluations(2000)
				.scaleCovariance(false));
			if (!r.converged()) throw new IllegalStateException(r.message());
			double[] p = { r.value("s_hi"), r.value("s_lo"), r.value("s_x0"), Math.exp(r.value("s_logw")) };
			double[][] cov = r.freeCovariance();
			double chi2r = r.reducedChiSquare();
			double sc = Math.max(1, chi2r);
			for (double[] row : cov) for (int k = 0; k < 4; k++) row[k] *= sc;
			return new SigmoidFit(p, cov, chi2r, true, r);
		}
		catch (RuntimeException e) {
			return new SigmoidFit(start, null, Double.NaN, false, null);
		}
	}

	/** Variance of the 0.5 crossing by the numerical gradient in the fitted parametrisation (hi, lo, x0, log w). */
	private static double depthVariance(double[] p, double[][] cov) {
		double[] g = new double[4];
		double[] q = { p[0], p[1], p[2], Math.log(p[3]) };
		for (int k = 0; k < 4; k++) {
			double h = 1e-6 * Math.max(1, Math.abs(q[k]));
			double[] a = q.clone(), b = q.clone();
			a[k] += h;
			b[k] -= h;
			g[k] = (crossing(unlog(a)) - crossing(unlog(b))) / (2 * h);
		}
		double var = 0;
		for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) var += g[a] * g[b] * cov[a][b];
		return var;
	}

	private static double[] unlog(double[] q) {
		return new double[] { q[0], q[1], q[2], Math.exp(q[3]) };
	}

	private static double crossing(double[] p) {
		double hi = p[0], lo = p[1];
		return p[2] + p[3] * Math.log((hi - 0.5) / (0.5 - lo));
	}
}
