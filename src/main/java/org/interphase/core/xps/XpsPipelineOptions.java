package org.interphase.core.xps;

/**
 * Everything that decides an {@link XpsPipeline} run besides the file: the template and fit settings, which
 * region, the charge correction, depth profiles, the model ensemble, the atomic ratio and the information depth.
 * Immutable: {@link #builder()} or {@link #toBuilder()} (a copy of every field) to change one.
 */
public final class XpsPipelineOptions {
	public final XpsTemplate template;
	/** Settings of every fit (window, background, Monte Carlo, threads); copied, never changed by the pipeline. */
	public final XpsFit.Options fit;
	/** Which region of a multi-region file: a VAMAS sample or block identifier, or part of a block's name ("": any). */
	public final String region;
	/** Charge correction added to the binding energies; NaN: from the reference peak. */
	public final double shift;
	/** "REGION=ENERGY" of the charge reference, or "" / "none". */
	public final String referencePeak;
	/** Fit every level of a region held several times (a depth profile); false: only the first. */
	public final boolean allLevels;
	/** Refit under model variants weighted by an information criterion (maps: the summed spectrum). */
	public final boolean ensemble;
	/** The other region of an atomic ratio ("": none), fitted with its preset. */
	public final String ratioTo;
	/** Sensitivity factors of the atomic ratio (null: the built-in Scofield table). */
	public final SensitivityFactors sensitivityFactors;
	/** Photon energy when the file does not state it (NaN: from the file name, else Al K-alpha). */
	public final double photonEnergy;
	public final Imfp imfp;
	public final double workFunction, emissionAngle;

	private XpsPipelineOptions(Builder b) {
		if (b.template == null) throw new IllegalArgumentException("an XPS fit needs a template");
		template = b.template;
		fit = b.fit.copy();
		region = b.region;
		shift = b.shift;
		referencePeak = b.referencePeak;
		allLevels = b.allLevels;
		ensemble = b.ensemble;
		ratioTo = b.ratioTo;
		sensitivityFactors = b.sensitivityFactors;
		photonEnergy = b.photonEnergy;
		imfp = b.imfp;
		workFunction = b.workFunction;
		emissionAngle = b.emissionAngle;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of this one. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** The binding-energy window the region is chosen by: the fit's, else the template's. */
	double[] window() {
		return fit.window != null ? fit.window : template.window;
	}

	public static final class Builder {
		private XpsTemplate template;
		private XpsFit.Options fit = new XpsFit.Options();
		private String region = "";
		private double shift = Double.NaN;
		private String referencePeak = "C 1s=284.8";
		private boolean allLevels = true;
		private boolean ensemble = true;
		private String ratioTo = "";
		private SensitivityFactors sensitivityFactors;
		private double photonEnergy = Double.NaN;
		private Imfp imfp = Imfp.latp();
		private double workFunction = 4.5, emissionAngle;

		Builder() {}

		Builder(XpsPipelineOptions o) {
			template = o.template;
			fit = o.fit.copy();
			region = o.region;
			shift = o.shift;
			referencePeak = o.referencePeak;
			allLevels = o.allLevels;
			ensemble = o.ensemble;
			ratioTo = o.ratioTo;
			sensitivityFactors = o.sensitivityFactors;
			photonEnergy = o.photonEnergy;
			imfp = o.imfp;
			workFunction = o.workFunction;
			emissionAngle = o.emissionAngle;
		}

		public Builder template(XpsTemplate t) {
			template = t;
			return this;
		}

		public Builder fit(XpsFit.Options o) {
			fit = o.copy();
			return this;
		}

		public Builder region(String r) {
			region = r == null ? "" : r;
			return this;
		}

		public Builder shift(double s) {
			shift = s;
			return this;
		}

		public Builder referencePeak(String r) {
			referencePeak = r == null ? "" : r;
			return this;
		}

		public Builder allLevels(boolean a) {
			allLevels = a;
			return this;
		}

		public Builder ensemble(boolean e) {
			ensemble = e;
			return this;
		}

		public Builder ratioTo(String r) {
			ratioTo = r == null ? "" : r;
			return this;
		}

		public Builder sensitivityFactors(SensitivityFactors s) {
			sensitivityFactors = s;
			return this;
		}

		public Builder photonEnergy(double hv) {
			photonEnergy = hv;
			return this;
		}

		public Builder imfp(Imfp i) {
			imfp = i;
			return this;
		}

		public Builder workFunction(double w) {
			workFunction = w;
			return this;
		}

		public Builder emissionAngle(double deg) {
			emissionAngle = deg;
			return this;
		}

		public XpsPipelineOptions build() {
			return new XpsPipelineOptions(this);
		}
	}
}
