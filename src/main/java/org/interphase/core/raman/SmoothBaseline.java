package org.interphase.core.raman;

/**
 * A linear smoother S that a smooth baseline passes through unchanged while Raman bands mostly do not: the
 * Whittaker smoother (I + lambda D'D)^-1 with unit weights, or the least-squares projection onto polynomials
 * of a given order. The BN fit uses it to take the baseline into the model exactly: fitting (I - S) data with
 * (I - S) bands is the same as fitting bands plus a baseline that S leaves unchanged, so whatever smooth
 * baseline error remains after the first (asymmetric) estimate cannot bias the band areas.
 * <p>
 * Immutable after construction (the Whittaker matrix is factorised once): thread-safe.
 */
public abstract class SmoothBaseline {
	/** Writes S c into out (out may not alias c). */
	public abstract void smooth(double[] c, double[] out);

	/** What the smoother is, for the results. */
	public abstract String describe();

	public static SmoothBaseline whittaker(int n, double lambda) {
		return new Whittaker(n, lambda);
	}

	public static SmoothBaseline polynomial(double[] x, int order) {
		return new Poly(x, order);
	}

	/**
	 * S = P + W (I - P): the least-squares polynomial of the given order P, then the Whittaker smoother W of the
	 * rest, so I - S = (I - W)(I - P). The polynomial takes the large-scale curvature of a fluorescence background
	 * exactly (W alone reproduces only straight lines, and at the window's ends a curved background leaked into the
	 * fit: a c-BN/h-BN ratio bias of about one per-pixel sigma on the 20 x 20 stress map, 0.3-1 % of the ratio).
	 */
	public static SmoothBaseline polynomialThenWhittaker(double[] x, int order, double lambda) {
		return new PolyWhittaker(x, order, lambda);
	}

	private static final class PolyWhittaker extends SmoothBaseline {
		private final PolynomialProjection p;
		private final Whittaker w;

		PolyWhittaker(double[] x, int order, double lambda) {
			p = new PolynomialProjection(x, order);
			w = new Whittaker(x.length, lambda);
		}

		@Override
		public void smooth(double[] c, double[] out) {
			int n = p.n;
			double[] coef = new double[p.m];
			p.fit(c, coef);
			double[] rest = new double[n];
			for (int i = 0; i < n; i++) rest[i] = c[i] - p.at(coef, i);
			w.smooth(rest, out);
			for (int i = 0; i < n; i++) out[i] += c[i] - rest[i];
		}

		@Override
		public String describe() {
			return "polynomial order=" + (p.m - 1) + " + " + w.describe();
		}
	}

	private static final class Whittaker extends SmoothBaseline {
		private final double lambda;
		/** Factorised once with unit weights; {@link PentadiagonalSolver#substitute} only reads the factors. */
		private final PentadiagonalSolver solver;

		Whittaker(int n, double lambda) {
			if (n < 4) throw new IllegalArgumentException("need at least 4 points");
			this.lambda = lambda;
			solver = new PentadiagonalSolver(n);
			double[] ones = new double[n];
			java.util.Arrays.fill(ones, 1);
			solver.factor(ones, lambda);
		}

		@Override
		public void smooth(double[] c, double[] out) {
			solver.substitute(c, out);
		}

		@Override
		public String describe() {
			return String.format(java.util.Locale.ROOT, "whittaker lambda=%.3g", lambda);
		}
	}

	private static final class Poly extends SmoothBaseline {
		private final PolynomialProjection p;

		Poly(double[] x, int order) {
			p = new PolynomialProjection(x, order);
		}

		@Override
		public void smooth(double[] c, double[] out) {
			double[] coef = new double[p.m];
			p.fit(c, coef);
			for (int i = 0; i < p.n; i++) out[i] = p.at(coef, i);
		}

		@Override
		public String describe() {
			return "polynomial order=" + (p.m - 1);
		}
	}
}
