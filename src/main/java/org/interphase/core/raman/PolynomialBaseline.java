package org.interphase.core.raman;

/**
 * Iterative peak-clipped polynomial baseline ("modified polynomial", Lieber and Mahadevan-Jansen, Appl. Spectrosc.
 * 57, 1363 (2003)): fit a polynomial by least squares, replace the data above it by the polynomial, repeat until
 * the fit changes by less than 0.1 % of its range or after 200 rounds. The least-squares operator is computed once
 * (QR of the Vandermonde matrix on x scaled to [-1, 1]) and reused for every round and every spectrum.
 */
public final class PolynomialBaseline {
	public static final int MAX_ITERATIONS = 200;

	private final int n;
	private final PolynomialProjection p;
	private final double[] work, coef;

	public PolynomialBaseline(double[] x, int order) {
		if (order < 0 || order > 15) throw new IllegalArgumentException("polynomial order must be 0..15, not " +
			order);
		p = new PolynomialProjection(x, order);
		n = x.length;
		work = new double[n];
		coef = new double[order + 1];
	}

	/** Writes the baseline of y into out. */
	public int estimate(double[] y, double[] out) {
		System.arraycopy(y, 0, work, 0, n);
		double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
		for (double t : y) {
			lo = Math.min(lo, t);
			hi = Math.max(hi, t);
		}
		double tol = 1e-3 * Math.max(hi - lo, 1e-300);
		int it = 0;
		java.util.Arrays.fill(out, 0);
		while (it < MAX_ITERATIONS) {
			it++;
			p.fit(work, coef);
			double maxChange = 0;
			for (int i = 0; i < n; i++) {
				double f = p.at(coef, i);
				maxChange = Math.max(maxChange, Math.abs(f - out[i]));
				out[i] = f;
				if (work[i] > f) work[i] = f;
			}
			if (it > 1 && maxChange < tol) break;
		}
		return it;
	}

	/** Plain least-squares polynomial (no clipping): for data that no longer contain bands. */
	public void fitOnce(double[] y, double[] out) {
		p.fit(y, coef);
		for (int i = 0; i < n; i++) out[i] = p.at(coef, i);
	}
}
