package org.interphase.core.fit;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Pure line-shape functions of one abscissa value. Every symmetric shape has UNIT AREA (multiply by the area to
 * get a peak), is centred at {@code c} and takes its full width at half maximum {@code fwhm} unless stated.
 * Names follow CasaXPS and lmfit so users recognise them.
 */
public final class LineShapes {
	private LineShapes() {}

	private static final double LN2 = Math.log(2);
	private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
	private static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * LN2);
	private static final double SQRT2 = Math.sqrt(2);

	/** Gaussian of unit area. */
	public static double gaussian(double x, double c, double fwhm) {
		double s = fwhm / FWHM_PER_SIGMA;
		double u = (x - c) / s;
		return Math.exp(-0.5 * u * u) / (s * SQRT_2PI);
	}

	/** Lorentzian (Cauchy) of unit area. */
	public static double lorentzian(double x, double c, double fwhm) {
		double g = 0.5 * fwhm, d = x - c;
		return g / (Math.PI * (d * d + g * g));
	}

	/**
	 * Gaussian–Lorentzian SUM, CasaXPS SGL(100 m): (1 - m) G + m L with the same FWHM; m in [0, 1]. Identical to
	 * lmfit's pseudo-Voigt with fraction m and fwhm = 2 sigma.
	 */
	public static double glSum(double x, double c, double fwhm, double m) {
		return (1 - m) * gaussian(x, c, fwhm) + m * lorentzian(x, c, fwhm);
	}

	/** Pseudo-Voigt: eta L + (1 - eta) G with a common FWHM (the same function as {@link #glSum}). */
	public static double pseudoVoigt(double x, double c, double fwhm, double eta) {
		return glSum(x, c, fwhm, eta);
	}

	/**
	 * Gaussian–Lorentzian PRODUCT, CasaXPS GL(100 m): exp(-4 ln2 (1 - m) u^2) / (1 + 4 m u^2), u = (x - c)/fwhm,
	 * normalised to unit area with the closed form of its integral (pi/sqrt(b)) erfcx(sqrt(a/b)), a = 4 ln2 (1-m),
	 * b = 4 m. Its FWHM equals fwhm exactly only at m = 0 and m = 1 (CasaXPS convention).
	 */
	public static double glProduct(double x, double c, double fwhm, double m) {
		double u = (x - c) / fwhm;
		double a = 4 * LN2 * (1 - m), b = 4 * m;
		return Math.exp(-a * u * u) / (1 + b * u * u) / (fwhm * glProductNorm(m));
	}

	/** Integral of exp(-4 ln2 (1-m) u^2)/(1 + 4 m u^2) du over the real line. */
	public static double glProductNorm(double m) {
		double a = 4 * LN2 * (1 - m), b = 4 * m;
		if (b < 1e-12) return Math.sqrt(Math.PI / a);
		if (a <= 0) return Math.PI / Math.sqrt(b);
		return Math.PI / Math.sqrt(b) * erfcx(Math.sqrt(a / b));
	}

	/**
	 * Scaled complementary error function exp(x^2) erfc(x) for x &gt;= 0, as Re w(ix) of the Faddeeva function
	 * (accurate to ~1e-13, no iteration).
	 */
	public static double erfcx(double x) {
		if (x < 0) return Math.exp(x * x) * Erf.erfc(x);
		return Faddeeva.re(0, x);
	}

	/**
	 * Voigt profile of unit area: Gaussian (standard deviation sigma) convolved with a Lorentzian (half width
	 * gamma), Re w(z)/(sigma sqrt(2 pi)), z = (x - c + i gamma)/(sigma sqrt 2). Same definition as lmfit's
	 * VoigtModel. Accurate to about 1e-13 relative (see {@link Faddeeva}).
	 */
	public static double voigt(double x, double c, double sigma, double gamma) {
		double s = sigma * SQRT2;
		return Faddeeva.re((x - c) / s, gamma / s) / (sigma * SQRT_2PI);
	}

	/** FWHM of a Voigt profile (Olivero and Longbothum 1977, 0.02 % accuracy). */
	public static double voigtFwhm(double sigma, double gamma) {
		double fl = 2 * gamma, fg = FWHM_PER_SIGMA * sigma;
		return 0.5346 * fl + Math.sqrt(0.2166 * fl * fl + fg * fg);
	}

	/**
	 * Doniach–Šunjić asymmetric line of a metal (tail towards higher x = higher binding energy), normalised so
	 * that alpha = 0 gives the unit-area Lorentzian of FWHM {@code fwhm}: gamma^alpha Gamma(1-alpha) cos(pi
	 * alpha/2 + (1-alpha) atan((c-x)/gamma)) / (pi (gamma^2 + (x-c)^2)^((1-alpha)/2)), gamma = fwhm/2,
	 * 0 &lt;= alpha &lt; 1. Its area diverges for alpha &gt; 0: integrate over the region instead.
	 */
	public static double doniachSunjic(double x, double c, double fwhm, double alpha) {
		// mirrored (d = c - x) so that the tail lies on the high-x (binding-energy) side
		double g = 0.5 * fwhm, d = c - x;
		double phase = Math.PI * alpha / 2 + (1 - alpha) * Math.atan(d / g);
		return Math.pow(g, alpha) * Math.exp(Gamma.logGamma(1 - alpha)) * Math.cos(phase)
			/ (Math.PI * Math.pow(g * g + d * d, (1 - alpha) / 2));
	}

	static final int GH_N = 24;
	static final double[] GH_T, GH_W;
	static {
		GaussIntegrator gi = new GaussIntegratorFactory().hermite(GH_N);
		GH_T = new double[GH_N];
		GH_W = new double[GH_N];
		for (int i = 0; i < GH_N; i++) {
			GH_T[i] = gi.getPoint(i);
			GH_W[i] = gi.getWeight(i) / Math.sqrt(Math.PI);
		}
	}

	/**
	 * Doniach–Šunjić convolved with a Gaussian of FWHM {@code gfwhm} (instrument and phonon broadening), by
	 * 24-point Gauss–Hermite quadrature; accurate to ~1e-4 relative when the Lorentzian FWHM is at least a fifth
	 * of the Gaussian FWHM (always the case for core levels).
	 */
	public static double doniachSunjicGauss(double x, double c, double fwhm, double alpha, double gfwhm) {
		if (gfwhm <= 0) return doniachSunjic(x, c, fwhm, alpha);
		double s = gfwhm / FWHM_PER_SIGMA * SQRT2;
		double sum = 0;
		for (int i = 0; i < GH_N; i++) sum += GH_W[i] * doniachSunjic(x - s * GH_T[i], c, fwhm, alpha);
		return sum;
	}
}
