package org.interphase.core.sem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.Parallel;
import org.interphase.core.param.Setting;

/**
 * Reaction-layer depth in a cross-section BSE image, in pixels: data bar excluded, surface found (or given as a
 * polyline), profiles along the surface normals, the front on each as the 50 % point of a fitted graded step,
 * outlier profiles (cracks, pores) rejected, and the depth distribution. Calibration and units are the caller's
 * business (see the analysis glue); everything here is in pixel-index coordinates (pixel centres at integers).
 */
public final class ReactionDepth {
	private ReactionDepth() {}

	/** First profile sample used: skips the blur of the surface edge (px). Layers thinner than this are not seen. */
	public static final int START = 3;
	/** A step must be this many standard errors high to count as a layer. */
	static final double T_MIN = 6;

	/** What to measure and how. */
	public static final class Options {
		// the user-facing settings, declared once: dialog, command line, docs and the defaults below come from here
		public static final Setting SURFACE_SIDE = Setting.choice("surface-side", "auto", "Which image edge the " +
			"outside (vacuum, epoxy, Li) is on", SurfaceSide.class, "auto");
		public static final Setting PROFILES = Setting.integer("profiles", 0, "", "Number of normal profiles along " +
			"the surface; 0 = one per averaging width").range(0, 100000);
		public static final Setting AVERAGING_WIDTH = Setting.integer("averaging-width", 9, "px", "Width of the band " +
			"averaged across each normal profile").range(1, 1000);
		public static final Setting SMOOTHING = Setting.number("smoothing", 40, "px", "Length along the surface over " +
			"which it is smoothed for the normals").range(0, Double.NaN);
		public static final Setting DATABAR = Setting.integer("databar", -1, "px", "Height of the SEM data bar at " +
			"the bottom; -1 = from the metadata or detected, 0 = none").range(-1, Double.NaN);
		public static final Setting MIN_CONTRAST = Setting.number("min-contrast", 0.08, "", "Least contrast of the " +
			"layer, |bulk - layer| / bulk, that counts as a layer").range(0, Double.NaN);
		public static final Setting LAYER = Setting.choice("layer", "auto", "Layer darker or brighter than the bulk; " +
			"auto = decided from the image", "auto", "darker", "brighter");

		/** Side of the outside; null = detect. */
		public final SurfaceSide side;
		/** User surface polyline (x0, y0, x1, y1, ...) in pixel-index coordinates, or null (shared, not copied). */
		public final double[] line;
		/** Region polygon (x0, y0, ...) in pixel-index coordinates, or null (shared, not copied). */
		public final double[] roi;
		/** Number of profiles; 0 = one per profile width along the interface. */
		public final int profiles;
		/** Width of the band averaged across each normal, px. */
		public final int profileWidth;
		/** Longest profile, px; NaN = to the image edge. */
		public final double maxDepthPx;
		/** Length over which the surface is smoothed for the normals, px. */
		public final double smoothingPx;
		/** Data bar height, px; negative = detect. */
		public final int databarPx;
		/** Minimum contrast |bulk - layer| / bulk for a layer. */
		public final double minContrast;
		/** Layer darker (-1) or brighter (+1) than the bulk; null = decide from the image. */
		public final Integer polarity;
		public final int threads;
		public final long seed;

		/** The defaults, from the declarations above. */
		public Options() {
			this(new Builder());
		}

		private Options(Builder b) {
			side = b.side;
			line = b.line;
			roi = b.roi;
			profiles = b.profiles;
			profileWidth = b.profileWidth;
			maxDepthPx = b.maxDepthPx;
			smoothingPx = b.smoothingPx;
			databarPx = b.databarPx;
			minContrast = b.minContrast;
			polarity = b.polarity;
			threads = b.threads;
			seed = b.seed;
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
			private SurfaceSide side;
			private double[] line, roi;
			private int profiles = PROFILES.integer();
			private int profileWidth = AVERAGING_WIDTH.integer();
			private double maxDepthPx = Double.NaN;
			private double smoothingPx = SMOOTHING.number();
			private int databarPx = DATABAR.integer();
			private double minContrast = MIN_CONTRAST.number();
			private Integer polarity;
			private int threads = 1;
			private long seed = 20263;

			Builder() {}

			Builder(Options o) {
				side = o.side;
				line = o.line;
				roi = o.roi;
				profiles = o.profiles;
				profileWidth = o.profileWidth;
				maxDepthPx = o.maxDepthPx;
				smoothingPx = o.smoothingPx;
				databarPx = o.databarPx;
				minContrast = o.minContrast;
				polarity = o.polarity;
				threads = o.threads;
				seed = o.seed;
			}

			public Builder side(SurfaceSide s) {
				side = s;
				return this;
			}

			public Builder line(double[] l) {
				line = l;
				return this;
			}

			public Builder roi(double[] r) {
				roi = r;
				return this;
			}

			public Builder profiles(int n) {
				profiles = n;
				return this;
			}

			public Builder profileWidth(int w) {
				profileWidth = w;
				return this;
			}

			public Builder maxDepthPx(double d) {
				maxDepthPx = d;
				return this;
			}

			public Builder smoothingPx(double s) {
				smoothingPx = s;
				return this;
			}

			public Builder databarPx(int h) {
				databarPx = h;
				return this;
			}

			public Builder minContrast(double c) {
				minContrast = c;
				return this;
			}

			public Builder polarity(Integer p) {
				polarity = p;
				return this;
			}

			public Builder threads(int t) {
				threads = t;
				return this;
			}

			public Builder seed(long s) {
				seed = s;
				return this;
			}

			public Options build() {
				return new Options(this);
			}
		}
	}

	/**
	 * Everything measured, in pixels. Immutable but for its arrays, which are shared with the copies (do not change
	 * them).
	 */
	public static final class Result {
		public final int databarPx;
		public final Surface surface;
		/** Stations: surface point, unit normal into the pellet, arc position. */
		public final double[] x, y, nx, ny, arc;
		public final FrontFit[] fits;
		/** Station inside the region (and with a usable profile). */
		public final boolean[] measured;
		/** Profile kept in the distribution. */
		public final boolean[] accepted;
		/** Depth per station, px (0 everywhere when no layer is found, NaN where not measured/rejected). */
		public final double[] depth;
		public final boolean layerFound;
		public final DepthStatistics stats;
		public final double frontWidthPx, frontWidthSd;
		public final double interfaceLengthPx;
		public final double medianContrast;
		public final int rejected;
		public final boolean lowSnr;
		public final boolean usedLine;
		/** Stations measured but without a significant step (counted when deciding no-layer). */
		public final int withoutStep;
		/** Image area measured (above the data bar), px. */
		public final int imageW, imageH;
		/** The mean depth's uncertainty exceeds {@link #FRONT_UNCERTAIN} of itself: the front may not be the layer's. */
		public final boolean frontUncertain;
		/** The layer reaches the far image edge: the depth is a lower bound. */
		public final boolean exceedsField;
		/** Stations where the layer runs to the end of the profile (depth = profile length, a lower bound). */
		public final boolean[] beyondField;
		public final int nBeyondField;
		/** The layer is brighter than the bulk (decided from the image unless given). */
		public final boolean brighter;
		/** Valid samples per station's profile. */
		public final int[] profileLength;
		/** Why each measured, not accepted station was rejected: {@link #NO_STEP}, ... (0 = accepted/not measured). */
		public final int[] reason;
		/** Profiles rejected and why: no significant step, weak contrast, broad front, off the local trend. */
		public final int rejectedNoStep, rejectedContrast, rejectedWidth, rejectedOutlier, rejectedLevel;
		/** Median best-split contrast and significance over all measured profiles (reported also without a layer). */
		public final double measuredContrast, measuredT;
		/** The minimum contrast that was asked for. */
		public final double minContrast;

		private Result(Builder b) {
			databarPx = b.databarPx;
			surface = b.surface;
			x = b.x;
			y = b.y;
			nx = b.nx;
			ny = b.ny;
			arc = b.arc;
			fits = b.fits;
			measured = b.measured;
			accepted = b.accepted;
			depth = b.depth;
			layerFound = b.layerFound;
			stats = b.stats;
			frontWidthPx = b.frontWidthPx;
			frontWidthSd = b.frontWidthSd;
			interfaceLengthPx = b.interfaceLengthPx;
			medianContrast = b.medianContrast;
			rejected = b.rejected;
			lowSnr = b.lowSnr;
			usedLine = b.usedLine;
			withoutStep = b.withoutStep;
			imageW = b.imageW;
			imageH = b.imageH;
			frontUncertain = b.frontUncertain;
			exceedsField = b.exceedsField;
			beyondField = b.beyondField;
			nBeyondField = b.nBeyondField;
			brighter = b.brighter;
			profileLength = b.profileLength;
			reason = b.reason;
			rejectedNoStep = b.rejectedNoStep;
			rejectedContrast = b.rejectedContrast;
			rejectedWidth = b.rejectedWidth;
			rejectedOutlier = b.rejectedOutlier;
			rejectedLevel = b.rejectedLevel;
			measuredContrast = b.measuredContrast;
			measuredT = b.measuredT;
			minContrast = b.minContrast;
		}

		/** A builder holding every field of this result (the copy). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The measurement's working state, filled step by step by {@link #measure}; {@link #build} once at the end. */
		static final class Builder {
			// the fields of the result (documented there) and the working state of the decisions
			int databarPx;
			Surface surface;
			double[] x, y, nx, ny, arc;
			FrontFit[] fits;
			boolean[] measured;
			boolean[] accepted;
			double[] depth;
			boolean layerFound;
			DepthStatistics stats;
			double frontWidthPx = Double.NaN, frontWidthSd = Double.NaN;
			double interfaceLengthPx;
			double medianContrast = Double.NaN;
			int rejected;
			boolean lowSnr;
			boolean usedLine;
			int withoutStep;
			int imageW, imageH;
			boolean frontUncertain;
			boolean exceedsField;
			boolean[] beyondField;
			int nBeyondField;
			boolean brighter;
			int[] profileLength;
			/** Profiles (kept for the decisions; dropped at the end of measure). */
			float[][] profiles;
			/** Best split per station for the chosen polarity ({@link ReactionFront#split}). */
			double[][] splits;
			int[] reason;
			int rejectedNoStep, rejectedContrast, rejectedWidth, rejectedOutlier, rejectedLevel;
			double measuredContrast = Double.NaN, measuredT = Double.NaN;
			double minContrast;

			Builder() {}

			Builder(Result r) {
				databarPx = r.databarPx;
				surface = r.surface;
				x = r.x;
				y = r.y;
				nx = r.nx;
				ny = r.ny;
				arc = r.arc;
				fits = r.fits;
				measured = r.measured;
				accepted = r.accepted;
				depth = r.depth;
				layerFound = r.layerFound;
				stats = r.stats;
				frontWidthPx = r.frontWidthPx;
				frontWidthSd = r.frontWidthSd;
				interfaceLengthPx = r.interfaceLengthPx;
				medianContrast = r.medianContrast;
				rejected = r.rejected;
				lowSnr = r.lowSnr;
				usedLine = r.usedLine;
				withoutStep = r.withoutStep;
				imageW = r.imageW;
				imageH = r.imageH;
				frontUncertain = r.frontUncertain;
				exceedsField = r.exceedsField;
				beyondField = r.beyondField;
				nBeyondField = r.nBeyondField;
				brighter = r.brighter;
				profileLength = r.profileLength;
				reason = r.reason;
				rejectedNoStep = r.rejectedNoStep;
				rejectedContrast = r.rejectedContrast;
				rejectedWidth = r.rejectedWidth;
				rejectedOutlier = r.rejectedOutlier;
				rejectedLevel = r.rejectedLevel;
				measuredContrast = r.measuredContrast;
				measuredT = r.measuredT;
				minContrast = r.minContrast;
			}

			Result build() {
				return new Result(this);
			}
		}
	}

	public static Result measure(double[] img, int w, int h, Options o) {
		Result.Builder r = new Result.Builder();
		r.databarPx = o.databarPx >= 0 ? Math.min(o.databarPx, h - 1) : DataBar.detect(img, w, h);
		int hv = h - r.databarPx;
		r.imageW = w;
		r.minContrast = o.minContrast;
		r.imageH = hv;
		if (hv < 16 || w < 16) throw new IllegalArgumentException("the image area above the data bar is only " + w +
			" x " + hv + " px; too small to measure");
		int width = Math.max(1, o.profileWidth);
		if (o.line != null) {
			r.usedLine = true;
			r.surface = userSurface(img, w, hv, o);
		}
		else {
			SurfaceSide[] sides = o.side != null ? new SurfaceSide[] { o.side } : SurfaceFinder.guessSides(img, w, hv);
			for (SurfaceSide s : sides) {
				r.surface = SurfaceFinder.find(img, w, hv, s, o.smoothingPx);
				if (r.surface != null) break;
			}
			if (r.surface == null) throw new IllegalArgumentException("no sample surface found" + (o.side != null
				? " on the " + o.side.key() + " side" : "") +
				" (no clear dark-to-bright edge from the outside into the pellet); give the surface as a line ROI / --line");
		}
		double len = r.surface.length();
		int n = o.profiles > 0 ? o.profiles : (int) Math.max(8, Math.min(1000, Math.round(len / width)));
		double[][] st = r.surface.stations(n);
		r.x = st[0];
		r.y = st[1];
		r.nx = st[2];
		r.ny = st[3];
		r.arc = st[4];
		r.fits = new FrontFit[n];
		r.measured = new boolean[n];
		int maxLen = (int) Math.ceil(Double.isNaN(o.maxDepthPx) ? Math.hypot(w, hv) : Math.min(o.maxDepthPx, Math.hypot(
			w, hv)));
		final double[] roi = o.roi;
		// pass 1: the profiles and, for each, the best split of both polarities
		float[][] prof = new float[n][];
		r.profileLength = new int[n];
		double[][] dark = new double[n][], bright = new double[n][];
		Parallel.forRange(n, o.threads, (from, to) -> {
			float[] buf = new float[maxLen + 1];
			for (int i = from; i < to; i++) {
				r.fits[i] = FrontFit.NONE;
				if (roi != null && !NormalProfiles.inside(roi, r.x[i], r.y[i])) continue;
				int m = NormalProfiles.sample(img, w, hv, r.x[i], r.y[i], r.nx[i], r.ny[i], width, roi, buf);
				if (m < START + 12) continue;
				r.measured[i] = true;
				r.profileLength[i] = m;
				prof[i] = Arrays.copyOf(buf, m);
				dark[i] = ReactionFront.split(prof[i], m, START, 1, o.minContrast);
				bright[i] = ReactionFront.split(prof[i], m, START, -1, o.minContrast);
			}
		});
		// polarity: the one with more significant steps (a dark layer on a tie); or as given
		int nDark = 0, nBright = 0;
		for (int i = 0; i < n; i++) if (r.measured[i]) {
			if (significantSplit(dark[i], o.minContrast)) nDark++;
			if (significantSplit(bright[i], o.minContrast)) nBright++;
		}
		r.brighter = o.polarity != null ? o.polarity > 0 : nBright > nDark;
		final boolean br = r.brighter;
		r.splits = br ? bright : dark;
		// pass 2: the graded-step fits
		Parallel.forRange(n, o.threads, (from, to) -> {
			for (int i = from; i < to; i++) if (r.measured[i]) r.fits[i] = ReactionFront.fit(prof[i], prof[i].length,
				START, br, o.minContrast);
		});
		r.profiles = prof;
		decide(r, o);
		return r.build();
	}

	static boolean significantSplit(double[] sp, double minContrast) {
		return sp != null && sp[0] >= T_MIN && sp[2] >= minContrast && sp[1] >= START + 0.5;
	}

	private static Surface userSurface(double[] img, int w, int hv, Options o) {
		double[] l = o.line;
		if (l.length < 4 || l.length % 2 != 0) throw new IllegalArgumentException(
			"the surface line needs x1,y1,x2,y2[,...] (pairs of pixel coordinates)");
		int m = l.length / 2;
		double[] px = new double[m], py = new double[m];
		for (int i = 0; i < m; i++) {
			px[i] = l[2 * i];
			py[i] = l[2 * i + 1];
			if (px[i] < -1 || py[i] < -1 || px[i] > w || py[i] > hv) throw new IllegalArgumentException(
				"the surface line point (" + px[i] + ", " + py[i] + ") lies outside the image area (" + w + " x " + hv +
					" px above the data bar)");
			px[i] = Math.max(0, Math.min(w - 1, px[i]));
			py[i] = Math.max(0, Math.min(hv - 1, py[i]));
		}
		double dx = px[m - 1] - px[0], dy = py[m - 1] - py[0];
		double inX, inY;
		if (o.side != null) {
			double[] in = o.side.inward();
			inX = in[0];
			inY = in[1];
		}
		else {
			// the pellet is the brighter side on average (bulk beyond the dark layer; outside is dark)
			double nl = Math.hypot(dx, dy);
			inX = -dy / nl;
			inY = dx / nl;
			Surface probe = Surface.fromPolyline(px, py, 4, o.smoothingPx, inX, inY);
			double[][] st = probe.stations(5);
			float[] buf = new float[(int) Math.hypot(w, hv) + 1];
			double plus = 0, minus = 0;
			for (int i = 0; i < 5; i++) {
				int a = NormalProfiles.sample(img, w, hv, st[0][i], st[1][i], st[2][i], st[3][i], 5, null, buf);
				plus += mean(buf, a);
				int b = NormalProfiles.sample(img, w, hv, st[0][i], st[1][i], -st[2][i], -st[3][i], 5, null, buf);
				minus += mean(buf, b);
			}
			if (minus > plus) {
				inX = -inX;
				inY = -inY;
			}
		}
		return Surface.fromPolyline(px, py, 4, o.smoothingPx, inX, inY);
	}

	private static double mean(float[] b, int n) {
		if (n <= START) return 0;
		double s = 0;
		for (int i = START; i < n; i++) s += b[i];
		return s / (n - START);
	}

	/** Rejection reasons of a profile. */
	public static final int NO_STEP = 1, WEAK_CONTRAST = 2, BROAD_FRONT = 3, OFF_TREND = 4, OFF_LEVEL = 5;

	/** Relative uncertainty of the mean depth above which the result is flagged front-uncertain. */
	public static final double FRONT_UNCERTAIN = 0.10;

	/** Share of the measured profiles that must show a significant step for a layer. */
	public static final double LAYER_SHARE = 0.35;

	/** Layer or not, outlier profiles (counted by reason), stations beyond the field, distribution. */
	private static void decide(Result.Builder r, Options o) {
		int n = r.fits.length;
		r.accepted = new boolean[n];
		r.beyondField = new boolean[n];
		r.reason = new int[n];
		r.depth = new double[n];
		Arrays.fill(r.depth, Double.NaN);
		boolean[] sig = new boolean[n];
		int measured = markSignificant(r, o, sig);
		int significant = 0;
		for (int i = 0; i < n; i++) if (sig[i]) significant++;
		r.withoutStep = measured - significant;
		r.interfaceLengthPx = n == 0 ? 0 : r.surface.length() * measured / n;
		if (measured == 0) throw new IllegalArgumentException("no profile could be measured (surface at the image " +
			"edge, or the region of interest does not cross the surface)");
		r.layerFound = significant >= Math.max(3, LAYER_SHARE * measured);
		if (!r.layerFound) {
			double[] zeros = new double[measured];
			for (int i = 0; i < n; i++) if (r.measured[i]) {
				r.depth[i] = 0;
				r.accepted[i] = true;
			}
			r.stats = DepthStatistics.of(zeros, true, o.seed);
			return;
		}
		boolean[] cand = screenSteps(r, sig, significant);
		rejectOffLevel(r, cand);
		Accepted a = acceptOnTrend(r, depthTrend(r, cand));
		frontWidth(r, a.widths);
		markBeyondField(r, medianOf(a.layerLevel), medianOf(a.bulkLevel));
		List<Double> kept = new ArrayList<>();
		for (int i = 0; i < n; i++) if (r.accepted[i]) kept.add(r.depth[i]);
		countRejections(r);
		r.rejected = measured - kept.size();
		double[] kv = new double[kept.size()];
		for (int j = 0; j < kv.length; j++) kv[j] = kept.get(j);
		r.stats = DepthStatistics.of(kv, true, o.seed);
		// the accepted fronts scatter so much that the mean is uncertain by more than a tenth of itself: on the
		// stress set this separates the images where a drift or texture was taken for the front (mean sd 14-34 % of
		// the mean) from the rest (at most 3.2 %)
		r.frontUncertain = r.stats.mean > 0 && r.stats.meanSd > FRONT_UNCERTAIN * r.stats.mean;
		if (!a.snr.isEmpty()) {
			double[] sv = new double[a.snr.size()];
			for (int j = 0; j < sv.length; j++) sv[j] = a.snr.get(j);
			r.lowSnr = DepthStatistics.median(sv) < 3;
		}
	}

	/**
	 * The measured profiles with a significant step (found, t >= T_MIN, contrast >= minContrast, front beyond the
	 * start) into sig, and the medians of the two-level split's contrast and t; returns the number measured.
	 */
	private static int markSignificant(Result.Builder r, Options o, boolean[] sig) {
		int n = r.fits.length, measured = 0;
		List<Double> allC = new ArrayList<>(), allT = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (!r.measured[i]) continue;
			measured++;
			FrontFit f = r.fits[i];
			if (r.splits != null && r.splits[i] != null) {
				allC.add(r.splits[i][3]);
				allT.add(r.splits[i][4]);
			}
			sig[i] = f.found() && f.t >= T_MIN && f.relativeContrast() >= o.minContrast && f.depth >= START + 0.5;
		}
		r.measuredContrast = medianOf(allC);
		r.measuredT = medianOf(allT);
		return measured;
	}

	/**
	 * Candidates: the significant steps whose contrast reaches 0.4 of the median and whose front is not broader
	 * than 4 median widths + 3 px; the others get their reason.
	 */
	private static boolean[] screenSteps(Result.Builder r, boolean[] sig, int significant) {
		int n = r.fits.length;
		double[] con = new double[significant], sg = new double[significant];
		int k = 0;
		for (int i = 0; i < n; i++) if (sig[i]) {
			con[k] = r.fits[i].relativeContrast();
			sg[k++] = Double.isNaN(r.fits[i].sigma) ? 0 : r.fits[i].sigma;
		}
		double medC = DepthStatistics.median(con), medS = DepthStatistics.median(sg);
		r.medianContrast = medC;
		boolean[] cand = new boolean[n];
		for (int i = 0; i < n; i++) {
			if (!r.measured[i]) continue;
			if (!sig[i]) {
				r.reason[i] = NO_STEP;
				continue;
			}
			FrontFit f = r.fits[i];
			double s = Double.isNaN(f.sigma) ? 0 : f.sigma;
			if (f.relativeContrast() < 0.4 * medC) r.reason[i] = WEAK_CONTRAST;
			else if (s > 4 * medS + 3) r.reason[i] = BROAD_FRONT;
			else cand[i] = true;
		}
		return cand;
	}

	/** The candidates' depths d (profile idx), their running median over 11 and the local and global tolerances. */
	private static final class Trend {
		List<Integer> idx;
		double[] d, med;
		double tol, gMed, gTol;
	}

	/** Depth against the running median of neighbouring candidates, and a wide net around the global median. */
	private static Trend depthTrend(Result.Builder r, boolean[] cand) {
		int n = cand.length;
		Trend t = new Trend();
		List<Integer> idx = t.idx = new ArrayList<>();
		for (int i = 0; i < n; i++) if (cand[i]) idx.add(i);
		int c = idx.size();
		double[] d = t.d = new double[c], med = t.med = new double[c], res = new double[c];
		for (int j = 0; j < c; j++) d[j] = r.fits[idx.get(j)].depth;
		int half = 5;
		double[] buf = new double[2 * half + 1];
		for (int j = 0; j < c; j++) {
			int m = 0;
			for (int q = Math.max(0, j - half); q <= Math.min(c - 1, j + half); q++) buf[m++] = d[q];
			Arrays.sort(buf, 0, m);
			med[j] = DepthStatistics.quantile(Arrays.copyOf(buf, m), 0.5);
			res[j] = Math.abs(d[j] - med[j]);
		}
		double tol = t.tol = Math.max(3, 5 * 1.4826 * DepthStatistics.median(res.length == 0 ? new double[] { 0 } : res));
		// and a wide net around the global median: a run of outliers (several neighbouring profiles through one pore
		// cluster or grain, often at an end of the interface where the running window is one-sided) can hold the
		// local median
		double gMed = t.gMed = c == 0 ? 0 : DepthStatistics.median(d.clone());
		double[] gDev = new double[c];
		for (int j = 0; j < c; j++) gDev[j] = Math.abs(d[j] - gMed);
		t.gTol = Math.max(3 + tol, 8 * 1.4826 * (c == 0 ? 0 : DepthStatistics.median(gDev)));
		return t;
	}

	/** What the accepted profiles tell beyond their depth: 10-90 % front widths, step / noise, plateau levels. */
	private static final class Accepted {
		final List<Double> widths = new ArrayList<>(), snr = new ArrayList<>();
		final List<Double> layerLevel = new ArrayList<>(), bulkLevel = new ArrayList<>();
	}

	/** Accept the candidates within both tolerances of the trend; the others are off the trend. */
	private static Accepted acceptOnTrend(Result.Builder r, Trend t) {
		Accepted a = new Accepted();
		for (int j = 0; j < t.d.length; j++) {
			int i = t.idx.get(j);
			if (Math.abs(t.d[j] - t.med[j]) > t.tol || Math.abs(t.d[j] - t.gMed) > t.gTol) {
				r.reason[i] = OFF_TREND;
				continue;
			}
			r.accepted[i] = true;
			r.depth[i] = t.d[j];
			FrontFit f = r.fits[i];
			if (!Double.isNaN(f.sigma)) a.widths.add(f.sigma * StepModel.WIDTH_10_90);
			if (f.noise > 0) a.snr.add(Math.abs(f.bulk - f.layer) / f.noise);
			a.layerLevel.add(f.splitLayer);
			a.bulkLevel.add(f.splitBulk);
		}
		return a;
	}

	/** The median 10-90 % front width of the accepted profiles and its uncertainty. */
	private static void frontWidth(Result.Builder r, List<Double> widths) {
		if (widths.isEmpty()) return;
		double[] wv = new double[widths.size()];
		for (int j = 0; j < wv.length; j++) wv[j] = widths.get(j);
		r.frontWidthPx = DepthStatistics.median(wv);
		double[] dev = new double[wv.length];
		for (int j = 0; j < wv.length; j++) dev[j] = Math.abs(wv[j] - r.frontWidthPx);
		r.frontWidthSd = 1.4826 * DepthStatistics.median(dev) * 1.2533 / Math.sqrt(wv.length);
	}

	/** The rejected measured profiles counted by reason. */
	private static void countRejections(Result.Builder r) {
		for (int i = 0; i < r.fits.length; i++) if (r.measured[i] && !r.accepted[i]) {
			if (r.reason[i] == NO_STEP) r.rejectedNoStep++;
			else if (r.reason[i] == WEAK_CONTRAST) r.rejectedContrast++;
			else if (r.reason[i] == BROAD_FRONT) r.rejectedWidth++;
			else if (r.reason[i] == OFF_TREND) r.rejectedOutlier++;
			else if (r.reason[i] == OFF_LEVEL) r.rejectedLevel++;
		}
	}

	/**
	 * A profile whose layer or bulk plateau lies far from those of its neighbours crossed something else: a pore or
	 * crack (outside-dark), an unreacted grain or a charging streak. Compared with the running medians of the 15
	 * neighbouring candidates (so a brightness drift across the field does not matter): more than half the local
	 * step away rejects it.
	 */
	private static void rejectOffLevel(Result.Builder r, boolean[] cand) {
		int n = cand.length;
		int[] idx = new int[n];
		int c = 0;
		for (int i = 0; i < n; i++) if (cand[i]) idx[c++] = i;
		if (c < 5) return;
		double[] lay = new double[c], blk = new double[c];
		for (int j = 0; j < c; j++) {
			lay[j] = r.fits[idx[j]].splitLayer;
			blk[j] = r.fits[idx[j]].splitBulk;
		}
		int half = 7;
		double[] bl = new double[2 * half + 1], bb = new double[2 * half + 1];
		for (int j = 0; j < c; j++) {
			int m = 0;
			for (int q = Math.max(0, j - half); q <= Math.min(c - 1, j + half); q++) {
				bl[m] = lay[q];
				bb[m++] = blk[q];
			}
			double ml = DepthStatistics.median(Arrays.copyOf(bl, m)), mb = DepthStatistics.median(Arrays.copyOf(bb, m));
			double stepH = Math.abs(mb - ml);
			if (Math.abs(lay[j] - ml) > 0.5 * stepH || Math.abs(blk[j] - mb) > 0.5 * stepH) {
				cand[idx[j]] = false;
				r.reason[idx[j]] = OFF_LEVEL;
			}
		}
	}

	/**
	 * Stations whose profile stays at the layer level to its end, where the neighbouring fronts lie deeper than
	 * the profile reaches: the layer runs out of the field there. They enter the distribution with the profile
	 * length as their depth (a lower bound), and the result is flagged.
	 */
	private static void markBeyondField(Result.Builder r, double layer, double bulk) {
		int n = r.fits.length;
		if (r.profiles == null || Double.isNaN(layer) || Double.isNaN(bulk)) return;
		double[] acc = new double[n];
		int na = 0;
		for (int i = 0; i < n; i++) if (r.accepted[i]) acc[na++] = r.depth[i];
		if (na == 0) return;
		double globalMed = DepthStatistics.median(Arrays.copyOf(acc, na));
		double width = Double.isNaN(r.frontWidthPx) ? 3 : r.frontWidthPx;
		double step = bulk - layer;
		for (int i = 0; i < n; i++) {
			if (!r.measured[i] || r.accepted[i]) continue;
			int m = r.profileLength[i];
			// the local front depth: median of the accepted neighbours (within 10 stations), else the global one
			double[] nb = new double[21];
			int k = 0;
			for (int j = Math.max(0, i - 10); j <= Math.min(n - 1, i + 10); j++) if (r.accepted[j]) nb[k++] = r.depth[j];
			double expect = k >= 3 ? DepthStatistics.median(Arrays.copyOf(nb, k)) : globalMed;
			if (m > expect + 2 * width + 8 && k >= 3) continue;
			// only a profile that ends on the far edge (opposite the outside) shows the layer leaving the field; one
			// that leaves through a lateral edge just did not reach the front
			if (!endsOnFarEdge(r, i, m)) continue;
			// the profile's deep part is at the layer level, not at the bulk level
			float[] p = r.profiles[i];
			int from = Math.max(START, (int) (0.5 * m));
			double s = 0;
			for (int q = from; q < m; q++) s += p[q];
			double deep = s / Math.max(1, m - from);
			if (Math.abs(deep - layer) > 0.35 * Math.abs(step)) continue;
			r.beyondField[i] = true;
			r.accepted[i] = true;
			r.depth[i] = m - 1;
			r.nBeyondField++;
		}
		r.exceedsField = r.nBeyondField >= 2;
		if (!r.exceedsField) for (int i = 0; i < n; i++) if (r.beyondField[i]) {
			r.beyondField[i] = false;
			r.accepted[i] = false;
			r.depth[i] = Double.NaN;
			r.nBeyondField = 0;
		}
	}

	/** The profile of station i (m samples) ends within 2 px of the image edge the normals point to. */
	private static boolean endsOnFarEdge(Result.Builder r, int i, int m) {
		double ex = r.x[i] + (m - 1) * r.nx[i], ey = r.y[i] + (m - 1) * r.ny[i];
		double inX = r.surface.inX, inY = r.surface.inY;
		if (Math.abs(inX) >= Math.abs(inY)) return inX > 0 ? ex >= r.imageW - 3 : ex <= 2;
		return inY > 0 ? ey >= r.imageH - 3 : ey <= 2;
	}

	private static double medianOf(List<Double> l) {
		if (l.isEmpty()) return Double.NaN;
		double[] v = new double[l.size()];
		for (int i = 0; i < v.length; i++) v[i] = l.get(i);
		return DepthStatistics.median(v);
	}

	/** Front points (accepted stations only), pixel-index coordinates: {x[], y[]}. */
	public static double[][] frontPoints(Result r) {
		int n = 0;
		for (int i = 0; i < r.depth.length; i++) if (r.accepted[i] && !Double.isNaN(r.depth[i])) n++;
		double[][] out = new double[2][n];
		int k = 0;
		for (int i = 0; i < r.depth.length; i++) if (r.accepted[i] && !Double.isNaN(r.depth[i])) {
			out[0][k] = r.x[i] + r.depth[i] * r.nx[i];
			out[1][k++] = r.y[i] + r.depth[i] * r.ny[i];
		}
		return out;
	}
}
