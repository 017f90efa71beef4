package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.Parallel;
import org.jtransforms.fft.DoubleFFT_2D;
import org.interphase.core.param.Setting;

/**
 * Crystalline / polycrystalline / amorphous map from a sliding-window local FFT.
 * <p>
 * Each window (default 64 px, grown to hold 4 periods of the longest strong lattice period; step half a window)
 * is mean-subtracted and Hann-windowed and its power spectrum taken. The lattice rings are the spacings of the
 * whole image's averaged spectrum ({@link PhaseSpacings}) plus radii where reflections significant over a
 * window's whole band recur in more windows than chance gives. A window's reflection on a lattice ring is
 * <b>significant</b> when it exceeds T times the noise (the larger of its ring median and the median of the bins
 * three away), T = log2(N / falseAlarm) for the N lattice-ring bins (noise power is exponential), and it is not a
 * streak through the origin. A grain found in one window is followed into its neighbours at the same Fourier
 * bin (one test there, not a search over the band: 3x3 power above the 99 % point of 9 noise bins, and not a
 * streak), so that windows partly covered by a grain keep their share. The <b>crystalline share</b> of a window is sqrt(excess / reference) of its strongest
 * significant reflection, the reference being the 90th percentile of that ring's significant windows (a window
 * filled by that lattice): the decision transfers across dose and information-limit damping because both the
 * significance and the reference come from the image itself. The share is interpolated bilinearly between window
 * centres and a point is crystalline where it reaches {@code threshold} (0.5: half the window, an unbiased
 * boundary). The Bragg fraction (Bragg-peak power / band power) is kept for reference. A crystalline window is
 * <i>polycrystalline</i> when two of its peaks have the same spacing (within 6 % or 1.5 FFT bins) but directions
 * that one lattice cannot give (not 0, 60, 90, 120 degrees apart, within 5 degrees or the angular size of 1.5
 * bins at that radius), i.e. grains of several orientations share the window.
 * <p>
 * Map values: 0 amorphous (or vacuum), 1 polycrystalline, 2 crystalline.
 */
public final class CrystallinityMap {
	public static final int AMORPHOUS = 0, POLYCRYSTALLINE = 1, CRYSTALLINE = 2;

	/** The user-facing settings, declared once (dialog, command line, docs and the defaults below). */
	public static final Setting WINDOW = Setting.integer("window", 64, "px", "side of the local FFT window (power " +
		"of two; grows to hold 4 periods of the longest strong lattice period)").range(16, 65536);
	public static final Setting STEP = Setting.integer("step", 0, "px", "step between windows (0 = half a window; " +
		"at most the window)").range(0, 65536);
	public static final Setting THRESHOLD = Setting.number("threshold", 0.5, "", "share of a window covered by " +
		"lattice fringes above which it is crystalline").positive(1);

	public final int window;
	/** Step between windows, px; 0 = half a window. */
	public final int step;
	public final double minPeriodPx;
	/** Longest period, px; NaN = a third of the window. */
	public final double maxPeriodPx;
	public final double peakStrength;
	/** Crystalline-share threshold between amorphous and crystalline (0.5: half the window covered by fringes). */
	public final double threshold;
	/** Allowed rate of windows of pure noise or speckle that show a significant peak on a lattice ring. */
	public final double falseAlarm;
	/**
	 * Lattice periods (px) of the image; null = found by {@link PhaseSpacings} on the averaged spectrum of the
	 * whole image (far more sensitive than one window). Shared with the caller, not copied.
	 */
	public final double[] periodsPx;
	/** Enlarge the window (powers of two, up to a third of the image) until it holds 4.5 of the longest period. */
	public final boolean adaptWindow;
	/** Grow each grain's reflection into neighbouring windows (same Fourier bin, one test per window). */
	public final boolean grow;
	public final int threads;

	/** The defaults: the declared window, step and threshold, periods from 2.5 px, window adapted, grains grown. */
	public CrystallinityMap() {
		this(new Builder());
	}

	private CrystallinityMap(Builder b) {
		window = b.window;
		step = b.step;
		minPeriodPx = b.minPeriodPx;
		maxPeriodPx = b.maxPeriodPx;
		peakStrength = b.peakStrength;
		threshold = b.threshold;
		falseAlarm = b.falseAlarm;
		periodsPx = b.periodsPx;
		adaptWindow = b.adaptWindow;
		grow = b.grow;
		threads = b.threads;
	}

	/** A builder holding the defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of this one (the copy). */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some of the settings; {@link #build} makes the immutable CrystallinityMap. */
	public static final class Builder {
		private int window = WINDOW.integer();
		private int step = STEP.integer();
		private double minPeriodPx = LatticeFft.MIN_PERIOD_PX;
		private double maxPeriodPx = Double.NaN;
		private double peakStrength = 12;
		private double threshold = THRESHOLD.number();
		private double falseAlarm = 0.02;
		private double[] periodsPx;
		private boolean adaptWindow = true;
		private boolean grow = true;
		private int threads = 1;

		Builder() {}

		Builder(CrystallinityMap o) {
			window = o.window;
			step = o.step;
			minPeriodPx = o.minPeriodPx;
			maxPeriodPx = o.maxPeriodPx;
			peakStrength = o.peakStrength;
			threshold = o.threshold;
			falseAlarm = o.falseAlarm;
			periodsPx = o.periodsPx;
			adaptWindow = o.adaptWindow;
			grow = o.grow;
			threads = o.threads;
		}

		public Builder window(int v) {
			window = v;
			return this;
		}

		public Builder step(int v) {
			step = v;
			return this;
		}

		public Builder minPeriodPx(double v) {
			minPeriodPx = v;
			return this;
		}

		public Builder maxPeriodPx(double v) {
			maxPeriodPx = v;
			return this;
		}

		public Builder peakStrength(double v) {
			peakStrength = v;
			return this;
		}

		public Builder threshold(double v) {
			threshold = v;
			return this;
		}

		public Builder falseAlarm(double v) {
			falseAlarm = v;
			return this;
		}

		public Builder periodsPx(double[] v) {
			periodsPx = v;
			return this;
		}

		public Builder adaptWindow(boolean v) {
			adaptWindow = v;
			return this;
		}

		public Builder grow(boolean v) {
			grow = v;
			return this;
		}

		public Builder threads(int v) {
			threads = v;
			return this;
		}

		public CrystallinityMap build() {
			return new CrystallinityMap(this);
		}
	}

	/** The map and its fractions; the arrays are shared with copies (do not change them). */
	public static final class Result {
		public final int window, step, tilesX, tilesY;
		/**
		 * Per window (row-major over tilesX x tilesY): crystalline share (amplitude of its strongest significant
		 * lattice reflection relative to a window filled by that lattice), Bragg fraction and class.
		 */
		public final double[] metric, braggFraction;
		/** Lattice periods (px) the windows were tested on, and the significance threshold (peak / ring median). */
		public final double[] periodsPx;
		/**
		 * Per period: NaN when it comes from the whole image's spectrum; for a ring found only by its recurrence in
		 * the windows, the uncertainty (px) of its spacing refined in those windows and the direction (degrees in
		 * [0, 180)) of its strongest window's reflection.
		 */
		public final double[] periodSigmaPx, periodAngleDeg;
		/** Every ring that recurs in the windows, refined there: {period px, sigma px, angle degrees}. */
		public final double[][] refinedPeriods;
		public final double significance;
		/** Windows with a significant lattice reflection, and the number of windows. */
		public final int significantWindows;
		/**
		 * Windows without a significant reflection but with one on a lattice ring within a factor 4 of the
		 * significance threshold: lattice too weak (low dose, damped fringes, small grain) or noise.
		 */
		public final int borderlineWindows;
		/** Windows whose only significant reflections lie on no lattice ring of the image (a phase not resolved). */
		public final int unassignedWindows;
		public final byte[] tileClass;
		/**
		 * The map covering the image at mapStep resolution (half the requested window, also when the analysis
		 * window grew): mapW x mapH, class values 0/1/2 and the metric.
		 */
		public final int mapW, mapH, mapStep;
		public final double[] classMap, metricMap, braggMap;
		public final double crystallineFraction, crystallineUncertainty, polycrystallineFraction, amorphousFraction;
		public final double threshold;

		private Result(Builder b) {
			window = b.window;
			step = b.step;
			tilesX = b.tilesX;
			tilesY = b.tilesY;
			metric = b.metric;
			braggFraction = b.braggFraction;
			periodsPx = b.periodsPx;
			periodSigmaPx = b.periodSigmaPx;
			periodAngleDeg = b.periodAngleDeg;
			refinedPeriods = b.refinedPeriods;
			significance = b.significance;
			significantWindows = b.significantWindows;
			borderlineWindows = b.borderlineWindows;
			unassignedWindows = b.unassignedWindows;
			tileClass = b.tileClass;
			mapW = b.mapW;
			mapH = b.mapH;
			mapStep = b.mapStep;
			classMap = b.classMap;
			metricMap = b.metricMap;
			braggMap = b.braggMap;
			crystallineFraction = b.crystallineFraction;
			crystallineUncertainty = b.crystallineUncertainty;
			polycrystallineFraction = b.polycrystallineFraction;
			amorphousFraction = b.amorphousFraction;
			threshold = b.threshold;
		}

		/** A builder holding every field of this result (the copy). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The working state the measurement fills step by step; {@link #build} once at the end. */
		static final class Builder {
			// the fields of the result, documented there
			int window;
			int step;
			int tilesX;
			int tilesY;
			double[] metric;
			double[] braggFraction;
			double[] periodsPx;
			double[] periodSigmaPx;
			double[] periodAngleDeg;
			double[][] refinedPeriods = new double[0][];
			double significance;
			int significantWindows;
			int borderlineWindows;
			int unassignedWindows;
			byte[] tileClass;
			int mapW;
			int mapH;
			int mapStep;
			double[] classMap;
			double[] metricMap;
			double[] braggMap;
			double crystallineFraction;
			double crystallineUncertainty;
			double polycrystallineFraction;
			double amorphousFraction;
			double threshold;

			Builder() {}

			Builder(Result o) {
				window = o.window;
				step = o.step;
				tilesX = o.tilesX;
				tilesY = o.tilesY;
				metric = o.metric;
				braggFraction = o.braggFraction;
				periodsPx = o.periodsPx;
				periodSigmaPx = o.periodSigmaPx;
				periodAngleDeg = o.periodAngleDeg;
				refinedPeriods = o.refinedPeriods;
				significance = o.significance;
				significantWindows = o.significantWindows;
				borderlineWindows = o.borderlineWindows;
				unassignedWindows = o.unassignedWindows;
				tileClass = o.tileClass;
				mapW = o.mapW;
				mapH = o.mapH;
				mapStep = o.mapStep;
				classMap = o.classMap;
				metricMap = o.metricMap;
				braggMap = o.braggMap;
				crystallineFraction = o.crystallineFraction;
				crystallineUncertainty = o.crystallineUncertainty;
				polycrystallineFraction = o.polycrystallineFraction;
				amorphousFraction = o.amorphousFraction;
				threshold = o.threshold;
			}

			Result build() {
				return new Result(this);
			}
		}
	}

	public Result compute(double[] img, int w, int h) {
		Geometry g = chooseWindow(img, w, h);
		Result.Builder res = emptyResult(g);
		Spectra s = windowSpectra(img, w, g, res);
		Rings rings = latticeRings(img, w, g, s.cand);
		final double[] per = rings.per.stream().mapToDouble(Double::doubleValue).toArray();
		final double sig = ringSignificance(g, per);
		res.periodsPx = per;
		res.refinedPeriods = rings.refined.toArray(new double[0][]);
		res.periodSigmaPx = rings.sigma.stream().mapToDouble(Double::doubleValue).toArray();
		res.periodAngleDeg = rings.angle.stream().mapToDouble(Double::doubleValue).toArray();
		res.significance = sig;
		Reflections f = assignReflections(g, s.cand, per, sig);
		double[] ref = filledWindowReference(g, f, per.length);
		if (grow) growGrains(g, s, f, per.length);
		classifyWindows(res, g, f, ref, s.poly, per.length);
		mapAndFractions(res, w, h, g);
		return res.build();
	}

	/** The window, its tiling over the image and the band of Fourier bins tested (grouped by ring). */
	private static final class Geometry {
		/** Window side (grown), step between windows, map step (half the requested window), tiles. */
		int m, st, ms, tx, ty, nt;
		/** Lattice periods of the whole image (or given), px, and the longest period the band reaches. */
		double[] periods;
		double maxP;
		/** Band radii (bins) and the half-plane bins of the band: kx, ky, rounded radius; bins per ring. */
		int kmin, kmax, nb;
		int[] bx, by, br, ringCount;
	}

	/**
	 * The window grown to hold 4 periods of the longest strong lattice period (power >= half the strongest; a
	 * 64 px window holds under three periods of 0.6 nm at 0.025 nm/px, whose reflection then falls below the band;
	 * weaker long periods are too often the streaks of edges or gradients), its tiling and its band.
	 */
	private Geometry chooseWindow(double[] img, int w, int h) {
		int mw = window;
		if (mw < 16 || (mw & (mw - 1)) != 0) throw new IllegalArgumentException("window must be a power of two >= 16, not " +
			mw);
		if (w < mw || h < mw) throw new IllegalArgumentException("image (" + w + "x" + h + ") smaller than the window (" +
			mw + " px)");
		double[] periods = periodsPx;
		double longest = 0;
		if (periods == null) {
			PhaseSpacings ps = PhaseSpacings.builder().threads(threads).minPeriodPx(minPeriodPx).maxPeriodPx(Double.isNaN(
				maxPeriodPx) ? Math.max(mw / 3.0, 48) : maxPeriodPx).build();
			List<PhaseSpacings.Spacing> found = w >= 32 && h >= 32 ? ps.find(img, w, h) : new ArrayList<>();
			periods = PhaseSpacings.periods(found);
			double top = found.isEmpty() ? 0 : found.get(0).power;
			for (PhaseSpacings.Spacing sp : found) if (sp.power >= 0.5 * top) longest = Math.max(longest, sp.periodPx);
		}
		else for (double p : periods) longest = Math.max(longest, p);
		if (adaptWindow) while (mw < 4 * longest && 2 * mw <= Math.min(w, h) / 3 && mw < 512) mw *= 2;
		Geometry g = new Geometry();
		g.periods = periods;
		g.m = mw;
		int m = mw;
		g.st = step > 0 ? step : m / 2;
		// the map keeps the resolution of the requested window (half of it) when the window grows
		g.ms = step > 0 ? step : window / 2;
		g.tx = (w - m) / g.st + 1;
		g.ty = (h - m) / g.st + 1;
		g.nt = g.tx * g.ty;
		double maxP = Double.isNaN(maxPeriodPx) ? m / 3.0 : maxPeriodPx;
		if (adaptWindow) for (double p : periods) maxP = Math.max(maxP, Math.min(p * 1.1, m / 3.0));
		g.maxP = maxP;
		g.kmin = Math.max(2, (int) Math.floor(m / maxP));
		g.kmax = Math.min(m / 2 - 1, (int) Math.ceil(m / minPeriodPx));
		bandBins(g);
		return g;
	}

	/** The bins of the half-plane band kmin..kmax, grouped by ring. */
	private static void bandBins(Geometry g) {
		int kmin = g.kmin, kmax = g.kmax;
		List<int[]> bins = new ArrayList<>();
		for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
			if (ky == 0 && kx <= 0) continue;
			double r = Math.hypot(kx, ky);
			if (r < kmin - 0.5 || r > kmax + 0.5) continue;
			bins.add(new int[] { kx, ky, (int) Math.round(r) });
		}
		int nb = bins.size();
		g.nb = nb;
		g.bx = new int[nb];
		g.by = new int[nb];
		g.br = new int[nb];
		g.ringCount = new int[kmax + 2];
		for (int i = 0; i < nb; i++) {
			g.bx[i] = bins.get(i)[0];
			g.by[i] = bins.get(i)[1];
			g.br[i] = bins.get(i)[2];
			g.ringCount[g.br[i]]++;
		}
	}

	private Result.Builder emptyResult(Geometry g) {
		Result.Builder res = new Result.Builder();
		res.window = g.m;
		res.step = g.st;
		res.tilesX = g.tx;
		res.tilesY = g.ty;
		res.metric = new double[g.tx * g.ty];
		res.braggFraction = new double[g.tx * g.ty];
		res.tileClass = new byte[g.tx * g.ty];
		res.threshold = threshold;
		return res;
	}

	/**
	 * What the windows' spectra leave for the later steps: the candidate reflections of every window (3x3 maxima
	 * above 6 times their ring median, CS values each: {radius (power-weighted centroid, bins), 3x3 power above
	 * the noise mean, peak / local background, band index}), whether several orientations share the window, and
	 * per window the half-plane square |kx|, ky <= kmax + 1 of its power spectrum and its ring medians (for the
	 * guided growth).
	 */
	private static final class Spectra {
		final double[][] cand;
		final boolean[] poly;
		final int kq, sq;
		final float[] store, medStore;

		Spectra(Geometry g) {
			cand = new double[g.nt][];
			poly = new boolean[g.tx * g.ty];
			kq = g.kmax + 1;
			sq = (2 * kq + 1) * (kq + 1);
			store = new float[g.nt * sq];
			medStore = new float[g.nt * (g.kmax + 2)];
		}
	}

	/** One thread's work space for the window spectra. */
	private static final class Scratch {
		final DoubleFFT_2D fft;
		final double[] hw, buf, pw, med, bandP;
		final double[][] ring;
		final int[] fill;

		Scratch(Geometry g, double[] hw) {
			int m = g.m;
			this.hw = hw;
			fft = new DoubleFFT_2D(m, m);
			buf = new double[2 * m * m];
			pw = new double[m * m];
			ring = new double[g.kmax + 2][];
			for (int r = 0; r < ring.length; r++) ring[r] = new double[g.ringCount[r]];
			fill = new int[g.kmax + 2];
			med = new double[g.kmax + 2];
			bandP = new double[g.nb];
		}
	}

	/** Every window's power spectrum: its Bragg fraction, orientations and candidate reflections (in parallel). */
	private Spectra windowSpectra(double[] img, int w, Geometry g, Result.Builder res) {
		Spectra s = new Spectra(g);
		double[] hw = LatticeFft.hann(g.m);
		Parallel.forRange(g.tx * g.ty, threads, (from, to) -> {
			Scratch k = new Scratch(g, hw);
			for (int t = from; t < to; t++) {
				double total = windowPower(img, w, g, t, k);
				braggPeaks(g, k, total, t, res, s);
				s.cand[t] = candidateReflections(g, k);
				keepSpectrum(g, k, s, t);
			}
		});
		return s;
	}

	/** Window t mean-subtracted and Hann-windowed, its power spectrum, band powers and ring medians; returns the band power. */
	private static double windowPower(double[] img, int w, Geometry g, int t, Scratch k) {
		int m = g.m, nb = g.nb;
		int[] bx = g.bx, by = g.by, br = g.br;
		double[] hw = k.hw, buf = k.buf, pw = k.pw;
		int x0 = (t % g.tx) * g.st, y0 = (t / g.tx) * g.st;
		double mean = 0;
		for (int y = 0; y < m; y++) {
			int o = (y0 + y) * w + x0;
			for (int x = 0; x < m; x++) mean += img[o + x];
		}
		mean /= m * m;
		for (int y = 0; y < m; y++) {
			int o = (y0 + y) * w + x0, ob = y * m;
			double hy = hw[y];
			for (int x = 0; x < m; x++) buf[ob + x] = (img[o + x] - mean) * hy * hw[x];
		}
		k.fft.realForwardFull(buf);
		for (int i = 0; i < m * m; i++) pw[i] = buf[2 * i] * buf[2 * i] + buf[2 * i + 1] * buf[2 * i + 1];
		Arrays.fill(k.fill, 0);
		double total = 0;
		for (int i = 0; i < nb; i++) {
			double p = LatticeFft.at(pw, m, bx[i], by[i]);
			k.bandP[i] = p;
			total += p;
			k.ring[br[i]][k.fill[br[i]]++] = p;
		}
		for (int r = 0; r < k.ring.length; r++) {
			if (k.fill[r] == 0) continue;
			k.med[r] = select(k.ring[r], k.fill[r], k.fill[r] / 2);
		}
		return total;
	}

	/** A 3x3 maximum of the power spectrum at band bin i. */
	private static boolean localMaximum(double[] pw, int m, int bx, int by, double p) {
		for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
			if ((dx != 0 || dy != 0) && LatticeFft.at(pw, m, bx + dx, by + dy) > p) return false;
		}
		return true;
	}

	/**
	 * Bragg peaks (3x3 maxima above peakStrength times their ring median; the 8 strongest): the Bragg fraction of
	 * window t (six strongest / band power) and whether grains of several orientations share it.
	 */
	private void braggPeaks(Geometry g, Scratch k, double total, int t, Result.Builder res, Spectra s) {
		int m = g.m, nb = g.nb;
		int[] bx = g.bx, by = g.by, br = g.br;
		double[] pw = k.pw;
		double[] pk = new double[8 * 4];
		int np = 0;
		for (int i = 0; i < nb; i++) {
			double p = k.bandP[i], bg = k.med[br[i]];
			if (!(p > peakStrength * bg)) continue;
			if (!localMaximum(pw, m, bx[i], by[i], p)) continue;
			double ex = 0;
			for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) ex += Math.max(0, LatticeFft.at(pw, m,
				bx[i] + dx, by[i] + dy) - bg);
			// keep the 8 strongest: {excess, k, angle, strength}
			int slot = np < 8 ? np++ : weakest(pk, np);
			if (np == 8 && slot >= 0 && pk[slot * 4] >= ex) continue;
			pk[slot * 4] = ex;
			pk[slot * 4 + 1] = Math.hypot(bx[i], by[i]);
			double a = Math.toDegrees(Math.atan2(by[i], bx[i]));
			pk[slot * 4 + 2] = a < 0 ? a + 180 : a;
			pk[slot * 4 + 3] = p / bg;
		}
		// six strongest
		double[] ex = new double[np];
		for (int i = 0; i < np; i++) ex[i] = pk[i * 4];
		Arrays.sort(ex);
		double sum = 0;
		for (int i = Math.max(0, np - 6); i < np; i++) sum += ex[i];
		res.braggFraction[t] = total > 0 ? sum / total : 0;
		s.poly[t] = severalOrientations(pk, np);
	}

	/** The candidate reflections of one window (see {@link Spectra}). */
	private static double[] candidateReflections(Geometry g, Scratch k) {
		int m = g.m, nb = g.nb;
		int[] bx = g.bx, by = g.by, br = g.br;
		double[] pw = k.pw, med = k.med;
		double[] cl = new double[CS * 8], around = new double[24];
		int nc = 0;
		for (int i = 0; i < nb; i++) {
			double p = k.bandP[i], bg = med[br[i]];
			if (!(p > 6 * bg)) continue;
			if (!localMaximum(pw, m, bx[i], by[i], p)) continue;
			// the local background: the median of the 16 bins two away, when above the ring median (a
			// lattice reflection of a Hann window leaks < 3 % of its power there; anisotropic noise or speckle,
			// e.g. from separable filters or scan noise, is as strong there as in the peak, and the streak of an
			// edge through the window crosses that square in 2-4 bins)
			for (int d = -3, c = 0; d <= 3; d++) {
				around[c++] = LatticeFft.at(pw, m, bx[i] + d, by[i] - 3);
				around[c++] = LatticeFft.at(pw, m, bx[i] + d, by[i] + 3);
				if (d > -3 && d < 3) {
					around[c++] = LatticeFft.at(pw, m, bx[i] - 3, by[i] + d);
					around[c++] = LatticeFft.at(pw, m, bx[i] + 3, by[i] + d);
				}
			}
			Arrays.sort(around);
			double lbg = Math.max(bg, 0.5 * (around[11] + around[12])); // for the significance only: the excess is over the ring's noise
			if (!(p > 6 * lbg)) continue;
			// not a streak through the origin (the Fourier transform of an edge, a gradient or a scan line, whose
			// power falls slowly along the radius): two bins in and out along the radius a lattice reflection has
			// faded
			double r0 = Math.hypot(bx[i], by[i]);
			double pin = LatticeFft.at(pw, m, (int) Math.round(bx[i] * (r0 - 2) / r0), (int) Math.round(by[i] * (r0 - 2) /
				r0)), pout = LatticeFft.at(pw, m, (int) Math.round(bx[i] * (r0 + 2) / r0), (int) Math.round(by[i] * (r0 +
					2) / r0));
			if (0.5 * (pin + pout) - bg > 0.25 * (p - bg)) continue;
			double e = 0, sw = 0, sr = 0;
			for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
				double rq = Math.hypot(bx[i] + dx, by[i] + dy);
				double q = LatticeFft.at(pw, m, bx[i] + dx, by[i] + dy) - med[Math.min(g.kmax + 1, (int) Math.round(rq))] /
					LN2;
				e += q;
				if (q > 0) {
					sw += q;
					sr += q * rq;
				}
			}
			if (CS * nc + CS > cl.length) cl = Arrays.copyOf(cl, 2 * cl.length);
			cl[CS * nc] = sw > 0 ? sr / sw : Math.hypot(bx[i], by[i]);
			cl[CS * nc + 1] = e;
			cl[CS * nc + 2] = p / lbg;
			cl[CS * nc + 3] = i;
			nc++;
		}
		return Arrays.copyOf(cl, CS * nc);
	}

	/** The spectrum around the band and the ring medians of window t, kept for the guided growth. */
	private static void keepSpectrum(Geometry g, Scratch k, Spectra s, int t) {
		int m = g.m, kq = s.kq, sq = s.sq;
		for (int ky = 0; ky <= kq; ky++) {
			int os = t * sq + ky * (2 * kq + 1) + kq, op = ky * m;
			for (int kx = -kq; kx <= kq; kx++) s.store[os + kx] = (float) k.pw[op + (kx < 0 ? kx + m : kx)];
		}
		for (int r = 0; r < k.ring.length; r++) s.medStore[t * k.ring.length + r] = (float) k.med[r];
	}

	/** Lattice periods with, for the rings found in the windows, the refined spacing's sigma and direction (NaN otherwise). */
	private static final class Rings {
		final List<Double> per = new ArrayList<>(), sigma = new ArrayList<>(), angle = new ArrayList<>();
		/** Every ring that recurs in the windows, refined there: {period px, sigma px, angle degrees}. */
		final List<double[]> refined = new ArrayList<>();

		void add(double p, double s, double a) {
			per.add(p);
			sigma.add(s);
			angle.add(a);
		}
	}

	/** Fraction of windows allowed a chance reflection significant over the whole band when clustering radii. */
	private static final double CLUSTER_ALARM = 0.2;

	/**
	 * Lattice periods: those of the whole image's averaged spectrum, and radii where reflections significant over
	 * the whole band of one window (N 2^-T = falseAlarm) recur in more windows than chance gives.
	 */
	private Rings latticeRings(double[] img, int w, Geometry g, double[][] cand) {
		int m = g.m, nt = g.nt;
		List<double[]> strong = strongReflections(g, cand);
		Rings rings = new Rings();
		for (double p : g.periods) if (p >= minPeriodPx && p <= g.maxP * 1.05) rings.add(p, Double.NaN, Double.NaN);
		double[] sr = new double[strong.size()];
		for (int i = 0; i < sr.length; i++) sr[i] = strong.get(i)[0];
		boolean[] usedR = new boolean[sr.length];
		while (true) {
			int best = densestCluster(sr, usedR);
			if (best < 0) break;
			double r0 = sr[best], tol = Math.max(0.75, 0.03 * r0), sum = 0;
			int c = 0;
			List<double[]> members = new ArrayList<>();
			for (int k = 0; k < sr.length; k++) if (!usedR[k] && Math.abs(sr[k] - r0) <= tol) {
				usedR[k] = true;
				sum += sr[k];
				c++;
				members.add(strong.get(k));
			}
			// false alarms expected in this radial interval: falseAlarm per window spread over the band's radii
			double lambda = CLUSTER_ALARM * nt * 2 * tol / Math.max(1, g.kmax - g.kmin + 1);
			// and a peak of the radial distribution: edge streaks and leftovers spread over all radii
			// (radii already taken by a denser cluster, a neighbouring phase, do not count)
			int side = 0;
			for (int k = 0; k < sr.length; k++) if (!usedR[k] && Math.abs(sr[k] - r0) > tol && Math.abs(sr[k] - r0) <= 3 * tol) side++;
			if (c < Math.max(3, lambda + 4 * Math.sqrt(lambda) + 1) || c < side + 3) continue;
			double per = m / (sum / c);
			boolean known = false;
			for (double p : rings.per) known |= Math.abs(m / p - sum / c) <= tol;
			// the spacing itself: each member window's reflection refined off the FFT grid (maximum of the windowed
			// DTFT), then the refined periods gathered (two phases a few per cent apart share one coarse cluster)
			List<double[]> fine = refineRing(img, w, m, g.tx, g.st, g.bx, g.by, members, threads);
			rings.refined.addAll(fine);
			if (known) continue;
			if (fine.isEmpty()) rings.add(per, Double.NaN, Double.NaN);
			for (double[] f : fine) rings.add(f[0], f[1], f[2]);
		}
		return rings;
	}

	/** {radius, window, band index, excess} of the reflections significant over the whole band, by radius. */
	private static List<double[]> strongReflections(Geometry g, double[][] cand) {
		double tAll = Math.log(g.nb / CLUSTER_ALARM) / LN2;
		List<double[]> strong = new ArrayList<>();
		for (int t = 0; t < g.nt; t++) for (int q = 0; q < cand[t].length; q += CS) if (cand[t][q + 2] > tAll) strong.add(
			new double[] { cand[t][q], t, cand[t][q + 3], cand[t][q + 1] });
		strong.sort((a, b) -> Double.compare(a[0], b[0]));
		return strong;
	}

	/** The radius with the most unused radii within max(0.75 bins, 3 %) of it; -1 when none is left. */
	private static int densestCluster(double[] sr, boolean[] usedR) {
		int best = -1, bestN = 0;
		for (int i = 0; i < sr.length; i++) {
			if (usedR[i]) continue;
			int c = 0;
			for (int k = 0; k < sr.length; k++) if (!usedR[k] && Math.abs(sr[k] - sr[i]) <= Math.max(0.75, 0.03 * sr[i])) c++;
			if (c > bestN) {
				bestN = c;
				best = i;
			}
		}
		return best;
	}

	/**
	 * The lattice rings: within max(1.5 bins, 6 %) of a lattice period; the significance threshold over their
	 * bins: power of Hann-windowed noise or speckle is exponential about its ring median / ln 2, so the largest of
	 * the N lattice-ring bins of a window without lattice exceeds T times the median with probability N 2^-T.
	 */
	private double ringSignificance(Geometry g, double[] per) {
		int m = g.m, nf = per.length, nAllowed = 0;
		for (int i = 0; i < g.nb; i++) {
			double r = Math.hypot(g.bx[i], g.by[i]);
			for (int j = 0; j < nf; j++) if (Math.abs(r - m / per[j]) <= Math.max(1.5, 0.06 * m / per[j])) {
				nAllowed++;
				break;
			}
		}
		return Math.max(6, Math.log(Math.max(1, nAllowed) / falseAlarm) / LN2);
	}

	/**
	 * Each window's strongest significant reflection per lattice ring (family j: excess famEx[j nt + t], NaN when
	 * none, at band bin famBin), and the windows with only a borderline reflection or an unassigned one.
	 */
	private static final class Reflections {
		final double[] famEx;
		final int[] famBin;
		final boolean[] borderline, unassigned;

		Reflections(int nf, int nt) {
			famEx = new double[Math.max(1, nf) * nt];
			Arrays.fill(famEx, Double.NaN);
			borderline = new boolean[nt];
			unassigned = new boolean[nt];
			famBin = new int[Math.max(1, nf) * nt];
		}
	}

	/** Assign each window's significant candidates to the nearest lattice ring. */
	private Reflections assignReflections(Geometry g, double[][] cand, double[] per, double sig) {
		int m = g.m, nt = g.nt, nf = per.length;
		Reflections f = new Reflections(nf, nt);
		// a reflection off the lattice rings counts as a missed phase when significant over the whole band
		final double tStrict = Math.log(g.nb / falseAlarm) / LN2;
		for (int t = 0; t < nt; t++) for (int q = 0; q < cand[t].length; q += CS) {
			double r = cand[t][q], e = cand[t][q + 1];
			if (!(cand[t][q + 2] > sig)) {
				if (cand[t][q + 2] > sig - 2) for (int k = 0; k < nf; k++) f.borderline[t] |= Math.abs(r - m / per[k]) <= Math.max(
					1.5, 0.06 * m / per[k]);
				continue;
			}
			int j = -1;
			double bd = Double.MAX_VALUE;
			for (int k = 0; k < nf; k++) {
				double kf = m / per[k], d = Math.abs(r - kf);
				if (d <= Math.max(1.5, 0.06 * kf) && d < bd) {
					bd = d;
					j = k;
				}
			}
			if (j < 0 && cand[t][q + 2] > tStrict) f.unassigned[t] = true;
			if (j >= 0 && (Double.isNaN(f.famEx[j * nt + t]) || e > f.famEx[j * nt + t])) {
				f.famEx[j * nt + t] = e;
				f.famBin[j * nt + t] = (int) cand[t][q + 3];
			}
		}
		return f;
	}

	/**
	 * A window filled by a lattice: the 90th percentile of that ring's significant reflections (the largest when
	 * fewer than 5); the share of a window is the amplitude ratio (power ~ covered area squared).
	 */
	private static double[] filledWindowReference(Geometry g, Reflections f, int nf) {
		int nt = g.nt;
		double[] ref = new double[Math.max(1, nf)];
		for (int j = 0; j < nf; j++) {
			double[] v = new double[nt];
			int c = 0;
			for (int t = 0; t < nt; t++) if (f.famEx[j * nt + t] > 0) v[c++] = f.famEx[j * nt + t];
			if (c == 0) continue;
			Arrays.sort(v, 0, c);
			ref[j] = c < 5 ? v[c - 1] : v[(int) Math.ceil(0.9 * c) - 1];
		}
		return ref;
	}

	/**
	 * Guided growth: a grain seen in one window reaches into its neighbours with the same reflection (same
	 * lattice, same orientation: the same Fourier bin); there the reflection is one test, not a search over the
	 * band, so a partly covered window counts when its 3x3 power exceeds the 99 % point of 9 noise bins (Gamma(9):
	 * 17.4 times their mean). Without it, windows partly covered by a grain fall below the band's significance and
	 * the grains shrink by about a quarter window at every boundary.
	 */
	private static void growGrains(Geometry g, Spectra s, Reflections f, int nf) {
		int nt = g.nt, tx = g.tx, ty = g.ty, kmax = g.kmax, kq = s.kq, sq = s.sq;
		int[] bx = g.bx, by = g.by;
		double[] famEx = f.famEx;
		float[] store = s.store, medStore = s.medStore;
		int[] queue = new int[Math.max(1, nf) * nt];
		int qh = 0, qt = 0;
		for (int j = 0; j < nf; j++) for (int t = 0; t < nt; t++) if (famEx[j * nt + t] > 0) queue[qt++] = j * nt + t;
		while (qh < qt) {
			int jt = queue[qh++], j = jt / nt, t = jt % nt, b = f.famBin[jt];
			int ix = t % tx, iy = t / tx;
			for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
				int qx = ix + dx, qy = iy + dy;
				if ((dx == 0 && dy == 0) || qx < 0 || qy < 0 || qx >= tx || qy >= ty) continue;
				int t2 = qy * tx + qx;
				if (!Double.isNaN(famEx[j * nt + t2])) continue;
				double sum = 0, mu = 0, e = 0;
				for (int ey = -1; ey <= 1; ey++) for (int ex = -1; ex <= 1; ex++) {
					int kx = bx[b] + ex, ky = by[b] + ey;
					double rq = Math.hypot(kx, ky);
					double nm = medStore[t2 * (kmax + 2) + Math.min(kmax + 1, (int) Math.round(rq))] / LN2;
					double p = stored(store, t2 * sq, kq, kx, ky);
					sum += p;
					mu += nm;
					e += p - nm;
				}
				if (!(sum > GAMMA9_99 * mu / 9)) continue;
				// not a streak through the origin (an edge or a step crossing this window): faded two bins in and out
				double r0 = Math.hypot(bx[b], by[b]), bg = mu / 9 * LN2;
				double pc = stored(store, t2 * sq, kq, bx[b], by[b]);
				double pin = stored(store, t2 * sq, kq, (int) Math.round(bx[b] * (r0 - 2) / r0), (int) Math.round(by[b] * (r0 -
					2) / r0)), pout = stored(store, t2 * sq, kq, (int) Math.round(bx[b] * (r0 + 2) / r0), (int) Math.round(by[b] *
						(r0 + 2) / r0));
				if (0.5 * (pin + pout) - bg > 0.25 * (pc - bg)) continue;
				famEx[j * nt + t2] = e;
				f.famBin[j * nt + t2] = b;
				queue[qt++] = j * nt + t2;
			}
		}
	}

	/** Each window's crystalline share (its strongest family relative to a filled window), counts and class. */
	private void classifyWindows(Result.Builder res, Geometry g, Reflections f, double[] ref, boolean[] poly, int nf) {
		int nt = g.nt;
		for (int t = 0; t < nt; t++) {
			double share = 0;
			boolean any = false;
			for (int j = 0; j < nf; j++) {
				double e = f.famEx[j * nt + t];
				if (!(e > 0) || !(ref[j] > 0)) continue;
				any = true;
				share = Math.max(share, Math.min(1, Math.sqrt(e / ref[j])));
			}
			if (any) res.significantWindows++;
			else if (f.borderline[t]) res.borderlineWindows++;
			if (f.unassigned[t] && share < threshold) res.unassignedWindows++;
			res.metric[t] = share;
			byte cls = AMORPHOUS;
			if (share >= threshold) cls = poly[t] ? (byte) POLYCRYSTALLINE : (byte) CRYSTALLINE;
			res.tileClass[t] = cls;
		}
	}

	/** The map at step resolution, the area fractions from the interpolated metric and their uncertainty. */
	private void mapAndFractions(Result.Builder res, int w, int h, Geometry g) {
		int nt = g.nt, ms = g.ms;
		res.mapStep = ms;
		res.mapW = (w + ms - 1) / ms;
		res.mapH = (h + ms - 1) / ms;
		res.classMap = new double[res.mapW * res.mapH];
		res.metricMap = new double[res.mapW * res.mapH];
		res.braggMap = new double[res.mapW * res.mapH];
		for (int j = 0; j < res.mapH; j++) for (int i = 0; i < res.mapW; i++) {
			double x = Math.min(w, (i + 0.5) * ms), y = Math.min(h, (j + 0.5) * ms);
			double v = interpolate(res, x, y);
			res.metricMap[j * res.mapW + i] = v;
			res.braggMap[j * res.mapW + i] = interpolate(res.braggFraction, res, x, y);
			res.classMap[j * res.mapW + i] = v >= threshold ? nearestClass(res, x, y, true) : AMORPHOUS;
		}
		double[] f = fractions(res, w, h, threshold);
		res.crystallineFraction = f[0];
		res.polycrystallineFraction = f[1];
		res.amorphousFraction = 1 - f[0];
		// uncertainty: how much the fraction moves when the threshold moves by +-10 % (the reference amplitude of a
		// filled window, the 90th percentile of its ring's windows, is known to about that; +-30 % before the grown
		// windows made the share linear in the covered area: the stated sigma then covered 23 of 24 stress mosaics)
		double lo = fractions(res, w, h, threshold * 0.9)[0], hi = fractions(res, w, h, threshold * 1.1)[0];
		// plus the area of half a window step along the class boundaries, through the sensitivity above
		// plus half the share of windows whose lattice reflection is borderline (they may or may not be crystalline)
		double undecided = (0.5 * res.borderlineWindows + res.unassignedWindows) / (double) nt;
		res.crystallineUncertainty = Math.max(Math.hypot(0.5 * Math.abs(lo - hi), undecided), 1.0 / (nt * 4.0));
	}

	private static final double LN2 = Math.log(2);
	/** Candidate record stride: radius (bins), excess, strength, band index. */
	private static final int CS = 4;
	/** 99 % point of the sum of 9 unit-mean exponentials (Gamma(9, 1)). */
	private static final double GAMMA9_99 = 17.4;

	private static int weakest(double[] pk, int np) {
		int k = 0;
		for (int i = 1; i < np; i++) if (pk[i * 4] < pk[k * 4]) k = i;
		return k;
	}

	/**
	 * Refined periods of one ring found by recurrence: the 48 strongest member windows' reflections moved off the
	 * FFT grid to the maximum of the windowed DTFT, gathered greedily within 1.5 % from the densest; a group of at
	 * least 4 windows and a quarter of the refined ones is a spacing {period px, sigma px (sd / sqrt n), angle}.
	 */
	private static List<double[]> refineRing(double[] img, int w, int m, int tx, int st, int[] bx, int[] by,
		List<double[]> members, int threads) {
		members.sort((a, b) -> Double.compare(b[3], a[3]));
		int n = Math.min(48, members.size());
		double[] per = new double[n], ang = new double[n], str = new double[n];
		Parallel.forRange(n, threads, (from, to) -> {
			for (int i = from; i < to; i++) {
				double[] mb = members.get(i);
				int t = (int) mb[1], b = (int) mb[2];
				double[] win = LatticeFft.windowed(img, w, (t % tx) * st, (t / tx) * st, m);
				double[] k = LatticeFft.refine(win, m, bx[b] / (double) m, by[b] / (double) m, 1.0 / m);
				per[i] = 1 / Math.hypot(k[0], k[1]);
				double a = Math.toDegrees(Math.atan2(k[1], k[0]));
				ang[i] = ((a % 180) + 180) % 180;
				str[i] = mb[3];
			}
		});
		List<double[]> out = new ArrayList<>();
		boolean[] used = new boolean[n];
		while (true) {
			int best = -1, bestN = 0;
			for (int i = 0; i < n; i++) {
				if (used[i]) continue;
				int c = 0;
				for (int k = 0; k < n; k++) if (!used[k] && Math.abs(per[k] / per[i] - 1) <= 0.015) c++;
				if (c > bestN) {
					bestN = c;
					best = i;
				}
			}
			if (best < 0 || bestN < Math.max(4, 0.25 * n)) break;
			double p0 = per[best], s = 0, ss = 0, top = -1, a = Double.NaN;
			int c = 0;
			for (int k = 0; k < n; k++) if (!used[k] && Math.abs(per[k] / p0 - 1) <= 0.015) {
				used[k] = true;
				s += per[k];
				ss += per[k] * per[k];
				c++;
				if (str[k] > top) {
					top = str[k];
					a = ang[k];
				}
			}
			double mean = s / c, sd = Math.sqrt(Math.max(0, ss / c - mean * mean) * c / (c - 1.0));
			out.add(new double[] { mean, Math.max(sd / Math.sqrt(c), 0.002 * mean), a });
		}
		return out;
	}

	/** The k-th smallest of a[0..n) (Hoare's selection; reorders a): the ring medians without sorting every ring. */
	static double select(double[] a, int n, int k) {
		return org.interphase.core.Selection.kth(a, n, k);
	}

	/** Power at (kx, ky) from a window's stored half-plane square (Friedel symmetry for ky < 0; 0 outside). */
	private static double stored(float[] store, int off, int kq, int kx, int ky) {
		if (ky < 0) {
			kx = -kx;
			ky = -ky;
		}
		if (ky > kq || kx < -kq || kx > kq) return 0;
		return store[off + ky * (2 * kq + 1) + kx + kq];
	}

	/** Two strong peaks at the same spacing but at angles one lattice cannot give. */
	static boolean severalOrientations(double[] pk, int np) {
		double top = 0;
		for (int i = 0; i < np; i++) top = Math.max(top, pk[i * 4]);
		for (int i = 0; i < np; i++) for (int j = i + 1; j < np; j++) {
			if (pk[i * 4] < 0.15 * top || pk[j * 4] < 0.15 * top) continue;
			double ki = pk[i * 4 + 1], kj = pk[j * 4 + 1];
			// tolerances include the FFT grid quantisation at this radius (1.5 bins)
			double kmin = Math.min(ki, kj);
			if (Math.abs(ki - kj) > Math.max(0.06 * Math.max(ki, kj), 1.5)) continue;
			double tol = Math.max(5, Math.toDegrees(1.5 / kmin));
			double d = Math.abs(pk[i * 4 + 2] - pk[j * 4 + 2]) % 180;
			if (d > 90) d = 180 - d;
			if (d < tol) continue;
			if (Math.abs(d - 60) < tol || Math.abs(d - 90) < tol) continue;
			return true;
		}
		return false;
	}

	/** Metric at image point (x, y) by bilinear interpolation between window centres (clamped). */
	static double interpolate(Result.Builder r, double x, double y) {
		return interpolate(r.metric, r, x, y);
	}

	static double interpolate(double[] m, Result.Builder r, double x, double y) {
		double fx = (x - r.window / 2.0) / r.step, fy = (y - r.window / 2.0) / r.step;
		fx = Math.max(0, Math.min(r.tilesX - 1, fx));
		fy = Math.max(0, Math.min(r.tilesY - 1, fy));
		int ix = Math.min(r.tilesX - 2, (int) fx), iy = Math.min(r.tilesY - 2, (int) fy);
		if (r.tilesX == 1) ix = 0;
		if (r.tilesY == 1) iy = 0;
		double ax = r.tilesX == 1 ? 0 : fx - ix, ay = r.tilesY == 1 ? 0 : fy - iy;
		int x1 = Math.min(r.tilesX - 1, ix + 1), y1 = Math.min(r.tilesY - 1, iy + 1);
		return (1 - ay) * ((1 - ax) * m[iy * r.tilesX + ix] + ax * m[iy * r.tilesX + x1]) + ay * ((1 - ax) * m[y1 *
			r.tilesX + ix] + ax * m[y1 * r.tilesX + x1]);
	}

	/** Class of the nearest crystalline window (crystalline or polycrystalline). */
	private static int nearestClass(Result.Builder r, double x, double y, boolean crystallineOnly) {
		int ix = (int) Math.round((x - r.window / 2.0) / r.step), iy = (int) Math.round((y - r.window / 2.0) / r.step);
		ix = Math.max(0, Math.min(r.tilesX - 1, ix));
		iy = Math.max(0, Math.min(r.tilesY - 1, iy));
		int c = r.tileClass[iy * r.tilesX + ix];
		if (c != AMORPHOUS || !crystallineOnly) return c;
		// the nearest window itself is below the threshold: look at the 3x3 neighbours
		for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
			int qx = ix + dx, qy = iy + dy;
			if (qx < 0 || qy < 0 || qx >= r.tilesX || qy >= r.tilesY) continue;
			if (r.tileClass[qy * r.tilesX + qx] == POLYCRYSTALLINE) return POLYCRYSTALLINE;
		}
		return CRYSTALLINE;
	}

	/** {crystalline (incl. polycrystalline) fraction, polycrystalline fraction} of the image area. */
	private static double[] fractions(Result.Builder r, int w, int h, double thr) {
		int fs = Math.max(1, r.mapStep / 8);
		long n = 0, c = 0, p = 0;
		for (int y = fs / 2; y < h; y += fs) for (int x = fs / 2; x < w; x += fs) {
			n++;
			double v = interpolate(r, x + 0.5, y + 0.5);
			if (v >= thr) {
				c++;
				if (nearestClass(r, x + 0.5, y + 0.5, true) == POLYCRYSTALLINE) p++;
			}
		}
		return new double[] { c / (double) n, p / (double) n };
	}
}
