package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.Parallel;

/**
 * The distinct lattice spacings of an image that holds many grains (a mosaic of fringe grains in an
 * amorphous matrix, a polycrystalline film): one spacing per phase and plane family, whatever the number of
 * grains and their orientations.
 * <ol>
 * <li>Power spectrum: mean of Hann-windowed squares tiling the image (one square of up to 1024 px, or
 * several), so every part of the field counts and the window edge adds no peaks.</li>
 * <li>Reflections: 5x5 local maxima standing {@code minStrength} times above the median of their ring (noise
 * and amorphous speckle fill rings evenly; a grain's lattice is a spot).</li>
 * <li>Sub-bin position: a small grain gives a broad, speckled spot, so its radius is the power-weighted
 * centroid (excess over the ring median) of the spot's bins above a quarter of its peak excess, not the
 * grid maximum.</li>
 * <li>Spacings: spots whose radii agree within 1.5 % (or 1.5 bins) are one plane family; its spacing is the
 * excess-weighted mean radius, its uncertainty the weighted spread over the spots (over the square root of
 * their number), at least a quarter bin. Families weaker than 1/200 of the strongest's power are dropped.</li>
 * </ol>
 */
public final class PhaseSpacings {
	public final double minPeriodPx;
	/** Longest period, px; NaN = a quarter of the square. */
	public final double maxPeriodPx;
	public final double minStrength;
	public final int threads;
	/**
	 * Periods (px) where lattice reflections recur in local windows ({@link CrystallinityMap.Result#periodsPx}):
	 * phases of many small grains whose spots do not stand out of the whole band. Around each one not found
	 * already, the spots of a narrow annulus are tested against the number of bins of that annulus only.
	 */
	public final double[] hintsPx;
	/**
	 * With the hints (same length, NaN = none): the uncertainty (px) and direction (degrees) of a hint's spacing
	 * measured in the windows; such a hint is reported from the windows when the annulus shows no spot.
	 */
	public final double[] hintSigmaPx, hintAngleDeg;
	/**
	 * Spacings measured in local windows ({@link CrystallinityMap.Result#refinedPeriods}: {period px, sigma px,
	 * angle}); a family of the whole-image spectrum within 2 % of one takes its period and sigma when that sigma is
	 * smaller (a small grain's broad spot on a steep background biases the whole-image centroid).
	 */
	public final double[][] refinedPx;

	/** The defaults: periods from 2.5 px, strength 12, one thread, no hints (hint arrays are shared, not copied). */
	public PhaseSpacings() {
		this(new Builder());
	}

	private PhaseSpacings(Builder b) {
		minPeriodPx = b.minPeriodPx;
		maxPeriodPx = b.maxPeriodPx;
		minStrength = b.minStrength;
		threads = b.threads;
		hintsPx = b.hintsPx;
		hintSigmaPx = b.hintSigmaPx;
		hintAngleDeg = b.hintAngleDeg;
		refinedPx = b.refinedPx;
	}

	/** A builder holding the defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of this one (the copy). */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some of the settings; {@link #build} makes the immutable PhaseSpacings. */
	public static final class Builder {
		private double minPeriodPx = LatticeFft.MIN_PERIOD_PX;
		private double maxPeriodPx = Double.NaN;
		private double minStrength = 12;
		private int threads = 1;
		private double[] hintsPx;
		private double[] hintSigmaPx;
		private double[] hintAngleDeg;
		private double[][] refinedPx;

		Builder() {}

		Builder(PhaseSpacings o) {
			minPeriodPx = o.minPeriodPx;
			maxPeriodPx = o.maxPeriodPx;
			minStrength = o.minStrength;
			threads = o.threads;
			hintsPx = o.hintsPx;
			hintSigmaPx = o.hintSigmaPx;
			hintAngleDeg = o.hintAngleDeg;
			refinedPx = o.refinedPx;
		}

		public Builder minPeriodPx(double v) {
			minPeriodPx = v;
			return this;
		}

		public Builder maxPeriodPx(double v) {
			maxPeriodPx = v;
			return this;
		}

		public Builder minStrength(double v) {
			minStrength = v;
			return this;
		}

		public Builder threads(int v) {
			threads = v;
			return this;
		}

		public Builder hintsPx(double[] v) {
			hintsPx = v;
			return this;
		}

		public Builder hintSigmaPx(double[] v) {
			hintSigmaPx = v;
			return this;
		}

		public Builder hintAngleDeg(double[] v) {
			hintAngleDeg = v;
			return this;
		}

		public Builder refinedPx(double[][] v) {
			refinedPx = v;
			return this;
		}

		public PhaseSpacings build() {
			return new PhaseSpacings(this);
		}
	}

	/** One plane family: spacing (px) with its uncertainty, summed excess power, and the number of spots. */
	public static final class Spacing {
		public final double periodPx, sigmaPx, power;
		public final int spots;
		/** Direction of the strongest spot's reciprocal vector, degrees in [0, 180). */
		public final double angleDeg;

		Spacing(double periodPx, double sigmaPx, double power, int spots, double angleDeg) {
			this.periodPx = periodPx;
			this.sigmaPx = sigmaPx;
			this.power = power;
			this.spots = spots;
			this.angleDeg = angleDeg;
		}

		/** As a lattice spot (the strongest spot's direction) for the spacing rows. */
		public LatticeSpot toSpot() {
			double a = Math.toRadians(angleDeg);
			return new LatticeSpot(Math.cos(a) / periodPx, Math.sin(a) / periodPx, sigmaPx, Double.NaN, power);
		}

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "d=%.4f+-%.4f px (%d spots, power %.3g)", periodPx, sigmaPx, spots,
				power);
		}
	}

	/** Distinct spacings, strongest first. */
	public List<Spacing> find(double[] img, int w, int h) {
		Spectrum s = averagedSpectrum(img, w, h);
		// reflections: {radius (bins), excess power, angle, annulus group, kx, ky, peak excess}
		List<double[]> spots = new ArrayList<>();
		addSpots(s.pw, s.m, s.ring, s.kmin, s.kmax, s.rad, bandThreshold(s), 0, Double.MAX_VALUE, spots);
		mergeSpeckledSpots(s, spots);
		List<Spacing> fromWindows = hintedSpots(s, spots);
		if (spots.isEmpty()) return fromWindows;
		List<Spacing> out = families(s, spots);
		if (refinedPx != null) adoptRefined(out);
		if (refinedPx != null) out = replaceOffCentre(out);
		if (!out.isEmpty()) {
			out.sort((a, b) -> Double.compare(b.power, a.power));
			double topP = out.get(0).power;
			out.removeIf(sp -> sp.power < topP / 200);
		}
		// spacings seen only in the windows (no spot in the whole-image spectrum) follow, weakest
		for (Spacing f : fromWindows) {
			boolean dup = false;
			for (Spacing o : out) dup |= Math.abs(o.periodPx / f.periodPx - 1) <= 0.03;
			if (!dup) out.add(f);
		}
		return out;
	}

	/** The averaged power spectrum, its side, band (bins), longest period, ring medians and spot radius. */
	private static final class Spectrum {
		double[] pw, ring;
		int m, kmin, kmax, rad;
		double maxP;
	}

	/** Mean power spectrum of Hann-windowed squares (up to 1024 px) tiling the image, and its band. */
	private Spectrum averagedSpectrum(double[] img, int w, int h) {
		int m = Math.min(1024, Integer.highestOneBit(Math.min(w, h)));
		if (m < 32) throw new IllegalArgumentException("image too small for a Fourier transform: " + w + "x" + h);
		List<int[]> sq = new ArrayList<>();
		int nx = (w + m - 1) / m, ny = (h + m - 1) / m;
		for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
			int x0 = nx == 1 ? (w - m) / 2 : (int) Math.round((double) i * (w - m) / (nx - 1));
			int y0 = ny == 1 ? (h - m) / 2 : (int) Math.round((double) j * (h - m) / (ny - 1));
			sq.add(new int[] { x0, y0 });
		}
		// each square's spectrum in its own slot, summed in square order: the same sum at any thread count
		double[][] parts = new double[sq.size()][];
		Parallel.forRange(sq.size(), threads, (from, to) -> {
			for (int i = from; i < to; i++) parts[i] = LatticeFft.power(LatticeFft.windowed(img, w, sq.get(i)[0], sq
				.get(i)[1], m), m);
		});
		Spectrum s = new Spectrum();
		s.m = m;
		double[] pw = s.pw = new double[m * m];
		for (double[] p : parts) for (int k = 0; k < pw.length; k++) pw[k] += p[k];
		double maxP = s.maxP = Double.isNaN(maxPeriodPx) ? m / 4.0 : Math.min(maxPeriodPx, m / 4.0);
		s.kmin = Math.max(3, (int) Math.floor(m / maxP));
		s.kmax = Math.min(m / 2 - 2, (int) Math.ceil(m / minPeriodPx));
		s.ring = LatticeFft.ringMedian(pw, m, s.kmax + 3);
		s.rad = Math.max(2, m / 256);
		return s;
	}

	/**
	 * The largest of N exponential noise bins reaches about ln(N) times their mean (ln(N)/ln 2 times the median):
	 * the threshold grows with the band so that noise and speckle give no spots.
	 */
	private double bandThreshold(Spectrum s) {
		int kmin = s.kmin, kmax = s.kmax, nBand = 0;
		for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
			double r = Math.hypot(kx, ky);
			if (r >= kmin && r <= kmax && !(ky == 0 && kx <= 0)) nBand++;
		}
		return Math.max(minStrength, (Math.log(Math.max(2, nBand)) + 2.5) / Math.log(2));
	}

	/**
	 * A small grain's broad spot, speckled by noise, shows several maxima a few bins apart (in radius too: a 3 nm
	 * grain's spot is ~7 bins wide in a 512 px transform): a weaker maximum joined to a stronger one by power that
	 * stays above half its own excess all the way is the same spot (two grains' sharp spots, even close, have
	 * background between them). Sorts the spots strongest first.
	 */
	private static void mergeSpeckledSpots(Spectrum s, List<double[]> spots) {
		double[] pw = s.pw, ring = s.ring;
		int m = s.m, rad = s.rad;
		spots.sort((a, b) -> Double.compare(b[1], a[1]));
		for (int i = spots.size() - 1; i > 0; i--) {
			double[] si = spots.get(i);
			for (int j = 0; j < i; j++) {
				double[] sj = spots.get(j);
				double dx = sj[4] - si[4], dy = sj[5] - si[5], d = Math.hypot(dx, dy);
				if (d > 4 * rad + 0.5) continue;
				boolean joined = true;
				int steps = (int) Math.ceil(2 * d);
				for (int q = 1; q < steps && joined; q++) {
					double fx = si[4] + dx * q / steps, fy = si[5] + dy * q / steps;
					int qx = (int) Math.round(fx), qy = (int) Math.round(fy);
					double rq = Math.hypot(qx, qy);
					int ri = (int) Math.round(rq);
					if (ri >= ring.length) {
						joined = false;
						break;
					}
					joined = LatticeFft.at(pw, m, qx, qy) - ring[ri] >= 0.5 * si[6];
				}
				if (joined) {
					spots.remove(i);
					break;
				}
			}
		}
	}

	/**
	 * Around each hint not found already, the spots of its narrow annulus tested against that annulus's bins (one
	 * group per annulus); returns the hints reported from the windows because their annulus shows no spot.
	 */
	private List<Spacing> hintedSpots(Spectrum s, List<double[]> spots) {
		int m = s.m, kmin = s.kmin, kmax = s.kmax;
		int group = 0;
		List<Spacing> fromWindows = new ArrayList<>();
		if (hintsPx != null) for (int hi = 0; hi < hintsPx.length; hi++) {
			double hp = hintsPx[hi];
			double rh = m / hp;
			boolean known = false;
			for (double[] sp : spots) known |= Math.abs(sp[0] - rh) <= Math.max(1.5, 0.03 * rh);
			if (known) continue;
			double half = Math.max(2, 0.04 * rh);
			int na = 0;
			for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
				double r = Math.hypot(kx, ky);
				if (!(ky == 0 && kx <= 0) && Math.abs(r - rh) <= half && r >= kmin && r <= kmax) na++;
			}
			if (na == 0) continue;
			// the same noise argument over the annulus's bins only
			double thrA = (Math.log(Math.max(2, na)) + 2.5) / Math.log(2);
			int before = spots.size();
			addSpots(s.pw, m, s.ring, kmin, kmax, s.rad, thrA, rh - half, rh + half, spots);
			// the spots of one annulus are one plane family (broad spots of small grains would split it)
			group++;
			for (int q = before; q < spots.size(); q++) spots.get(q)[3] = group;
			if (spots.size() == before && hintSigmaPx != null && hi < hintSigmaPx.length && hintSigmaPx[hi] > 0 && hp >=
				minPeriodPx && hp <= s.maxP) fromWindows.add(new Spacing(hp, hintSigmaPx[hi], 0, 0, hintAngleDeg[hi]));
		}
		return fromWindows;
	}

	/**
	 * Families of equal radius, greedily from the strongest spot (no chaining: two phases a few per cent apart stay
	 * apart even when broad spots of small grains fill the radii between them); the spots of one annulus are one.
	 */
	private List<Spacing> families(Spectrum s, List<double[]> spots) {
		int m = s.m;
		List<Spacing> out = new ArrayList<>();
		boolean[] used = new boolean[spots.size()];
		while (true) {
			int lead = -1;
			for (int q = 0; q < spots.size(); q++) if (!used[q] && (lead < 0 || spots.get(q)[1] > spots.get(lead)[1])) lead = q;
			if (lead < 0) break;
			double r0 = spots.get(lead)[0], tol = Math.max(1.5, 0.02 * r0);
			double sw = 0, sr = 0;
			List<Integer> members = new ArrayList<>();
			double g = spots.get(lead)[3];
			for (int q = 0; q < spots.size(); q++) if (!used[q] && (g > 0 ? spots.get(q)[3] == g : spots.get(q)[3] == 0 && Math.abs(
				spots.get(q)[0] - r0) <= tol)) {
				used[q] = true;
				members.add(q);
				sw += spots.get(q)[1];
				sr += spots.get(q)[1] * spots.get(q)[0];
			}
			double rm = sr / sw, sv = 0;
			for (int q : members) sv += spots.get(q)[1] * (spots.get(q)[0] - rm) * (spots.get(q)[0] - rm);
			int n = members.size();
			double sigR = Math.max(0.25, n > 1 ? Math.sqrt(sv / sw / (n - 1)) : 0.25);
			double period = m / rm;
			if (period > s.maxP || period < minPeriodPx) continue;
			out.add(new Spacing(period, period * sigR / rm, sw, n, spots.get(lead)[2]));
		}
		return out;
	}

	/** A family within 2 % of a spacing measured in the windows takes its period and sigma when that sigma is smaller. */
	private void adoptRefined(List<Spacing> out) {
		for (int i = 0; i < out.size(); i++) {
			Spacing o = out.get(i);
			double[] best = null;
			for (double[] f : refinedPx) if (Math.abs(f[0] / o.periodPx - 1) <= 0.02 && f[1] < o.sigmaPx && (best == null || Math
				.abs(f[0] - o.periodPx) < Math.abs(best[0] - o.periodPx))) best = f;
			if (best != null) out.set(i, new Spacing(best[0], best[1], o.power, o.spots, o.angleDeg));
		}
	}

	/**
	 * A weak family (one spot, under a tenth of the strongest's power) that no window confirms, near (within 12 %)
	 * a spacing the windows measured that no family matches, is that phase's broad spot off-centre (a small
	 * grain's spot centred on a steep background): the windows' spacing replaces it; several such families become
	 * one.
	 */
	private List<Spacing> replaceOffCentre(List<Spacing> out) {
		boolean[] drop = new boolean[out.size()];
		double strongest = 0;
		for (Spacing o : out) strongest = Math.max(strongest, o.power);
		for (int i = 0; i < out.size(); i++) {
			Spacing o = out.get(i);
			if (o.spots > 1 || o.power <= 0 || o.power > 0.1 * strongest) continue;
			boolean confirmed = false;
			for (double[] f : refinedPx) confirmed |= Math.abs(f[0] / o.periodPx - 1) <= 0.02;
			if (confirmed) continue;
			double[] near = null;
			for (double[] f : refinedPx) {
				if (Math.abs(f[0] / o.periodPx - 1) > 0.12) continue;
				boolean taken = false;
				for (int k = 0; k < out.size(); k++) taken |= k != i && !drop[k] && Math.abs(f[0] / out.get(k).periodPx -
					1) <= 0.02;
				if (!taken && (near == null || Math.abs(f[0] - o.periodPx) < Math.abs(near[0] - o.periodPx))) near = f;
			}
			if (near == null) continue;
			out.set(i, new Spacing(near[0], near[1], o.power, o.spots, o.angleDeg));
			for (int k = 0; k < i; k++) if (!drop[k] && Math.abs(out.get(k).periodPx / near[0] - 1) <= 1e-9) drop[i] = true;
		}
		List<Spacing> kept = new ArrayList<>();
		for (int i = 0; i < out.size(); i++) if (!drop[i]) kept.add(out.get(i));
		return kept;
	}

	/** 5x5 local maxima of the band between rLo and rHi standing thr times above their ring median: {radius, excess, angle}. */
	private static void addSpots(double[] pw, int m, double[] ring, int kmin, int kmax, int rad, double thr, double rLo,
		double rHi, List<double[]> spots) {
		for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
			if (ky == 0 && kx <= 0) continue;
			double r = Math.hypot(kx, ky);
			if (r < kmin || r > kmax || r < rLo || r > rHi) continue;
			double p = LatticeFft.at(pw, m, kx, ky), bg = ring[(int) Math.round(r)];
			if (!(p > thr * bg)) continue;
			boolean max = true;
			for (int dy = -rad; dy <= rad && max; dy++) for (int dx = -rad; dx <= rad; dx++) {
				if ((dx != 0 || dy != 0) && LatticeFft.at(pw, m, kx + dx, ky + dy) > p) {
					max = false;
					break;
				}
			}
			if (!max) continue;
			// centroid of the excess over a quarter of the peak's, in a neighbourhood of the peak
			double cut = 0.25 * (p - bg), sw = 0, sr = 0;
			int nb = rad;
			for (int dy = -nb; dy <= nb; dy++) for (int dx = -nb; dx <= nb; dx++) {
				int qx = kx + dx, qy = ky + dy;
				double rq = Math.hypot(qx, qy);
				int ri = (int) Math.round(rq);
				if (ri >= ring.length) continue;
				double ex = LatticeFft.at(pw, m, qx, qy) - ring[ri];
				if (ex < cut) continue;
				sw += ex;
				sr += ex * rq;
			}
			double a = Math.toDegrees(Math.atan2(ky, kx));
			spots.add(new double[] { sr / sw, sw, a < 0 ? a + 180 : a, 0, kx, ky, p - bg });
		}
	}

	/** Sorted copy of the periods (px). */
	public static double[] periods(List<Spacing> l) {
		double[] p = new double[l.size()];
		for (int i = 0; i < p.length; i++) p[i] = l.get(i).periodPx;
		Arrays.sort(p);
		return p;
	}
}
