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
				double k = area / (f * LineShapes.glProductNorm(m)), inv = 1 / f;
				// beyond exp(-40) of the Gaussian factor the line is below 1e-17 of its height: skip the exp
				for (int i = 0; i < x.length; i++) {
					double u = (x[i] - c) * inv, au2 = a * u * u;
					if (au2 > 40) continue;
					out[i] += k * Math.exp(-au2) / (1 + b * u * u);
				}
				return;
			}
			case GAUSSIAN: {
				double sg = s[o] / (2 * Math.sqrt(2 * Math.log(2)));
				double k = area / (sg * Math.sqrt(2 * Math.PI)), inv = 1 / sg;
				for (int i = 0; i < x.length; i++) {
					double u = (x[i] - c) * inv;
					if (u * u > 80) continue;
					out[i] += k * Math.exp(-0.5 * u * u);
				}
				return;
			}
			default:
				for (int i = 0; i < x.length; i++) out[i] += area * value(x[i], c, s, o);
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
