package org.interphase.core.eels;

/**
 * Finds an ionisation edge (Ti L2,3, O K) in a spectrum without assuming its exact energy: the steepest rise of
 * the smoothed spectrum inside a search range, accepted only when the jump above the extrapolated power-law
 * background is well above the noise; the onset is where the rise starts. Used to choose the pre-edge and fit
 * windows automatically and to refuse spectra without the edge.
 */
public final class EdgeFinder {
	private EdgeFinder() {}

	/** Search range of the Ti L2,3 onset, eV (onset ~455-457 eV; wide enough for calibration errors). */
	public static final double TI_L_LO = 445, TI_L_HI = 470;
	/** Search range of the O K onset, eV (~532 eV). */
	public static final double O_K_LO = 522, O_K_HI = 545;

	/** A found edge: onset and steepest-rise energies, jump above background, its signal-to-noise. */
	public static final class Edge {
		public final double onset, steepest, jump, snr;

		Edge(double onset, double steepest, double jump, double snr) {
			this.onset = onset;
			this.steepest = steepest;
			this.jump = jump;
			this.snr = snr;
		}
	}

	/**
	 * The edge whose steepest rise lies in [lo, hi], or null when there is none (range outside the data, too
	 * little pre-edge, or a jump below {@code minSnr} noise units).
	 */
	public static Edge find(double[] y, double[] energy, double lo, double hi, double minSnr) {
		int n = energy.length;
		if (n < 20) return null;
		double de = (energy[n - 1] - energy[0]) / (n - 1);
		if (!(de > 0)) return null;
		if (energy[0] > lo - 6 || energy[n - 1] < hi - 10) {
			// allow partial overlap as long as a pre-edge and a few eV after the edge exist
			if (energy[0] > hi - 8 || energy[n - 1] < lo + 5) return null;
		}
		double sigma = Math.max(1, 0.6 / de);
		double[] s = smooth(y, sigma);
		int kLo = index(energy, Math.max(lo, energy[0] + 6)), kHi = index(energy, Math.min(hi, energy[n - 1] - 4));
		if (kHi - kLo < 3) return null;
		int best = -1;
		double dmax = 0;
		for (int k = Math.max(1, kLo); k <= Math.min(n - 2, kHi); k++) {
			double d = s[k + 1] - s[k - 1];
			if (d > dmax) {
				dmax = d;
				best = k;
			}
		}
		if (best < 0) return null;
		// background from the far pre-edge, then the onset: where the background-subtracted signal first exceeds
		// 5 % of the edge's height (walking down from the steepest rise)
		double steep = energy[best];
		double bgLo = Math.max(energy[0], steep - 35), bgHi = steep - 7;
		if (bgHi - bgLo < 2) return null;
		PowerLawBackground bg = PowerLawBackground.fit(s, 0, energy, 0, bgLo, bgHi);
		if (!bg.ok()) return null;
		double height = 0;
		for (int k = best; k < n && energy[k] <= steep + 5; k++) height = Math.max(height, s[k] - bg.at(energy[k]));
		int on = best;
		while (on > 0 && energy[on - 1] > bgHi && s[on - 1] - bg.at(energy[on - 1]) > 0.05 * height) on--;
		double onset = energy[on];
		double resid = 0;
		int nr = 0;
		for (int k = 0; k < n; k++) if (energy[k] >= bgLo && energy[k] <= bgHi) {
			double r = y[k] - bg.at(energy[k]);
			resid += r * r;
			nr++;
		}
		double rms = Math.sqrt(resid / Math.max(1, nr - 2));
		double sum = 0;
		int nj = 0;
		for (int k = best; k < n && energy[k] <= energy[best] + 4; k++) {
			sum += y[k] - bg.at(energy[k]);
			nj++;
		}
		if (nj == 0) return null;
		double jump = sum / nj;
		double snr = jump / (rms / Math.sqrt(nj) + 1e-300);
		double level = bg.at(energy[best]);
		if (!(snr >= minSnr) || jump < 0.01 * Math.abs(level)) return null;
		return new Edge(onset, energy[best], jump, snr);
	}

	static int index(double[] energy, double e) {
		int n = energy.length;
		if (e <= energy[0]) return 0;
		if (e >= energy[n - 1]) return n - 1;
		int lo = 0, hi = n - 1;
		while (hi - lo > 1) {
			int m = (lo + hi) >>> 1;
			if (energy[m] <= e) lo = m;
			else hi = m;
		}
		return lo;
	}

	/** Gaussian smoothing with sigma in channels (edges: the kernel is renormalised). */
	static double[] smooth(double[] y, double sigma) {
		int r = (int) Math.ceil(3 * sigma);
		double[] kern = new double[2 * r + 1];
		for (int i = -r; i <= r; i++) kern[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
		int n = y.length;
		double[] out = new double[n];
		for (int k = 0; k < n; k++) {
			double s = 0, w = 0;
			for (int i = -r; i <= r; i++) {
				int j = k + i;
				if (j < 0 || j >= n) continue;
				s += kern[i + r] * y[j];
				w += kern[i + r];
			}
			out[k] = s / w;
		}
		return out;
	}
}
