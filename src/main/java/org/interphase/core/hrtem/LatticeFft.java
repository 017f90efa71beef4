package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Lattice reflections of an image region from its 2D Fourier transform. The region (a square, at most
 * {@link #MAX_SIZE} pixels on a side, centred in the given rectangle) is mean-subtracted and Hann-windowed;
 * peaks of the power spectrum that stand out from the median of their ring by {@code minStrength} are
 * candidates (one of each Friedel pair); each is then located off the FFT grid by maximising the windowed
 * discrete-time Fourier transform around it (repeated 3x3 quadratic fits of log power with shrinking steps),
 * which makes the period exact to well below 0.1 % on clean fringes. The uncertainty of each spot is the
 * spread of the same estimate in the four quadrants of the region, divided by 2 (the standard error of a mean
 * of four), or a Cramér-Rao-like bound when the quadrants do not show the spot.
 */
public final class LatticeFft {
	public static final int MAX_SIZE = 1024;
	/**
	 * Shortest fringe period searched by default, px, by every lattice measurement (region FFT, phase spacings,
	 * crystallinity windows, fringe profiles): just above the 2 px Nyquist limit, where a peak can still be located.
	 */
	public static final double MIN_PERIOD_PX = 2.5;

	public final double minPeriodPx;
	/** Longest period searched, px; NaN = a quarter of the region size. */
	public final double maxPeriodPx;
	/** Peak power over the ring median needed for a reflection. */
	public final double minStrength;
	public final int maxSpots;
	/**
	 * Locate the peaks off the grid by maximising the windowed DTFT and estimate sigma from the quadrants
	 * (exact, slow on large regions); false = a parabola through the log power of the grid peak and its
	 * neighbours (about 0.05 bin), sigma from the Cramer-Rao-like bound only.
	 */
	public final boolean refine;

	/** The default search: periods from 2.5 px, strength 25, up to 8 spots, refined. */
	public LatticeFft() {
		this(new Builder());
	}

	private LatticeFft(Builder b) {
		minPeriodPx = b.minPeriodPx;
		maxPeriodPx = b.maxPeriodPx;
		minStrength = b.minStrength;
		maxSpots = b.maxSpots;
		refine = b.refine;
	}

	/** A builder holding the defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of this one (the copy). */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some of the settings; {@link #build} makes the immutable LatticeFft. */
	public static final class Builder {
		private double minPeriodPx = MIN_PERIOD_PX;
		private double maxPeriodPx = Double.NaN;
		private double minStrength = 25;
		private int maxSpots = 8;
		private boolean refine = true;

		Builder() {}

		Builder(LatticeFft o) {
			minPeriodPx = o.minPeriodPx;
			maxPeriodPx = o.maxPeriodPx;
			minStrength = o.minStrength;
			maxSpots = o.maxSpots;
			refine = o.refine;
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

		public Builder maxSpots(int v) {
			maxSpots = v;
			return this;
		}

		public Builder refine(boolean v) {
			refine = v;
			return this;
		}

		public LatticeFft build() {
			return new LatticeFft(this);
		}
	}

	/** The reflections of the region (x0, y0, rw, rh) of an image w x h, strongest first. */
	public List<LatticeSpot> find(double[] img, int w, int h, int x0, int y0, int rw, int rh) {
		int m = Math.min(Math.min(rw, rh), MAX_SIZE);
		if (m < 16) throw new IllegalArgumentException("region too small for a Fourier transform: " + rw + "x" + rh);
		int cx0 = x0 + (rw - m) / 2, cy0 = y0 + (rh - m) / 2;
		double[] win = windowed(img, w, cx0, cy0, m);
		double[] pw = power(win, m);
		double maxP = Double.isNaN(maxPeriodPx) ? m / 4.0 : Math.min(maxPeriodPx, m / 2.0);
		int kmin = Math.max(2, (int) Math.floor(m / maxP)), kmax = Math.min(m / 2 - 1, (int) Math.ceil(m / minPeriodPx));
		double[] ring = ringMedian(pw, m, kmax + 2);
		List<double[]> cand = new ArrayList<>();
		int half = m / 2;
		for (int ky = 0; ky <= kmax; ky++) {
			for (int kx = -kmax; kx <= kmax; kx++) {
				if (ky == 0 && kx <= 0) continue;
				double r = Math.hypot(kx, ky);
				if (r < kmin || r > kmax) continue;
				double p = at(pw, m, kx, ky);
				double bg = ring[(int) Math.round(r)];
				if (!(p > minStrength * bg)) continue;
				boolean max = true;
				for (int dy = -2; dy <= 2 && max; dy++) for (int dx = -2; dx <= 2; dx++) {
					if (dx == 0 && dy == 0) continue;
					if (at(pw, m, kx + dx, ky + dy) > p) {
						max = false;
						break;
					}
				}
				if (max) cand.add(new double[] { kx, ky, p / bg });
			}
		}
		cand.sort((a, b) -> Double.compare(b[2], a[2]));
		List<LatticeSpot> out = new ArrayList<>();
		for (double[] c : cand) {
			if (out.size() >= maxSpots) break;
			double[] k = refine ? refine(win, m, c[0] / m, c[1] / m, 1.0 / m) : gridPeak(pw, m, (int) c[0], (int) c[1]);
			// canonical half plane
			if (k[1] < 0 || (k[1] == 0 && k[0] < 0)) {
				k[0] = -k[0];
				k[1] = -k[1];
			}
			boolean dup = false;
			for (LatticeSpot s : out) if (Math.hypot(s.kx - k[0], s.ky - k[1]) < 1.5 / m) dup = true;
			if (dup) continue;
			double[] sig = refine ? quadrantSpread(img, w, cx0, cy0, m, k) : new double[] { Double.NaN, Double.NaN };
			double kk = Math.hypot(k[0], k[1]);
			double sigK = sig[0], sigA = sig[1];
			// floor: Cramér-Rao-like bound for a tone in noise, ~ 1 bin / (pi sqrt(strength))
			double crb = 1.0 / (m * Math.PI * Math.sqrt(c[2]));
			if (!(sigK >= crb)) sigK = Math.max(crb, Double.isNaN(sigK) ? crb : sigK);
			if (!(sigA >= Math.toDegrees(crb / kk))) sigA = Math.max(Math.toDegrees(crb / kk), Double.isNaN(sigA) ? 0 : sigA);
			out.add(new LatticeSpot(k[0], k[1], sigK / (kk * kk), sigA, c[2]));
		}
		return out;
	}

	/** The grid peak (kx, ky) moved by a parabola through the log power of its neighbours, cycles/px. */
	static double[] gridPeak(double[] pw, int m, int kx, int ky) {
		double c = Math.log(1e-300 + at(pw, m, kx, ky));
		double dx = parabola(Math.log(1e-300 + at(pw, m, kx - 1, ky)), c, Math.log(1e-300 + at(pw, m, kx + 1, ky)));
		double dy = parabola(Math.log(1e-300 + at(pw, m, kx, ky - 1)), c, Math.log(1e-300 + at(pw, m, kx, ky + 1)));
		return new double[] { (kx + Math.max(-0.5, Math.min(0.5, dx))) / m, (ky + Math.max(-0.5, Math.min(0.5, dy))) / m };
	}

	/** The reflections of the whole image. */
	public List<LatticeSpot> find(double[] img, int w, int h) {
		return find(img, w, h, 0, 0, w, h);
	}

	/** Spread of the spot estimated in the four quadrants: {sigma of |k| (cycles/px), sigma of angle (deg)}. */
	private double[] quadrantSpread(double[] img, int w, int cx0, int cy0, int m, double[] k) {
		int q = m / 2;
		if (q < 16) return new double[] { Double.NaN, Double.NaN };
		double[] ks = new double[4], as = new double[4];
		int n = 0;
		double kk = Math.hypot(k[0], k[1]);
		for (int j = 0; j < 2; j++) for (int i = 0; i < 2; i++) {
			double[] win = windowed(img, w, cx0 + i * q, cy0 + j * q, q);
			double[] r = refine(win, q, k[0], k[1], 1.0 / q);
			if (Math.hypot(r[0] - k[0], r[1] - k[1]) > 1.0 / q) continue; // lost the spot
			ks[n] = Math.hypot(r[0], r[1]);
			double da = Math.atan2(r[1], r[0]) - Math.atan2(k[1], k[0]);
			while (da > Math.PI) da -= 2 * Math.PI;
			while (da < -Math.PI) da += 2 * Math.PI;
			as[n] = Math.toDegrees(da);
			n++;
		}
		if (n < 2) return new double[] { Double.NaN, Double.NaN };
		return new double[] { sd(ks, n) / Math.sqrt(n), sd(as, n) / Math.sqrt(n) };
	}

	private static double sd(double[] a, int n) {
		double m = 0;
		for (int i = 0; i < n; i++) m += a[i];
		m /= n;
		double s = 0;
		for (int i = 0; i < n; i++) s += (a[i] - m) * (a[i] - m);
		return Math.sqrt(s / (n - 1));
	}

	/** Mean-subtracted, Hann-windowed m x m crop starting at (x0, y0). */
	static double[] windowed(double[] img, int w, int x0, int y0, int m) {
		return windowed(img, w, x0, y0, m, hann(m), new double[m * m]);
	}

	/** As above with the Hann window hw of {@link #hann}(m), into out[0 .. m²) (returned). */
	static double[] windowed(double[] img, int w, int x0, int y0, int m, double[] hw, double[] out) {
		double mean = 0;
		for (int y = 0; y < m; y++) for (int x = 0; x < m; x++) mean += out[y * m + x] = img[(y0 + y) * w + x0 + x];
		mean /= m * m;
		for (int y = 0; y < m; y++) for (int x = 0; x < m; x++) out[y * m + x] = (out[y * m + x] - mean) * hw[y] * hw[x];
		return out;
	}

	static double[] hann(int m) {
		double[] hw = new double[m];
		for (int i = 0; i < m; i++) hw[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / m);
		return hw;
	}

	/** Power spectrum of an m x m real array, FFT layout (index ky * m + kx, wrapped). */
	static double[] power(double[] a, int m) {
		double[] c = new double[2 * m * m];
		System.arraycopy(a, 0, c, 0, m * m);
		new DoubleFFT_2D(m, m).realForwardFull(c);
		double[] p = new double[m * m];
		for (int i = 0; i < m * m; i++) p[i] = c[2 * i] * c[2 * i] + c[2 * i + 1] * c[2 * i + 1];
		return p;
	}

	static double at(double[] p, int m, int kx, int ky) {
		int x = ((kx % m) + m) % m, y = ((ky % m) + m) % m;
		return p[y * m + x];
	}

	/** Median power of the half-plane ring at each integer radius (rings 1 bin wide, merged with neighbours). */
	static double[] ringMedian(double[] p, int m, int kmax) {
		kmax = Math.min(kmax, m / 2);
		List<List<Double>> rings = new ArrayList<>();
		for (int r = 0; r <= kmax + 1; r++) rings.add(new ArrayList<>());
		for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
			int r = (int) Math.round(Math.hypot(kx, ky));
			if (r > kmax) continue;
			rings.get(r).add(at(p, m, kx, ky));
		}
		double[] med = new double[kmax + 2];
		for (int r = 0; r <= kmax; r++) {
			List<Double> all = new ArrayList<>(rings.get(r));
			if (r > 0) all.addAll(rings.get(r - 1));
			all.addAll(rings.get(r + 1));
			double[] v = new double[all.size()];
			for (int i = 0; i < v.length; i++) v[i] = all.get(i);
			Arrays.sort(v);
			med[r] = v.length == 0 ? 0 : v[v.length / 2];
		}
		med[kmax + 1] = med[kmax];
		return med;
	}

	/**
	 * Maximises |DTFT|^2 of the windowed array around (kx, ky) cycles/px, starting with steps of half a bin;
	 * returns the refined {kx, ky}.
	 */
	static double[] refine(double[] win, int m, double kx, double ky, double bin) {
		double step = 0.5 * bin;
		double[] v = new double[9];
		double[] cosX = new double[m], sinX = new double[m];
		double[] re = new double[m], im = new double[m];
		for (int it = 0; it < 6; it++) {
			for (int j = -1; j <= 1; j++) for (int i = -1; i <= 1; i++) v[(j + 1) * 3 + i + 1] = Math.log(1e-300 + dtft(win, m,
				kx + i * step, ky + j * step, cosX, sinX, re, im));
			// separable parabola through the centre row and column
			double dx = parabola(v[3], v[4], v[5]), dy = parabola(v[1], v[4], v[7]);
			dx = Math.max(-1.5, Math.min(1.5, dx));
			dy = Math.max(-1.5, Math.min(1.5, dy));
			kx += dx * step;
			ky += dy * step;
			step *= 0.4;
		}
		return new double[] { kx, ky };
	}

	private static double parabola(double a, double b, double c) {
		double den = a - 2 * b + c;
		if (!(den < 0)) return a > c ? -1 : c > a ? 1 : 0;
		return 0.5 * (a - c) / den;
	}

	/** |sum w(x,y) exp(-2 pi i (kx x + ky y))|^2 over the m x m array. */
	static double dtft(double[] win, int m, double kx, double ky, double[] cosX, double[] sinX, double[] re,
		double[] im)
	{
		for (int x = 0; x < m; x++) {
			double a = -2 * Math.PI * kx * x;
			cosX[x] = Math.cos(a);
			sinX[x] = Math.sin(a);
		}
		double sr = 0, si = 0;
		for (int y = 0; y < m; y++) {
			double r = 0, i = 0;
			int o = y * m;
			for (int x = 0; x < m; x++) {
				double f = win[o + x];
				r += f * cosX[x];
				i += f * sinX[x];
			}
			double a = -2 * Math.PI * ky * y, c = Math.cos(a), s = Math.sin(a);
			sr += r * c - i * s;
			si += r * s + i * c;
		}
		return sr * sr + si * si;
	}
}
