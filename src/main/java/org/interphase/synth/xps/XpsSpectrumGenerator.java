package org.interphase.synth.xps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.fit.LineShapes;
import org.interphase.synth.Noise;

/**
 * Seeded synthetic XPS regions from the physics the fit assumes and a little more: Gaussian–Lorentzian
 * product (or Voigt) lines, spin–orbit doublets with a broader 2p1/2 line (Coster–Kronig), a Shirley-type
 * inelastic step that follows the peak area (plus an optional linear slope the fit does not model), a charge
 * shift of the whole axis, and Poisson counting noise. Ground truth: the state fractions and the
 * charge-corrected main-line positions.
 */
public final class XpsSpectrumGenerator {
	/** One line or doublet of a state. */
	public static final class Line {
		public final String state;
		public final double center, fwhm, area;
		public double fwhm2 = Double.NaN, split, ratio;
		public boolean doublet;
		public double mix = 0.3;
		public boolean voigt;

		public Line(String state, double center, double fwhm, double area) {
			this.state = state;
			this.center = center;
			this.fwhm = fwhm;
			this.area = area;
		}

		public Line doublet(double split, double ratio, double fwhm2) {
			this.doublet = true;
			this.split = split;
			this.ratio = ratio;
			this.fwhm2 = fwhm2;
			return this;
		}

		double value(double e) {
			double v = shape(e, center, fwhm) * area;
			if (doublet) v += shape(e, center + split, fwhm2) * area * ratio;
			return v;
		}

		private double shape(double e, double c, double f) {
			if (voigt) {
				// Voigt with the same FWHM: Gaussian and Lorentzian halves of equal width share
				double sigma = f * 0.6 / (2 * Math.sqrt(2 * Math.log(2))), gamma = f * 0.27;
				return LineShapes.voigt(e, c, sigma, gamma);
			}
			return LineShapes.glProduct(e, c, f, mix);
		}

		double totalArea() {
			return doublet ? area * (1 + ratio) : area;
		}
	}

	/** A generated region and its truth. */
	public static final class Spectrum {
		public final double[] be, counts, expected;
		public final Map<String, Double> fractions;
		/** True (charge-corrected) main-line positions per state. */
		public final Map<String, Double> positions;
		/** The charge shift applied: measured BE = true BE + chargeShift. */
		public final double chargeShift;
		/** True total peak area (all lines, whole line shapes), counts x eV. */
		public double peakArea;

		Spectrum(double[] be, double[] counts, double[] expected, Map<String, Double> fractions,
			Map<String, Double> positions, double chargeShift)
		{
			this.be = be;
			this.counts = counts;
			this.expected = expected;
			this.fractions = fractions;
			this.positions = positions;
			this.chargeShift = chargeShift;
		}

		/** A one-spectrum dataset with a (descending) binding-energy axis. */
		public Dataset dataset(String name, double photonEnergy) {
			double step = be[1] - be[0];
			Signal s = Signal.spectrum(name, new Axis("Binding Energy", be.length, step, be[0], "eV"), counts.clone());
			return Dataset.of(name, "synthetic", s).withMetadata(MetadataKeys.EXCITATION_ENERGY_EV, photonEnergy);
		}
	}

	private double lo = 452, hi = 471, step = 0.1;
	private double peakCounts = 1e4;
	private double baseFraction = 0.3, stepFraction = 0.35, slopePerEv = 0;
	private double chargeShift;
	private boolean descending = true;
	private final List<Line> lines = new ArrayList<>();

	public XpsSpectrumGenerator range(double lo, double hi, double step) {
		this.lo = lo;
		this.hi = hi;
		this.step = step;
		return this;
	}

	/** Height of the tallest point above the background, counts. */
	public XpsSpectrumGenerator peakCounts(double c) {
		peakCounts = c;
		return this;
	}

	/** Background at the low-BE end and the inelastic step, as fractions of the peak height. */
	public XpsSpectrumGenerator background(double base, double stepFrac, double slopePerEv) {
		baseFraction = base;
		stepFraction = stepFrac;
		this.slopePerEv = slopePerEv;
		return this;
	}

	public XpsSpectrumGenerator chargeShift(double c) {
		chargeShift = c;
		return this;
	}

	public XpsSpectrumGenerator ascending() {
		descending = false;
		return this;
	}

	public XpsSpectrumGenerator add(Line l) {
		lines.add(l);
		return this;
	}

	/** Ti 2p with Ti3+ share f (Ti4+ 459.3 eV, Ti3+ 1.25 eV lower, split 5.72 eV, 2p1/2 1.7x broader). */
	public static XpsSpectrumGenerator ti2p(double ti3Fraction) {
		double fw = 1.25, fw2 = 2.1;
		return new XpsSpectrumGenerator().range(452, 471, 0.1)
			.add(new Line("Ti4+", 459.3, fw, 1 - ti3Fraction).doublet(5.72, 0.5, fw2))
			.add(new Line("Ti3+", 459.3 - 1.25, fw, ti3Fraction).doublet(5.72, 0.5, fw2));
	}

	/** B 1s with B2O3 share f (B-N 190.7 eV, B2O3 192.6 eV, B2O3 broader). */
	public static XpsSpectrumGenerator b1s(double b2o3Fraction) {
		return new XpsSpectrumGenerator().range(186, 197, 0.1)
			.add(new Line("B-N", 190.7, 1.35, 1 - b2o3Fraction))
			.add(new Line("B2O3", 192.6, 1.6, b2o3Fraction));
	}

	public Spectrum generate(long seed) {
		int n = (int) Math.round((hi - lo) / step) + 1;
		double[] trueBe = new double[n];
		for (int i = 0; i < n; i++) trueBe[i] = descending ? hi - i * step : lo + i * step;
		double[] peaks = new double[n];
		double totalArea = 0;
		for (Line l : lines) totalArea += l.totalArea();
		for (int i = 0; i < n; i++) for (Line l : lines) peaks[i] += l.value(trueBe[i]);
		double max = 0;
		for (double v : peaks) max = Math.max(max, v);
		double scale = peakCounts / max;
		// Shirley-type step: proportional to the peak area at lower binding energy
		double[] cum = new double[n];
		int first = descending ? n - 1 : 0, dir = descending ? -1 : 1;
		double c = 0;
		for (int k = 1; k < n; k++) {
			int i = first + dir * k, j = i - dir;
			c += 0.5 * (peaks[i] + peaks[j]) * step;
			cum[i] = c;
		}
		double[] expected = new double[n];
		for (int i = 0; i < n; i++) {
			double bg = peakCounts * (baseFraction + stepFraction * cum[i] / c + slopePerEv * (trueBe[i] - lo));
			expected[i] = bg + scale * peaks[i];
		}
		Noise noise = new Noise(seed);
		double[] counts = new double[n];
		for (int i = 0; i < n; i++) counts[i] = noise.poisson(expected[i]);
		double[] measured = new double[n];
		for (int i = 0; i < n; i++) measured[i] = trueBe[i] + chargeShift;
		Map<String, Double> fr = new LinkedHashMap<>(), pos = new LinkedHashMap<>();
		for (Line l : lines) {
			fr.merge(l.state, l.totalArea() / totalArea, Double::sum);
			pos.putIfAbsent(l.state, l.center);
		}
		Spectrum sp = new Spectrum(measured, counts, expected, fr, pos, chargeShift);
		sp.peakArea = scale * totalArea;
		return sp;
	}
}
