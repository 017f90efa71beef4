package org.interphase.core.raman;

import java.util.Locale;

import org.interphase.core.fit.FitOptions;
import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.FitValues;
import org.interphase.core.fit.Fitter;
import org.interphase.core.fit.LineShapes;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Peak;
import org.interphase.core.fit.Polynomial;
import org.interphase.core.fit.Shape;

/**
 * One isolated band (a reference such as the Si 520.7 cm-1 phonon or the calcite 1086 cm-1 band) fitted by least
 * squares as a Voigt line on a straight baseline over a window around it: position, FWHM (Olivero-Longbothum),
 * Gaussian (instrument) FWHM and Lorentzian FWHM, each with its one-sigma uncertainty (covariance scaled by the
 * reduced chi-square). A narrow band measured this way gives the instrument's Gaussian width for
 * {@code --instrument-fwhm}. Weights are uniform (exports are often dark-subtracted or scaled, not counts).
 * Stateless.
 */
public final class ReferenceBand {
	private ReferenceBand() {}

	/** The fitted band. */
	public static final class Result {
		public final double position, positionSd, fwhm, fwhmSd, gaussianFwhm, gaussianFwhmSd, lorentzianFwhm,
			lorentzianFwhmSd, height, reducedChi2;
		/** FWHM read off the data: the half-maximum crossings above the baseline, linearly interpolated. */
		public final double fwhmFromData;
		public final boolean converged;

		/** The fit's values, with {FWHM, Gaussian FWHM, Lorentzian FWHM} and their uncertainties derived from it. */
		private Result(FitResult r, double[] val, double[] sd, double fwhmFromData) {
			position = r.value("band_center");
			positionSd = r.stderr("band_center");
			fwhm = val[0];
			fwhmSd = sd[0];
			gaussianFwhm = val[1];
			gaussianFwhmSd = sd[1];
			lorentzianFwhm = val[2];
			lorentzianFwhmSd = sd[2];
			height = r.value("band_area") * LineShapes.voigt(0, 0, r.value("band_sigma"), r.value("band_gamma"));
			reducedChi2 = r.reducedChiSquare();
			converged = r.converged();
			this.fwhmFromData = fwhmFromData;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "position %.3f +- %.3f, FWHM %.3f +- %.3f (Gaussian %.2f, Lorentzian %.2f; " +
				"from the data %.2f) cm-1", position, positionSd, fwhm, fwhmSd, gaussianFwhm, lorentzianFwhm, fwhmFromData);
		}
	}

	/**
	 * @param x shift axis (any order)
	 * @param y intensities
	 * @param near where the band is expected (its maximum within +-halfWindow/2 is taken as the start)
	 * @param halfWindow the fit uses x within +-halfWindow of the band's maximum
	 */
	public static Result fit(double[] x, double[] y, double near, double halfWindow) {
		// the maximum near the expected position
		int best = -1;
		for (int i = 0; i < x.length; i++) if (Math.abs(x[i] - near) <= halfWindow / 2 && (best < 0 || y[i] > y[best]))
			best = i;
		if (best < 0) throw new IllegalArgumentException(String.format(Locale.ROOT, "no data within %.1f cm-1 of %.1f cm-1",
			halfWindow / 2, near));
		double c = x[best];
		int m = 0;
		for (int i = 0; i < x.length; i++) if (Math.abs(x[i] - c) <= halfWindow) m++;
		if (m < 8) throw new IllegalArgumentException("only " + m + " channels within +-" + halfWindow + " cm-1 of " + c);
		double[] xs = new double[m], ys = new double[m];
		int k = 0;
		for (int i = 0; i < x.length; i++) if (Math.abs(x[i] - c) <= halfWindow) {
			xs[k] = x[i];
			ys[k++] = y[i];
		}
		sort(xs, ys);
		// start: baseline through the window's ends, height and width from the data
		double b0 = 0.5 * (ys[0] + ys[m - 1]), b1 = (ys[m - 1] - ys[0]) / (xs[m - 1] - xs[0]);
		double h = y[best] - (b0 + b1 * (c - 0.5 * (xs[0] + xs[m - 1])));
		double fromData = halfMaximumWidth(xs, ys, c, b0, b1, 0.5 * (xs[0] + xs[m - 1]));
		double f0 = Double.isFinite(fromData) && fromData > 0 ? fromData : 0.1 * halfWindow;
		double step = (xs[m - 1] - xs[0]) / (m - 1);
		Model model = new Model(java.util.List.of(new Peak("band_", Shape.VOIGT), Polynomial.linear("bg_", 0.5 * (xs[0] +
			xs[m - 1]))));
		Parameters p = new Parameters();
		p.add("band_area", Math.max(h, 1e-9) * f0 * 1.2);
		p.add("band_center", c).bounds(c - halfWindow / 2, c + halfWindow / 2);
		p.add("band_sigma", 0.3 * f0 / 2.3548).bounds(0.05 * step, halfWindow);
		p.add("band_gamma", 0.3 * f0).bounds(1e-3 * step, halfWindow);
		p.add("bg_c0", b0);
		p.add("bg_c1", b1);
		FitResult r = Fitter.fit(model, p, xs, ys, new FitOptions());
		FitValues.Derived d = v -> new double[] { LineShapes.voigtFwhm(v.value("band_sigma"), v.value("band_gamma")), v
			.value("band_sigma") * 2.3548, 2 * v.value("band_gamma") };
		return new Result(r, d.apply(r), r.propagate(d), fromData);
	}

	/** Width at half the band's height above the straight baseline, by linear interpolation of the crossings. */
	static double halfMaximumWidth(double[] xs, double[] ys, double c, double b0, double b1, double x0) {
		int m = xs.length, top = 0;
		for (int i = 0; i < m; i++) if (Math.abs(xs[i] - c) < Math.abs(xs[top] - c)) top = i;
		double half = 0.5 * (ys[top] - (b0 + b1 * (xs[top] - x0)));
		int i = top;
		while (i > 0 && ys[i] - (b0 + b1 * (xs[i] - x0)) > half) i--;
		int j = top;
		while (j < m - 1 && ys[j] - (b0 + b1 * (xs[j] - x0)) > half) j++;
		if (i == 0 || j == m - 1) return Double.NaN;
		double yi = ys[i] - (b0 + b1 * (xs[i] - x0)), yi1 = ys[i + 1] - (b0 + b1 * (xs[i + 1] - x0));
		double yj = ys[j] - (b0 + b1 * (xs[j] - x0)), yj1 = ys[j - 1] - (b0 + b1 * (xs[j - 1] - x0));
		double left = xs[i] + (half - yi) / (yi1 - yi) * (xs[i + 1] - xs[i]);
		double right = xs[j - 1] + (half - yj1) / (yj - yj1) * (xs[j] - xs[j - 1]);
		return right - left;
	}

	private static void sort(double[] x, double[] y) {
		if (x[x.length - 1] >= x[0]) return;
		for (int i = 0, j = x.length - 1; i < j; i++, j--) {
			double t = x[i];
			x[i] = x[j];
			x[j] = t;
			t = y[i];
			y[i] = y[j];
			y[j] = t;
		}
	}
}
