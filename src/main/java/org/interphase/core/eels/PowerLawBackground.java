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
	 * Fits channels off..off+energy.length of y whose corrected energy (energy[k] - shift) lies in [lo, hi].
	 */
	public static PowerLawBackground fit(double[] y, int off, double[] energy, double shift, double lo, double hi) {
		double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
		int n = 0;
		for (int k = 0; k < energy.length; k++) {
			double e = energy[k] - shift;
			if (e < lo || e > hi || e <= 0) continue;
			double c = y[off + k];
			if (!(c > 0)) continue;
			double x = Math.log(e), l = Math.log(c), w = c;
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
