package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an {@link XpsPipeline} run found: the charge correction, the fitted spectra (one, one per level of a depth
 * profile, one per sample, or the summed spectrum of a map), the map's per-pixel fractions, the depth profile's
 * variable and the atomic ratio; the analysis layer turns it into rows, figures and tables.
 */
public final class XpsPipelineResult {
	public enum Kind {
		/** One spectrum. */
		SPECTRUM,
		/** A map or line of spectra: per-pixel fractions and the summed spectrum's fit. */
		MAP,
		/** Several VAMAS samples in one file, each fitted on its own. */
		SAMPLES,
		/** The region held several times (a sputter depth profile, repeated scans), each level fitted. */
		PROFILE
	}

	/** One fitted spectrum with what its rows need. */
	public static final class Fitted {
		/** Region prefix of its rows ("", "level:i;", "sample:ID;level:i;"). */
		public final String prefix;
		/** The VAMAS sample identifier (SAMPLES), else null. */
		public final String sample;
		/** Name of the region (or level) it was fitted from. */
		public final String name;
		/** The fit whose states the rows report (the ensemble's best when it ran). */
		public final XpsFitResult fit;
		/** Null when the model ensemble did not run. */
		public final XpsEnsemble.Result ensemble;
		public final boolean negative;
		public final double photonEnergy;
		/** TPP-2M IMFP and 3 IMFP cos(theta) of the first state's line in nm; hasDepth false when not defined. */
		public final boolean hasDepth;
		public final double imfp, informationDepth;

		Fitted(String prefix, String sample, String name, XpsFitResult fit, XpsEnsemble.Result ensemble, boolean negative,
			double photonEnergy, XpsPipelineOptions o)
		{
			this.prefix = prefix;
			this.sample = sample;
			this.name = name;
			this.fit = fit;
			this.ensemble = ensemble;
			this.negative = negative;
			this.photonEnergy = photonEnergy;
			double l = Double.NaN, depth = Double.NaN;
			boolean has = false;
			if (!fit.states.isEmpty()) {
				double ke = Imfp.kineticEnergy(photonEnergy, fit.states.get(0).position, o.workFunction);
				if (ke > 0) {
					l = o.imfp.nm(ke);
					depth = 3 * l * Math.cos(Math.toRadians(o.emissionAngle));
					has = true;
				}
			}
			hasDepth = has;
			imfp = l;
			informationDepth = depth;
		}

		/** The fit of the template's own states (no optional ones) that the outside-states test judges. */
		public XpsFitResult defaultStatesFit() {
			if (ensemble == null) return fit;
			XpsFitResult best = null;
			double bb = Double.POSITIVE_INFINITY;
			for (int i = 0; i < ensemble.fits.size(); i++) {
				if (ensemble.variants.get(i).contains("optional-states")) continue;
				if (ensemble.bic[i] < bb) {
					bb = ensemble.bic[i];
					best = ensemble.fits.get(i);
				}
			}
			return best != null ? best : fit;
		}

		/** {fraction, uncertainty} of state k as the rows give them (the ensemble's when it ran). */
		public double[] fraction(int k) {
			XpsFitResult.State st = fit.states.get(k);
			int e = ensemble != null ? ensemble.stateIndex(st.name) : -1;
			return e >= 0 ? new double[] {ensemble.fraction[e], ensemble.fractionSdTotal[e]}
				: new double[] {st.fraction, st.fractionSd()};
		}
	}

	/** Per state of a map: mean and sd of the fraction over converged pixels. */
	public static final class MapSummary {
		public final String state;
		public final double mean, sd;
		public final int pixels;

		MapSummary(String state, double mean, double sd, int pixels) {
			this.state = state;
			this.mean = mean;
			this.sd = sd;
			this.pixels = pixels;
		}
	}

	/** The atomic ratio of the region's element to another region's, with its label (e.g. "Ti 2p/O 1s"). */
	public static final class AtomicRatio {
		public final double value, sd;
		public final String label;
		/** Whether the other region's fit converged. */
		public final boolean converged;

		AtomicRatio(double value, double sd, String label, boolean converged) {
			this.value = value;
			this.sd = sd;
			this.label = label;
			this.converged = converged;
		}
	}

	public final Kind kind;
	/** The chosen region. */
	public final XpsRegion region;
	public final double shift;
	/** "given", the reference peak ("C 1s=284.8") or "none". */
	public final String shiftLabel;
	/** Warnings about the input (charge reference, negative counts, samples, level numbering), in order. */
	public final List<String> warnings;
	public final List<Fitted> fits;
	/** MAP: the per-pixel fits, pixel size and unit of the fraction images, and the per-state summaries. */
	public final XpsMapFit.Result map;
	public final double pixelSize;
	public final String pixelUnit;
	public final List<MapSummary> mapSummaries;
	/** PROFILE: each level's experimental variable (or number), its name and unit. */
	public final double[] levelValues;
	public final String levelVariable, levelUnit;
	/** SPECTRUM with a ratio asked for, else null. */
	public final AtomicRatio atomicRatio;

	private XpsPipelineResult(Builder b) {
		kind = b.kind;
		region = b.region;
		shift = b.shift;
		shiftLabel = b.shiftLabel;
		warnings = Collections.unmodifiableList(new ArrayList<>(b.warnings));
		fits = Collections.unmodifiableList(new ArrayList<>(b.fits));
		map = b.map;
		pixelSize = b.pixelSize;
		pixelUnit = b.pixelUnit;
		mapSummaries = Collections.unmodifiableList(new ArrayList<>(b.mapSummaries));
		levelValues = b.levelValues;
		levelVariable = b.levelVariable;
		levelUnit = b.levelUnit;
		atomicRatio = b.atomicRatio;
	}

	/** Filled step by step by the pipeline. */
	static final class Builder {
		Kind kind = Kind.SPECTRUM;
		XpsRegion region;
		double shift;
		String shiftLabel = "none";
		final List<String> warnings = new ArrayList<>();
		final List<Fitted> fits = new ArrayList<>();
		XpsMapFit.Result map;
		double pixelSize = 1;
		String pixelUnit = "px";
		final List<MapSummary> mapSummaries = new ArrayList<>();
		double[] levelValues;
		String levelVariable = "level", levelUnit = "";
		AtomicRatio atomicRatio;

		XpsPipelineResult build() {
			return new XpsPipelineResult(this);
		}
	}
}
