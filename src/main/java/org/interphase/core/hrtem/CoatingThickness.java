package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.interphase.core.Parallel;
import org.interphase.core.param.Setting;

/**
 * Coating thickness from many profiles along the normals of a substrate/coating interface (docs/hrtem.md).
 * <ol>
 * <li>Substrate lattice ({@link SubstrateLattice}): reflections of a Welch spectrum, each mapped over blocks by
 * its contrast in the block spectra, grouped by region; the group with the most fringe power is the substrate
 * (weak coating fringes, e.g. h-BN planes, form their own group).</li>
 * <li>Interface: the substrate's block map (holes filled) is split by Otsu's threshold; its boundary blocks are
 * fitted by a robust line, or a quadratic in the principal frame when clearly better. The averaged profile
 * then places the interface along the normal and tells the substrate side; up to three passes refit the curve
 * through measured interface points. A user polyline replaces this step.</li>
 * <li>Profiles: at equal arc length along the curve, a patch of the image is sampled along the normal
 * (1 px steps, bilinear) over the profile width. Two measures are width-averaged: the substrate fringe energy
 * (demodulated at each substrate reflection, low-passed over about 1.25 periods or longer, minus the same at
 * the ring background: noise and speckle) and the intensity.</li>
 * <li>Edges: the interface is the error-function step fitted to sqrt(fringe energy - floor), the outer surface
 * the step fitted to the intensity, found first on the averaged profile, then per profile in windows around
 * it.</li>
 * </ol>
 * Thickness per profile = outer - inner edge (px) with the fit uncertainties in quadrature; the mean's
 * uncertainty uses the number of independent profiles (edge length over profile width) and a systematic term.
 * Where the edges cannot be decided the result says why ({@link Result#undecided}). Without reflections (no
 * lattice visible) a band-pass local variance replaces the fringe energy.
 */
public final class CoatingThickness {
	/** The number of profiles as the user sets it, declared once (dialog, command line, docs, the default below). */
	public static final Setting PROFILES = Setting.integer("profiles", 200, "", "number of profiles along the edge")
		.range(1, 100000);

	/** Number of profiles along the edge. */
	public final int profiles;
	/** Width over which each profile is averaged, px; NaN = 3 fringe periods, at least 12 px. */
	public final double widthPx;
	/** Longest thickness searched, px; NaN = the image diagonal. */
	public final double maxThicknessPx;
	/** User polyline along the interface (x1,y1,x2,y2,...), or null for automatic detection (shared, not copied). */
	public final double[] line;
	public final int threads;
	/** Longest substrate fringe period looked for, px (the analysis sets 1.5 nm when calibrated). */
	public final double maxPeriodPx;

	/** The defaults: the declared number of profiles, automatic width, periods up to 32 px, one thread. */
	public CoatingThickness() {
		this(new Builder());
	}

	private CoatingThickness(Builder b) {
		profiles = b.profiles;
		widthPx = b.widthPx;
		maxThicknessPx = b.maxThicknessPx;
		line = b.line;
		threads = b.threads;
		maxPeriodPx = b.maxPeriodPx;
	}

	/** A builder holding the defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of this one (the copy). */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some of the settings; {@link #build} makes the immutable CoatingThickness. */
	public static final class Builder {
		private int profiles = PROFILES.integer();
		private double widthPx = Double.NaN;
		private double maxThicknessPx = Double.NaN;
		private double[] line;
		private int threads = 1;
		private double maxPeriodPx = 32;

		Builder() {}

		Builder(CoatingThickness o) {
			profiles = o.profiles;
			widthPx = o.widthPx;
			maxThicknessPx = o.maxThicknessPx;
			line = o.line;
			threads = o.threads;
			maxPeriodPx = o.maxPeriodPx;
		}

		public Builder profiles(int v) {
			profiles = v;
			return this;
		}

		public Builder widthPx(double v) {
			widthPx = v;
			return this;
		}

		public Builder maxThicknessPx(double v) {
			maxThicknessPx = v;
			return this;
		}

		public Builder line(double[] v) {
			line = v;
			return this;
		}

		public Builder threads(int v) {
			threads = v;
			return this;
		}

		public Builder maxPeriodPx(double v) {
			maxPeriodPx = v;
			return this;
		}

		public CoatingThickness build() {
			return new CoatingThickness(this);
		}
	}

	/** What was measured, lengths in pixels; the arrays are shared with copies, the spot lists cannot be changed. */
	public static final class Result {
		public final double[] thickness, sigma, arc, innerX, innerY, outerX, outerY;
		public final int nValid, nRejected;
		public final double mean, sd, sem, median;
		public final double edgeLength, periodPx, widthPx;
		public final boolean layerFound;
		public final String message;
		public final List<LatticeSpot> spots;
		/** The averaged profile: positions along the normal, fringe energy and intensity, and their step fits. */
		public final double[] avgT, avgEnergy, avgIntensity;
		public final StepFit avgInner, avgOuter;
		public final boolean usedFringeEnergy;
		/** The user's line crossed the interface: profiles were taken parallel to it near the crossing. */
		public final boolean acrossLine;
		/** Fringe sets of other regions (coating grains, h-BN planes): not substrate. */
		public final List<LatticeSpot> otherSpots;
		/** Half-length of the demodulation low-pass, px. */
		public final int lowPassPx;
		/** Noise energy of the fringe demodulation beyond the interface (subtracted before the edge fits). */
		public final double energyFloor;
		/** Why the number should not be trusted (the method could not decide), or null. */
		public final String undecided;

		private Result(Builder b) {
			thickness = b.thickness;
			sigma = b.sigma;
			arc = b.arc;
			innerX = b.innerX;
			innerY = b.innerY;
			outerX = b.outerX;
			outerY = b.outerY;
			nValid = b.nValid;
			nRejected = b.nRejected;
			mean = b.mean;
			sd = b.sd;
			sem = b.sem;
			median = b.median;
			edgeLength = b.edgeLength;
			periodPx = b.periodPx;
			widthPx = b.widthPx;
			layerFound = b.layerFound;
			message = b.message;
			spots = Collections.unmodifiableList(new ArrayList<>(b.spots));
			avgT = b.avgT;
			avgEnergy = b.avgEnergy;
			avgIntensity = b.avgIntensity;
			avgInner = b.avgInner;
			avgOuter = b.avgOuter;
			usedFringeEnergy = b.usedFringeEnergy;
			acrossLine = b.acrossLine;
			otherSpots = Collections.unmodifiableList(new ArrayList<>(b.otherSpots));
			lowPassPx = b.lowPassPx;
			energyFloor = b.energyFloor;
			undecided = b.undecided;
		}

		/** A builder holding every field of this result (the copy). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The working state the measurement fills step by step; {@link #build} once at the end. */
		static final class Builder {
			// the fields of the result, documented there
			double[] thickness;
			double[] sigma;
			double[] arc;
			double[] innerX;
			double[] innerY;
			double[] outerX;
			double[] outerY;
			int nValid;
			int nRejected;
			double mean = Double.NaN;
			double sd = Double.NaN;
			double sem = Double.NaN;
			double median = Double.NaN;
			double edgeLength;
			double periodPx = Double.NaN;
			double widthPx;
			boolean layerFound;
			String message = "";
			List<LatticeSpot> spots = new ArrayList<>();
			double[] avgT;
			double[] avgEnergy;
			double[] avgIntensity;
			StepFit avgInner;
			StepFit avgOuter;
			boolean usedFringeEnergy;
			boolean acrossLine;
			List<LatticeSpot> otherSpots = new ArrayList<>();
			int lowPassPx;
			double energyFloor;
			String undecided;

			Builder() {}

			Builder(Result o) {
				thickness = o.thickness;
				sigma = o.sigma;
				arc = o.arc;
				innerX = o.innerX;
				innerY = o.innerY;
				outerX = o.outerX;
				outerY = o.outerY;
				nValid = o.nValid;
				nRejected = o.nRejected;
				mean = o.mean;
				sd = o.sd;
				sem = o.sem;
				median = o.median;
				edgeLength = o.edgeLength;
				periodPx = o.periodPx;
				widthPx = o.widthPx;
				layerFound = o.layerFound;
				message = o.message;
				spots = new ArrayList<>(o.spots);
				avgT = o.avgT;
				avgEnergy = o.avgEnergy;
				avgIntensity = o.avgIntensity;
				avgInner = o.avgInner;
				avgOuter = o.avgOuter;
				usedFringeEnergy = o.usedFringeEnergy;
				acrossLine = o.acrossLine;
				otherSpots = new ArrayList<>(o.otherSpots);
				lowPassPx = o.lowPassPx;
				energyFloor = o.energyFloor;
				undecided = o.undecided;
			}

			Result build() {
				return new Result(this);
			}
		}

		/** A layer was measured and nothing made the measurement undecidable. */
		public boolean reliable() {
			return layerFound && undecided == null;
		}
	}

	/** Measures the image (w x h, row-major). Throws IllegalArgumentException with a user message. */
	public Result measure(double[] img, int w, int h) {
		if (w < 48 || h < 48) throw new IllegalArgumentException("image too small (" + w + "x" + h + ") for profiles");
		Result.Builder res = new Result.Builder();
		Segmentation seg = segment(img, w, h, res);
		Pass ps = new Pass();
		ps.curve = chooseCurve(img, w, h, seg, res);
		double p = ps.p = Double.isNaN(res.periodPx) ? 8 : res.periodPx;
		double width = Double.isNaN(widthPx) ? Math.max(12, 3 * p) : widthPx;
		res.widthPx = width;
		ps.maxT = Double.isNaN(maxThicknessPx) ? Math.hypot(w, h) : maxThicknessPx;
		int lp = ps.lp = lowPassRadius(res.spots, res.otherSpots, p);
		res.lowPassPx = lp;
		ps.prof = new Profiler(img, w, h, res.spots, res.otherSpots, p, width, lp);
		ps.tIn = Math.max(4 * p, 30);
		// (fringe energy within a few blocks of the curve, which the blocks place to about one block)
		ps.reachE = Math.max(6 * seg.block, 16 * p) + 3 * lp;
		averagedProfile(ps, res);
		if (ps.edges == null && line == null && ps.curve.size() > 40) middleHalf(ps, res);
		if (ps.edges == null && line != null) throw new IllegalArgumentException("no substrate/coating interface found " +
			"along the drawn line (is it outside the particle?): the fringe energy shows no step");
		if (ps.edges == null) return undecided(res, ps);
		if (line == null) refitPasses(ps, res, w, h);
		measureProfiles(ps.prof, ps.curve, ps.edges, p, res, Math.max(1, profiles), true);
		res.avgT = ps.avg.t;
		res.avgEnergy = ps.avg.energy;
		res.avgIntensity = ps.avg.intensity;
		res.edgeLength = ps.curve.length();
		summarise(res, width, p);
		if (res.layerFound && res.nValid < 0.5 * res.thickness.length) res.undecided = "only " + res.nValid + " of " +
			res.thickness.length + " profiles show both edges";
		else if (res.layerFound && res.sd > 0.3 * res.mean) res.undecided = String.format(java.util.Locale.ROOT,
			"the thickness varies by %.0f %% (sd/mean) between profiles: the edges are not followed consistently", 100 *
				res.sd / res.mean);
		return res.build();
	}

	/**
	 * The state passed between the measuring steps: the profiler, period p, longest thickness, low-pass radius,
	 * reach into the substrate, the interface curve, its averaged profile, that profile's edges {inner, outer}
	 * (null = no step) and the fringe-split hint (-1 = none).
	 */
	private static final class Pass {
		Profiler prof;
		double p, maxT, tIn, reachE;
		int lp, hint = -1;
		EdgeCurve curve;
		Averaged avg;
		double[] edges;
	}

	/** The interface curve: the drawn line (or the interface near where a drawn line crosses it) or the segmented edge. */
	private EdgeCurve chooseCurve(double[] img, int w, int h, Segmentation seg, Result.Builder res) {
		if (line == null) {
			if (seg.error != null) throw new IllegalArgumentException(seg.error);
			return seg.curve;
		}
		double[] use = line;
		if (line.length == 4 && seg.error == null && crossesInterface(line, seg.curve)) {
			// a line drawn across the coating (as in DigitalMicrograph) picks the place: profiles along the
			// interface normal there (not along the drawn line, which would lengthen the path by 1/cos of its
			// tilt), over a short stretch of interface (3 profile widths) centred where the line crosses
			double p0 = Double.isNaN(res.periodPx) ? 8 : res.periodPx;
			double half = 1.5 * (Double.isNaN(widthPx) ? Math.max(12, 3 * p0) : widthPx);
			double[] c = crossing(line, seg.curve);
			int ci = (int) c[2];
			double tx = -seg.curve.ny[ci], ty = seg.curve.nx[ci];
			use = new double[] { c[0] - half * tx, c[1] - half * ty, c[0] + half * tx, c[1] + half * ty };
			res.acrossLine = true;
		}
		EdgeCurve curve = EdgeCurve.polyline(use);
		return orient(curve, img, w, h, res.spots, res.periodPx);
	}

	/**
	 * Pass 1: averaged profile from a subset. For the automatic curve over the whole image on both sides: the
	 * curve gives the shape and direction of the interface; where along the normal the fringes end, and which side
	 * the substrate lies, is read from the profile itself (blocks place the curve only roughly).
	 */
	private void averagedProfile(Pass ps, Result.Builder res) {
		double p = ps.p;
		if (line == null) {
			ps.avg = averaged(ps.prof, ps.curve, Math.min(32, profiles), -ps.reachE, ps.maxT, ps.reachE);
			int[] split = ps.avg == null ? null : fringeSplit(ps.avg, p);
			if (split != null && split[1] < 0) {
				ps.curve = ps.curve.flipped();
				ps.avg = averaged(ps.prof, ps.curve, Math.min(32, profiles), -ps.reachE, ps.maxT, ps.reachE);
				split = ps.avg == null ? null : fringeSplit(ps.avg, p);
			}
			if (split != null && split[1] > 0) ps.hint = split[0];
		}
		else ps.avg = averaged(ps.prof, ps.curve, Math.min(32, profiles), -ps.tIn, ps.maxT);
		if (ps.avg == null) throw new IllegalArgumentException("no profile along the interface lies inside the image");
		ps.edges = averagedEdges(ps.avg, p, res, ps.hint);
	}

	/** A curve that follows the edge only roughly smears the averaged step: its middle half is closest. */
	private void middleHalf(Pass ps, Result.Builder res) {
		EdgeCurve mid = ps.curve.middle(0.25, 0.75);
		Averaged am = averaged(ps.prof, mid, Math.min(32, profiles), -ps.reachE, ps.maxT, ps.reachE);
		int[] split = am == null ? null : fringeSplit(am, ps.p);
		double[] em = split == null || split[1] <= 0 ? null : averagedEdges(am, ps.p, res, split[0]);
		if (em != null) {
			ps.avg = am;
			ps.edges = em;
			ps.hint = split[0];
		}
	}

	/** The substrate was found but not where its fringes end: say so, with the averaged profile to look at. */
	private static Result undecided(Result.Builder res, Pass ps) {
		res.undecided = "the substrate lattice was found, but its fringe amplitude shows no clear step along the " +
			"detected edge (fringes too weak against the noise, or the edge too curved for one smooth curve; " +
			"draw a line along the interface)";
		res.avgT = ps.avg.t;
		res.avgEnergy = ps.avg.energy;
		res.avgIntensity = ps.avg.intensity;
		res.edgeLength = ps.curve.length();
		res.thickness = res.sigma = res.arc = res.innerX = res.innerY = res.outerX = res.outerY = new double[0];
		return res.build();
	}

	/**
	 * Passes with fewer profiles, each refitting the curve through their interface points (a curve that follows
	 * the edge only in its middle is extended round an arc step by step), before all profiles are measured.
	 */
	private void refitPasses(Pass ps, Result.Builder res, int w, int h) {
		double p = ps.p;
		int before = -1;
		for (int pass = 0; pass < 3; pass++) {
			measureProfiles(ps.prof, ps.curve, ps.edges, p, res, Math.min(48, Math.max(1, profiles)), false);
			int inner = 0;
			for (double v : res.innerX) if (!Double.isNaN(v)) inner++;
			if (inner <= before) break;
			before = inner;
			EdgeCurve refit = inner >= 8 ? refitCurve(res, ps.curve, w, h) : null;
			if (refit == null) break;
			// (no outer surface yet: it may have been smeared by a curve off the edge, so look over the whole range)
			double reach = Double.isNaN(ps.edges[1]) ? ps.maxT : Math.min(ps.maxT, 1.5 * (ps.edges[1] - ps.edges[0]) + 4 *
				p + 40);
			Averaged a2 = averaged(ps.prof, refit, Math.min(32, profiles), -ps.tIn, reach, ps.tIn + 3 * ps.lp + 4 * p);
			double[] e2 = a2 == null ? null : averagedEdges(a2, p, res, -1);
			if (e2 == null) {
				averagedEdges(ps.avg, p, res, ps.hint); // restore the fits of the previous curve
				break;
			}
			ps.curve = refit;
			ps.avg = a2;
			ps.edges = e2;
			ps.hint = -1;
			if (inner >= 0.9 * Math.min(48, profiles)) break;
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// segmentation and curve

	private static final class Segmentation {
		EdgeCurve curve;
		String error;
		/** Block size of the segmentation (px): the automatic curve is good to about one block. */
		int block;
	}

	private Segmentation segment(double[] img, int w, int h, Result.Builder res) {
		Segmentation seg = new Segmentation();
		// 1. block variance of a lightly smoothed image: where is the fringed substrate?
		int b0 = Math.max(12, Math.min(48, (int) Math.round(Math.min(w, h) / 20.0)));
		double[] var = blockVariance(img, w, h, b0);
		// 2. the substrate's reflections and its fringe-energy map (reflections of other fringed regions, e.g.
		// h-BN planes in the coating, form their own group and are left out)
		Blocks bl = substrateBlocks(img, w, h, b0, var, res);
		seg.error = contrastError(bl);
		if (seg.error != null) return seg;
		int b = bl.b, bw = bl.bw, bh = bl.bh;
		boolean[] sub = bl.sub;
		keepLargest(sub, bw, bh);
		// holes (blocks where the lattice is weak by chance) belong to the substrate: only the largest
		// non-substrate component is outside
		boolean[] out = new boolean[sub.length];
		for (int i = 0; i < sub.length; i++) out[i] = !sub[i];
		keepLargest(out, bw, bh);
		for (int i = 0; i < sub.length; i++) sub[i] = !out[i];
		List<double[]> pts = boundaryPoints(bl);
		if (pts.size() < 4) {
			seg.error = "no substrate/coating interface found: the substrate boundary is too short";
			return seg;
		}
		seg.block = b;
		seg.curve = fitCurve(pts, w, h, b);
		if (seg.curve == null) {
			seg.error = "no substrate/coating interface found: the boundary could not be followed";
			return seg;
		}
		if (substrateOutside(seg.curve, bl)) seg.curve = seg.curve.flipped();
		return seg;
	}

	/**
	 * Log relative variance of b0 x b0 blocks of a lightly smoothed image (on 2x2-binned pixels: a quarter of the
	 * shot-noise variance, fringes of 4 px and more kept), (w / b0) x (h / b0) row-major.
	 */
	private double[] blockVariance(double[] img, int w, int h, int b0) {
		int bw = w / b0, bh = h / b0;
		double[] var = new double[bw * bh];
		final int fb0 = b0, fbw = bw;
		Parallel.forRange(bh, threads, (from, to) -> {
			for (int by = from; by < to; by++) for (int bx = 0; bx < fbw; bx++) {
				double s = 0, ss = 0;
				int n = 0;
				for (int y = by * fb0; y + 1 < (by + 1) * fb0; y += 2) for (int x = bx * fb0; x + 1 < (bx + 1) * fb0; x += 2) {
					int o = y * w + x;
					double v = 0.25 * (img[o] + img[o + 1] + img[o + w] + img[o + w + 1]);
					s += v;
					ss += v * v;
					n++;
				}
				double m = s / n;
				var[by * fbw + bx] = Math.log(Math.max(1e-12, ss / n - m * m) / Math.max(1e-12, m * m));
			}
		});
		return var;
	}

	/** The block map: block size, blocks across and down, the value per block and the substrate mask (Otsu). */
	private static final class Blocks {
		int b, bw, bh;
		double[] en;
		boolean[] sub;
	}

	/**
	 * The substrate's fringe-energy map when its lattice is found (its spots go to the result), else the block
	 * variance; the substrate is the blocks above Otsu's threshold.
	 */
	private Blocks substrateBlocks(double[] img, int w, int h, int b0, double[] var, Result.Builder res) {
		Blocks bl = new Blocks();
		SubstrateLattice sl = SubstrateLattice.find(img, w, h, maxPeriodPx, b0, threads);
		if (!sl.spots.isEmpty()) {
			res.spots.addAll(sl.spots);
			res.otherSpots.addAll(sl.others);
			res.periodPx = 0;
			for (LatticeSpot s : res.spots) res.periodPx = Math.max(res.periodPx, s.periodPx);
			bl.b = sl.block;
			bl.bw = sl.bw;
			bl.bh = sl.bh;
			bl.en = sl.energy;
		}
		else {
			bl.b = b0;
			bl.bw = w / b0;
			bl.bh = h / b0;
			bl.en = var;
		}
		bl.sub = otsuMask(bl.en);
		return bl;
	}

	/** Why the two classes are no substrate and coating (too few blocks, or too little contrast); null when they are. */
	private static String contrastError(Blocks bl) {
		double[] en = bl.en;
		boolean[] sub = bl.sub;
		double m1 = 0, m0 = 0;
		int n1 = 0, n0 = 0;
		for (int i = 0; i < en.length; i++) if (sub[i]) {
			m1 += en[i];
			n1++;
		}
		else {
			m0 += en[i];
			n0++;
		}
		if (n1 < 2 || n0 < 2) return "no substrate/coating interface found: the image shows " + (n1 < 2 ? "no" : "only") +
			" fringed (crystalline) substrate";
		if (m1 / n1 - m0 / n0 < Math.log(3)) return "no substrate/coating interface found: the fringe contrast is " +
			"about the same everywhere";
		return null;
	}

	/** Boundary points (px) between substrate blocks and their non-substrate 4-neighbours. */
	private static List<double[]> boundaryPoints(Blocks bl) {
		int b = bl.b, bw = bl.bw, bh = bl.bh;
		boolean[] sub = bl.sub;
		List<double[]> pts = new ArrayList<>();
		for (int by = 0; by < bh; by++) for (int bx = 0; bx < bw; bx++) {
			if (!sub[by * bw + bx]) continue;
			int[][] nb = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };
			for (int[] d : nb) {
				int x = bx + d[0], y = by + d[1];
				if (x < 0 || y < 0 || x >= bw || y >= bh) continue;
				if (!sub[y * bw + x]) pts.add(new double[] { (bx + 0.5 + 0.5 * d[0]) * b, (by + 0.5 + 0.5 * d[1]) * b });
			}
		}
		return pts;
	}

	/** The curve's normals point into the substrate (they must point away from it). */
	private static boolean substrateOutside(EdgeCurve curve, Blocks bl) {
		int b = bl.b, bw = bl.bw, bh = bl.bh;
		double inside = 0;
		int cnt = 0;
		for (int i = 0; i < curve.size(); i += 8) {
			for (int sgn = -1; sgn <= 1; sgn += 2) {
				int x = (int) ((curve.x[i] + sgn * 1.5 * b * curve.nx[i]) / b), y = (int) ((curve.y[i] + sgn * 1.5 * b *
					curve.ny[i]) / b);
				if (x < 0 || y < 0 || x >= bw || y >= bh) continue;
				inside += (bl.sub[y * bw + x] ? 1 : 0) * sgn;
				cnt++;
			}
		}
		return inside > 0;
	}

	/** Otsu's threshold on the values; true = above. */
	static boolean[] otsuMask(double[] v) {
		double t = otsu(v);
		boolean[] m = new boolean[v.length];
		for (int i = 0; i < v.length; i++) m[i] = v[i] > t;
		return m;
	}

	static double otsu(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		int n = s.length;
		double total = 0;
		for (double x : s) total += x;
		double best = -1, thr = s[n / 2], cum = 0;
		for (int i = 0; i < n - 1; i++) {
			cum += s[i];
			int n0 = i + 1, n1 = n - n0;
			double m0 = cum / n0, m1 = (total - cum) / n1;
			double between = (double) n0 * n1 * (m0 - m1) * (m0 - m1);
			if (between > best && s[i + 1] > s[i]) {
				best = between;
				thr = 0.5 * (s[i] + s[i + 1]);
			}
		}
		return thr;
	}

	private static void keepLargest(boolean[] m, int bw, int bh) {
		int[] lab = new int[m.length];
		int next = 0, bestLab = -1, bestSize = 0;
		int[] stack = new int[m.length];
		for (int i = 0; i < m.length; i++) {
			if (!m[i] || lab[i] != 0) continue;
			next++;
			int sp = 0, size = 0;
			stack[sp++] = i;
			lab[i] = next;
			while (sp > 0) {
				int c = stack[--sp];
				size++;
				int cx = c % bw, cy = c / bw;
				int[] nb = { cx > 0 ? c - 1 : -1, cx < bw - 1 ? c + 1 : -1, cy > 0 ? c - bw : -1, cy < bh - 1 ? c + bw : -1 };
				for (int q : nb) if (q >= 0 && m[q] && lab[q] == 0) {
					lab[q] = next;
					stack[sp++] = q;
				}
			}
			if (size > bestSize) {
				bestSize = size;
				bestLab = next;
			}
		}
		for (int i = 0; i < m.length; i++) m[i] = m[i] && lab[i] == bestLab;
	}

	/** Whether a 2-point line crosses the detected interface at more than 45 degrees. */
	private static boolean crossesInterface(double[] l, EdgeCurve c) {
		double[] x = crossing(l, c);
		if (x == null) return false;
		int i = (int) x[2];
		double lx = l[2] - l[0], ly = l[3] - l[1], ll = Math.hypot(lx, ly);
		// cosine between the line and the curve's normal
		return Math.abs(lx * c.nx[i] + ly * c.ny[i]) / ll > Math.cos(Math.toRadians(45));
	}

	/** Where the segment meets the curve: {x, y, curve index}, or null when it does not. */
	private static double[] crossing(double[] l, EdgeCurve c) {
		double lx = l[2] - l[0], ly = l[3] - l[1];
		for (int i = 0; i + 1 < c.size(); i++) {
			double ex = c.x[i + 1] - c.x[i], ey = c.y[i + 1] - c.y[i];
			double den = lx * ey - ly * ex;
			if (den == 0) continue;
			double ax = c.x[i] - l[0], ay = c.y[i] - l[1];
			double t = (ax * ey - ay * ex) / den, u = (ax * ly - ay * lx) / den;
			if (t >= 0 && t <= 1 && u >= 0 && u <= 1) return new double[] { l[0] + t * lx, l[1] + t * ly, i };
		}
		return null;
	}

	/** Robust quadratic through boundary points in their principal frame, clipped to the image. */
	private static EdgeCurve fitCurve(List<double[]> pts, int w, int h, double b) {
		int n = pts.size();
		double mx = 0, my = 0;
		for (double[] p : pts) {
			mx += p[0];
			my += p[1];
		}
		mx /= n;
		my /= n;
		double sxx = 0, syy = 0, sxy = 0;
		for (double[] p : pts) {
			double dx = p[0] - mx, dy = p[1] - my;
			sxx += dx * dx;
			syy += dy * dy;
			sxy += dx * dy;
		}
		double ang = 0.5 * Math.atan2(2 * sxy, sxx - syy);
		double ux = Math.cos(ang), uy = Math.sin(ang);
		double[] u = new double[n], v = new double[n];
		for (int i = 0; i < n; i++) {
			double dx = pts.get(i)[0] - mx, dy = pts.get(i)[1] - my;
			u[i] = dx * ux + dy * uy;
			v[i] = -dx * uy + dy * ux;
		}
		double[] c = robustQuadratic(u, v, b);
		if (c == null) return null;
		// a curved interface only where the quadratic describes the boundary clearly better than a line
		double[] lin = robustLine(u, v, b);
		if (lin != null && robustResidual(u, v, c) > 0.85 * robustResidual(u, v, lin)) c = lin;
		double u0 = Double.MAX_VALUE, u1 = -Double.MAX_VALUE;
		for (double x : u) {
			u0 = Math.min(u0, x);
			u1 = Math.max(u1, x);
		}
		// extend to the image border, then clip
		EdgeCurve full = EdgeCurve.quadratic(mx, my, ux, uy, c, u0 - 2 * b, u1 + 2 * b);
		return clip(full, w, h, 2);
	}

	/** A robust straight line v(u) (as a quadratic with c2 = 0). */
	static double[] robustLine(double[] u, double[] v, double tol) {
		int n = u.length;
		boolean[] use = new boolean[n];
		Arrays.fill(use, true);
		double[] c = null;
		for (int round = 0; round < 3; round++) {
			double su = 0, sv = 0, suu = 0, suv = 0;
			int k = 0;
			for (int i = 0; i < n; i++) if (use[i]) {
				su += u[i];
				sv += v[i];
				suu += u[i] * u[i];
				suv += u[i] * v[i];
				k++;
			}
			double den = k * suu - su * su;
			if (k < 3 || den == 0) return c;
			double b1 = (k * suv - su * sv) / den;
			c = new double[] { (sv - b1 * su) / k, b1, 0 };
			double[] r = new double[n];
			for (int i = 0; i < n; i++) r[i] = Math.abs(v[i] - c[0] - c[1] * u[i]);
			double[] rs = r.clone();
			Arrays.sort(rs);
			double lim = Math.max(tol, 3 * 1.4826 * rs[n / 2]);
			for (int i = 0; i < n; i++) use[i] = r[i] <= lim;
		}
		return c;
	}

	/** Median absolute residual of v(u) about the quadratic c. */
	static double robustResidual(double[] u, double[] v, double[] c) {
		double[] r = new double[u.length];
		for (int i = 0; i < r.length; i++) r[i] = Math.abs(v[i] - (c[0] + c[1] * u[i] + c[2] * u[i] * u[i]));
		Arrays.sort(r);
		return r[r.length / 2];
	}

	/** Least-squares quadratic v(u) with two rounds of rejecting residuals beyond 3 robust sigma (min tol). */
	static double[] robustQuadratic(double[] u, double[] v, double tol) {
		int n = u.length;
		boolean[] use = new boolean[n];
		Arrays.fill(use, true);
		double[] c = null;
		for (int round = 0; round < 3; round++) {
			c = quadratic(u, v, use);
			if (c == null) return null;
			double[] r = new double[n];
			for (int i = 0; i < n; i++) r[i] = Math.abs(v[i] - (c[0] + c[1] * u[i] + c[2] * u[i] * u[i]));
			double[] rs = r.clone();
			Arrays.sort(rs);
			double lim = Math.max(tol, 3 * 1.4826 * rs[n / 2]);
			for (int i = 0; i < n; i++) use[i] = r[i] <= lim;
		}
		return c;
	}

	private static double[] quadratic(double[] u, double[] v, boolean[] use) {
		double[][] a = new double[3][4];
		int cnt = 0;
		for (int i = 0; i < u.length; i++) {
			if (!use[i]) continue;
			cnt++;
			double[] f = { 1, u[i], u[i] * u[i] };
			for (int r = 0; r < 3; r++) {
				for (int q = 0; q < 3; q++) a[r][q] += f[r] * f[q];
				a[r][3] += f[r] * v[i];
			}
		}
		if (cnt < 4) return null;
		try {
			org.apache.commons.math3.linear.RealMatrix m = new org.apache.commons.math3.linear.Array2DRowRealMatrix(3, 3);
			double[] rhs = new double[3];
			for (int r = 0; r < 3; r++) {
				for (int q = 0; q < 3; q++) m.setEntry(r, q, a[r][q]);
				rhs[r] = a[r][3];
			}
			return new org.apache.commons.math3.linear.SingularValueDecomposition(m).getSolver().solve(
				new org.apache.commons.math3.linear.ArrayRealVector(rhs)).toArray();
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	/** The longest run of curve samples at least margin px inside the image. */
	private static EdgeCurve clip(EdgeCurve c, int w, int h, double margin) {
		int bestFrom = -1, bestLen = 0, from = -1;
		for (int i = 0; i <= c.size(); i++) {
			boolean in = i < c.size() && c.x[i] >= margin && c.y[i] >= margin && c.x[i] <= w - margin && c.y[i] <= h -
				margin;
			if (in && from < 0) from = i;
			if (!in && from >= 0) {
				if (i - from > bestLen) {
					bestLen = i - from;
					bestFrom = from;
				}
				from = -1;
			}
		}
		if (bestLen < 8) return null;
		return new EdgeCurve(Arrays.copyOfRange(c.x, bestFrom, bestFrom + bestLen), Arrays.copyOfRange(c.y, bestFrom,
			bestFrom + bestLen), Arrays.copyOfRange(c.nx, bestFrom, bestFrom + bestLen), Arrays.copyOfRange(c.ny,
				bestFrom, bestFrom + bestLen), Arrays.copyOfRange(c.s, bestFrom, bestFrom + bestLen));
	}

	/** Normals of a user line: towards the side with less substrate fringe energy. */
	private EdgeCurve orient(EdgeCurve c, double[] img, int w, int h, List<LatticeSpot> spots, double period) {
		double p = Double.isNaN(period) ? 8 : period;
		Profiler prof = new Profiler(img, w, h, spots, p, Math.max(12, 3 * p));
		double plus = 0, minus = 0;
		int n = 0;
		for (int k = 0; k < 16; k++) {
			int i = (int) ((k + 0.5) / 16 * (c.size() - 1));
			double[][] pr = prof.profile(c.x[i], c.y[i], c.nx[i], c.ny[i], -6 * p, 6 * p);
			if (pr == null) continue;
			int len = pr[0].length;
			for (int j = 0; j < len; j++) {
				if (Double.isNaN(pr[1][j])) continue;
				if (pr[0][j] < -2 * p) minus += pr[1][j];
				if (pr[0][j] > 2 * p) plus += pr[1][j];
			}
			n++;
		}
		if (n == 0) throw new IllegalArgumentException("the drawn line lies outside the image");
		return plus > minus ? c.flipped() : c;
	}

	// ---------------------------------------------------------------------------------------------------------
	// profiles

	private static final class Averaged {
		/** energy: the fringe amplitude above the noise floor (set by averagedEdges from raw, the mean |c|^2). */
		double[] t, raw, energy, intensity;
	}

	/** Mean of k profiles spread along the curve, over [t0, t1] (samples where most profiles are inside). */
	private Averaged averaged(Profiler prof, EdgeCurve c, int k, double t0, double t1) {
		return averaged(prof, c, k, t0, t1, t1);
	}

	/**
	 * As above, with the fringe energy demodulated only up to eMax (beyond, where only the outer surface's
	 * intensity step is looked for, the energy is taken as 0: no substrate fringes, and much faster).
	 */
	private Averaged averaged(Profiler prof, EdgeCurve c, int k, double t0, double t1, double eMax) {
		int n = (int) Math.floor(t1 - t0) + 1;
		double[] se = new double[n], si = new double[n];
		int[] cnt = new int[n];
		double[][][] prs = new double[k][][], far = new double[k][][];
		double tE = Math.min(t1, t0 + Math.max(10, Math.floor(eMax - t0)));
		// (one profile per piece: profiles partly outside the image cost less, pieces of several leave a thread idle)
		Parallel.forRange(k, threads, k, (from, to) -> {
			for (int q = from; q < to; q++) {
				int i = (int) ((q + 0.5) / k * (c.size() - 1));
				prs[q] = prof.profile(c.x[i], c.y[i], c.nx[i], c.ny[i], t0, tE);
				if (tE < t1) far[q] = prof.profile(c.x[i], c.y[i], c.nx[i], c.ny[i], tE + 1, t1, false);
			}
		});
		int used = 0;
		for (int q = 0; q < k; q++) {
			double[][] pr = prs[q];
			if (pr == null) continue;
			used++;
			for (int j = 0; j < pr[0].length; j++) if (!Double.isNaN(pr[1][j])) {
				int q2 = (int) Math.round(pr[0][j] - t0);
				if (q2 < 0 || q2 >= n) continue;
				se[q2] += pr[1][j];
				si[q2] += pr[2][j];
				cnt[q2]++;
			}
			pr = far[q];
			if (pr != null) for (int j = 0; j < pr[0].length; j++) if (!Double.isNaN(pr[2][j])) {
				int q2 = (int) Math.round(pr[0][j] - t0);
				if (q2 < 0 || q2 >= n) continue;
				si[q2] += pr[2][j];
				cnt[q2]++;
			}
		}
		if (used == 0) return null;
		int last = -1, first = -1;
		for (int j = 0; j < n; j++) if (cnt[j] >= Math.max(1, used / 2)) {
			if (first < 0) first = j;
			last = j;
		}
		if (first < 0 || last - first < 10) return null;
		Averaged a = new Averaged();
		int m = last - first + 1;
		a.t = new double[m];
		a.energy = new double[m];
		a.intensity = new double[m];
		a.raw = new double[m];
		for (int j = 0; j < m; j++) {
			int q = first + j;
			a.raw[j] = cnt[q] > 0 ? se[q] / cnt[q] : Double.NaN;
			a.t[j] = t0 + q;
			a.energy[j] = cnt[q] > 0 ? Math.sqrt(Math.max(0, se[q] / cnt[q])) : Double.NaN;
			a.intensity[j] = cnt[q] > 0 ? si[q] / cnt[q] : Double.NaN;
		}
		return a;
	}

	/**
	 * Edges of the averaged profile: {inner, outer, inner width, guard}; outer is NaN when no outer step stands
	 * out (bare surface or a coating thinner than the guard). Null when the interface itself is not found.
	 */
	private static double[] averagedEdges(Averaged a, double p, Result.Builder res, int hint) {
		// the fringe amplitude is sqrt(signal^2 + noise^2): its half height lies inside the substrate. A first
		// pass finds the interface roughly, the noise energy just beyond it is subtracted, then the edge is fitted
		// on sqrt(energy - floor), which is linear in the fringed share of the window.
		int n = a.t.length;
		a.energy = new double[n];
		for (int j = 0; j < n; j++) a.energy[j] = Math.sqrt(Math.max(0, a.raw[j]));
		res.energyFloor = 0;
		double[] rough = interfaceEdge(a, p, res, hint);
		if (rough == null) return null;
		int f0 = index(a.t, rough[0] + Math.max(2 * p, 2 * rough[1])), f1 = index(a.t, rough[0] + Math.max(2 * p, 2 *
			rough[1]) + Math.max(4 * p, 20));
		if (f1 - f0 >= 4) {
			double[] v = Arrays.copyOfRange(a.raw, f0, f1 + 1);
			Arrays.sort(v);
			res.energyFloor = v[v.length / 2];
			for (int j = 0; j < n; j++) a.energy[j] = Math.sqrt(Math.max(0, a.raw[j] - res.energyFloor));
		}
		return outerEdge(a, p, res, interfaceEdge(a, p, res, index(a.t, rough[0])));
	}

	/**
	 * Where the smoothed fringe amplitude of the averaged profile splits best into a high and a low part:
	 * {index, +1} when it is high before the index (normals point away from the substrate), {index, -1} when
	 * it is high after it, null when it shows no contrast.
	 */
	private static int[] fringeSplit(Averaged a, double p) {
		int n = a.t.length;
		if (n < 8) return null;
		double[] e = new double[n];
		for (int j = 0; j < n; j++) e[j] = Math.sqrt(Math.max(0, a.raw[j]));
		double[] sm = e.clone();
		BoxFilter.mean1d(e, n, Math.max(2, (int) Math.round(p)), sm, 0, 1);
		double[] so = sm.clone();
		Arrays.sort(so);
		double hi = so[(int) (0.9 * (n - 1))], lo = so[(int) (0.1 * (n - 1))];
		if (!(hi > 1.1 * lo)) return null;
		double half = 0.5 * (hi + lo);
		int[] above = new int[n + 1];
		for (int j = 0; j < n; j++) above[j + 1] = above[j] + (sm[j] >= half ? 1 : 0);
		int best = -1, bestSign = 0, bestScore = -1;
		for (int c = 0; c < n - 1; c++) {
			int aBefore = above[c + 1], aAfter = above[n] - above[c + 1];
			int plus = aBefore + (n - c - 1 - aAfter), minus = (c + 1 - aBefore) + aAfter;
			if (plus > bestScore) {
				bestScore = plus;
				best = c;
				bestSign = 1;
			}
			if (minus > bestScore) {
				bestScore = minus;
				best = c;
				bestSign = -1;
			}
		}
		return new int[] { best, bestSign };
	}

	/** Half-length of the demodulation low-pass: 1.25 periods, longer when another fringe set lies close in k. */
	static int lowPassRadius(List<LatticeSpot> spots, List<LatticeSpot> others, double p) {
		double r = 1.25 * p;
		for (LatticeSpot s : spots) for (LatticeSpot o : others) {
			double dk = Math.min(Math.hypot(s.kx - o.kx, s.ky - o.ky), Math.hypot(s.kx + o.kx, s.ky + o.ky));
			if (dk > 0) r = Math.max(r, Math.min(4 * p, 0.5 * (1.2 / dk - 1)));
		}
		return Math.max(2, (int) Math.ceil(r));
	}

	/** The interface step on a.energy: {t0, width}, or null. */
	private static double[] interfaceEdge(Averaged a, double p, Result.Builder res, int hint) {
		int n = a.t.length;
		// interface: the half-maximum crossing of the energy from the substrate side, then an erf fit
		double hi = 0, lo = Double.MAX_VALUE;
		int j0 = hint >= 0 ? hint : index(a.t, 0);
		for (int j = 0; j <= Math.max(0, j0 - (int) p); j++) hi = Math.max(hi, a.energy[j]);
		double[] es = a.energy.clone();
		for (int j = Math.min(n - 1, j0 + (int) p); j < n; j++) lo = Math.min(lo, a.energy[j]);
		if (!(hi > 1.1 * lo)) return null;
		double half = 0.5 * (hi + lo);
		int cross = -1;
		if (hint >= 0) {
			// the fall through half height nearest the hint
			for (int j = Math.max(0, j0 - (int) (4 * p) - 2); j < Math.min(n - 1, j0 + (int) (4 * p) + 2); j++) if (es[j] >=
				half && es[j + 1] < half && (cross < 0 || Math.abs(j - j0) < Math.abs(cross - j0))) cross = j;
		}
		// else the first fall through half height after the profile has been above it
		int above = -1;
		for (int j = 0; cross < 0 && j < n && above < 0; j++) if (es[j] >= half) above = j;
		for (int j = Math.max(0, above); cross < 0 && above >= 0 && j < n - 1; j++) if (es[j] >= half && es[j + 1] < half) {
			cross = j;
			break;
		}
		if (cross < 0) return null;
		int w = (int) Math.max(Math.max(3 * p, 20), 3 * res.lowPassPx);
		StepFit in = StepFit.fit(a.t, a.energy, Math.max(0, cross - w), Math.min(n, cross + w), a.t[cross] + 0.5, p, p);
		// (a step, not noise: the averaged profile is smooth, so a weak lattice still gives a clear step)
		if (!in.converged || !(in.low > in.high) || !(in.low - in.high > 6 * in.rms)) return null;
		res.avgInner = in;
		return new double[] { in.t0, in.width };
	}

	/** The outer surface beyond the interface: {inner, outer (NaN when none stands out), inner width, guard}. */
	private static double[] outerEdge(Averaged a, double p, Result.Builder res, double[] inner) {
		if (inner == null) return null;
		int n = a.t.length;
		StepFit in = res.avgInner;
		double tin = in.t0;
		// outer surface: the strongest intensity step beyond a guard, then an erf fit
		double guard = Math.max(Math.max(3, p), 2.5 * in.width);
		double[] sm = a.intensity.clone();
		int r = Math.max(2, (int) Math.round(p / 2));
		BoxFilter.mean1d(a.intensity, n, r, sm, 0, 1);
		int from = index(a.t, tin + guard), best = -1;
		double bestD = 0;
		for (int j = from + r; j < n - r - 2; j++) {
			double d = Math.abs(sm[j + r] - sm[j - r]);
			if (d > bestD) {
				bestD = d;
				best = j;
			}
		}
		double tout = Double.NaN;
		res.avgOuter = null;
		if (best > 0) {
			double cand = a.t[best];
			int lo2 = index(a.t, 0.5 * (tin + guard / 2 + cand)), hi2 = Math.min(n, index(a.t, cand + Math.max(cand - tin,
				4 * p)) + 1);
			lo2 = Math.max(lo2, index(a.t, tin + guard / 2));
			StepFit out = StepFit.fit(a.t, a.intensity, lo2, hi2, cand, p / 2, r);
			double level = Math.abs(0.5 * (out.low + out.high));
			if (out.converged && Math.abs(out.amplitude()) > 8 * out.rms && Math.abs(out.amplitude()) > 0.03 * level &&
				out.t0 > tin + guard / 2 && out.width < 0.5 * (out.t0 - tin)) { // a surface, not a brightness ramp
				tout = out.t0;
				res.avgOuter = out;
			}
		}
		return new double[] { tin, tout, in.width, guard };
	}

	private static int index(double[] t, double v) {
		int i = (int) Math.round(v - t[0]);
		return Math.max(0, Math.min(t.length - 1, i));
	}

	/**
	 * Per-profile edges of n profiles along curve c into res. Without outer (the refit passes, which read only
	 * the interface points) the outer surface's profile and fit are skipped: thickness stays NaN (0 without a
	 * layer) where the interface was found.
	 */
	private void measureProfiles(Profiler prof, EdgeCurve c, double[] edges, double p, Result.Builder res, int n,
		boolean outer)
	{
		res.thickness = new double[n];
		res.sigma = new double[n];
		res.arc = new double[n];
		res.innerX = new double[n];
		res.innerY = new double[n];
		res.outerX = new double[n];
		res.outerY = new double[n];
		res.layerFound = !Double.isNaN(edges[1]);
		double tin = edges[0], tout = edges[1];
		double wIn = Math.max(Math.max(3 * p, 20), 3 * res.lowPassPx);
		double total = res.layerFound ? tout - tin : 0;
		double wOut = Math.max(6, Math.min(0.5 * total, 4 * p + 20));
		int r = Math.max(2, (int) Math.round(p / 2));
		double ampIn = res.avgInner.amplitude(), ampOut = res.layerFound ? res.avgOuter.amplitude() : 0;
		Parallel.forRange(n, threads, n, (from, to) -> {
			for (int q = from; q < to; q++) {
				int i = (int) ((q + 0.5) / n * (c.size() - 1));
				res.arc[q] = c.s[i] - c.s[0];
				res.thickness[q] = Double.NaN;
				res.sigma[q] = Double.NaN;
				res.innerX[q] = res.innerY[q] = res.outerX[q] = res.outerY[q] = Double.NaN;
				double[][] pr = prof.profile(c.x[i], c.y[i], c.nx[i], c.ny[i], tin - wIn - 2, tin + wIn + 2, true);
				if (pr == null) continue;
				int len = pr[0].length;
				for (int j = 0; j < len; j++) pr[1][j] = Math.sqrt(Math.max(0, pr[1][j] - res.energyFloor));
				int a0 = index(pr[0], tin - wIn), a1 = Math.min(len, index(pr[0], tin + wIn) + 1);
				StepFit in = StepFit.fit(pr[0], pr[1], a0, a1, tin, p, p);
				if (!in.converged || !(in.amplitude() * ampIn > 0) || Math.abs(in.amplitude()) < 0.3 * Math.abs(ampIn) || Math
					.abs(in.t0 - tin) > wIn - 2) continue;
				res.innerX[q] = c.x[i] + in.t0 * c.nx[i];
				res.innerY[q] = c.y[i] + in.t0 * c.ny[i];
				if (!res.layerFound) {
					res.thickness[q] = 0;
					continue;
				}
				if (!outer) continue;
				pr = prof.profile(c.x[i], c.y[i], c.nx[i], c.ny[i], tout - wOut - 2, tout + wOut + 2, false);
				if (pr == null) continue;
				len = pr[0].length;
				int b0 = index(pr[0], tout - wOut), b1 = Math.min(len, index(pr[0], tout + wOut) + 1);
				StepFit out = StepFit.fit(pr[0], pr[2], b0, b1, tout, p / 2, 1);
				if (!out.converged || !(out.amplitude() * ampOut > 0) || Math.abs(out.amplitude()) < 0.3 * Math.abs(ampOut) ||
					Math.abs(out.t0 - tout) > wOut - 1) continue;
				res.outerX[q] = c.x[i] + out.t0 * c.nx[i];
				res.outerY[q] = c.y[i] + out.t0 * c.ny[i];
				res.thickness[q] = out.t0 - in.t0;
				res.sigma[q] = Math.hypot(in.sigmaT0, out.sigmaT0);
			}
		});
		int valid = 0;
		for (double t : res.thickness) if (!Double.isNaN(t)) valid++;
		res.nValid = valid;
	}

	/** A new curve through the per-profile interface points (quadratic in the old curve's chord frame). */
	private static EdgeCurve refitCurve(Result.Builder res, EdgeCurve c, int w, int h) {
		List<double[]> pts = new ArrayList<>();
		for (int q = 0; q < res.innerX.length; q++) if (!Double.isNaN(res.innerX[q])) pts.add(new double[] {
			res.innerX[q], res.innerY[q] });
		if (pts.size() < 8) return null;
		double ax = c.x[0], ay = c.y[0], bx = c.x[c.size() - 1], by = c.y[c.size() - 1];
		double len = Math.hypot(bx - ax, by - ay);
		if (len < 8) return null;
		double ux = (bx - ax) / len, uy = (by - ay) / len;
		int n = pts.size();
		double[] u = new double[n], v = new double[n];
		for (int i = 0; i < n; i++) {
			double dx = pts.get(i)[0] - ax, dy = pts.get(i)[1] - ay;
			u[i] = dx * ux + dy * uy;
			v[i] = -dx * uy + dy * ux;
		}
		double[] q = robustQuadratic(u, v, 2);
		if (q == null) return null;
		EdgeCurve e = EdgeCurve.quadratic(ax, ay, ux, uy, q, -len * 0.1, len * 1.1);
		e = clip(e, w, h, 2);
		if (e == null) return null;
		// keep the normal direction of the old curve
		int mid = e.size() / 2, om = c.indexAt(c.s[0] + c.length() / 2);
		if (e.nx[mid] * c.nx[om] + e.ny[mid] * c.ny[om] < 0) e = e.flipped();
		return e;
	}

	private static void summarise(Result.Builder res, double width, double p) {
		int n = res.nValid;
		if (n == 0) {
			res.message = "no profile could be fitted";
			return;
		}
		double[] v = new double[n];
		int k = 0;
		for (double t : res.thickness) if (!Double.isNaN(t)) v[k++] = t;
		double[] s = v.clone();
		Arrays.sort(s);
		double med = s[n / 2];
		double[] dev = new double[n];
		for (int i = 0; i < n; i++) dev[i] = Math.abs(v[i] - med);
		Arrays.sort(dev);
		double mad = 1.4826 * dev[n / 2];
		double lim = Math.max(5 * mad, 1.0);
		int rejected = 0;
		for (int q = 0; q < res.thickness.length; q++) if (!Double.isNaN(res.thickness[q]) && Math.abs(res.thickness[q] -
			med) > lim) {
			res.thickness[q] = Double.NaN;
			res.sigma[q] = Double.NaN;
			res.outerX[q] = res.outerY[q] = Double.NaN;
			rejected++;
		}
		res.nRejected = rejected;
		double sum = 0, ss = 0;
		int m = 0;
		for (double t : res.thickness) if (!Double.isNaN(t)) {
			sum += t;
			m++;
		}
		res.nValid = m;
		double mean = sum / m;
		for (double t : res.thickness) if (!Double.isNaN(t)) ss += (t - mean) * (t - mean);
		res.mean = mean;
		res.sd = m > 1 ? Math.sqrt(ss / (m - 1)) : Double.NaN;
		res.median = med;
		double nEff = Math.max(1, Math.min(m, res.edgeLength / Math.max(width, 2 * p)));
		// the typical (median) per-profile fit error bounds the uncertainty from below
		double[] sg = new double[m];
		int ns = 0;
		for (int q = 0; q < res.sigma.length; q++) if (!Double.isNaN(res.thickness[q]) && !Double.isNaN(res.sigma[q]))
			sg[ns++] = res.sigma[q];
		Arrays.sort(sg, 0, ns);
		double fitErr = ns == 0 ? 0 : sg[ns / 2] / Math.sqrt(nEff);
		res.sem = Math.max(m > 1 ? res.sd / Math.sqrt(nEff) : Double.NaN, fitErr);
		// systematic part: the interface is the half height of a fringe amplitude low-passed over +-lowPassPx;
		// leakage of coating fringes and speckle into it moves the half height by up to about a fifth of that
		// (measured on the independent stress images, docs/hrtem.md)
		if (res.lowPassPx > 0) res.sem = Math.hypot(res.sem, 0.2 * res.lowPassPx);
		if (!res.layerFound) res.message = "no coating/outer-surface step found beyond the interface (bare surface, " +
			"a coating thinner than about " + String.format(java.util.Locale.ROOT, "%.0f", 2 * p) +
			" px, or an outer surface outside the image)";
	}
}
