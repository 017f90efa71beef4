package org.interphase.core.raman;

/** Everything that decides a BN fit besides the data: model, baseline, despiking, derived-quantity constants. */
public final class BnFitSettings {
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
		return new BnFitSettings(new BnModel(BnModel.LineShape.LORENTZIAN, true, 900, 1600), BaselineMethod.ARPLS, 0, 3,
			true, 1, CrystalliteSize.nemanich(), 3);
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
