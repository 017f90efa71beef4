package org.interphase.core.diffraction.xrd;

import java.util.Locale;

/**
 * Crystallite size from the width of a Bragg peak, Scherrer's equation L = K lambda / (beta cos theta), beta the
 * sample broadening in radians: the FWHM of the K-alpha1 line with the instrument's width removed in quadrature,
 * beta^2 = FWHM^2 - FWHM_inst^2 (a Gaussian approximation). The instrument width is a constant or Caglioti's
 * FWHM^2 = U tan^2 theta + V tan theta + W (deg^2), measured on a standard (e.g. LaB6, Si). Without it the size is a
 * lower bound (flag {@link #NO_INSTRUMENT}). Strain broadening is ignored.
 */
public final class ScherrerSize {
	public static final String NO_INSTRUMENT = "instrument-width-not-subtracted";
	public static final String BEYOND_RESOLUTION = "size-beyond-resolution";

	public final double k;
	/** null: none; one value: constant FWHM (deg); three: Caglioti U, V, W (deg^2). */
	private final double[] instrument;

	public ScherrerSize(double k, double[] instrument) {
		if (!(k > 0)) throw new IllegalArgumentException("Scherrer constant must be positive");
		if (instrument != null && instrument.length != 1 && instrument.length != 3) throw new IllegalArgumentException(
			"instrument width: one FWHM (deg) or Caglioti U,V,W (deg^2)");
		this.k = k;
		this.instrument = instrument == null ? null : instrument.clone();
	}

	/** Parses "" (none), "0.06" or "U,V,W". */
	public static double[] parseInstrument(String s) {
		if (s == null || s.isBlank()) return null;
		String[] f = s.trim().split("[,;\\s]+");
		double[] v = new double[f.length];
		for (int i = 0; i < f.length; i++) v[i] = Double.parseDouble(f[i]);
		if (v.length != 1 && v.length != 3) throw new IllegalArgumentException("instrument width: one FWHM in deg or " +
			"Caglioti U,V,W in deg^2, not '" + s + "'");
		return v;
	}

	public boolean hasInstrument() {
		return instrument != null;
	}

	/** Instrument FWHM (deg) at 2-theta, 0 without an instrument function. */
	public double instrumentFwhm(double twoTheta) {
		if (instrument == null) return 0;
		if (instrument.length == 1) return instrument[0];
		double t = Math.tan(Math.toRadians(twoTheta / 2));
		return Math.sqrt(Math.max(0, instrument[0] * t * t + instrument[1] * t + instrument[2]));
	}

	/** {size nm, sigma nm}, NaN when the peak is not broader than the instrument. */
	public double[] size(double lambda, double twoTheta, double fwhm, double sigmaFwhm) {
		double fi = instrumentFwhm(twoTheta);
		double b2 = fwhm * fwhm - fi * fi;
		if (!(b2 > 0)) return new double[] { Double.NaN, Double.NaN };
		double beta = Math.sqrt(b2);
		double l = k * lambda / (Math.toRadians(beta) * Math.cos(Math.toRadians(twoTheta / 2))) / 10;
		double sb = Double.isFinite(sigmaFwhm) ? fwhm * sigmaFwhm / beta : Double.NaN;
		return new double[] { l, l * sb / beta };
	}

	public String describe() {
		if (instrument == null) return String.format(Locale.ROOT, "Scherrer K=%.2f, no instrument width", k);
		if (instrument.length == 1) return String.format(Locale.ROOT, "Scherrer K=%.2f, instrument FWHM %.4g deg", k,
			instrument[0]);
		return String.format(Locale.ROOT, "Scherrer K=%.2f, instrument Caglioti U=%.4g V=%.4g W=%.4g deg^2", k,
			instrument[0], instrument[1], instrument[2]);
	}
}
