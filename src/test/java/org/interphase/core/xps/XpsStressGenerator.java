package org.interphase.core.xps;

import java.util.Random;

/**
 * The independent XPS stress set (issue 15): Ti 2p and B 1s spectra written here from the physics, sharing no
 * code with the demo generator ({@code org.interphase.synth}) nor with the fitting engine's line shapes.
 * <ul>
 * <li>line shapes drawn at random per spectrum: Gaussian–Lorentzian PRODUCT (CasaXPS GL(m)), Gaussian–Lorentzian
 * SUM (pseudo-Voigt, SGL(m)), mix m 0.2–0.4, or a true Voigt profile computed here by numerical convolution of a
 * Gaussian and a Lorentzian (Lorentzian FWHM 20–40 % of the total);</li>
 * <li>Ti3+ 2p3/2 FWHM 1.0–1.4 × Ti4+'s (Biesinger et al. 2010: the reduced state is broader), Ti4+ 1.0–1.4 eV;
 * each 2p1/2 1.2–1.5 × its own 2p3/2 width (Coster–Kronig), drawn separately per state;</li>
 * <li>Ti3+ 0.9–1.5 eV below Ti4+, spin–orbit splitting 5.6–5.8 eV, 2p1/2 : 2p3/2 area 0.5;</li>
 * <li>a Shirley step (k × cumulative peak area from the low-binding-energy side) with a linear slope on a
 * constant, charging ±0.5 eV of the whole axis;</li>
 * <li>Poisson counts with the net peak maximum 10^3 to 10^5 counts, 0.05 or 0.1 eV steps, window 450–476 eV.</li>
 * </ul>
 * B 1s: B–N (1.2–1.6 eV) and B2O3 1.6–2.4 eV higher, 1.0–1.4 × broader, same shape families and background.
 * Truth: the area fractions of the states (whole lines, both doublet lines).
 */
public final class XpsStressGenerator {
	private XpsStressGenerator() {}

	public enum Family { GL_PRODUCT, GL_SUM, VOIGT }

	/** One spectrum of the stress set with its truth. */
	public static final class Spectrum {
		public final double[] be, counts;
		/** The truth: fraction of the second state (Ti3+ or B2O3). */
		public final double fraction;
		public final Family family;
		public final double charging, widthRatio;
		public final String description;
		/** The drawn truth for oracle fits and diagnostics: lines {area share, centre, fwhm}, mix, slope and step (per peak count). */
		public double[][] lines;
		public double mix, slope, stepHeight, base;

		Spectrum(double[] be, double[] counts, double fraction, Family family, double charging, double widthRatio,
			String description)
		{
			this.be = be;
			this.counts = counts;
			this.fraction = fraction;
			this.family = family;
			this.charging = charging;
			this.widthRatio = widthRatio;
			this.description = description;
		}
	}

	static final double LN2 = Math.log(2);

	/** Diagnostic switches (defaults = the stress set): isolate one variation at a time. */
	static XpsStressGenerator.Family onlyFamily = null;
	static boolean slope0 = true;
	static double maxWidthRatio = 1.4, maxCk = 1.5, minCk = 1.2;

	static double gauss(double d, double fwhm) {
		double s = fwhm / (2 * Math.sqrt(2 * LN2));
		return Math.exp(-0.5 * d * d / (s * s)) / (s * Math.sqrt(2 * Math.PI));
	}

	static double lorentz(double d, double fwhm) {
		double g = 0.5 * fwhm;
		return g / Math.PI / (d * d + g * g);
	}

	/** Unit-area line of the family at offset d from its centre ({@code norm}: GL-product area, else unused). */
	static double line(Family f, double d, double fwhm, double mix, double norm) {
		switch (f) {
			case GL_SUM: return (1 - mix) * gauss(d, fwhm) + mix * lorentz(d, fwhm);
			case GL_PRODUCT: {
				double u = d / fwhm;
				return Math.exp(-4 * LN2 * (1 - mix) * u * u) / (1 + 4 * mix * u * u) / norm;
			}
			case VOIGT: return voigt(d, fwhm, mix);
			default: throw new IllegalStateException();
		}
	}

	/** Area of exp(-4ln2(1-m)u²)/(1+4mu²) in x (u = x/fwhm), by the trapezoid rule over ±50 FWHM. */
	static double glProductArea(double fwhm, double mix) {
		double s = 0, h = 0.001;
		for (int i = -50000; i <= 50000; i++) {
			double u = i * h;
			s += Math.exp(-4 * LN2 * (1 - mix) * u * u) / (1 + 4 * mix * u * u);
		}
		return s * h * fwhm;
	}

	/**
	 * Voigt profile of total FWHM {@code fwhm} whose Lorentzian FWHM is {@code lfrac} of the total (Olivero
	 * inverse: fG from fV and fL), as the convolution integral by the trapezoid rule over ±6 Gaussian sigma.
	 */
	static double voigt(double d, double fwhm, double lfrac) {
		double fl = lfrac * fwhm;
		// fV = 0.5346 fL + sqrt(0.2166 fL² + fG²)
		double a = fwhm - 0.5346 * fl;
		double fg = Math.sqrt(Math.max(a * a - 0.2166 * fl * fl, 1e-6));
		double s = fg / (2 * Math.sqrt(2 * LN2));
		int n = 240;
		double h = 12 * s / n, sum = 0;
		for (int i = 0; i <= n; i++) {
			double t = -6 * s + i * h;
			double w = (i == 0 || i == n) ? 0.5 : 1;
			sum += w * Math.exp(-0.5 * t * t / (s * s)) * lorentz(d - t, fl);
		}
		return sum * h / (s * Math.sqrt(2 * Math.PI));
	}

	static double uniform(Random r, double a, double b) {
		return a + (b - a) * r.nextDouble();
	}

	static double poisson(Random r, double mean) {
		if (mean <= 0) return 0;
		if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
		double l = Math.exp(-mean), p = 1;
		int k = 0;
		do {
			k++;
			p *= r.nextDouble();
		}
		while (p > l);
		return k - 1;
	}

	/** A Ti 2p spectrum: Ti4+ and Ti3+ doublets with the given Ti3+ fraction, net peak height, step (eV). */
	public static Spectrum ti2p(long seed, double fraction, double peakCounts, double step) {
		Random r = new Random(seed);
		Family fam = Family.values()[r.nextInt(3)];
		if (onlyFamily != null) fam = onlyFamily;
		double mix = uniform(r, 0.2, 0.4);
		double charging = uniform(r, -0.5, 0.5);
		double c4 = 459.2 + uniform(r, -0.15, 0.15) + charging;
		double shift = uniform(r, 0.9, 1.5);
		double split = uniform(r, 5.6, 5.8);
		double w4 = uniform(r, 1.0, 1.4), ratio = uniform(r, 1.0, maxWidthRatio), w3 = w4 * ratio;
		double ck4 = uniform(r, minCk, maxCk), ck3 = uniform(r, minCk, maxCk);
		double[][] lines = {
			{(1 - fraction) * 2 / 3, c4, w4}, {(1 - fraction) / 3, c4 + split, w4 * ck4},
			{fraction * 2 / 3, c4 - shift, w3}, {fraction / 3, c4 - shift + split, w3 * ck3}};
		String d = String.format(java.util.Locale.ROOT, "%s mix %.2f charging %+.2f shift %.2f split %.2f w4 %.2f w3/w4 %.2f ck %.2f/%.2f",
			fam, mix, charging, shift, split, w4, ratio, ck4, ck3);
		return draw(r, lines, fam, mix, 450, 476, step, peakCounts, fraction, charging, ratio, d);
	}

	/** A B 1s spectrum: B–N and a broader B2O3 singlet. */
	public static Spectrum b1s(long seed, double fraction, double peakCounts, double step) {
		Random r = new Random(seed);
		Family fam = Family.values()[r.nextInt(3)];
		double mix = uniform(r, 0.2, 0.4);
		double charging = uniform(r, -0.5, 0.5);
		double cn = 190.7 + uniform(r, -0.15, 0.15) + charging;
		double shift = uniform(r, 1.6, 2.4);
		double wn = uniform(r, 1.2, 1.6), ratio = uniform(r, 1.0, 1.4);
		double[][] lines = {{1 - fraction, cn, wn}, {fraction, cn + shift, wn * ratio}};
		String d = String.format(java.util.Locale.ROOT, "%s mix %.2f charging %+.2f shift %.2f wBN %.2f ratio %.2f",
			fam, mix, charging, shift, wn, ratio);
		return draw(r, lines, fam, mix, 184, 198, step, peakCounts, fraction, charging, ratio, d);
	}

	/** lines: {area share, centre, fwhm}; the axis is binding energy, descending as most instruments write it. */
	static Spectrum draw(Random r, double[][] lines, Family fam, double mix, double lo, double hi, double step,
		double peakCounts, double fraction, double charging, double ratio, String desc)
	{
		int n = (int) Math.round((hi - lo) / step) + 1;
		double[] be = new double[n], peak = new double[n];
		for (int i = 0; i < n; i++) be[i] = hi - i * step;
		for (double[] l : lines) {
			double norm = fam == Family.GL_PRODUCT ? glProductArea(l[2], mix) : 1;
			for (int i = 0; i < n; i++) peak[i] += l[0] * line(fam, be[i] - l[1], l[2], mix, norm);
		}
		double max = 0;
		for (double v : peak) max = Math.max(max, v);
		double scale = peakCounts / max;
		// Shirley step: k × area of the peaks at lower binding energy (the axis is descending: accumulate from the end)
		double[] cum = new double[n];
		double acc = 0;
		for (int i = n - 1; i >= 0; i--) {
			if (i < n - 1) acc += 0.5 * (peak[i] + peak[i + 1]) * step;
			cum[i] = acc;
		}
		double stepHeight = uniform(r, 0.1, 0.4) * peakCounts; // total step height relative to the peak height
		double base = uniform(r, 0.2, 1.0) * peakCounts;
		double slope = (slope0 ? uniform(r, -0.01, 0.01) : 0 * r.nextDouble()) * peakCounts; // per eV, over a 26 eV window up to ±0.26 peak
		double mid = 0.5 * (lo + hi);
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			double mean = scale * peak[i] + base + slope * (be[i] - mid) + stepHeight * cum[i] / acc;
			y[i] = poisson(r, Math.max(mean, 0));
		}
		Spectrum sp = new Spectrum(be, y, fraction, fam, charging, ratio, desc);
		sp.lines = lines;
		sp.mix = mix;
		sp.slope = slope / peakCounts;
		sp.stepHeight = stepHeight / peakCounts;
		sp.base = base / peakCounts;
		return sp;
	}
}
