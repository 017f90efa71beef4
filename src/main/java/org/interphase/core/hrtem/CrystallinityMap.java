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

	public int window = WINDOW.integer();
	/** Step between windows, px; 0 = half a window. */
	public int step = STEP.integer();
	public double minPeriodPx = 2.5;
	/** Longest period, px; NaN = a third of the window. */
	public double maxPeriodPx = Double.NaN;
	public double peakStrength = 12;
	/** Crystalline-share threshold between amorphous and crystalline (0.5: half the window covered by fringes). */
	public double threshold = THRESHOLD.number();
	/** Allowed rate of windows of pure noise or speckle that show a significant peak on a lattice ring. */
	public double falseAlarm = 0.02;
	/**
	 * Lattice periods (px) of the image; null = found by {@link PhaseSpacings} on the averaged spectrum of the
	 * whole image (far more sensitive than one window).
	 */
	public double[] periodsPx;
	/** Enlarge the window (powers of two, up to a third of the image) until it holds 4.5 of the longest period. */
	public boolean adaptWindow = true;
	/** Grow each grain's reflection into neighbouring windows (same Fourier bin, one test per window). */
	public boolean grow = true;
	public int threads = 1;

	public static final class Result {
		public int window, step, tilesX, tilesY;
		/**
		 * Per window (row-major over tilesX x tilesY): crystalline share (amplitude of its strongest significant
		 * lattice reflection relative to a window filled by that lattice), Bragg fraction and class.
		 */
		public double[] metric, braggFraction;
		/** Lattice periods (px) the windows were tested on, and the significance threshold (peak / ring median). */
		public double[] periodsPx;
		/**
		 * Per period: NaN when it comes from the whole image's spectrum; for a ring found only by its recurrence in
		 * the windows, the uncertainty (px) of its spacing refined in those windows and the direction (degrees in
		 * [0, 180)) of its strongest window's reflection.
		 */
		public double[] periodSigmaPx, periodAngleDeg;
		/** Every ring that recurs in the windows, refined there: {period px, sigma px, angle degrees}. */
		public double[][] refinedPeriods = new double[0][];
		public double significance;
		/** Windows with a significant lattice reflection, and the number of windows. */
		public int significantWindows;
		/**
		 * Windows without a significant reflection but with one on a lattice ring within a factor 4 of the
		 * significance threshold: lattice too weak (low dose, damped fringes, small grain) or noise.
		 */
		public int borderlineWindows;
		/** Windows whose only significant reflections lie on no lattice ring of the image (a phase not resolved). */
		public int unassignedWindows;
		public byte[] tileClass;
		/**
		 * The map covering the image at mapStep resolution (half the requested window, also when the analysis
		 * window grew): mapW x mapH, class values 0/1/2 and the metric.
		 */
		public int mapW, mapH, mapStep;
		public double[] classMap, metricMap, braggMap;
		public double crystallineFraction, crystallineUncertainty, polycrystallineFraction, amorphousFraction;
		public double threshold;
	}

	public Result compute(double[] img, int w, int h) {
		int mw = window;
		if (mw < 16 || (mw & (mw - 1)) != 0) throw new IllegalArgumentException("window must be a power of two >= 16, not " +
			mw);
		if (w < mw || h < mw) throw new IllegalArgumentException("image (" + w + "x" + h + ") smaller than the window (" +
			mw + " px)");
		double[] periods = periodsPx;
		// the window holds at least 4 periods of the longest strong lattice period (power >= half the strongest;
		// a 64 px window holds under three periods of 0.6 nm at 0.025 nm/px, whose reflection then falls below the
		// band); weaker long periods are too often the streaks of edges or gradients
		double longest = 0;
		if (periods == null) {
			PhaseSpacings ps = new PhaseSpacings();
			ps.threads = threads;
			ps.minPeriodPx = minPeriodPx;
			ps.maxPeriodPx = Double.isNaN(maxPeriodPx) ? Math.max(mw / 3.0, 48) : maxPeriodPx;
			List<PhaseSpacings.Spacing> found = w >= 32 && h >= 32 ? ps.find(img, w, h) : new ArrayList<>();
			periods = PhaseSpacings.periods(found);
			double top = found.isEmpty() ? 0 : found.get(0).power;
			for (PhaseSpacings.Spacing sp : found) if (sp.power >= 0.5 * top) longest = Math.max(longest, sp.periodPx);
		}
		else for (double p : periods) longest = Math.max(longest, p);
		if (adaptWindow) while (mw < 4 * longest && 2 * mw <= Math.min(w, h) / 3 && mw < 512) mw *= 2;
		final int m = mw;
		int st = step > 0 ? step : m / 2;
		// the map keeps the resolution of the requested window (half of it) when the window grows
		final int ms = step > 0 ? step : window / 2;
		int tx = (w - m) / st + 1, ty = (h - m) / st + 1;
		double maxP = Double.isNaN(maxPeriodPx) ? m / 3.0 : maxPeriodPx;
		if (adaptWindow) for (double p : periods) maxP = Math.max(maxP, Math.min(p * 1.1, m / 3.0));
		int kmin = Math.max(2, (int) Math.floor(m / maxP)), kmax = Math.min(m / 2 - 1, (int) Math.ceil(m / minPeriodPx));
		// bins of the half-plane band, grouped by ring
		List<int[]> bins = new ArrayList<>();
		for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
			if (ky == 0 && kx <= 0) continue;
			double r = Math.hypot(kx, ky);
			if (r < kmin - 0.5 || r > kmax + 0.5) continue;
			bins.add(new int[] { kx, ky, (int) Math.round(r) });
		}
		int nb = bins.size();
		int[] bx = new int[nb], by = new int[nb], br = new int[nb];
		int[] ringCount = new int[kmax + 2];
		for (int i = 0; i < nb; i++) {
			bx[i] = bins.get(i)[0];
			by[i] = bins.get(i)[1];
			br[i] = bins.get(i)[2];
			ringCount[br[i]]++;
		}
		final int nt = tx * ty;
		// candidate reflections of every window: 3x3 maxima above 6 times their ring median, {radius (power-weighted
		// centroid, bins), 3x3 power above the noise mean, peak / ring median}
		final double[][] cand = new double[nt][];
		final boolean[] poly = new boolean[tx * ty];
		double[] hw = LatticeFft.hann(m);
		Result res = new Result();
		res.window = m;
		res.step = st;
		res.tilesX = tx;
		res.tilesY = ty;
		res.metric = new double[tx * ty];
		res.braggFraction = new double[tx * ty];
		res.tileClass = new byte[tx * ty];
		res.threshold = threshold;
		final int kmaxF = kmax;
		// per window: the half-plane square |kx|, ky <= kmax + 1 of its power spectrum, and its ring medians
		final int kq = kmax + 1, sq = (2 * kq + 1) * (kq + 1);
		final float[] store = new float[nt * sq], medStore = new float[nt * (kmax + 2)];
		Parallel.forRange(tx * ty, threads, (from, to) -> {
			DoubleFFT_2D fft = new DoubleFFT_2D(m, m);
			double[] buf = new double[2 * m * m], pw = new double[m * m];
			double[][] ring = new double[kmaxF + 2][];
			for (int r = 0; r < ring.length; r++) ring[r] = new double[ringCount[r]];
			int[] fill = new int[kmaxF + 2];
			double[] med = new double[kmaxF + 2];
			double[] bandP = new double[nb];
			for (int t = from; t < to; t++) {
				int x0 = (t % tx) * st, y0 = (t / tx) * st;
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
				fft.realForwardFull(buf);
				for (int i = 0; i < m * m; i++) pw[i] = buf[2 * i] * buf[2 * i] + buf[2 * i + 1] * buf[2 * i + 1];
				Arrays.fill(fill, 0);
				double total = 0;
				for (int i = 0; i < nb; i++) {
					double p = LatticeFft.at(pw, m, bx[i], by[i]);
					bandP[i] = p;
					total += p;
					ring[br[i]][fill[br[i]]++] = p;
				}
				for (int r = 0; r < ring.length; r++) {
					if (fill[r] == 0) continue;
					med[r] = select(ring[r], fill[r], fill[r] / 2);
				}
				// Bragg peaks
				double[] pk = new double[8 * 4];
				int np = 0;
				for (int i = 0; i < nb; i++) {
					double p = bandP[i], bg = med[br[i]];
					if (!(p > peakStrength * bg)) continue;
					boolean max = true;
					for (int dy = -1; dy <= 1 && max; dy++) for (int dx = -1; dx <= 1; dx++) {
						if ((dx != 0 || dy != 0) && LatticeFft.at(pw, m, bx[i] + dx, by[i] + dy) > p) {
							max = false;
							break;
						}
					}
					if (!max) continue;
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
				poly[t] = severalOrientations(pk, np);
				double[] cl = new double[CS * 8], around = new double[24];
				int nc = 0;
				for (int i = 0; i < nb; i++) {
					double p = bandP[i], bg = med[br[i]];
					if (!(p > 6 * bg)) continue;
					boolean max = true;
					for (int dy = -1; dy <= 1 && max; dy++) for (int dx = -1; dx <= 1; dx++) {
						if ((dx != 0 || dy != 0) && LatticeFft.at(pw, m, bx[i] + dx, by[i] + dy) > p) {
							max = false;
							break;
						}
					}
					if (!max) continue;
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
						double q = LatticeFft.at(pw, m, bx[i] + dx, by[i] + dy) - med[Math.min(kmaxF + 1, (int) Math.round(rq))] /
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
				cand[t] = Arrays.copyOf(cl, CS * nc);
				// the spectrum around the band and the ring medians, kept for the guided growth below
				for (int ky = 0; ky <= kq; ky++) {
					int os = t * sq + ky * (2 * kq + 1) + kq, op = ky * m;
					for (int kx = -kq; kx <= kq; kx++) store[os + kx] = (float) pw[op + (kx < 0 ? kx + m : kx)];
				}
				for (int r = 0; r < ring.length; r++) medStore[t * ring.length + r] = (float) med[r];
			}
		});
		// lattice periods: those of the whole image's averaged spectrum, and radii where reflections significant
		// over the whole band of one window (N 2^-T = falseAlarm) recur in more windows than chance gives
		final double clusterAlarm = 0.2;
		double tAll = Math.log(nb / clusterAlarm) / LN2;
		// {radius, window, band index, excess} of the reflections significant over the whole band, by radius
		List<double[]> strong = new ArrayList<>();
		for (int t = 0; t < nt; t++) for (int q = 0; q < cand[t].length; q += CS) if (cand[t][q + 2] > tAll) strong.add(
			new double[] { cand[t][q], t, cand[t][q + 3], cand[t][q + 1] });
		strong.sort((a, b) -> Double.compare(a[0], b[0]));
		// periods with, for the rings found in the windows, the refined spacing's sigma and direction (NaN otherwise)
		List<Double> perList = new ArrayList<>(), sigList = new ArrayList<>(), angList = new ArrayList<>();
		for (double p : periods) if (p >= minPeriodPx && p <= maxP * 1.05) {
			perList.add(p);
			sigList.add(Double.NaN);
			angList.add(Double.NaN);
		}
		List<double[]> refined = new ArrayList<>();
		double[] sr = new double[strong.size()];
		for (int i = 0; i < sr.length; i++) sr[i] = strong.get(i)[0];
		boolean[] usedR = new boolean[sr.length];
		while (true) {
			// densest cluster of unused radii (within max(0.75 bins, 3 %))
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
			double lambda = clusterAlarm * nt * 2 * tol / Math.max(1, kmax - kmin + 1);
			// and a peak of the radial distribution: edge streaks and leftovers spread over all radii
			// (radii already taken by a denser cluster, a neighbouring phase, do not count)
			int side = 0;
			for (int k = 0; k < sr.length; k++) if (!usedR[k] && Math.abs(sr[k] - r0) > tol && Math.abs(sr[k] - r0) <= 3 * tol) side++;
			if (c < Math.max(3, lambda + 4 * Math.sqrt(lambda) + 1) || c < side + 3) continue;
			double per = m / (sum / c);
			boolean known = false;
			for (double p : perList) known |= Math.abs(m / p - sum / c) <= tol;
			// the spacing itself: each member window's reflection refined off the FFT grid (maximum of the windowed
			// DTFT), then the refined periods gathered (two phases a few per cent apart share one coarse cluster)
			List<double[]> fine = refineRing(img, w, m, tx, st, bx, by, members, threads);
			refined.addAll(fine);
			if (known) continue;
			if (fine.isEmpty()) {
				perList.add(per);
				sigList.add(Double.NaN);
				angList.add(Double.NaN);
			}
			for (double[] f : fine) {
				perList.add(f[0]);
				sigList.add(f[1]);
				angList.add(f[2]);
			}
		}
		final double[] per = perList.stream().mapToDouble(Double::doubleValue).toArray();
		final int nf = per.length;
		// the lattice rings: within max(1.5 bins, 6 %) of a lattice period; the significance threshold over their
		// bins: power of Hann-windowed noise or speckle is exponential about its ring median / ln 2, so the largest
		// of the N lattice-ring bins of a window without lattice exceeds T times the median with probability N 2^-T
		int nAllowed = 0;
		for (int i = 0; i < nb; i++) {
			double r = Math.hypot(bx[i], by[i]);
			for (int j = 0; j < nf; j++) if (Math.abs(r - m / per[j]) <= Math.max(1.5, 0.06 * m / per[j])) {
				nAllowed++;
				break;
			}
		}
		final double sig = Math.max(6, Math.log(Math.max(1, nAllowed) / falseAlarm) / LN2);
		res.periodsPx = per;
		res.refinedPeriods = refined.toArray(new double[0][]);
		res.periodSigmaPx = sigList.stream().mapToDouble(Double::doubleValue).toArray();
		res.periodAngleDeg = angList.stream().mapToDouble(Double::doubleValue).toArray();
		res.significance = sig;
		final double[] famEx = new double[Math.max(1, nf) * nt];
		Arrays.fill(famEx, Double.NaN);
		final boolean[] borderline = new boolean[nt], unassigned = new boolean[nt];
		// a reflection off the lattice rings counts as a missed phase when significant over the whole band
		final double tStrict = Math.log(nb / falseAlarm) / LN2;
		final int[] famBin = new int[Math.max(1, nf) * nt];
		for (int t = 0; t < nt; t++) for (int q = 0; q < cand[t].length; q += CS) {
			double r = cand[t][q], e = cand[t][q + 1];
			if (!(cand[t][q + 2] > sig)) {
				if (cand[t][q + 2] > sig - 2) for (int f = 0; f < nf; f++) borderline[t] |= Math.abs(r - m / per[f]) <= Math.max(
					1.5, 0.06 * m / per[f]);
				continue;
			}
			int j = -1;
			double bd = Double.MAX_VALUE;
			for (int f = 0; f < nf; f++) {
				double kf = m / per[f], d = Math.abs(r - kf);
				if (d <= Math.max(1.5, 0.06 * kf) && d < bd) {
					bd = d;
					j = f;
				}
			}
			if (j < 0 && cand[t][q + 2] > tStrict) unassigned[t] = true;
			if (j >= 0 && (Double.isNaN(famEx[j * nt + t]) || e > famEx[j * nt + t])) {
				famEx[j * nt + t] = e;
				famBin[j * nt + t] = (int) cand[t][q + 3];
			}
		}
		// a window filled by a lattice: the 90th percentile of that ring's significant reflections (the largest
		// when fewer than 5); the share of a window is the amplitude ratio (power ~ covered area squared)
		double[] ref = new double[Math.max(1, nf)];
		for (int j = 0; j < nf; j++) {
			double[] v = new double[nt];
			int c = 0;
			for (int t = 0; t < nt; t++) if (famEx[j * nt + t] > 0) v[c++] = famEx[j * nt + t];
			if (c == 0) continue;
			Arrays.sort(v, 0, c);
			ref[j] = c < 5 ? v[c - 1] : v[(int) Math.ceil(0.9 * c) - 1];
		}
		// guided growth: a grain seen in one window reaches into its neighbours with the same reflection (same
		// lattice, same orientation: the same Fourier bin); there the reflection is one test, not a search over the
		// band, so a partly covered window counts when its 3x3 power exceeds the 99 % point of 9 noise bins
		// (Gamma(9): 17.4 times their mean). Without it, windows partly covered by a grain fall below the band's
		// significance and the grains shrink by about a quarter window at every boundary.
		if (grow) {
			int[] queue = new int[Math.max(1, nf) * nt];
			int qh = 0, qt = 0;
			for (int j = 0; j < nf; j++) for (int t = 0; t < nt; t++) if (famEx[j * nt + t] > 0) queue[qt++] = j * nt + t;
			while (qh < qt) {
				int jt = queue[qh++], j = jt / nt, t = jt % nt, b = famBin[jt];
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
					famBin[j * nt + t2] = b;
					queue[qt++] = j * nt + t2;
				}
			}
		}
		for (int t = 0; t < nt; t++) {
			double share = 0;
			boolean any = false;
			for (int j = 0; j < nf; j++) {
				double e = famEx[j * nt + t];
				if (!(e > 0) || !(ref[j] > 0)) continue;
				any = true;
				share = Math.max(share, Math.min(1, Math.sqrt(e / ref[j])));
			}
			if (any) res.significantWindows++;
			else if (borderline[t]) res.borderlineWindows++;
			if (unassigned[t] && share < threshold) res.unassignedWindows++;
			res.metric[t] = share;
			byte cls = AMORPHOUS;
			if (share >= threshold) cls = poly[t] ? (byte) POLYCRYSTALLINE : (byte) CRYSTALLINE;
			res.tileClass[t] = cls;
		}
		// map at step resolution and area fractions from the interpolated metric
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
		return res;
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
	static double interpolate(Result r, double x, double y) {
		return interpolate(r.metric, r, x, y);
	}

	static double interpolate(double[] m, Result r, double x, double y) {
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
	private static int nearestClass(Result r, double x, double y, boolean crystallineOnly) {
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
	private static double[] fractions(Result r, int w, int h, double thr) {
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
