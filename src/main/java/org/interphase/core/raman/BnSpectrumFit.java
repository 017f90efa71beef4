package org.interphase.core.raman;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.fit.Parameters;

/**
 * The BN fit of one spectrum: per band position, FWHM and area with one-sigma uncertainties (arrays indexed by
 * {@link BnBands#ordinal()}, NaN for bands not in the model), the c-BN TO / h-BN area ratio, the h-BN fraction,
 * the crystallite size, fit quality, what was done (spikes, baseline) and the flags. Curves for the figure are
 * kept only when asked for.
 */
public final class BnSpectrumFit {
	private static final int NB = BnBands.values().length;
	public final double[] position, positionSd, fwhm, fwhmSd, area, areaSd;
	public final double ratio, ratioSd;
	public final double hbnFraction, hbnFractionSd;
	public final double crystalliteSize, crystalliteSizeSd;
	public final double reducedChi2;
	/** Lorentzian part of the h-BN FWHM (cm-1) and the instrument Gaussian FWHM used or fitted (NaN/0 if none). */
	public final double hbnLorentzianFwhm, hbnLorentzianFwhmSd;
	public final double instrumentFwhm, instrumentFwhmSd;
	public final boolean converged, hbnDetected, cbnDetected;
	public final int spikes;
	public final String baseline;
	/** Unmodifiable. */
	public final List<String> flags;
	/** Best parameters (to start the next fit from), or null. */
	public final Parameters best;

	// curves over the fit window (null unless requested); shared with the builder that made them, never changed
	public final double[] x, y, baselineCurve, envelope, residuals;
	/** Unmodifiable; the curves are shared as above. */
	public final Map<String, double[]> components;

	private BnSpectrumFit(Builder b) {
		// the per-band arrays are copied (a builder may go on), the curves are not (a builder sets them whole)
		position = b.position.clone();
		positionSd = b.positionSd.clone();
		fwhm = b.fwhm.clone();
		fwhmSd = b.fwhmSd.clone();
		area = b.area.clone();
		areaSd = b.areaSd.clone();
		ratio = b.ratio;
		ratioSd = b.ratioSd;
		hbnFraction = b.hbnFraction;
		hbnFractionSd = b.hbnFractionSd;
		crystalliteSize = b.crystalliteSize;
		crystalliteSizeSd = b.crystalliteSizeSd;
		reducedChi2 = b.reducedChi2;
		hbnLorentzianFwhm = b.hbnLorentzianFwhm;
		hbnLorentzianFwhmSd = b.hbnLorentzianFwhmSd;
		instrumentFwhm = b.instrumentFwhm;
		instrumentFwhmSd = b.instrumentFwhmSd;
		converged = b.converged;
		hbnDetected = b.hbnDetected;
		cbnDetected = b.cbnDetected;
		spikes = b.spikes;
		baseline = b.baseline;
		flags = Collections.unmodifiableList(new ArrayList<>(b.flags));
		best = b.best;
		x = b.x;
		y = b.y;
		baselineCurve = b.baselineCurve;
		envelope = b.envelope;
		residuals = b.residuals;
		components = Collections.unmodifiableMap(new LinkedHashMap<>(b.components));
	}

	/** A builder holding every field of this fit (to add flags, for instance). */
	public Builder toBuilder() {
		return new Builder(this);
	}

	public double position(BnBands b) {
		return position[b.ordinal()];
	}

	public double fwhm(BnBands b) {
		return fwhm[b.ordinal()];
	}

	public double area(BnBands b) {
		return area[b.ordinal()];
	}

	public String flags() {
		return String.join(";", flags);
	}

	private static double[] nan() {
		double[] d = new double[NB];
		Arrays.fill(d, Double.NaN);
		return d;
	}

	/** The fit being filled ({@link BnFitter} sets the fields step by step); {@link #build} makes the result. */
	public static final class Builder {
		double[] position = nan(), positionSd = nan(), fwhm = nan(), fwhmSd = nan(), area = nan(), areaSd = nan();
		double ratio = Double.NaN, ratioSd = Double.NaN;
		double hbnFraction = Double.NaN, hbnFractionSd = Double.NaN;
		double crystalliteSize = Double.NaN, crystalliteSizeSd = Double.NaN;
		double reducedChi2 = Double.NaN;
		double hbnLorentzianFwhm = Double.NaN, hbnLorentzianFwhmSd = Double.NaN;
		double instrumentFwhm = Double.NaN, instrumentFwhmSd = Double.NaN;
		boolean converged, hbnDetected, cbnDetected;
		int spikes;
		String baseline = "";
		List<String> flags = new ArrayList<>();
		Parameters best;
		double[] x, y, baselineCurve, envelope, residuals;
		Map<String, double[]> components = new LinkedHashMap<>();

		Builder() {}

		Builder(BnSpectrumFit r) {
			position = r.position.clone();
			positionSd = r.positionSd.clone();
			fwhm = r.fwhm.clone();
			fwhmSd = r.fwhmSd.clone();
			area = r.area.clone();
			areaSd = r.areaSd.clone();
			ratio = r.ratio;
			ratioSd = r.ratioSd;
			hbnFraction = r.hbnFraction;
			hbnFractionSd = r.hbnFractionSd;
			crystalliteSize = r.crystalliteSize;
			crystalliteSizeSd = r.crystalliteSizeSd;
			reducedChi2 = r.reducedChi2;
			hbnLorentzianFwhm = r.hbnLorentzianFwhm;
			hbnLorentzianFwhmSd = r.hbnLorentzianFwhmSd;
			instrumentFwhm = r.instrumentFwhm;
			instrumentFwhmSd = r.instrumentFwhmSd;
			converged = r.converged;
			hbnDetected = r.hbnDetected;
			cbnDetected = r.cbnDetected;
			spikes = r.spikes;
			baseline = r.baseline;
			flags = new ArrayList<>(r.flags);
			best = r.best;
			x = r.x;
			y = r.y;
			baselineCurve = r.baselineCurve;
			envelope = r.envelope;
			residuals = r.residuals;
			components = new LinkedHashMap<>(r.components);
		}

		double position(BnBands b) {
			return position[b.ordinal()];
		}

		double fwhm(BnBands b) {
			return fwhm[b.ordinal()];
		}

		double area(BnBands b) {
			return area[b.ordinal()];
		}

		/** Adds a flag once. */
		public Builder flag(String f) {
			if (!flags.contains(f)) flags.add(f);
			return this;
		}

		public BnSpectrumFit build() {
			return new BnSpectrumFit(this);
		}
	}
}
