package org.interphase.core.diffraction;

/**
 * Crystalline fraction of many frames sharing one geometry (an in-situ series): the pixel-splitting integrator
 * and the polar sampling table are built once; each frame then costs one pass for I(r), one for the azimuthal
 * median and a background fit. Frames are independent, so callers run them in parallel.
 */
public final class SeriesFraction {
	/**
	 * One-sigma uncertainty of a frame's fraction from the wing's shape, fixed for the whole series (fitted on sums of
	 * frames) and not refitted per frame: with it the frames' sigmas cover about two thirds of the frames of the
	 * stress series (SaedStressTest, full sweep; docs/diffraction.md).
	 */
	static final double WING_SHAPE_SIGMA = 0.025;

	private final AzimuthalIntegrator integrator;
	private final int nr, nphi;
	private final int[] sampleIdx;
	private final float[] fx, fy;
	private final double dr, rLo, rHi, window;
	private final double[] counts;
	private final boolean[] mask;
	/** What the reference pattern adds (see {@link Options}). */
	private final java.util.List<Double> ringRadii;
	private final double ringSigma;
	private final int underRingsHalfWidth;
	private final double tailP, tailR0, darkLevel, tailEnd, tailFrom;
	private final SpotDiffuse spotDiffuse;
	private RingProfileFit.Operator[] ringOps;
	private boolean ringOpsBuilt;

	private synchronized RingProfileFit.Operator[] ringOperators(double[] mean) {
		if (!ringOpsBuilt) {
			ringOpsBuilt = true;
			RingProfileFit.Operator a = RingProfileFit.operator(mean, counts, dr, ringRadii, ringSigma, window * dr, rLo,
				rHi), b = RingProfileFit.operator(mean, counts, dr, ringRadii, ringSigma, 1.5 * window * dr, rLo, rHi);
			ringOps = a == null || b == null ? null : new RingProfileFit.Operator[] { a, b };
		}
		return ringOps;
	}

	/** What the reference pattern adds to the frames' fractions. Immutable: {@link #builder()}, {@link #toBuilder()}. */
	public static final class Options {
		/** Ring positions and width (px) for the joint ring + diffuse fit of ring patterns; null = robust background. */
		public final java.util.List<Double> ringRadii;
		public final double ringSigma;
		/**
		 * When the summed pattern's rings sit on a broad halo that the diffuse background may have cut (the pattern's
		 * background-uncertain case): half-width (bins) of the ring-width opening whose estimate bounds each frame's
		 * fraction from the other side, the difference joining its sigma; 0 = off.
		 */
		public final int underRingsHalfWidth;
		/** The beam wing's shape from the reference pattern (NaN: fitted per frame), its ceiling of a flat level, and
		 * the outermost radius constraining it (px). */
		public final double tailP, tailR0, darkLevel, tailEnd;
		/** Innermost radius (px) of the wing's fit (the reference's; NaN: the annulus' inner edge). */
		public final double tailFrom;
		/**
		 * A spot series: the diffuse level of each frame is the mean of the pixels outside this mask (the pattern's
		 * mask with the reference's spots and weak spots, for this table's centre); null: the azimuthal median. Shared.
		 */
		public final boolean[] spotMask;

		/** Nothing added: the robust background, the beam not separated. */
		public Options() {
			this(new Builder());
		}

		private Options(Builder b) {
			ringRadii = b.ringRadii;
			ringSigma = b.ringSigma;
			underRingsHalfWidth = b.underRingsHalfWidth;
			tailP = b.tailP;
			tailR0 = b.tailR0;
			darkLevel = b.darkLevel;
			tailEnd = b.tailEnd;
			tailFrom = b.tailFrom;
			spotMask = b.spotMask;
		}

		public static Builder builder() {
			return new Builder();
		}

		/** A builder holding every field of these options. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		public static final class Builder {
			private java.util.List<Double> ringRadii;
			private double ringSigma;
			private int underRingsHalfWidth;
			private double tailP = Double.NaN, tailR0 = Double.NaN, darkLevel = 0, tailEnd = Double.NaN,
				tailFrom = Double.NaN;
			private boolean[] spotMask;

			Builder() {}

			Builder(Options o) {
				ringRadii = o.ringRadii;
				ringSigma = o.ringSigma;
				underRingsHalfWidth = o.underRingsHalfWidth;
				tailP = o.tailP;
				tailR0 = o.tailR0;
				darkLevel = o.darkLevel;
				tailEnd = o.tailEnd;
				tailFrom = o.tailFrom;
				spotMask = o.spotMask;
			}

			/** Ring positions and common width (px) of the joint fit (radii null: the robust background). */
			public Builder rings(java.util.List<Double> radii, double sigma) {
				ringRadii = radii == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(radii));
				ringSigma = sigma;
				return this;
			}

			public Builder underRingsHalfWidth(int v) {
				underRingsHalfWidth = v;
				return this;
			}

			/** The beam wing's shape (p, r0), ceiling of its flat level and outermost constraining radius (px). */
			public Builder tail(double p, double r0, double dark, double end) {
				tailP = p;
				tailR0 = r0;
				darkLevel = dark;
				tailEnd = end;
				return this;
			}

			/** Innermost radius (px) of the wing's fit. */
			public Builder tailFrom(double v) {
				tailFrom = v;
				return this;
			}

			public Builder spotMask(boolean[] v) {
				spotMask = v;
				return this;
			}

			public Options build() {
				return new Options(this);
			}
		}
	}

	/** A table with nothing added from a reference (see {@link Options}). */
	public SeriesFraction(int w, int h, boolean[] mask, PatternGeometry g, int bins, double rMax, double rLo,
		double rHi, double windowPx)
	{
		this(w, h, mask, g, bins, rMax, rLo, rHi, windowPx, new Options());
	}

	public SeriesFraction(int w, int h, boolean[] mask, PatternGeometry g, int bins, double rMax, double rLo,
		double rHi, double windowPx, Options o)
	{
		ringRadii = o.ringRadii;
		ringSigma = o.ringSigma;
		underRingsHalfWidth = o.underRingsHalfWidth;
		tailP = o.tailP;
		tailR0 = o.tailR0;
		darkLevel = o.darkLevel;
		tailEnd = o.tailEnd;
		tailFrom = Double.isFinite(o.tailFrom) ? o.tailFrom : rLo;
		spotDiffuse = o.spotMask == null ? null : new SpotDiffuse(w, h, o.spotMask, g, bins, bins * (rMax /
			bins));
		integrator = new AzimuthalIntegrator(w, h, g, mask, bins, rMax);
		this.mask = mask;
		counts = integrator.pixelCounts();
		dr = rMax / bins;
		this.rLo = rLo;
		this.rHi = rHi;
		this.window = windowPx / dr;
		nr = bins;
		nphi = 360;
		sampleIdx = new int[nr * nphi];
		fx = new float[nr * nphi];
		fy = new float[nr * nphi];
		for (int ri = 0; ri < nr; ri++) for (int p = 0; p < nphi; p++) {
			double a = 2 * Math.PI * (p + 0.5) / nphi, r = (ri + 0.5) * dr;
			double[] xy = g.toImage(r * Math.cos(a), r * Math.sin(a));
			int ix = (int) Math.floor(xy[0]), iy = (int) Math.floor(xy[1]);
			int k = ri * nphi + p;
			if (ix < 0 || iy < 0 || ix + 1 >= w || iy + 1 >= h) {
				sampleIdx[k] = -1;
				continue;
			}
			int i = iy * w + ix;
			if (mask != null && (mask[i] || mask[i + 1] || mask[i + w] || mask[i + w + 1])) {
				sampleIdx[k] = -1;
				continue;
			}
			sampleIdx[k] = i;
			fx[k] = (float) (xy[0] - ix);
			fy[k] = (float) (xy[1] - iy);
		}
	}

	/** {crystalline fraction, one-sigma} of the frame starting at {@code offset}. */
	public double[] fraction(double[] stack, int offset, int w) {
		Frame f = frame(stack, offset, w);
		return new double[] { f.fraction, f.sigma };
	}

	/** What one frame gives: the fraction and the radial data it rests on. */
	public static final class Frame {
		public final double fraction, sigma, beamTailFraction;
		/** Azimuthal sums per radial bin and the diffuse background (mean intensity per pixel) per bin. */
		public final double[] sums, background;

		Frame(double fraction, double sigma, double beamTailFraction, double[] sums, double[] background) {
			this.fraction = fraction;
			this.sigma = sigma;
			this.beamTailFraction = beamTailFraction;
			this.sums = sums;
			this.background = background;
		}
	}

	/** The mask this table was built with (null = none). */
	public boolean[] mask() {
		return mask;
	}

	/** Pixel counts per radial bin. */
	public double[] counts() {
		return counts;
	}

	/** Radial bin width, corrected px. */
	public double binWidth() {
		return dr;
	}

	/** The crystalline fraction of the frame starting at {@code offset}, with its sums and background. */
	public Frame frame(double[] stack, int offset, int w) {
		double[] sums = integrator.sums(stack, offset, 1);
		double[] mean = new double[nr];
		for (int b = 0; b < nr; b++) mean[b] = counts[b] > 0.5 ? sums[b] / counts[b] : Double.NaN;
		double[] med = new double[nr];
		double[] buf = new double[nphi];
		for (int ri = 0; ri < nr; ri++) {
			int n = 0;
			for (int p = 0; p < nphi; p++) {
				int k = ri * nphi + p, i = sampleIdx[k];
				if (i < 0) continue;
				double a = fx[k], c = fy[k];
				int o = offset + i;
				buf[n++] = (1 - c) * ((1 - a) * stack[o] + a * stack[o + 1]) + c * ((1 - a) * stack[o + w] + a * stack[o + w +
					1]);
			}
			if (n < nphi / 4) {
				med[ri] = mean[ri];
				continue;
			}
			med[ri] = PolarTransform.median(buf, n);
		}
		double[] bg = DiffuseBackground.fit(med, null, window);
		double[] bg2 = null;
		double model = SaedPipeline.MODEL_SIGMA;
		// ring patterns: the summed pattern's rings and the diffuse curve fitted together, as for the sum (the two
		// linear operators built on the first frame, then one matrix-vector product each per frame)
		RingProfileFit.Operator[] ops = ringRadii == null ? null : ringOperators(mean);
		double[][] j = ops == null ? null : RingProfileFit.withSensitivity(ops[0], ops[1], mean, counts, sums, dr, rLo,
			rHi, bg);
		if (j != null) {
			bg = j[0];
			bg2 = j[1];
			model = SaedPipeline.RING_MODEL_SIGMA;
		}
		if (bg2 == null && spotDiffuse != null) {
			bg = spotDiffuse.profile(stack, offset, bg);
			bg2 = bg;
		}
		if (bg2 == null) bg2 = DiffuseBackground.fit(med, null, 1.5 * window);
		// the beam wing with the reference pattern's shape, its amplitude and flat level per frame
		boolean sep = Double.isFinite(tailEnd);
		BeamTail.Fit t1 = sep ? BeamTail.fit(bg, counts, dr, tailFrom, rLo, rHi, tailEnd, tailP, tailR0, darkLevel) : null;
		BeamTail.Fit t2 = sep ? BeamTail.fit(bg2, counts, dr, tailFrom, rLo, rHi, tailEnd, tailP, tailR0, darkLevel)
			: null;
		double[] zero = new double[nr];
		double[] f = BeamTail.fraction(sums, counts, bg, t1 == null ? zero : t1.curve, dr, rLo, rHi);
		double f2 = BeamTail.fraction(sums, counts, bg2, t2 == null ? zero : t2.curve, dr, rLo, rHi)[0];
		if (sep) model = Math.hypot(model, Math.hypot(SaedPipeline.BEAM_MODEL_SIGMA, WING_SHAPE_SIGMA));
		double sigma = Math.sqrt(f[1] * f[1] + Math.pow(f[0] - f2, 2) + model * model);
		if (underRingsHalfWidth > 0) {
			double[] under = DiffuseBackground.underRings(med, underRingsHalfWidth, window);
			double fu = BeamTail.fraction(sums, counts, under, t1 == null ? zero : t1.curve, dr, rLo, rHi)[0];
			sigma = Math.hypot(sigma, f[0] - fu);
		}
		return new Frame(f[0], sigma, sep ? f[2] : Double.NaN, sums, bg);
	}

	/**
	 * The curve rescaled so that the first frame reads 1 and the last 0 (the user's statement that the series runs
	 * from fully crystalline to fully amorphous): (f - f_last) / (f_first - f_last); sigma from the frame's own
	 * sigma and those of the two reference frames. {fractions, sigmas} or null when the two ends do not differ.
	 */
	public static double[][] normaliseFirstLast(double[] f, double[] sigma) {
		int n = f.length;
		if (n < 2) return null;
		double a = f[0], b = f[n - 1], d = a - b;
		if (!Double.isFinite(d) || Math.abs(d) < 1e-9) return null;
		double sa = sigma[0], sb = sigma[n - 1];
		double[] g = new double[n], s = new double[n];
		for (int i = 0; i < n; i++) {
			g[i] = (f[i] - b) / d;
			// dg = (df - db)/d - g (da - db)/d
			double ga = -g[i] / d, gb = (g[i] - 1) / d;
			s[i] = i == 0 || i == n - 1 ? 0 : Math.sqrt(Math.pow(sigma[i] / d, 2) + Math.pow(ga * sa, 2) + Math.pow(gb * sb,
				2));
		}
		return new double[][] { g, s };
	}

	/**
	 * Where a crystalline-fraction curve first falls through 0.5 (after its first point above 0.5), linearly
	 * interpolated: {time, sigma} or null. Sigma propagates the two bracketing points' sigmas.
	 */
	public static double[] crossing(double[] t, double[] f, double[] sigma, double level) {
		boolean above = false;
		for (int i = 0; i < f.length; i++) {
			if (!Double.isFinite(f[i])) continue;
			if (f[i] >= level) above = true;
			else if (above && i > 0 && Double.isFinite(f[i - 1]) && f[i - 1] >= level) {
				double a = f[i - 1] - level, b = level - f[i];
				double dt = t[i] - t[i - 1];
				double tc = t[i - 1] + dt * a / (a + b);
				double sa = sigma == null ? 0 : sigma[i - 1], sb = sigma == null ? 0 : sigma[i];
				double s = dt * Math.hypot(b * sa, a * sb) / ((a + b) * (a + b));
				return new double[] { tc, s };
			}
		}
		return null;
	}
}
