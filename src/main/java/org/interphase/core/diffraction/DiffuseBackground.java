package org.interphase.core.diffraction;

import java.util.Arrays;

/**
 * The smooth diffuse part b(r) of a radial profile (amorphous halo, inelastic and thermal diffuse background)
 * under the Bragg rings: a robust local quadratic regression (LOESS-like) of half-width {@code window} points.
 * Points more than 3 robust sigma above the current fit (MAD of the residual of the points still used, with a
 * floor of 1% of the level), and their neighbours, get zero weight; the fit is repeated until the set is stable.
 * A ring (a few points wide) stands out of a quadratic fitted over +-window points and is dropped; a halo many
 * times wider than the window is followed by the quadratic, so it stays in the background.
 */
public final class DiffuseBackground {
	private DiffuseBackground() {}

	/**
	 * @param y profile (NaN = no data: zero weight)
	 * @param noise one-sigma noise per point, or null to estimate it from the data
	 * @param window half-width of the local fits in points
	 */
	public static double[] fit(double[] y, double[] noise, double window) {
		int n = y.length;
		double[] v = y.clone();
		boolean[] ok = new boolean[n];
		int valid = 0;
		for (int i = 0; i < n; i++) if (Double.isFinite(v[i])) {
			ok[i] = true;
			valid++;
		}
		if (valid == 0) return new double[n];
		int hw = Math.max(3, (int) Math.round(window));
		boolean[] use = ok.clone();
		double[] z = local(v, use, hw);
		for (int it = 0; it < 25; it++) {
			double[] r = new double[n];
			int m = 0;
			for (int i = 0; i < n; i++) if (use[i] && Double.isFinite(z[i])) r[m++] = v[i] - z[i];
			if (m < 5) break;
			double[] rs = Arrays.copyOf(r, m);
			Arrays.sort(rs);
			double med = rs[m / 2];
			for (int i = 0; i < m; i++) rs[i] = Math.abs(rs[i] - med);
			Arrays.sort(rs);
			double sigma = Math.max(1e-12, 1.4826 * rs[m / 2]);
			boolean[] peak = new boolean[n];
			for (int i = 0; i < n; i++) {
				if (!ok[i] || !Double.isFinite(z[i])) continue;
				double s = Math.max(noise != null ? Math.max(noise[i], sigma) : sigma, 0.01 * Math.abs(z[i]));
				if (v[i] - z[i] > 3 * s) for (int k = Math.max(0, i - 1); k <= Math.min(n - 1, i + 1); k++) peak[k] = true;
			}
			boolean changed = false;
			for (int i = 0; i < n; i++) {
				boolean u = ok[i] && !peak[i];
				if (u != use[i]) {
					use[i] = u;
					changed = true;
				}
			}
			if (!changed) break;
			z = local(v, use, hw);
		}
		// fill any gap left without support by linear interpolation
		int last = -1;
		for (int i = 0; i < n; i++) {
			if (!Double.isFinite(z[i])) continue;
			if (last < 0) for (int k = 0; k < i; k++) z[k] = z[i];
			else for (int k = last + 1; k < i; k++) z[k] = z[last] + (z[i] - z[last]) * (k - last) / (double) (i - last);
			last = i;
		}
		if (last < 0) return new double[n];
		for (int k = last + 1; k < n; k++) z[k] = z[last];
		return z;
	}

	/**
	 * The diffuse level under a profile of rings: a grey-scale opening (running minimum, then running maximum, over
	 * +-{@code ringHalfWidth} points) removes every feature narrower than a ring and keeps broad ones (a halo a few
	 * ring widths wide loses only its very top), then the local quadratic of half-width {@code window} smooths it.
	 * Unlike {@link #fit}, nothing is dropped, so a halo that carries rings on its flanks cannot be eaten away
	 * point by point (that cascade put the background under LATP's halo at its chord).
	 */
	public static double[] underRings(double[] y, int ringHalfWidth, double window) {
		int n = y.length, w = Math.max(1, ringHalfWidth);
		boolean[] ok = new boolean[n];
		for (int i = 0; i < n; i++) ok[i] = Double.isFinite(y[i]);
		double[] ero = new double[n], open = new double[n];
		for (int i = 0; i < n; i++) {
			double m = Double.POSITIVE_INFINITY;
			for (int k = Math.max(0, i - w); k <= Math.min(n - 1, i + w); k++) if (ok[k]) m = Math.min(m, y[k]);
			ero[i] = m;
		}
		for (int i = 0; i < n; i++) {
			double m = Double.NEGATIVE_INFINITY;
			for (int k = Math.max(0, i - w); k <= Math.min(n - 1, i + w); k++) if (ok[k] && ero[k] < Double.POSITIVE_INFINITY)
				m = Math.max(m, ero[k]);
			open[i] = m;
			if (!ok[i] || m == Double.NEGATIVE_INFINITY) open[i] = Double.NaN;
		}
		boolean[] use = new boolean[n];
		for (int i = 0; i < n; i++) use[i] = Double.isFinite(open[i]);
		double[] z = local(open, use, Math.max(3, (int) Math.round(window)));
		for (int i = 0; i < n; i++) if (!Double.isFinite(z[i])) z[i] = Double.isFinite(open[i]) ? open[i] : 0;
		return z;
	}

	/** Local quadratic fit at every point over the used points within +-hw (window doubled until >= 5 points). */
	static double[] local(double[] v, boolean[] use, int hw) {
		int n = v.length;
		double[] z = new double[n];
		// prefix sums of x^k * w and x^k * y * w over used points, x relative to 0 (rescaled per window)
		for (int i = 0; i < n; i++) {
			int h = hw;
			double val = Double.NaN;
			for (int tries = 0; tries < 4 && Double.isNaN(val); tries++, h *= 2) {
				double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
				int cnt = 0;
				for (int k = Math.max(0, i - h); k <= Math.min(n - 1, i + h); k++) {
					if (!use[k]) continue;
					double x = (k - i) / (double) h, x2 = x * x;
					double wt = 1 - Math.abs(x) * Math.abs(x) * Math.abs(x);
					wt = wt * wt * wt; // tricube
					if (wt <= 0) wt = 1e-6;
					s0 += wt;
					s1 += wt * x;
					s2 += wt * x2;
					s3 += wt * x2 * x;
					s4 += wt * x2 * x2;
					t0 += wt * v[k];
					t1 += wt * x * v[k];
					t2 += wt * x2 * v[k];
					cnt++;
				}
				if (cnt < 5) continue;
				if (cnt < h) {
					// sparse support (dense rings): a straight line over a wider window does not swing like a parabola
					if (tries < 3) continue;
					double dl = s0 * s2 - s1 * s1;
					if (Math.abs(dl) < 1e-18) continue;
					val = (t0 * s2 - s1 * t1) / dl;
					continue;
				}
				// solve [[s0 s1 s2][s1 s2 s3][s2 s3 s4]] c = t; value at x = 0 is c0
				double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
				if (Math.abs(det) < 1e-18) continue;
				double c0 = (t0 * (s2 * s4 - s3 * s3) - s1 * (t1 * s4 - s3 * t2) + s2 * (t1 * s3 - s2 * t2)) / det;
				val = c0;
			}
			z[i] = val;
		}
		return z;
	}
}
