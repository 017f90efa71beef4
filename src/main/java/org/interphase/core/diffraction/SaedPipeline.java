package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;
import org.interphase.core.param.Setting;

/**
 * One diffraction pattern from pixels to numbers: mask, centre (Friedel symmetry, refined on Friedel pairs of
 * spots), elliptical distortion (ellipse fit to the strongest uniform ring or to the amorphous halo), azimuthal
 * integration and polar transform, diffuse background, rings and spots with d-spacings, calibration on a
 * reference phase if asked, ring and zone-axis indexing, and the crystalline fraction. Plain data in, plain data
 * out; the analysis layer turns it into contract rows.
 */
public final class SaedPipeline {
	/** Settings: immutable, {@link #builder()} or {@link #toBuilder()} (a copy of every field) to change some. */
	public static final class Options {
		// the user-facing settings, declared once: dialog, command line, docs and the defaults below come from here
		public static final Setting ELLIPSE_ANGLE = Setting.number("ellipse-angle", 0, "deg", "major-axis direction " +
			"of a fixed ellipticity");
		public static final Setting BINS = Setting.integer("bins", 0, "", "radial bins of I(q) (0 = one per pixel)")
			.range(0, 100000);
		public static final Setting Q_MIN = Setting.number("q-min", Double.NaN, "1/nm", "inner limit of the " +
			"crystalline fraction (empty = auto)").range(0, 1e4);
		public static final Setting Q_MAX = Setting.number("q-max", Double.NaN, "1/nm", "outer limit of the " +
			"crystalline fraction (empty = auto)").positive(1e4);
		public static final Setting MASK_THRESHOLD = Setting.number("mask-threshold", 0.1, "", "beam-stop / " +
			"dead-pixel mask: fraction of the median level");
		public static final Setting EDGE = Setting.integer("edge", 0, "px", "detector edge border masked")
			.range(0, Double.NaN);
		/** In percent; {@link #dTol} is the fraction. */
		public static final Setting D_TOLERANCE = Setting.number("d-tolerance", 2, "%", "relative tolerance for " +
			"matching d-spacings");
		public static final Setting N_SIGMA = Setting.number("n-sigma", 6, "", "detection threshold of rings and " +
			"spots, noise units");
		public static final Setting BACKGROUND_WINDOW = Setting.number("background-window", 8, "px", "half-width of " +
			"the diffuse-background fits").range(2, Double.NaN);
		public static final Setting SEPARATE_BEAM = Setting.flag("separate-beam", "crystalline fraction = " +
			"Bragg/(Bragg+halo): the direct beam's wing is taken out of the diffuse intensity and reported as " +
			"beam_tail_fraction");

		/** 1/nm per px, NaN = uncalibrated unless a calibrant is given. */
		public final double pixelPerNm;
		public final String calibrationSource;
		/** Phase whose rings / zone calibrate the pattern (null = none). */
		public final Phase calibrant;
		/** Unmodifiable. */
		public final List<Phase> phases;
		/** Fixed centre (array-index coordinates) or NaN. */
		public final double centerX, centerY;
		/** Fixed ellipticity (NaN = measure) and its angle in degrees. */
		public final double ellipticity, ellipseAngleDeg;
		public final int bins;
		/** Crystalline-fraction q range, 1/nm (NaN = automatic). */
		public final double qMin, qMax;
		public final double maskThreshold;
		public final int maskGrow, edge;
		public final double nSigma;
		public final double lengthTol, angleTolDeg, dTol;
		public final double backgroundWindow;
		public final int threads;
		/**
		 * Separate the direct beam's wing from the amorphous halo (issue 18): crystalline fraction = Bragg / (Bragg +
		 * halo), the wing reported as the beam-tail fraction, spot patterns' diffuse level from the pixels between the
		 * spots. Off: the historical (T - D) / T with every smooth intensity counted as diffuse.
		 */
		public final boolean separateBeam;
		/** Skip spot/ring finding and indexing (series frames). */
		public final boolean fractionOnly;

		/** The defaults (from the Setting declarations). */
		public Options() {
			this(new Builder());
		}

		private Options(Builder b) {
			pixelPerNm = b.pixelPerNm;
			calibrationSource = b.calibrationSource;
			calibrant = b.calibrant;
			phases = b.phases;
			centerX = b.centerX;
			centerY = b.centerY;
			ellipticity = b.ellipticity;
			ellipseAngleDeg = b.ellipseAngleDeg;
			bins = b.bins;
			qMin = b.qMin;
			qMax = b.qMax;
			maskThreshold = b.maskThreshold;
			maskGrow = b.maskGrow;
			edge = b.edge;
			nSigma = b.nSigma;
			lengthTol = b.lengthTol;
			angleTolDeg = b.angleTolDeg;
			dTol = b.dTol;
			backgroundWindow = b.backgroundWindow;
			threads = b.threads;
			separateBeam = b.separateBeam;
			fractionOnly = b.fractionOnly;
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
			private double pixelPerNm = Double.NaN;
			private String calibrationSource = "";
			private Phase calibrant;
			private List<Phase> phases = java.util.Collections.emptyList();
			private double centerX = Double.NaN, centerY = Double.NaN;
			private double ellipticity = Double.NaN, ellipseAngleDeg = ELLIPSE_ANGLE.number();
			private int bins = BINS.integer();
			private double qMin = Double.NaN, qMax = Double.NaN;
			private double maskThreshold = MASK_THRESHOLD.number();
			private int maskGrow = 2, edge = EDGE.integer();
			private double nSigma = N_SIGMA.number();
			private double lengthTol = 0.03, angleTolDeg = 3, dTol = D_TOLERANCE.number() / 100;
			private double backgroundWindow = BACKGROUND_WINDOW.number();
			private int threads = 1;
			private boolean separateBeam = Boolean.parseBoolean(SEPARATE_BEAM.defaultText);
			private boolean fractionOnly = false;

			Builder() {}

			Builder(Options o) {
				pixelPerNm = o.pixelPerNm;
				calibrationSource = o.calibrationSource;
				calibrant = o.calibrant;
				phases = o.phases;
				centerX = o.centerX;
				centerY = o.centerY;
				ellipticity = o.ellipticity;
				ellipseAngleDeg = o.ellipseAngleDeg;
				bins = o.bins;
				qMin = o.qMin;
				qMax = o.qMax;
				maskThreshold = o.maskThreshold;
				maskGrow = o.maskGrow;
				edge = o.edge;
				nSigma = o.nSigma;
				lengthTol = o.lengthTol;
				angleTolDeg = o.angleTolDeg;
				dTol = o.dTol;
				backgroundWindow = o.backgroundWindow;
				threads = o.threads;
				separateBeam = o.separateBeam;
				fractionOnly = o.fractionOnly;
			}

			public Builder pixelPerNm(double v) {
				pixelPerNm = v;
				return this;
			}

			public Builder calibrationSource(String v) {
				calibrationSource = v == null ? "" : v;
				return this;
			}

			public Builder calibrant(Phase v) {
				calibrant = v;
				return this;
			}

			/** Copied into an unmodifiable list (which may hold null: {@code phases.contains(null)} stays legal). */
			public Builder phases(List<Phase> v) {
				phases = java.util.Collections.unmodifiableList(new ArrayList<>(v));
				return this;
			}

			/** A fixed centre (array-index coordinates); NaN = find it. */
			public Builder center(double x, double y) {
				centerX = x;
				centerY = y;
				return this;
			}

			public Builder ellipticity(double v) {
				ellipticity = v;
				return this;
			}

			public Builder ellipseAngleDeg(double v) {
				ellipseAngleDeg = v;
				return this;
			}

			public Builder bins(int v) {
				bins = v;
				return this;
			}

			public Builder qMin(double v) {
				qMin = v;
				return this;
			}

			public Builder qMax(double v) {
				qMax = v;
				return this;
			}

			public Builder maskThreshold(double v) {
				maskThreshold = v;
				return this;
			}

			public Builder maskGrow(int v) {
				maskGrow = v;
				return this;
			}

			public Builder edge(int v) {
				edge = v;
				return this;
			}

			public Builder nSigma(double v) {
				nSigma = v;
				return this;
			}

			public Builder lengthTol(double v) {
				lengthTol = v;
				return this;
			}

			public Builder angleTolDeg(double v) {
				angleTolDeg = v;
				return this;
			}

			public Builder dTol(double v) {
				dTol = v;
				return this;
			}

			public Builder backgroundWindow(double v) {
				backgroundWindow = v;
				return this;
			}

			public Builder threads(int v) {
				threads = v;
				return this;
			}

			public Builder separateBeam(boolean v) {
				separateBeam = v;
				return this;
			}

			public Builder fractionOnly(boolean v) {
				fractionOnly = v;
				return this;
			}

			public Options build() {
				return new Options(this);
			}
		}
	}

	/**
	 * Everything measured on one pattern. Immutable: the lists and the timings are unmodifiable; arrays and value
	 * objects are shared with the pipeline that made them, which does not change them after {@link Builder#build}.
	 */
	public static final class Result {
		public final boolean noPattern;
		public final String noPatternReason;
		public final PatternGeometry geometry;
		public final double centerSigma;
		/** The centre rests on symmetry alone (no direct beam or beam stop there) or the symmetry is weak. */
		public final boolean centerUncertain;
		/** The calibration comes from a zone axis fitted to too few spots to tell it from other zones. */
		public final boolean calibrationUncertain;
		public final double ellipticitySigma;
		public final boolean ellipseMeasured;
		public final String ellipseFrom;
		public final double[] radii, profile, background, pixelCounts;
		public final double rLo, rHi;
		public final List<Ring> rings;
		public final List<Spot> spots;
		public final double pixelPerNm, pixelPerNmSigma;
		public final String calibrationSource;
		public final List<RingIndexer.Match> ringMatches;
		public final List<RingIndexer.Match> spotMatches;
		public final List<ZoneAxisIndexer.Solution> zones;
		/** With two or more phases: where their reflections fall (null when not planned) and their fractions. */
		public final PhaseFractions phasePlan;
		public final PhaseFractions.Measurement phaseFractions;
		public final double crystallineFraction, crystallineFractionSigma;
		/** Share of the direct beam's wing in the analysed annulus, and the wing fitted (null: none). */
		public final double beamTailFraction;
		public final BeamTail.Fit beamTail;
		/** Ceiling of the flat level of the beam term (the darkest unmasked pixels). */
		public final double darkLevel;
		/** Outermost radius (px) whose diffuse level constrained the beam wing. */
		public final double rEnd;
		/** Spot pattern: discs {dx, dy, radius} (px from the centre) left out of the diffuse level; null otherwise. */
		public final List<double[]> spotDiscs;
		/** Spot pattern: the pixels left out of the diffuse level (mask and discs around the fitted spots); null otherwise. */
		public final boolean[] diffuseMask;
		/** Rings on a broad halo that the diffuse background may have cut under (see the warning). */
		public final boolean backgroundUncertain;
		/** Ring positions and common width (px) of the joint ring + diffuse fit (null: the robust background). */
		public final List<Double> diffuseRingRadii;
		public final double diffuseRingSigma;
		public final boolean[] mask;
		public final int width, height;
		public final List<String> warnings;
		/** Names of the given phases with no reflection on the detector (see the warning). */
		public final List<String> phasesOutOfRange;
		/** Seconds spent per stage (for the bench). */
		public final java.util.Map<String, Double> timings;

		private Result(Builder b) {
			noPattern = b.noPattern;
			noPatternReason = b.noPatternReason;
			geometry = b.geometry;
			centerSigma = b.centerSigma;
			centerUncertain = b.centerUncertain;
			calibrationUncertain = b.calibrationUncertain;
			ellipticitySigma = b.ellipticitySigma;
			ellipseMeasured = b.ellipseMeasured;
			ellipseFrom = b.ellipseFrom;
			radii = b.radii;
			profile = b.profile;
			background = b.background;
			pixelCounts = b.pixelCounts;
			rLo = b.rLo;
			rHi = b.rHi;
			rings = list(b.rings);
			spots = list(b.spots);
			pixelPerNm = b.pixelPerNm;
			pixelPerNmSigma = b.pixelPerNmSigma;
			calibrationSource = b.calibrationSource;
			ringMatches = list(b.ringMatches);
			spotMatches = list(b.spotMatches);
			zones = list(b.zones);
			phasePlan = b.phasePlan;
			phaseFractions = b.phaseFractions;
			crystallineFraction = b.crystallineFraction;
			crystallineFractionSigma = b.crystallineFractionSigma;
			beamTailFraction = b.beamTailFraction;
			beamTail = b.beamTail;
			darkLevel = b.darkLevel;
			rEnd = b.rEnd;
			spotDiscs = list(b.spotDiscs);
			diffuseMask = b.diffuseMask;
			backgroundUncertain = b.backgroundUncertain;
			diffuseRingRadii = list(b.diffuseRingRadii);
			diffuseRingSigma = b.diffuseRingSigma;
			mask = b.mask;
			width = b.width;
			height = b.height;
			warnings = list(b.warnings);
			phasesOutOfRange = list(b.phasesOutOfRange);
			timings = b.timings == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(
				b.timings));
		}

		/** A builder holding every field of this result (lists and timings in new containers, so it can change them). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** Unmodifiable (null stays null); elements may be null (a ring without a match). */
		private static <T> List<T> list(List<T> l) {
			return l == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(l));
		}

		/** The result as the pipeline fills it in, step by step; {@link #build} makes the immutable result. */
		static final class Builder {
			boolean noPattern;
			String noPatternReason = "";
			PatternGeometry geometry;
			double centerSigma;
			boolean centerUncertain;
			boolean calibrationUncertain;
			double ellipticitySigma = Double.NaN;
			boolean ellipseMeasured;
			String ellipseFrom = "";
			double[] radii, profile, background, pixelCounts;
			double rLo, rHi;
			List<Ring> rings = new ArrayList<>();
			List<Spot> spots = new ArrayList<>();
			double pixelPerNm = Double.NaN, pixelPerNmSigma = Double.NaN;
			String calibrationSource = "";
			List<RingIndexer.Match> ringMatches = new ArrayList<>();
			List<RingIndexer.Match> spotMatches = new ArrayList<>();
			List<ZoneAxisIndexer.Solution> zones = new ArrayList<>();
			PhaseFractions phasePlan;
			PhaseFractions.Measurement phaseFractions;
			double crystallineFraction = Double.NaN, crystallineFractionSigma = Double.NaN;
			double beamTailFraction = Double.NaN;
			BeamTail.Fit beamTail;
			double darkLevel;
			double rEnd = Double.NaN;
			List<double[]> spotDiscs;
			boolean[] diffuseMask;
			boolean backgroundUncertain;
			List<Double> diffuseRingRadii;
			double diffuseRingSigma = Double.NaN;
			boolean[] mask;
			int width, height;
			List<String> warnings = new ArrayList<>();
			List<String> phasesOutOfRange = new ArrayList<>();
			java.util.Map<String, Double> timings = new java.util.LinkedHashMap<>();
			long t0 = System.nanoTime();

			Builder() {}

			/**
			 * A copy of every field (SaedPipelineResultTest sets each one by reflection and checks the copy): lists and
			 * the timings are new containers with the same elements, so steps run on the copy do not change the result;
			 * arrays and value objects are shared.
			 */
			Builder(Result o) {
				noPattern = o.noPattern;
				noPatternReason = o.noPatternReason;
				geometry = o.geometry;
				centerSigma = o.centerSigma;
				centerUncertain = o.centerUncertain;
				calibrationUncertain = o.calibrationUncertain;
				ellipticitySigma = o.ellipticitySigma;
				ellipseMeasured = o.ellipseMeasured;
				ellipseFrom = o.ellipseFrom;
				radii = o.radii;
				profile = o.profile;
				background = o.background;
				pixelCounts = o.pixelCounts;
				rLo = o.rLo;
				rHi = o.rHi;
				rings = copy(o.rings);
				spots = copy(o.spots);
				pixelPerNm = o.pixelPerNm;
				pixelPerNmSigma = o.pixelPerNmSigma;
				calibrationSource = o.calibrationSource;
				ringMatches = copy(o.ringMatches);
				spotMatches = copy(o.spotMatches);
				zones = copy(o.zones);
				phasePlan = o.phasePlan;
				phaseFractions = o.phaseFractions;
				crystallineFraction = o.crystallineFraction;
				crystallineFractionSigma = o.crystallineFractionSigma;
				beamTailFraction = o.beamTailFraction;
				beamTail = o.beamTail;
				darkLevel = o.darkLevel;
				rEnd = o.rEnd;
				spotDiscs = copy(o.spotDiscs);
				diffuseMask = o.diffuseMask;
				backgroundUncertain = o.backgroundUncertain;
				diffuseRingRadii = copy(o.diffuseRingRadii);
				diffuseRingSigma = o.diffuseRingSigma;
				mask = o.mask;
				width = o.width;
				height = o.height;
				warnings = copy(o.warnings);
				phasesOutOfRange = copy(o.phasesOutOfRange);
				timings = o.timings == null ? null : new java.util.LinkedHashMap<>(o.timings);
			}

			Result build() {
				return new Result(this);
			}

			private static <T> List<T> copy(List<T> l) {
				return l == null ? null : new ArrayList<>(l);
			}

			void lap(String stage) {
				long t = System.nanoTime();
				timings.merge(stage, (t - t0) * 1e-9, Double::sum);
				t0 = t;
			}
		}
	}

	/**
	 * One-sigma uncertainty of the diffuse-background model in the crystalline fraction, from the scatter of
	 * the fraction about the truth on seeded synthetic patterns (rings, spots, beam stop, 0-3 % ellipticity).
	 */
	public static final double MODEL_SIGMA = 0.01;
	/** The same for ring patterns with many overlapping rings (LATP beyond q = 3 1/nm): up to 0.05 seen. */
	public static final double RING_MODEL_SIGMA = 0.03;
	/**
	 * Ring patterns with the beam separated: a model spread of the fraction (variants the profile cannot tell apart)
	 * above this flags it background-uncertain: the accuracy asked of the fraction (issue 18: p90 <= 0.05), so an
	 * unflagged fraction is one whose model is settled to that accuracy.
	 */
	public static final double RING_SPREAD_FLAG = 0.05;

	/**
	 * One-sigma uncertainty of separating the beam's wing from the halo (the wing's interpolation under the halo),
	 * added to the counting noise, the sensitivities (r0 = 0, wider spot discs) and {@link #MODEL_SIGMA}: with it the
	 * sigmas cover 87 of the 108 stress patterns (81 %; with 0.015, the 68th percentile of |error|, 97/108: counted
	 * twice; docs/diffraction.md).
	 */
	public static final double BEAM_MODEL_SIGMA = 0.005;

	/** Fewer matched spots than this make a zone-axis self-calibration ambiguous (flagged). */
	public static final int MIN_ZONE_CALIBRATION_SPOTS = 8;
	/**
	 * Zone self-calibration: strong reflections a zone predicts from this fraction of the innermost spot outwards (and
	 * visible) count as missing. With no scale known, a zone whose dense high-index lattice fits the outer spots at a
	 * wrong scale predicts low-index spots well inside the innermost one seen (pycotem's Al: [2 1 1] at 0.074 1/nm
	 * per px predicts Al {111} at 0.54 of the first spot's radius, where the pattern is clear).
	 */
	static final double CALIBRATION_INNER_FRACTION = 0.3;
	/** A zone at a scale > 3 % different scoring at least this share of the best makes a zone calibration uncertain. */
	static final double RIVAL_SCORE_RATIO = 0.9;
	/** A best zone explaining fewer than this share of the spots is tried again with affine maps. */
	static final double AFFINE_BELOW = 0.7;
	/**
	 * A best zone scoring below this (a clean zone that explains every spot scores 0.85-1.05) is tried again with affine
	 * maps too, and the affine zone kept when it scores higher despite its distortion: a pattern stretched by 6-9 %
	 * (non-square pixels) was fully "explained" by a zone of another lattice that predicted 16 strong spots it lacked
	 * (stress set, [3 0 1] at aspect 0.94 read [1 -1 1]), and its ellipse then corrected the pattern the wrong way.
	 */
	static final double AFFINE_SCORE_BELOW = 0.8;

	private SaedPipeline() {}

	/**
	 * True when the centre holds what a diffraction centre holds: the direct beam (the brightest 5 x 5 mean of the
	 * pattern lies within a few px) or a beam stop (masked shadow within a few px). A streak or one arc of a ring is
	 * also point-symmetric about points on it, without either.
	 */
	static boolean directBeamAt(double[] img, int w, int h, boolean[] mask, double cx, double cy, int threads) {
		double r = Math.max(3, 0.03 * Math.min(w, h));
		int x0 = (int) Math.floor(cx - r), x1 = (int) Math.ceil(cx + r), y0 = (int) Math.floor(cy - r),
			y1 = (int) Math.ceil(cy + r);
		int border = Math.max(2, (int) Math.ceil(0.02 * Math.min(w, h)));
		// a beam stop: most of the disc around the centre is masked (a point on the stop's arm has only a strip of it:
		// seen on stress patterns where the symmetry search ended 26-80 px away, on the arm)
		int in = 0, masked = 0;
		for (int y = Math.max(border, y0); y <= Math.min(h - 1 - border, y1); y++) for (int x = Math.max(border, x0); x <= Math
			.min(w - 1 - border, x1); x++) if (Math.hypot(x - cx, y - cy) <= r) {
				in++;
				if (mask[y * w + x]) masked++;
			}
		if (masked > 0 && masked >= 0.6 * in) return true;
		double[] box = PatternMask.boxMean(img, w, h, 2, threads);
		double best = -Double.MAX_VALUE;
		int bi = -1;
		for (int i = 0; i < box.length; i++) if (!mask[i] && box[i] > best) {
			best = box[i];
			bi = i;
		}
		return bi >= 0 && Math.hypot(bi % w - cx, bi / w - cy) <= 2 * r;
	}

	public static Result analyze(double[] img, int w, int h, Options o) {
		Run run = new Run(img, w, h, o);
		if (!run.countsFromZero() || !run.maskDark()) return run.res.build();
		run.findCentre();
		run.firstProfile();
		run.measureEllipse();
		if (!o.fractionOnly) {
			run.findRingsAndSpots();
			run.refineOnSpotsOrRings();
			run.calibrateScale();
			run.indexZones();
			run.ellipseFromZones();
			run.checkCalibration();
		}
		else run.profileOnly();
		run.keepProfile();
		run.crystallineFraction();
		run.phaseFractions();
		return run.res.build();
	}

	/** One analysis in named steps: the image, the geometry and profile refined step by step, and the result. */
	private static final class Run {
		final int w, h;
		final Options o;
		final Result.Builder res = new Result.Builder();
		double[] img;
		boolean[] mask;
		PatternGeometry g;
		Profile p;
		/** The analysed annulus {rLo, rHi} in px, and its bins (once the ellipse is known). */
		double[] range;
		int from, to;
		/**
		 * Ring patterns with the beam separated: diffuse levels of the model variants the profile cannot tell apart
		 * (envelope nodes twice and half as far apart; the level one sigma above and below along the halo's amount), set by
		 * {@link #ringsOnDiffuse}, else null.
		 */
		double[][] ringVariants;

		Run(double[] img, int w, int h, Options o) {
			this.img = img;
			this.w = w;
			this.h = h;
			this.o = o;
		}

		/** False (no pattern) for an image without contrast; a dark-subtracted frame is shifted to counts >= 0. */
		boolean countsFromZero() {
			double mn = Double.MAX_VALUE, mx = -Double.MAX_VALUE;
			for (double v : img) if (Double.isFinite(v)) {
				mn = Math.min(mn, v);
				mx = Math.max(mx, v);
			}
			if (!(mx > mn)) {
				res.noPattern = true;
				res.noPatternReason = mx == -Double.MAX_VALUE ? "no finite pixel" : "all pixels equal " + fmt(mn);
				return false;
			}
			if (mn < 0) {
				// dark- or gain-reference-subtracted frames (TIA, DM) go below zero; the sums below need counts >= 0
				// the darkest 2 % (a beam-stop shadow, if any) is taken as zero counts
				double[] sorted = java.util.Arrays.stream(img).filter(Double::isFinite).sorted().toArray();
				int k = Math.max(1, sorted.length / 50);
				double dark = 0;
				for (int i = 0; i < k; i++) dark += sorted[i];
				double shift = -Math.min(0, dark / k);
				double[] c = new double[img.length];
				for (int i = 0; i < c.length; i++) c[i] = Math.max(0, img[i] + shift);
				img = c;
				res.warnings.add("negative pixel values (a dark-subtracted frame?): shifted by +" + fmt(shift) +
					" so that the darkest 2 % average 0 counts; the crystalline fraction counts any residual offset as diffuse");
			}
			return true;
		}

		/** The beam-stop / dead-pixel mask; false (no pattern) when nearly everything is dark. */
		boolean maskDark() {
			mask = PatternMask.auto(img, w, h, o.maskThreshold, o.maskGrow, o.edge, o.threads);
			res.mask = mask;
			res.width = w;
			res.height = h;
			res.lap("mask");
			if (PatternMask.count(mask) > 0.9 * w * h) {
				res.noPattern = true;
				res.noPatternReason = "more than 90% of the pixels are masked (dark)";
				return false;
			}
			return true;
		}

		/** The centre given, or found by Friedel symmetry (flagged when weak or on neither a beam nor a beam stop). */
		void findCentre() {
			double cx, cy;
			if (Double.isFinite(o.centerX) && Double.isFinite(o.centerY)) {
				cx = o.centerX;
				cy = o.centerY;
				res.centerSigma = 0;
			}
			else {
				CentreFinder.Result c = CentreFinder.find(img, w, h, mask, o.threads);
				cx = c.x;
				cy = c.y;
				res.centerSigma = c.sigma;
				if (c.residual > 0.5) {
					res.centerUncertain = true;
					res.warnings.add("weak Friedel symmetry (residual " + fmt(c.residual) + "): centre uncertain");
				}
				else if (!directBeamAt(img, w, h, mask, cx, cy, o.threads)) {
					res.centerUncertain = true;
					res.warnings.add("neither a direct beam nor a beam stop at the centre found by symmetry (" + fmt(cx + 0.5) +
						", " + fmt(cy + 0.5) + " px): the direct beam may be outside the frame; give --center if it is known");
				}
			}
			res.lap("centre");
			g = new PatternGeometry(cx, cy, 0, 0, o.pixelPerNm);
			if (Double.isFinite(o.ellipticity)) g = g.withEllipse(o.ellipticity, Math.toRadians(o.ellipseAngleDeg));
		}

		/** Radial profile and annulus about the centre, before any ellipse. */
		void firstProfile() {
			p = profile(img, w, h, mask, g, o, false);
			range = annulus(p, g, o, w, h);
			res.lap("profile");
		}

		/** The ellipse given, or traced along the strongest uniform ring or else the halo (profile redone with it). */
		void measureEllipse() {
			if (Double.isFinite(o.ellipticity)) {
				res.ellipseMeasured = true;
				res.ellipseFrom = "given";
				res.ellipticitySigma = 0;
				res.lap("ellipse");
				return;
			}
			EllipseFit.Result best = ellipseOnRings();
			if (best != null) res.ellipseFrom = "ring";
			else {
				double[] halo = haloPeak(p, range);
				if (halo != null) {
					best = EllipseFit.trace(img, w, h, mask, g.cx, g.cy, halo[0], halo[1], 36);
					// a broad halo gives a noisy ellipse: keep it only when it is well determined
					if (best != null && best.sigmaEllipticity > 0.004) best = null;
					if (best != null) res.ellipseFrom = "halo";
				}
			}
			if (best != null && best.ellipticity < 0.3) {
				g = g.withEllipse(best.ellipticity, best.angle);
				res.ellipticitySigma = best.sigmaEllipticity;
				res.ellipseMeasured = true;
				p = profile(img, w, h, mask, g, o, false);
				range = annulus(p, g, o, w, h);
			}
			else res.warnings.add("ellipticity not measured (no uniform ring or halo)");
			res.lap("ellipse");
		}

		/** The best-determined ellipse traced along one of the strongest uniform rings, or null. */
		private EllipseFit.Result ellipseOnRings() {
			EllipseFit.Result best = null;
			List<Ring> rings = RingFinder.find(p.mean, p.bg, p.counts, p.dr, (int) (range[0] / p.dr), (int) (range[1] /
				p.dr), p.cake, o.nSigma, o.threads);
			rings.sort((a, b) -> Double.compare(b.intensity, a.intensity));
			for (Ring r : rings) {
				if (!r.uniform()) continue;
				EllipseFit.Result e = EllipseFit.trace(img, w, h, mask, g.cx, g.cy, r.radius, Math.max(4, 3 * r.width + 0.03 *
					r.radius), 72);
				if (e != null && (best == null || e.sigmaEllipticity < best.sigmaEllipticity)) best = e;
				if (best != null && rings.indexOf(r) > 3) break;
			}
			return best;
		}

		/** Rings in the annulus and spots out to the corners; spots on uniform rings are ring texture, dropped. */
		void findRingsAndSpots() {
			res.rLo = range[0];
			res.rHi = range[1];
			from = (int) (range[0] / p.dr);
			to = (int) Math.ceil(range[1] / p.dr);
			res.rings = RingFinder.find(p.mean, p.bg, p.counts, p.dr, from, to, p.cake, o.nSigma, o.threads);
			List<double[]> ringBands = new ArrayList<>();
			for (Ring r : res.rings) if (r.uniform()) ringBands.add(new double[] { r.radius, r.width });
			// spots are searched out to the corners (the fraction's annulus stays inside the inscribed circle)
			double rSpot = range[1];
			double[] cov = p.cake.coverage();
			for (int b = cov.length - 1; b > 0; b--) if (cov[b] > 0.05) {
				rSpot = Math.max(rSpot, b * p.dr - 3);
				break;
			}
			// rings out in the corners too (for the spot search only; reported rings stay inside the annulus)
			if (rSpot > range[1] + 5) for (Ring r : RingFinder.find(p.mean, p.bg, p.counts, p.dr, to - 2, (int) (rSpot / p.dr),
				p.cake, o.nSigma, o.threads)) if (r.uniform() && r.radius > range[1]) ringBands.add(new double[] { r.radius, r.width });
			// with rings present, a spot must stand above the ring's own azimuthal median, not just the diffuse level
			double[] spotBg = p.bg;
			if (ringBands.size() >= 2) {
				double[] med = p.cake.medianProfile();
				spotBg = p.bg.clone();
				for (int b = 0; b < spotBg.length; b++) if (Double.isFinite(med[b])) spotBg[b] = Math.max(spotBg[b], med[b]);
			}
			res.spots = SpotFinder.find(img, w, h, mask, g, spotBg, p.dr, range[0], rSpot, o.nSigma, 200, o.threads,
				ringBands);
			// spots sitting on uniform rings are ring texture, not crystal spots
			List<Spot> keep = new ArrayList<>();
			for (Spot s : res.spots) {
				double r = g.radius(s.x, s.y);
				boolean onRing = false;
				for (Ring ring : res.rings) if (ring.uniform() && Math.abs(r - ring.radius) < 2.5 * ring.width + 1) onRing = true;
				if (!onRing) keep.add(s);
			}
			res.spots = keep;
			res.lap("rings+spots");
		}

		/**
		 * A ring pattern (fewer than 3 spots): rings again on the mean profile; a spot pattern: the centre from Friedel
		 * pairs of spots. Only uniform rings are kept, none on a spot pattern without any.
		 */
		void refineOnSpotsOrRings() {
			List<Ring> uniform = new ArrayList<>();
			for (Ring r : res.rings) if (r.uniform()) uniform.add(r);
			if (res.spots.size() < 3) {
				// a ring pattern: the mean profile is an unbiased background reference (no spots to avoid)
				p = profile(img, w, h, mask, g, o, true);
				res.rings = RingFinder.find(p.mean, p.bg, p.counts, p.dr, from, to, p.cake, o.nSigma, o.threads);
				uniform.clear();
				for (Ring r : res.rings) if (r.uniform()) uniform.add(r);
			}
			else {
				// centre from Friedel pairs of spots
				double[] fc = friedelCentre(res.spots, g.cx, g.cy);
				if (fc != null && Math.hypot(fc[0] - g.cx, fc[1] - g.cy) < 2 && !(Double.isFinite(o.centerX))) {
					g = g.withCentre(fc[0], fc[1]);
					res.centerSigma = fc[2];
				}
			}
			res.rings = uniform.isEmpty() && res.spots.size() >= 3 ? new ArrayList<>() : uniform;
		}

		/** The scale given, or from the calibrant's rings or zone. */
		void calibrateScale() {
			res.pixelPerNm = o.pixelPerNm;
			res.calibrationSource = Double.isFinite(o.pixelPerNm) ? o.calibrationSource : "";
			if (o.calibrant != null) calibrate(res, g, o);
			if (Double.isFinite(res.pixelPerNm)) g = g.withCalibration(res.pixelPerNm);
			res.lap("rings+spots");
		}

		/**
		 * Spots that form a single systematic row fit every zone containing it: the off-row spots the zones through it
		 * predict are looked for at their nodes ({@link LatticeNodes#offRowSpots}), added to the spots and indexed
		 * again; with none found the row is named in the warnings.
		 */
		void spotsOffASingleRow(Result.Builder res, PatternGeometry g) {
			boolean cal = Double.isFinite(res.pixelPerNm) && res.pixelPerNm > 0;
			double[][] v = vectors(res.spots, g);
			if (!cal || !LatticeNodes.singleRow(v) || o.phases.isEmpty()) return;
			double rMax = 0;
			for (int[] c : new int[][] { { 0, 0 }, { w - 1, 0 }, { 0, h - 1 }, { w - 1, h - 1 } }) rMax = Math.max(rMax, g
				.radius(c[0], c[1]));
			LatticeNodes.Image im = nodeImage();
			List<Spot> extra = new ArrayList<>();
			for (Phase ph : o.phases) for (double[] q : LatticeNodes.offRowSpots(v, ph, res.pixelPerNm, o.lengthTol, g, im,
				o.nSigma, rMax)) {
				boolean dup = false;
				for (Spot s : res.spots) if (Math.hypot(s.x - q[0], s.y - q[1]) < 3) dup = true;
				for (Spot s : extra) if (Math.hypot(s.x - q[0], s.y - q[1]) < 3) dup = true;
				if (!dup) extra.add(new Spot(q[0], q[1], Double.NaN, Double.NaN, im.sigma, q[2], false));
			}
			if (!extra.isEmpty()) {
				res.spots.addAll(extra);
				res.spotMatches.clear();
				res.ringMatches.clear();
				index(res, g, o, nodeImage());
			}
			if (res.zones.isEmpty()) res.warnings.add("the " + res.spots.size() + " spots form a single systematic row: " +
				"every zone containing it fits, and no zone's off-row reflections were seen");
		}

		/**
		 * The ellipse of a single "ring" of a spot pattern (a halo shoulder; the stress set's 8-bit captures: 5 % on
		 * patterns of 0.6 % and 8.9 % true pixel aspect) is dropped when the spots, indexed without it, give a zone that
		 * explains more of them and most of them (the zone's own ellipse is measured afterwards).
		 */
		void withoutASpotPatternsRingEllipse() {
			ZoneAxisIndexer.Solution now = res.zones.isEmpty() ? null : res.zones.get(0);
			if (!"ring".equals(res.ellipseFrom) || res.rings.size() > 1 || res.spots.size() < 3 || (now != null
				&& now.matched >= ZoneAxisIndexer.MIN_EXPLAINED * now.observed)) return;
			PatternGeometry g0 = g.withEllipse(0, 0);
			Result.Builder trial = scratch(res);
			index(trial, g0, o, nodeImage());
			if (trial.zones.isEmpty()) spotsOffASingleRow(trial, g0);
			ZoneAxisIndexer.Solution t = trial.zones.isEmpty() ? null : trial.zones.get(0);
			if (t == null || t.matched < ZoneAxisIndexer.MIN_EXPLAINED * t.observed || (now != null && t.matched <= now.matched))
				return;
			g = g0;
			res.ellipseMeasured = false;
			res.ellipseFrom = "";
			res.spots.clear();
			res.spots.addAll(trial.spots);
			res.zones = trial.zones;
			res.spotMatches.clear();
			res.spotMatches.addAll(trial.spotMatches);
			res.ringMatches.clear();
			res.ringMatches.addAll(trial.ringMatches);
			res.warnings.removeIf(x -> x.contains("single systematic row"));
			res.warnings.addAll(trial.warnings);
		}

		/** The pattern for measuring lattice nodes (once the spots are found), kept for every indexing. */
		LatticeNodes.Image nodes;

		/** The pattern for measuring lattice nodes: the spots' median width sets the box. */
		LatticeNodes.Image nodeImage() {
			if (nodes != null) return nodes;
			double[] wd = new double[res.spots.size()];
			for (int i = 0; i < wd.length; i++) wd[i] = res.spots.get(i).width;
			java.util.Arrays.sort(wd);
			double sigma = wd.length == 0 ? 1.5 : Math.max(1, Math.min(6, wd[wd.length / 2]));
			nodes = new LatticeNodes.Image(img, w, h, mask, sigma);
			return nodes;
		}

		/** Rings and zone axes indexed; a halo ellipse that leaves no zone is dropped when the zone fits without it. */
		void indexZones() {
			index(res, g, o, nodeImage());
			if (res.zones.isEmpty()) spotsOffASingleRow(res, g);
			withoutASpotPatternsRingEllipse();
			if (res.zones.isEmpty() && res.spots.size() >= 3 && "halo".equals(res.ellipseFrom)) {
				// a poorly defined halo can mislead the ellipse: retry the zone without it
				PatternGeometry g0 = g.withEllipse(0, 0);
				res.spotMatches.clear();
				res.ringMatches.clear();
				index(res, g0, o, nodeImage());
				if (!res.zones.isEmpty()) {
					g = g0;
					res.ellipseMeasured = false;
					res.ellipseFrom = "";
				}
			}
		}

		/**
		 * The ellipse measured on the zone's known 2D lattice (each ranked zone proposes its distortion; the one that
		 * stays best after correction wins), then indexing again; not on a ring pattern with two or more rings, whose
		 * ring ellipse is better than a zone a few spots happen to fit (on a spot pattern a "ring" may be a halo
		 * shoulder or a beam-stop rim, and the zone is better).
		 */
		void ellipseFromZones() {
			if (!Double.isFinite(o.ellipticity) && !res.zones.isEmpty() && !("ring".equals(res.ellipseFrom) && res.rings
				.size() >= 2)) {
				List<ZoneAxisIndexer.Solution> cands = new ArrayList<>(res.zones);
				double bestScore = Double.NEGATIVE_INFINITY;
				double[] bestE = null;
				for (ZoneAxisIndexer.Solution c : cands) {
					Result.Builder scratch = scratch(res);
					scratch.zones = new ArrayList<>(List.of(c));
					double[] e = ellipseFromZone(scratch, g);
					if (e == null) continue;
					Result.Builder again = scratch(res);
					index(again, g.withEllipse(e[0], e[1]), o, nodeImage());
					// the zone that proposed the ellipse, among the ranked zones after it is corrected: zones of the same
					// projected lattice (LATP's pseudo-cubic cell) tie there, and the intensities rank them afterwards
					ZoneAxisIndexer.Solution same = null;
					for (ZoneAxisIndexer.Solution z : again.zones) if (same == null && z.phase == c.phase && ZoneAxisIndexer
						.equivalent(c.phase, z.uvw, c.uvw)) same = z;
					double kept = same != null ? same.score : Double.NEGATIVE_INFINITY;
					// or the correction reveals a zone that explains at least as many spots better than the proposer did
					// (stress set: [3 1 1] at aspect 0.91 proposed by a wrong zone of 9 of 13 spots, then 13/13 at 1.0)
					ZoneAxisIndexer.Solution top = again.zones.isEmpty() ? null : again.zones.get(0);
					if (top != null && top.matched >= c.matched && top.score > c.score) kept = Math.max(kept, top.score);
					if (kept > bestScore) {
						bestScore = kept;
						bestE = e;
					}
				}
				if (bestE == null) ellipseFromZone(res, g); // records why in the warnings
				else {
					g = g.withEllipse(bestE[0], bestE[1]);
					res.ellipticitySigma = bestE[2];
					res.ellipseMeasured = true;
					res.ellipseFrom = "zone";
					res.warnings.remove("ellipticity not measured (no uniform ring or halo)");
					p = profile(img, w, h, mask, g, o, false);
					res.spotMatches.clear();
					res.ringMatches.clear();
					index(res, g, o, nodeImage());
				}
			}
			String why = ZoneAxisIndexer.ambiguityReason(res.zones);
			if (why != null) res.warnings.add("zone axis ambiguous: " + why + "; see the rank rows");
			res.lap("index");
		}

		/** A calibrant's scale that the final indexing does not confirm is flagged. */
		void checkCalibration() {
			if (o.calibrant != null && res.calibrationSource.startsWith("ring:") && res.spots.size() >= 5 && res.zones
				.isEmpty() && !res.calibrationUncertain && o.phases.contains(o.calibrant))
			{
				// rings of a spot pattern (halo shoulders) matched the calibrant at a scale where no zone of it fits the
				// spots: stress LATP spot patterns read 35-75 % off this way
				res.calibrationUncertain = true;
				res.warnings.add("calibrated on rings of " + o.calibrant.name + ", but at that scale no zone of it fits the " +
					res.spots.size() + " spots: the rings may not be " + o.calibrant.name + "; give --pixel-size or " +
					"--camera-length");
			}
			if (o.calibrant != null && res.calibrationSource.startsWith("zone:") && !res.calibrationUncertain && (res.zones
				.isEmpty() || ZoneAxisIndexer.ambiguous(res.zones)))
			{
				// at the scale the zone calibration gave, the final indexing (ellipse corrected) finds no zone, one that
				// explains few of the spots or one tied with another: the scale rests on a zone that is not identified (stress
				// set: such scales were 12-180 % off, e.g. [1 1 0] at aspect 1.07 read as [3 0 2] tied with [-2 11 5], +69 %)
				res.calibrationUncertain = true;
				res.warnings.add("calibrated on a zone of " + o.calibrant.name + ", but at that scale " + (res.zones.isEmpty()
					? "no zone fits the spots" : "the zone is not identified (" + ZoneAxisIndexer.ambiguityReason(res.zones) +
						")") + ": give --pixel-size or --camera-length");
			}
			if (Double.isFinite(res.pixelPerNm)) g = g.withCalibration(res.pixelPerNm);
		}

		/** Series frames: no rings, spots or indexing; the profile with the given scale. */
		void profileOnly() {
			res.rLo = range[0];
			res.rHi = range[1];
			res.pixelPerNm = o.pixelPerNm;
			res.calibrationSource = o.calibrationSource;
			p = profile(img, w, h, mask, g, o, false);
		}

		/** The final geometry and radial profile into the result; the fraction's annulus from q-min / q-max. */
		void keepProfile() {
			res.geometry = g;
			res.radii = p.radii;
			res.profile = p.mean;
			res.background = p.bg;
			res.pixelCounts = p.counts;
			if (Double.isFinite(o.qMin) && g.calibrated()) res.rLo = Math.max(res.rLo * 0, o.qMin / g.pixelPerNm);
			if (Double.isFinite(o.qMax) && g.calibrated()) res.rHi = Math.min(o.qMax / g.pixelPerNm, p.dr * p.mean.length);
		}

		/**
		 * The crystalline fraction over the annulus, with the diffuse background of {@link #diffuseBackground} and its
		 * sensitivity, the direct beam's wing taken out of the diffuse part when asked; its sigma from counting, the
		 * background's sensitivity, the wing and the model.
		 */
		void crystallineFraction() {
			// the direct beam's wing is not amorphous material: the largest monotone beam curve under the diffuse profile
			// (out to the corners) is taken out of it, and the fraction is Bragg / (Bragg + halo)
			double rEnd = res.rHi;
			double[] covEnd = p.cake.coverage();
			for (int b = covEnd.length - 1; b > 0; b--) if (covEnd[b] >= 0.25) {
				rEnd = Math.max(rEnd, (b + 0.5) * p.dr);
				break;
			}
			// the joint ring fit spans the wing's whole range (its inner end from the robust background); the wing's inner
			// end is then taken on the diffuse level fitted
			double[] bg2 = diffuseBackground(wingFrom(covEnd, p, res.rLo), rEnd);
			// again: where the joint ring fit ran, diffuseBackground has replaced p.bg (the robust curve) by the diffuse level
			// fitted, and the rim is looked for on that
			double rFrom = wingFrom(covEnd, p, res.rLo);
			double dark = BeamTail.darkLevel(img, 0, w, h, mask, g, res.rLo, rEnd);
			boolean sep = o.separateBeam;
			BeamTail.Fit tail = sep ? BeamTail.fit(p.bg, p.counts, p.dr, rFrom, res.rLo, res.rHi, rEnd, Double.NaN,
				Double.NaN, dark) : null;
			BeamTail.Fit tail2 = sep ? BeamTail.fit(bg2, p.counts, p.dr, rFrom, res.rLo, res.rHi, rEnd, Double.NaN,
				Double.NaN, dark) : null;
			BeamTail.Fit tail3 = sep ? BeamTail.fit(p.bg, p.counts, p.dr, rFrom, res.rLo, res.rHi, rEnd, Double.NaN, 0,
				dark) : null;
			res.darkLevel = dark;
			res.rEnd = rEnd;
			double[] zero = new double[p.bg.length];
			double[] cf = BeamTail.fraction(p.sums, p.counts, p.bg, tail == null ? zero : tail.curve, p.dr, res.rLo, res.rHi);
			double cf2 = BeamTail.fraction(p.sums, p.counts, bg2, tail2 == null ? zero : tail2.curve, p.dr, res.rLo,
				res.rHi)[0];
			double cf3 = BeamTail.fraction(p.sums, p.counts, p.bg, tail3 == null ? zero : tail3.curve, p.dr, res.rLo,
				res.rHi)[0];
			res.beamTail = tail;

			res.beamTailFraction = sep ? cf[2] : Double.NaN;
			res.crystallineFraction = cf[0];
			double model = res.diffuseRingRadii == null && (res.spots.size() >= 3 || o.fractionOnly) ? MODEL_SIGMA
				: RING_MODEL_SIGMA;
			if (sep) model = Math.hypot(model, BEAM_MODEL_SIGMA);
			res.crystallineFractionSigma = Math.sqrt(cf[1] * cf[1] + Math.pow(cf[0] - cf2, 2) + Math.pow(cf[0] - cf3, 2) +
				model * model);
			if (sep && ringVariants != null) ringModelSpread(cf[0], cf2, cf[1], cf3, model, rFrom, rEnd, dark, tail);
			checkHaloUnderRings(cf[0], tail == null ? zero : tail.curve);
			res.lap("fraction");
		}

		/**
		 * Ring patterns with the beam separated: the fraction's model spread over the variants the profile cannot tell
		 * apart, each with its own wing fitted: the detected rings free (cf2), the envelope's nodes at half and twice
		 * {@link RingProfileFit#ENVELOPE_NM}, and the halo's amount one sigma up and down (the chi^2 profile along it, the
		 * rings refitted: where LATP's reflections are denser than their width the rings' envelope and the halo trade off).
		 * spread = hypot(half the +-1 sigma difference, the largest difference to an alternative model); the sigma is
		 * counting, r0 = 0, the model term and that spread; above {@link #RING_SPREAD_FLAG} the fraction is flagged
		 * {@code background-uncertain}.
		 */
		private void ringModelSpread(double cf, double cf2, double counting, double cf3, double model, double rFrom,
			double rEnd, double dark, BeamTail.Fit tail)
		{
			double[] f = new double[ringVariants.length];
			for (int k = 0; k < f.length; k++) {
				f[k] = Double.NaN;
				if (ringVariants[k] == null) continue;
				BeamTail.Fit t = BeamTail.fit(ringVariants[k], p.counts, p.dr, rFrom, res.rLo, res.rHi, rEnd, Double.NaN,
					Double.NaN, dark);
				f[k] = BeamTail.fraction(p.sums, p.counts, ringVariants[k], t == null ? new double[p.bg.length] : t.curve, p.dr,
					res.rLo, res.rHi)[0];
			}
			double alt = Math.abs(cf - cf2);
			for (int k = 0; k < f.length - 2; k++) alt = Math.max(alt, Math.abs(cf - f[k]));
			double prof = 0.5 * Math.abs(f[f.length - 2] - f[f.length - 1]);
			// the wing's shapes within the fit's tolerance (the wing is seen on either side of the halo, not under it)
			double wingSpread = 0;
			for (double[] wc : BeamTail.tolerated(tail, p.bg, p.counts, p.dr, res.rLo, rEnd, dark))
				wingSpread = Math.max(wingSpread, Math.abs(cf - BeamTail.fraction(p.sums, p.counts, p.bg, wc, p.dr, res.rLo,
					res.rHi)[0]));
			double spread = Math.sqrt(prof * prof + alt * alt + wingSpread * wingSpread);
			if (!Double.isFinite(spread)) spread = 1;
			res.crystallineFractionSigma = Math.sqrt(counting * counting + Math.pow(cf - cf3, 2) + model * model + spread
				* spread);
			if (spread > RING_SPREAD_FLAG) {
				res.backgroundUncertain = true;
				res.warnings.add(String.format(Locale.ROOT, "rings on a halo: the ring and diffuse models the profile cannot "
					+ "tell apart give crystalline fractions %.3f +- %.3f (envelope, free rings: %.3f; halo +-1 sigma: %.3f; "
					+ "wing shapes: %.3f); in its uncertainty", cf, spread, alt, prof, wingSpread));
			}
		}

		/**
		 * Where the wing is seen first: behind a beam stop (the centre masked, or dark: a stop in a sparse pattern is not
		 * masked) the top of the diffuse profile at the stop's rim, when it is inside the annulus (whose inner edge keeps
		 * three of the wing's half-widths off the stop); without a stop the annulus' inner edge (the direct beam's core
		 * is not the wing).
		 */
		private double wingFrom(double[] cov, Profile p, double rLo) {
			int n = p.bg.length, start = 0;
			while (start < n - 1 && (cov[start] < 0.5 || !Double.isFinite(p.bg[start]) || start * p.dr < 2)) start++;
			// the rim: within 16 px of the first radius seen (further in, unfound spots inside the annulus' edge)
			int end = Math.min(n - 1, Math.min((int) (rLo / p.dr), start + (int) Math.ceil(16 / p.dr))), top = start;
			for (int i = start; i <= end; i++) if (Double.isFinite(p.bg[i]) && p.bg[i] > p.bg[top]) top = i;
			boolean stop = start * p.dr > 3 || (top > start + 1 && p.bg[start] < 0.5 * p.bg[top]);
			return stop ? Math.min(rLo, (top + 0.5) * p.dr) : rLo;
		}

		/**
		 * The diffuse background into p.bg, returning its sensitivity curve: for ring patterns of known phases the rings
		 * (every reflection of the phases, detected or not) and the diffuse curve fitted together (a robust background
		 * cuts under a halo that carries rings), the same fit with 1.5x wider knots the sensitivity; for spot patterns
		 * with the beam separated the mean of the pixels between the spots (discs 1.5x wider the sensitivity); else the
		 * robust background, with a 1.5x wider window the sensitivity. Without the phases the undetected rings of a
		 * dense pattern would go into the curve, so the robust background stays (flagged when in doubt).
		 */
		private double[] diffuseBackground(double rFrom, double rEnd) {
			double[] bg2 = null;
			int indexedRings = 0;
			for (RingIndexer.Match m : res.ringMatches) if (m != null) indexedRings++;
			if (res.rings.size() >= 2 && g.calibrated() && !o.phases.isEmpty() && indexedRings >= Math.max(2, (res.rings
				.size() + 1) / 2)) {
				ringModel(res, g, o);
				double[][] j = o.separateBeam ? ringsOnDiffuse(rFrom, rEnd) : RingProfileFit.withSensitivity(p.mean, p.counts,
					p.sums, p.dr, res.diffuseRingRadii, res.diffuseRingSigma, o.backgroundWindow, res.rLo, res.rHi, p.bg);
				if (j != null) {
					System.arraycopy(j[0], 0, p.bg, 0, p.bg.length);
					bg2 = j[1];
				}
				else {
					res.diffuseRingRadii = null;
					res.warnings.add("joint ring and diffuse fit not possible or implausible: robust background used");
				}
			}
			if (bg2 == null && o.separateBeam && res.spots.size() >= 3) bg2 = betweenSpots();
			if (bg2 == null) bg2 = DiffuseBackground.fit(p.usedForBackground, null, 1.5 * o.backgroundWindow / p.dr);
			return bg2;
		}

		/**
		 * Rings with the beam separated: the diffuse level (halo, wing and dark level) and the rings (every reflection of
		 * the phases out to the corners, with their kinematic powder weights under a smooth envelope) fitted together,
		 * every part non-negative ({@link RingProfileFit#diffuseNonNegative}), from where the wing is first seen to the
		 * corners, so the wing is fitted to one diffuse curve on both sides of the halo. Sensitivity: the detected rings
		 * with free amplitudes (intensities that are not kinematic). Null when either fit is not possible.
		 */
		private double[][] ringsOnDiffuse(double rFrom, double rEnd) {
			double sigma = res.diffuseRingSigma;
			List<double[]> forest = new ArrayList<>();
			List<Double> detected = new ArrayList<>();
			for (Ring r : res.rings) detected.add(r.radius);
			double dMin = Math.max(0.3, 10 / ((rEnd + 3 * sigma) * g.pixelPerNm));
			for (int k = 0; k < o.phases.size(); k++) {
				Phase ph = o.phases.get(k);
				List<double[]> own = new ArrayList<>();
				double max = 0;
				for (Reflection f : ph.families(dMin)) {
					double wgt = f.multiplicity * f.intensity * f.d * f.d;
					own.add(new double[] { 10 / (f.d * g.pixelPerNm), wgt });
					max = Math.max(max, wgt);
				}
				for (double[] f : own) if (max > 0) forest.add(new double[] { f[0], f[1] / max, k });
			}
			double lo = Math.min(rFrom, res.rLo), hi = Math.max(rEnd, res.rHi);
			double[][] main = RingProfileFit.diffuseNonNegative(p.mean, p.counts, p.dr, forest, List.of(), sigma,
				o.backgroundWindow, 1 / g.pixelPerNm, RingProfileFit.ENVELOPE_NM, lo, hi, res.rLo, res.rHi);
			double[] j1 = main == null ? null : main[0];
			double[] j2 = RingProfileFit.diffuseNonNegative(p.mean, p.counts, p.dr, forest, detected, sigma,
				o.backgroundWindow, 1 / g.pixelPerNm, lo, hi);
			if (j1 == null || j2 == null) return null;
			double[] a = p.bg.clone(), c = p.bg.clone();
			for (int b = 0; b < a.length; b++) if (Double.isFinite(j1[b]) && Double.isFinite(j2[b])) {
				a[b] = j1[b];
				c[b] = j2[b];
			}
			// the variants the profile cannot tell apart (see ringModelSpread): envelope nodes at half and twice the spacing,
			// the halo's amount +-1 sigma; a variant that cannot be fitted counts as a spread of 1 (flagged)
			double[][] e1 = RingProfileFit.diffuseNonNegative(p.mean, p.counts, p.dr, forest, List.of(), sigma,
				o.backgroundWindow, 1 / g.pixelPerNm, 0.5 * RingProfileFit.ENVELOPE_NM, lo, hi, Double.NaN, Double.NaN);
			double[][] e2 = RingProfileFit.diffuseNonNegative(p.mean, p.counts, p.dr, forest, List.of(), sigma,
				o.backgroundWindow, 1 / g.pixelPerNm, 2 * RingProfileFit.ENVELOPE_NM, lo, hi, Double.NaN, Double.NaN);
			// one common ring width is an approximation (widths scatter from ring to ring: residual ellipticity, blends):
			// the rings at the upper quartile of the detected widths
			double[] wd = new double[res.rings.size()];
			for (int i = 0; i < wd.length; i++) wd[i] = res.rings.get(i).width;
			java.util.Arrays.sort(wd);
			double sigmaHi = Math.max(sigma, wd[(3 * wd.length) / 4]);
			double[][] e3 = RingProfileFit.diffuseNonNegative(p.mean, p.counts, p.dr, forest, List.of(), sigmaHi,
				o.backgroundWindow, 1 / g.pixelPerNm, RingProfileFit.ENVELOPE_NM, lo, hi, Double.NaN, Double.NaN);
			double[][] v = { e1 == null ? null : e1[0], e2 == null ? null : e2[0], e3 == null ? null : e3[0], main[1],
				main[1] };
			int nv = v.length;
			double[][] out = new double[nv][];
			for (int k = 0; k < nv; k++) {
				if (v[k] == null) continue;
				out[k] = a.clone();
				double sgn = k == nv - 1 ? -1 : 1;
				for (int b = 0; b < a.length; b++) if (Double.isFinite(j1[b]) && Double.isFinite(v[k][b])) out[k][b] = k < nv
					- 2 ? v[k][b] : a[b] + sgn * v[k][b];
			}
			ringVariants = out;
			return new double[][] { a, c };
		}

		/**
		 * Spot pattern: the diffuse level is the mean of the pixels outside discs around the fitted spots (sensitivity:
		 * discs 1.5x wider).
		 */
		private double[] betweenSpots() {
			double rMax = p.dr * p.mean.length;
			List<double[]> offs = new ArrayList<>(), offs2 = new ArrayList<>();
			for (Spot s : res.spots) {
				double rad = SpotDiffuse.discRadius(s);
				offs.add(new double[] { s.x - g.cx, s.y - g.cy, rad });
				offs2.add(new double[] { s.x - g.cx, s.y - g.cy, 1.5 * rad });
			}
			res.spotDiscs = offs;
			// the spots too weak to be fitted stay in the diffuse level: masking pixels picked by their own excess (3
			// robust noise units, whose scale collapses at a few counts per pixel) took single counts out and read the
			// diffuse level low (stress set: fraction +0.026 on average, p90 0.05; with the weak spots kept -0.007)
			boolean[] m1 = SpotDiffuse.discs(w, h, mask, g, offs), m2 = SpotDiffuse.discs(w, h, mask, g, offs2);
			res.diffuseMask = m1;
			double[] b1 = new SpotDiffuse(w, h, m1, g, p.mean.length, rMax).profile(img, 0, p.bg);
			double[] bg2 = new SpotDiffuse(w, h, m2, g, p.mean.length, rMax).profile(img, 0, p.bg);
			System.arraycopy(b1, 0, p.bg, 0, b1.length);
			return bg2;
		}

		/**
		 * Rings on a halo: the robust background may have dropped the whole halo as "ring" (it then runs as a chord under
		 * it and the halo counts as Bragg). Seen as a long run of bins far above the background; the estimate under a
		 * ring-width opening bounds it from the other side, and the difference joins the uncertainty.
		 */
		private void checkHaloUnderRings(double cf, double[] tail) {
			int run = longestRunAbove(p.usedForBackground, p.bg, p.dr, res.rLo, res.rHi, 0.03);
			if (res.diffuseRingRadii == null && res.rings.size() >= 2 && run * p.dr > 2.5 * o.backgroundWindow) {
				int hw = (int) Math.ceil(3 * medianRingWidth(res.rings) / p.dr);
				double[] under = DiffuseBackground.underRings(p.usedForBackground, hw, o.backgroundWindow / p.dr);
				double cfUnder = BeamTail.fraction(p.sums, p.counts, under, tail, p.dr, res.rLo, res.rHi)[0];
				res.backgroundUncertain = true;
				res.crystallineFractionSigma = Math.hypot(res.crystallineFractionSigma, cf - cfUnder);
				res.warnings.add(String.format(Locale.ROOT, "rings on a broad halo: the diffuse background left a run of %.0f "
					+ "px far below the profile; crystalline fraction %.3f here, %.3f under a ring-width opening (the "
					+ "difference is in its uncertainty)", run * p.dr, cf, cfUnder));
			}
		}

		/** With two or more phases: where their reflections fall, and their fractions. */
		void phaseFractions() {
			if (o.fractionOnly || o.phases.size() < 2) return;
			res.phasePlan = PhaseFractions.plan(res.build(), o.phases);
			if (res.phasePlan != null) {
				res.phasePlan = res.phasePlan.calibrateExcitation(img, res.mask, g, p.bg, p.dr, p.sums, p.counts);
				res.phaseFractions = res.phasePlan.measure(img, 0, res.mask, g, p.bg, p.dr, p.sums, p.counts);
			}
			res.lap("phases");
		}
	}

	/** Radial data of one geometry. */
	static final class Profile {
		double[] radii, mean, sums, counts, bg, usedForBackground;
		double dr;
		PolarTransform cake;
	}

	static Profile profile(double[] img, int w, int h, boolean[] mask, PatternGeometry g, Options o, boolean meanBg) {
		double rMax = 0;
		for (int[] c : new int[][] { { 0, 0 }, { w - 1, 0 }, { 0, h - 1 }, { w - 1, h - 1 } }) rMax = Math.max(rMax, g
			.radius(c[0], c[1]));
		rMax = Math.ceil(rMax + 1);
		int bins = o.bins > 0 ? o.bins : (int) rMax;
		Profile p = new Profile();
		p.dr = rMax / bins;
		p.radii = AzimuthalIntegrator.radii(bins, rMax);
		// each bin summed in pixel order: the same sums at any thread count
		double[][] sc = AzimuthalIntegrator.sumsAndCounts(img, w, h, g, mask, bins, rMax, o.threads);
		p.sums = sc[0];
		p.counts = sc[1];
		p.cake = new PolarTransform(img, w, h, mask, g, bins, p.dr, 360, o.threads);
		p.mean = new double[bins];
		for (int b = 0; b < bins; b++) p.mean[b] = p.counts[b] > 0.5 ? p.sums[b] / p.counts[b] : Double.NaN;
		// in a sparse image of integer counts (most pixels 0-2 counts) the azimuthal median is biased low (0 wherever the
		// level is below 0.7 counts per px) and the whole profile stood above it as "rings"; the median of 5 x 5 means
		// is within ~20 % of the level there
		double[] base = meanBg ? p.mean.clone() : sparseCounts(img) ? new PolarTransform(PatternMask.boxMean(img, w, h, 2),
			w, h, mask, g, bins, p.dr, 360, o.threads).medianProfile() : p.cake.medianProfile();
		// where the median is undefined (beam stop arm, corners) fall back to the mean
		for (int b = 0; b < bins; b++) if (!Double.isFinite(base[b])) base[b] = p.mean[b];
		p.usedForBackground = base;
		p.bg = DiffuseBackground.fit(base, null, o.backgroundWindow / p.dr);
		return p;
	}

	/** Below this median level (counts per px) an image of integer counts is sparse (see {@link #profile}). */
	static final double SPARSE_COUNTS = 5;

	/** An image of integer counts whose median 5 x 5 mean is below {@link #SPARSE_COUNTS}. */
	static boolean sparseCounts(double[] img) {
		if (!PatternMask.integerValued(img)) return false;
		int step = Math.max(1, img.length / 50000);
		double[] s = new double[img.length / step + 1];
		int n = 0;
		for (int i = 0; i < img.length; i += step) if (Double.isFinite(img[i])) s[n++] = img[i];
		if (n == 0) return false;
		double mean = 0;
		for (int i = 0; i < n; i++) mean += s[i];
		java.util.Arrays.sort(s, 0, n);
		return s[n / 2] < SPARSE_COUNTS && mean / n < 4 * SPARSE_COUNTS;
	}

	/** {rLo, rHi} in corrected px: beyond the direct beam / beam stop, inside the fully covered circle. */
	static double[] annulus(Profile p, PatternGeometry g, Options o, int w, int h) {
		double[] cov = p.cake.coverage();
		int n = p.mean.length;
		int start = 0;
		while (start < n - 1 && (cov[start] < 0.5 || !Double.isFinite(p.mean[start]) || start * p.dr < 2)) start++;
		// walk down the direct beam's tail to the first minimum of the smoothed profile
		double[] s = new double[n];
		for (int i = 0; i < n; i++) {
			double a = 0;
			int c = 0;
			for (int k = Math.max(0, i - 1); k <= Math.min(n - 1, i + 1); k++) if (Double.isFinite(p.mean[k])) {
				a += p.mean[k];
				c++;
			}
			s[i] = c > 0 ? a / c : Double.NaN;
		}
		// the direct beam: three half-widths (at half height above the outer level) beyond the first valid radius
		double[] outer = new double[n];
		int m = 0;
		for (int k = n / 2; k < n; k++) if (Double.isFinite(s[k])) outer[m++] = s[k];
		java.util.Arrays.sort(outer, 0, m);
		double base = m > 0 ? outer[m / 2] : 0;
		// from the brightest of the first bins: an unmasked (faint, low-count) beam stop is darker than the wing at its
		// rim, and a half height taken at the stop read rLo = half the detector on sparse stress patterns
		int peak = start;
		while (peak < n - 2 && Double.isFinite(s[peak + 1]) && s[peak + 1] >= s[peak]) peak++;
		if (peak > start + Math.max(3, n / 10)) peak = start;
		double s0 = s[peak];
		double rLo;
		if (Double.isFinite(s0) && s0 > 1.5 * base) {
			double half = base + 0.5 * (s0 - base);
			int i1 = peak;
			while (i1 < n - 1 && (!Double.isFinite(s[i1]) || s[i1] > half)) i1++;
			rLo = (peak + 3 * Math.max(1, i1 - peak) + 2) * p.dr;
		}
		else rLo = (start + 2) * p.dr;
		double rIn = Math.min(Math.min(g.cx, w - 1 - g.cx), Math.min(g.cy, h - 1 - g.cy)) * Math.sqrt(1 - g.ellipticity) -
			2;
		int hiBin = n - 1;
		while (hiBin > 0 && cov[hiBin] < 0.6) hiBin--;
		double rHi = Math.max(rIn, Math.min(hiBin * p.dr, rIn * 1.0));
		rLo = Math.min(rLo, 0.5 * rHi);
		if (Double.isFinite(o.qMin) && g.calibrated()) rLo = o.qMin / g.pixelPerNm;
		if (Double.isFinite(o.qMax) && g.calibrated()) rHi = o.qMax / g.pixelPerNm;
		if (rHi <= rLo + 5) rHi = Math.min(n * p.dr, rLo + 5);
		return new double[] { rLo, rHi };
	}

	/** {radius, half-width} of the amorphous halo (a maximum of the diffuse background) or null. */
	static double[] haloPeak(Profile p, double[] range) {
		int from = (int) (range[0] / p.dr) + 3, to = (int) (range[1] / p.dr) - 3;
		int best = -1;
		for (int i = from + 1; i < to - 1; i++) if (p.bg[i] > p.bg[i - 1] && p.bg[i] >= p.bg[i + 1] && (best < 0 ||
			p.bg[i] > p.bg[best])) best = i;
		if (best < 0) return null;
		double peak = p.bg[best];
		int lo = best, hi = best;
		while (lo > from && p.bg[lo - 1] <= p.bg[lo] && p.bg[lo] > 0.9 * peak) lo--;
		while (hi < to && p.bg[hi + 1] <= p.bg[hi] && p.bg[hi] > 0.9 * peak) hi++;
		double dropLo = p.bg[lo] / peak, dropHi = p.bg[hi] / peak;
		if (Math.max(dropLo, dropHi) > 0.97) return null; // not a clear maximum
		return new double[] { (best + 0.5) * p.dr, Math.max(6, 0.7 * Math.max(best - lo, hi - best) * p.dr) };
	}

	/**
	 * The rings of the joint diffuse fit: the detected rings and, calibrated, every reflection of the given phases
	 * on the detector; their common width is the median fitted ring width.
	 */
	static void ringModel(Result.Builder res, PatternGeometry g, Options o) {
		List<Double> radii = new ArrayList<>();
		for (Ring r : res.rings) radii.add(r.radius);
		double sigma = medianRingWidth(res.rings);
		if (g.calibrated()) for (Phase ph : o.phases) {
			double dMin = 10 / ((res.rHi + 3 * sigma) * g.pixelPerNm);
			for (Reflection f : ph.families(Math.max(0.3, dMin))) radii.add(10 / (f.d * g.pixelPerNm));
		}
		res.diffuseRingRadii = radii;
		res.diffuseRingSigma = sigma;
	}

	/** Median fitted Gaussian width (px) of the rings found (at least one). */
	static double medianRingWidth(List<Ring> rings) {
		double[] wd = new double[rings.size()];
		for (int i = 0; i < wd.length; i++) wd[i] = rings.get(i).width;
		Arrays.sort(wd);
		return wd[wd.length / 2];
	}

	/** Longest run of bins in [rLo, rHi] (in bins) where the profile exceeds the background by more than rel of it. */
	static int longestRunAbove(double[] profile, double[] bg, double dr, double rLo, double rHi, double rel) {
		int best = 0, cur = 0;
		for (int b = 0; b < profile.length; b++) {
			double r = (b + 0.5) * dr;
			boolean above = r >= rLo && r <= rHi && Double.isFinite(profile[b]) && profile[b] - bg[b] > rel * Math.abs(
				bg[b]);
			cur = above ? cur + 1 : 0;
			best = Math.max(best, cur);
		}
		return best;
	}

	static double[] fraction(Profile p, double rLo, double rHi) {
		return fraction(p.sums, p.counts, p.bg, p.dr, rLo, rHi);
	}

	/** {crystalline fraction, statistical sigma}: (total - diffuse) / total over bins in [rLo, rHi]. */
	public static double[] fraction(double[] sums, double[] counts, double[] bg, double dr, double rLo, double rHi) {
		double t = 0, d = 0, var = 0;
		for (int b = 0; b < sums.length; b++) {
			double r = (b + 0.5) * dr;
			if (r < rLo || r > rHi) continue;
			t += sums[b];
			d += counts[b] * bg[b];
			var += Math.max(0, sums[b]);
		}
		if (!(t > 0)) return new double[] { Double.NaN, Double.NaN };
		double f = (t - d) / t;
		// Poisson-like: var(B) ~ sum I; the background is a smooth fit over many pixels (small variance)
		return new double[] { f, Math.sqrt(var) / t };
	}

	static double[] friedelCentre(List<Spot> spots, double cx, double cy) {
		List<double[]> mids = new ArrayList<>();
		int n = spots.size();
		for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) {
			Spot a = spots.get(i), b = spots.get(j);
			double mxp = 0.5 * (a.x + b.x), myp = 0.5 * (a.y + b.y);
			if (Math.hypot(mxp - cx, myp - cy) < 1.5 && Math.hypot(a.x - cx, a.y - cy) > 5) mids.add(new double[] { mxp, myp,
				Math.hypot(a.sigmaX, a.sigmaY) + Math.hypot(b.sigmaX, b.sigmaY) + 0.05 });
		}
		if (mids.size() < 2) return null;
		double sw = 0, sx = 0, sy = 0;
		for (double[] m : mids) {
			double wt = 1 / (m[2] * m[2]);
			sw += wt;
			sx += wt * m[0];
			sy += wt * m[1];
		}
		double x = sx / sw, y = sy / sw;
		double ss = 0;
		for (double[] m : mids) ss += Math.pow(m[0] - x, 2) + Math.pow(m[1] - y, 2);
		double sigma = Math.sqrt(ss / (2.0 * Math.max(1, mids.size() - 1)) / mids.size());
		return new double[] { x, y, Math.max(0.02, sigma) };
	}

	static void calibrate(Result.Builder res, PatternGeometry g, Options o) {
		List<Reflection> fam = o.calibrant.families(0.5);
		if (calibrateOnRings(res, o, fam, false)) return;
		if (res.spots.size() >= 3 && calibrateOnZone(res, g, o)) return;
		if (calibrateOnRings(res, o, fam, true)) return;
		res.warnings.add("calibration on " + o.calibrant.name + " failed: no matching rings or spots");
	}

	/**
	 * The scale from the rings matched to the calibrant's families. First (lastResort false) only when two or more
	 * rings match or there is no spot pattern: one ring matches some family at any scale, and on a spot pattern (>= 3
	 * spots) the zone decides (stress LATP [1 1 0]: a halo-shoulder "ring" gave +127 %). As the last resort (no zone
	 * fits the spots) a single ring is taken, flagged.
	 */
	static boolean calibrateOnRings(Result.Builder res, Options o, List<Reflection> fam, boolean lastResort) {
		if (res.rings.isEmpty()) return false;
		double[] r = new double[res.rings.size()], wts = new double[r.length];
		for (int i = 0; i < r.length; i++) {
			r[i] = res.rings.get(i).radius;
			wts[i] = res.rings.get(i).intensity;
		}
		double[] k = RingIndexer.calibrate(r, wts, fam, o.dTol);
		boolean loneRing = k != null && k[2] < 2 && res.spots.size() >= 3;
		if (!(k != null && k[2] >= 1 && (lastResort || !loneRing))) return false;
		res.pixelPerNm = k[0];
		res.pixelPerNmSigma = k[1];
		res.calibrationSource = "ring:" + o.calibrant.name;
		if (lastResort && k[2] < 2) {
			// one ring matches some family of the calibrant at any scale
			res.calibrationUncertain = true;
			res.warnings.add("calibrated on a single ring of " + o.calibrant.name + " (no zone fits the spots): " +
				"any family could be that ring; give --pixel-size or --camera-length");
		}
		return true;
	}

	/** The scale from the calibrant's zone axis that best fits the spots (flagged when another zone fits as well). */
	static boolean calibrateOnZone(Result.Builder res, PatternGeometry g, Options o) {
		double[][] v = vectors(res.spots, g);
		double[] inten = new double[v.length];
		for (int i = 0; i < v.length; i++) inten[i] = res.spots.get(i).intensity;
		java.util.function.BiPredicate<Double, Double> visible = visibility(res, g);
		List<ZoneAxisIndexer.Solution> z = ZoneAxisIndexer.index(v, inten, o.calibrant, Double.NaN, o.lengthTol,
			o.angleTolDeg, 5, visible, false, CALIBRATION_INNER_FRACTION);
		List<ZoneAxisIndexer.Solution> za = null;
		if (z.isEmpty() || z.get(0).matched < z.get(0).observed) {
			// non-square pixels (a frame grabber's) or shear: the affine pass, kept when it explains more spots (below
			// 70 % explained), or more spots with a better score or length fit: with no scale known, a wrong zone at a wrong scale
			// can explain 80 % of a distorted pattern (stress LATP [1 1 0], aspect 1.07: [3 0 2] at +69 % on 24 of
			// 30 spots, where the affine [1 0 0] explains 26 at the true scale)
			boolean few = z.isEmpty() || z.get(0).matched < AFFINE_BELOW * z.get(0).observed;
			za = ZoneAxisIndexer.index(v, inten, o.calibrant, Double.NaN, o.lengthTol, o.angleTolDeg, 5, visible, true,
				CALIBRATION_INNER_FRACTION);
			if (!za.isEmpty() && (z.isEmpty() || za.get(0).matched > z.get(0).matched && (few || za.get(0).score > z
				.get(0).score || za.get(0).lengthMisfit < z.get(0).lengthMisfit))) z = za;
		}
		if (!z.isEmpty()) {
			res.pixelPerNm = z.get(0).pixelPerNm;
			res.pixelPerNmSigma = res.pixelPerNm * Math.max(0.002, z.get(0).lengthMisfit / Math.sqrt(Math.max(1, z.get(0)
				.matched)));
			res.calibrationSource = "zone:" + o.calibrant.name;
			// another zone at another scale fitting nearly as well: the scale is not determined by this pattern
			ZoneAxisIndexer.Solution best = z.get(0), rival = null;
			for (ZoneAxisIndexer.Solution q : z.subList(1, z.size())) if (Math.abs(q.pixelPerNm / best.pixelPerNm - 1) >
				0.03 && q.score >= RIVAL_SCORE_RATIO * best.score && best.score > 0 && rival == null) rival = q;
			if (rival != null && best.matched >= MIN_ZONE_CALIBRATION_SPOTS) {
				res.calibrationUncertain = true;
				res.warnings.add("zone calibration on " + o.calibrant.name + " ambiguous: [" + best.uvwText() + "] at " +
					fmt(best.pixelPerNm) + " 1/nm per px and [" + rival.uvwText() + "] at " + fmt(rival.pixelPerNm) +
					" fit nearly as well; give --pixel-size or --camera-length");
			}
			// the zone laid on by the other kind of map (similarity / affine) at another scale and explaining about as
			// many spots: non-square pixels let a wrong zone at a wrong scale fit (stress LATP [1 1 0], aspect 1.07:
			// [3 0 2] at +69 % on 24 of 25 spots, the affine [1 0 0] at the true scale on all 25)
			if (za != null && !za.isEmpty() && z != za && !res.calibrationUncertain) {
				ZoneAxisIndexer.Solution other = za.get(0);
				if (Math.abs(other.pixelPerNm / best.pixelPerNm - 1) > 0.03 && other.matched >= best.matched - 1 && other.score
					> 0) {
					res.calibrationUncertain = true;
					res.warnings.add("zone calibration on " + o.calibrant.name + " ambiguous: [" + best.uvwText() + "] at " +
						fmt(best.pixelPerNm) + " 1/nm per px, and [" + other.uvwText() + "] at " + fmt(other.pixelPerNm) +
						" with room for non-square pixels, explain " + best.matched + " and " + other.matched +
						" spots; give --pixel-size or --camera-length");
				}
			}
			if (z.get(0).matched < MIN_ZONE_CALIBRATION_SPOTS) {
				// a few spots (often one Friedel pair and its harmonics) fit several zones at different scales:
				// the real Al pattern of pycotem self-calibrates 17 % off on 6 matched spots
				res.calibrationUncertain = true;
				res.warnings.add("calibrated on only " + z.get(0).matched + " matched spots of " + o.calibrant.name +
					": several zone axes fit such a pattern at different scales; give --pixel-size or --camera-length");
			}
			return true;
		}
		return false;
	}

	static double[][] vectors(List<Spot> spots, PatternGeometry g) {
		double[][] v = new double[spots.size()][];
		for (int i = 0; i < v.length; i++) v[i] = g.corrected(spots.get(i).x, spots.get(i).y);
		return v;
	}

	/**
	 * A warning for each phase none of whose reflections falls on the detector between the inner edge of the analysed
	 * annulus and the farthest corner: nothing of it can be indexed (a wrong phase or a wrong calibration).
	 */
	static void warnPhasesOutOfRange(Result.Builder res, PatternGeometry g, List<Phase> phases) {
		if (res.width <= 0 || phases.isEmpty()) return;
		double rMax = 0;
		for (int[] c : new int[][] { { 0, 0 }, { res.width - 1, 0 }, { 0, res.height - 1 }, { res.width - 1, res.height
			- 1 } }) rMax = Math.max(rMax, g.radius(c[0], c[1]));
		double dLo = g.dSpacing(rMax), dHi = res.rLo > 0 ? g.dSpacing(res.rLo) : Double.POSITIVE_INFINITY;
		for (Phase ph : phases) {
			// down to 1 Å (to name the largest d when all lie below the range), never below index()'s 0.3 Å
			List<Reflection> fam = ph.families(Math.max(0.3, Math.min(0.97 * dLo, 1.0)));
			boolean any = false;
			double largest = 0;
			for (Reflection f : fam) {
				if (f.d >= 0.97 * dLo && f.d <= 1.03 * dHi) any = true;
				largest = Math.max(largest, f.d);
			}
			if (any) continue;
			String w = ph.name + " has no reflections in this pattern's range (d " + fmt(dLo) + "-" + fmt(dHi) +
				" \u00C5" + (fam.isEmpty() ? "" : "; its largest d is " + fmt(largest) + " \u00C5") +
				"): wrong phase or wrong calibration?";
			if (!res.warnings.contains(w)) res.warnings.add(w);
			if (!res.phasesOutOfRange.contains(ph.name)) res.phasesOutOfRange.add(ph.name);
		}
	}

	static void index(Result.Builder res, PatternGeometry g, Options o) {
		index(res, g, o, null);
	}

	/**
	 * As above; with the image ({@code nodes} not null) and a scale, the ranked zones are weighed again by the image
	 * measured at every node of their lattices ({@link LatticeNodes}).
	 */
	static void index(Result.Builder res, PatternGeometry g, Options o, LatticeNodes.Image nodes) {
		boolean cal = Double.isFinite(res.pixelPerNm) && res.pixelPerNm > 0;
		List<List<Reflection>> fams = new ArrayList<>();
		double dMin = cal ? Math.max(0.3, 0.85 * 10 / (res.rHi * 1.5 * res.pixelPerNm)) : 0.8;
		for (Phase ph : o.phases) fams.add(ph.families(dMin));
		if (cal) warnPhasesOutOfRange(res, g, o.phases);
		if (cal) for (Ring r : res.rings) {
			double d = g.dSpacing(r.radius);
			double sd = d * Math.hypot(r.sigmaRadius / r.radius, sigmaK(res));
			res.ringMatches.add(o.phases.isEmpty() ? null : RingIndexer.match(d, sd, o.phases, fams, o.dTol));
		}
		if (res.spots.size() >= 3 && !o.phases.isEmpty()) {
			double[][] v = vectors(res.spots, g);
			double[] inten = new double[v.length];
			for (int i = 0; i < v.length; i++) inten[i] = res.spots.get(i).intensity;
			List<ZoneAxisIndexer.Solution> all = new ArrayList<>();
			java.util.function.BiPredicate<Double, Double> visible = visibility(res, g);
			boolean wideBasis = o.phases.size() == 1;
			// not on a scale the zones themselves set (a self-calibration): the node agreement at that scale would confirm
			// the zone that set it and lift the flag of its ambiguity (stress [1 1 0] at aspect 1.07, [3 0 2] at +69 %)
			boolean byNodes = nodes != null && cal && (res.calibrationSource == null || !res.calibrationSource.startsWith(
				"zone:"));
			int keep = byNodes ? NODE_CANDIDATES : 3;
			for (Phase ph : o.phases) all.addAll(ZoneAxisIndexer.index(v, inten, ph, cal ? res.pixelPerNm : Double.NaN,
				o.lengthTol, o.angleTolDeg, keep, visible, false, wideBasis));
			all.sort((a, b) -> Double.compare(b.score, a.score));
			if (all.isEmpty() || all.get(0).matched < AFFINE_BELOW * all.get(0).observed || all.get(0).score < AFFINE_SCORE_BELOW) {
				// few spots explained: the pattern may be distorted beyond its ellipse correction (non-square pixels of a
				// frame grabber, shear): zones laid on by an affine map, kept when they explain more spots
				List<ZoneAxisIndexer.Solution> aff = new ArrayList<>();
				for (Phase ph : o.phases) aff.addAll(ZoneAxisIndexer.index(v, inten, ph, cal ? res.pixelPerNm : Double.NaN,
					o.lengthTol, o.angleTolDeg, keep, visible, true, wideBasis));
				aff.sort((a, b) -> Double.compare(b.score, a.score));
				if (!aff.isEmpty() && (all.isEmpty() || aff.get(0).matched > all.get(0).matched || aff.get(0).score > all.get(0)
					.score)) all = aff;
			}
			if (byNodes) all = weighedByNodes(all, v, g, nodes);
			res.zones = new ArrayList<>(all.subList(0, Math.min(3, all.size())));
		}
		for (int i = 0; i < res.spots.size(); i++) {
			RingIndexer.Match m = null;
			if (!res.zones.isEmpty() && res.zones.get(0).spotHkl[i] != null) {
				int[] hkl = res.zones.get(0).spotHkl[i];
				Phase ph = res.zones.get(0).phase;
				Reflection r = new Reflection(hkl[0], hkl[1], hkl[2], ph.cell.d(hkl[0], hkl[1], hkl[2]), ph.intensity(hkl[0],
					hkl[1], hkl[2]), 1);
				double d = cal ? g.dSpacing(Math.hypot(g.corrected(res.spots.get(i).x, res.spots.get(i).y)[0], g.corrected(
					res.spots.get(i).x, res.spots.get(i).y)[1])) : r.d;
				m = new RingIndexer.MatchBuilder().build(ph, r, (d - r.d) / r.d);
			}
			else if (cal && !o.phases.isEmpty()) {
				double[] v = g.corrected(res.spots.get(i).x, res.spots.get(i).y);
				double d = g.dSpacing(Math.hypot(v[0], v[1]));
				m = RingIndexer.match(d, 0, o.phases, fams, o.dTol);
			}
			res.spotMatches.add(m);
		}
	}

	/** Ranked zones weighed by nodes ({@link #index(Result.Builder, PatternGeometry, Options, LatticeNodes.Image)}). */
	static final int NODE_CANDIDATES = 6;
	/**
	 * Score per unit of the node agreement ({@link LatticeNodes#agreement}), as much as the intensity correlation of
	 * the matched spots ({@link ZoneAxisIndexer#INTENSITY_WEIGHT}) weighs.
	 */
	static final double NODE_WEIGHT = 0.15;

	/**
	 * Each zone's score plus its node agreement over the range of the spots, ranked again; as ranked when the first
	 * leads by more than the agreement can change (cost: a few ms for a 2048 px spot pattern).
	 */
	static List<ZoneAxisIndexer.Solution> weighedByNodes(List<ZoneAxisIndexer.Solution> ranked, double[][] v,
		PatternGeometry g, LatticeNodes.Image nodes)
	{
		double rMin = Double.MAX_VALUE, rMax = 0;
		for (double[] q : v) {
			double r = Math.hypot(q[0], q[1]);
			rMin = Math.min(rMin, r);
			rMax = Math.max(rMax, r);
		}
		// the agreement moves a score by at most NODE_WEIGHT either way: a first zone ahead by more is not measured
		if (ranked.size() < 2 || ranked.get(0).score - ranked.get(1).score > 2 * NODE_WEIGHT) return ranked;
		List<ZoneAxisIndexer.Solution> out = new ArrayList<>();
		for (ZoneAxisIndexer.Solution s : ranked) {
			double a = LatticeNodes.agreement(s, g, nodes, 0.5 * rMin, 1.05 * rMax);
			double sc = s.score + (Double.isFinite(a) ? NODE_WEIGHT * a : 0);
			out.add(new ZoneAxisIndexer.Solution(s.phase, s.uvw, s.misfitDeg, s.lengthMisfit, sc, s.matched, s.observed,
				s.spotHkl, s.pixelPerNm, s.predicted, s.uvwFound));
		}
		out.sort((a, b) -> Double.compare(b.score, a.score));
		return out;
	}

	/**
	 * {ellipticity, angle, sigma} from the best zone solution: a general linear map A from the zone's in-plane
	 * reciprocal coordinates to the raw (uncorrected) spot offsets, fitted by least squares; the distortion is
	 * the ratio of the singular values of A. Null with fewer than 6 matched spots.
	 */
	static double[] ellipseFromZone(Result.Builder res, PatternGeometry g) {
		ZoneAxisIndexer.Solution z = res.zones.get(0);
		if (z.matched < 6 || z.misfitDeg > 3) {
			res.warnings.add("zone ellipse skipped: matched " + z.matched + ", misfit " + z.misfitDeg);
			return null;
		}
		Phase ph = z.phase;
		int[] zu = z.uvwFound != null ? z.uvwFound : z.uvw;
		int[] along = null;
		for (int[] hkl : z.spotHkl) if (hkl != null) {
			along = hkl;
			break;
		}
		if (along == null) return null;
		// the zone's plane; the ellipse does not depend on which orthonormal in-plane basis is used
		ZonePlane plane = ZonePlane.of(ph, zu, along);
		List<double[][]> rows = new ArrayList<>();
		for (int i = 0; i < res.spots.size(); i++) {
			int[] hkl = z.spotHkl[i];
			if (hkl == null) continue;
			rows.add(new double[][] { plane.coords(hkl), { res.spots.get(i).x - g.cx, res.spots.get(i).y - g.cy } });
		}
		PlaneMap map = rows.size() < 6 ? null : PlaneMap.fit(rows);
		if (map == null) {
			res.warnings.add("zone ellipse skipped: rows " + rows.size());
			return null;
		}
		double a11 = map.t11, a12 = map.t12, a21 = map.t21, a22 = map.t22;
		// M = A A^T
		double m11 = a11 * a11 + a12 * a12, m12 = a11 * a21 + a12 * a22, m22 = a21 * a21 + a22 * a22;
		double tr = m11 + m22, dd = Math.sqrt(Math.max(0, tr * tr / 4 - (m11 * m22 - m12 * m12)));
		double lmax = tr / 2 + dd, lmin = tr / 2 - dd;
		if (!(lmin > 0)) return null;
		double e = 1 - Math.sqrt(lmin / lmax);
		double ang = Math.atan2(lmax - m11, m12);
		if (Math.abs(m12) < 1e-12) ang = m11 >= m22 ? 0 : Math.PI / 2;
		double ss = 0, gg = 0;
		for (double[][] r : rows) {
			double px = map.x(r[0][0], r[0][1]), py = map.y(r[0][0], r[0][1]);
			ss += Math.pow(r[1][0] - px, 2) + Math.pow(r[1][1] - py, 2);
			gg += px * px + py * py;
		}
		double rms = Math.sqrt(ss / Math.max(1, 2 * rows.size() - 4));
		double rmean = Math.sqrt(gg / rows.size());
		double sigma = 2 * rms / rmean * Math.sqrt(2.0 / rows.size());
		if (e >= 0.3) {
			res.warnings.add("zone ellipse skipped: e " + e);
			return null;
		}
		return new double[] { e, ang, Math.max(1e-4, sigma) };
	}

	/** Whether a corrected offset lands on an unmasked detector pixel (3 px clear of the border and the mask). */
	static java.util.function.BiPredicate<Double, Double> visibility(Result.Builder res, PatternGeometry g) {
		boolean[] mask = res.mask;
		int w = res.width, h = res.height;
		if (w <= 0) return null;
		return (gx, gy) -> {
			double[] p = g.toImage(gx, gy);
			int x = (int) Math.round(p[0]), y = (int) Math.round(p[1]);
			if (x < 3 || y < 3 || x >= w - 3 || y >= h - 3) return false;
			if (mask == null) return true;
			for (int dy = -2; dy <= 2; dy++) for (int dx = -2; dx <= 2; dx++) if (mask[(y + dy) * w + x + dx]) return false;
			return true;
		};
	}

	/** A copy of the result for a trial indexing: what indexing reads (spots, rings, calibration), its outputs empty. */
	static Result.Builder scratch(Result.Builder res) {
		Result.Builder r = res.build().toBuilder();
		r.zones.clear();
		r.ringMatches.clear();
		r.spotMatches.clear();
		r.warnings.clear();
		r.phasesOutOfRange.clear();
		return r;
	}

	static double sigmaK(Result.Builder res) {
		return Double.isFinite(res.pixelPerNmSigma) ? res.pixelPerNmSigma / res.pixelPerNm : 0;
	}

	private static String fmt(double v) {
		return String.format(java.util.Locale.ROOT, "%.4g", v);
	}
}
