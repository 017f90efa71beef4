package org.interphase.core.raman;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.interphase.core.fit.Component;
import org.interphase.core.fit.FitValues;
import org.interphase.core.fit.LineShapes;
import org.interphase.core.fit.Link;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameter;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Peak;
import org.interphase.core.fit.Shape;

/**
 * The BN phase model on the shared fitting engine ({@code core.fit}): h-BN E2g, c-BN TO and LO, optionally the
 * LATP substrate bands, each a {@link Peak} with its position window and width limits ({@link BnBands}). The
 * baseline is not a component: {@link #fitModel} wraps every band so that a smooth baseline is profiled out
 * (see {@link SmoothBaseline}). Areas are the
 * integrals over cm-1. Line shapes: Lorentzian (fwhm), pseudo-Voigt (fwhm, Lorentzian fraction) or Voigt
 * (Gaussian sigma, Lorentzian half width gamma; FWHM by Olivero-Longbothum). Only bands whose position window
 * lies inside the fit window are included. Immutable; one instance serves all threads.
 */
public final class BnModel {
	public enum LineShape {
		LORENTZIAN(Shape.LORENTZIAN), VOIGT(Shape.VOIGT), PSEUDO_VOIGT(Shape.PSEUDO_VOIGT),
		/**
		 * Voigt bands sharing one Gaussian width, the instrument's (fixed when known, else fitted once for all
		 * bands), each with its own Lorentzian (lifetime) width.
		 */
		INSTRUMENT_VOIGT(Shape.VOIGT);

		public final Shape shape;

		LineShape(Shape s) {
			shape = s;
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		public static LineShape of(String key) {
			return valueOf(key.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
	}

	private final LineShape lineShape;
	private final double low, high;
	private final boolean substrateBands;
	private final List<BnBands> bands;
	private final RamanTemplate template;
	private final java.util.Map<BnBands, BandWindow> windows;
	private final Model model;
	/** Instrument Gaussian FWHM (cm-1) for {@link LineShape#INSTRUMENT_VOIGT}; NaN or 0 = fitted. */
	private final double instrumentFwhm;
	/** Limits of the fitted instrument Gaussian sigma, cm-1 (FWHM 0.5-14 cm-1). */
	static final double MIN_INSTRUMENT_SIGMA = 0.2, MAX_INSTRUMENT_SIGMA = 6;
	static final double SIGMA_PER_FWHM = 1 / (2 * Math.sqrt(2 * Math.log(2)));

	public BnModel(LineShape lineShape, boolean substrateBands, double low, double high) {
		this(lineShape, substrateBands, low, high, RamanTemplate.builtIn());
	}

	/** With the band windows of a template (bands it disables are left out). */
	public BnModel(LineShape lineShape, boolean substrateBands, double low, double high, RamanTemplate template) {
		this(lineShape, substrateBands, low, high, template, Double.NaN);
	}

	/**
	 * @param instrumentFwhm the instrument's Gaussian FWHM in cm-1 for {@link LineShape#INSTRUMENT_VOIGT} (NaN or
	 *            0: fitted, one value shared by all bands)
	 */
	public BnModel(LineShape lineShape, boolean substrateBands, double low, double high, RamanTemplate template,
		double instrumentFwhm)
	{
		if (instrumentFwhm < 0 || instrumentFwhm > 2.3548 * MAX_INSTRUMENT_SIGMA) throw new IllegalArgumentException(
			"instrument FWHM " + instrumentFwhm + " cm-1 must lie in 0-" + Math.round(2.3548 * MAX_INSTRUMENT_SIGMA) +
				" cm-1 (0 = fit it)");
		this.instrumentFwhm = instrumentFwhm > 0 ? instrumentFwhm : Double.NaN;
		this.template = template;
		this.windows = template.windows();
		if (!(high > low)) throw new IllegalArgumentException("fit window " + low + ".." + high + " is empty");
		this.lineShape = lineShape;
		this.substrateBands = substrateBands;
		this.low = low;
		this.high = high;
		List<BnBands> b = new ArrayList<>();
		for (BnBands band : BnBands.values()) {
			if (band.isSubstrate() && !substrateBands) continue;
			BandWindow w = windows.get(band);
			if (w.enabled && w.minPosition >= low && w.maxPosition <= high) b.add(band);
		}
		if (!b.contains(BnBands.HBN)) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"the fit window %.0f-%.0f cm-1 does not contain the h-BN E2g window %.0f-%.0f cm-1", low, high,
			windows.get(BnBands.HBN).minPosition, windows.get(BnBands.HBN).maxPosition));
		bands = Collections.unmodifiableList(b);
		List<Component> comps = new ArrayList<>();
		for (BnBands band : bands) comps.add(new Peak(band.id + "_", lineShape.shape));
		model = new Model(comps);
	}

	/**
	 * This model over another fit window and with another instrument FWHM (NaN or 0: fitted); line shape, substrate
	 * bands and template kept.
	 */
	public BnModel withWindow(double low, double high, double instrumentFwhm) {
		return new BnModel(lineShape, substrateBands, low, high, template, instrumentFwhm);
	}

	/** Whether the LATP substrate bands are in the model where the window holds them. */
	public boolean substrateBands() {
		return substrateBands;
	}

	/** The bands as plain peaks (for curves and areas). */
	public Model model() {
		return model;
	}

	/** The model the engine fits: every band high-pass filtered by (I - S). */
	public Model fitModel(SmoothBaseline smoother) {
		List<Component> comps = new ArrayList<>();
		for (Component c : model.components()) comps.add(new HighPassBand(c, smoother));
		return new Model(comps);
	}

	/** The band windows in use. */
	public BandWindow window(BnBands b) {
		return windows.get(b);
	}

	public RamanTemplate template() {
		return template;
	}

	public LineShape lineShape() {
		return lineShape;
	}

	/** The instrument Gaussian FWHM given to the model (cm-1), NaN when it is fitted or not used. */
	public double instrumentFwhm() {
		return instrumentFwhm;
	}

	/** Name of the shared instrument Gaussian sigma (instrument-Voigt bands), or null. */
	public String instrumentSigmaName() {
		return lineShape == LineShape.INSTRUMENT_VOIGT ? BnBands.HBN.id + "_sigma" : null;
	}

	public List<BnBands> bands() {
		return bands;
	}

	public boolean has(BnBands b) {
		return bands.contains(b);
	}

	public double low() {
		return low;
	}

	public double high() {
		return high;
	}

	public double centre() {
		return 0.5 * (low + high);
	}

	/**
	 * Starting values from the data over the window: heights read off the baseline-corrected spectrum at the
	 * nominal positions (h-BN: its maximum inside the window), nominal widths, the line at zero.
	 */
	public Parameters start(double[] x, double[] y, double[] baseline) {
		Parameters p = new Parameters();
		for (BnBands b : bands) {
			BandWindow w = windows.get(b);
			double h = 0, at = w.position;
			if (b == BnBands.HBN) {
				double best = Double.NEGATIVE_INFINITY;
				for (int i = 0; i < x.length; i++) if (x[i] >= w.minPosition + 3 && x[i] <= w.maxPosition - 3) {
					double r = y[i] - baseline[i];
					if (r > best) {
						best = r;
						at = x[i];
					}
				}
				h = Math.max(best, 0);
			}
			else {
				int i = nearest(x, w.position);
				h = Math.max(y[i] - baseline[i], 0);
				if (b.isCubic()) h *= 0.3; // shares its height with the LATP bands nearby
			}
			double area = Math.max(h, 1e-3) * w.fwhm * Math.PI / 2;
			add(p, b, area, at, w.fwhm);
		}
		return p;
	}

	/** Adds one band's parameters with its windows. */
	void add(Parameters p, BnBands b, double area, double center, double fwhm) {
		String n = b.id + "_";
		BandWindow w = windows.get(b);
		Parameter a = p.add(n + "area", area);
		if (!b.isCubic() && b != BnBands.HBN) a.bounds(0, Double.POSITIVE_INFINITY);
		p.add(n + "center", clamp(center, w.minPosition, w.maxPosition)).bounds(w.minPosition, w.maxPosition);
		switch (lineShape) {
			case LORENTZIAN:
				p.add(n + "fwhm", clamp(fwhm, w.minFwhm, w.maxFwhm)).bounds(w.minFwhm, w.maxFwhm);
				break;
			case PSEUDO_VOIGT:
				p.add(n + "fwhm", clamp(fwhm, w.minFwhm, w.maxFwhm)).bounds(w.minFwhm, w.maxFwhm);
				p.add(n + "fraction", 0.7).bounds(0, 1);
				break;
			case INSTRUMENT_VOIGT: {
				// one Gaussian width for all bands (the h-BN band carries it, the others are linked to it); the
				// Lorentzian part starts so that the Voigt FWHM is the nominal one
				double f = clamp(fwhm, w.minFwhm, w.maxFwhm);
				double sg = Double.isNaN(instrumentFwhm) ? 1.5 : instrumentFwhm * SIGMA_PER_FWHM;
				Parameter sp = p.add(n + "sigma", sg);
				if (b == BnBands.HBN) {
					if (Double.isNaN(instrumentFwhm)) sp.bounds(MIN_INSTRUMENT_SIGMA, MAX_INSTRUMENT_SIGMA);
					else sp.fixed();
				}
				else sp.link(Link.equalTo(instrumentSigmaName()));
				double fl = Math.max(lorentzianFwhm(f, sg / SIGMA_PER_FWHM), 0.5);
				p.add(n + "gamma", 0.5 * fl).bounds(0.05, w.maxFwhm / 2);
				break;
			}
			case VOIGT: {
				// start as mostly Lorentzian: sigma = 0.15 FWHM, gamma so that the Voigt FWHM is the nominal one
				double f = clamp(fwhm, w.minFwhm, w.maxFwhm);
				p.add(n + "sigma", 0.15 * f).bounds(0.05, w.maxFwhm / 2.3548);
				p.add(n + "gamma", 0.38 * f).bounds(w.minFwhm / 4, w.maxFwhm / 2);
				break;
			}
			default:
				throw new IllegalStateException();
		}
	}

	/** Names of the band's width parameters that define its FWHM. */
	public List<String> widthParameters(BnBands b) {
		String n = b.id + "_";
		if (lineShape == LineShape.VOIGT) return List.of(n + "sigma", n + "gamma");
		if (lineShape == LineShape.INSTRUMENT_VOIGT) return List.of(n + "gamma");
		return List.of(n + "fwhm");
	}

	/** Names of shape parameters other than the width (pseudo-Voigt fraction, Voigt sigma). */
	public List<String> mixingParameters(BnBands b) {
		String n = b.id + "_";
		if (lineShape == LineShape.PSEUDO_VOIGT) return List.of(n + "fraction");
		if (lineShape == LineShape.VOIGT) return List.of(n + "sigma");
		if (lineShape == LineShape.INSTRUMENT_VOIGT && b == BnBands.HBN) return List.of(n + "sigma");
		return List.of();
	}

	/** Lorentzian FWHM (cm-1) of the band: 2 gamma for Voigt shapes, the FWHM for Lorentzians, else NaN. */
	public double lorentzianFwhm(FitValues v, BnBands b) {
		String n = b.id + "_";
		if (lineShape == LineShape.VOIGT || lineShape == LineShape.INSTRUMENT_VOIGT) return 2 * v.value(n + "gamma");
		if (lineShape == LineShape.LORENTZIAN) return v.value(n + "fwhm");
		return Double.NaN;
	}

	/** Gaussian (instrument) FWHM of the band for Voigt shapes, else 0. */
	public double gaussianFwhm(FitValues v, BnBands b) {
		if (lineShape == LineShape.VOIGT || lineShape == LineShape.INSTRUMENT_VOIGT) return v.value(b.id + "_sigma") /
			SIGMA_PER_FWHM;
		return 0;
	}

	/**
	 * The Lorentzian FWHM that gives a Voigt FWHM fv with Gaussian FWHM fg (Olivero-Longbothum inverted); 0 when fv
	 * is not above fg.
	 */
	static double lorentzianFwhm(double fv, double fg) {
		if (!(fv > fg)) return 0;
		double a = 0.0692, bq = -1.0692 * fv, c = fv * fv - fg * fg;
		return (-bq - Math.sqrt(Math.max(bq * bq - 4 * a * c, 0))) / (2 * a);
	}

	public double position(FitValues v, BnBands b) {
		return v.value(b.id + "_center");
	}

	public double fwhm(FitValues v, BnBands b) {
		String n = b.id + "_";
		if (lineShape == LineShape.VOIGT || lineShape == LineShape.INSTRUMENT_VOIGT) return LineShapes.voigtFwhm(v.value(
			n + "sigma"), v.value(n + "gamma"));
		return v.value(n + "fwhm");
	}

	public double area(FitValues v, BnBands b) {
		return v.area(b.id);
	}

	/** Fixes a band's position and width at its nominal values (its area stays free, of any sign). */
	public void fixShapeNominal(Parameters p, BnBands b) {
		fixShape(p, b, windows.get(b).position, windows.get(b).fwhm);
	}

	/** Fixes a band's position and width at the given values (its area stays free, of any sign). */
	public void fixShape(Parameters p, BnBands b, double center, double fwhm) {
		String n = b.id + "_";
		BandWindow w = windows.get(b);
		p.get(n + "center").value = clamp(center, w.minPosition, w.maxPosition);
		p.get(n + "center").fixed();
		if (lineShape == LineShape.INSTRUMENT_VOIGT) {
			// the shared instrument width stays as it is; the Lorentzian part gives the nominal Voigt FWHM
			double sg = p.value(n + "sigma");
			p.get(n + "gamma").value = Math.max(0.05, 0.5 * lorentzianFwhm(fwhm, sg / SIGMA_PER_FWHM));
			p.get(n + "gamma").fixed();
		}
		else if (lineShape == LineShape.VOIGT) {
			double s = p.value(n + "sigma"), g = p.value(n + "gamma");
			double f0 = LineShapes.voigtFwhm(s, g);
			double k = f0 > 0 ? fwhm / f0 : 1;
			p.get(n + "sigma").value = s * k;
			p.get(n + "gamma").value = g * k;
			p.get(n + "sigma").fixed();
			p.get(n + "gamma").fixed();
		}
		else {
			p.get(n + "fwhm").value = clamp(fwhm, 0.5 * w.minFwhm, 2 * w.maxFwhm);
			p.get(n + "fwhm").fixed();
			if (lineShape == LineShape.PSEUDO_VOIGT) p.get(n + "fraction").fixed();
		}
		p.get(n + "area").bounds(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
	}

	static double clamp(double v, double lo, double hi) {
		return Math.max(lo, Math.min(hi, v));
	}

	static int nearest(double[] x, double v) {
		int best = 0;
		for (int i = 1; i < x.length; i++) if (Math.abs(x[i] - v) < Math.abs(x[best] - v)) best = i;
		return best;
	}
}
