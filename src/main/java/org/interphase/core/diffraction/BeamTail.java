package org.interphase.core.diffraction;

/**
 * The wing of the unscattered beam in the diffuse radial profile: diffuse and inelastic scattering around the direct
 * beam and the camera's point-spread function fall off monotonically, as a power law or a Lorentzian-like wing, and
 * reach across the whole detector. They are not amorphous material, and their share changes with dose, camera
 * length and camera. The model is
 *
 * <pre>
 *   beam(r) = A (r^2 + r0^2)^(-p/2) + C,   A, C >= 0
 * </pre>
 *
 * (C: a flat level, the black level of a frame grabber, at most the darkest pixels' level), taken as the largest such curve that stays under the
 * diffuse profile b(r) from the inner edge of the analysed annulus out to the detector corners: it touches b where
 * nothing but the beam is (next to the direct beam and beyond the halos), and passes under the peaked amorphous
 * halo, which is what is left above it. For a given (p, r0) the best (A, C) is a two-variable linear programme,
 * solved exactly by a search over C (the objective is concave in C); p and r0 run over a grid.
 */
public final class BeamTail {
	private BeamTail() {}

	/** Power-law exponents and core radii (px) tried. */
	static final double P_MIN = 0.5, P_MAX = 5, P_STEP = 0.05;
	static final double[] R0 = { 0, 2, 4, 8, 12, 16, 24, 32, 48 };

	/** A fitted wing: parameters and the curve per radial bin (mean counts per px). */
	public static final class Fit {
		public final double a, c, p, r0;
		/** Innermost radius (px) of the profile the wing was fitted to (after a beam stop's rim). */
		public final double from;
		public final double[] curve;

		Fit(double a, double c, double p, double r0, double from, double[] curve) {
			this.a = a;
			this.c = c;
			this.p = p;
			this.r0 = r0;
			this.from = from;
			this.curve = curve;
		}
	}

	/** As {@link #fit(double[], double[], double, double, double, double, double, double, double, double)} with the wing's
	 * region starting at the annulus. */
	public static Fit fit(double[] bg, double[] counts, double dr, double rLo, double rHi, double rEnd, double p,
		double r0, double darkLevel)
	{
		return fit(bg, counts, dr, rLo, rLo, rHi, rEnd, p, r0, darkLevel);
	}

	/**
	 * @param bg diffuse background per bin (mean counts per px; a 3-bin running mean)
	 * @param counts pixels per bin (the Poisson noise of each bin's mean)
	 * @param dr bin width (px)
	 * @param rFrom innermost radius where the profile is the wing (next to the direct beam or the beam stop's rim; the
	 *        annulus' inner edge when later)
	 * @param rLo, rHi the analysed annulus
	 * @param rEnd outermost radius whose bins constrain the curve (the detector corners)
	 * @param p, r0 a fixed shape (NaN = fit the shape)
	 * @param darkLevel largest flat level C (the darkest unmasked pixels: a flat offset cannot exceed them)
	 */
	public static Fit fit(double[] bg, double[] counts, double dr, double rFrom, double rLo, double rHi, double rEnd,
		double p, double r0, double darkLevel)
	{
		int n = bg.length;
		int i0 = Math.max(0, (int) Math.ceil(Math.min(rFrom, rLo) / dr - 0.5)), i1 = Math.min(n - 1, (int) Math.floor(rEnd
			/ dr - 0.5));
		if (i1 - i0 < 5) return null;
		// the rim of a beam-stop shadow (the profile still rising) is not the wing: start at its top (at most 16 px in)
		int lim = Math.min(i1 - 2, i0 + (int) Math.ceil(16 / dr));
		int top = i0;
		for (int i = i0; i <= lim; i++) if (Double.isFinite(bg[i]) && bg[i] > bg[top]) top = i;
		i0 = top;
		double[] sd = noise(bg, counts, i0, i1, darkLevel);
		double[] tol = new double[n];
		for (int i = i0; i <= i1; i++) tol[i] = 2 * sd[i];
		double[] ps = Double.isFinite(p) ? new double[] { p } : grid();
		double[] r0s = Double.isFinite(r0) ? new double[] { r0 } : R0;
		double rIn = (i0 + 0.5) * dr;
		// 1. the largest curve under the profile, as close to it as it can be over the whole range (each bin by its
		// relative closeness, so that the faint outer bins beyond the halos weigh as much as the bright inner ones):
		// it touches the profile where there is nothing but the wing, on both sides of the halos
		double[] u = new double[n];
		for (int i = i0; i <= i1; i++) u[i] = Double.isFinite(bg[i]) ? 1 / Math.max(bg[i], tol[i]) : 0;
		double[] best = null; // {a, c, p, r0}
		double bestObj = Double.NEGATIVE_INFINITY;
		double[] f = new double[n];
		for (double rr0 : r0s) for (double pp : ps) {
			// a core wider than the first radius seen would be a plateau extrapolated under the halo
			if (!Double.isFinite(r0) && rr0 > rIn) continue;
			shape(f, i0, i1, dr, pp, rr0);
			double wf = 0, w1 = 0;
			for (int i = i0; i <= i1; i++) {
				wf += u[i] * f[i];
				w1 += u[i];
			}
			double[] ac = solve(bg, tol, f, i0, i1, wf, w1, darkLevel);
			if (ac == null) continue;
			double obj = ac[0] * wf + ac[1] * w1;
			if (best == null || obj > bestObj) {
				bestObj = obj;
				best = new double[] { ac[0], ac[1], pp, rr0 };
			}
		}
		if (best == null) return null;
		// 2. the wing fitted (weighted least squares) to the bins where the profile is the wing alone (within two noise
		// units of the curve of step 1), the halo no less than minus three noise units anywhere; the set of wing bins is
		// renewed with the fit, a few times
		double cMax = Math.max(0, darkLevel);
		for (int i = i0; i <= i1; i++) if (Double.isFinite(bg[i])) cMax = Math.min(cMax, bg[i] + tol[i]);
		boolean[] wingOnly = new boolean[n];
		for (int round = 0; round < 3; round++) {
			int m = 0;
			for (int i = i0; i <= i1; i++) {
				double w = best[0] * Math.pow((i + 0.5) * (i + 0.5) * dr * dr + best[3] * best[3], -best[2] / 2) + best[1];
				wingOnly[i] = Double.isFinite(bg[i]) && bg[i] - w <= 2 * sd[i];
				if (wingOnly[i]) m++;
			}
			if (m < 5) break;
			double[] next = null;
			double bestChi = Double.POSITIVE_INFINITY;
			for (double rr0 : r0s) for (double pp : ps) {
				if (!Double.isFinite(r0) && rr0 > rIn) continue;
				shape(f, i0, i1, dr, pp, rr0);
				double[] ac = leastSquares(bg, sd, f, wingOnly, i0, i1, cMax);
				double chi = wingChi(bg, sd, f, ac, wingOnly, i0, i1);
				if (chi < bestChi) {
					bestChi = chi;
					next = new double[] { ac[0], ac[1], pp, rr0 };
				}
			}
			if (next == null || java.util.Arrays.equals(next, best)) break;
			best = next;
		}
		double[] curve = new double[n];
		for (int i = 0; i < n; i++) {
			double r = (i + 0.5) * dr;
			curve[i] = best[0] * Math.pow(r * r + best[3] * best[3], -best[2] / 2) + best[1];
		}
		return new Fit(best[0], best[1], best[2], best[3], rIn, curve);
	}

	/**
	 * One wing shape {p, r0} for several profiles of one series (sums of consecutive frames): the wing's shape is the
	 * beam's and the camera's, the same in every frame, while the halo grows; a frame with little halo shows the wing
	 * over the whole range and fixes the shape that a frame with much halo leaves open. Each profile is fitted alone
	 * first (its wing bins: within two noise units of its curve), then the shape minimising the summed chi-square of the
	 * per-profile least-squares fits (A, C free per profile) over those bins is taken, and the bins renewed, three
	 * rounds. Null when no profile gives a wing.
	 */
	public static double[] sharedShape(double[][] bgs, double[] counts, double dr, double rFrom, double rLo, double rHi,
		double rEnd, double[] darkLevels)
	{
		int g = bgs.length, n = counts.length;
		Fit[] fits = new Fit[g];
		double[][] curves = new double[g][];
		double rIn = Double.POSITIVE_INFINITY;
		for (int k = 0; k < g; k++) {
			fits[k] = fit(bgs[k], counts, dr, rFrom, rLo, rHi, rEnd, Double.NaN, Double.NaN, darkLevels[k]);
			if (fits[k] != null) {
				curves[k] = fits[k].curve;
				rIn = Math.min(rIn, fits[k].from);
			}
		}
		if (!Double.isFinite(rIn)) return null;
		int i0 = Math.max(0, (int) Math.round(rIn / dr - 0.5)), i1 = Math.min(n - 1, (int) Math.floor(rEnd / dr - 0.5));
		double[][] sd = new double[g][];
		double[] cMax = new double[g];
		for (int k = 0; k < g; k++) if (curves[k] != null) {
			sd[k] = noise(bgs[k], counts, i0, i1, darkLevels[k]);
			cMax[k] = Math.max(0, darkLevels[k]);
			for (int i = i0; i <= i1; i++) if (Double.isFinite(bgs[k][i])) cMax[k] = Math.min(cMax[k], bgs[k][i] + 2 * sd[k][i]);
		}
		double[] best = null;
		double[] f = new double[n];
		boolean[][] wingOnly = new boolean[g][n];
		for (int round = 0; round < 3; round++) {
			for (int k = 0; k < g; k++) if (curves[k] != null) for (int i = i0; i <= i1; i++) wingOnly[k][i] = Double
				.isFinite(bgs[k][i]) && bgs[k][i] - curves[k][i] <= 2 * sd[k][i];
			double bestChi = Double.POSITIVE_INFINITY;
			double[] next = null;
			for (double rr0 : R0) for (double pp : grid()) {
				if (rr0 > rIn) continue;
				shape(f, i0, i1, dr, pp, rr0);
				double chi = 0;
				for (int k = 0; k < g && chi < bestChi; k++) if (curves[k] != null) {
					double[] ac = leastSquares(bgs[k], sd[k], f, wingOnly[k], i0, i1, cMax[k]);
					for (int i = i0; i <= i1; i++) if (wingOnly[k][i]) chi += Math.pow((bgs[k][i] - ac[0] * f[i] - ac[1]) / sd[k][i], 2);
				}
				if (chi < bestChi) {
					bestChi = chi;
					next = new double[] { pp, rr0 };
				}
			}
			if (next == null || java.util.Arrays.equals(next, best)) break;
			best = next;
			shape(f, i0, i1, dr, best[0], best[1]);
			for (int k = 0; k < g; k++) if (curves[k] != null) {
				double[] ac = leastSquares(bgs[k], sd[k], f, wingOnly[k], i0, i1, cMax[k]);
				double[] cv = new double[n];
				for (int i = i0; i <= i1; i++) cv[i] = ac[0] * f[i] + ac[1];
				curves[k] = cv;
			}
		}
		return best;
	}

	/**
	 * The wing shapes the profile cannot tell from the fitted one: every (p, r0) of the grid whose least-squares wing on
	 * the fitted wing's bins (the profile within two noise units of it; the halo nowhere below minus three noise units)
	 * has chi^2 within 2.3 s^2 of the best (the one-sigma region of two parameters; s^2 = max(1, chi^2 / dof) so that a
	 * wing of another form than the model widens it, times (1 + rho) / (1 - rho) for the residuals' lag-one correlation
	 * rho: the profile is a smooth fitted curve, its bins not independent). Where the wing is seen only on a short stretch on either side of
	 * the halo, shapes that fit it equally well pass under the halo at different heights.
	 *
	 * @return their curves per bin (the fitted one among them), or an empty list
	 */
	public static java.util.List<double[]> tolerated(Fit fit, double[] bg, double[] counts, double dr, double rLo,
		double rEnd, double darkLevel)
	{
		java.util.List<double[]> out = new java.util.ArrayList<>();
		if (fit == null) return out;
		int n = bg.length;
		int i0 = Math.max(0, (int) Math.ceil(Math.min(fit.from, rLo) / dr - 0.5)), i1 = Math.min(n - 1, (int) Math.floor(rEnd
			/ dr - 0.5));
		i0 = Math.max(i0, (int) Math.round(fit.from / dr - 0.5));
		if (i1 - i0 < 5) return out;
		double[] sd = noise(bg, counts, i0, i1, darkLevel);
		double cMax = Math.max(0, darkLevel);
		for (int i = i0; i <= i1; i++) if (Double.isFinite(bg[i])) cMax = Math.min(cMax, bg[i] + 2 * sd[i]);
		boolean[] wingOnly = new boolean[n];
		int m = 0;
		for (int i = i0; i <= i1; i++) {
			wingOnly[i] = Double.isFinite(bg[i]) && bg[i] - fit.curve[i] <= 2 * sd[i];
			if (wingOnly[i]) m++;
		}
		if (m < 6) return out;
		double[] ps = grid();
		double[][] acs = new double[R0.length * ps.length][];
		double[] chis = new double[acs.length];
		double[] f = new double[n];
		double chiMin = Double.POSITIVE_INFINITY;
		for (int q = 0; q < R0.length; q++) for (int j = 0; j < ps.length; j++) {
			int k = q * ps.length + j;
			chis[k] = Double.NaN;
			if (R0[q] > fit.from) continue;
			shape(f, i0, i1, dr, ps[j], R0[q]);
			double[] ac = leastSquares(bg, sd, f, wingOnly, i0, i1, cMax);
			double chi = wingChi(bg, sd, f, ac, wingOnly, i0, i1);
			if (Double.isNaN(chi)) continue;
			chis[k] = chi;
			acs[k] = ac;
			chiMin = Math.min(chiMin, chi);
		}
		if (!Double.isFinite(chiMin)) return out;
		// the profile here is a smooth fitted curve (and a wing of another form misfits over long stretches): neighbouring
		// bins are not independent; with lag-one correlation rho of the fitted wing's residuals the tolerance is widened
		// by (1 + rho) / (1 - rho)
		double lag = 0, sq = 0, prev = Double.NaN;
		for (int i = i0; i <= i1; i++) {
			if (!wingOnly[i]) {
				prev = Double.NaN;
				continue;
			}
			double res = (bg[i] - fit.curve[i]) / sd[i];
			sq += res * res;
			if (Double.isFinite(prev)) lag += res * prev;
			prev = res;
		}
		double rho = Math.max(0, Math.min(0.95, sq > 0 ? lag / sq : 0));
		double lim = chiMin + 2.3 * Math.max(1, chiMin / (m - 4)) * (1 + rho) / (1 - rho);
		for (int q = 0; q < R0.length; q++) for (int j = 0; j < ps.length; j++) {
			int k = q * ps.length + j;
			if (!(chis[k] <= lim)) continue;
			double[] curve = new double[n];
			for (int i = 0; i < n; i++) {
				double r = (i + 0.5) * dr;
				curve[i] = acs[k][0] * Math.pow(r * r + R0[q] * R0[q], -ps[j] / 2) + acs[k][1];
			}
			out.add(curve);
		}
		return out;
	}

	private static void shape(double[] f, int i0, int i1, double dr, double p, double r0) {
		for (int i = i0; i <= i1; i++) {
			double r = (i + 0.5) * dr;
			f[i] = Math.pow(r * r + r0 * r0, -p / 2);
		}
	}

	/**
	 * One-sigma noise of each bin of the diffuse profile: Poisson on the level above the dark level (the bin is a
	 * 3-bin running mean over about 3 x counts pixels; at least one count; a frame grabber's black level is not
	 * counts), the bin-to-bin scatter about its 5-point running mean (a gain other than 1, read noise), and 0.25 % of
	 * the level above the dark level.
	 */
	static double[] noise(double[] bg, double[] counts, int i0, int i1, double dark) {
		int n = bg.length;
		double[] sd = new double[n];
		java.util.Arrays.fill(sd, Double.POSITIVE_INFINITY);
		for (int i = i0; i <= i1; i++) {
			if (!Double.isFinite(bg[i])) continue;
			double s = 0;
			int m = 0;
			for (int k = Math.max(i0, i - 2); k <= Math.min(i1, i + 2); k++) if (Double.isFinite(bg[k])) {
				s += bg[k];
				m++;
			}
			double px = 3 * Math.max(1, counts[i]);
			double level = Math.max(0, bg[i] - Math.max(0, dark));
			double poisson = Math.sqrt(Math.max(level, 1 / px) / px);
			sd[i] = Math.max(Math.max(poisson, 0.0025 * level), m > 0 ? Math.abs(bg[i] - s / m) : 0);
		}
		return sd;
	}

	/** Weighted least squares of bg = A f + C over the marked bins, A >= 0, 0 <= C <= cMax: {A, C}. */
	static double[] leastSquares(double[] bg, double[] sd, double[] f, boolean[] use, int i0, int i1, double cMax) {
		double sw = 0, sf = 0, sff = 0, sy = 0, sfy = 0;
		for (int i = i0; i <= i1; i++) {
			if (!use[i]) continue;
			double w = 1 / (sd[i] * sd[i]);
			sw += w;
			sf += w * f[i];
			sff += w * f[i] * f[i];
			sy += w * bg[i];
			sfy += w * f[i] * bg[i];
		}
		double det = sw * sff - sf * sf;
		double a = Double.NaN, c = Double.NaN;
		if (cMax > 0 && det > 1e-12 * sw * sff) {
			a = (sw * sfy - sf * sy) / det;
			c = (sff * sy - sf * sfy) / det;
		}
		if (!(c >= 0 && c <= cMax && a >= 0)) {
			// on the boundary: C at 0 or at its ceiling (whichever fits better), A for it
			double bestChi = Double.POSITIVE_INFINITY;
			for (double cc : cMax > 0 ? new double[] { 0, cMax } : new double[] { 0 }) {
				double aa = Math.max(0, sff > 0 ? (sfy - cc * sf) / sff : 0);
				double chi = 0;
				for (int i = i0; i <= i1; i++) if (use[i]) chi += Math.pow((bg[i] - aa * f[i] - cc) / sd[i], 2);
				if (chi < bestChi) {
					bestChi = chi;
					a = aa;
					c = cc;
				}
			}
		}
		return new double[] { a, c };
	}

	static double[] grid() {
		int m = (int) Math.round((P_MAX - P_MIN) / P_STEP) + 1;
		double[] g = new double[m];
		for (int i = 0; i < m; i++) g[i] = P_MIN + i * P_STEP;
		return g;
	}

	/** max A wf + C w1 subject to A f_i + C <= b_i + tol_i, A, C >= 0; {A, C} or null. */
	static double[] solve(double[] b, double[] tol, double[] f, int i0, int i1, double wf, double w1, double dark) {
		double cMax = Math.max(0, dark);
		for (int i = i0; i <= i1; i++) if (Double.isFinite(b[i])) cMax = Math.min(cMax, b[i] + tol[i]);
		if (!(cMax > 0)) return new double[] { aFor(b, tol, f, i0, i1, 0), 0 };
		double lo = 0, hi = cMax;
		for (int it = 0; it < 60; it++) {
			double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
			if (objective(b, tol, f, i0, i1, wf, w1, m1) < objective(b, tol, f, i0, i1, wf, w1, m2)) lo = m1;
			else hi = m2;
		}
		double c = 0.5 * (lo + hi);
		return new double[] { aFor(b, tol, f, i0, i1, c), c };
	}

	private static double objective(double[] b, double[] tol, double[] f, int i0, int i1, double wf, double w1, double c) {
		return aFor(b, tol, f, i0, i1, c) * wf + c * w1;
	}

	private static double aFor(double[] b, double[] tol, double[] f, int i0, int i1, double c) {
		double a = Double.POSITIVE_INFINITY;
		for (int i = i0; i <= i1; i++) if (Double.isFinite(b[i])) a = Math.min(a, (b[i] + tol[i] - c) / f[i]);
		return Math.max(0, a == Double.POSITIVE_INFINITY ? 0 : a);
	}

	/**
	 * The ceiling of a flat level: the 0.5 % quantile of the unmasked pixels with corrected radius in [rLo, rHi], 0 when
	 * it is 0 (counts without offset), plus a grey level (read noise, rounding) otherwise.
	 */
	public static double darkLevel(double[] img, int offset, int w, int h, boolean[] mask, PatternGeometry g, double rLo,
		double rHi)
	{
		int[] hist = null;
		double[] vals = new double[w * h];
		int m = 0;
		for (int y = 0; y < h; y += 2) for (int x = 0; x < w; x += 2) {
			int i = y * w + x;
			if (mask != null && mask[i]) continue;
			double r = g.radius(x, y);
			if (r < rLo || r > rHi || !Double.isFinite(img[offset + i])) continue;
			vals[m++] = img[offset + i];
		}
		if (m == 0 || hist != null) return 0;
		double q = org.interphase.core.Selection.kth(vals, m, m / 200);
		// counts with no offset reach 0; an offset (black level) with read noise and rounding sits a grey level or so
		// under its true value in the darkest pixels
		return q > 0 ? q + Math.max(1, 0.1 * q) : 0;
	}

	/**
	 * {crystalline fraction, statistical sigma, beam-tail fraction}: Bragg / (Bragg + halo) over the bins in
	 * [rLo, rHi], with Bragg = total - diffuse and halo = diffuse - beam (each bin's halo at least 0); the tail
	 * fraction is the beam wing's share of the total.
	 */
	public static double[] fraction(double[] sums, double[] counts, double[] bg, double[] beam, double dr, double rLo,
		double rHi)
	{
		double t = 0, d = 0, bm = 0, var = 0;
		for (int b = 0; b < sums.length; b++) {
			double r = (b + 0.5) * dr;
			if (r < rLo || r > rHi) continue;
			t += sums[b];
			double beamB = Math.min(beam[b], bg[b]);
			d += counts[b] * bg[b];
			bm += counts[b] * beamB;
			var += Math.max(0, sums[b]);
		}
		double bragg = t - d, halo = d - bm;
		double den = bragg + halo;
		if (!(t > 0) || !(den > 0)) return new double[] { Double.NaN, Double.NaN, Double.NaN };
		return new double[] { bragg / den, Math.sqrt(var) / den, bm / t };
	}

	/**
	 * Chi-square of the wing a f + c on the wing-only bins, or NaN when the curve passes more than three noise units
	 * above the profile anywhere else (the halo cannot be negative).
	 */
	private static double wingChi(double[] bg, double[] sd, double[] f, double[] ac, boolean[] wingOnly, int i0, int i1) {
		double chi = 0;
		for (int i = i0; i <= i1; i++) {
			if (!Double.isFinite(bg[i])) continue;
			double res = (bg[i] - ac[0] * f[i] - ac[1]) / sd[i];
			if (wingOnly[i]) chi += res * res;
			else if (res < -3) return Double.NaN;
		}
		return chi;
	}
}
