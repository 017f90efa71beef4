package org.interphase.core.raman;

/**
 * In-plane h-BN crystallite size La from the width of the E2g band, after Nemanich, Solin and Martin, "Light
 * scattering study of boron nitride microcrystals", Phys. Rev. B 23, 6348 (1981): the E2g band broadens (and
 * shifts up) as La shrinks. The relation used is the one commonly quoted from that paper,
 * FWHM = 8.7 + 1417 / La  (FWHM in cm-1, La in Angstrom), i.e. FWHM = 8.7 + 141.7 / La with La in nm.
 * The paper's samples spanned La = 4.4 to 78.5 nm (its abstract), i.e. FWHM about 10.5 to 41 cm-1; sizes
 * outside are extrapolations and are flagged. Coefficients are editable, because the measured FWHM includes the
 * instrument's own broadening, which differs from the 1981 set-up.
 */
public final class CrystalliteSize {
	/** Default slope, cm-1 nm. */
	public static final double DEFAULT_SLOPE = 141.7;
	/** Default intrinsic width of a large crystal, cm-1. */
	public static final double DEFAULT_INTERCEPT = 8.7;
	/** Calibrated range of the relation, nm. */
	public static final double MIN_NM = 4.4, MAX_NM = 78.5;

	public final double slope, intercept;

	public CrystalliteSize(double slope, double intercept) {
		if (!(slope > 0)) throw new IllegalArgumentException("crystallite-size slope must be positive");
		this.slope = slope;
		this.intercept = intercept;
	}

	public static CrystalliteSize nemanich() {
		return new CrystalliteSize(DEFAULT_SLOPE, DEFAULT_INTERCEPT);
	}

	/** La in nm from the E2g FWHM in cm-1; NaN when the band is not broader than the intercept. */
	public double size(double fwhm) {
		double excess = fwhm - intercept;
		return excess > 0 ? slope / excess : Double.NaN;
	}

	/** One-sigma uncertainty of La from that of the FWHM (first-order propagation). */
	public double sizeUncertainty(double fwhm, double fwhmSigma) {
		double excess = fwhm - intercept;
		return excess > 0 ? slope * fwhmSigma / (excess * excess) : Double.NaN;
	}

	/** The FWHM that a crystallite size gives (the forward relation, used by the synthetic generator). */
	public double fwhm(double sizeNm) {
		return intercept + slope / sizeNm;
	}

	public static boolean inCalibratedRange(double sizeNm) {
		return sizeNm >= MIN_NM && sizeNm <= MAX_NM;
	}
}
