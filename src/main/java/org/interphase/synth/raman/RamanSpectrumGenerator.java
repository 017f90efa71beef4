package org.interphase.synth.raman;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.raman.CrystalliteSize;
import org.interphase.core.raman.RamanShift;
import org.interphase.synth.Noise;

/**
 * Seeded synthetic Raman spectra of BN-coated LATP: the h-BN E2g band (width from the crystallite size through
 * {@link CrystalliteSize}), the c-BN TO and LO bands, LATP phosphate bands around 1000 cm-1 that overlap the c-BN TO,
 * a broad fluorescence baseline, Poisson counting noise with read noise, and cosmic-ray spikes of one to three
 * channels. The shift axis is that of a grating spectrometer (linear in wavelength plus a small distortion), so it
 * is not uniform in cm-1. Maps vary the c-BN / h-BN ratio, the crystallite size and the intensity over the field.
 * Band areas are integrals over cm-1 of the (counts per channel) profile, as the fit reports them.
 * <p>
 * Usage: {@code new RamanSpectrumGenerator(seed).cbnRatio(0.12).spectrum()}; setters return this.
 */
public final class RamanSpectrumGenerator {
	/** One band of the truth. Eta is the Lorentzian share of a pseudo-Voigt (1 = Lorentzian). */
	public static final class Band {
		public final String name;
		public final double position, fwhm, area, eta;

		public Band(String name, double position, double fwhm, double area, double eta) {
			this.name = name;
			this.position = position;
			this.fwhm = fwhm;
			this.area = area;
			this.eta = eta;
		}

		public double height() {
			return area / (fwhm * (eta * Math.PI / 2 + (1 - eta) * Math.sqrt(Math.PI / Math.log(2)) / 2));
		}

		double value(double x) {
			double hw = fwhm / 2, d = x - position;
			double lor = hw / Math.PI / (d * d + hw * hw);
			if (eta >= 1) return area * lor;
			double sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
			double gau = Math.exp(-d * d / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
			return area * (eta * lor + (1 - eta) * gau);
		}
	}

	/** A generated spectrum and its truth. */
	public static final class Spectrum {
		public final double[] shift, counts, clean, baseline;
		public final List<Band> bands;
		public final int spikes;
		/** Channels hit by a spike. */
		public final boolean[] spikeChannels;

		Spectrum(double[] shift, double[] counts, double[] clean, double[] baseline, List<Band> bands, int spikes,
			boolean[] spikeChannels)
		{
			this.shift = shift;
			this.counts = counts;
			this.clean = clean;
			this.baseline = baseline;
			this.bands = bands;
			this.spikes = spikes;
			this.spikeChannels = spikeChannels;
		}

		public Band band(String name) {
			for (Band b : bands) if (b.name.equals(name)) return b;
			return null;
		}

		/** True c-BN TO / h-BN E2g area ratio (0 when there is no c-BN). */
		public double ratio() {
			Band h = band(HBN), c = band(CBN_TO);
			return h == null || c == null ? 0 : c.area / h.area;
		}

		public Signal signal(String name) {
			return Signal.spectrum(name, new Axis("Raman shift", shift, "cm-1"), counts.clone());
		}
	}

	/** A generated map (y, x, shift) and its truth per pixel (row-major y then x). */
	public static final class MapData {
		public final Signal signal;
		public final int ny, nx;
		public final double[] ratio, hbnPosition, hbnFwhm, hbnArea, cbnArea;
		public final int spikes;

		MapData(Signal signal, int ny, int nx, double[] ratio, double[] hbnPosition, double[] hbnFwhm, double[] hbnArea,
			double[] cbnArea, int spikes)
		{
			this.signal = signal;
			this.ny = ny;
			this.nx = nx;
			this.ratio = ratio;
			this.hbnPosition = hbnPosition;
			this.hbnFwhm = hbnFwhm;
			this.hbnArea = hbnArea;
			this.cbnArea = cbnArea;
			this.spikes = spikes;
		}
	}

	public static final String HBN = "h-BN E2g", CBN_TO = "c-BN TO", CBN_LO = "c-BN LO";
	public static final String[] LATP_NAMES = { "LATP 975", "LATP 1008", "LATP 1097" };
	private static final double[][] LATP_BANDS = { { 975, 24, 1.0 }, { 1008, 18, 0.55 }, { 1097, 40, 0.35 } };

	private final long seed;
	private int channels = 1024;
	private double low = 850, high = 1700, laserNm = 532;
	private double hbnPosition = 1370, crystalliteNm = 15, hbnHeight = 20000;
	private double cbnRatio = 0.12, cbnFwhm = 22, cbnPosition = 1056, loPosition = 1306, loToRatio = 0.8;
	private double latpHeight = 6000, fluorescence = 5000, readNoise = 5, eta = 1;
	private int spikes = 2;
	private boolean bn = true;
	private double forcedSpikeAt = Double.NaN;

	public RamanSpectrumGenerator(long seed) {
		this.seed = seed;
	}

	public RamanSpectrumGenerator channels(int n) { channels = n; return this; }
	public RamanSpectrumGenerator range(double lo, double hi) { low = lo; high = hi; return this; }
	public RamanSpectrumGenerator laser(double nm) { laserNm = nm; return this; }
	public RamanSpectrumGenerator hbnPosition(double v) { hbnPosition = v; return this; }
	public RamanSpectrumGenerator crystalliteNm(double v) { crystalliteNm = v; return this; }
	public RamanSpectrumGenerator hbnHeight(double v) { hbnHeight = v; return this; }
	/** c-BN TO / h-BN E2g area ratio; 0 = no c-BN. */
	public RamanSpectrumGenerator cbnRatio(double v) { cbnRatio = v; return this; }
	public RamanSpectrumGenerator cbnFwhm(double v) { cbnFwhm = v; return this; }
	public RamanSpectrumGenerator latpHeight(double v) { latpHeight = v; return this; }
	public RamanSpectrumGenerator fluorescence(double v) { fluorescence = v; return this; }
	public RamanSpectrumGenerator readNoise(double v) { readNoise = v; return this; }
	/** Lorentzian share of pseudo-Voigt bands (1 = Lorentzian). */
	public RamanSpectrumGenerator eta(double v) { eta = v; return this; }
	public RamanSpectrumGenerator spikes(int n) { spikes = n; return this; }
	/** Puts one extra large spike at this shift (to check spikes are not fitted as bands). */
	public RamanSpectrumGenerator spikeAt(double shift) { forcedSpikeAt = shift; return this; }
	/** Without BN (bare LATP): substrate bands only. */
	public RamanSpectrumGenerator bare() { bn = false; return this; }

	/** The h-BN E2g FWHM implied by the crystallite size. */
	public double hbnFwhm() {
		return CrystalliteSize.nemanich().fwhm(crystalliteNm);
	}

	/** The spectrometer's shift axis: linear in wavelength with a small quadratic distortion. */
	public double[] axis() {
		double l0 = RamanShift.toWavelength(low, laserNm), l1 = RamanShift.toWavelength(high, laserNm);
		double[] x = new double[channels];
		for (int i = 0; i < channels; i++) {
			double t = i / (double) (channels - 1);
			x[i] = RamanShift.fromWavelength(l0 + (l1 - l0) * (t + 0.03 * t * (1 - t)), laserNm);
		}
		return x;
	}

	public Spectrum spectrum() {
		Noise noise = new Noise(seed);
		double[] x = axis();
		return make(x, noise, 1, 1, cbnRatio, crystalliteNm, hbnPosition, spikes);
	}

	/** A map of ny x nx pixels with 1 µm steps; the c-BN ratio, size and intensity vary smoothly over it. */
	public MapData map(int ny, int nx) {
		Noise noise = new Noise(seed);
		double[] x = axis();
		int n = x.length, np = ny * nx;
		double[] data = new double[np * n];
		double[] ratio = new double[np], pos = new double[np], fwhm = new double[np], ha = new double[np],
			ca = new double[np];
		int totalSpikes = 0;
		for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
			double u = nx > 1 ? i / (double) (nx - 1) : 0.5, v = ny > 1 ? j / (double) (ny - 1) : 0.5;
			double r = cbnRatio * (1 + 0.5 * Math.sin(2 * Math.PI * u) * Math.cos(Math.PI * v));
			double size = crystalliteNm * (0.75 + 0.5 * v);
			double p = hbnPosition + 2 * (0.5 - v);
			double intensity = 0.8 + 0.4 * u;
			int k = noise.uniform() < 0.25 ? 1 : 0;
			Spectrum s = make(x, noise, intensity, intensity, r, size, p, k);
			int idx = j * nx + i;
			System.arraycopy(s.counts, 0, data, idx * n, n);
			Band h = s.band(HBN), c = s.band(CBN_TO);
			ratio[idx] = s.ratio();
			pos[idx] = h == null ? Double.NaN : h.position;
			fwhm[idx] = h == null ? Double.NaN : h.fwhm;
			ha[idx] = h == null ? 0 : h.area;
			ca[idx] = c == null ? 0 : c.area;
			totalSpikes += s.spikes;
		}
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("y", ny, 1, 0, "µm"));
		axes.add(new Axis("x", nx, 1, 0, "µm"));
		axes.add(new Axis("Raman shift", x, "cm-1"));
		Map<String, Object> md = new LinkedHashMap<>();
		md.put(MetadataKeys.LASER_WAVELENGTH_NM, laserNm);
		Signal sig = new Signal("raman map", "float64", new int[] { ny, nx, n }, axes, data, null, md);
		return new MapData(sig, ny, nx, ratio, pos, fwhm, ha, ca, totalSpikes);
	}

	/** A single spectrum as a dataset (metadata carries the laser). */
	public Dataset dataset(String source) {
		Spectrum s = spectrum();
		Dataset d = Dataset.of(source, "synthetic", s.signal("raman"));
		return d.withMetadata(MetadataKeys.LASER_WAVELENGTH_NM, laserNm);
	}

	private Spectrum make(double[] x, Noise noise, double bnScale, double latpScale, double ratio, double size,
		double pos, int nSpikes)
	{
		int n = x.length;
		List<Band> bands = new ArrayList<>();
		if (bn) {
			double f = CrystalliteSize.nemanich().fwhm(size);
			double hArea = bnScale * hbnHeight / new Band(HBN, pos, f, 1, eta).height();
			Band h = new Band(HBN, pos, f, hArea, eta);
			bands.add(h);
			if (ratio > 0) {
				bands.add(new Band(CBN_TO, cbnPosition, cbnFwhm, ratio * hArea, eta));
				bands.add(new Band(CBN_LO, loPosition, cbnFwhm, loToRatio * ratio * hArea, eta));
			}
		}
		for (int b = 0; b < LATP_BANDS.length; b++) {
			Band unit = new Band(LATP_NAMES[b], LATP_BANDS[b][0], LATP_BANDS[b][1], 1, eta);
			double area = latpScale * latpHeight * LATP_BANDS[b][2] / unit.height();
			bands.add(new Band(LATP_NAMES[b], LATP_BANDS[b][0], LATP_BANDS[b][1], area, eta));
		}
		double[] clean = new double[n], base = new double[n], counts = new double[n];
		double mid = 0.5 * (x[0] + x[n - 1]), half = 0.5 * Math.abs(x[n - 1] - x[0]);
		for (int i = 0; i < n; i++) {
			double t = (x[i] - mid) / half;
			base[i] = fluorescence * (0.7 + 0.5 * Math.exp(-(x[i] - x[0]) / 500) + 0.15 * t * t + 0.1 * t);
			double s = base[i];
			for (Band b : bands) s += b.value(x[i]);
			clean[i] = s;
			counts[i] = noise.poisson(s) + noise.gaussian(0, readNoise);
		}
		boolean[] hit = new boolean[n];
		int made = 0;
		for (int k = 0; k < nSpikes + (Double.isNaN(forcedSpikeAt) ? 0 : 1); k++) {
			int at;
			if (k == nSpikes) {
				at = 0;
				for (int i = 0; i < n; i++) if (Math.abs(x[i] - forcedSpikeAt) < Math.abs(x[at] - forcedSpikeAt)) at = i;
			}
			else at = 3 + noise.nextInt(n - 6);
			int width = 1 + noise.nextInt(3);
			double height = noise.uniform(3000, 30000);
			for (int w = 0; w < width && at + w < n; w++) {
				counts[at + w] += height * (w == 1 ? 0.8 : 1);
				hit[at + w] = true;
			}
			made++;
		}
		return new Spectrum(x, counts, clean, base, bands, made, hit);
	}
}
