package org.interphase.core.raman;

/**
 * Whittaker-smoother baselines with asymmetric weights: points above the current baseline (peaks) get small
 * weights, points at or below it (baseline plus noise) large ones, and the smoother is solved again until the
 * weights settle. Each iteration is one O(n) pentadiagonal solve ({@link PentadiagonalSolver}). The penalty acts
 * on channel index (not on cm-1), as in the original papers; non-uniform axes are close to uniform over a window.
 */
public final class WhittakerBaseline {
	public static final int MAX_ITERATIONS = 50;

	private final int n;
	private final PentadiagonalSolver solver;
	private final double[] w;

	public WhittakerBaseline(int n) {
		this.n = n;
		this.solver = new PentadiagonalSolver(n);
		this.w = new double[n];
	}

	/**
	 * arPLS (Baek, Park, Ahn and Choo, Analyst 140, 250 (2015)): weights from a logistic function of the residual
	 * scaled by the mean and standard deviation of the negative residuals (which are noise only). Stops when the
	 * weights change by less than 0.1 % (relative norm) or after {@link #MAX_ITERATIONS}.
	 *
	 * @return the number of iterations
	 */
	public int arpls(double[] y, double lambda, double[] z) {
		java.util.Arrays.fill(w, 1);
		int it = 0;
		while (it < MAX_ITERATIONS) {
			it++;
			solver.solve(w, y, lambda, z);
			double sum = 0, sum2 = 0;
			int count = 0;
			for (int i = 0; i < n; i++) {
				double d = y[i] - z[i];
				if (d < 0) {
					sum += d;
					sum2 += d * d;
					count++;
				}
			}
			if (count < 2) break;
			double m = sum / count;
			double s = Math.sqrt(Math.max(sum2 / count - m * m, 0));
			if (!(s > 0)) break;
			double change = 0, norm = 0;
			for (int i = 0; i < n; i++) {
				double d = y[i] - z[i];
				double e = 2 * (d - (2 * s - m)) / s;
				double wi = e > 40 ? 0 : 1 / (1 + Math.exp(e));
				double dw = w[i] - wi;
				change += dw * dw;
				norm += w[i] * w[i];
				w[i] = wi;
			}
			if (Math.sqrt(change / Math.max(norm, 1e-300)) < 1e-3) break;
		}
		return it;
	}

	/**
	 * Asymmetric least squares (Eilers and Boelens 2005): weight p above the baseline, 1 - p below.
	 *
	 * @return the number of iterations
	 */
	public int als(double[] y, double lambda, double p, double[] z) {
		java.util.Arrays.fill(w, 1);
		int it = 0;
		while (it < MAX_ITERATIONS) {
			it++;
			solver.solve(w, y, lambda, z);
			int changed = 0;
			for (int i = 0; i < n; i++) {
				double wi = y[i] > z[i] ? p : 1 - p;
				if (wi != w[i]) changed++;
				w[i] = wi;
			}
			if (changed == 0) break;
		}
		return it;
	}

	/** Plain (symmetric) Whittaker smoothing with unit weights: for data that no longer contain bands. */
	public void smooth(double[] y, double lambda, double[] z) {
		java.util.Arrays.fill(w, 1);
		solver.solve(w, y, lambda, z);
	}
}
