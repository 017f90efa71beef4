package org.interphase.synth.diffraction;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.core.diffraction.xrd.XraySticks;
import org.interphase.core.diffraction.xrd.XrayWavelength;
import org.interphase.core.fit.LineShapes;
import org.interphase.synth.Noise;

/**
 * Seeded synthetic 1D X-ray powder patterns (Bragg-Brentano, 2-theta in deg) with a known truth: the stick
 * patterns of one or several library phases ({@link XraySticks}: m |F_x|^2 LP) as Voigt peaks whose Gaussian
 * width follows Caglioti's law FWHM_G^2 = U tan^2 theta + V tan theta + W and whose Lorentzian width is the
 * Scherrer broadening K lambda / (L cos theta) of crystallites of size L; each peak a K-alpha1/K-alpha2 doublet
 * (ratio 0.5 unless set); an asymmetric amorphous halo (split pseudo-Voigt, wider on the high-angle side); an
 * instrument background (constant, slope, curvature and a low-angle air-scatter decay); an optional zero shift;
 * Poisson noise. The crystallinity truth is exact: crystalline area / (crystalline + halo area) over
 * [truthMin, truthMax], the crystalline area being the full areas (both lines) of the peaks whose K-alpha1 line
 * lies in that range, the halo area its integral over the range.
 */
public final class XrdGenerator {
	private XrdGenerator() {}

	/** What to generate; public fields with realistic defaults (LATP, Cu K-alpha, 10-80 deg, 0.02 deg steps). */
	public static final class Config {
		public List<Phase> phases = new ArrayList<>(List.of(PhaseLibrary.get("LATP")));
		/** Share of the crystalline area of each phase (same length as phases; null = equal). */
		public double[] phaseWeights;
		public double twoThetaMin = 10, twoThetaMax = 80, step = 0.02;
		public XrayWavelength wavelength = XrayWavelength.defaultCu();
		/** Crystalline area / (crystalline + halo area) over [truthMin, truthMax] (NaN = the scan range). */
		public double crystallinity = 0.8;
		public double truthMin = Double.NaN, truthMax = Double.NaN;
		/** Crystalline + halo area in the truth range, counts x deg. */
		public double scatteredArea = 15000;
		/** Caglioti parameters (deg^2) of the Gaussian instrument width. */
		public double cagliotiU = 0.004, cagliotiV = -0.002, cagliotiW = 0.003;
		/** Crystallite size (nm) for the Lorentzian Scherrer width (K = 0.9); <= 0 = no size broadening. */
		public double crystalliteNm = 60;
		public double zeroShift = 0;
		/** Amorphous halo: centre and FWHM (deg), asymmetry a (left width w(1-a), right w(1+a)), Lorentzian share. */
		public double haloCenter = 25, haloFwhm = 9, haloAsymmetry = 0.2, haloEta = 0.2;
		/** Instrument background: counts at the scan centre, slope (counts/deg), curvature (counts/deg^2). */
		public double background = 120, backgroundSlope = -0.8, backgroundCurvature = 0.02;
		/** Low-angle air scatter: amplitude (counts at the first point) and decay length (deg). */
		public double airScatter = 250, airDecay = 6;
		/** Smallest stick kept, % of the strongest. */
		public double minRelative = 0.02;
		public boolean poisson = true;
		public long seed = 1;
	}

	/** One Bragg peak of the truth. */
	public static final class TruthPeak {
		public final Phase phase;
		public final XraySticks.Stick stick;
		/** Observed K-alpha1 position (deg, zero shift included) and the d of the reflection (Å). */
		public final double twoTheta, d;
		/** Area of both lines (counts x deg), FWHM of each line (deg, Voigt). */
		public final double area, fwhm;

		TruthPeak(Phase phase, XraySticks.Stick stick, double twoTheta, double d, double area, double fwhm) {
			this.phase = phase;
			this.stick = stick;
			this.twoTheta = twoTheta;
			this.d = d;
			this.area = area;
			this.fwhm = fwhm;
		}

		public String hkl() {
			return stick.family.hklText();
		}
	}

	public static final class Pattern {
		public final double[] twoTheta, counts;
		/** The noise-free parts: instrument background, halo, Bragg peaks. */
		public final double[] background, halo, peaks;
		public final List<TruthPeak> truthPeaks;
		public final double crystallinity, crystallineArea, haloArea, truthMin, truthMax;
		public final Config config;

		Pattern(double[] x, double[] y, double[] b, double[] h, double[] p, List<TruthPeak> tp, double ci, double ca,
			double ha, double lo, double hi, Config c)
		{
			twoTheta = x;
			counts = y;
			background = b;
			halo = h;
			peaks = p;
			truthPeaks = tp;
			crystallinity = ci;
			crystallineArea = ca;
			haloArea = ha;
			truthMin = lo;
			truthMax = hi;
			config = c;
		}

		/** The truth peaks sorted by decreasing area. */
		public List<TruthPeak> strongest(int n) {
			List<TruthPeak> s = new ArrayList<>(truthPeaks);
			s.sort((a, b) -> Double.compare(b.area, a.area));
			return s.subList(0, Math.min(n, s.size()));
		}
	}

	/** Gaussian FWHM (deg) of Caglioti's law at 2-theta (deg). */
	public static double caglioti(double u, double v, double w, double twoTheta) {
		double t = Math.tan(Math.toRadians(twoTheta / 2));
		return Math.sqrt(Math.max(1e-8, u * t * t + v * t + w));
	}

	/** Lorentzian Scherrer FWHM (deg) of crystallites of size L (nm) at 2-theta (deg), K = 0.9. */
	public static double scherrer(double lambda, double sizeNm, double twoTheta) {
		if (!(sizeNm > 0)) return 0;
		return Math.toDegrees(0.9 * lambda / (sizeNm * 10 * Math.cos(Math.toRadians(twoTheta / 2))));
	}

	public static Pattern generate(Config c) {
		int n = (int) Math.floor((c.twoThetaMax - c.twoThetaMin) / c.step + 1e-9) + 1;
		if (n < 10 || n > 2_000_000) throw new IllegalArgumentException("bad scan: " + n + " points");
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = c.twoThetaMin + i * c.step;
		double lo = Double.isNaN(c.truthMin) ? c.twoThetaMin : c.truthMin;
		double hi = Double.isNaN(c.truthMax) ? c.twoThetaMax : c.truthMax;
		XrayWavelength wl = c.wavelength;
		// Bragg peaks, unit scale first
		List<TruthPeak> tp = new ArrayList<>();
		double[] peaks = new double[n];
		double ci = Math.max(0, Math.min(1, c.crystallinity));
		double crystalline = ci * c.scatteredArea, haloArea = (1 - ci) * c.scatteredArea;
		int np = c.phases.size();
		for (int p = 0; p < np; p++) {
			Phase ph = c.phases.get(p);
			double wgt = c.phaseWeights == null ? 1.0 / np : c.phaseWeights[p];
			List<XraySticks.Stick> sticks = XraySticks.of(ph, wl.kAlpha1, c.twoThetaMin - 1 - c.zeroShift, c.twoThetaMax + 1 -
				c.zeroShift);
			double inRange = 0;
			for (XraySticks.Stick s : sticks) if (s.relative >= c.minRelative && s.twoTheta + c.zeroShift >= lo && s.twoTheta +
				c.zeroShift <= hi) inRange += s.intensity;
			if (!(inRange > 0)) continue;
			double scale = wgt * crystalline / inRange;
			for (XraySticks.Stick s : sticks) {
				if (s.relative < c.minRelative) continue;
				double tt = s.twoTheta + c.zeroShift;
				double area = s.intensity * scale;
				double fg = caglioti(c.cagliotiU, c.cagliotiV, c.cagliotiW, s.twoTheta);
				double fl = scherrer(wl.kAlpha1, c.crystalliteNm, s.twoTheta);
				double sigma = fg / (2 * Math.sqrt(2 * Math.log(2))), gamma = fl / 2;
				double fwhm = gamma > 0 ? LineShapes.voigtFwhm(sigma, gamma) : fg;
				double r = wl.ratio;
				double a1 = area / (1 + r);
				voigt(x, a1, tt, sigma, gamma, peaks);
				if (r > 0) {
					double s2 = Math.sin(Math.toRadians(s.twoTheta / 2)) * wl.kAlpha2 / wl.kAlpha1;
					if (s2 < 1) voigt(x, area - a1, 2 * Math.toDegrees(Math.asin(s2)) + c.zeroShift, sigma, gamma, peaks);
				}
				tp.add(new TruthPeak(ph, s, tt, s.d, area, fwhm));
			}
		}
		double crystallineTruth = 0;
		for (TruthPeak t : tp) if (t.twoTheta >= lo && t.twoTheta <= hi) crystallineTruth += t.area;
		// halo scaled to its area over [lo, hi]
		double[] halo = new double[n];
		double[] unit = new double[n];
		for (int i = 0; i < n; i++) unit[i] = haloShape(x[i], c);
		double unitArea = integral(c, lo, hi);
		if (haloArea > 0 && unitArea > 0) for (int i = 0; i < n; i++) halo[i] = unit[i] * haloArea / unitArea;
		double haloTruth = haloArea > 0 && unitArea > 0 ? haloArea : 0;
		// instrument background
		double[] bg = new double[n];
		double mid = 0.5 * (c.twoThetaMin + c.twoThetaMax);
		for (int i = 0; i < n; i++) {
			double t = x[i] - mid;
			bg[i] = Math.max(1, c.background + c.backgroundSlope * t + c.backgroundCurvature * t * t + c.airScatter * Math.exp(
				-(x[i] - c.twoThetaMin) / c.airDecay));
		}
		Noise noise = new Noise(c.seed);
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			double m = bg[i] + halo[i] + peaks[i];
			y[i] = c.poisson ? noise.poisson(m) : m;
		}
		double total = crystallineTruth + haloTruth;
		return new Pattern(x, y, bg, halo, peaks, tp, total > 0 ? crystallineTruth / total : 0, crystallineTruth,
			haloTruth, lo, hi, c);
	}

	private static void voigt(double[] x, double area, double c, double sigma, double gamma, double[] out) {
		for (int i = 0; i < x.length; i++) {
			double d = x[i] - c;
			if (Math.abs(d) > 60 * (sigma + gamma) + 1) {
				if (gamma > 0) out[i] += area * gamma / (Math.PI * (d * d + gamma * gamma));
				continue;
			}
			out[i] += area * (gamma > 0 ? LineShapes.voigt(x[i], c, sigma, gamma) : LineShapes.gaussian(x[i], c, sigma * 2 *
				Math.sqrt(2 * Math.log(2))));
		}
	}

	/** Halo of unit height at its maximum: split pseudo-Voigt. */
	static double haloShape(double x, Config c) {
		double w = c.haloFwhm * (x < c.haloCenter ? 1 - c.haloAsymmetry : 1 + c.haloAsymmetry);
		double u = (x - c.haloCenter) / w;
		return (1 - c.haloEta) * Math.exp(-4 * Math.log(2) * u * u) + c.haloEta / (1 + 4 * u * u);
	}

	private static double integral(Config c, double lo, double hi) {
		int m = 20000;
		double h = (hi - lo) / m, s = 0;
		for (int i = 0; i <= m; i++) s += (i == 0 || i == m ? 0.5 : 1) * haloShape(lo + i * h, c);
		return s * h;
	}
}
