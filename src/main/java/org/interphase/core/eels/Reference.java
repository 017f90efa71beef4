package org.interphase.core.eels;

/**
 * A reference spectrum for MLLS (e.g. a Ti2O3 or TiO2 standard), prepared once: power-law background fitted in
 * the pre-edge window and subtracted, resampled on a uniform grid, lightly smoothed (1-2-1, which keeps the
 * reference noise from being fitted as signal), and normalised to unit integral over the fit window, so MLLS
 * coefficients are shares of the edge intensity. Gives values and slopes (for the energy-shift term) at any
 * energy by linear interpolation; zero outside its range.
 */
public final class Reference {
	public final String name;
	public final double first, last;
	private final double e0, de;
	private final double[] v, dv;

	private Reference(String name, double e0, double de, double[] v) {
		this.name = name;
		this.e0 = e0;
		this.de = de;
		this.v = v;
		this.first = e0;
		this.last = e0 + (v.length - 1) * de;
		dv = new double[v.length];
		for (int i = 1; i < v.length - 1; i++) dv[i] = (v[i + 1] - v[i - 1]) / (2 * de);
	}

	/**
	 * @param energy calibrated energies of the reference's channels (ascending)
	 * @param counts its counts
	 * @param bgLo pre-edge window start (eV); when the reference starts later, its own first 2/3 of the window
	 *          are used
	 * @param normLo integral normalisation window (the fit window)
	 * @throws IllegalArgumentException when the reference does not cover the fit window or has no edge there
	 */
	public static Reference prepare(String name, double[] energy, double[] counts, double bgLo, double bgHi,
		double normLo, double normHi)
	{
		int n = energy.length;
		if (n < 10) throw new IllegalArgumentException("reference " + name + " has only " + n + " channels");
		double lo = energy[0], hi = energy[n - 1];
		if (lo > normLo + 0.5 || hi < normHi - 0.5) throw new IllegalArgumentException("reference " + name +
			" covers " + fmt(lo) + "-" + fmt(hi) + " eV but the fit window is " + fmt(normLo) + "-" + fmt(normHi) +
			" eV: the reference does not overlap the scan's energy range");
		double bl = Math.max(bgLo, lo), bh = bgHi;
		if (bh - bl < 3) throw new IllegalArgumentException("reference " + name + " starts at " + fmt(lo) +
			" eV: too little pre-edge (" + fmt(bgLo) + "-" + fmt(bgHi) + " eV) to fit its background");
		PowerLawBackground bg = PowerLawBackground.fit(counts, 0, energy, 0, bl, bh);
		if (!bg.ok()) throw new IllegalArgumentException("reference " + name + ": background fit failed in " + fmt(
			bl) + "-" + fmt(bh) + " eV (no positive counts?)");
		double step = (hi - lo) / (n - 1);
		int m = (int) Math.floor((hi - lo) / step) + 1;
		double[] s = new double[m];
		int j = 0;
		for (int i = 0; i < m; i++) {
			double e = lo + i * step;
			while (j < n - 2 && energy[j + 1] < e) j++;
			double w = (e - energy[j]) / (energy[j + 1] - energy[j]);
			w = Math.max(0, Math.min(1, w));
			s[i] = (counts[j] * (1 - w) + counts[j + 1] * w) - bg.at(e);
		}
		double[] sm = new double[m];
		for (int i = 0; i < m; i++) sm[i] = i == 0 || i == m - 1 ? s[i] : 0.25 * s[i - 1] + 0.5 * s[i] + 0.25 * s[i +
			1];
		double area = 0;
		for (int i = 0; i < m; i++) {
			double e = lo + i * step;
			if (e >= normLo && e <= normHi) area += sm[i] * step;
		}
		if (!(area > 0)) throw new IllegalArgumentException("reference " + name + " has no edge above its background in " +
			fmt(normLo) + "-" + fmt(normHi) + " eV");
		for (int i = 0; i < m; i++) sm[i] /= area;
		return new Reference(name, lo, step, sm);
	}

	/** A reference from an already background-free, normalised shape on a uniform grid (tests, synthetic). */
	public static Reference of(String name, double e0, double de, double[] values) {
		return new Reference(name, e0, de, values.clone());
	}

	public double value(double e) {
		double p = (e - e0) / de;
		int i = (int) Math.floor(p);
		if (i < 0 || i >= v.length - 1) return 0;
		double w = p - i;
		return v[i] + w * (v[i + 1] - v[i]);
	}

	public double slope(double e) {
		double p = (e - e0) / de;
		int i = (int) Math.floor(p);
		if (i < 0 || i >= v.length - 1) return 0;
		double w = p - i;
		return dv[i] + w * (dv[i + 1] - dv[i]);
	}

	static String fmt(double d) {
		return String.format(java.util.Locale.ROOT, "%.1f", d);
	}

	/**
	 * This reference convolved with a Gaussian of the given FWHM (eV): references recorded at a better energy
	 * resolution than the scan are matched to it. Area is kept.
	 */
	public Reference broadened(double fwhm) {
		if (!(fwhm > 0)) return this;
		double sigma = fwhm / 2.3548 / de;
		int r = (int) Math.ceil(3 * sigma);
		double[] k = new double[2 * r + 1];
		double ks = 0;
		for (int i = -r; i <= r; i++) ks += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
		double[] out = new double[v.length];
		for (int i = 0; i < v.length; i++) {
			double s = 0;
			for (int j = -r; j <= r; j++) {
				int q = i + j;
				if (q >= 0 && q < v.length) s += k[j + r] * v[q];
			}
			out[i] = s / ks;
		}
		return new Reference(name, e0, de, out);
	}
}
