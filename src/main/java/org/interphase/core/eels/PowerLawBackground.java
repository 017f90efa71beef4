package org.interphase.core.eels;

/**
 * The EELS pre-edge background A*E^-r, fitted in a window by weighted linear least squares of log(counts) on
 * log(E) (weights = counts, the inverse variance of log(counts) under Poisson noise), then extrapolated under
 * the edge. Energies are passed per channel with a shift, so drift-corrected spectra are fitted on their own
 * corrected axis without resampling the counts.
 */
public final class PowerLawBackground {
	public final double logA, r;
	/** Number of channels used; 0 when the fit failed (then {@link #at} returns 0). */
	public final int used;

	private PowerLawBackground(double logA, double r, int used) {
		this.logA = logA;
		this.r = r;
		this.used = used;
	}

	public static final PowerLawBackground NONE = new PowerLawBackground(Double.NEGATIVE_INFINITY, 0, 0);

	public boolean ok() {
		return used > 0;
	}

	/** Background counts at energy e. */
	public double at(double e) {
		return used == 0 ? 0 : Math.exp(logA - r * Math.log(e));
	}

	/**
	 * ln(e_k) and the background at e_k = energy[k] - shift for k in [k0, k1] into lnE[k - k0], bg[k - k0]
	 * (bg may be null). Incremental (one log and one exp for the whole range, series for the small steps), so the
	 * per-channel cost is a few multiplications; relative error below 1e-12.
	 */
	public void values(double[] energy, int k0, int k1, double shift, double[] lnE, double[] bg) {
		double prevE = energy[k0] - shift;
		double ln = Math.log(prevE);
		double b = bg == null || used == 0 ? 0 : Math.exp(logA - r * ln);
		lnE[0] = ln;
		if (bg != null) bg[0] = b;
		for (int k = k0 + 1; k <= k1; k++) {
			double e = energy[k] - shift;
			double x = (e - prevE) / prevE;
			double d = Math.abs(x) < 1e-3 ? x * (1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))) : Math.log1p(x);
			ln += d;
			lnE[k - k0] = ln;
			if (bg != null) {
				double u = -r * d;
				b *= Math.abs(u) < 1e-2 ? 1 + u * (1 + u * (0.5 + u * (1.0 / 6 + u * (1.0 / 24 + u / 120)))) : Math.exp(u);
				bg[k - k0] = b;
			}
			prevE = e;
		}
	}

	/**
	 * Fits channels off..off+energy.length of y whose corrected energy (energy[k] - shift) lies in [lo, hi].
	 */
	public static PowerLawBackground fit(double[] y, int off, double[] energy, double shift, double lo, double hi) {
		double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
		int n = 0;
		int k0 = Math.max(0, EdgeFinder.index(energy, lo + shift) - 1);
		int k1 = Math.min(energy.length - 1, EdgeFinder.index(energy, hi + shift) + 1);
		if (energy[k0] - shift <= 0) return NONE;
		double[] lnE = new double[k1 - k0 + 1];
		NONE.values(energy, k0, k1, shift, lnE, null);
		for (int k = k0; k <= k1; k++) {
			double e = energy[k] - shift;
			if (e < lo || e > hi || e <= 0) continue;
			double c = y[off + k];
			if (!(c > 0)) continue;
			double x = lnE[k - k0], l = Math.log(c), w = c;
			sw += w;
			sx += w * x;
			sy += w * l;
			sxx += w * x * x;
			sxy += w * x * l;
			n++;
		}
		if (n < 3) return NONE;
		double det = sw * sxx - sx * sx;
		if (!(Math.abs(det) > 1e-12 * sw * sxx)) return NONE;
		double slope = (sw * sxy - sx * sy) / det;
		double icpt = (sy - slope * sx) / sw;
		return new PowerLawBackground(icpt, -slope, n);
	}
}
