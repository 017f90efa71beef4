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
	/** Variance of v from the reference's own noise (same grid), or null when unknown. */
	private final double[] noise;
	/** How much the broadening reduced the noise variance (1: not broadened). */
	private final double noiseReduction;

	private Reference(String name, double e0, double de, double[] v) {
		this(name, e0, de, v, null, 1, Background.FITTED, Double.NaN, null);
	}

	private Reference(String name, double e0, double de, double[] v, double[] noise, double noiseReduction,
		Background background, double preEdge, Reference alternative)
	{
		this.name = name;
		this.e0 = e0;
		this.de = de;
		this.v = v;
		this.noise = noise;
		this.noiseReduction = noiseReduction;
		this.background = background;
		this.preEdge = preEdge;
		this.alternative = alternative;
		this.first = e0;
		this.last = e0 + (v.length - 1) * de;
		dv = new double[v.length];
		for (int i = 1; i < v.length - 1; i++) dv[i] = (v[i + 1] - v[i - 1]) / (2 * de);
	}

	/** How the reference's background was handled (recorded in the rows). */
	public enum Background {
		/** Power law fitted in the scan's pre-edge window (on the reference's scale) and subtracted. */
		FITTED,
		/** Power law fitted in the reference's own (shorter) pre-edge and subtracted. */
		FITTED_OWN_PRE_EDGE,
		/** Power law of fixed exponent 3 scaled to a pre-edge shorter than 3 eV and subtracted. */
		SCALED_SHORT_PRE_EDGE,
		/** Already background-subtracted (pre-edge consistent with zero, or none): used as it is. */
		NONE
	}

	/** The background case and the reference's pre-edge length before its rise (eV). */
	public final Background background;
	public final double preEdge;
	/** The same reference with its background extrapolated differently (short pre-edge), or null. */
	public final Reference alternative;

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
		Shape sh = shape(energy, counts, normHi);
		boolean free = sh.backgroundFree;
		// before its first channel a background-subtracted reference is taken as zero (its pre-edge is)
		if (lo > sh.rise || hi < normHi - 0.5) throw new IllegalArgumentException(
			"reference " + name + " covers " + fmt(lo) + "-" + fmt(hi) + " eV but the fit window is " + fmt(normLo) + "-" +
				fmt(normHi) + " eV: the reference does not overlap the scan's energy range");
		PowerLawBackground bg = PowerLawBackground.NONE;
		Background how = Background.NONE;
		double fixedR = Double.NaN, fixedLogA = 0;
		if (!free) {
			double bl = Math.max(bgLo, lo), bh = Math.min(bgHi, sh.rise - 0.5);
			how = Background.FITTED;
			if (bh - bl < 3 || bgHi > sh.rise + 1) {
				// the scan's window does not fit this reference: its own pre-edge, up to 2 eV before its rise (the
				// white lines' lifetime and resolution tails reach that far below the 10 % point; ending 1 eV before
				// it gave a stress-set p90 of 0.07-0.10 for 5 eV pre-edges, 2 eV gives 0.05-0.07)
				bl = Math.max(lo, sh.rise - 32);
				bh = sh.rise - 2;
				how = Background.FITTED_OWN_PRE_EDGE;
			}
			if (bh - bl >= 3) {
				bg = PowerLawBackground.fit(counts, 0, energy, 0, bl, bh);
				if (!bg.ok() || !(bg.r > 0.5 && bg.r < 8)) {
					bg = PowerLawBackground.NONE;
					how = Background.SCALED_SHORT_PRE_EDGE;
				}
			}
			else how = Background.SCALED_SHORT_PRE_EDGE;
			if (how == Background.SCALED_SHORT_PRE_EDGE) {
				// too little pre-edge for an exponent: a power law of the typical exponent 3 through its mean level
				double sum = 0;
				int m = 0;
				for (int k = 0; k < n && energy[k] <= sh.rise - 0.3; k++) {
					sum += counts[k] * Math.pow(energy[k], 3);
					m++;
				}
				if (m == 0) throw new IllegalArgumentException("reference " + name + " starts at its edge (" + fmt(lo) +
					" eV) with a background under it: no pre-edge to remove the background from; give it with a pre-edge " +
					"or background-subtracted");
				fixedR = 3;
				fixedLogA = Math.log(Math.max(1e-300, sum / m));
			}
		}
		double logA = !Double.isNaN(fixedR) ? fixedLogA : bg.ok() ? bg.logA : Double.NEGATIVE_INFINITY;
		double r0 = !Double.isNaN(fixedR) ? fixedR : bg.ok() ? bg.r : 0;
		double step = (hi - lo) / (n - 1);
		double[][] built = build(name, energy, counts, lo, step, logA, r0, normLo, normHi);
		double[] sm = built[0];
		// a background extrapolated from a short pre-edge is uncertain: an alternative with the exponent changed
		// (0.75 below 10 eV of pre-edge, 0.3 below 20 eV), equal at the end of the pre-edge, for the mismatch term
		double fitted = how == Background.NONE ? 99 : Math.max(0, sh.rise - 2 - Math.max(lo, sh.rise - 32));
		double dr = fitted < 10 ? 0.75 : fitted < 20 ? 0.3 : 0;
		Reference alternative = null;
		if (dr > 0) {
			double anchor = Math.log(Math.max(lo + 1, sh.rise - 2));
			try {
				double[][] alt = build(name, energy, counts, lo, step, logA + dr * anchor, r0 + dr, normLo, normHi);
				alternative = new Reference(name, lo, step, alt[0], alt[1], 1, Background.FITTED, Double.NaN, null);
			}
			catch (IllegalArgumentException ex) {
				alternative = null;
			}
		}
		return new Reference(name, lo, step, sm, built[1], 1, how, Math.max(0, sh.rise - lo), alternative);
	}

	/**
	 * Resampled on a uniform grid, background exp(logA) E^-r removed, 1-2-1 smoothed, unit area in the window:
	 * {values, variances}; the variance from the local high-frequency scatter (second difference) over +-15
	 * channels, so it holds for background-subtracted references whose counts are not Poisson any more.
	 */
	private static double[][] build(String name, double[] energy, double[] counts, double lo, double step, double logA,
		double r, double normLo, double normHi)
	{
		int n = energy.length;
		int m = (int) Math.floor((energy[n - 1] - lo) / step + 1e-9) + 1;
		double[] s = new double[m];
		int j = 0;
		for (int i = 0; i < m; i++) {
			double e = lo + i * step;
			while (j < n - 2 && energy[j + 1] < e) j++;
			double w = (e - energy[j]) / (energy[j + 1] - energy[j]);
			w = Math.max(0, Math.min(1, w));
			double b = Double.isInfinite(logA) ? 0 : Math.exp(logA - r * Math.log(e));
			s[i] = (counts[j] * (1 - w) + counts[j + 1] * w) - b;
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
		double[] h2 = new double[m];
		for (int i = 1; i < m - 1; i++) {
			double h = s[i] - 0.5 * (s[i - 1] + s[i + 1]);
			h2[i] = h * h / 1.5;
		}
		double[] var = new double[m];
		double acc = 0;
		int cnt = 0, win = 15;
		for (int i = 0; i < Math.min(m, win); i++) {
			acc += h2[i];
			cnt++;
		}
		for (int i = 0; i < m; i++) {
			if (i + win < m) {
				acc += h2[i + win];
				cnt++;
			}
			if (i - win - 1 >= 0) {
				acc -= h2[i - win - 1];
				cnt--;
			}
			var[i] = Math.max(0, acc / cnt) * 0.375 / (area * area);
		}
		return new double[][] { sm, var };
	}

	/** Where a reference's edge rises, and whether its pre-edge is consistent with zero. */
	static final class Shape {
		double rise;
		boolean backgroundFree;
	}

	/**
	 * The rise: walking down from the maximum (below normHi) of the smoothed reference to where it falls below
	 * 10 % of the way from the lowest level before the maximum. Background-free: the mean pre-edge (the channels
	 * more than 1 eV before the rise) is within 3 standard errors of zero or below 5 % of the maximum; without a
	 * pre-edge, a first channel below 30 % of the maximum (a background would not leave the start of the edge that
	 * low).
	 */
	static Shape shape(double[] energy, double[] counts, double normHi) {
		int n = energy.length;
		double de = (energy[n - 1] - energy[0]) / (n - 1);
		double[] sm = EdgeFinder.smooth(counts, Math.max(1, 0.3 / de));
		// the white lines: the maximum in the Ti L range (a background may be higher at the start)
		double top = Math.max(Math.min(normHi, EdgeFinder.TI_L_HI + 8), energy[0] + 3 * de);
		int kMax = EdgeFinder.index(energy, Math.max(energy[0], EdgeFinder.TI_L_LO));
		for (int k = kMax; k < n && energy[k] <= top; k++) if (sm[k] > sm[kMax]) kMax = k;
		double max = sm[kMax], min = Double.POSITIVE_INFINITY;
		for (int k = 0; k <= kMax; k++) min = Math.min(min, sm[k]);
		double height = max - Math.max(0, min); // above the pre-edge level
		double th = min + 0.1 * (max - min);
		int k = kMax;
		while (k > 0 && sm[k - 1] > th) k--;
		Shape s = new Shape();
		s.rise = energy[k];
		double sum = 0, sum2 = 0;
		int m = 0;
		for (int q = 0; q < n && energy[q] < s.rise - 1; q++) {
			sum += counts[q];
			sum2 += counts[q] * counts[q];
			m++;
		}
		if (m >= 3) {
			double mean = sum / m, sd = Math.sqrt(Math.max(0, sum2 / m - mean * mean));
			s.backgroundFree = Math.abs(mean) < 3 * sd / Math.sqrt(m) || Math.abs(mean) < 0.05 * height;
		}
		else s.backgroundFree = sm[0] < 0.3 * max;
		return s;
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

	/** Variance of {@link #value} from the reference's noise (0 when unknown or outside). */
	public double variance(double e) {
		if (noise == null) return 0;
		double p = (e - e0) / de;
		int i = (int) Math.floor(p);
		if (i < 0 || i >= noise.length - 1) return 0;
		double w = p - i;
		return noise[i] + w * (noise[i + 1] - noise[i]);
	}

	/** The factor by which broadening reduced {@link #variance} (1 when not broadened). */
	public double noiseReduction() {
		return noiseReduction;
	}

	public double slope(double e) {
		double p = (e - e0) / de;
		int i = (int) Math.floor(p);
		if (i < 0 || i >= v.length - 1) return 0;
		double w = p - i;
		return dv[i] + w * (dv[i + 1] - dv[i]);
	}

	static String fmt2(double d) {
		return String.format(java.util.Locale.ROOT, "%.2f", d);
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
		double[] nv = null;
		double reduction = 1;
		if (noise != null) {
			// the noise variance is already a local average (+-15 channels). The raw channels are independent, but v
			// is their 1-2-1 smoothing (noise = raw variance x 0.375), so the broadened noise is the raw variance x
			// sum(h^2) of the combined kernel h = Gaussian * (1/4, 1/2, 1/4). Treating the smoothed channels as
			// independent (sum(k^2) / sum(k)^2 alone) understated it 2-3x, so every broadening looked worse than none
			// when the reference noise dominated the matching fit (stress set: broadening chosen 0.3-0.7 eV too small)
			double[] h = new double[k.length + 2];
			for (int i = 0; i < k.length; i++) {
				double g = k[i] / ks;
				h[i] += 0.25 * g;
				h[i + 1] += 0.5 * g;
				h[i + 2] += 0.25 * g;
			}
			double h2 = 0;
			for (double q : h) h2 += q * q;
			nv = new double[v.length];
			double f = h2 / 0.375;
			for (int i = 0; i < v.length; i++) nv[i] = noise[i] * f;
			reduction = noiseReduction * f;
		}
		return new Reference(name, e0, de, out, nv, reduction, background, preEdge, alternative != null ? alternative
			.broadened(fwhm) : null);
	}
}
