package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.Parallel;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Which lattice reflections belong to the substrate, and where it is. Every reflection that stands out in the
 * Fourier transform of the image (one centred square, or the four corner squares and the centre of a larger
 * image, so a substrate in a corner is seen whatever the field) is mapped block by block by its local Fourier
 * coefficient; each map is split by Otsu's threshold. Reflections whose fringed regions coincide (intersection
 * over union at least 0.4) belong to one crystal; the crystal with the largest total fringe power is the
 * substrate. A weak fringe set of another region (h-BN planes in the coating, a grain in the carbon) then
 * forms its own group and is not taken for substrate, whatever its spacing or orientation.
 */
final class SubstrateLattice {
	/** The substrate's reflections (strongest first) and its block energy map (log, sum over them). */
	List<LatticeSpot> spots = new ArrayList<>();
	double[] energy;
	int block, bw, bh;
	/** Reflections of other fringed regions (not substrate), for the record. */
	List<LatticeSpot> others = new ArrayList<>();

	static SubstrateLattice find(double[] img, int w, int h, double maxPeriodPx, int block, int threads) {
		SubstrateLattice sl = new SubstrateLattice();
		List<LatticeSpot> cand = welchPeaks(img, w, h, maxPeriodPx);
		cand.sort((a, b) -> Double.compare(b.strength, a.strength));
		if (cand.size() > 8) cand = new ArrayList<>(cand.subList(0, 8));
		// reflections within 10x of the strongest (weaker ones are noise or difference frequencies); blocks of at
		// least 4 periods, so that each reflection's ring in a block spectrum has enough bins for its median
		if (!cand.isEmpty()) {
			double top = cand.get(0).strength;
			cand.removeIf(c -> c.strength < top / 10);
		}
		int bmax = Math.max(8, Math.min(w, h) / 4);
		// (from the strongest reflection: a weak long-period candidate must not coarsen the map)
		if (!cand.isEmpty()) block = Math.max(block, Math.min(bmax, (int) Math.ceil(4 * cand.get(0).periodPx)));
		final int fb0 = block;
		cand.removeIf(c -> c.periodPx > fb0 / 3.5);
		final int fblock = block;
		sl.block = block;
		sl.bw = w / block;
		sl.bh = h / block;
		if (cand.isEmpty() || sl.bw < 3 || sl.bh < 3) return sl;
		int nb = sl.bw * sl.bh, nc = cand.size();
		// per block and reflection: local peak power over the median of its ring in the block's own spectrum
		// (amorphous speckle and noise fill the ring evenly, a lattice stands out of it)
		double[][] lin = blockContrast(img, w, sl.bw, sl.bh, fblock, cand, threads);
		boolean[][] mask = new boolean[nc][];
		double[] power = new double[nc];
		for (int c = 0; c < nc; c++) fringedRegion(lin[c], nb, mask, power, c);
		int[] group = new int[nc];
		int best = groupByOverlap(mask, power, group);
		if (best < 0) return sl;
		double[] en = new double[nb];
		for (int c = 0; c < nc; c++) {
			if (group[c] == best) {
				sl.spots.add(cand.get(c));
				for (int i = 0; i < nb; i++) en[i] = Math.max(en[i], lin[c][i]);
			}
			else sl.others.add(cand.get(c));
		}
		for (int i = 0; i < nb; i++) en[i] = Math.log(Math.max(1e-3, en[i]));
		sl.energy = en;
		return sl;
	}

	/**
	 * Reflection c's fringed region (Otsu on log block contrast lin; a region only where the classes differ by 3x)
	 * into mask[c], and its fringe power above the noise's own contrast (the median outside the region) into
	 * power[c]; mask[c] stays null without a region.
	 */
	private static void fringedRegion(double[] lin, int nb, boolean[][] mask, double[] power, int c) {
		double[] lg = new double[nb];
		for (int i = 0; i < nb; i++) lg[i] = Math.log(lin[i]);
		boolean[] mk = CoatingThickness.otsuMask(lg);
		double m1 = 0, m0 = 0, s1 = 0;
		int n1 = 0, n0 = 0;
		for (int i = 0; i < nb; i++) if (mk[i]) {
			m1 += lg[i];
			s1 += lin[i] - 1;
			n1++;
		}
		else {
			m0 += lg[i];
			n0++;
		}
		if (n1 == 0 || (n0 > 0 && m1 / n1 - m0 / n0 < Math.log(3))) return;
		mask[c] = mk;
		double[] outv = new double[Math.max(1, n0)];
		int q = 0;
		for (int i = 0; i < nb; i++) if (!mk[i]) outv[q++] = lin[i];
		java.util.Arrays.sort(outv, 0, q);
		double base = q == 0 ? 1 : outv[q / 2];
		power[c] = s1 + n1 - n1 * base;
	}

	/**
	 * Groups the reflections by overlap of their regions, greedily from the strongest fringe power (group[c], -1
	 * without a region); returns the group with the largest total fringe power (the substrate), -1 when none.
	 */
	private static int groupByOverlap(boolean[][] mask, double[] power, int[] group) {
		int nc = mask.length;
		java.util.Arrays.fill(group, -1);
		List<double[]> gPower = new ArrayList<>();
		Integer[] order = new Integer[nc];
		for (int i = 0; i < nc; i++) order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Double.compare(power[b], power[a]));
		List<Integer> leaders = new ArrayList<>();
		for (int c : order) {
			if (mask[c] == null) continue;
			int g = -1;
			// a reflection of the same crystal: its region matches the group's and it is not fringed outside it
			// (a reflection near in k, e.g. h-BN planes in the coating beside a substrate spot, leaks into the
			// substrate's blocks but is bright in the coating too)
			for (int l = 0; l < leaders.size() && g < 0; l++) if (iou(mask[c], mask[leaders.get(l)]) >= 0.4 && outside(
				mask[c], mask[leaders.get(l)]) <= 0.15) g = l;
			if (g < 0) {
				leaders.add(c);
				gPower.add(new double[] { 0 });
				g = leaders.size() - 1;
			}
			group[c] = g;
			gPower.get(g)[0] += power[c];
		}
		if (leaders.isEmpty()) return -1;
		int best = 0;
		for (int g = 1; g < leaders.size(); g++) if (gPower.get(g)[0] > gPower.get(best)[0]) best = g;
		return best;
	}

	/**
	 * Peaks of the mean power spectrum of Hann-windowed tiles (Welch's method: every part of the field counts
	 * alike, where one large window would hide a substrate in a corner under its taper), standing out from
	 * their ring's median by 6x; located off the grid by a parabola through log power.
	 */
	static List<LatticeSpot> welchPeaks(double[] img, int w, int h, double maxPeriodPx) {
		int t = 256;
		while (t > 64 && t > Math.min(w, h) / 2) t /= 2;
		int stride = (long) w * h <= 1100L * 1100L ? t / 2 : t;
		List<int[]> tiles = new ArrayList<>();
		for (int y = 0; y + t <= h; y += stride) for (int x = 0; x + t <= w; x += stride) tiles.add(new int[] { x, y });
		double[] pw = tileSpectraSum(img, w, tiles, t);
		int nt = tiles.size();
		double maxP = Math.min(maxPeriodPx, t / 4.0);
		int kmin = Math.max(2, (int) Math.floor(t / maxP)), kmax = Math.min(t / 2 - 1, (int) Math.ceil(t / 2.5));
		double[] ring = LatticeFft.ringMedian(pw, t, kmax + 2);
		List<LatticeSpot> out = new ArrayList<>();
		for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
			if (ky == 0 && kx <= 0) continue;
			double r = Math.hypot(kx, ky);
			if (r < kmin || r > kmax) continue;
			double p = LatticeFft.at(pw, t, kx, ky), bg = ring[(int) Math.round(r)];
			if (!(p > 6 * bg)) continue;
			boolean max = true;
			for (int dy = -2; dy <= 2 && max; dy++) for (int dx = -2; dx <= 2; dx++) if ((dx != 0 || dy != 0) && LatticeFft
				.at(pw, t, kx + dx, ky + dy) > p) {
				max = false;
				break;
			}
			if (!max) continue;
			double[] k = LatticeFft.gridPeak(pw, t, kx, ky);
			if (k[1] < 0 || (k[1] == 0 && k[0] < 0)) {
				k[0] = -k[0];
				k[1] = -k[1];
			}
			double kk = Math.hypot(k[0], k[1]);
			double crb = 1.0 / (t * Math.PI * Math.sqrt(p / bg * nt));
			out.add(new LatticeSpot(k[0], k[1], crb / (kk * kk), Math.toDegrees(crb / kk), p / bg));
		}
		out.sort((a, b) -> Double.compare(b.strength, a.strength));
		return out;
	}

	/**
	 * The sum of the t x t tiles' power spectra, added in tile order. One tile after the other: the FFT of a
	 * 256² tile runs on JTransforms' own threads, and tiles on threads of their own besides would only compete
	 * with them (and add the partial sums in the order the threads finish, which changes the last bits).
	 */
	private static double[] tileSpectraSum(double[] img, int w, List<int[]> tiles, int t) {
		double[] pw = new double[t * t], c = new double[2 * t * t];
		DoubleFFT_2D fft = new DoubleFFT_2D(t, t);
		double[] hw = LatticeFft.hann(t);
		for (int[] tile : tiles) {
			java.util.Arrays.fill(c, t * t, 2 * t * t, 0);
			LatticeFft.windowed(img, w, tile[0], tile[1], t, hw, c);
			fft.realForwardFull(c);
			for (int i = 0; i < t * t; i++) pw[i] += c[2 * i] * c[2 * i] + c[2 * i + 1] * c[2 * i + 1];
		}
		return pw;
	}

	/**
	 * For each block (b x b, mean removed, Hann window) and reflection: the largest power of the 3x3 bins
	 * around the reflection over the median power of the block spectrum's ring at that radius. The spectrum is
	 * needed only up to the outermost of these bins: a direct DFT of those ({@link LowBins}) when they are few,
	 * else the FFT.
	 */
	static double[][] blockContrast(double[] img, int w, int bw, int bh, int b, List<LatticeSpot> spots, int threads) {
		int nc = spots.size();
		double[][] out = new double[nc][bw * bh];
		double[] hw = LatticeFft.hann(b);
		int rmax = b / 2, kNeed = 1;
		for (LatticeSpot sp : spots) {
			double fx = sp.kx * b, fy = sp.ky * b;
			int ri = Math.min((int) Math.ceil(Math.hypot(fx, fy) + 1), rmax);
			kNeed = Math.max(kNeed, Math.max(ri, Math.max(Math.abs((int) Math.round(fx)), (int) Math.round(fy)) + 1));
		}
		final int kLow = kNeed;
		boolean low = 4 * (kLow + 1) <= b && spots.stream().allMatch(sp -> sp.ky >= 0);
		Parallel.forRange(bh, threads, (from, to) -> {
			org.jtransforms.fft.DoubleFFT_2D fft = low ? null : new org.jtransforms.fft.DoubleFFT_2D(b, b);
			LowBins lb = low ? new LowBins(b, kLow) : null;
			double[] c = new double[low ? b * b : 2 * b * b], pw = new double[low ? 0 : b * b];
			double[] ringVals = new double[8 * b + 16];
			for (int by = from; by < to; by++) for (int bx = 0; bx < bw; bx++) {
				double mean = 0;
				for (int y = 0; y < b; y++) for (int x = 0; x < b; x++) mean += img[(by * b + y) * w + bx * b + x];
				mean /= b * b;
				if (!low) java.util.Arrays.fill(c, 0);
				for (int y = 0; y < b; y++) for (int x = 0; x < b; x++) c[y * b + x] = (img[(by * b + y) * w + bx * b + x] -
					mean) * hw[y] * hw[x];
				Bins bins;
				if (low) {
					lb.transform(c);
					bins = lb::at;
				}
				else {
					fft.realForwardFull(c);
					for (int i = 0; i < b * b; i++) pw[i] = c[2 * i] * c[2 * i] + c[2 * i + 1] * c[2 * i + 1];
					bins = (kx, ky) -> LatticeFft.at(pw, b, kx, ky);
				}
				for (int s = 0; s < nc; s++) out[s][by * bw + bx] = contrast(bins, spots.get(s), b, ringVals);
			}
		});
		return out;
	}

	/** The power of a block spectrum at bin (kx, ky). */
	private interface Bins {
		double at(int kx, int ky);
	}

	/** The largest power of the 3x3 bins around the spot over the median of its ring (1 when the ring is empty). */
	private static double contrast(Bins pw, LatticeSpot sp, int b, double[] ringVals) {
		int rmax = b / 2;
		double fx = sp.kx * b, fy = sp.ky * b;
		double r = Math.hypot(fx, fy);
		int gx = (int) Math.round(fx), gy = (int) Math.round(fy);
		double peak = 0;
		for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) peak = Math.max(peak, pw.at(gx + dx, gy + dy));
		// ring of the half plane, |radius - r| < 1, away from the reflection (more than 2 bins)
		int n = 0;
		int ri = (int) Math.ceil(r + 1);
		for (int ky = 0; ky <= Math.min(ri, rmax); ky++) for (int kx = -Math.min(ri, rmax); kx <= Math.min(ri, rmax); kx++) {
			if (ky == 0 && kx <= 0) continue;
			double rr = Math.hypot(kx, ky);
			if (Math.abs(rr - r) >= 1) continue;
			if (Math.hypot(kx - fx, ky - fy) <= 2 || Math.hypot(kx + fx, ky + fy) <= 2) continue;
			if (n < ringVals.length) ringVals[n++] = pw.at(kx, ky);
		}
		double med = 0;
		if (n > 0) {
			java.util.Arrays.sort(ringVals, 0, n);
			med = ringVals[n / 2];
		}
		return med > 0 ? Math.max(1e-3, peak / med) : 1;
	}

	/** The share of the blocks outside region b that region a covers. */
	private static double outside(boolean[] a, boolean[] b) {
		int o = 0, n = 0;
		for (int k = 0; k < a.length; k++) if (!b[k]) {
			n++;
			if (a[k]) o++;
		}
		return n == 0 ? 0 : (double) o / n;
	}

	private static double iou(boolean[] a, boolean[] b) {
		int i = 0, u = 0;
		for (int k = 0; k < a.length; k++) {
			if (a[k] && b[k]) i++;
			if (a[k] || b[k]) u++;
		}
		return u == 0 ? 0 : (double) i / u;
	}
}
