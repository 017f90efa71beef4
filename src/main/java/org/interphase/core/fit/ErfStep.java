package org.interphase.core.fit;

import java.util.List;

/**
 * The blurred step of an interface, one model for every technique that locates one (the SEM reaction front, the
 * HRTEM substrate/coating and coating/vacuum edges): y(x) = low + (high - low) Φ((x - center) / width), Φ the
 * standard normal distribution function, so center is the 50 % point and width the gaussian σ of the blur
 * (10–90 % width = {@link #WIDTH_10_90} · width). Parameters in this order: low, high, center, width. The
 * width enters as |width|, so an unbounded fit may step through negative widths (as the HRTEM fits do) and the
 * magnitude is the answer; bound it (e.g. to [0.3, ∞) px, as SEM does) to keep it positive.
 * <p>
 * Fit it fast with {@link CompactFitter} and {@link #MODEL} (analytic gradient, one exp per point serving both
 * the erf and the gaussian), or inside a {@link Model} with {@link Fitter} through {@link #component(String)}.
 */
public final class ErfStep implements CompactModel {
	/** Local parameter names: low, high, center, width. */
	public static final List<String> NAMES = List.of("low", "high", "center", "width");
	/** Indices into the value arrays. */
	public static final int LOW = 0, HIGH = 1, CENTER = 2, WIDTH = 3;
	/** 10-90 % width of the step in units of width: 2 * 1.2815516. */
	public static final double WIDTH_10_90 = 2.5631032;
	/** The shared instance (stateless). */
	public static final ErfStep MODEL = new ErfStep();

	private ErfStep() {}

	/** Standard normal cumulative distribution. */
	public static double phi(double z) {
		return 0.5 * (1 + erf(z * 0.7071067811865476));
	}

	/** Standard normal density. */
	public static double pdf(double z) {
		return 0.3989422804014327 * Math.exp(-0.5 * z * z);
	}

	/** erf, Abramowitz &amp; Stegun 7.1.26 (absolute error below 1.5e-7): fast and plenty for a profile fit. */
	public static double erf(double x) {
		double ax = Math.abs(x);
		double t = 1 / (1 + 0.3275911 * ax);
		double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
			t * Math.exp(-ax * ax);
		return x < 0 ? -y : y;
	}

	/** The step at x. */
	public static double value(double x, double low, double high, double center, double width) {
		return low + (high - low) * phi((x - center) / width);
	}

	@Override
	public List<String> parameterNames() {
		return NAMES;
	}

	@Override
	public double value(double x, double[] p) {
		return p[0] + (p[1] - p[0]) * phi((x - p[2]) * (1 / Math.abs(p[3])));
	}

	@Override
	public double valueAndGradient(double x, double[] p, double[] grad) {
		double w = p[3], inv = 1 / Math.abs(w), ba = p[1] - p[0];
		double z = (x - p[2]) * inv;
		double e = Math.exp(-0.5 * z * z);
		double f = phiWithExp(z, e);
		double g = 0.3989422804014327 * e;
		grad[0] = 1 - f;
		grad[1] = f;
		grad[2] = -ba * g * inv;
		grad[3] = w < 0 ? ba * g * z * inv : -ba * g * z * inv;
		return p[0] + ba * f;
	}

	/** Φ(z) given exp(-z²/2) (A&amp;S 7.1.26's erf of z/√2 needs exactly this exponential). */
	private static double phiWithExp(double z, double e) {
		double ax = Math.abs(z) * 0.7071067811865476;
		double t = 1 / (1 + 0.3275911 * ax);
		double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t +
			0.254829592) * t * e;
		return z < 0 ? 0.5 * (1 - erf) : 0.5 * (1 + erf);
	}

	/** The step as a component of a {@link Model} (not a peak), parameters prefix + low, high, center, width. */
	public static Component component(String prefix) {
		return new Component() {
			@Override
			public String prefix() {
				return prefix;
			}

			@Override
			public List<String> parameterNames() {
				return NAMES;
			}

			@Override
			public boolean isPeak() {
				return false;
			}

			@Override
			public void addTo(double[] x, double[] p, double[] out) {
				for (int i = 0; i < x.length; i++) out[i] += MODEL.value(x[i], p);
			}
		};
	}
}
