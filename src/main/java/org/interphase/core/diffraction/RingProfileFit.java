package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The diffuse level under a ring pattern from one linear least-squares fit of the radial profile: a smooth curve
 * (cubic B-splines with knots {@link #KNOT_WIDTHS} ring widths apart, at least the background window) plus one
 * Gaussian of the rings' common width at every ring position (the detected rings and, when phases are given and
 * the pattern is calibrated, every reflection of theirs in range, detected or not). The rings take what is
 * narrow, the spline what is broad, so an amorphous halo that carries rings on its flanks stays diffuse — the
 * robust point-dropping background ({@link DiffuseBackground#fit}) cut under such a halo as its chord. Ring
 * amplitudes are not forced positive (an absent reflection averages to zero instead of taking diffuse
 * intensity). Weights: the pixel count of each bin over its mean (Poisson).
 */
public final class RingProfileFit {
	/** Knot spacing of the diffuse spline in ring widths (sigma). */
	public static final double KNOT_WIDTHS = 5;
	private RingProfileFit() {}

	/**
	 * @param mean azimuthal mean per bin (NaN = no data), bin width dr (corrected px)
	 * @param counts pixels per bin
	 * @param ringRadii ring positions (px)
	 * @param sigma rings' common Gaussian width (px)
	 * @param minKnot smallest knot spacing (px), e.g. the background window (the spacing is the larger of this and
	 *        {@link #KNOT_WIDTHS} ring widths)
	 * @param rLo, rHi the range fitted (px); outside it the result is NaN
	 * @return the diffuse level per bin, or null when the fit is not possible
	 */
	public static double[] diffuse(double[] mean, double[] counts, double dr, List<Double> ringRadii, double sigma,
		double minKnot, double rLo, double rHi)
	{
		Operator op = operator(mean, counts, dr, ringRadii, sigma, minKnot, rLo, rHi);
		return op == null ? null : op.apply(mean);
	}

	/**
	 * The fit as a linear operator on the profile: diffuse = M y over the fitted bins. The weights are fixed when
	 * it is built (from {@code mean}), so a series applies one operator to every frame (a matrix-vector product
	 * instead of a least-squares solve per frame).
	 */
	public static final class Operator {
		final int[] bins;
		final double[][] m;
		final int n;

		Operator(int[] bins, double[][] m, int n) {
			this.bins = bins;
			this.m = m;
			this.n = n;
		}

		/** The diffuse level per bin (NaN outside the fitted bins), or null when a fitted bin has no data. */
		public double[] apply(double[] mean) {
			int nb = bins.length;
			double[] y = new double[nb];
			for (int k = 0; k < nb; k++) {
				y[k] = mean[bins[k]];
				if (!Double.isFinite(y[k])) return null;
			}
			double[] out = new double[n];
			java.util.Arrays.fill(out, Double.NaN);
			for (int k = 0; k < nb; k++) {
				double[] row = m[k];
				double v = 0;
				for (int l = 0; l < nb; l++) v += row[l] * y[l];
				out[bins[k]] = v;
			}
			return out;
		}
	}

	/** The operator of {@link #diffuse} with weights from {@code mean}, or null when the fit is not possible. */
	public static Operator operator(double[] mean, double[] counts, double dr, List<Double> ringRadii, double sigma,
		double minKnot, double rLo, double rHi)
	{
		int n = mean.length;
		Knots kn = Knots.over(mean, counts, dr, sigma, minKnot, rLo, rHi);
		if (kn == null) return null;
		List<Integer> bins = kn.bins;
		double lo = kn.lo, hi = kn.hi, h = kn.h;
		int nsp = kn.nsp;
		List<Double> rings = new ArrayList<>();
		for (double r : ringRadii) if (r > lo - 3 * sigma && r < hi + 3 * sigma) rings.add(r);
		rings.sort(null);
		// rings closer than half a width are one
		List<Double> merged = new ArrayList<>();
		for (double r : rings) if (merged.isEmpty() || r - merged.get(merged.size() - 1) > 0.5 * sigma) merged.add(r);
		int nr = merged.size(), m = nsp + nr, np = bins.size();
		if (np <= m + 5) return null;
		double[][] a = new double[np][m];
		double[] w = new double[np];
		double[][] spl = new double[np][nsp];
		for (int k = 0; k < np; k++) {
			int b = bins.get(k);
			double r = (b + 0.5) * dr;
			bspline(r, lo, h, nsp, a[k]);
			System.arraycopy(a[k], 0, spl[k], 0, nsp);
			for (int j = 0; j < nr; j++) {
				double u = (r - merged.get(j)) / sigma;
				a[k][nsp + j] = u * u < 60 ? Math.exp(-0.5 * u * u) : 0;
			}
			w[k] = Math.sqrt(counts[b] / Math.max(Math.abs(mean[b]), 1e-9));
		}
		for (int k = 0; k < np; k++) for (int j = 0; j < m; j++) a[k][j] *= w[k];
		// c = pinv(W A) W y; the diffuse level at the fitted bins is S c_spline = S P_spline W y
		org.apache.commons.math3.linear.RealMatrix pinv;
		try {
			pinv = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false)).getSolver().getInverse();
		}
		catch (RuntimeException e) {
			return null;
		}
		double[][] op = new double[np][np];
		double[][] pd = pinv.getData();
		for (int k = 0; k < np; k++) {
			double[] row = op[k];
			for (int j = 0; j < nsp; j++) {
				double sj = spl[k][j];
				if (sj == 0) continue;
				double[] pj = pd[j];
				for (int l = 0; l < np; l++) row[l] += sj * pj[l] * w[l];
			}
		}
		int[] bi = new int[np];
		for (int k = 0; k < np; k++) bi[k] = bins.get(k);
		return new Operator(bi, op, n);
	}

	/**
	 * The diffuse level for the crystalline fraction and its sensitivity: {@link #diffuse} with the knots at the
	 * window and at 1.5 windows, each laid over a copy of {@code robust} (kept outside the fitted range). Null when
	 * either fit is impossible or swings (its fraction outside [-0.05, 1]): the robust background is used then.
	 *
	 * @param sums azimuthal sums per bin (for the fraction)
	 * @return {diffuse, diffuse with 1.5x wider knots} or null
	 */
	public static double[][] withSensitivity(double[] mean, double[] counts, double[] sums, double dr,
		List<Double> ringRadii, double sigma, double windowPx, double rLo, double rHi, double[] robust)
	{
		return withSensitivity(operator(mean, counts, dr, ringRadii, sigma, windowPx, rLo, rHi), operator(mean, counts,
			dr, ringRadii, sigma, 1.5 * windowPx, rLo, rHi), mean, counts, sums, dr, rLo, rHi, robust);
	}

	/** As above with the two operators built once (a series: weights of the first frame, one product per frame). */
	public static double[][] withSensitivity(Operator fit, Operator wider, double[] mean, double[] counts,
		double[] sums, double dr, double rLo, double rHi, double[] robust)
	{
		if (fit == null || wider == null) return null;
		double[] j1 = fit.apply(mean), j2 = wider.apply(mean);
		if (j1 == null || j2 == null) return null;
		double[] a = robust.clone(), c = robust.clone();
		for (int b = 0; b < a.length; b++) if (Double.isFinite(j1[b]) && Double.isFinite(j2[b])) {
			a[b] = j1[b];
			c[b] = j2[b];
		}
		double f1 = SaedPipeline.fraction(sums, counts, a, dr, rLo, rHi)[0];
		double f2 = SaedPipeline.fraction(sums, counts, c, dr, rLo, rHi)[0];
		if (!(f1 >= -0.05 && f1 <= 1 && f2 >= -0.05 && f2 <= 1)) return null;
		return new double[][] { a, c };
	}

	/**
	 * The diffuse level under a powder ring pattern with every part non-negative (a halo, the beam's wing and a dark
	 * level cannot be negative, nor can a reflection's intensity), by non-negative least squares on the radial profile:
	 * <ul>
	 * <li>the diffuse curve: cubic B-splines (coefficients >= 0 keep it >= 0) with knots at least {@code knot} apart;</li>
	 * <li>optionally each detected ring: a Gaussian of the rings' width with its own amplitude (for the sensitivity to
	 * intensities that are not kinematic: texture, dynamical scattering);</li>
	 * <li>every reflection of the phases (detected or not) with its kinematic powder weight m |F|^2 d^2 (intensity per
	 * pixel of the ring: m |F|^2 times the Lorentz factor d, over the circumference ~ 1/d), under a smooth envelope
	 * (linear hats {@link #ENVELOPE_NM} 1/nm apart in g: scattering factors, Debye-Waller and dynamical damping change
	 * on that scale, not from one reflection to the next).</li>
	 * </ul>
	 * Where the reflections are denser than their width (LATP beyond ~4 1/nm) free amplitudes per reflection
	 * explained any smooth level as rings (the halo vanished into them, or the curve swung below zero); tied to their
	 * structure factors they cannot. Not a linear operator: for single patterns.
	 *
	 * @param forest per reflection {radius (px), weight, phase index} (one envelope per phase); detected: radii (px) of rings given free amplitudes (may be
	 *        empty)
	 * @return the diffuse level per bin over [rLo, rHi] (NaN outside), or null when the fit is not possible
	 */
	public static double[] diffuseNonNegative(double[] mean, double[] counts, double dr, List<double[]> forest,
		List<Double> detected, double sigma, double knot, double pxPerInvNm, double rLo, double rHi)
	{
		double[][] f = diffuseNonNegative(mean, counts, dr, forest, detected, sigma, knot, pxPerInvNm, ENVELOPE_NM, rLo, rHi,
			Double.NaN, Double.NaN);
		return f == null ? null : f[0];
	}

	/**
	 * {@link #diffuseNonNegative} with the envelope's node spacing given, and the diffuse level's one-sigma change along
	 * the direction that moves its integral over the annulus [aLo, aHi] (pixel-weighted, as the fraction's D) the most:
	 * the profile of chi^2 along the halo's amount, all other parameters (the rings' envelope, the rest of the curve)
	 * refitted. In a linear fit that is the covariance of the fit's free parameters (those not at their bound 0) along
	 * g = dD/dc: delta = s Cov g / sqrt(g' Cov g), s^2 = max(1, chi^2 / dof) (1 + rho) / (1 - rho) with rho the residuals'
	 * lag-one correlation, so a fit that does not describe the profile (reflections at other than their kinematic
	 * weights, a wing of another shape: misfits that run over many bins) widens it. Where the reflections are
	 * denser than their width the rings' envelope and the halo trade off and this term is large.
	 *
	 * @return {diffuse, delta} per bin over [rLo, rHi] (NaN outside; delta null when aLo is NaN), or null
	 */
	public static double[][] diffuseNonNegative(double[] mean, double[] counts, double dr, List<double[]> forest,
		List<Double> detected, double sigma, double knot, double pxPerInvNm, double envelopeNm, double rLo, double rHi,
		double aLo, double aHi)
	{
		int n = mean.length;
		Knots kn = Knots.over(mean, counts, dr, sigma, knot, rLo, rHi);
		if (kn == null) return null;
		List<Integer> bins = kn.bins;
		double lo = kn.lo, hi = kn.hi, h = kn.h;
		int nsp = kn.nsp;
		List<Double> free = new ArrayList<>();
		for (double r : detected) if (r > lo - 3 * sigma && r < hi + 3 * sigma) free.add(r);
		free.sort(null);
		double he = envelopeNm * pxPerInvNm;
		int ne = Math.max(2, (int) Math.ceil((hi - lo) / he) + 1);
		he = (hi - lo) / (ne - 1);
		int nph = 1;
		for (double[] f : forest) nph = Math.max(nph, (int) f[2] + 1);
		int nr = free.size(), m = nsp + nr + nph * ne, np = bins.size();
		if (np <= m + 5) return null;
		double[][] a = new double[np][m];
		double[] y = new double[np];
		for (int k = 0; k < np; k++) {
			int b = bins.get(k);
			double r = (b + 0.5) * dr;
			bspline(r, lo, h, nsp, a[k]);
			for (int j = 0; j < nr; j++) a[k][nsp + j] = gauss((r - free.get(j)) / sigma);
			for (double[] f : forest) {
				double g = gauss((r - f[0]) / sigma);
				if (g == 0) continue;
				double t = (f[0] - lo) / he;
				int e = Math.max(0, Math.min(ne - 2, (int) Math.floor(t)));
				double u = Math.max(0, Math.min(1, t - e));
				int col = nsp + nr + (int) f[2] * ne + e;
				a[k][col] += f[1] * g * (1 - u);
				a[k][col + 1] += f[1] * g * u;
			}
			double w = Math.sqrt(counts[b] / Math.max(Math.abs(mean[b]), 1e-9));
			for (int j = 0; j < m; j++) a[k][j] *= w;
			y[k] = mean[b] * w;
		}
		double[] c = nnls(a, y, m);
		if (c == null) return null;
		double[] out = new double[n];
		java.util.Arrays.fill(out, Double.NaN);
		double[] basis = new double[nsp];
		double[] gv = new double[m];
		for (int k = 0; k < np; k++) {
			int b = bins.get(k);
			java.util.Arrays.fill(basis, 0);
			double r = (b + 0.5) * dr;
			bspline(r, lo, h, nsp, basis);
			double v = 0;
			for (int j = 0; j < nsp; j++) v += basis[j] * c[j];
			out[b] = v;
			if (r >= aLo && r <= aHi) for (int j = 0; j < nsp; j++) gv[j] += counts[b] * basis[j];
		}
		if (!(aLo <= aHi)) return new double[][] { out, null };
		double[] dc = halfShift(a, y, c, gv);
		double[] delta = new double[n];
		java.util.Arrays.fill(delta, Double.NaN);
		for (int k = 0; k < np; k++) {
			int b = bins.get(k);
			java.util.Arrays.fill(basis, 0);
			bspline((b + 0.5) * dr, lo, h, nsp, basis);
			double v = 0;
			if (dc != null) for (int j = 0; j < nsp; j++) v += basis[j] * dc[j];
			delta[b] = v;
		}
		return new double[][] { out, delta };
	}

	/**
	 * The one-sigma shift of the parameters along g (see {@link #diffuseNonNegative}): s Cov g / sqrt(g' Cov g) over the
	 * parameters not at their bound, Cov = (A'A)^-1 of the weighted design; null when singular.
	 */
	static double[] halfShift(double[][] a, double[] y, double[] c, double[] g) {
		int np = a.length, m = c.length;
		boolean[] free = new boolean[m];
		int nf = 0;
		for (int j = 0; j < m; j++) if (c[j] > 0) {
			free[j] = true;
			nf++;
		}
		double chi2 = 0, lag = 0, prev = 0;
		for (int k = 0; k < np; k++) {
			double v = -y[k];
			for (int j = 0; j < m; j++) v += a[k][j] * c[j];
			chi2 += v * v;
			if (k > 0) lag += v * prev;
			prev = v;
		}
		// residuals of a model that does not describe the profile run in stretches (neighbouring bins share its misfit):
		// with lag-one correlation rho the fit's variance is (1 + rho) / (1 - rho) times that of independent bins
		double rho = Math.max(0, Math.min(0.95, chi2 > 0 ? lag / chi2 : 0));
		double[][] gm = new double[m][m];
		for (int k = 0; k < np; k++) for (int i = 0; i < m; i++) if (free[i] && a[k][i] != 0) for (int j = 0; j < m; j++)
			if (free[j]) gm[i][j] += a[k][i] * a[k][j];
		double scale = 0;
		for (int i = 0; i < m; i++) scale = Math.max(scale, gm[i][i]);
		double[] z = new double[m], gf = new double[m];
		for (int j = 0; j < m; j++) if (free[j]) gf[j] = g[j];
		if (nf == 0 || !solvePositive(gm, gf, free, 1e-10 * scale, z)) return null;
		double q = 0;
		for (int j = 0; j < m; j++) q += g[j] * z[j];
		if (!(q > 0)) return null;
		double s = Math.sqrt(Math.max(1, chi2 / Math.max(1, np - nf)) * (1 + rho) / (1 - rho));
		for (int j = 0; j < m; j++) z[j] *= s / Math.sqrt(q);
		return z;
	}

	/** Node spacing (1/nm in g) of the envelope of the reflections' kinematic weights in {@link #diffuseNonNegative}. */
	public static final double ENVELOPE_NM = 2;

	private static double gauss(double u) {
		return u * u < 60 ? Math.exp(-0.5 * u * u) : 0;
	}

	/**
	 * Non-negative least squares min |A x - y|, x >= 0 (Lawson and Hanson's active set, on the normal equations; m is
	 * a few tens). Null when it does not converge.
	 */
	static double[] nnls(double[][] a, double[] y, int m) {
		int np = a.length;
		double[][] gm = new double[m][m];
		double[] hv = new double[m];
		for (int k = 0; k < np; k++) {
			double[] row = a[k];
			for (int i = 0; i < m; i++) {
				if (row[i] == 0) continue;
				hv[i] += row[i] * y[k];
				for (int j = 0; j < m; j++) gm[i][j] += row[i] * row[j];
			}
		}
		double scale = 0;
		for (int i = 0; i < m; i++) scale = Math.max(scale, gm[i][i]);
		double ridge = 1e-10 * scale, tol = 1e-10 * scale;
		double[] x = new double[m], z = new double[m];
		boolean[] pos = new boolean[m];
		for (int outer = 0; outer < 3 * m + 10; outer++) {
			double best = 0;
			int jb = -1;
			for (int j = 0; j < m; j++) if (!pos[j]) {
				double wj = hv[j];
				for (int l = 0; l < m; l++) wj -= gm[j][l] * x[l];
				if (wj > best * (1 + 1e-12) && wj > tol * Math.max(1, Math.abs(hv[j]))) {
					best = wj;
					jb = j;
				}
			}
			if (jb < 0) return x;
			pos[jb] = true;
			for (int inner = 0; inner < 3 * m + 10; inner++) {
				if (!solvePositive(gm, hv, pos, ridge, z)) return null;
				double alpha = 1;
				boolean allPos = true;
				for (int j = 0; j < m; j++) if (pos[j] && z[j] <= 0) {
					allPos = false;
					double d = x[j] - z[j];
					if (d > 0) alpha = Math.min(alpha, x[j] / d);
				}
				if (allPos) {
					System.arraycopy(z, 0, x, 0, m);
					break;
				}
				for (int j = 0; j < m; j++) if (pos[j]) {
					x[j] += alpha * (z[j] - x[j]);
					if (x[j] <= 1e-14 * Math.max(1, Math.abs(z[j]))) {
						x[j] = 0;
						pos[j] = false;
					}
				}
			}
		}
		return x;
	}

	/** Solves the normal equations restricted to the passive set (z = 0 elsewhere) by Cholesky with a tiny ridge. */
	private static boolean solvePositive(double[][] gm, double[] hv, boolean[] pos, double ridge, double[] z) {
		int m = hv.length, k = 0;
		int[] idx = new int[m];
		for (int j = 0; j < m; j++) if (pos[j]) idx[k++] = j;
		double[][] l = new double[k][k];
		for (int i = 0; i < k; i++) for (int j = 0; j <= i; j++) {
			double s = gm[idx[i]][idx[j]] + (i == j ? ridge : 0);
			for (int q = 0; q < j; q++) s -= l[i][q] * l[j][q];
			if (i == j) {
				if (!(s > 0)) return false;
				l[i][i] = Math.sqrt(s);
			}
			else l[i][j] = s / l[j][j];
		}
		double[] t = new double[k];
		for (int i = 0; i < k; i++) {
			double s = hv[idx[i]];
			for (int q = 0; q < i; q++) s -= l[i][q] * t[q];
			t[i] = s / l[i][i];
		}
		for (int i = k - 1; i >= 0; i--) {
			double s = t[i];
			for (int q = i + 1; q < k; q++) s -= l[q][i] * t[q];
			t[i] = s / l[i][i];
		}
		java.util.Arrays.fill(z, 0);
		for (int i = 0; i < k; i++) z[idx[i]] = t[i];
		return true;
	}

	/** Uniform cubic B-spline basis on [lo, lo + (nsp - 3) h] at x: nsp values (four non-zero). */
	static void bspline(double x, double lo, double h, int nsp, double[] out) {
		double t = (x - lo) / h;
		int seg = Math.min(nsp - 4, Math.max(0, (int) Math.floor(t)));
		double u = t - seg;
		double u2 = u * u, u3 = u2 * u, v = 1 - u;
		out[seg] = v * v * v / 6;
		out[seg + 1] = (3 * u3 - 6 * u2 + 4) / 6;
		out[seg + 2] = (-3 * u3 + 3 * u2 + 3 * u + 1) / 6;
		out[seg + 3] = u3 / 6;
	}

	/** The fitted bins of [rLo, rHi] (finite, counted) and the uniform cubic B-spline knots over them. */
	private static final class Knots {
		final List<Integer> bins;
		final double lo, hi, h;
		final int nsp;

		private Knots(List<Integer> bins, double lo, double hi, double h, int nsp) {
			this.bins = bins;
			this.lo = lo;
			this.hi = hi;
			this.h = h;
			this.nsp = nsp;
		}

		/** Knots at least max(minKnot, KNOT_WIDTHS sigma) apart, or null with fewer than 20 bins or no width. */
		static Knots over(double[] mean, double[] counts, double dr, double sigma, double minKnot, double rLo, double rHi) {
			int n = mean.length;
			int b0 = Math.max(0, (int) Math.floor(rLo / dr)), b1 = Math.min(n - 1, (int) Math.ceil(rHi / dr));
			List<Integer> bins = new ArrayList<>();
			for (int b = b0; b <= b1; b++) if (Double.isFinite(mean[b]) && counts[b] > 0.5) bins.add(b);
			if (bins.size() < 20 || !(sigma > 0)) return null;
			double lo = (bins.get(0) + 0.5) * dr, hi = (bins.get(bins.size() - 1) + 0.5) * dr;
			double h = Math.max(minKnot, KNOT_WIDTHS * sigma);
			int nk = Math.max(1, (int) Math.ceil((hi - lo) / h));
			return new Knots(bins, lo, hi, (hi - lo) / nk, nk + 3);
		}
	}
}
