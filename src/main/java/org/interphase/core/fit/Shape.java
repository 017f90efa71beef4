package org.interphase.core.fit;

import java.util.List;
import java.util.Locale;

/**
 * The line shapes a {@link Peak} or {@link Doublet} can use, with their shape parameters (after area and
 * center). {@link #widthParam()} is the width that a doublet's second line may have separately
 * (Coster–Kronig broadening is a lifetime, i.e. Lorentzian, effect).
 */
public enum Shape {
	/** fwhm */
	GAUSSIAN(List.of("fwhm"), "fwhm"),
	/** fwhm */
	LORENTZIAN(List.of("fwhm"), "fwhm"),
	/** fwhm, mix (0 = Gaussian, 1 = Lorentzian): CasaXPS GL(100 mix). */
	GL_PRODUCT(List.of("fwhm", "mix"), "fwhm"),
	/** fwhm, mix: CasaXPS SGL(100 mix). */
	GL_SUM(List.of("fwhm", "mix"), "fwhm"),
	/** fwhm, fraction (Lorentzian fraction), as lmfit's PseudoVoigtModel with fwhm = 2 sigma. */
	PSEUDO_VOIGT(List.of("fwhm", "fraction"), "fwhm"),
	/** sigma (Gaussian standard deviation), gamma (Lorentzian half width), as lmfit's VoigtModel. */
	VOIGT(List.of("sigma", "gamma"), "gamma"),
	/** fwhm (Lorentzian), alpha (asymmetry), gfwhm (Gaussian broadening FWHM): metals. */
	DONIACH_SUNJIC(List.of("fwhm", "alpha", "gfwhm"), "fwhm");

	private final List<String> params;
	private final String width;

	Shape(List<String> params, String width) {
		this.params = params;
		this.width = width;
	}

	public List<String> shapeParams() {
		return params;
	}

	public String widthParam() {
		return width;
	}

	int widthIndex() {
		return params.indexOf(width);
	}

	/** Unit-area (or, for Doniach–Šunjić, unit-amplitude) line; s holds the shape parameters. */
	public double value(double x, double c, double[] s, int o) {
		switch (this) {
			case GAUSSIAN: return LineShapes.gaussian(x, c, s[o]);
			case LORENTZIAN: return LineShapes.lorentzian(x, c, s[o]);
			case GL_PRODUCT: return LineShapes.glProduct(x, c, s[o], s[o + 1]);
			case GL_SUM: return LineShapes.glSum(x, c, s[o], s[o + 1]);
			case PSEUDO_VOIGT: return LineShapes.pseudoVoigt(x, c, s[o], s[o + 1]);
			case VOIGT: return LineShapes.voigt(x, c, s[o], s[o + 1]);
			case DONIACH_SUNJIC: return LineShapes.doniachSunjicGauss(x, c, s[o], s[o + 1], s[o + 2]);
			default: throw new IllegalStateException();
		}
	}

	/** Adds area * line to out for all x (hot loop; GL product normalisation computed once). */
	void addLine(double[] x, double area, double c, double[] s, int o, double[] out) {
		switch (this) {
			case GL_PRODUCT: {
				double f = s[o], m = s[o + 1];
				double a = 4 * Math.log(2) * (1 - m), b = 4 * m;
				double k = area / (f * LineShapes.glProductNorm(m));
				addGaussianOverRational(x, k, c, 1 / f, a, b, out);
				return;
			}
			case GAUSSIAN: {
				double sg = s[o] / (2 * Math.sqrt(2 * Math.log(2)));
				double k = area / (sg * Math.sqrt(2 * Math.PI));
				addGaussianOverRational(x, k, c, 1 / sg, 0.5, 0, out);
				return;
			}
			case DONIACH_SUNJIC: {
				// LineShapes.doniachSunjicGauss with its constants (Γ(1 - α), g^α) taken out of the point loop
				double fw = s[o], alpha = s[o + 1], gf = s[o + 2];
				double g = 0.5 * fw, e = 0.5 * (1 - alpha), ph0 = Math.PI * alpha / 2, b = 1 - alpha;
				double pre = area * Math.pow(g, alpha) * Math.exp(org.apache.commons.math3.special.Gamma.logGamma(1 - alpha)) / Math.PI;
				if (!(gf > 0)) {
					for (int i = 0; i < x.length; i++) {
						double d = c - x[i];
						out[i] += pre * Math.cos(ph0 + b * Math.atan(d / g)) * Math.exp(-e * Math.log(g * g + d * d));
					}
					return;
				}
				double sg = gf / (2 * Math.sqrt(2 * Math.log(2))) * Math.sqrt(2);
				double[] t = LineShapes.GH_T, w = LineShapes.GH_W;
				for (int i = 0; i < x.length; i++) {
					double sum = 0;
					for (int k = 0; k < t.length; k++) {
						double d = c - x[i] + sg * t[k];
						sum += w[k] * Math.cos(ph0 + b * Math.atan(d / g)) * Math.exp(-e * Math.log(g * g + d * d));
					}
					out[i] += pre * sum;
				}
				return;
			}
			default:
				for (int i = 0; i < x.length; i++) out[i] += area * value(x[i], c, s, o);
		}
	}

	/** Beyond exp(-40) of its Gaussian factor a line is below 1e-17 of its height: those points are skipped. */
	private static final double CUTOFF = 40;

	/**
	 * out[i] += k exp(-a u²) / (1 + b u²), u = (x[i] - c) inv, over the points where a u² <= 40 (hot loop of every
	 * XPS and Raman fit). On a uniform grid, the common case, the Gaussian factor needs no exp per point:
	 * g(i+1) = g(i) r(i) and r(i+1) = r(i) q with q = exp(-2 a du²) (du = step · inv), walking out from the point
	 * nearest the centre (relative error below 1e-12 over a few hundred points). Each point is checked against the
	 * grid as it is used; where x leaves the uniform grid by more than 1e-9 of a step, the remaining points on
	 * that side are computed directly, so any axis gives the same values to that precision.
	 */
	static void addGaussianOverRational(double[] x, double k, double c, double inv, double a, double b, double[] out) {
		int n = x.length;
		double x0 = n > 1 ? x[0] : 0, dx = n > 1 ? (x[n - 1] - x0) / (n - 1) : 0;
		double pos = (c - x0) / dx;
		if (n < 3 || !(dx != 0) || !Double.isFinite(dx) || !Double.isFinite(pos) || !(a > 0)) {
			addDirect(x, 0, n, 1, k, c, inv, a, b, out);
			return;
		}
		int k0 = (int) Math.max(0, Math.min(n - 1, Math.round(pos)));
		double du = dx * inv, tol = 1e-9 * Math.abs(dx), q = Math.exp(-2 * a * du * du);
		for (int dir = 1; dir >= -1; dir -= 2) {
			int i = dir > 0 ? k0 : k0 - 1;
			if (i < 0) break;
			double u = (x0 + i * dx - c) * inv, step = dir * du;
			double g = Math.exp(-a * u * u), r = Math.exp(-a * (2 * u * step + step * step));
			for (; i >= 0 && i < n; i += dir) {
				double xi = x[i], d = xi - (x0 + i * dx);
				if (d > tol || d < -tol) break;
				double ui = (xi - c) * inv;
				if (a * ui * ui > CUTOFF) {
					i = -1;
					break;
				}
				out[i] += k * g / (1 + b * ui * ui);
				g *= r;
				r *= q;
			}
			if (i >= 0 && i < n) addDirect(x, i, dir > 0 ? n : -1, dir, k, c, inv, a, b, out);
		}
	}

	private static void addDirect(double[] x, int from, int to, int dir, double k, double c, double inv, double a,
		double b, double[] out)
	{
		for (int i = from; i != to; i += dir) {
			double u = (x[i] - c) * inv, au2 = a * u * u;
			if (au2 > CUTOFF) continue;
			out[i] += k * Math.exp(-au2) / (1 + b * u * u);
		}
	}

	/** FWHM of the line for shape parameters s (exact or a documented approximation). */
	public double fwhm(double[] s, int o) {
		switch (this) {
			case VOIGT: return LineShapes.voigtFwhm(s[o], s[o + 1]);
			default: return s[o];
		}
	}

	/** Whether the area parameter is the exact area of the line. */
	public boolean areaIsExact() {
		return this != DONIACH_SUNJIC;
	}

	public static Shape parse(String s) {
		String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
		switch (k) {
			case "GL": case "GLP": return GL_PRODUCT;
			case "SGL": case "GLS": return GL_SUM;
			case "PV": case "PSEUDOVOIGT": return PSEUDO_VOIGT;
			case "DS": case "LA": case "ASYMMETRIC": return DONIACH_SUNJIC;
			default: return Shape.valueOf(k);
		}
	}
}
