package org.interphase.core.raman;

import java.util.List;

import org.interphase.core.fit.FitOptions;
import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.FitValues;
import org.interphase.core.fit.Fitter;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameters;
import org.interphase.core.result.Flags;

/**
 * Fits the BN model to spectra on one shift axis:
 * <ol>
 * <li>crop to the window and remove cosmic-ray spikes ({@link CosmicRaySpikes});</li>
 * <li>fit the bands with the shared engine ({@link Fitter}) with the baseline inside the model: data and bands
 * are both high-pass filtered by (I - S), where S is a linear smoother that a smooth baseline passes unchanged
 * (the Whittaker smoother of lambda for arpls/als, the least-squares polynomial for polynomial). Fitting (I - S) y
 * with (I - S) bands is fitting bands plus any baseline that S reproduces, profiled out exactly, so a cluster of
 * overlapping bands (LATP + c-BN around 1000 cm-1, where no channel shows the bare baseline) cannot push the
 * baseline into the bands. The asymmetric estimate (arPLS / ALS / peak-clipped polynomial) only seeds the band
 * heights: subtracted first, its errors at the scale of band clusters biased the c-BN ratio by -2 % (arPLS) to
 * -7 % (ALS) in the synthetic tests. Weights are Poisson, 1 / max(counts averaged over 7 channels, 1), for count
 * data, else uniform; the covariance is scaled by the reduced chi-square;</li>
 * <li>derive the c-BN / h-BN ratio, the h-BN fraction and the crystallite size with covariance-propagated
 * uncertainties. The reported baseline is S(y - bands).</li>
 * </ol>
 * Band detection (single spectra and the mean spectrum of a map): h-BN and c-BN areas may take either sign. When
 * a band's area is below {@code significance} standard deviations it is "not detected": the spectrum is fitted
 * again with that band's position and width fixed at nominal values, so its area (and the ratio) come with a
 * well-defined uncertainty that covers zero instead of a spurious band chasing noise.
 * <p>
 * Not thread-safe (work arrays): one instance per thread.
 */
public final class BnFitter {
	public static final String CBN_NOT_DETECTED = "cbn-not-detected";
	public static final String HBN_NOT_DETECTED = "no-hbn-detected";
	public static final String SIZE_EXTRAPOLATED = "size-outside-calibration";
	/** The Lorentzian part of the h-BN width is not resolved next to the instrument's: the size is a lower bound. */
	public static final String SIZE_LOWER_BOUND = "size-lower-bound";

	/** Order of the polynomial taken out before the Whittaker smoother in the fit's baseline (see SmoothBaseline). */
	static final int CURVATURE_ORDER = 3;

	/** Relative tolerances of the pixel fits (far below the noise; the engine's default 1e-10 costs iterations). */
	static final double PIXEL_TOLERANCE = 1e-5;

	/** How a spectrum is fitted. */
	public enum Mode {
		/** Full fit with band detection (single spectra, mean spectrum of a map). */
		DETECT,
		/** One fit from the given start, no detection refit (map pixels). */
		ONE_PASS
	}

	private final BnFitSettings s;
	private final int i0, n;
	private final double[] x;
	private final Baseline baseline;
	private final SmoothBaseline smoother;
	private final Model fitModel;
	private final String description;
	private final CosmicRaySpikes spikes = new CosmicRaySpikes();
	private final double[] yw, base, target, work, weights;

	/** @param axis the full shift axis, ascending (cm-1) */
	public BnFitter(BnFitSettings settings, double[] axis) {
		this.s = settings;
		int a = 0;
		while (a < axis.length && axis[a] < settings.model.low()) a++;
		int b = a;
		while (b < axis.length && axis[b] <= settings.model.high()) b++;
		i0 = a;
		n = b - a;
		if (n < 30) throw new IllegalArgumentException("only " + n + " channels inside the fit window " + settings.model
			.low() + "-" + settings.model.high() + " cm-1");
		x = new double[n];
		System.arraycopy(axis, i0, x, 0, n);
		double step = (x[n - 1] - x[0]) / (n - 1);
		double lambda = settings.lambda > 0 ? settings.lambda : Baseline.autoLambda(BnFitSettings.WIDEST_BAND_CM1, step,
			Baseline.AUTO_FACTOR);
		baseline = new Baseline(settings.baseline, lambda, settings.polyOrder, x);
		smoother = settings.baseline == BaselineMethod.POLYNOMIAL ? SmoothBaseline.polynomial(x, settings.polyOrder)
			: SmoothBaseline.polynomialThenWhittaker(x, CURVATURE_ORDER, lambda);
		fitModel = settings.model.fitModel(smoother);
		description = baselineDescription();
		yw = new double[n];
		base = new double[n];
		target = new double[n];
		work = new double[n];
		weights = new double[n];
	}

	/** The fit window's shift values. */
	public double[] x() {
		return x.clone();
	}

	/** The (I - S) smoother of the fit (per instance: not to be shared between threads). */
	SmoothBaseline smoother() {
		return smoother;
	}

	/** First channel of the window on the full axis, and the number of channels. */
	public int firstChannel() {
		return i0;
	}

	public int channels() {
		return n;
	}

	public String baselineDescription() {
		return baseline.describe() + (s.lambda > 0 || s.baseline == BaselineMethod.POLYNOMIAL ? "" : " (auto)") +
			"; residual baseline in the fit: " + smoother.describe();
	}

	/**
	 * Fits one spectrum given on the full axis ({@code full[offset .. offset + axis length)}).
	 *
	 * @param start starting parameters (fixed ones stay fixed), or null to guess from the data
	 * @param keepCurves keep data, baseline, envelope, components and residuals for a figure
	 */
	public BnSpectrumFit fit(double[] full, int offset, Parameters start, Mode mode, boolean keepCurves) {
		System.arraycopy(full, offset + i0, yw, 0, n);
		BnSpectrumFit.Builder out = new BnSpectrumFit.Builder();
		out.spikes = s.despike ? spikes.remove(yw) : 0;
		// the asymmetric estimate only seeds the band heights (not needed when a start is given); the fit profiles
		// the baseline out completely: target = (I - S) y, bands (I - S) band (an asymmetric estimate subtracted
		// first would leave its band-cluster-scale errors in the data: -2 % to -7 % on the c-BN ratio in the
		// synthetic tests)
		if (start == null) baseline.estimate(yw, base);
		smoother.smooth(yw, target);
		for (int i = 0; i < n; i++) target[i] = yw[i] - target[i];
		FitOptions opt = options(mode);
		BnModel m = s.model;
		Parameters p = start != null ? start : m.start(x, yw, base);
		FitResult r = Fitter.fit(fitModel, p, x, target, opt);
		out.baseline = description;
		// in one-pass mode a band whose shape the start fixed counts as not detected (the mean spectrum decided)
		out.hbnDetected = p.get(BnBands.HBN.id + "_center").vary;
		out.cbnDetected = m.has(BnBands.CBN_TO) && p.get(BnBands.CBN_TO.id + "_center").vary;
		if (mode == Mode.DETECT) {
			boolean hbnOk = significant(r, BnBands.HBN);
			boolean cbnOk = m.has(BnBands.CBN_TO) && significant(r, BnBands.CBN_TO);
			if (!hbnOk || (m.has(BnBands.CBN_TO) && !cbnOk)) {
				Parameters q = r.parameters(p);
				if (!hbnOk) m.fixShapeNominal(q, BnBands.HBN);
				if (m.has(BnBands.CBN_TO) && !cbnOk) {
					m.fixShapeNominal(q, BnBands.CBN_TO);
					if (m.has(BnBands.CBN_LO)) m.fixShapeNominal(q, BnBands.CBN_LO);
				}
				r = Fitter.fit(fitModel, q, x, target, opt);
				p = q;
			}
			out.hbnDetected = hbnOk;
			out.cbnDetected = cbnOk;
		}
		extract(r, p, out);
		if (keepCurves) curves(r, p, out);
		return out.build();
	}

	private FitOptions options(Mode mode) {
		double sum = 0, min = Double.POSITIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			sum += yw[i];
			min = Math.min(min, yw[i]);
		}
		double mean = sum / n;
		boolean counts = mean >= 20 && min >= -5 * Math.sqrt(mean);
		// Poisson weights from a 7-channel moving average, not from the noisy counts themselves: weights that
		// follow the noise bias areas low (Neyman's chi-square), by ~2 % for a weak band on a high background
		for (int i = 0; i < n; i++) {
			if (!counts) {
				weights[i] = 1;
				continue;
			}
			int a = Math.max(0, i - 3), b = Math.min(n - 1, i + 3);
			double t = 0;
			for (int k = a; k <= b; k++) t += yw[k];
			weights[i] = 1 / Math.max(t / (b - a + 1), 1);
		}
		// Lorentzian and pseudo-Voigt bands: Levenberg-Marquardt on the normal equations (the XPS solver, about half
		// the cost of MINPACK's QR); Voigt bands keep MINPACK, where the faster solver stopped on the flat
		// Gaussian/Lorentzian width trade-off (c-BN FWHM 8 % off in BnFitterTest)
		FitOptions o = new FitOptions().weights(weights.clone()).normalEquations(s.model.lineShape()
			!= BnModel.LineShape.VOIGT);
		if (mode == Mode.ONE_PASS) o.tolerances(PIXEL_TOLERANCE, PIXEL_TOLERANCE, PIXEL_TOLERANCE);
		return o;
	}

	private boolean significant(FitResult r, BnBands b) {
		double a = r.area(b.id), sd = r.stderr(b.id + "_area");
		return a > 0 && sd > 0 && a > s.significance * sd;
	}

	private void extract(FitResult r, Parameters p, BnSpectrumFit.Builder out) {
		BnModel m = s.model;
		List<BnBands> bands = m.bands();
		out.converged = r.converged();
		out.reducedChi2 = r.reducedChiSquare();
		out.best = r.parameters(p);
		boolean hasC = m.has(BnBands.CBN_TO);
		// derived: ratio, then each band's FWHM (a Voigt FWHM depends on two parameters)
		FitValues.Derived d = v -> {
			double[] o = new double[2 + bands.size()];
			o[0] = hasC ? m.area(v, BnBands.CBN_TO) / m.area(v, BnBands.HBN) : Double.NaN;
			for (int k = 0; k < bands.size(); k++) o[1 + k] = m.fwhm(v, bands.get(k));
			o[1 + bands.size()] = m.lorentzianFwhm(v, BnBands.HBN);
			return o;
		};
		double[] val = d.apply(r);
		double[] sd = r.propagate(d);
		for (int k = 0; k < bands.size(); k++) {
			BnBands b = bands.get(k);
			int i = b.ordinal();
			boolean fixedShape = !p.get(b.id + "_center").vary;
			out.area[i] = r.area(b.id);
			out.areaSd[i] = r.stderr(b.id + "_area");
			if (fixedShape) continue; // position and width not measured
			out.position[i] = m.position(r, b);
			out.positionSd[i] = r.stderr(b.id + "_center");
			out.fwhm[i] = val[1 + k];
			out.fwhmSd[i] = sd[1 + k];
		}
		if (out.hbnDetected && hasC) {
			out.ratio = val[0];
			out.ratioSd = sd[0];
			double q = s.crossSectionRatio;
			out.hbnFraction = 1 / (1 + out.ratio / q);
			// d f / d ratio = -(1/q) / (1 + ratio/q)^2
			out.hbnFractionSd = out.ratioSd / q / ((1 + out.ratio / q) * (1 + out.ratio / q));
		}
		out.instrumentFwhm = m.gaussianFwhm(r, BnBands.HBN);
		if (m.instrumentSigmaName() != null && out.best.get(m.instrumentSigmaName()).vary) out.instrumentFwhmSd = r.stderr(
			m.instrumentSigmaName()) / BnModel.SIGMA_PER_FWHM;
		if (out.hbnDetected) size(out, val[1 + bands.size()], sd[1 + bands.size()], out.instrumentFwhm);
		else out.flag(HBN_NOT_DETECTED);
		if (hasC && !out.cbnDetected) out.flag(CBN_NOT_DETECTED);
		if (!r.converged()) out.flag(Flags.FIT_NOT_CONVERGED);
		for (String name : r.atBound()) if (name.endsWith("_center") || name.endsWith("_fwhm") || name.endsWith("_gamma"))
			out.flag(Flags.AT_BOUND);
		if (out.hbnDetected && out.areaSd[BnBands.HBN.ordinal()] > 0 && out.area(BnBands.HBN) < 10 *
			out.areaSd[BnBands.HBN.ordinal()]) out.flag(Flags.LOW_SNR);
	}

	/**
	 * Crystallite size from the Lorentzian (lifetime) part of the h-BN width, the instrument's Gaussian removed
	 * (the whole FWHM for pseudo-Voigt bands, which do not separate them). Where the Lorentzian part is not
	 * resolved (below twice its uncertainty, or under a third of the instrument width) only a lower bound of the
	 * size is known: the size at the upper end (+2 sigma) of the Lorentzian width, flagged.
	 */
	private void size(BnSpectrumFit.Builder out, double fl, double flSd, double fg) {
		if (!Double.isFinite(fl)) {
			fl = out.fwhm(BnBands.HBN);
			flSd = out.fwhmSd[BnBands.HBN.ordinal()];
		}
		out.hbnLorentzianFwhm = fl;
		out.hbnLorentzianFwhmSd = flSd;
		boolean resolved = fg == 0 || (fl > 2 * flSd && fl >= fg / 3);
		if (resolved) {
			out.crystalliteSize = s.size.size(fl);
			out.crystalliteSizeSd = s.size.sizeUncertainty(fl, flSd);
			if (!CrystalliteSize.inCalibratedRange(out.crystalliteSize)) out.flag(SIZE_EXTRAPOLATED);
		}
		else {
			double upper = Math.max(fl, 0) + 2 * (Double.isFinite(flSd) ? flSd : 0);
			out.crystalliteSize = s.size.size(Math.max(upper, fg / 3));
			out.crystalliteSizeSd = Double.NaN;
			out.flag(SIZE_LOWER_BOUND);
		}
	}

	/** Data, fitted baseline S(y - bands), envelope, each band, residuals. */
	private void curves(FitResult r, Parameters p, BnSpectrumFit.Builder out) {
		Parameters best = r.parameters(p);
		double[] bands = s.model.model().eval(x, best);
		for (int i = 0; i < n; i++) work[i] = yw[i] - bands[i];
		double[] sm = new double[n];
		smoother.smooth(work, sm);
		out.x = x.clone();
		out.y = yw.clone();
		out.baselineCurve = new double[n];
		out.envelope = new double[n];
		out.residuals = new double[n];
		for (int i = 0; i < n; i++) {
			out.baselineCurve[i] = sm[i];
			out.envelope[i] = out.baselineCurve[i] + bands[i];
			out.residuals[i] = yw[i] - out.envelope[i];
		}
		for (java.util.Map.Entry<String, double[]> e : s.model.model().evalComponents(x, best).entrySet()) out.components
			.put(e.getKey(), e.getValue());
	}
}
