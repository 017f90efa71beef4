package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.Parallel;
import org.interphase.core.data.FrameSource;

/**
 * The per-frame part of an in-situ series: the crystalline fraction of every frame, with the centre followed
 * from frame to frame. The geometry of a reference pattern (the sum of the frames: ellipse, radial bins, annulus,
 * mask) is kept; each frame's centre is tracked by {@link CentreTracker} from the previous frame's. As long as the
 * centre stays within {@link Options#recentreTolPx} of the centre its {@link SeriesFraction} (integrator and polar
 * table) was built for, that table is reused; beyond, the mask is recomputed on the frame (a beam stop drifts with
 * the pattern) and the table rebuilt. A tracked centre that does not converge, jumps by more than
 * {@link Options#maxStepPx} or leaves a much larger Friedel residual than the previous frame's is re-found from
 * scratch ({@link CentreFinder#find}). Frames are split into one contiguous run per thread; each run starts with a
 * full centre search on its first frame.
 */
public final class SeriesAnalyzer {
	private SeriesAnalyzer() {}

	/** Immutable: {@link #builder()} or {@link #toBuilder()} (a copy of every field) to change some. */
	public static final class Options {
		/** Follow the centre (false = the reference geometry for every frame, e.g. a centre given by the user). */
		public final boolean track;
		/** Centre change (px) beyond which the integrator and polar table are rebuilt. */
		public final double recentreTolPx;
		/** Largest accepted frame-to-frame move of a tracked centre (px); beyond, the centre is re-found. */
		public final double maxStepPx;
		/**
		 * The single-pattern settings the frames share with the reference pattern: its mask (threshold, growth,
		 * detector edge) and the half-width of the diffuse-background fits. Declared once, in the pattern's options.
		 */
		public final SaedPipeline.Options pattern;
		public final int threads;
		/** Phase fractions per frame on this plan (null = none). */
		public final PhaseFractions phases;

		/** The defaults. */
		public Options() {
			this(new Builder());
		}

		private Options(Builder b) {
			track = b.track;
			recentreTolPx = b.recentreTolPx;
			maxStepPx = b.maxStepPx;
			pattern = b.pattern;
			threads = b.threads;
			phases = b.phases;
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
			private boolean track = true;
			private double recentreTolPx = 0.25;
			private double maxStepPx = 2;
			private SaedPipeline.Options pattern = new SaedPipeline.Options();
			private int threads = 1;
			private PhaseFractions phases;

			Builder() {}

			Builder(Options o) {
				track = o.track;
				recentreTolPx = o.recentreTolPx;
				maxStepPx = o.maxStepPx;
				pattern = o.pattern;
				threads = o.threads;
				phases = o.phases;
			}

			public Builder track(boolean v) {
				track = v;
				return this;
			}

			public Builder recentreTolPx(double v) {
				recentreTolPx = v;
				return this;
			}

			public Builder maxStepPx(double v) {
				maxStepPx = v;
				return this;
			}

			/** The frames' mask and background window from the reference pattern's options. */
			public Builder pattern(SaedPipeline.Options v) {
				pattern = v;
				return this;
			}

			public Builder threads(int v) {
				threads = v;
				return this;
			}

			public Builder phases(PhaseFractions v) {
				phases = v;
				return this;
			}

			public Options build() {
				return new Options(this);
			}
		}
	}

	/** The frames' numbers; immutable (the arrays are shared with whoever built it, never changed after). */
	public static final class Result {
		public final double[] fraction, sigma;
		/** Beam-wing share of the annulus per frame. */
		public final double[] beamTail;
		/** Centre per frame (array-index coordinates). */
		public final double[] cx, cy;
		/** Phase fractions per frame (null without a plan). */
		public final PhaseFractions.Measurement[] phases;
		/** Integrator rebuilds (centre moved) and full centre searches after a failed check. */
		public final int rebuilds, refinds;
		/** Full centre searches at the start of each run of frames (one per thread). */
		public final int starts;
		/** Unmodifiable. */
		public final List<String> warnings;

		private Result(Builder b) {
			fraction = b.fraction;
			sigma = b.sigma;
			beamTail = b.beamTail;
			cx = b.cx;
			cy = b.cy;
			phases = b.phases;
			rebuilds = b.rebuilds;
			refinds = b.refinds;
			starts = b.starts;
			warnings = java.util.Collections.unmodifiableList(new ArrayList<>(b.warnings));
		}

		/** A builder holding every field of this result. */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The result as the frames fill it in ({@link SeriesAnalyzer#run} writes the arrays per frame). */
		static final class Builder {
			double[] fraction, sigma, beamTail, cx, cy;
			PhaseFractions.Measurement[] phases;
			int rebuilds, refinds, starts;
			List<String> warnings = new ArrayList<>();

			Builder() {}

			Builder(Result r) {
				fraction = r.fraction;
				sigma = r.sigma;
				beamTail = r.beamTail;
				cx = r.cx;
				cy = r.cy;
				phases = r.phases;
				rebuilds = r.rebuilds;
				refinds = r.refinds;
				starts = r.starts;
				warnings = new ArrayList<>(r.warnings);
			}

			Result build() {
				return new Result(this);
			}
		}
	}

	/**
	 * The reference's beam-wing shape and dark level (a sum of {@code frames} frames: its flat level per frame), and
	 * for spot patterns its diffuse mask shifted by (dx, dy) px and joined with {@code mask}.
	 */
	static SeriesFraction.Options.Builder configureTail(SeriesFraction.Options.Builder sf, SaedPipeline.Result ref,
		int frames, int w, int h, boolean[] mask, int dx, int dy)
	{
		return configureTail(sf, ref, ref.beamTail == null ? null : new double[] { ref.beamTail.p, ref.beamTail.r0 }, frames,
			w, h, mask, dx, dy);
	}

	/** As above with the wing's shape {p, r0} given (null: the beam is not separated). */
	static SeriesFraction.Options.Builder configureTail(SeriesFraction.Options.Builder sf, SaedPipeline.Result ref,
		double[] shape, int frames, int w, int h, boolean[] mask, int dx, int dy)
	{
		if (ref.beamTail == null || shape == null) return sf; // the beam is not separated
		sf.tail(shape[0], shape[1], frameDark(ref, frames, 1), ref.rEnd).tailFrom(ref.beamTail.from);
		if (ref.diffuseMask == null) return sf;
		boolean[] m = mask == null ? new boolean[w * h] : mask.clone();
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			int xs = x - dx, ys = y - dy;
			if (xs >= 0 && ys >= 0 && xs < w && ys < h && ref.diffuseMask[ys * w + xs]) m[y * w + x] = true;
		}
		return sf.spotMask(m);
	}

	/** Ceiling of the flat level of a sum of {@code k} frames, from the reference (a sum of {@code frames}). */
	static double frameDark(SaedPipeline.Result ref, int frames, int k) {
		return ref.darkLevel > 0 ? ref.darkLevel * k / Math.max(1, frames) + 1 : 0;
	}

	/**
	 * Frames summed into this many groups of consecutive frames to fit the wing's shape jointly, at most
	 * {@link #SHAPE_FRAMES} of each group (evenly spaced: a long streamed series is not read twice).
	 */
	static final int SHAPE_GROUPS = 6, SHAPE_FRAMES = 8;

	/**
	 * The wing's shape {p, r0} fitted jointly on sums of consecutive frames ({@link BeamTail#sharedShape}); the
	 * reference's (the sum of all frames) when the beam is not separated or that fit fails.
	 */
	static double[] wingShape(FrameSource src, SaedPipeline.Result ref, SeriesFraction sf) {
		if (ref.beamTail == null) return null;
		double[] fallback = { ref.beamTail.p, ref.beamTail.r0 };
		int w = src.width(), h = src.height(), frames = src.frames(), n = w * h;
		int groups = Math.min(frames, SHAPE_GROUPS);
		if (groups < 2) return fallback;
		double[][] bgs = new double[groups][];
		double[] dark = new double[groups];
		double[] buf = src.streamed() ? new double[n] : null;
		for (int k = 0; k < groups; k++) {
			int f0 = (int) ((long) frames * k / groups), f1 = (int) ((long) frames * (k + 1) / groups);
			int used = Math.min(f1 - f0, SHAPE_FRAMES);
			double[] sum = new double[n];
			for (int j = 0; j < used; j++) {
				int f = f0 + (int) ((long) (f1 - f0) * j / used);
				double[] st = src.frame(f, buf);
				int off = src.offset(f);
				for (int i = 0; i < n; i++) sum[i] += st[off + i];
			}
			bgs[k] = sf.frame(sum, 0, w).background;
			dark[k] = frameDark(ref, frames, used);
		}
		double[] s = BeamTail.sharedShape(bgs, sf.counts(), sf.binWidth(), ref.beamTail.from, ref.rLo, ref.rHi, ref.rEnd,
			dark);
		return s == null ? fallback : s;
	}

	/**
	 * @param stack frames (frame, y, x), {@code frames} of w x h
	 * @param ref the reference pattern's analysis (geometry, mask, radial bins, annulus)
	 */
	public static Result run(double[] stack, int w, int h, int frames, SaedPipeline.Result ref, Options o) {
		return run(FrameSource.of(stack, w, h, frames), ref, o);
	}

	/**
	 * The summed pattern's background-uncertain case of the robust background (a halo cut under; no joint ring fit)
	 * carried to every frame (see SeriesFraction); a joint ring fit flagged for its model spread is not that case.
	 */
	static int underRings(SaedPipeline.Result ref, double dr) {
		return ref.backgroundUncertain && ref.diffuseRingRadii == null ? (int) Math.ceil(3 * SaedPipeline.medianRingWidth(ref.rings) / dr) : 0;
	}

	/** The same, frame by frame from a source (streamed from the file: memory constant in the number of frames). */
	public static Result run(FrameSource src, SaedPipeline.Result ref, Options o) {
		int w = src.width(), h = src.height(), frames = src.frames();
		PatternGeometry g = ref.geometry;
		int bins = ref.radii.length;
		double rMax = bins * (bins > 1 ? ref.radii[1] - ref.radii[0] : 1);
		double[] shape = wingShape(src, ref, fractionFor(ref, null, o, frames, w, h, ref.mask, g, 0, 0, bins, rMax));
		SeriesFraction shared = fractionFor(ref, shape, o, frames, w, h, ref.mask, g, 0, 0, bins, rMax);
		Result.Builder res = emptyResult(frames, g, o);
		int runs = Math.max(1, Math.min(frames, o.threads));
		Counters cnt = new Counters(runs);
		Parallel.forRange(runs, runs, (r0, r1) -> {
			for (int run = r0; run < r1; run++) {
				int f0 = (int) ((long) frames * run / runs), f1 = (int) ((long) frames * (run + 1) / runs);
				analyseRun(src, ref, shape, o, shared, res, cnt, run, f0, f1, bins, rMax);
			}
		});
		for (int r = 0; r < runs; r++) {
			res.rebuilds += cnt.rebuilds[r];
			res.refinds += cnt.refinds[r];
			res.starts += cnt.starts[r];
			if (cnt.weak[r]) res.warnings.add("weak Friedel symmetry in a series frame: its centre is uncertain");
		}
		if (res.refinds > 0) res.warnings.add("series: the tracked centre failed its check in " + res.refinds +
			" frame(s) and was re-found from scratch there");
		return res.build();
	}

	/** Per run (one thread's consecutive frames): integrator rebuilds, centre re-finds, full searches, weak symmetry. */
	private static final class Counters {
		final int[] rebuilds, refinds, starts;
		final boolean[] weak;

		Counters(int runs) {
			rebuilds = new int[runs];
			refinds = new int[runs];
			starts = new int[runs];
			weak = new boolean[runs];
		}
	}

	/** The state of one run as it follows the centre: the integrator in use, its centre, the tracker, the last centre. */
	private static final class Follow {
		SeriesFraction sf;
		double bx, by;
		CentreTracker tr;
		double[] prev;
		/** What a rebuilt integrator needs: the reference pattern, the number of frames, its bins and range. */
		SaedPipeline.Result ref;
		/** The wing's shape {p, r0} of the series (null: the beam not separated). */
		double[] shape;
		int frames, bins;
		double rMax;
	}

	/** An integrator for the reference's annulus and background with this mask and centre. */
	private static SeriesFraction fractionFor(SaedPipeline.Result ref, double[] shape, Options o, int frames, int w,
		int h, boolean[] mask, PatternGeometry geometry, int dx, int dy, int bins, double rMax)
	{
		SeriesFraction.Options.Builder so = SeriesFraction.Options.builder().rings(ref.diffuseRingRadii,
			ref.diffuseRingSigma).underRingsHalfWidth(underRings(ref, rMax / bins));
		return new SeriesFraction(w, h, mask, geometry, bins, rMax, ref.rLo, ref.rHi, o.pattern.backgroundWindow, configureTail(
			so, ref, shape == null && ref.beamTail != null ? new double[] { ref.beamTail.p, ref.beamTail.r0 } : shape, frames,
			w, h, mask, dx, dy).build());
	}

	private static Result.Builder emptyResult(int frames, PatternGeometry g, Options o) {
		Result.Builder res = new Result.Builder();
		res.fraction = new double[frames];
		res.sigma = new double[frames];
		res.beamTail = new double[frames];
		res.cx = new double[frames];
		res.cy = new double[frames];
		Arrays.fill(res.cx, g.cx);
		Arrays.fill(res.cy, g.cy);
		if (o.phases != null) res.phases = new PhaseFractions.Measurement[frames];
		return res;
	}

	/** Frames f0..f1-1: centre followed (when tracking), crystalline and phase fractions measured. */
	private static void analyseRun(FrameSource src, SaedPipeline.Result ref, double[] shape, Options o,
		SeriesFraction shared,
		Result.Builder res, Counters cnt, int run, int f0, int f1, int bins, double rMax)
	{
		int w = src.width(), h = src.height(), frames = src.frames();
		int n = w * h;
		PatternGeometry g = ref.geometry;
		Follow fo = new Follow();
		fo.sf = shared;
		fo.bx = g.cx;
		fo.by = g.cy;
		fo.tr = o.track ? new CentreTracker(w, h) : null;
		fo.ref = ref;
		fo.shape = shape;
		fo.frames = frames;
		fo.bins = bins;
		fo.rMax = rMax;
		double[] buf = src.streamed() ? new double[n] : null;
		for (int f = f0; f < f1; f++) {
			double[] stack = src.frame(f, buf);
			int off = src.offset(f);
			if (fo.tr != null) {
				double[] c = followCentre(stack, off, w, h, g, o, fo, cnt, run);
				fo.prev = c;
				res.cx[f] = c[0];
				res.cy[f] = c[1];
			}
			SeriesFraction sf = fo.sf;
			SeriesFraction.Frame v = sf.frame(stack, off, w);
			res.fraction[f] = v.fraction;
			res.beamTail[f] = v.beamTailFraction;
			res.sigma[f] = v.sigma;
			if (o.phases != null) res.phases[f] = o.phases.measure(stack, off, sf.mask(), g.withCentre(res.cx[f],
				res.cy[f]), v.background, sf.binWidth(), v.sums, sf.counts());
		}
	}

	/**
	 * This frame's centre: tracked from the last one when it passes its check, else found from scratch; the integrator
	 * is rebuilt (with this frame's mask) when the centre moved beyond the tolerance.
	 */
	private static double[] followCentre(double[] stack, int off, int w, int h, PatternGeometry g, Options o,
		Follow fo, Counters cnt, int run)
	{
		int n = w * h;
		CentreTracker tr = fo.tr;
		double[] prev = fo.prev;
		tr.load(stack, off);
		double[] c = null;
		if (prev != null) {
			c = tr.track(prev[0], prev[1]);
			if (c != null && !(c[3] > 0 && Math.hypot(c[0] - prev[0], c[1] - prev[1]) <= o.maxStepPx &&
				c[2] <= 2 * prev[2] + 1e-3)) c = null;
			if (c == null) cnt.refinds[run]++;
		}
		else cnt.starts[run]++;
		boolean[] frameMask = null;
		if (c == null) {
			// first frame of the run, or the check failed: full search on this frame with its own mask (a
			// Gauss-Newton start from the summed centre is not enough: after a jump the sum is symmetric
			// about a point between the two positions, and the track stalls near it)
			double[] img = Arrays.copyOfRange(stack, off, off + n);
			frameMask = PatternMask.auto(img, w, h, o.pattern.maskThreshold, o.pattern.maskGrow, o.pattern.edge);
			CentreFinder.Result cr = CentreFinder.find(img, w, h, frameMask, 1, prev != null ? prev[0] : g.cx,
				prev != null ? prev[1] : g.cy);
			if (cr.residual > 0.5) cnt.weak[run] = true;
			tr.setMask(frameMask);
			c = tr.track(cr.x, cr.y);
			if (c == null || c[3] == 0 || Math.hypot(c[0] - cr.x, c[1] - cr.y) > 1) c = new double[] { cr.x, cr.y,
				c != null ? c[2] : 1, 0, 0 };
		}
		if (Math.hypot(c[0] - fo.bx, c[1] - fo.by) > o.recentreTolPx) {
			if (frameMask == null) {
				// the beam stop may have moved with the pattern: mask of this frame, centre again with it
				frameMask = PatternMask.auto(Arrays.copyOfRange(stack, off, off + n), w, h, o.pattern.maskThreshold,
					o.pattern.maskGrow, o.pattern.edge);
				tr.setMask(frameMask);
				double[] c2 = tr.track(c[0], c[1]);
				if (c2 != null && c2[3] > 0 && Math.hypot(c2[0] - c[0], c2[1] - c[1]) <= o.maxStepPx) c = c2;
			}
			if (Math.hypot(c[0] - fo.bx, c[1] - fo.by) > o.recentreTolPx) {
				fo.sf = fractionFor(fo.ref, fo.shape, o, fo.frames, w, h, frameMask, g.withCentre(c[0], c[1]), (int) Math.round(c[0] -
					g.cx), (int) Math.round(c[1] - g.cy), fo.bins, fo.rMax);
				fo.bx = c[0];
				fo.by = c[1];
				cnt.rebuilds[run]++;
			}
		}
		return c;
	}
}
