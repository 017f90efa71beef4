package org.interphase.core.xps;

import java.util.Locale;

import org.interphase.core.fit.FitOptions;
import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.Fitter;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Peak;
import org.interphase.core.fit.ShirleyActive;
import org.interphase.core.fit.Shape;

/**
 * Charge referencing by a reference peak, e.g. adventitious carbon "C 1s=284.8": the measured position of the
 * strongest line of the reference region (one GL(30) peak on an active Shirley background fitted within +/- 3 eV of
 * the maximum) and the shift that moves it to the reference energy.
 */
public final class ChargeReference {
	public final String region;
	public final double energy;

	public ChargeReference(String region, double energy) {
		this.region = region;
		this.energy = energy;
	}

	/** "C 1s=284.8" (or "C1s:284.6"); null for an empty text or "none". */
	public static ChargeReference parse(String s) {
		if (s == null || s.isBlank() || s.trim().equalsIgnoreCase("none")) return null;
		String[] p = s.split("[=:]");
		if (p.length != 2) throw new IllegalArgumentException("reference peak must be 'REGION=ENERGY', e.g. 'C 1s=284.8', not '" + s + "'");
		try {
			return new ChargeReference(p[0].trim(), Double.parseDouble(p[1].trim()));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("reference peak energy is not a number: '" + p[1] + "'");
		}
	}

	private static String norm(String s) {
		return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

	/** Whether a region/signal name is the reference region (ignoring case, spaces and punctuation). */
	public boolean matches(String name) {
		String n = norm(name), r = norm(region);
		return !r.isEmpty() && n.contains(r);
	}

	/** Measured position of the reference line in (be, counts), NaN when no peak is found. */
	public double measuredPosition(double[] be, double[] counts) {
		int n = be.length, im = 0;
		double best = Double.NEGATIVE_INFINITY;
		for (int i = 1; i + 1 < n; i++) {
			double v = counts[i - 1] + counts[i] + counts[i + 1];
			if (v > best) {
				best = v;
				im = i;
			}
		}
		double c = be[im];
		int cnt = 0;
		for (double e : be) if (Math.abs(e - c) <= 3) cnt++;
		if (cnt < 8) return Double.NaN;
		double[] x = new double[cnt], y = new double[cnt];
		int k = 0;
		double ymin = Double.POSITIVE_INFINITY;
		for (int i = 0; i < n; i++) if (Math.abs(be[i] - c) <= 3) {
			x[k] = be[i];
			y[k++] = counts[i];
			ymin = Math.min(ymin, counts[i]);
		}
		Model m = Model.of(new Peak("p_", Shape.GL_PRODUCT), new ShirleyActive("bg_", true));
		Parameters p = new Parameters();
		p.add("p_area", Math.max(counts[im] - ymin, 1) * 1.3);
		p.add("p_center", c).bounds(c - 1.5, c + 1.5);
		p.add("p_fwhm", 1.2).bounds(0.3, 4);
		p.add("p_mix", 0.3).fixed();
		double lowSide = 0, area = Math.max(counts[im] - ymin, 1) * 1.3;
		int nl = 0;
		for (int i = 0; i < k; i++) if (x[i] < c - 2) {
			lowSide += y[i];
			nl++;
		}
		p.add("bg_offset", nl > 0 ? lowSide / nl : ymin);
		p.add("bg_k", 0.1 * Math.max(ymin, 1) / area).bounds(0, Double.POSITIVE_INFINITY);
		FitResult f = Fitter.fit(m, p, x, y, new FitOptions());
		return f.converged() ? f.value("p_center") : Double.NaN;
	}

	@Override
	public String toString() {
		return region + "=" + energy;
	}
}
