package org.interphase.core.raman;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.interphase.core.fit.Component;
import org.interphase.core.fit.FitValues;
import org.interphase.core.fit.LineShapes;
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
		LORENTZIAN(Shape.LORENTZIAN), VOIGT(Shape.VOIGT), PSEUDO_VOIGT(Shape.PSEUDO_VOIGT);

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
	private final List<BnBands> bands;
	private final Model model;

	public BnModel(LineShape lineShape, boolean substrateBands, double low, double high) {
		if (!(high > low)) throw new IllegalArgumentException("fit window " + low + ".." + high + " is empty");
		this.lineShape = lineShape;
		this.low = low;
		this.high = high;
		List<BnBands> b = new ArrayList<>();
		for (BnBands band : BnBands.values()) {
			if (band.isSubstrate() && !substrateBands) continue;
			if (band.minPosition >= low && band.maxPosition <= high) b.add(band);
		}
		if (!b.contains(BnBands.HBN)) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"the fit window %.0f-%.0f cm-1 does not contain the h-BN E2g window %.0f-%.0f cm-1", low, high,
			BnBands.HBN.minPosition, BnBands.HBN.maxPosition));
		bands = Collections.unmodifiableList(b);
		List<Component> comps = new ArrayList<>();
		for (BnBands band : bands) comps.add(new Peak(band.id + "_", lineShape.shape));
		model = new Model(comps);
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

	public LineShape lineShape() {
		return lineShape;
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
			double h = 0, at = b.position;
			if (b == BnBands.HBN) {
				double best = Double.NEGATIVE_INFINITY;
				for (int i = 0; i < x.length; i++) if (x[i] >= b.minPosition + 3 && x[i] <= b.maxPosition - 3) {
					double r = y[i] - baseline[i];
					if (r > best) {
						best = r;
						at = x[i];
					}
				}
				h = Math.max(best, 0);
			}
			else {
				int i = nearest(x, b.position);
				h = Math.max(y[i] - baseline[i], 0);
				if (b.isCubic()) h *= 0.3; // shares its height with the LATP bands nearby
			}
			double area = Math.max(h, 1e-3) * b.fwhm * Math.PI / 2;
			add(p, b, area, at, b.fwhm);
		}
		return p;
	}

	/** Adds one band's parameters with its windows. */
	void add(Parameters p, BnBands b, double area, double center, double fwhm) {
		String n = b.id + "_";
		Parameter a = p.add(n + "area", area);
		if (!b.isCubic() && b != BnBands.HBN) a.bounds(0, Double.POSITIVE_INFINITY);
		p.add(n + "center", clamp(center, b.minPosition, b.maxPosition)).bounds(b.minPosition, b.maxPosition);
		switch (lineShape) {
			case LORENTZIAN:
				p.add(n + "fwhm", clamp(fwhm, b.minFwhm, b.maxFwhm)).bounds(b.minFwhm, b.maxFwhm);
				break;
			case PSEUDO_VOIGT:
				p.add(n + "fwhm", clamp(fwhm, b.minFwhm, b.maxFwhm)).bounds(b.minFwhm, b.maxFwhm);
				p.add(n + "fraction", 0.7).bounds(0, 1);
				break;
			case VOIGT: {
				// start as mostly Lorentzian: sigma = 0.15 FWHM, gamma so that the Voigt FWHM is the nominal one
				double f = clamp(fwhm, b.minFwhm, b.maxFwhm);
				p.add(n + "sigma", 0.15 * f).bounds(0.05, b.maxFwhm / 2.3548);
				p.add(n + "gamma", 0.38 * f).bounds(b.minFwhm / 4, b.maxFwhm / 2);
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
		return List.of(n + "fwhm");
	}

	/** Names of shape parameters other than the width (pseudo-Voigt fraction, Voigt sigma). */
	public List<String> mixingParameters(BnBands b) {
		String n = b.id + "_";
		if (lineShape == LineShape.PSEUDO_VOIGT) return List.of(n + "fraction");
		if (lineShape == LineShape.VOIGT) return List.of(n + "sigma");
		return List.of();
	}

	public double position(FitValues v, BnBands b) {
		return v.value(b.id + "_center");
	}

	public double fwhm(FitValues v, BnBands b) {
		String n = b.id + "_";
		if (lineShape == LineShape.VOIGT) return LineShapes.voigtFwhm(v.value(n + "sigma"), v.value(n + "gamma"));
		return v.value(n + "fwhm");
	}

	public double area(FitValues v, BnBands b) {
		return v.area(b.id);
	}

	/** Fixes a band's position and width at the given values (its area stays free, of any sign). */
	public void fixShape(Parameters p, BnBands b, double center, double fwhm) {
		String n = b.id + "_";
		p.get(n + "center").value = clamp(center, b.minPosition, b.maxPosition);
		p.get(n + "center").fixed();
		if (lineShape == LineShape.VOIGT) {
			double s = p.value(n + "sigma"), g = p.value(n + "gamma");
			double f0 = LineShapes.voigtFwhm(s, g);
			double k = f0 > 0 ? fwhm / f0 : 1;
			p.get(n + "sigma").value = s * k;
			p.get(n + "gamma").value = g * k;
			p.get(n + "sigma").fixed();
			p.get(n + "gamma").fixed();
		}
		else {
			p.get(n + "fwhm").value = clamp(fwhm, 0.5 * b.minFwhm, 2 * b.maxFwhm);
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
