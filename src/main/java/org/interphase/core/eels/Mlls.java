package org.interphase.core.eels;

import java.util.Arrays;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.fit.FitSummary;
import org.interphase.core.fit.SmallMatrix;

/**
 * Multiple linear least squares (MLLS) of one spectrum as a combination of reference spectra on top of its
 * power-law background, weighted by Poisson variances. Optional terms: a first-order correction of the
 * background (amplitude and exponent, fitted jointly over the pre-edge and fit windows, so the uncertainty of
 * the background extrapolation enters the coefficients' covariance) and one energy shift common to all
 * references (Gauss-Newton through the derivative term sum_j c_j dR_j/dE). Channel variances are first the
 * measured counts, then the model, which removes the low bias of data weights. The covariance is
 * (A^T W A)^-1 scaled by the reduced chi-square (so a detector gain other than 1 neither shrinks nor inflates
 * the error bars): the fitting engine's default convention ({@link org.interphase.core.fit.FitOptions#scaleCovariance},
 * lmfit's scale_covar), and a {@link Fit} reports through the engine's {@link FitSummary} ({@code report()}).
 * Small dense systems are solved in place ({@link SmallMatrix}); no allocation per channel.
 */
public final class Mlls {
	private Mlls() {}

	/**
	 * The fit of one spectrum: a work object reused between spectra by one thread (no allocation per spectrum in the
	 * spectrum-image loop), so {@link Mlls#fit} writes its fields; they are package-private, and callers elsewhere
	 * read the fit through {@link FitSummary} and the methods below.
	 */
	public static final class Fit implements FitSummary {
		/** Reference coefficients. */
		double[] c = new double[0];
		/** Covariance of all fitted parameters (references first), row-major p x p. */
		double[] cov = new double[0];
		int p;
		double shift, shiftSd, chi2r;
		/** With {@link #referenceNoise}: the reduced chi-square the fit would have with the references' noise as
		 * before their broadening (the expected noise share swapped, the weights those of the unbroadened
		 * references), a misfit comparable between broadenings; equals chi2r for unbroadened references. */
		double misfit;
		/** Background correction: counts multiply by (1 + bgScale) * E^-bgExponent (relative to the pre-fit). */
		double bgScale, bgExponent;
		int channels;
		boolean ok;
		/** When true, each channel's variance adds the references' own noise, sum_j c_j^2 var(R_j) (used when
		 * fitting summed spectra, whose counts can exceed the references'). */
		public final boolean referenceNoise;

		/** A fit whose variances are the spectrum's alone. */
		public Fit() {
			this(false);
		}

		/** @param referenceNoise add the references' own noise to each channel's variance */
		public Fit(boolean referenceNoise) {
			this.referenceNoise = referenceNoise;
		}

		// per-thread work arrays, grown as needed
		double[] bgk = new double[0], lnk = new double[0], r0 = new double[0], r1 = new double[0], v0 = new double[0],
			v1 = new double[0];

		/** What the last fit had: reference names, the joint background terms, the shift term; its chi-square. */
		Reference[] refs;
		boolean joint, withShift;
		double chi2;

		/** The parameters in the order of {@link #cov}: each reference by name, then bg_scale and bg_exponent (joint
		 * background), then shift (fitted shift). */
		@Override
		public List<String> parameterNames() {
			List<String> l = new ArrayList<>();
			for (int j = 0; j < c.length; j++) l.add(refs != null && j < refs.length ? refs[j].name : "c" + j);
			if (joint) {
				l.add("bg_scale");
				l.add("bg_exponent");
			}
			if (withShift) l.add("shift");
			return l;
		}

		private int index(String name) {
			int i = parameterNames().indexOf(name);
			if (i < 0) throw new IllegalArgumentException("no parameter named " + name);
			return i;
		}

		/** The covariance is that of the fitted -bg_exponent: its sign flips on that row and column. */
		private double sign(int i) {
			return joint && i == c.length + 1 ? -1 : 1;
		}

		@Override
		public double value(String parameter) {
			int i = index(parameter);
			if (i < c.length) return c[i];
			if (joint && i == c.length) return bgScale;
			if (joint && i == c.length + 1) return bgExponent;
			return shift;
		}

		@Override
		public double stderr(String parameter) {
			int i = index(parameter);
			return Math.sqrt(Math.max(0, cov[i * p + i]));
		}

		@Override
		public double covariance(String a, String b) {
			int i = index(a), k = index(b);
			return sign(i) * sign(k) * cov[i * p + k];
		}

		@Override
		public double chiSquare() {
			return chi2;
		}

		@Override
		public double reducedChiSquare() {
			return chi2r;
		}

		@Override
		public int nData() {
			return channels;
		}

		@Override
		public int nFree() {
			return p;
		}

		@Override
		public boolean converged() {
			return ok;
		}

		@Override
		public String message() {
			if (!ok) return "singular or too few channels";
			return withShift ? "linear least squares, shift by Gauss-Newton" : "linear least squares";
		}

		/** c[a] / (c[a] + c[b]). */
		public double fraction(int a, int b) {
			return c[a] / (c[a] + c[b]);
		}

		/** Standard deviation of {@link #fraction} by error propagation of the covariance. */
		public double fractionSd(int a, int b) {
			double s = c[a] + c[b];
			double ga = c[b] / (s * s), gb = -c[a] / (s * s);
			double v = ga * ga * cov[a * p + a] + gb * gb * cov[b * p + b] + 2 * ga * gb * cov[a * p + b];
			return Math.sqrt(Math.max(0, v));
		}

		/** The fitted background at energy e (corrected axis) given the pre-fit background. */
		public double background(PowerLawBackground bg, double e) {
			return refined(bg, bgScale, bgExponent, e);
		}
	}

	/** A pre-fit background with the joint fit's first-order correction applied, at energy e. */
	public static double refined(PowerLawBackground bg, double scale, double exponent, double e) {
		double b = bg.at(e);
		return b * (1 + scale - exponent * Math.log(e / 455.0));
	}

	/** Which terms one fit has and which channels it reads: the layout its steps share. */
	private static final class Layout {
		/** References, parameters (references, joint background, shift). */
		final int m, p;
		/** First channel read (the pre-edge with a joint background, else the fit window's), the fit window, count. */
		final int k0, kLo, kHi, nk;
		final boolean joint, fitShift;
		/** The references' own noise enters the variances (two references); reference values cached at zero shift. */
		final boolean noise, cache;

		Layout(int m, int kBg, int kLo, int kHi, boolean fitShift, boolean referenceNoise) {
			this.m = m;
			this.joint = kBg >= 0 && kBg < kLo;
			int nb = joint ? 2 : 0;
			this.p = m + nb + (fitShift ? 1 : 0);
			this.fitShift = fitShift;
			this.k0 = joint ? kBg : kLo;
			this.kLo = kLo;
			this.kHi = kHi;
			this.nk = kHi - k0 + 1;
			this.noise = referenceNoise && m == 2;
			this.cache = m == 2;
		}
	}

	/**
	 * Fits y[off + k] at energies energy[k] - shift0 for channels k in [kLo, kHi] (the fit window); with
	 * {@code kBg >= 0} the background is refined jointly over [kBg, kHi].
	 *
	 * @param fitShift also fit a common reference shift within +-maxShift eV (reported in {@link Fit#shift})
	 */
	public static void fit(double[] y, int off, double[] energy, int kBg, int kLo, int kHi, double shift0,
		PowerLawBackground bg, Reference[] refs, boolean fitShift, double maxShift, Fit out)
	{
		Layout t = new Layout(refs.length, kBg, kLo, kHi, fitShift, out.referenceNoise);
		// the pass loop's terms derived here again, not read from t: the JIT then sees that the cache holds exactly
		// the two references (m == 2), and the loop is ~8 % faster per spectrum than with t's fields
		int m = refs.length;
		boolean joint = kBg >= 0 && kBg < kLo, noise = out.referenceNoise && m == 2, cache = m == 2;
		int p = m + (joint ? 2 : 0) + (fitShift ? 1 : 0), k0 = joint ? kBg : kLo;
		startFit(out, refs, t);
		cacheChannelTerms(energy, shift0, bg, refs, t, out);
		double[] theta = new double[p];
		double[] ata = new double[p * p], atb = new double[p], col = new double[p];
		double[] v0 = out.v0, v1 = out.v1;
		double[] bgk = out.bgk, lnk = out.lnk, rv0 = out.r0, rv1 = out.r1;
		int maxPasses = fitShift ? 10 : 2;
		for (int pass = 0; pass < maxPasses; pass++) {
			boolean modelWeights = pass > 0;
			boolean withShift = fitShift && pass > 0;
			int q = withShift ? p : p - (fitShift ? 1 : 0);
			double delta = fitShift ? theta[p - 1] : 0;
			Arrays.fill(ata, 0);
			Arrays.fill(atb, 0);
			int used = 0;
			for (int k = k0; k <= kHi; k++) {
				double e = energy[k] - shift0 - delta;
				double b = bgk[k - k0];
				double model = 0, dm = 0;
				boolean cached = cache && delta == 0;
				for (int j = 0; j < m; j++) {
					double r = cached ? (j == 0 ? rv0[k - k0] : rv1[k - k0]) : k >= kLo ? refs[j].value(e) : 0;
					col[j] = r;
					model += theta[j] * r;
					if (withShift && k >= kLo) dm -= theta[j] * refs[j].slope(e);
				}
				if (joint) {
					col[m] = b;
					col[m + 1] = b * lnk[k - k0];
					model += theta[m] * col[m] + theta[m + 1] * col[m + 1];
				}
				if (withShift) col[p - 1] = dm;
				double raw = y[off + k];
				double var = modelWeights ? Math.max(b + model, 1) : Math.max(raw, 1);
				if (noise && modelWeights) var += theta[0] * theta[0] * v0[k - k0] + theta[1] * theta[1] * v1[k - k0];
				double w = 1 / var;
				double target = raw - b - model;
				if (joint && k < kLo) {
					// before the fit window only the two background columns are non-zero (references and the shift
					// term are 0 there): the same sums without the zero products (the pre-edge is half the channels)
					double c0 = col[m], c1 = col[m + 1], w0 = w * c0, w1 = w * c1;
					atb[m] += w0 * target;
					atb[m + 1] += w1 * target;
					ata[m * q + m] += w0 * c0;
					ata[(m + 1) * q + m] += w1 * c0;
					ata[(m + 1) * q + m + 1] += w1 * c1;
				}
				else for (int a = 0; a < q; a++) {
					double wa = w * col[a];
					atb[a] += wa * target;
					for (int c = 0; c <= a; c++) ata[a * q + c] += wa * col[c];
				}
				used++;
			}
			if (used <= q) return;
			for (int a = 0; a < q; a++) for (int c = 0; c < a; c++) ata[c * q + a] = ata[a * q + c];
			if (!SmallMatrix.invert(ata, ata, q)) return;
			double stepShift = stepParameters(ata, atb, theta, q, withShift, p, maxShift);
			boolean last = pass == maxPasses - 1 || (fitShift ? pass >= 2 && Math.abs(stepShift) < 2e-3 : pass == 1);
			if (last) {
				finishFit(y, off, energy, shift0, refs, t, out, theta, ata, used, q, withShift);
				return;
			}
		}
	}

	/** Sizes the fit's outputs and work arrays for this layout and records what it fits. */
	private static void startFit(Fit out, Reference[] refs, Layout t) {
		int m = t.m, p = t.p, nk = t.nk;
		if (out.c.length != m) out.c = new double[m];
		if (out.cov.length != p * p) out.cov = new double[p * p];
		out.p = p;
		out.ok = false;
		out.refs = refs;
		out.joint = t.joint;
		out.withShift = t.fitShift;
		if (out.bgk.length < nk) {
			out.bgk = new double[nk];
			out.lnk = new double[nk];
			out.r0 = new double[nk];
			out.r1 = new double[nk];
		}
		if (t.noise && out.v0.length < nk) {
			out.v0 = new double[nk];
			out.v1 = new double[nk];
		}
	}

	/** Per channel, what does not change between passes: the references' noise variances, the pre-fit background
	 * and its log term, the reference values at zero shift. */
	private static void cacheChannelTerms(double[] energy, double shift0, PowerLawBackground bg, Reference[] refs,
		Layout t, Fit out)
	{
		int k0 = t.k0, kLo = t.kLo, kHi = t.kHi, nk = t.nk;
		// the references' noise variance changes slowly with energy: taken at the unshifted energies
		if (t.noise) for (int k = k0; k <= kHi; k++) {
			double e = energy[k] - shift0;
			out.v0[k - k0] = k >= kLo ? refs[0].variance(e) : 0;
			out.v1[k - k0] = k >= kLo ? refs[1].variance(e) : 0;
		}
		double[] bgk = out.bgk, lnk = out.lnk, rv0 = out.r0, rv1 = out.r1;
		final double ln455 = Math.log(455.0);
		bg.values(energy, k0, kHi, shift0, lnk, bgk);
		for (int k = 0; k < nk; k++) lnk[k] = ln455 - lnk[k];
		// reference values at zero shift, cached for the passes that do not move the energies
		if (t.cache) for (int k = k0; k <= kHi; k++) {
			double e = energy[k] - shift0;
			rv0[k - k0] = k >= kLo ? refs[0].value(e) : 0;
			rv1[k - k0] = k >= kLo ? refs[1].value(e) : 0;
		}
	}

	/** Adds the Gauss-Newton step (inverse normal matrix in ata times atb) to theta, the shift kept within
	 * +-maxShift; returns the shift's step. */
	private static double stepParameters(double[] ata, double[] atb, double[] theta, int q, boolean withShift, int p,
		double maxShift)
	{
		double stepShift = 0;
		for (int a = 0; a < q; a++) {
			double v = 0;
			for (int c = 0; c < q; c++) v += ata[a * q + c] * atb[c];
			if (withShift && a == p - 1) {
				double nd = Math.max(-maxShift, Math.min(maxShift, theta[a] + v));
				stepShift = nd - theta[a];
				theta[a] = nd;
			}
			else theta[a] += v;
		}
		return stepShift;
	}

	/** The converged fit's chi-square and misfit with model variances, its scaled covariance (inverse normal
	 * matrix in ata) and parameters, written to out. */
	private static void finishFit(double[] y, int off, double[] energy, double shift0, Reference[] refs, Layout t,
		Fit out, double[] theta, double[] ata, int used, int q, boolean withShift)
	{
		int m = t.m, p = t.p, k0 = t.k0, kLo = t.kLo, kHi = t.kHi;
		boolean joint = t.joint, noise = t.noise, cache = t.cache, fitShift = t.fitShift;
		double[] v0 = out.v0, v1 = out.v1;
		double[] bgk = out.bgk, lnk = out.lnk, rv0 = out.r0, rv1 = out.r1;
		double chi2 = 0, misfit = 0;
		double u0 = noise ? refs[0].noiseReduction() : 1, u1 = noise ? refs[1].noiseReduction() : 1;
		double d = fitShift ? theta[p - 1] : 0;
		for (int k = k0; k <= kHi; k++) {
			double e = energy[k] - shift0 - d;
			double b = bgk[k - k0];
			double model = 0;
			if (k >= kLo) {
				if (cache && d == 0) model += theta[0] * rv0[k - k0] + theta[1] * rv1[k - k0];
				else for (int j = 0; j < m; j++) model += theta[j] * refs[j].value(e);
			}
			if (joint) model += b * (theta[m] + theta[m + 1] * lnk[k - k0]);
			double r = y[off + k] - b - model;
			double var = Math.max(b + model, 1);
			double vr = noise ? theta[0] * theta[0] * v0[k - k0] + theta[1] * theta[1] * v1[k - k0] : 0;
			// the misfit as if the references were not broadened: their noise's expected share swapped for the
			// unbroadened one, over the unbroadened variance (weights that do not change with the broadening)
			double vu = noise ? theta[0] * theta[0] * v0[k - k0] / u0 + theta[1] * theta[1] * v1[k - k0] / u1 : 0;
			if (noise) misfit += (r * r - vr + vu) / (var + vu);
			var += vr;
			chi2 += r * r / var;
		}
		out.misfit = noise ? misfit / Math.max(1, used - q) : chi2 / Math.max(1, used - q);
		out.chi2r = chi2 / Math.max(1, used - q);
		out.chi2 = chi2;
		Arrays.fill(out.cov, 0);
		for (int a = 0; a < q; a++) for (int c = 0; c < q; c++) out.cov[a * p + c] = ata[a * q + c] * out.chi2r;
		System.arraycopy(theta, 0, out.c, 0, m);
		out.bgScale = joint ? theta[m] : 0;
		out.bgExponent = joint ? -theta[m + 1] : 0;
		out.shift = fitShift ? theta[p - 1] : 0;
		out.shiftSd = withShift ? Math.sqrt(Math.max(0, out.cov[(p - 1) * p + p - 1])) : 0;
		out.channels = used;
		out.ok = true;
	}
}
