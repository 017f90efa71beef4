package org.interphase.synth.eels;

/**
 * Noise-free model shapes of the Ti L2,3 white lines and the O K edge (background-free, arbitrary units), used
 * by the synthetic EELS generators. Ti4+ (octahedral, TiO2-like): L3 and L2 each split by the crystal field into
 * t2g and eg peaks about 2 eV apart, L3-L2 spin-orbit splitting about 5.5 eV, onset about 456 eV. Ti3+
 * (Ti2O3-like): the whole edge about 1 eV lower, the crystal-field splitting washed out into one broad peak per
 * edge. Both include the continuum steps under the white lines, the instrument resolution (a Gaussian added in
 * quadrature to each line width) and a plural-scattering replica (one plasmon, ~24 eV, weight t/lambda).
 * Each valence shape is scaled to the same integral over 452-478 eV, so a mixture {@code f*Ti3 + (1-f)*Ti4} has
 * Ti3+ fraction f in the sense the analysis measures (share of the Ti L intensity).
 */
public final class TiL23Shapes {
	/** Ti4+ L3 t2g peak position, eV (the model's energy anchor; the analysis never assumes it). */
	public static final double TI4_L3_T2G = 457.9;
	/** Chemical shift of Ti3+ relative to Ti4+, eV (negative = lower energy). */
	public static final double TI3_SHIFT = -1.0;
	public static final double O_K_ONSET = 532.0;
	static final double PLASMON_EV = 24.0, PLASMON_FWHM = 8.0;

	// position offset from TI4_L3_T2G, height, Lorentzian FWHM
	private static final double[][] TI4 = {
		{ 0.0, 0.75, 0.55 }, { 2.0, 1.00, 1.20 }, { 5.5, 0.80, 1.00 }, { 7.5, 0.90, 1.80 } };
	private static final double[][] TI3 = {
		{ TI3_SHIFT - 0.1, 0.62, 1.70 }, { TI3_SHIFT + 1.3, 0.78, 1.90 }, { TI3_SHIFT + 5.2, 0.58, 2.00 },
		{ TI3_SHIFT + 6.9, 0.74, 2.40 } };
	private static final double[][] OK = { { -0.5, 0.35, 1.2 }, { 2.2, 0.28, 2.0 }, { 9.0, 0.30, 5.0 } };

	private final double resolutionFwhm, tOverLambda;
	private final double scale3, scale4;

	/**
	 * @param resolutionFwhm energy resolution (zero-loss FWHM), eV, e.g. 0.5
	 * @param tOverLambda relative thickness: weight of the plural-scattering replica, e.g. 0.3
	 */
	public TiL23Shapes(double resolutionFwhm, double tOverLambda) {
		this.resolutionFwhm = resolutionFwhm;
		this.tOverLambda = tOverLambda;
		double i3 = 0, i4 = 0;
		for (double e = 452; e <= 478; e += 0.01) {
			i3 += raw(TI3, TI4_L3_T2G + TI3_SHIFT, e);
			i4 += raw(TI4, TI4_L3_T2G, e);
		}
		scale3 = 1 / (i3 * 0.01);
		scale4 = 1 / (i4 * 0.01);
	}

	/** Ti3+ shape at energy e (integral 1 over 452-478 eV). */
	public double ti3(double e) {
		return scale3 * raw(TI3, TI4_L3_T2G + TI3_SHIFT, e);
	}

	/** Ti4+ shape at energy e (integral 1 over 452-478 eV). */
	public double ti4(double e) {
		return scale4 * raw(TI4, TI4_L3_T2G, e);
	}

	/** O K edge shape at energy e (arbitrary units, peaks ~0.4 of the Ti shapes' peak). */
	public double oxygenK(double e) {
		double v = 0;
		for (double[] p : OK) v += p[1] * line(e, O_K_ONSET + p[0], p[2], 0);
		v += 0.12 * step(e, O_K_ONSET + 1.0, 1.5, 0);
		return 0.12 * v;
	}

	private double raw(double[][] peaks, double l3, double e) {
		double v = 0;
		for (double[] p : peaks) {
			v += p[1] * line(e, l3 + p[0], p[2], 0);
			v += tOverLambda * p[1] * line(e, l3 + p[0], p[2], PLASMON_EV);
		}
		// continuum steps under L3 and L2 (2:1), slowly decaying
		v += 0.10 * step(e, l3 - 0.3, 0.8, 0) + 0.05 * step(e, l3 + 5.2, 0.8, 0);
		v += tOverLambda * (0.10 * step(e, l3 - 0.3, 0.8, PLASMON_EV) + 0.05 * step(e, l3 + 5.2, 0.8, PLASMON_EV));
		return v;
	}

	/** Pseudo-Voigt line of unit height, Lorentzian FWHM w convolved with the resolution (and a plasmon). */
	private double line(double e, double centre, double w, double loss) {
		double c = centre + loss;
		double gauss = loss > 0 ? Math.hypot(resolutionFwhm, PLASMON_FWHM) : resolutionFwhm;
		// mostly Gaussian (solid-state broadening), a little Lorentzian (core-hole lifetime)
		double fwhm = Math.hypot(w, gauss);
		double eta = 0.2;
		double x = (e - c) / fwhm;
		double lor = 1 / (1 + 4 * x * x);
		double gau = Math.exp(-4 * Math.log(2) * x * x);
		double peak = eta * lor + (1 - eta) * gau;
		// a plasmon replica of a line is spread: keep its area, not its height
		return loss > 0 ? peak * w / fwhm : peak;
	}

	private double step(double e, double onset, double width, double loss) {
		double o = onset + loss;
		double w = loss > 0 ? Math.hypot(width, PLASMON_FWHM) : Math.hypot(width, resolutionFwhm);
		double s = 0.5 + Math.atan((e - o) / (0.5 * w)) / Math.PI;
		return s * Math.exp(-Math.max(0, e - o) / 60.0);
	}
}
