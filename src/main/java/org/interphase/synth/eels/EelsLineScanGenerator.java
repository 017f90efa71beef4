package org.interphase.synth.eels;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Signal;
import org.interphase.synth.Noise;

/**
 * Seeded synthetic Ti L2,3 EELS data with known truth: line scans from the Li side through the Li/LATP interface
 * into the bulk, spectrum images, and Ti3+ / Ti4+ reference standards.
 * <p>
 * Each spectrum is a power-law background A*E^-r (r varying around {@link Config#exponent}) plus the Ti L2,3
 * edge, a mixture f*Ti3+ + (1-f)*Ti4+ of the {@link TiL23Shapes} (resolution broadening and a plural-scattering
 * replica included), plus an O K edge where the electrolyte is, all shifted by a per-position energy drift that
 * the analysis must undo, with Poisson noise. The Ti3+ fraction follows a sigmoid in the distance from the
 * interface whose 0.5 crossing is {@link Config#depthNm} (0 = Ti4+ everywhere: the fraction stays below 0.5).
 * A matching low-loss scan (zero-loss peak at the drift, plasmon) is generated with the same drift.
 */
public final class EelsLineScanGenerator {
	private EelsLineScanGenerator() {}

	/** What to generate; public fields with realistic defaults. */
	public static final class Config {
		public int positions = 70;
		public double stepNm = 0.75;
		/** Position of the interface along the scan, nm (before it: Li metal, no Ti). */
		public double interfaceNm = 6;
		/** Roughness of the interface (Gaussian sigma of the Ti signal's rise), nm. */
		public double interfaceWidthNm = 0.6;
		/** Depth (from the interface) where the Ti3+ fraction falls through 0.5; 0 = never above 0.5. */
		public double depthNm = 24;
		/** Width of the fraction's sigmoid, nm. */
		public double profileWidthNm = 2.5;
		public double fSurface = 0.92, fBulk = 0.03;
		public double energyStart = 430, dispersion = 0.1;
		public int channels = 1200;
		/** Height of the Ti4+ white line above background, counts per channel. */
		public double edgeCounts = 4000;
		/** Background at 455 eV relative to edgeCounts. */
		public double backgroundRatio = 2.0;
		public double exponent = 3.0;
		/** Per-position random drift amplitude (uniform in +-driftEv), eV. */
		public double driftEv = 0.5;
		/** Slow linear drift from the first to the last position, eV. */
		public double slowDriftEv = 0.3;
		public double resolutionFwhm = 0.5;
		public double tOverLambda = 0.3;
		public boolean oxygen = true;
		public boolean poisson = true;
		public long seed = 1;

		/** The Ti3+ fraction at distance d from the interface (nm), the truth. */
		public double fraction(double d) {
			if (depthNm <= 0) {
				// Ti4+ everywhere: a slight surface reduction that never reaches 0.5
				return fBulk + (0.15 - fBulk) / (1 + Math.exp((d - 3) / profileWidthNm));
			}
			double x0 = depthNm - profileWidthNm * Math.log((fSurface - 0.5) / (0.5 - fBulk));
			return fBulk + (fSurface - fBulk) / (1 + Math.exp((d - x0) / profileWidthNm));
		}

		public Axis energyAxis() {
			return new Axis("Energy loss", channels, dispersion, energyStart, "eV");
		}
	}

	/** A generated line scan and its truth. */
	public static final class LineScan {
		/** (positions, energy), axes "distance" (nm) and "Energy loss" (eV). */
		public final Signal coreLoss;
		/** (positions, energy) low-loss with the same drift. */
		public final Signal lowLoss;
		/** Position along the scan, nm. */
		public final double[] x;
		/** True Ti3+ fraction per position (NaN where there is no Ti). */
		public final double[] fraction;
		/** Ti presence 0..1 per position. */
		public final double[] tiPresence;
		/** Applied energy drift per position, eV (features appear at E + drift). */
		public final double[] drift;
		public final double interfaceNm, depthNm;

		LineScan(Signal core, Signal low, double[] x, double[] f, double[] ti, double[] drift, double interfaceNm,
			double depthNm)
		{
			this.coreLoss = core;
			this.lowLoss = low;
			this.x = x;
			this.fraction = f;
			this.tiPresence = ti;
			this.drift = drift;
			this.interfaceNm = interfaceNm;
			this.depthNm = depthNm;
		}
	}

	/** A generated spectrum image (y, x, energy): the interface runs along y, the scan direction is x. */
	public static final class SpectrumImage {
		public final Signal coreLoss;
		/** True fraction per pixel (y*nx + x), NaN where there is no Ti. */
		public final double[] fraction;

		SpectrumImage(Signal core, double[] fraction) {
			this.coreLoss = core;
			this.fraction = fraction;
		}
	}

	/** Tabulated shapes on a fine grid for fast evaluation at shifted energies. */
	private static final class Table {
		final double e0, de = 0.005;
		final double[] t3, t4, ok;
		final double scale;

		Table(Config c) {
			TiL23Shapes s = new TiL23Shapes(c.resolutionFwhm, c.tOverLambda);
			e0 = c.energyStart - 5;
			int n = (int) Math.ceil((c.channels * c.dispersion + 10) / de) + 2;
			t3 = new double[n];
			t4 = new double[n];
			ok = new double[n];
			double max4 = 0;
			for (int i = 0; i < n; i++) {
				double e = e0 + i * de;
				t3[i] = s.ti3(e);
				t4[i] = s.ti4(e);
				ok[i] = s.oxygenK(e);
				max4 = Math.max(max4, t4[i]);
			}
			scale = 1 / max4;
		}

		double at(double[] t, double e) {
			double p = (e - e0) / de;
			int i = (int) Math.floor(p);
			if (i < 0) return t[0];
			if (i >= t.length - 1) return t[t.length - 1];
			double w = p - i;
			return t[i] * (1 - w) + t[i + 1] * w;
		}
	}

	/** One spectrum (counts per channel) into out[off..off+channels). */
	private static void spectrum(Config c, Table t, double f, double ti, double ox, double drift, double bgScale,
		double r, Noise noise, double[] out, int off)
	{
		double bg0 = c.backgroundRatio * c.edgeCounts * bgScale;
		double j = c.edgeCounts * t.scale;
		for (int k = 0; k < c.channels; k++) {
			double e = c.energyStart + k * c.dispersion;
			double es = e - drift;
			double v = bg0 * Math.pow(e / 455.0, -r);
			if (ti > 0) v += ti * j * (f * t.at(t.t3, es) + (1 - f) * t.at(t.t4, es));
			if (ox > 0) v += ox * j * t.at(t.ok, es);
			out[off + k] = c.poisson ? noise.poisson(v) : v;
		}
	}

	public static LineScan lineScan(Config c) {
		Table t = new Table(c);
		Noise noise = new Noise(c.seed);
		int n = c.positions, ch = c.channels;
		double[] core = new double[n * ch];
		int lowCh = 1024;
		double lowStart = -10, lowDisp = 0.05;
		double[] low = new double[n * lowCh];
		double[] x = new double[n], f = new double[n], ti = new double[n], drift = new double[n];
		for (int i = 0; i < n; i++) {
			Noise ni = noise.split();
			x[i] = i * c.stepNm;
			double d = x[i] - c.interfaceNm;
			ti[i] = 0.5 * (1 + erf(d / (Math.sqrt(2) * c.interfaceWidthNm)));
			f[i] = ti[i] < 0.02 ? Double.NaN : c.fraction(d);
			drift[i] = c.driftEv * ni.uniform(-1, 1) + c.slowDriftEv * (n > 1 ? (double) i / (n - 1) - 0.5 : 0);
			double bgScale = 1 + 0.1 * ni.uniform(-1, 1);
			double r = c.exponent + 0.1 * ni.uniform(-1, 1);
			double ox = c.oxygen ? 0.05 + 0.95 * ti[i] : 0;
			spectrum(c, t, Double.isNaN(f[i]) ? 0 : f[i], ti[i], ox, drift[i], bgScale, r, ni, core, i * ch);
			lowLoss(ni, drift[i], lowStart, lowDisp, lowCh, c, low, i * lowCh);
		}
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("distance", n, c.stepNm, 0, "nm"));
		axes.add(c.energyAxis());
		Signal coreSig = new Signal("core-loss", c.poisson ? "float32" : "float64", new int[] { n, ch }, axes, core);
		List<Axis> laxes = new ArrayList<>();
		laxes.add(new Axis("distance", n, c.stepNm, 0, "nm"));
		laxes.add(new Axis("Energy loss", lowCh, lowDisp, lowStart, "eV"));
		Signal lowSig = new Signal("low-loss", "float32", new int[] { n, lowCh }, laxes, low);
		return new LineScan(coreSig, lowSig, x, f, ti, drift, c.interfaceNm, c.depthNm);
	}

	private static void lowLoss(Noise noise, double drift, double start, double disp, int channels, Config c,
		double[] out, int off)
	{
		double s = c.resolutionFwhm / 2.3548;
		for (int k = 0; k < channels; k++) {
			double e = start + k * disp - drift;
			double zlp = 2e5 * (0.85 * Math.exp(-0.5 * e * e / (s * s)) + 0.15 / (1 + 4 * e * e / (c.resolutionFwhm *
				c.resolutionFwhm * 4)));
			double pl = 2e5 * c.tOverLambda * 0.08 * Math.exp(-0.5 * Math.pow((e - TiL23Shapes.PLASMON_EV) / 3.4, 2));
			double v = zlp + pl + 20;
			out[off + k] = c.poisson ? noise.poisson(v) : v;
		}
	}

	/** A reference standard: a pure Ti3+ (Ti2O3-like) or Ti4+ (TiO2-like) spectrum, calibrated (no drift). */
	public static Signal reference(boolean ti3, Config scan, long seed) {
		Config c = new Config();
		c.resolutionFwhm = scan.resolutionFwhm;
		c.tOverLambda = scan.tOverLambda;
		// its own energy axis, half a channel off the scan's, narrower range
		c.energyStart = 432.05;
		c.dispersion = 0.1;
		c.channels = 700;
		c.edgeCounts = 20000;
		c.backgroundRatio = 1.5;
		c.exponent = ti3 ? 2.6 : 3.3;
		c.poisson = scan.poisson;
		Table t = new Table(c);
		Noise noise = new Noise(seed);
		double[] data = new double[c.channels];
		spectrum(c, t, ti3 ? 1 : 0, 1, 1, 0, 1, c.exponent, noise, data, 0);
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("distance", 1, 1, 0, "nm"));
		axes.add(c.energyAxis());
		return new Signal(ti3 ? "Ti3+ reference" : "Ti4+ reference", "float32", new int[] { 1, c.channels }, axes,
			data);
	}

	/**
	 * A spectrum image ny x nx: the interface runs along y at x = interfaceNm + a gentle wave, the fraction
	 * follows {@link Config#fraction} in the distance along x. Pixel size = stepNm.
	 */
	public static SpectrumImage spectrumImage(Config c, int ny, int nx) {
		Table t = new Table(c);
		Noise noise = new Noise(c.seed);
		int ch = c.channels;
		double[] core = new double[ny * nx * ch];
		double[] truth = new double[ny * nx];
		for (int y = 0; y < ny; y++) {
			double xi = c.interfaceNm + 1.5 * Math.sin(2 * Math.PI * y / Math.max(1, ny));
			for (int xx = 0; xx < nx; xx++) {
				Noise ni = noise.split();
				int p = y * nx + xx;
				double d = xx * c.stepNm - xi;
				double ti = 0.5 * (1 + erf(d / (Math.sqrt(2) * c.interfaceWidthNm)));
				double f = c.fraction(d);
				truth[p] = ti < 0.02 ? Double.NaN : f;
				double drift = c.driftEv * ni.uniform(-1, 1);
				double ox = c.oxygen ? 0.05 + 0.95 * ti : 0;
				spectrum(c, t, f, ti, ox, drift, 1 + 0.1 * ni.uniform(-1, 1), c.exponent + 0.1 * ni.uniform(-1, 1), ni,
					core, p * ch);
			}
		}
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("y", ny, c.stepNm, 0, "nm"));
		axes.add(new Axis("x", nx, c.stepNm, 0, "nm"));
		axes.add(c.energyAxis());
		return new SpectrumImage(new Signal("spectrum-image", "float32", new int[] { ny, nx, ch }, axes, core),
			truth);
	}

	/** Error function (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7). */
	static double erf(double x) {
		double t = 1 / (1 + 0.3275911 * Math.abs(x));
		double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
			t * Math.exp(-x * x);
		return x >= 0 ? y : -y;
	}
}
