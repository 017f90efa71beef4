package org.interphase.core.diffraction.xrd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.math3.special.Erf;

import org.interphase.core.diffraction.DiffuseBackground;
import org.interphase.core.fit.Component;
import org.interphase.core.fit.Expression;
import org.interphase.core.fit.FitOptions;
import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.Fitter;
import org.interphase.core.fit.Link;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Peak;
import org.interphase.core.fit.Polynomial;
import org.interphase.core.fit.Shape;
import org.interphase.core.param.Setting;

/**
 * One 1D X-ray powder pattern (2-theta in deg, counts) split into an instrument background B, a broad amorphous
 * halo H and sharp Bragg peaks P, with the crystallinity index CI = C / (C + A): C the summed areas of the Bragg
 * peaks (K-alpha1 + K-alpha2) whose K-alpha1 line lies in the range, A the integral of H over the range, both above
 * B. Steps (docs/diffraction.md, "X-ray diffraction (1D)"):
 * <ol>
 * <li>noise: variance g^2 max(y, floor), the gain g from second differences (1 for raw counts), or the file's esd;</li>
 * <li>diffuse level D0 = B + H under the peaks: {@link DiffuseBackground} (robust local quadratic, peaks clipped);</li>
 * <li>peaks: local maxima of the smoothed y - D0 above n-sigma, merged unless separated by a significant dip, a
 * candidate at the K-alpha2 position of a stronger one dropped (it is that peak's K-alpha2 line);</li>
 * <li>peak refinement with the fitting engine: clusters of overlapping peaks, each peak a {@link KAlphaDoublet}
 * (pseudo-Voigt, one Lorentzian fraction per cluster), on a passive baseline (the diffuse level plus the other
 * clusters' peaks) with a local straight-line correction;</li>
 * <li>B + H: a Chebyshev polynomial (order {@code backgroundOrder}) plus {@code halos} pseudo-Voigt halos fitted to
 * y - P with the noise weights; steps 4-5 are repeated once with B + H as the baseline;</li>
 * <li>CI with its uncertainty: propagated fit errors of C and A and a model term measured on synthetic patterns,
 * in quadrature; the change of CI with a background order one higher is reported beside it.</li>
 * </ol>
 * Phase matching, zero shift and crystallite sizes are in {@link XrdPhaseMatcher}. Pure: no ImageJ, no AWT.
 */
public final class XrdAnalyzer {
	private XrdAnalyzer() {}

	public static final class Options {
		// the user-facing settings, declared once: dialog, command line, docs and the defaults below come from here
		public static final Setting TWO_THETA_MIN = Setting.number("two-theta-min", Double.NaN, "deg", "lower limit " +
			"of the crystallinity index (empty: scan)");
		public static final Setting TWO_THETA_MAX = Setting.number("two-theta-max", Double.NaN, "deg", "upper limit " +
			"of the crystallinity index (empty: scan)");
		public static final Setting N_SIGMA = Setting.number("n-sigma", 5, "", "peak detection threshold, noise units")
			.positive(Double.NaN);
		public static final Setting BACKGROUND_ORDER = Setting.integer("background-order", 3, "", "order of the " +
			"Chebyshev polynomial of the instrument background").range(0, 7);
		public static final Setting HALOS = Setting.integer("halos", 2, "", "pseudo-Voigt components of the amorphous " +
			"halo (0 = no halo)").range(0, 3);
		public static final Setting BACKGROUND_WINDOW = Setting.number("background-window", 2, "deg", "half-width of " +
			"the first diffuse-background estimate").positive(Double.NaN);

		public final XrayWavelength wavelength;
		/** Crystallinity range (deg); NaN = the scan. */
		public final double rangeMin, rangeMax;
		public final double nSigma;
		/** Half-width (deg) of the local fits of the first diffuse estimate. */
		public final double backgroundWindowDeg;
		/** Order of the Chebyshev polynomial of the instrument background (plus the low-angle term). */
		public final int backgroundOrder;
		/** Pseudo-Voigt components of the halo (2 follow an asymmetric halo). */
		public final int halos;
		/** Low-angle air-scatter term of the background: "none", "inverse" (a x0/x) or "exp" (a exp(-(x-x0)/tau)). */
		public final String lowAngle;
		/** Narrowest halo FWHM (deg): anything narrower is a peak. */
		public final double minHaloFwhm;
		/** Broadest halo FWHM (deg): anything broader is background. */
		public final double maxHaloFwhm;
		/** One-sigma model term of CI measured on synthetic patterns (docs). */
		public final double modelSigma;
		/** Per-point standard deviations from the file, or null (shared with the caller, never changed here). */
		public final double[] esd;
		public final int maxPeaks;
		/** Peaks not significant at this many sigma after the fit are dropped. */
		public final double minAreaSigma;

		/** The defaults (from the Setting declarations). */
		public Options() {
			this(new Builder());
		}

		private Options(Builder b) {
			wavelength = b.wavelength;
			rangeMin = b.rangeMin;
			rangeMax = b.rangeMax;
			nSigma = b.nSigma;
			backgroundWindowDeg = b.backgroundWindowDeg;
			backgroundOrder = b.backgroundOrder;
			halos = b.halos;
			lowAngle = b.lowAngle;
			minHaloFwhm = b.minHaloFwhm;
			maxHaloFwhm = b.maxHaloFwhm;
			modelSigma = b.modelSigma;
			esd = b.esd;
			maxPeaks = b.maxPeaks;
			minAreaSigma = b.minAreaSigma;
		}

		/** A builder holding the defaults. */
		public static Builder builder() {
			return new Builder();
		}

		/** A builder holding every field of these options. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		/** Changes some of the options; {@link #build} makes the immutable options. */
		public static final class Builder {
			private XrayWavelength wavelength = XrayWavelength.defaultCu();
			private double rangeMin = TWO_THETA_MIN.number(), rangeMax = TWO_THETA_MAX.number();
			private double nSigma = N_SIGMA.number();
			private double backgroundWindowDeg = BACKGROUND_WINDOW.number();
			private int backgroundOrder = BACKGROUND_ORDER.integer();
			private int halos = HALOS.integer();
			private String lowAngle = "inverse";
			private double minHaloFwhm = 3;
			private double maxHaloFwhm = 20;
			private double modelSigma = 0.015;
			private double[] esd;
			private int maxPeaks = 250;
			private double minAreaSigma = 3;

			Builder() {}

			Builder(Options o) {
				wavelength = o.wavelength;
				rangeMin = o.rangeMin;
				rangeMax = o.rangeMax;
				nSigma = o.nSigma;
				backgroundWindowDeg = o.backgroundWindowDeg;
				backgroundOrder = o.backgroundOrder;
				halos = o.halos;
				lowAngle = o.lowAngle;
				minHaloFwhm = o.minHaloFwhm;
				maxHaloFwhm = o.maxHaloFwhm;
				modelSigma = o.modelSigma;
				esd = o.esd;
				maxPeaks = o.maxPeaks;
				minAreaSigma = o.minAreaSigma;
			}

			public Builder wavelength(XrayWavelength v) {
				wavelength = v;
				return this;
			}

			/** The crystallinity range (deg); NaN = the scan. */
			public Builder range(double min, double max) {
				rangeMin = min;
				rangeMax = max;
				return this;
			}

			public Builder nSigma(double v) {
				nSigma = v;
				return this;
			}

			public Builder backgroundWindowDeg(double v) {
				backgroundWindowDeg = v;
				return this;
			}

			public Builder backgroundOrder(int v) {
				backgroundOrder = v;
				return this;
			}

			public Builder halos(int v) {
				halos = v;
				return this;
			}

			public Builder lowAngle(String v) {
				lowAngle = v;
				return this;
			}

			public Builder haloFwhmRange(double min, double max) {
				minHaloFwhm = min;
				maxHaloFwhm = max;
				return this;
			}

			public Builder modelSigma(double v) {
				modelSigma = v;
				return this;
			}

			/** Per-point standard deviations (the array is kept, not copied), or null. */
			public Builder esd(double[] v) {
				esd = v;
				return this;
			}

			public Builder maxPeaks(int v) {
				maxPeaks = v;
				return this;
			}

			public Builder minAreaSigma(double v) {
				minAreaSigma = v;
				return this;
			}

			public Options build() {
				return new Options(this);
			}
		}
	}

	/** One Bragg peak after refinement; immutable ({@link XrdPhaseMatcher#match} returns copies with d and hkl). */
	public static final class XrdPeak {
		/** K-alpha1 2-theta (deg), FWHM of each line (deg), area of both lines (counts x deg), Lorentzian fraction. */
		public final double twoTheta, sigmaTwoTheta, fwhm, sigmaFwhm, area, sigmaArea, fraction, height;
		public final boolean converged;
		public final int cluster;
		// filled by XrdPhaseMatcher
		public final double d, sigmaD;
		public final XrdPhaseMatcher.Assignment assignment;
		public final double sizeNm, sigmaSizeNm;
		public final String sizeFlag;

		final double width0;

		private XrdPeak(Builder b) {
			twoTheta = b.twoTheta;
			sigmaTwoTheta = b.sigmaTwoTheta;
			fwhm = b.fwhm;
			sigmaFwhm = b.sigmaFwhm;
			area = b.area;
			sigmaArea = b.sigmaArea;
			fraction = b.fraction;
			height = b.height;
			converged = b.converged;
			cluster = b.cluster;
			d = b.d;
			sigmaD = b.sigmaD;
			assignment = b.assignment;
			sizeNm = b.sizeNm;
			sigmaSizeNm = b.sigmaSizeNm;
			sizeFlag = b.sizeFlag;
			width0 = b.width0;
		}

		/** A builder holding every field of this peak. */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The peak as the analysis refines it and the matcher indexes it. */
		static final class Builder {
			double twoTheta, sigmaTwoTheta, fwhm, sigmaFwhm, area, sigmaArea, fraction, height;
			boolean converged = true;
			int cluster;
			double d = Double.NaN, sigmaD = Double.NaN;
			XrdPhaseMatcher.Assignment assignment;
			double sizeNm = Double.NaN, sigmaSizeNm = Double.NaN;
			String sizeFlag = "";
			double width0;

			Builder() {}

			Builder(XrdPeak o) {
				twoTheta = o.twoTheta;
				sigmaTwoTheta = o.sigmaTwoTheta;
				fwhm = o.fwhm;
				sigmaFwhm = o.sigmaFwhm;
				area = o.area;
				sigmaArea = o.sigmaArea;
				fraction = o.fraction;
				height = o.height;
				converged = o.converged;
				cluster = o.cluster;
				d = o.d;
				sigmaD = o.sigmaD;
				assignment = o.assignment;
				sizeNm = o.sizeNm;
				sigmaSizeNm = o.sigmaSizeNm;
				sizeFlag = o.sizeFlag;
				width0 = o.width0;
			}

			XrdPeak build() {
				return new XrdPeak(this);
			}
		}
	}

	/**
	 * The decomposition of one pattern. Immutable: the lists are unmodifiable, the arrays shared with the analysis
	 * that made them (never changed after); the peaks themselves are filled in further by {@link XrdPhaseMatcher}.
	 */
	public static final class Result {
		public final double[] x, y, background, halo, peaks, envelope;
		public final List<XrdPeak> peakList;
		public final double crystallinity, crystallinitySigma, sigmaStatistical, sigmaBackgroundOrder, sigmaModel;
		public final double crystallineArea, sigmaCrystallineArea, haloArea, sigmaHaloArea;
		public final double haloCenter, haloFwhm, sigmaHaloCenter, sigmaHaloFwhm;
		public final boolean haloFound, noPeaks, diffuseConverged;
		public final double rangeMin, rangeMax, diffuseReducedChi2, gain;
		public final XrayWavelength wavelength;
		public final List<String> warnings;
		/** Noise variance per point (what the fits weighted with). */
		public final double[] variance;
		/** First diffuse level and the options (for refitting the background and halo). */
		final double[] d0;
		final Options options;
		/** Halo area with a background polynomial one order higher (for the sensitivity). */
		public final double haloAreaAltOrder;
		/** Undetected reflections of the matched phases fitted at their predicted positions (see {@link WeakReflections}). */
		public final WeakReflections weak;

		private Result(Builder b) {
			x = b.x;
			y = b.y;
			background = b.background;
			halo = b.halo;
			peaks = b.peaks;
			envelope = b.envelope;
			peakList = java.util.Collections.unmodifiableList(new ArrayList<>(b.peakList));
			crystallinity = b.crystallinity;
			crystallinitySigma = b.crystallinitySigma;
			sigmaStatistical = b.sigmaStatistical;
			sigmaBackgroundOrder = b.sigmaBackgroundOrder;
			sigmaModel = b.sigmaModel;
			crystallineArea = b.crystallineArea;
			sigmaCrystallineArea = b.sigmaCrystallineArea;
			haloArea = b.haloArea;
			sigmaHaloArea = b.sigmaHaloArea;
			haloCenter = b.haloCenter;
			haloFwhm = b.haloFwhm;
			sigmaHaloCenter = b.sigmaHaloCenter;
			sigmaHaloFwhm = b.sigmaHaloFwhm;
			haloFound = b.haloFound;
			noPeaks = b.noPeaks;
			diffuseConverged = b.diffuseConverged;
			rangeMin = b.rangeMin;
			rangeMax = b.rangeMax;
			diffuseReducedChi2 = b.diffuseReducedChi2;
			gain = b.gain;
			wavelength = b.wavelength;
			warnings = java.util.Collections.unmodifiableList(new ArrayList<>(b.warnings));
			variance = b.variance;
			d0 = b.d0;
			options = b.options;
			haloAreaAltOrder = b.haloAreaAltOrder;
			weak = b.weak;
		}

		/** A builder holding every field of this result (the lists new, the arrays and peaks shared). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The result as {@link XrdAnalyzer#analyze} and {@link WeakReflections#apply} fill it in. */
		static final class Builder {
			double[] x, y, background, halo, peaks, envelope;
			final List<XrdPeak> peakList = new ArrayList<>();
			double crystallinity, crystallinitySigma, sigmaStatistical, sigmaBackgroundOrder, sigmaModel;
			double crystallineArea, sigmaCrystallineArea, haloArea, sigmaHaloArea;
			double haloCenter = Double.NaN, haloFwhm = Double.NaN, sigmaHaloCenter = Double.NaN, sigmaHaloFwhm = Double.NaN;
			boolean haloFound, noPeaks, diffuseConverged = true;
			double rangeMin, rangeMax, diffuseReducedChi2 = Double.NaN, gain = 1;
			XrayWavelength wavelength;
			final List<String> warnings = new ArrayList<>();
			double[] variance;
			double[] d0;
			Options options;
			double haloAreaAltOrder = Double.NaN;
			WeakReflections weak;

			Builder() {}

			Builder(Result o) {
				x = o.x;
				y = o.y;
				background = o.background;
				halo = o.halo;
				peaks = o.peaks;
				envelope = o.envelope;
				peakList.addAll(o.peakList);
				crystallinity = o.crystallinity;
				crystallinitySigma = o.crystallinitySigma;
				sigmaStatistical = o.sigmaStatistical;
				sigmaBackgroundOrder = o.sigmaBackgroundOrder;
				sigmaModel = o.sigmaModel;
				crystallineArea = o.crystallineArea;
				sigmaCrystallineArea = o.sigmaCrystallineArea;
				haloArea = o.haloArea;
				sigmaHaloArea = o.sigmaHaloArea;
				haloCenter = o.haloCenter;
				haloFwhm = o.haloFwhm;
				sigmaHaloCenter = o.sigmaHaloCenter;
				sigmaHaloFwhm = o.sigmaHaloFwhm;
				haloFound = o.haloFound;
				noPeaks = o.noPeaks;
				diffuseConverged = o.diffuseConverged;
				rangeMin = o.rangeMin;
				rangeMax = o.rangeMax;
				diffuseReducedChi2 = o.diffuseReducedChi2;
				gain = o.gain;
				wavelength = o.wavelength;
				warnings.addAll(o.warnings);
				variance = o.variance;
				d0 = o.d0;
				options = o.options;
				haloAreaAltOrder = o.haloAreaAltOrder;
				weak = o.weak;
			}

			Result build() {
				return new Result(this);
			}

			/**
			 * Adds the fitted area of the matched phases' undetected reflections to the crystalline area and recomputes
			 * the index, its uncertainty (their variance joins the peak areas') and its background-order sensitivity.
			 */
			void include(WeakReflections w) {
				if (noPeaks || w == null || weak != null) return;
				weak = w;
				crystallineArea += w.area;
				sigmaCrystallineArea = Math.hypot(sigmaCrystallineArea, w.sigmaArea);
				updateIndex();
			}

			/**
			 * CI = C / (C + A) from the crystalline and halo areas, its statistical sigma, the change with one background
			 * order more (reported, not added: on synthetic patterns it overstates the error about threefold, docs) and
			 * the total sigma (statistical and model term).
			 */
			void updateIndex() {
				double c = crystallineArea, a = Math.max(0, haloArea), tot = c + a;
				crystallinity = tot > 0 ? c / tot : 0;
				sigmaStatistical = tot > 0 ? Math.hypot(a * sigmaCrystallineArea, c * sigmaHaloArea) / (tot * tot) : 0;
				double a2 = Math.max(0, haloAreaAltOrder);
				sigmaBackgroundOrder = Math.abs((c + a2 > 0 ? c / (c + a2) : 0) - crystallinity);
				crystallinitySigma = Math.hypot(sigmaStatistical, sigmaModel);
			}
		}
	}

	public static Result analyze(double[] xIn, double[] yIn, Options o) {
		double[][] xye = ascendingChecked(xIn, yIn, o);
		double[] x = xye[0], y = xye[1], esd = xye[2];
		int n = x.length;
		Result.Builder r = emptyResult(x, y, o);
		double[] steps = new double[n - 1];
		for (int i = 1; i < n; i++) steps[i - 1] = x[i] - x[i - 1];
		double h = median(steps);

		// 1. noise
		double[] var = noiseVariance(y, esd, r);
		double[] sigma = new double[n];
		for (int i = 0; i < n; i++) sigma[i] = Math.sqrt(var[i]);

		// 2. first diffuse level
		double[] d0 = firstDiffuse(x, y, sigma, h, o);

		// 3. candidates
		List<XrdPeak.Builder> cand = detect(x, y, d0, sigma, h, o);
		KAlphaDoublet shape = KAlphaDoublet.of("p_", o.wavelength);
		Decomposition dec = peaksAndDiffuse(x, y, var, sigma, d0, h, o, cand, shape, r);
		double[] peaksCurve = dec.peaksCurve;
		Diffuse dm = dec.dm;
		r.peaks = peaksCurve;
		r.variance = var;
		r.d0 = d0;
		r.options = o;
		applyDiffuse(r, dm, peaksCurve);
		for (XrdPeak.Builder p : cand) p.height = height(x, p, shape);
		for (XrdPeak.Builder p : cand) r.peakList.add(p.build());

		crystallinity(r, x, y, var, sigma, d0, peaksCurve, h, o, cand);
		return r.build();
	}

	/** The pattern checked (lengths, finite, strictly monotonic 2-theta in (0, 180)) in ascending order: {x, y, esd}. */
	private static double[][] ascendingChecked(double[] xIn, double[] yIn, Options o) {
		int n = xIn.length;
		if (n != yIn.length) throw new IllegalArgumentException("2-theta and intensity differ in length");
		if (n < 30) throw new IllegalArgumentException("a pattern needs at least 30 points, not " + n);
		for (int i = 0; i < n; i++) if (!Double.isFinite(xIn[i]) || !Double.isFinite(yIn[i]))
			throw new IllegalArgumentException("non-finite value at point " + i);
		double[] x = xIn.clone(), y = yIn.clone();
		double[] esd = o.esd == null ? null : o.esd.clone();
		if (x[n - 1] < x[0]) {
			reverse(x);
			reverse(y);
			if (esd != null) reverse(esd);
		}
		for (int i = 1; i < n; i++) if (!(x[i] > x[i - 1])) throw new IllegalArgumentException(
			"2-theta is not strictly increasing at point " + i);
		if (x[0] <= 0 || x[n - 1] >= 180) throw new IllegalArgumentException("2-theta must lie in (0, 180) deg");
		return new double[][] { x, y, esd };
	}

	private static Result.Builder emptyResult(double[] x, double[] y, Options o) {
		int n = x.length;
		Result.Builder r = new Result.Builder();
		r.wavelength = o.wavelength;
		r.x = x;
		r.y = y;
		r.rangeMin = Double.isNaN(o.rangeMin) ? x[0] : Math.max(x[0], o.rangeMin);
		r.rangeMax = Double.isNaN(o.rangeMax) ? x[n - 1] : Math.min(x[n - 1], o.rangeMax);
		if (!(r.rangeMax > r.rangeMin)) throw new IllegalArgumentException("the crystallinity range " + o.rangeMin + "-" +
			o.rangeMax + " deg does not overlap the scan " + x[0] + "-" + x[n - 1] + " deg");
		return r;
	}

	/** Variance per point: the esd when given, else gain^2 times the counts (above a floor); sets the gain. */
	private static double[] noiseVariance(double[] y, double[] esd, Result.Builder r) {
		int n = y.length;
		double[] var = new double[n];
		double med = median(y.clone());
		double g2 = gain2(y, Math.max(1e-12, 0.02 * Math.abs(med)));
		r.gain = Math.sqrt(g2);
		double floor = Math.max(1e-12, 0.02 * Math.abs(med));
		if (r.gain > 0.5 && r.gain < 2) floor = Math.max(floor, 1);
		for (int i = 0; i < n; i++) {
			var[i] = esd != null && esd[i] > 0 && Double.isFinite(esd[i]) ? esd[i] * esd[i] : g2 * Math.max(y[i], floor);
			if (!(var[i] > 0)) var[i] = g2 * floor;
		}
		return var;
	}

	/** Peak curve and the last B + H fit (null when no fit ran). */
	private static final class Decomposition {
		double[] peaksCurve;
		Diffuse dm;
	}

	/** Peaks refined on D0, then B + H and the peaks again on it (twice, weak peaks added in the first pass). */
	private static Decomposition peaksAndDiffuse(double[] x, double[] y, double[] var, double[] sigma, double[] d0,
		double h, Options o, List<XrdPeak.Builder> cand, KAlphaDoublet shape, Result.Builder r)
	{
		int n = x.length;
		double[] diffuse = d0;
		double[] peaksCurve = new double[n];
		Diffuse dm = null;
		if (cand.isEmpty()) r.noPeaks = true;
		else {
			// 4. refine on D0 with local corrections
			refine(x, y, var, diffuse, cand, shape, h, true, r);
			peaksCurve = curve(x, cand, shape);
		}
		// 5. B + H, then peaks again on it (twice)
		for (int pass = 0; pass < 2; pass++) {
			dm = diffuse(x, y, var, peaksCurve, d0, o, o.backgroundOrder, r);
			diffuse = dm.total;
			if (cand.isEmpty()) break;
			// weak peaks: a second search of the residual with a filter matched to the fitted widths
			if (pass == 0) cand.addAll(detectWeak(x, y, diffuse, peaksCurve, sigma, h, o, cand, shape));
			refine(x, y, var, diffuse, cand, shape, h, true, r);
			cand.removeIf(p -> !(p.area > o.minAreaSigma * p.sigmaArea) || !(p.area > 0));
			peaksCurve = curve(x, cand, shape);
			if (cand.isEmpty()) {
				r.noPeaks = true;
				peaksCurve = new double[n];
			}
		}
		if (!cand.isEmpty()) {
			dm = diffuse(x, y, var, peaksCurve, d0, o, o.backgroundOrder, r);
			diffuse = dm.total;
		}
		Decomposition dec = new Decomposition();
		dec.peaksCurve = peaksCurve;
		dec.dm = dm;
		return dec;
	}

	/** Crystalline area over the range, the halo's sensitivity to the background order, the detection limit. */
	private static void crystallinity(Result.Builder r, double[] x, double[] y, double[] var, double[] sigma, double[] d0,
		double[] peaksCurve, double h, Options o, List<XrdPeak.Builder> cand)
	{
		double c = 0, vc = 0;
		for (XrdPeak.Builder p : cand) if (p.twoTheta >= r.rangeMin && p.twoTheta <= r.rangeMax) {
			c += p.area;
			vc += p.sigmaArea * p.sigmaArea;
		}
		r.crystallineArea = c;
		r.sigmaCrystallineArea = Math.sqrt(vc);
		// sensitivity to the background model: one order more
		r.haloAreaAltOrder = diffuse(x, y, var, peaksCurve, d0, o, o.backgroundOrder + 1, null).haloArea;
		r.sigmaModel = r.noPeaks ? 0 : o.modelSigma;
		r.updateIndex();
		if (r.noPeaks) {
			r.crystallinity = 0;
			// an upper bound of what could hide below the detection limit: one peak at n-sigma over the median width
			r.crystallinitySigma = Math.hypot(r.crystallinitySigma, detectionLimit(sigma, h, o, Math.max(0, r.haloArea)));
		}
	}

	/** The diffuse parts of a B + H fit into the result; the envelope is B + H + the given peaks. */
	private static void applyDiffuse(Result.Builder r, Diffuse dm, double[] allPeaks) {
		int n = r.x.length;
		r.background = dm.background;
		r.halo = dm.halo;
		r.envelope = new double[n];
		for (int i = 0; i < n; i++) r.envelope[i] = dm.total[i] + allPeaks[i];
		r.diffuseReducedChi2 = dm.fit == null ? Double.NaN : dm.fit.reducedChiSquare();
		r.diffuseConverged = dm.fit == null || dm.fit.converged();
		r.haloArea = dm.haloArea;
		r.sigmaHaloArea = dm.haloAreaSigma;
		r.haloFound = dm.haloArea > 3 * dm.haloAreaSigma && dm.haloArea > 0;
		r.haloCenter = dm.haloCenter;
		r.haloFwhm = dm.haloFwhm;
		r.sigmaHaloCenter = dm.haloCenterSigma;
		r.sigmaHaloFwhm = dm.haloFwhmSigma;
	}

	/**
	 * Fits the background and halo again with {@code extra} (the weak reflections' curve) held passive next to the
	 * detected peaks, so that the smooth parts stop absorbing it; updates the diffuse parts of r, its envelope (B +
	 * H + P + extra) and the halo area with one background order more. The crystalline area and index are not
	 * recomputed here ({@link Result.Builder#include} does).
	 */
	static void refitDiffuse(Result.Builder r, double[] extra) {
		int n = r.x.length;
		double[] all = new double[n];
		for (int i = 0; i < n; i++) all[i] = r.peaks[i] + extra[i];
		Diffuse dm = diffuse(r.x, r.y, r.variance, all, r.d0, r.options, r.options.backgroundOrder, r);
		applyDiffuse(r, dm, all);
		r.haloAreaAltOrder = diffuse(r.x, r.y, r.variance, all, r.d0, r.options, r.options.backgroundOrder + 1, null)
			.haloArea;
	}

	/**
	 * D0 by {@link DiffuseBackground}; scans of more than 8000 points are first averaged in blocks (its cost grows with
	 * points x window) and D0 is interpolated back.
	 */
	static double[] firstDiffuse(double[] x, double[] y, double[] sigma, double h, Options o) {
		int n = x.length;
		int k = (n + 7999) / 8000;
		if (k <= 1) return DiffuseBackground.fit(y, sigma, Math.max(5, o.backgroundWindowDeg / h));
		int m = (n + k - 1) / k;
		double[] bx = new double[m], by = new double[m], bs = new double[m];
		for (int b = 0; b < m; b++) {
			int a = b * k, e = Math.min(n, a + k);
			double sx = 0, sy = 0, sv = 0;
			for (int i = a; i < e; i++) {
				sx += x[i];
				sy += y[i];
				sv += sigma[i] * sigma[i];
			}
			int c = e - a;
			bx[b] = sx / c;
			by[b] = sy / c;
			bs[b] = Math.sqrt(sv) / c;
		}
		double[] bd = DiffuseBackground.fit(by, bs, Math.max(5, o.backgroundWindowDeg / (h * k)));
		double[] d = new double[n];
		for (int i = 0; i < n; i++) {
			int j = Math.max(0, Math.min(m - 2, lowerIndex(bx, x[i])));
			double t = (x[i] - bx[j]) / (bx[j + 1] - bx[j]);
			d[i] = bd[j] + Math.max(-1, Math.min(2, t)) * (bd[j + 1] - bd[j]);
		}
		return d;
	}

	/** CI one undetected peak of n-sigma height and 0.15 deg width would add (the noise floor of "no peaks"). */
	private static double detectionLimit(double[] sigma, double h, Options o, double haloArea) {
		double s = median(sigma.clone());
		double area = o.nSigma * s * 0.15 * 1.2;
		return haloArea + area > 0 ? area / (haloArea + area) : 0;
	}

	// ---------------------------------------------------------------------------------------------------------

	/** g^2: the variance of y relative to a Poisson variance, from second differences (median, robust). */
	static double gain2(double[] y, double floor) {
		int n = y.length;
		double[] e = new double[n - 2];
		for (int i = 1; i < n - 1; i++) {
			double d = y[i] - 0.5 * (y[i - 1] + y[i + 1]);
			e[i - 1] = d * d / (1.5 * Math.max(y[i], floor));
		}
		double m = median(e) / 0.4549;
		return m > 0 && Double.isFinite(m) ? m : 1;
	}

	/** Candidate peaks on y - d0. */
	static List<XrdPeak.Builder> detect(double[] x, double[] y, double[] d0, double[] sigma, double h, Options o) {
		int n = x.length;
		double[] rs = smoothedResidual(y, d0);
		double sf = Math.sqrt(70.0 / 256);
		int kw = Math.max(2, (int) Math.round(0.03 / h));
		List<Integer> idx = new ArrayList<>();
		for (int i = 2; i < n - 2; i++) {
			double v = rs[i];
			if (!(v > o.nSigma * sf * sigma[i])) continue;
			boolean max = true;
			for (int k = Math.max(0, i - kw); k <= Math.min(n - 1, i + kw) && max; k++) if (k != i && (rs[k] > v || (rs[k] ==
				v && k < i))) max = false;
			if (max) idx.add(i);
		}
		mergeWithoutDip(idx, rs, sigma, sf);
		List<XrdPeak.Builder> out = new ArrayList<>();
		for (int i : idx) out.add(startingPeak(x, rs, i, h));
		return withoutKAlpha2Lines(out, h, o);
	}

	/** y - d0 smoothed with the binomial kernel 1 4 6 4 1. */
	private static double[] smoothedResidual(double[] y, double[] d0) {
		int n = y.length;
		double[] rs = new double[n];
		double[] r = new double[n];
		for (int i = 0; i < n; i++) r[i] = y[i] - d0[i];
		double[] kern = { 1, 4, 6, 4, 1 };
		for (int i = 0; i < n; i++) {
			double s = 0, w = 0;
			for (int k = -2; k <= 2; k++) {
				int j = i + k;
				if (j < 0 || j >= n) continue;
				s += kern[k + 2] * r[j];
				w += kern[k + 2];
			}
			rs[i] = s / w;
		}
		return rs;
	}

	/** Merges maxima without a significant dip between them (keeps the higher). */
	private static void mergeWithoutDip(List<Integer> idx, double[] rs, double[] sigma, double sf) {
		boolean merged = true;
		while (merged && idx.size() > 1) {
			merged = false;
			for (int q = 0; q + 1 < idx.size(); q++) {
				int a = idx.get(q), b = idx.get(q + 1);
				double m = Double.POSITIVE_INFINITY;
				for (int k = a; k <= b; k++) m = Math.min(m, rs[k]);
				double lower = Math.min(rs[a], rs[b]);
				double s = 3 * sf * Math.max(sigma[a], sigma[b]);
				if (lower - m < s) {
					idx.remove(rs[a] >= rs[b] ? q + 1 : q);
					merged = true;
					break;
				}
			}
		}
	}

	/** A peak at maximum i with its FWHM from the half-maximum crossings of the smoothed residual. */
	private static XrdPeak.Builder startingPeak(double[] x, double[] rs, int i, double h) {
		int n = x.length;
		XrdPeak.Builder p = new XrdPeak.Builder();
		p.twoTheta = x[i];
		p.height = rs[i];
		// FWHM from the half-maximum crossings of the smoothed residual
		double half = 0.5 * rs[i];
		int lo = i, hi = i;
		while (lo > 0 && rs[lo] > half && x[i] - x[lo] < 3) lo--;
		while (hi < n - 1 && rs[hi] > half && x[hi] - x[i] < 3) hi++;
		double xl = lo < i && rs[lo + 1] != rs[lo] ? x[lo] + (half - rs[lo]) / (rs[lo + 1] - rs[lo]) * (x[lo + 1] - x[lo])
			: x[lo];
		double xr = hi > i && rs[hi - 1] != rs[hi] ? x[hi] - (half - rs[hi]) / (rs[hi - 1] - rs[hi]) * (x[hi] - x[hi - 1])
			: x[hi];
		p.width0 = Math.max(Math.max(2 * h, 0.02), Math.min(3, xr - xl));
		p.fwhm = p.width0;
		p.fraction = 0.5;
		p.area = Math.max(p.height, 1e-12) * p.width0 * 1.3;
		return p;
	}

	/** Drops K-alpha2 lines of stronger peaks, keeps at most maxPeaks, sorted by angle. */
	private static List<XrdPeak.Builder> withoutKAlpha2Lines(List<XrdPeak.Builder> out, double h, Options o) {
		KAlphaDoublet kd = KAlphaDoublet.of("k_", o.wavelength);
		out.sort((p, q) -> Double.compare(q.height, p.height));
		List<XrdPeak.Builder> kept = new ArrayList<>();
		for (XrdPeak.Builder p : out) {
			boolean shoulder = false;
			for (XrdPeak.Builder s : kept) {
				double c2 = kd.secondCenter(s.twoTheta);
				if (Double.isNaN(c2)) continue;
				double tol = Math.max(Math.max(2 * h, 0.02), 0.3 * s.width0);
				if (Math.abs(p.twoTheta - c2) < tol && p.height < 0.9 * s.height) {
					shoulder = true;
					break;
				}
			}
			if (!shoulder) kept.add(p);
			if (kept.size() >= o.maxPeaks) break;
		}
		kept.sort((p, q) -> Double.compare(p.twoTheta, q.twoTheta));
		return kept;
	}

	/**
	 * Peaks too weak for the first search: the residual y - (B + H) - P smoothed with a Gaussian matched to the median
	 * fitted FWHM (a matched filter gains about sqrt(FWHM / step) in signal to noise over the 5-point kernel), local
	 * maxima above n-sigma of the filtered noise, none within two FWHM of a known peak or its K-alpha2 line (where the
	 * residual holds the strong peaks' shape misfit).
	 */
	static List<XrdPeak.Builder> detectWeak(double[] x, double[] y, double[] diffuse, double[] peaks, double[] sigma, double h,
		Options o, List<XrdPeak.Builder> known, KAlphaDoublet shape)
	{
		int n = x.length;
		List<XrdPeak.Builder> out = new ArrayList<>();
		if (known.isEmpty()) return out;
		double[] widths = new double[known.size()];
		for (int k = 0; k < widths.length; k++) widths[k] = known.get(k).fwhm;
		double wMed = median(widths);
		if (!(wMed > 0)) return out;
		double sk = Math.max(1, wMed / 2.3548 / h);
		int hw = (int) Math.ceil(3 * sk);
		double[] kern = new double[2 * hw + 1];
		double ks = 0;
		for (int k = -hw; k <= hw; k++) ks += kern[k + hw] = Math.exp(-0.5 * k * k / (sk * sk));
		double k2 = 0;
		for (int k = 0; k < kern.length; k++) {
			kern[k] /= ks;
			k2 += kern[k] * kern[k];
		}
		double nf = Math.sqrt(k2);
		double[] r = new double[n], rs = new double[n];
		for (int i = 0; i < n; i++) r[i] = y[i] - diffuse[i] - peaks[i];
		for (int i = 0; i < n; i++) {
			double s = 0, w = 0;
			for (int k = -hw; k <= hw; k++) {
				int j = i + k;
				if (j < 0 || j >= n) continue;
				s += kern[k + hw] * r[j];
				w += kern[k + hw];
			}
			rs[i] = s / w;
		}
		int kw = Math.max(2, (int) Math.round(wMed / h / 2));
		for (int i = kw; i < n - kw; i++) {
			double v = rs[i];
			if (!(v > o.nSigma * nf * sigma[i])) continue;
			boolean max = true;
			for (int k = i - kw; k <= i + kw && max; k++) if (k != i && rs[k] > v) max = false;
			if (!max) continue;
			boolean near = false;
			for (XrdPeak.Builder p : known) {
				double c2 = shape.secondCenter(p.twoTheta);
				double zone = 2 * Math.max(p.fwhm, wMed);
				if (Math.abs(x[i] - p.twoTheta) < zone || !Double.isNaN(c2) && Math.abs(x[i] - c2) < zone) near = true;
			}
			for (XrdPeak.Builder p : out) if (Math.abs(x[i] - p.twoTheta) < 2 * wMed) near = true;
			if (near) continue;
			XrdPeak.Builder p = new XrdPeak.Builder();
			p.twoTheta = x[i];
			p.height = v;
			p.width0 = wMed;
			p.fwhm = wMed;
			p.fraction = 0.5;
			p.area = v * wMed * 1.3 * (1 + shape.kAlpha2Ratio());
			out.add(p);
			if (known.size() + out.size() >= o.maxPeaks) break;
		}
		return out;
	}

	/** Fits the peaks cluster by cluster on the passive baseline; updates the peaks in place. */
	static void refine(double[] x, double[] y, double[] var, double[] baseline, List<XrdPeak.Builder> peaks, KAlphaDoublet shape,
		double h, boolean localLine, Result.Builder r)
	{
		int n = x.length, np = peaks.size();
		if (np == 0) return;
		peaks.sort((p, q) -> Double.compare(p.twoTheta, q.twoTheta));
		double[] wl = new double[np], wr = new double[np];
		List<int[]> clusters = clusters(peaks, shape, h, wl, wr);
		double[] all = curve(x, peaks, shape);
		for (int ci = 0; ci < clusters.size(); ci++) fitCluster(x, y, var, baseline, peaks, shape, h, localLine, r, all, ci,
			clusters.get(ci)[0], clusters.get(ci)[1], wl, wr);
	}

	/** Fit windows per peak (wl, wr: 4 widths around K-alpha1 and K-alpha2) and clusters of overlapping windows. */
	private static List<int[]> clusters(List<XrdPeak.Builder> peaks, KAlphaDoublet shape, double h, double[] wl, double[] wr) {
		int np = peaks.size();
		for (int k = 0; k < np; k++) {
			XrdPeak.Builder p = peaks.get(k);
			double w = Math.max(p.fwhm, 2 * h);
			double c2 = shape.secondCenter(p.twoTheta);
			wl[k] = p.twoTheta - 4 * w;
			wr[k] = (Double.isNaN(c2) ? p.twoTheta : c2) + 4 * w;
		}
		List<int[]> clusters = new ArrayList<>();
		int start = 0;
		double right = wr[0];
		for (int k = 1; k <= np; k++) {
			if (k == np || wl[k] > right || k - start >= 10) {
				clusters.add(new int[] { start, k });
				if (k < np) {
					start = k;
					right = wr[k];
				}
			}
			else right = Math.max(right, wr[k]);
		}
		return clusters;
	}

	/**
	 * Fits the peaks a..b-1 of cluster ci on the passive baseline plus the other clusters' current peaks; keeps the
	 * sum of all peaks (all) current for the next clusters.
	 */
	private static void fitCluster(double[] x, double[] y, double[] var, double[] baseline, List<XrdPeak.Builder> peaks,
		KAlphaDoublet shape, double h, boolean localLine, Result.Builder r, double[] all, int ci, int a, int b, double[] wl,
		double[] wr)
	{
		int n = x.length;
		double lo = wl[a], hi = wr[a];
		for (int k = a; k < b; k++) {
			lo = Math.min(lo, wl[k]);
			hi = Math.max(hi, wr[k]);
		}
		int i0 = Math.max(0, lowerIndex(x, lo)), i1 = Math.min(n, lowerIndex(x, hi) + 1);
		int m = i1 - i0;
		int nPar = 4 * (b - a) + (localLine ? 2 : 0);
		if (m <= nPar + 2) {
			// too few points: keep the estimates, flag
			for (int k = a; k < b; k++) {
				peaks.get(k).converged = false;
				peaks.get(k).sigmaArea = Double.POSITIVE_INFINITY;
			}
			return;
		}
		double[] xs = Arrays.copyOfRange(x, i0, i1), ys = Arrays.copyOfRange(y, i0, i1);
		double[] base = new double[m], w = new double[m];
		// the cluster's own current curve, removed from the sum of all peaks
		List<XrdPeak.Builder> own = peaks.subList(a, b);
		double[] ownCurve = curve(xs, own, shape);
		for (int i = 0; i < m; i++) {
			base[i] = baseline[i0 + i] + all[i0 + i] - ownCurve[i];
			w[i] = 1 / var[i0 + i];
		}
		double xm = 0.5 * (xs[0] + xs[m - 1]);
		List<Component> comps = new ArrayList<>();
		Parameters ps = new Parameters();
		clusterModel(peaks, a, b, shape, h, localLine, xm, comps, ps);
		FitResult f;
		try {
			f = Fitter.fit(new Model(comps), ps, xs, ys, new FitOptions().weights(w).baseline(base).maxEvaluations(
				600));
		}
		catch (RuntimeException e) {
			if (r != null) r.warnings.add("peak fit near " + fmt(xm) + " deg failed: " + e.getMessage());
			for (int k = a; k < b; k++) peaks.get(k).converged = false;
			return;
		}
		takeFit(peaks, a, b, f, ci);
		// keep the sum of all peaks current for the next clusters
		double[] now = curve(xs, own, shape);
		for (int i = 0; i < m; i++) all[i0 + i] += now[i] - ownCurve[i];
	}

	/** One K-alpha doublet per peak (shared Lorentzian fraction), optionally a local line, with starting values. */
	private static void clusterModel(List<XrdPeak.Builder> peaks, int a, int b, KAlphaDoublet shape, double h,
		boolean localLine, double xm, List<Component> comps, Parameters ps)
	{
		for (int k = a; k < b; k++) {
			XrdPeak.Builder p = peaks.get(k);
			String pre = "p" + (k - a) + "_";
			comps.add(new KAlphaDoublet(pre, shape.lambdaRatio(), shape.kAlpha2Ratio()));
			double w0 = Math.max(p.width0, 2 * h);
			double dc = Math.max(0.5 * w0, 3 * h);
			ps.add(pre + "area", Math.max(p.area, 1e-9)).bounds(0, Double.POSITIVE_INFINITY);
			ps.add(pre + "center", p.twoTheta).bounds(p.twoTheta - dc, p.twoTheta + dc);
			ps.add(pre + "fwhm", Math.min(Math.max(p.fwhm, 0.8 * h), 6 * w0)).bounds(0.5 * h, Math.max(6 * w0, 0.3));
			if (k == a) ps.add(pre + "fraction", clamp(p.fraction, 0.02, 0.98)).bounds(0, 1);
			else ps.add(pre + "fraction", 0.5).link(Link.equalTo("p0_fraction"));
		}
		if (localLine) {
			comps.add(new Polynomial("loc_", 1, xm));
			ps.add("loc_c0", 0);
			ps.add("loc_c1", 0);
		}
	}

	/** The fitted values and uncertainties into the peaks a..b-1. */
	private static void takeFit(List<XrdPeak.Builder> peaks, int a, int b, FitResult f, int ci) {
		for (int k = a; k < b; k++) {
			XrdPeak.Builder p = peaks.get(k);
			String pre = "p" + (k - a) + "_";
			p.area = f.value(pre + "area");
			p.sigmaArea = f.stderr(pre + "area");
			p.twoTheta = f.value(pre + "center");
			p.sigmaTwoTheta = f.stderr(pre + "center");
			p.fwhm = f.value(pre + "fwhm");
			p.sigmaFwhm = f.stderr(pre + "fwhm");
			p.fraction = f.value(pre + "fraction");
			p.converged = f.converged();
			p.cluster = ci;
			if (!Double.isFinite(p.sigmaArea)) p.sigmaArea = Double.POSITIVE_INFINITY;
		}
	}

	/** Sum of the peaks at x. */
	static double[] curve(double[] x, List<XrdPeak.Builder> peaks, KAlphaDoublet shape) {
		double[] out = new double[x.length];
		for (XrdPeak.Builder p : peaks) if (p.area > 0 && Double.isFinite(p.area)) shape.addTo(x, new double[] { p.area, p.twoTheta,
			p.fwhm, p.fraction }, out);
		return out;
	}

	static double height(double[] x, XrdPeak.Builder p, KAlphaDoublet shape) {
		double[] v = new double[1];
		shape.addTo(new double[] { p.twoTheta }, new double[] { p.area, p.twoTheta, p.fwhm, p.fraction }, v);
		return v[0];
	}

	/** B + H fit. */
	static final class Diffuse {
		double[] background, halo, total;
		FitResult fit;
		double haloArea, haloAreaSigma, haloCenter = Double.NaN, haloFwhm = Double.NaN, haloCenterSigma = Double.NaN,
			haloFwhmSigma = Double.NaN;
	}

	static Diffuse diffuse(double[] x, double[] y, double[] var, double[] peaks, double[] d0, Options o, int order,
		Result.Builder r)
	{
		int n = x.length;
		double x0 = x[0], x1 = x[n - 1];
		double[][] blocks = blockMeansOffPeaks(x, y, var, peaks);
		double[] xs = blocks[0], ys = blocks[1], w = blocks[2];
		DiffuseStart st = diffuseModel(x, d0, o, order);
		int ord = st.ord, nh = st.nh;
		double[] hull = st.hull;
		List<Component> comps = st.comps;
		Parameters ps = st.ps;
		Diffuse d = new Diffuse();
		FitResult f = null;
		try {
			f = Fitter.fit(new Model(comps), ps, xs, ys, new FitOptions().weights(w).maxEvaluations(1500));
		}
		catch (RuntimeException e) {
			if (r != null) r.warnings.add("background and halo fit failed: " + e.getMessage());
		}
		d.fit = f;
		d.background = new double[n];
		d.halo = new double[n];
		if (f == null) {
			d.total = d0.clone();
			d.background = hull;
			for (int i = 0; i < n; i++) d.halo[i] = d0[i] - hull[i];
			d.haloArea = trapezoid(x, d.halo, r == null ? x0 : r.rangeMin, r == null ? x1 : r.rangeMax);
			d.haloAreaSigma = Double.NaN;
			return d;
		}
		fittedCurves(d, f, x, o, ord, nh);
		haloAreaAndShape(d, f, x, o, r, nh);
		return d;
	}

	/**
	 * Block means of y - P (the diffuse level is smooth): at most 1200 points, with the weights of the means: {x, y, w}.
	 * Points where the fitted peaks stand out of the noise are left out: there y - P carries the peak model's misfit,
	 * which would otherwise leak into the halo.
	 */
	private static double[][] blockMeansOffPeaks(double[] x, double[] y, double[] var, double[] peaks) {
		int n = x.length;
		int step = Math.max(1, (n + 1199) / 1200);
		int m = (n + step - 1) / step;
		double[] xs = new double[m], ys = new double[m], w = new double[m];
		int kept = 0;
		for (int k = 0; k < m; k++) {
			int a = k * step, b = Math.min(n, a + step);
			double sx = 0, sy = 0, sv = 0;
			int c = 0;
			for (int i = a; i < b; i++) {
				if (peaks[i] > 2 * Math.sqrt(var[i])) continue;
				sx += x[i];
				sy += y[i] - peaks[i];
				sv += var[i];
				c++;
			}
			if (c == 0) continue;
			xs[kept] = sx / c;
			ys[kept] = sy / c;
			w[kept] = c * (double) c / sv;
			kept++;
		}
		if (kept < m) {
			xs = Arrays.copyOf(xs, kept);
			ys = Arrays.copyOf(ys, kept);
			w = Arrays.copyOf(w, kept);
		}
		return new double[][] { xs, ys, w };
	}

	/** The diffuse model with its starting values: Chebyshev background, optional low-angle term, halos. */
	private static final class DiffuseStart {
		List<Component> comps;
		Parameters ps;
		/** Lower convex hull of D0: the background's start and the fallback when the fit fails. */
		double[] hull;
		int ord, nh;
	}

	private static DiffuseStart diffuseModel(double[] x, double[] d0, Options o, int order) {
		int n = x.length;
		double x0 = x[0], x1 = x[n - 1];
		int ord = Math.max(0, Math.min(8, order));
		List<String> names = new ArrayList<>();
		for (int k = 0; k <= ord; k++) names.add("c" + k);
		Expression bg = new Expression("bg_", names, false, (xv, p) -> chebyshev(xv, x0, x1, p));
		// starting values: the lower convex hull of D0 for B, the excess for the halo
		double[] hull = lowerHull(x, d0);
		double[] ex = new double[n];
		int imax = 0;
		for (int i = 0; i < n; i++) {
			ex[i] = d0[i] - hull[i];
			if (ex[i] > ex[imax]) imax = i;
		}
		double hc = x[imax], hh = Math.max(ex[imax], 1e-9);
		int lo = imax, hi = imax;
		while (lo > 0 && ex[lo] > hh / 2) lo--;
		while (hi < n - 1 && ex[hi] > hh / 2) hi++;
		double range = x1 - x0;
		double hw = clamp(x[hi] - x[lo], Math.max(o.minHaloFwhm, 0.05 * range), Math.max(o.minHaloFwhm, 0.8 * range));
		double[] cb = chebyshevFit(x, hull, x0, x1, ord);
		Parameters ps = new Parameters();
		for (int k = 0; k <= ord; k++) ps.add("bg_c" + k, cb[k]);
		List<Component> comps = new ArrayList<>();
		comps.add(bg);
		if (o.lowAngle.equals("inverse")) {
			comps.add(new Expression("air_", List.of("a"), false, (xv, p) -> p[0] * x0 / xv));
			ps.add("air_a", 0);
		}
		else if (o.lowAngle.equals("exp")) {
			comps.add(new Expression("air_", List.of("a", "tau"), false, (xv, p) -> p[0] * Math.exp(-(xv - x0) / p[1])));
			ps.add("air_a", Math.max(0, d0[0] - hull[n - 1])).bounds(0, Double.POSITIVE_INFINITY);
			ps.add("air_tau", 0.1 * range).bounds(0.01 * range, 0.5 * range);
		}
		int nh = Math.max(0, o.halos);
		for (int j = 0; j < nh; j++) {
			String pre = "halo" + j + "_";
			comps.add(new Peak(pre, Shape.PSEUDO_VOIGT));
			double c = clamp(hc + (j - (nh - 1) / 2.0) * hw / 3, x0, x1);
			ps.add(pre + "area", hh * hw * 1.1 / nh).bounds(0, Double.POSITIVE_INFINITY);
			ps.add(pre + "center", c).bounds(x0, x1);
			double wMax = Math.min(o.maxHaloFwhm, range), wMin = Math.min(o.minHaloFwhm, 0.5 * wMax);
			ps.add(pre + "fwhm", clamp(hw, wMin, wMax)).bounds(wMin, wMax);
			ps.add(pre + "fraction", 0.2).bounds(0, 1);
		}
		DiffuseStart st = new DiffuseStart();
		st.comps = comps;
		st.ps = ps;
		st.hull = hull;
		st.ord = ord;
		st.nh = nh;
		return st;
	}

	/** Background (with its low-angle term), halo and their sum from the fitted parameters. */
	private static void fittedCurves(Diffuse d, FitResult f, double[] x, Options o, int ord, int nh) {
		int n = x.length;
		double x0 = x[0], x1 = x[n - 1];
		double[] pb = new double[ord + 1];
		for (int k = 0; k <= ord; k++) pb[k] = f.value("bg_c" + k);
		for (int i = 0; i < n; i++) d.background[i] = chebyshev(x[i], x0, x1, pb);
		if (o.lowAngle.equals("inverse")) for (int i = 0; i < n; i++) d.background[i] += f.value("air_a") * x0 / x[i];
		if (o.lowAngle.equals("exp")) for (int i = 0; i < n; i++) d.background[i] += f.value("air_a") * Math.exp(-(x[i] - x0) /
			f.value("air_tau"));
		for (int j = 0; j < nh; j++) {
			String pre = "halo" + j + "_";
			new Peak(pre, Shape.PSEUDO_VOIGT).addTo(x, new double[] { f.value(pre + "area"), f.value(pre + "center"), f
				.value(pre + "fwhm"), f.value(pre + "fraction") }, d.halo);
		}
		d.total = new double[n];
		for (int i = 0; i < n; i++) d.total[i] = d.background[i] + d.halo[i];
	}

	/** The halo's area over the analysed range (with its propagated sigma), its position and width. */
	private static void haloAreaAndShape(Diffuse d, FitResult f, double[] x, Options o, Result.Builder r, int nh) {
		int n = x.length;
		double x0 = x[0], x1 = x[n - 1];
		double rlo = r == null ? Double.NaN : r.rangeMin, rhi = r == null ? Double.NaN : r.rangeMax;
		if (Double.isNaN(rlo)) {
			rlo = Double.isNaN(o.rangeMin) ? x0 : Math.max(x0, o.rangeMin);
			rhi = Double.isNaN(o.rangeMax) ? x1 : Math.min(x1, o.rangeMax);
		}
		final double a0 = rlo, a1 = rhi;
		d.haloArea = haloIntegral(f, nh, a0, a1);
		d.haloAreaSigma = nh == 0 ? 0 : f.propagate(v -> new double[] { haloIntegral(v, nh, a0, a1) })[0];
		if (nh > 0) {
			// the halo's position and width: the strongest component (one halo: the fitted values)
			int best = 0;
			for (int j = 1; j < nh; j++) if (f.value("halo" + j + "_area") > f.value("halo" + best + "_area")) best = j;
			String pre = "halo" + best + "_";
			if (nh == 1) {
				d.haloCenter = f.value(pre + "center");
				d.haloCenterSigma = f.stderr(pre + "center");
				d.haloFwhm = f.value(pre + "fwhm");
				d.haloFwhmSigma = f.stderr(pre + "fwhm");
			}
			else {
				// several components: maximum and FWHM of their sum
				int im = 0;
				for (int i = 0; i < n; i++) if (d.halo[i] > d.halo[im]) im = i;
				double half = d.halo[im] / 2;
				int l = im, u = im;
				while (l > 0 && d.halo[l] > half) l--;
				while (u < n - 1 && d.halo[u] > half) u++;
				d.haloCenter = x[im];
				d.haloFwhm = x[u] - x[l];
			}
		}
	}

	private static double haloIntegral(org.interphase.core.fit.FitValues v, int nh, double lo, double hi) {
		double s = 0;
		for (int j = 0; j < nh; j++) {
			String pre = "halo" + j + "_";
			s += v.value(pre + "area") * pvIntegral(v.value(pre + "center"), v.value(pre + "fwhm"), v.value(pre +
				"fraction"), lo, hi);
		}
		return s;
	}

	/** Integral of a unit-area pseudo-Voigt over [lo, hi]. */
	static double pvIntegral(double c, double fwhm, double eta, double lo, double hi) {
		double sg = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
		double gauss = 0.5 * (Erf.erf((hi - c) / (sg * Math.sqrt(2))) - Erf.erf((lo - c) / (sg * Math.sqrt(2))));
		double g = fwhm / 2;
		double lor = (Math.atan((hi - c) / g) - Math.atan((lo - c) / g)) / Math.PI;
		return (1 - eta) * gauss + eta * lor;
	}

	static double chebyshev(double xv, double x0, double x1, double[] p) {
		double t = (2 * xv - x0 - x1) / (x1 - x0);
		double tPrev = 1, tCur = t, s = p[0];
		if (p.length > 1) s += p[1] * t;
		for (int k = 2; k < p.length; k++) {
			double tn = 2 * t * tCur - tPrev;
			s += p[k] * tn;
			tPrev = tCur;
			tCur = tn;
		}
		return s;
	}

	/** Least-squares Chebyshev coefficients (normal equations; order <= 9). */
	static double[] chebyshevFit(double[] x, double[] y, double x0, double x1, int order) {
		int k = order + 1, n = x.length;
		double[][] a = new double[k][k];
		double[] b = new double[k];
		double[] basis = new double[k];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < k; j++) {
				double[] e = new double[k];
				e[j] = 1;
				basis[j] = chebyshev(x[i], x0, x1, e);
			}
			for (int p = 0; p < k; p++) {
				b[p] += basis[p] * y[i];
				for (int q = 0; q < k; q++) a[p][q] += basis[p] * basis[q];
			}
		}
		try {
			return new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(
				a)).getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).toArray();
		}
		catch (RuntimeException e) {
			double[] c = new double[k];
			c[0] = median(y.clone());
			return c;
		}
	}

	/** The lower convex hull of (x, y) evaluated at every x. */
	static double[] lowerHull(double[] x, double[] y) {
		int n = x.length;
		int[] hull = new int[n];
		int m = 0;
		for (int i = 0; i < n; i++) {
			while (m >= 2) {
				int a = hull[m - 2], b = hull[m - 1];
				double cross = (x[b] - x[a]) * (y[i] - y[a]) - (y[b] - y[a]) * (x[i] - x[a]);
				if (cross <= 0) m--;
				else break;
			}
			hull[m++] = i;
		}
		double[] out = new double[n];
		for (int s = 0; s + 1 < m; s++) {
			int a = hull[s], b = hull[s + 1];
			for (int i = a; i <= b; i++) out[i] = y[a] + (y[b] - y[a]) * (x[i] - x[a]) / (x[b] - x[a]);
		}
		if (m == 1) Arrays.fill(out, y[hull[0]]);
		return out;
	}

	static double trapezoid(double[] x, double[] y, double lo, double hi) {
		double s = 0;
		for (int i = 1; i < x.length; i++) {
			double a = Math.max(lo, x[i - 1]), b = Math.min(hi, x[i]);
			if (b <= a) continue;
			s += 0.5 * (y[i - 1] + y[i]) * (b - a);
		}
		return s;
	}

	static int lowerIndex(double[] x, double v) {
		int i = Arrays.binarySearch(x, v);
		return i >= 0 ? i : Math.max(0, -i - 2);
	}

	static double median(double[] a) {
		if (a.length == 0) return Double.NaN;
		Arrays.sort(a);
		int n = a.length;
		return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
	}

	static double clamp(double v, double lo, double hi) {
		return Math.max(lo, Math.min(hi, v));
	}

	private static void reverse(double[] a) {
		for (int i = 0, j = a.length - 1; i < j; i++, j--) {
			double t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	static String fmt(double v) {
		return String.format(java.util.Locale.ROOT, "%.3f", v);
	}
}
