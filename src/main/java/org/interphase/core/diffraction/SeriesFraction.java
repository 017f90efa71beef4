package org.interphase.core.diffraction;

/**
 * Crystalline fraction of many frames sharing one geometry (an in-situ series): the pixel-splitting integrator
 * and the polar sampling table are built once; each frame then costs one pass for I(r), one for the azimuthal
 * median and a background fit. Frames are independent, so callers run them in parallel.
 */
public final class SeriesFraction {
	private final AzimuthalIntegrator integrator;
	private final int nr, nphi;
	private final int[] sampleIdx;
	private final float[] fx, fy;
	private final double dr, rLo, rHi, window;
	private final double[] counts;
	private final boolean[] mask;
	/** Ring positions and width (px) for the joint ring + diffuse fit of ring patterns; null = robust background. */
	public java.util.List<Double> ringRadii;
	public double ringSigma;
	/**
	 * When the summed pattern's rings sit on a broad halo that the diffuse background may have cut (the pattern's
	 * background-uncertain case): half-width (bins) of the ring-width opening whose estimate bounds each frame's
	 * fraction from the other side, the difference joining its sigma; 0 = off.
	 */
	public int underRingsHalfWidth;
	/** The beam wing's shape from the reference pattern (NaN: fitted per frame), its ceiling of a flat level, and
	 * the outermost radius constraining it (px). */
	public double tailP = Double.NaN, tailR0 = Double.NaN, darkLevel = 0, tailEnd = Double.NaN;
	private SpotDiffuse spotDiffuse;
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

	public SeriesFraction(int w, int h, boolean[] mask, PatternGeometry g, int bins, double rMax, double rLo,
		double rHi, double windowPx)
	{
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

	/**
	 * A spot series: the diffuse level of each frame is the mean of the pixels outside {@code fullMask} (the
	 * pattern's mask with the reference's spots and weak spots, for this table's centre).
	 */
	public void useSpotDiffuse(int w, int h, boolean[] fullMask, PatternGeometry g) {
		spotDiffuse = new SpotDiffuse(w, h, fullMask, g, nr, nr * dr);
	}

	/** {crystalline fraction, one-sigma} of the frame starting at {@code offset}. */
	public double[] fraction(double[] stack, int offset, int w) {
		Frame f = frame(stack, offset, w);
		return new double[] { f.fraction, f.sigma };
	}

	/** What one frame gives: the fraction and the radial data it rests on. */
	public static final class Frame {
		public double fraction, sigma, beamTailFraction;
		/** Azimuthal sums per radial bin and the diffuse background (mean intensity per pixel) per bin. */
		public double[] sums, background;
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
		BeamTail.Fit t1 = sep ? BeamTail.fit(bg, counts, dr, rLo, rHi, tailEnd, tailP, tailR0, darkLevel) : null;
		BeamTail.Fit t2 = sep ? BeamTail.fit(bg2, counts, dr, rLo, rHi, tailEnd, tailP, tailR0, darkLevel) : null;
		double[] zero = new double[nr];
		double[] f = BeamTail.fraction(sums, counts, bg, t1 == null ? zero : t1.curve, dr, rLo, rHi);
		double f2 = BeamTail.fraction(sums, counts, bg2, t2 == null ? zero : t2.curve, dr, rLo, rHi)[0];
		if (sep) model = Math.hypot(model, SaedPipeline.BEAM_MODEL_SIGMA);
		Frame out = new Frame();
		out.fraction = f[0];
		out.beamTailFraction = sep ? f[2] : Double.NaN;
		out.sigma = Math.sqrt(f[1] * f[1] + Math.pow(f[0] - f2, 2) + model * model);
		if (underRingsHalfWidth > 0) {
			double[] under = DiffuseBackground.underRings(med, underRingsHalfWidth, window);
			double fu = BeamTail.fraction(sums, counts, under, t1 == null ? zero : t1.curve, dr, rLo, rHi)[0];
			out.sigma = Math.hypot(out.sigma, f[0] - fu);
		}
		out.sums = sums;
		out.background = bg;
		return out;
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
