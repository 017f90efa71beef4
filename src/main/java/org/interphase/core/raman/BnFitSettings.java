package org.interphase.core.raman;

import org.interphase.core.param.Setting;

/** Everything that decides a BN fit besides the data: model, baseline, despiking, derived-quantity constants. */
public final class BnFitSettings {
	// the user-facing settings, declared once: dialog, command line, docs and defaults() come from here
	public static final Setting LINESHAPE = Setting.choice("lineshape", "instrument-voigt", "band shape: " +
		"instrument-voigt = Voigt bands sharing the instrument's Gaussian width (instrument-fwhm, or fitted), each with " +
		"its own Lorentzian width", BnModel.LineShape.class);
	public static final Setting INSTRUMENT_FWHM = Setting.number("instrument-fwhm", 0, "cm-1", "instrument Gaussian " +
		"FWHM for instrument-voigt bands; 0 = from the file's metadata (instrument_fwhm_cm1) or fitted").range(0,
			Double.NaN);
	public static final Setting BASELINE = Setting.choice("baseline", "arpls", "baseline: arPLS / ALS start with a " +
		"Whittaker-smooth baseline in the fit, or a polynomial", BaselineMethod.class);
	public static final Setting BASELINE_LAMBDA = Setting.number("baseline-lambda", 0, "", "Whittaker smoothness; " +
		"0 = automatic ((4 x 60 cm-1 / channel / 2 pi)^4)").range(0, Double.NaN);
	public static final Setting POLY_ORDER = Setting.integer("poly-order", 3, "", "order of the polynomial baseline");
	public static final Setting DESPIKE = Setting.choice("despike", "true", "remove cosmic-ray spikes", "true", "false");
	public static final Setting SUBSTRATE_BANDS = Setting.choice("substrate-bands", "true", "fit the LATP bands near " +
		"975, 1008 and 1097 cm-1", "true", "false");
	public static final Setting CROSS_SECTION_RATIO = Setting.number("cross-section-ratio", 1, "", "Raman " +
		"cross-section of c-BN TO relative to h-BN E2g (for the h-BN fraction); 1 = no correction").positive(Double.NaN);
	public static final Setting SIGNIFICANCE = Setting.number("significance", 3, "", "a band counts as detected " +
		"above this many standard deviations").positive(Double.NaN);

	public final BnModel model;
	public final BaselineMethod baseline;
	/** Whittaker smoothness; 0 or negative = automatic ({@link Baseline#autoLambda}). */
	public final double lambda;
	public final int polyOrder;
	public final boolean despike;
	/**
	 * Raman cross-section of c-BN (TO) relative to h-BN (E2g) per unit amount of material: the h-BN fraction is
	 * A_h / (A_h + A_c / ratio). 1 means "no correction"; calibrate with a mixture of known composition.
	 */
	public final double crossSectionRatio;
	public final CrystalliteSize size;
	/** A band counts as present when its area exceeds this many standard deviations. */
	public final double significance;
	/** FWHM of the broadest band the baseline must not follow (for the automatic lambda), cm-1. */
	public static final double WIDEST_BAND_CM1 = 60;

	public BnFitSettings(BnModel model, BaselineMethod baseline, double lambda, int polyOrder, boolean despike,
		double crossSectionRatio, CrystalliteSize size, double significance)
	{
		if (!(crossSectionRatio > 0)) throw new IllegalArgumentException("cross-section ratio must be positive");
		this.model = model;
		this.baseline = baseline;
		this.lambda = lambda;
		this.polyOrder = polyOrder;
		this.despike = despike;
		this.crossSectionRatio = crossSectionRatio;
		this.size = size;
		this.significance = significance;
	}

	/** Lorentzian bands with LATP, arPLS with automatic lambda, despiking, window 900-1600 cm-1. */
	public static BnFitSettings defaults() {
		// Lorentzian bands: the shape of the older fits and tests; the analysis' default shape is LINESHAPE's
		return new BnFitSettings(new BnModel(BnModel.LineShape.LORENTZIAN, Boolean.parseBoolean(SUBSTRATE_BANDS
			.defaultText), 900, 1600), Setting.constant(BaselineMethod.class, BASELINE.defaultText), BASELINE_LAMBDA
				.number(), POLY_ORDER.integer(), Boolean.parseBoolean(DESPIKE.defaultText), CROSS_SECTION_RATIO.number(),
			CrystalliteSize.nemanich(), SIGNIFICANCE.number());
	}

	/** A builder holding every field of these settings. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some of the settings; {@link #build} checks them as the constructor does. */
	public static final class Builder {
		private BnModel model;
		private BaselineMethod baseline;
		private double lambda;
		private int polyOrder;
		private boolean despike;
		private double crossSectionRatio;
		private CrystalliteSize size;
		private double significance;

		Builder(BnFitSettings s) {
			model = s.model;
			baseline = s.baseline;
			lambda = s.lambda;
			polyOrder = s.polyOrder;
			despike = s.despike;
			crossSectionRatio = s.crossSectionRatio;
			size = s.size;
			significance = s.significance;
		}

		public Builder model(BnModel m) {
			model = m;
			return this;
		}

		public Builder baseline(BaselineMethod b) {
			baseline = b;
			return this;
		}

		public Builder lambda(double l) {
			lambda = l;
			return this;
		}

		public Builder polyOrder(int o) {
			polyOrder = o;
			return this;
		}

		public Builder despike(boolean d) {
			despike = d;
			return this;
		}

		public Builder crossSectionRatio(double r) {
			crossSectionRatio = r;
			return this;
		}

		public Builder size(CrystalliteSize s) {
			size = s;
			return this;
		}

		public Builder significance(double s) {
			significance = s;
			return this;
		}

		public BnFitSettings build() {
			return new BnFitSettings(model, baseline, lambda, polyOrder, despike, crossSectionRatio, size, significance);
		}
	}
}
