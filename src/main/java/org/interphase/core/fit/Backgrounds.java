package org.interphase.core.fit;

/**
 * Backgrounds computed from the data BEFORE the fit ("subtracted first", CasaXPS style), returned as arrays to
 * pass as the fit's baseline. End points are the mean of {@code nAvg} points at each end of the region, which
 * stabilises Shirley/linear end points on noisy data. {@code risesTowardHigherX}: true on a binding-energy axis
 * (inelastic step on the high-BE side), false on a kinetic-energy axis. x may be ascending or descending.
 */
public final class Backgrounds {
	private Backgrounds() {}

	/** Mean of y over the n points with the lowest x (low) or highest x. */
	static double endMean(double[] x, double[] y, int nAvg, boolean lowX) {
		int n = y.length, k = Math.max(1, Math.min(nAvg, n));
		boolean asc = x[n - 1] >= x[0];
		boolean fromStart = asc == lowX;
		double s = 0;
		for (int i = 0; i < k; i++) s += y[fromStart ? i : n - 1 - i];
		return s / k;
	}

	static double endX(double[] x, int nAvg, boolean lowX) {
		return endMean(x, x, nAvg, lowX);
	}

	/** Straight line through the averaged end points. */
	public static double[] linear(double[] x, double[] y, int nAvg) {
		double yl = endMean(x, y, nAvg, true), yh = endMean(x, y, nAvg, false);
		double xl = endX(x, nAvg, true), xh = endX(x, nAvg, false);
		double[] b = new double[x.length];
		for (int i = 0; i < x.length; i++) b[i] = xh == xl ? yl : yl + (yh - yl) * (x[i] - xl) / (xh - xl);
		return b;
	}

	/**
	 * Iterative Shirley background (Shirley 1972; Proctor and Sherwood 1982): B = y_low + (y_high - y_low) *
	 * A(x)/A_total with A the integral of (y - B) from the low-background end, iterated to a relative change
	 * below tol of the step (at most maxIter iterations). Falls back to the linear background when the peak
	 * area is not positive.
	 */
	public static double[] shirley(double[] x, double[] y, int nAvg, boolean risesTowardHigherX, int maxIter,
		double tol)
	{
		int n = y.length;
		// orient so that index 0 is the low-background end
		boolean asc = x[n - 1] >= x[0];
		boolean flip = asc != risesTowardHigherX;
		double[] xs = flip ? reversed(x) : x.clone(), ys = flip ? reversed(y) : y.clone();
		double y0 = mean(ys, 0, nAvg), y1 = mean(ys, n - Math.max(1, Math.min(nAvg, n)), nAvg);
		double step = y1 - y0;
		double[] b = new double[n];
		java.util.Arrays.fill(b, y0);
		double[] cum = new double[n];
		for (int it = 0; it < maxIter; it++) {
			cum[0] = 0;
			for (int i = 1; i < n; i++)
				cum[i] = cum[i - 1] + 0.5 * ((ys[i] - b[i]) + (ys[i - 1] - b[i - 1])) * Math.abs(xs[i] - xs[i - 1]);
			double total = cum[n - 1];
			if (!(total > 0)) return linear(x, y, nAvg);
			double change = 0;
			for (int i = 0; i < n; i++) {
				double nb = y0 + step * cum[i] / total;
				change = Math.max(change, Math.abs(nb - b[i]));
				b[i] = nb;
			}
			if (change <= tol * Math.max(Math.abs(step), 1e-12)) break;
		}
		return flip ? reversed(b) : b;
	}

	/**
	 * Tougaard background with the universal cross-section K(T) = B T/(C + T^2)^2 (B = 2866 eV^2, C = 1643 eV^2
	 * for most materials): B(x) = y_low + s * sum K(T) (y - y_low) dx over lower-loss points, the factor s
	 * chosen so that B meets the averaged high-background end point (the usual practice when B is unknown).
	 */
	public static double[] tougaard(double[] x, double[] y, int nAvg, boolean risesTowardHigherX, double c) {
		int n = y.length;
		boolean asc = x[n - 1] >= x[0];
		boolean flip = asc != risesTowardHigherX;
		double[] xs = flip ? reversed(x) : x.clone(), ys = flip ? reversed(y) : y.clone();
		double y0 = mean(ys, 0, nAvg), y1 = mean(ys, n - Math.max(1, Math.min(nAvg, n)), nAvg);
		double[] k = new double[n];
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int j = 0; j < i; j++) {
				double t = Math.abs(xs[i] - xs[j]);
				double d = c + t * t;
				s += t / (d * d) * (ys[j] - y0) * Math.abs(xs[j + 1] - xs[j]);
			}
			k[i] = s;
		}
		double scale = k[n - 1] != 0 ? (y1 - y0) / k[n - 1] : 0;
		double[] b = new double[n];
		for (int i = 0; i < n; i++) b[i] = y0 + scale * k[i];
		return flip ? reversed(b) : b;
	}

	private static double mean(double[] v, int from, int count) {
		int k = Math.max(1, Math.min(count, v.length - from));
		double s = 0;
		for (int i = 0; i < k; i++) s += v[from + i];
		return s / k;
	}

	static double[] reversed(double[] v) {
		double[] r = new double[v.length];
		for (int i = 0; i < v.length; i++) r[i] = v[v.length - 1 - i];
		return r;
	}
}
