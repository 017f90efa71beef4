package org.interphase.core.raman;

import java.util.Random;

/**
 * Independent stress generator for the Raman BN analysis, written from the physics and never calling the demo
 * generator ({@code synth}) or the fit model ({@code BnModel}, {@code core.fit} line shapes):
 * <ul>
 * <li>a grating axis: channels equally spaced in wavelength (532 nm laser), so the shift axis is not uniform;</li>
 * <li>bands: Lorentzian phonon lines (lifetime broadening) convolved numerically with the instrument's Gaussian
 * slit function (FWHM 2-8 cm-1) by quadrature over the Gaussian, point-sampled at the channel centres; the
 * observed FWHM of the h-BN band is measured on the convolved profile itself (bisection), not from a formula;</li>
 * <li>h-BN E2g at 1362-1378 cm-1 with Lorentzian FWHM 5-55 cm-1 (nanocrystalline to well ordered); c-BN TO near
 * 1056 and LO near 1306 cm-1, TO area / h-BN area 0-0.6, LO/TO area 0.4-1; LATP phosphate bands near 975, 1008
 * and 1097 cm-1 at 0-2x the h-BN height;</li>
 * <li>fluorescence: an exponential decay plus a broad Gaussian hump plus a slope, 1e3-3e4 counts;</li>
 * <li>shot noise (Gaussian approximation of Poisson, variance = counts) plus read noise;</li>
 * <li>cosmic-ray spikes of 1-3 channels at 1-10x the h-BN height, placed on the h-BN band, beside it, on the c-BN
 * TO, beside the LATP 1008 band, or anywhere.</li>
 * </ul>
 * Maps: a per-pixel ratio field that varies smoothly in space (a tilted plane plus a Gaussian blob), an h-BN
 * Lorentzian width varying by +-15 % along y (crystallite size), per-pixel intensity (focus) and fluorescence
 * variations, small h-BN shifts, the counts of a short map exposure.
 */
public final class RamanStress {
	static final double LASER_NM = 532;

	/** One band of the truth: centre, Lorentzian FWHM, area (counts x cm-1). */
	public static final class Line {
		public final double centre, lorentzFwhm, area;

		public Line(double centre, double lorentzFwhm, double area) {
			this.centre = centre;
			this.lorentzFwhm = lorentzFwhm;
			this.area = area;
		}
	}

	/** What a spectrum was made of. */
	public static final class Truth {
		public double hbnPosition, hbnLorentzFwhm, hbnFwhm, hbnHeight, instrumentFwhm, ratio, noise;
		public int spikes;
		public Line hbn, cbnTo, cbnLo;
		public Line[] latp;
	}

	public static final class Spectrum {
		/** ascending shift unless made descending */
		public double[] shift, counts;
		public Truth truth;
		public boolean[] spikeChannel;

		/** The same data with the axis reversed (as many exports write it). */
		public Spectrum descending() {
			Spectrum s = new Spectrum();
			int n = shift.length;
			s.shift = new double[n];
			s.counts = new double[n];
			s.spikeChannel = new boolean[n];
			for (int i = 0; i < n; i++) {
				s.shift[i] = shift[n - 1 - i];
				s.counts[i] = counts[n - 1 - i];
				s.spikeChannel[i] = spikeChannel[n - 1 - i];
			}
			s.truth = truth;
			return s;
		}
	}

	/** Knobs of one spectrum (drawn by {@link #randomSingle} or set by a test). */
	public static final class Recipe {
		public double hbnPosition = 1368, hbnLorentzFwhm = 20, hbnHeight = 3e4, instrumentFwhm = 4, ratio = 0.1;
		public double toPosition = 1056, toLorentzFwhm = 18, loOverTo = 0.7, loPosition = 1306, loLorentzFwhm = 20;
		public double latpScale = 0.5, fluorescence = 8000, readNoise = 5;
		public int spikes = 2;
		/** spike height in units of the h-BN peak height, range */
		public double spikeMin = 1, spikeMax = 10;
		public int channels = 1024;
		public double from = 850, to = 1700;
	}

	private final Random rnd;

	public RamanStress(long seed) {
		// SplitMix64 of the seed: java.util.Random's first draws are nearly equal for consecutive seeds
		long z = seed + 0x9E3779B97F4A7C15L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		rnd = new Random(z ^ (z >>> 31));
	}

	/** A random single-spectrum recipe spanning the variations. */
	public Recipe randomSingle() {
		Recipe r = new Recipe();
		r.hbnPosition = 1362 + 16 * rnd.nextDouble();
		r.hbnLorentzFwhm = Math.exp(Math.log(5) + (Math.log(55) - Math.log(5)) * rnd.nextDouble());
		r.instrumentFwhm = 2 + 6 * rnd.nextDouble();
		r.hbnHeight = Math.exp(Math.log(2e4) + (Math.log(1e5) - Math.log(2e4)) * rnd.nextDouble());
		double u = rnd.nextDouble();
		r.ratio = u < 0.15 ? 0 : u < 0.5 ? 0.1 * rnd.nextDouble() : 0.6 * rnd.nextDouble();
		r.toPosition = 1053 + 6 * rnd.nextDouble();
		r.toLorentzFwhm = 10 + 20 * rnd.nextDouble();
		r.loPosition = 1302 + 8 * rnd.nextDouble();
		r.loLorentzFwhm = r.toLorentzFwhm * (0.9 + 0.3 * rnd.nextDouble());
		r.loOverTo = 0.4 + 0.6 * rnd.nextDouble();
		r.latpScale = 2 * rnd.nextDouble();
		r.fluorescence = Math.exp(Math.log(1e3) + (Math.log(3e4) - Math.log(1e3)) * rnd.nextDouble());
		r.spikes = rnd.nextInt(4);
		return r;
	}

	/** Grating axis: equal steps in wavelength from the laser, as a CCD behind a grating records. */
	public static double[] gratingAxis(int n, double from, double to) {
		double l0 = 1e7 / (1e7 / LASER_NM - from), l1 = 1e7 / (1e7 / LASER_NM - to);
		double[] x = new double[n];
		for (int i = 0; i < n; i++) {
			double lam = l0 + (l1 - l0) * i / (n - 1);
			x[i] = 1e7 / LASER_NM - 1e7 / lam;
		}
		return x;
	}

	public Spectrum spectrum(Recipe r) {
		double[] x = gratingAxis(r.channels, r.from, r.to);
		double[] clean = new double[x.length];
		Truth t = bands(r, x, clean, 1, 0);
		fluorescence(x, clean, r.fluorescence);
		return noisy(r, x, clean, t, r.spikes);
	}

	/** Adds the bands (scaled by intensity, h-BN shifted by dShift) to out; returns the truth. */
	Truth bands(Recipe r, double[] x, double[] out, double intensity, double dShift) {
		Truth t = new Truth();
		t.instrumentFwhm = r.instrumentFwhm;
		t.ratio = r.ratio;
		double sg = r.instrumentFwhm / (2 * Math.sqrt(2 * Math.log(2)));
		// h-BN area from its peak height: height of the convolved profile of unit area
		double unitPeak = profile(0, 0, r.hbnLorentzFwhm, sg);
		double hbnArea = intensity * r.hbnHeight / unitPeak;
		t.hbn = new Line(r.hbnPosition + dShift, r.hbnLorentzFwhm, hbnArea);
		t.cbnTo = new Line(r.toPosition, r.toLorentzFwhm, r.ratio * hbnArea);
		t.cbnLo = new Line(r.loPosition, r.loLorentzFwhm, r.ratio * r.loOverTo * hbnArea);
		double hRef = intensity * r.hbnHeight * r.latpScale;
		// LATP phosphate bands: heights relative to the h-BN peak, widths of a glass-ceramic
		t.latp = new Line[] { new Line(975, 24, hRef * 0.6 * 24 * Math.PI / 2), new Line(1008, 16, hRef * 16 * Math.PI / 2),
			new Line(1097, 38, hRef * 0.4 * 38 * Math.PI / 2) };
		add(x, out, t.hbn, sg);
		add(x, out, t.cbnTo, sg);
		add(x, out, t.cbnLo, sg);
		for (Line l : t.latp) add(x, out, l, sg);
		t.hbnPosition = t.hbn.centre;
		t.hbnLorentzFwhm = r.hbnLorentzFwhm;
		t.hbnHeight = intensity * r.hbnHeight;
		t.hbnFwhm = observedFwhm(r.hbnLorentzFwhm, sg);
		return t;
	}

	/** Fluorescence: exponential decay + broad hump + slope, of the given level at the centre. */
	void fluorescence(double[] x, double[] out, double level) {
		double decay = 300 + 900 * rnd.nextDouble(), hump = 0.5 * rnd.nextDouble(), humpAt = 900 + 700 * rnd
			.nextDouble(), humpW = 300 + 400 * rnd.nextDouble(), slope = 0.4 * (rnd.nextDouble() - 0.5);
		for (int i = 0; i < x.length; i++) {
			double u = (x[i] - 1275) / 425;
			double d = x[i] - humpAt;
			out[i] += level * (0.6 * Math.exp(-(x[i] - 850) / decay) + 0.4 + hump * Math.exp(-0.5 * d * d / (humpW * humpW))
				+ slope * u);
		}
	}

	Spectrum noisy(Recipe r, double[] x, double[] clean, Truth t, int spikes) {
		int n = x.length;
		Spectrum s = new Spectrum();
		s.shift = x;
		s.counts = new double[n];
		s.spikeChannel = new boolean[n];
		double noise2 = 0;
		for (int i = 0; i < n; i++) {
			double m = Math.max(clean[i], 0);
			s.counts[i] = m + Math.sqrt(m) * rnd.nextGaussian() + r.readNoise * rnd.nextGaussian();
		}
		// noise at the h-BN peak (for "band >= 5x noise")
		double m = 0;
		for (int i = 0; i < n; i++) if (Math.abs(x[i] - t.hbnPosition) < 1) m = Math.max(m, clean[i]);
		noise2 = m + r.readNoise * r.readNoise;
		t.noise = Math.sqrt(noise2);
		for (int k = 0; k < spikes; k++) spike(r, s, t);
		t.spikes = spikes;
		s.truth = t;
		return s;
	}

	/** One cosmic-ray spike, 1-3 channels, 1-10x the h-BN height, on or beside a band or anywhere. */
	void spike(Recipe r, Spectrum s, Truth t) {
		double[] x = s.shift;
		int where = rnd.nextInt(5);
		double at;
		switch (where) {
			case 0: at = t.hbnPosition + 4 * (rnd.nextDouble() - 0.5); break;
			case 1: at = t.hbnPosition + (rnd.nextBoolean() ? 1 : -1) * (8 + 15 * rnd.nextDouble()); break;
			case 2: at = t.cbnTo.centre + 4 * (rnd.nextDouble() - 0.5); break;
			case 3: at = 1008 + (rnd.nextBoolean() ? 1 : -1) * (5 + 10 * rnd.nextDouble()); break;
			default: at = 900 + 700 * rnd.nextDouble();
		}
		int c = 0;
		for (int i = 1; i < x.length; i++) if (Math.abs(x[i] - at) < Math.abs(x[c] - at)) c = i;
		double h = t.hbnHeight * (r.spikeMin + (r.spikeMax - r.spikeMin) * rnd.nextDouble());
		int w = 1 + rnd.nextInt(3);
		double[] shape = w == 1 ? new double[] { 1 } : w == 2 ? new double[] { 1, 0.35 + 0.3 * rnd.nextDouble() }
			: new double[] { 0.2 + 0.3 * rnd.nextDouble(), 1, 0.2 + 0.3 * rnd.nextDouble() };
		for (int k = 0; k < shape.length; k++) {
			int i = c + k - (w == 3 ? 1 : 0);
			if (i < 0 || i >= x.length) continue;
			s.counts[i] += h * shape[k];
			s.spikeChannel[i] = true;
		}
	}

	public static void add(double[] x, double[] out, Line l, double sg) {
		for (int i = 0; i < x.length; i++) out[i] += l.area * profile(x[i], l.centre, l.lorentzFwhm, sg);
	}

	/**
	 * Unit-area Lorentzian of FWHM f at c convolved with a Gaussian of standard deviation sg: midpoint quadrature
	 * over the Gaussian on +-6 sg with steps of sg / 12 (the Gaussian weights renormalised to 1).
	 */
	static double profile(double x, double c, double f, double sg) {
		double g = f / 2, sum = 0;
		for (int k = 0; k < QU.length; k++) {
			double d = x - c - sg * QU[k];
			sum += QW[k] * (g / Math.PI) / (d * d + g * g);
		}
		return sum;
	}

	/** Quadrature nodes (in units of the Gaussian sigma) and normalised weights. */
	private static final double[] QU = new double[144], QW = new double[144];
	static {
		double s = 0;
		for (int k = 0; k < QU.length; k++) {
			QU[k] = -6 + (k + 0.5) / 12.0;
			QW[k] = Math.exp(-0.5 * QU[k] * QU[k]);
			s += QW[k];
		}
		for (int k = 0; k < QW.length; k++) QW[k] /= s;
	}

	/** FWHM of the convolved profile, by bisection on the half maximum. */
	public static double observedFwhm(double f, double sg) {
		double peak = profile(0, 0, f, sg);
		double lo = 0, hi = 2 * (f + 3 * sg);
		for (int it = 0; it < 60; it++) {
			double mid = 0.5 * (lo + hi);
			if (profile(mid, 0, f, sg) > peak / 2) lo = mid;
			else hi = mid;
		}
		return lo + hi;
	}

	// ---- maps ----

	/** A map: ny x nx spectra, pixel-major (C order), with the truth per pixel. */
	public static final class Map {
		public int ny, nx;
		public double[] shift, data;
		public Truth[] truth;
		public int spikes;
	}

	/**
	 * Map of ny x nx pixels: ratio field = a tilted plane plus a Gaussian blob spanning 0..maxRatio; h-BN
	 * Lorentzian width +-15 % along y; per-pixel intensity factor 0.7-1.3 (focus, laser), fluorescence 0.8-1.2 of the
	 * map's level, h-BN shifts of +-0.5 cm-1; a fraction of the pixels gets a spike.
	 */
	public Map map(Recipe base, int ny, int nx, double maxRatio, double spikeFraction) {
		Map m = new Map();
		m.ny = ny;
		m.nx = nx;
		double[] x = gratingAxis(base.channels, base.from, base.to);
		int n = x.length;
		m.shift = x;
		m.data = new double[ny * nx * n];
		m.truth = new Truth[ny * nx];
		double bx = nx * (0.3 + 0.4 * rnd.nextDouble()), by = ny * (0.3 + 0.4 * rnd.nextDouble()), bw = 0.25 * Math.min(nx,
			ny);
		double tilt = rnd.nextDouble() * 2 * Math.PI;
		long fluoSeed = rnd.nextLong();
		for (int yy = 0; yy < ny; yy++) for (int xx = 0; xx < nx; xx++) {
			int p = yy * nx + xx;
			double plane = 0.5 + 0.5 * ((xx / (double) nx - 0.5) * Math.cos(tilt) + (yy / (double) ny - 0.5) * Math.sin(
				tilt));
			double blob = Math.exp(-0.5 * ((xx - bx) * (xx - bx) + (yy - by) * (yy - by)) / (bw * bw));
			Recipe r = copy(base);
			r.ratio = maxRatio * Math.max(0, Math.min(1, 0.6 * plane + 0.6 * blob - 0.1));
			// crystallite size varies across the map too: the h-BN Lorentzian width by +-15 % along y
			r.hbnLorentzFwhm = base.hbnLorentzFwhm * (0.85 + 0.3 * yy / Math.max(1.0, ny - 1));
			double intensity = 0.7 + 0.6 * rnd.nextDouble();
			double shift = 0.5 * (2 * rnd.nextDouble() - 1);
			double[] clean = new double[n];
			Truth t = bands(r, x, clean, intensity, shift);
			// fluorescence: same shape over the map (one seed), level varies
			RamanStress f = new RamanStress(fluoSeed);
			f.fluorescence(x, clean, base.fluorescence * (0.8 + 0.4 * rnd.nextDouble()));
			int sp = rnd.nextDouble() < spikeFraction ? 1 + rnd.nextInt(2) : 0;
			Spectrum s = noisy(r, x, clean, t, sp);
			m.spikes += sp;
			System.arraycopy(s.counts, 0, m.data, p * n, n);
			m.truth[p] = t;
		}
		return m;
	}

	public static Recipe copy(Recipe b) {
		Recipe r = new Recipe();
		r.hbnPosition = b.hbnPosition;
		r.hbnLorentzFwhm = b.hbnLorentzFwhm;
		r.hbnHeight = b.hbnHeight;
		r.instrumentFwhm = b.instrumentFwhm;
		r.ratio = b.ratio;
		r.toPosition = b.toPosition;
		r.toLorentzFwhm = b.toLorentzFwhm;
		r.loOverTo = b.loOverTo;
		r.loPosition = b.loPosition;
		r.loLorentzFwhm = b.loLorentzFwhm;
		r.latpScale = b.latpScale;
		r.fluorescence = b.fluorescence;
		r.readNoise = b.readNoise;
		r.spikes = b.spikes;
		r.spikeMin = b.spikeMin;
		r.spikeMax = b.spikeMax;
		r.channels = b.channels;
		r.from = b.from;
		r.to = b.to;
		return r;
	}

	public Random random() {
		return rnd;
	}
}
