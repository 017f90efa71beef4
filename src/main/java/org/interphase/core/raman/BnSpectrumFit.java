package org.interphase.core.raman;

import java.util.ArrayList;
import java.util.Arrays;
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
	public final double[] position = nan(), positionSd = nan(), fwhm = nan(), fwhmSd = nan(), area = nan(),
		areaSd = nan();
	public double ratio = Double.NaN, ratioSd = Double.NaN;
	public double hbnFraction = Double.NaN, hbnFractionSd = Double.NaN;
	public double crystalliteSize = Double.NaN, crystalliteSizeSd = Double.NaN;
	public double reducedChi2 = Double.NaN;
	/** Lorentzian part of the h-BN FWHM (cm-1) and the instrument Gaussian FWHM used or fitted (NaN/0 if none). */
	public double hbnLorentzianFwhm = Double.NaN, hbnLorentzianFwhmSd = Double.NaN;
	public double instrumentFwhm = Double.NaN, instrumentFwhmSd = Double.NaN;
	public boolean converged, hbnDetected, cbnDetected;
	public int spikes;
	public String baseline = "";
	public final List<String> flags = new ArrayList<>();
	/** Best parameters (to start the next fit from), or null. */
	public Parameters best;

	// curves over the fit window (null unless requested)
	public double[] x, y, baselineCurve, envelope, residuals;
	public final Map<String, double[]> components = new LinkedHashMap<>();

	public double position(BnBands b) {
		return position[b.ordinal()];
	}

	public double fwhm(BnBands b) {
		return fwhm[b.ordinal()];
	}

	public double area(BnBands b) {
		return area[b.ordinal()];
	}

	public void flag(String f) {
		if (!flags.contains(f)) flags.add(f);
	}

	public String flags() {
		return String.join(";", flags);
	}

	private static double[] nan() {
		double[] d = new double[NB];
		Arrays.fill(d, Double.NaN);
		return d;
	}
}
