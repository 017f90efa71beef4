package org.interphase.core.diffraction;

import java.util.Arrays;
import java.util.List;

import org.interphase.core.fit.Component;
import org.interphase.core.fit.FitOptions;
import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.Fitter;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Polynomial;

/**
 * Least-squares fits of the peak shapes used here, through the fitting engine ({@link Fitter}, unit weights): a 1D
 * Gaussian on a linear background (rings in I(r)) and a 2D circular Gaussian on a constant (spots). Uncertainties
 * are the engine's: the covariance diagonal scaled by the reduced chi-square (one sigma).
 */
public final class PeakFit {
	private PeakFit() {}

	/** Fitted values, their sigmas, and whether the fit converged inside its window. */
	public static final class Result {
		public final double[] p, sigma;
		public final boolean converged;

		Result(double[] p, double[] sigma, boolean converged) {
			this.p = p;
			this.sigma = sigma;
			this.converged = converged;
		}
	}

	/** As many evaluations as the fits had before they went through the engine (400). */
	private static final int MAX_EVALUATIONS = 400;

	/** Gaussian A exp(-(x-x0)^2 / 2 s^2) + c0 + c1 (x - x0guess): p = {A, x0, s, c0, c1}. */
	public static Result gaussian1d(double[] x, double[] y, double[] start) {
		Model model = Model.of(new Gaussian1d(), Polynomial.linear("bg_", start[1]));
		Parameters p = new Parameters();
		p.add("g_a", start[0]);
		p.add("g_x0", start[1]);
		p.add("g_s", start[2]);
		p.add("bg_c0", start[3]);
		p.add("bg_c1", start[4]);
		return run(model, p, x, y, start);
	}

	/** 2D Gaussian A exp(-((x-x0)^2+(y-y0)^2) / 2 s^2) + c on pixel samples: p = {A, x0, y0, s, c}. */
	public static Result gaussian2d(double[] xs, double[] ys, double[] v, double[] start) {
		// the engine's abscissa is the sample index; the component looks up each sample's pixel position
		double[] index = new double[xs.length];
		for (int i = 0; i < index.length; i++) index[i] = i;
		Model model = Model.of(new Gaussian2d(xs, ys), new Polynomial("bg_", 0, 0));
		Parameters p = new Parameters();
		p.add("g_a", start[0]);
		p.add("g_x0", start[1]);
		p.add("g_y0", start[2]);
		p.add("g_s", start[3]);
		p.add("bg_c0", start[4]);
		return run(model, p, index, v, start);
	}

	private static Result run(Model model, Parameters params, double[] x, double[] y, double[] start) {
		List<String> names = params.names();
		int np = names.size();
		double[] sig = new double[np];
		try {
			FitResult r = Fitter.fit(model, params, x, y, new FitOptions().weighting(FitOptions.Weighting.UNIT)
				.maxEvaluations(MAX_EVALUATIONS));
			double[] p = new double[np];
			for (int i = 0; i < np; i++) {
				p[i] = r.value(names.get(i));
				sig[i] = r.stderr(names.get(i));
			}
			if (!r.covarianceValid()) Arrays.fill(sig, Double.NaN);
			return new Result(p, sig, r.converged() && r.covarianceValid());
		}
		catch (RuntimeException e) {
			// data the engine refuses (non-finite samples, too few points)
			Arrays.fill(sig, Double.NaN);
			return new Result(start.clone(), sig, false);
		}
	}

	/** Width used by the shapes: |s|, kept off zero. */
	private static double width(double s) {
		return Math.max(1e-6, Math.abs(s));
	}

	/** A exp(-(x-x0)^2 / 2 s^2): local parameters {a, x0, s}. */
	static final class Gaussian1d implements Component {
		private static final List<String> NAMES = List.of("a", "x0", "s");

		@Override
		public String prefix() {
			return "g_";
		}

		@Override
		public List<String> parameterNames() {
			return NAMES;
		}

		@Override
		public void addTo(double[] x, double[] p, double[] out) {
			double s = width(p[2]), k = -0.5 / (s * s);
			for (int i = 0; i < x.length; i++) {
				double dx = x[i] - p[1];
				out[i] += p[0] * Math.exp(k * dx * dx);
			}
		}

		@Override
		public boolean linearIn(int localIndex) {
			return localIndex == 0;
		}
	}

	/** A exp(-((x-x0)^2+(y-y0)^2) / 2 s^2) at the pixel positions of the samples: local parameters {a, x0, y0, s}. */
	static final class Gaussian2d implements Component {
		private static final List<String> NAMES = List.of("a", "x0", "y0", "s");
		private final double[] xs, ys;

		Gaussian2d(double[] xs, double[] ys) {
			this.xs = xs;
			this.ys = ys;
		}

		@Override
		public String prefix() {
			return "g_";
		}

		@Override
		public List<String> parameterNames() {
			return NAMES;
		}

		@Override
		public void addTo(double[] index, double[] p, double[] out) {
			double s = width(p[3]), k = -0.5 / (s * s);
			for (int i = 0; i < index.length; i++) {
				int j = (int) index[i];
				double dx = xs[j] - p[1], dy = ys[j] - p[2];
				out[i] += p[0] * Math.exp(k * (dx * dx + dy * dy));
			}
		}

		@Override
		public boolean linearIn(int localIndex) {
			return localIndex == 0;
		}
	}
}
