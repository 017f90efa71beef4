package org.interphase.core.eels;

import org.interphase.core.Parallel;

/**
 * Per-spectrum energy drift of a scan, in eV (a feature at true energy T appears at T + shift). Two ways:
 * the zero-loss peak of a simultaneously recorded low-loss scan (absolute: the ZLP belongs at 0 eV), or the
 * cross-correlation of an edge's derivative with the scan's mean (relative: the shifts average to zero). The
 * counts are never resampled: later steps use the corrected energies {@code E - shift}, so the Poisson
 * statistics stay intact.
 */
public final class EnergyAlignment {
	private EnergyAlignment() {}

	/** Zero-loss peak centre of each of the n low-loss spectra (eV), sub-channel (Gaussian apex of 3 points). */
	public static double[] zeroLoss(double[] low, int n, double[] energy, int threads) {
		double[] out = new double[n];
		zeroLoss(low, 0, 0, n, energy, threads, out);
		return out;
	}

	/**
	 * {@link #zeroLoss(double[], int, double[], int)} of spectra {@code first} to {@code first + count - 1}, spectrum
	 * i at {@code low[base + i * channels]}, into out[i] (a tile of a streamed low-loss scan at a time).
	 */
	public static void zeroLoss(double[] low, int base, int first, int count, double[] energy, int threads,
		double[] out)
	{
		int ch = energy.length;
		Parallel.forRange(count, threads, (from, to) -> {
			for (int i = first + from; i < first + to; i++) {
				int off = base + i * ch, best = 0;
				for (int k = 1; k < ch; k++) if (low[off + k] > low[off + best]) best = k;
				double pos = best;
				if (best > 0 && best < ch - 1) {
					double a = Math.log(Math.max(low[off + best - 1], 1e-9)), b = Math.log(Math.max(low[off + best], 1e-9)),
						c = Math.log(Math.max(low[off + best + 1], 1e-9));
					double den = a - 2 * b + c;
					if (den < 0) pos = best + 0.5 * (a - c) / den;
				}
				int k0 = (int) Math.floor(pos);
				k0 = Math.max(0, Math.min(ch - 2, k0));
				out[i] = energy[k0] + (pos - k0) * (energy[k0 + 1] - energy[k0]);
			}
		});
	}

	/**
	 * Shifts that align the derivative of each spectrum over [lo, hi] eV to the mean derivative of the spectra
	 * marked in {@code use} (two passes: the second template is built from the aligned spectra). Spectra not
	 * used get the median shift. The result has zero mean over the used spectra.
	 */
	public static double[] crossCorrelate(double[] data, int n, double[] energy, double lo, double hi,
		double maxShift, boolean[] use, int threads)
	{
		double[][] der = new double[n][];
		if (!derivatives(data, 0, 0, n, energy, lo, hi, maxShift, use, threads, der)) return new double[n];
		return crossCorrelate(der, n, energy, maxShift, use, threads);
	}

	/**
	 * The first half of {@link #crossCorrelate(double[], int, double[], double, double, double, boolean[], int)} for
	 * spectra {@code first} to {@code first + count - 1}, spectrum i at {@code data[base + i * channels]}: the
	 * smoothed derivative of each used spectrum over the window into der[i] (a tile of a streamed scan at a time);
	 * false when the window is too short to align.
	 */
	static boolean derivatives(double[] data, int base0, int first, int count, double[] energy, double lo, double hi,
		double maxShift, boolean[] use, int threads, double[][] der)
	{
		int ch = energy.length;
		double de = (energy[ch - 1] - energy[0]) / (ch - 1);
		int lag = (int) Math.ceil(maxShift / de) + 1;
		int kLo = Math.max(lag + 1, EdgeFinder.index(energy, lo)), kHi = Math.min(ch - lag - 2, EdgeFinder.index(
			energy, hi));
		if (kHi - kLo < 5) return false;
		int m = kHi - kLo + 2 * lag + 1, base = kLo - lag;
		double sigma = Math.max(0.8, 0.25 / de);
		Parallel.forRange(count, threads, (from, to) -> {
			for (int i = first + from; i < first + to; i++) if (use[i]) {
				double[] seg = new double[m + 2];
				for (int k = 0; k < m + 2; k++) seg[k] = data[base0 + i * ch + Math.min(ch - 1, Math.max(0, base - 1 + k))];
				double[] sm = EdgeFinder.smooth(seg, sigma);
				double[] d = new double[m];
				for (int k = 0; k < m; k++) d[k] = (sm[k + 2] - sm[k]) * 0.5;
				der[i] = d;
			}
		});
		return true;
	}

	/** The second half: the shifts from the derivatives of all used spectra (two template passes). */
	static double[] crossCorrelate(double[][] der, int n, double[] energy, double maxShift, boolean[] use,
		int threads)
	{
		int ch = energy.length;
		double de = (energy[ch - 1] - energy[0]) / (ch - 1);
		int lag = (int) Math.ceil(maxShift / de) + 1;
		double[] shifts = new double[n];
		int m = 0;
		for (int i = 0; i < n && m == 0; i++) if (use[i] && der[i] != null) m = der[i].length;
		final int mm = m;
		for (int pass = 0; pass < 2; pass++) {
			double[] tmpl = new double[mm];
			int used = 0;
			for (int i = 0; i < n; i++) if (use[i]) {
				double sh = shifts[i] / de;
				for (int k = 0; k < mm; k++) tmpl[k] += interp(der[i], k + sh);
				used++;
			}
			if (used == 0) return shifts;
			final double[] t = tmpl;
			double[] next = new double[n];
			Parallel.forRange(n, threads, (from, to) -> {
				for (int i = from; i < to; i++) if (use[i]) next[i] = lagOf(der[i], t, lag) * de;
			});
			System.arraycopy(next, 0, shifts, 0, n);
		}
		double mean = 0;
		int used = 0;
		java.util.List<Double> vals = new java.util.ArrayList<>();
		for (int i = 0; i < n; i++) if (use[i]) {
			mean += shifts[i];
			used++;
		}
		mean /= Math.max(1, used);
		for (int i = 0; i < n; i++) if (use[i]) {
			shifts[i] -= mean;
			vals.add(shifts[i]);
		}
		java.util.Collections.sort(vals);
		double med = vals.isEmpty() ? 0 : vals.get(vals.size() / 2);
		for (int i = 0; i < n; i++) if (!use[i]) shifts[i] = med;
		return shifts;
	}

	/** Lag (channels, sub-channel) maximising sum_k d[k+l] t[k] over the central part. */
	private static double lagOf(double[] d, double[] t, int lag) {
		int m = d.length;
		double[] cc = new double[2 * lag + 1];
		for (int l = -lag; l <= lag; l++) {
			double s = 0;
			for (int k = lag; k < m - lag; k++) s += d[k + l] * t[k];
			cc[l + lag] = s;
		}
		int best = 1;
		for (int l = 1; l < cc.length - 1; l++) if (cc[l] > cc[best]) best = l;
		double a = cc[best - 1], b = cc[best], c = cc[best + 1];
		double den = a - 2 * b + c;
		double frac = den < 0 ? 0.5 * (a - c) / den : 0;
		return best - lag + Math.max(-0.5, Math.min(0.5, frac));
	}

	private static double interp(double[] v, double p) {
		int i = (int) Math.floor(p);
		if (i < 0) return v[0];
		if (i >= v.length - 1) return v[v.length - 1];
		double w = p - i;
		return v[i] * (1 - w) + v[i + 1] * w;
	}

	/**
	 * Coarse energy offset of a (background-subtracted) spectrum against reference spectra: the lag within
	 * +-range eV that maximises the normalised cross-correlation of the spectrum's smoothed derivative with a
	 * reference's derivative over the window [lo, hi] (reference frame), best reference wins; sub-channel by a
	 * parabola. A feature at T in the references appears at T + offset in the spectrum. Used to absorb energy
	 * calibrations that differ by a few eV before the fine (bounded) shift fit. Returns {offset, correlation}.
	 */
	public static double[] referenceOffset(double[] signal, double[] energy, Reference[] refs, double lo, double hi,
		double range)
	{
		int ch = energy.length;
		double de = (energy[ch - 1] - energy[0]) / (ch - 1);
		double[] sm = EdgeFinder.smooth(signal, Math.max(1, 0.3 / de));
		double[] d = new double[ch];
		for (int k = 1; k < ch - 1; k++) d[k] = (sm[k + 1] - sm[k - 1]) * 0.5;
		int lags = (int) Math.ceil(range / de);
		double best = Double.NEGATIVE_INFINITY;
		int bestLag = 0, bestRef = 0;
		double[][] cc = new double[refs.length][2 * lags + 1];
		for (int j = 0; j < refs.length; j++) for (int l = -lags; l <= lags; l++) {
			double off = l * de, num = 0, sd = 0, sr = 0;
			int k0 = Math.max(1, EdgeFinder.index(energy, lo + off)), k1 = Math.min(ch - 2, EdgeFinder.index(energy, hi +
				off));
			for (int k = k0; k <= k1; k++) {
				double r = refs[j].slope(energy[k] - off);
				num += d[k] * r;
				sd += d[k] * d[k];
				sr += r * r;
			}
			double v = sd > 0 && sr > 0 ? num / Math.sqrt(sd * sr) : 0;
			cc[j][l + lags] = v;
			if (v > best) {
				best = v;
				bestLag = l;
				bestRef = j;
			}
		}
		double frac = 0;
		int i = bestLag + lags;
		if (i > 0 && i < 2 * lags) {
			double a = cc[bestRef][i - 1], b = cc[bestRef][i], c = cc[bestRef][i + 1];
			double den = a - 2 * b + c;
			if (den < 0) frac = Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
		}
		return new double[] { (bestLag + frac) * de, best };
	}
}
