package org.interphase.core.diffraction.xrd;

import java.util.List;

import org.interphase.core.fit.Component;
import org.interphase.core.fit.LineShapes;

/**
 * A Bragg peak measured with a K-alpha1/K-alpha2 source, as one component of the fitting engine: parameters
 * {@code area} (both lines together), {@code center} (K-alpha1 2-theta, deg), {@code fwhm} (deg) and
 * {@code fraction} (Lorentzian fraction of the pseudo-Voigt). The K-alpha1 line carries area / (1 + r), the
 * K-alpha2 line area r / (1 + r) at 2 asin((lambda2/lambda1) sin(center/2)) with the same shape: the doublet
 * follows Bragg's law exactly wherever the centre moves. With r = 0 it is a single pseudo-Voigt.
 */
public final class KAlphaDoublet implements Component {
	private static final List<String> NAMES = List.of("area", "center", "fwhm", "fraction");
	private final String prefix;
	private final double lambdaRatio, ratio;

	/**
	 * @param lambdaRatio lambda(K-alpha2) / lambda(K-alpha1), > 1 (ignored when ratio is 0)
	 * @param ratio K-alpha2 / K-alpha1 intensity ratio, 0 for a single line
	 */
	public KAlphaDoublet(String prefix, double lambdaRatio, double ratio) {
		this.prefix = prefix;
		this.lambdaRatio = lambdaRatio;
		this.ratio = ratio > 0 && lambdaRatio > 1 ? ratio : 0;
	}

	/** A doublet for this wavelength (a single line when it has no K-alpha2). */
	public static KAlphaDoublet of(String prefix, XrayWavelength w) {
		return w.hasKAlpha2() ? new KAlphaDoublet(prefix, w.kAlpha2 / w.kAlpha1, w.ratio) : new KAlphaDoublet(prefix, 1,
			0);
	}

	/** lambda(K-alpha2) / lambda(K-alpha1). */
	public double lambdaRatio() {
		return lambdaRatio;
	}

	/** K-alpha2 / K-alpha1 intensity ratio (0 = single line). */
	public double kAlpha2Ratio() {
		return ratio;
	}

	@Override
	public String prefix() {
		return prefix;
	}

	@Override
	public List<String> parameterNames() {
		return NAMES;
	}

	/** 2-theta (deg) of the K-alpha2 line of a K-alpha1 line at c, NaN when there is none. */
	public double secondCenter(double c) {
		if (ratio == 0) return Double.NaN;
		double s = lambdaRatio * Math.sin(Math.toRadians(c / 2));
		return s >= 1 ? Double.NaN : 2 * Math.toDegrees(Math.asin(s));
	}

	@Override
	public void addTo(double[] x, double[] p, double[] out) {
		double area = p[0], c = p[1], w = p[2], eta = p[3];
		double a1 = area / (1 + ratio);
		line(x, a1, c, w, eta, out);
		if (ratio > 0) {
			double c2 = secondCenter(c);
			if (!Double.isNaN(c2)) line(x, area - a1, c2, w, eta, out);
		}
	}

	private static void line(double[] x, double area, double c, double w, double eta, double[] out) {
		if (!(w > 0)) return;
		double sg = w / (2 * Math.sqrt(2 * Math.log(2)));
		double kg = (1 - eta) * area / (sg * Math.sqrt(2 * Math.PI)), inv = 1 / sg;
		double g = 0.5 * w, kl = eta * area * g / Math.PI, g2 = g * g;
		for (int i = 0; i < x.length; i++) {
			double d = x[i] - c, u = d * inv;
			double v = kl / (d * d + g2);
			if (u * u < 80) v += kg * Math.exp(-0.5 * u * u);
			out[i] += v;
		}
	}

	/** The unit-area pseudo-Voigt used for each line (same as {@link LineShapes#pseudoVoigt}). */
	public static double profile(double x, double c, double fwhm, double eta) {
		return LineShapes.pseudoVoigt(x, c, fwhm, eta);
	}

	@Override
	public double area(double[] p) {
		return p[0];
	}

	@Override
	public double fwhm(double[] p) {
		return p[2];
	}

	@Override
	public boolean linearIn(int localIndex) {
		return localIndex == 0;
	}
}
