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
	/** Share of the annulus (from its inner edge) whose beam area is maximised (0.2 and 0.45 did worse on the stress set). */
	static final double INNER = 0.3;

	/** A fitted wing: parameters and the curve per radial bin (mean counts per px). */
	public static final class Fit {
		public final double a, c, p, r0;
		public final double[] curve;

		Fit(double a, double c, double p, double r0, double[] curve) {
			this.a = a;
			this.c = c;
			this.p = p;
			this.r0 = r0;
			this.curve = curve;
		}
	}

	/**
	 * @param bg diffuse background per bin (mean counts per px)
	 * @param counts pixels per bin (the objective's weights)
	 * @param dr bin width (px)
	 * @param rLo, rHi the analysed annulus (the objective)
	 * @param rEnd outermost radius whose bins constrain the curve (the detector corners)
	 * @param p, r0 a fixed shape (NaN = fit the shape)
	 * @param darkLevel largest flat level C (the darkest unmasked pixels: a flat offset cannot exceed them)
	 */
	public static Fit fit(double[] bg, double[] counts, double dr, double rLo, double rHi, double rEnd, double p,
		double r0, double darkLevel)
	{
		int n = bg.length;
		int i0 = Math.max(0, (int) Math.ceil(rLo / dr - 0.5)), i1 = Math.min(n - 1, (int) Math.floor(rEnd / dr - 0.5));
		// the rim of a beam-stop shadow (the profile still rising) is not the wing: start at its top (at most 16 px in)
		int lim = Math.min(i1 - 2, i0 + (int) Math.ceil(16 / dr));
		int top = i0;
		for (int i = i0; i <= lim; i++) if (Double.isFinite(bg[i]) && bg[i] > bg[top]) top = i;
		i0 = top;
		// noise allowance: the bin-to-bin scatter of b about its own 5-point running mean, at least 0.5 % of b
		double[] tol = new double[n];
		for (int i = i0; i <= i1; i++) {
			double s = 0;
			int m = 0;
			for (int k = Math.max(i0, i - 2); k <= Math.min(i1, i + 2); k++) if (Double.isFinite(bg[k])) {
				s += bg[k];
				m++;
			}
			tol[i] = Math.max(0.005 * Math.abs(bg[i]), m > 0 ? 2 * Math.abs(bg[i] - s / m) : 0);
		}
		// the objective: the beam's area over the inner part of the annulus, where the wing is what there is; outwards
		// the curve is an extrapolation bounded by the profile (a max-area curve over the whole annulus ate halo tails)
		double rObj = (i0 + 0.5) * dr + INNER * (rHi - (i0 + 0.5) * dr);
		double[] best = null; // {a, c, p, r0}
		double bestObj = Double.NEGATIVE_INFINITY;
		double[] ps = Double.isFinite(p) ? new double[] { p } : grid();
		double[] r0s = Double.isFinite(r0) ? new double[] { r0 } : R0;
		double[] f = new double[n];
		for (double rr0 : r0s) for (double pp : ps) {
			// a core wider than the first radius seen would be a plateau extrapolated under the halo (seen with beam
			// stops: the wing flattened and took the halo's inner flank)
			if (!Double.isFinite(r0) && rr0 > (i0 + 0.5) * dr) continue;
			double wf = 0, w1 = 0;
			for (int i = i0; i <= i1; i++) {
				double r = (i + 0.5) * dr;
				f[i] = Math.pow(r * r + rr0 * rr0, -pp / 2);
				if (i >= i0 && r <= rObj && counts[i] > 0) {
					wf += counts[i] * f[i];
					w1 += counts[i];
				}
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
		double[] curve = new double[n];
		for (int i = 0; i < n; i++) {
			double r = (i + 0.5) * dr;
			curve[i] = best[0] * Math.pow(r * r + best[3] * best[3], -best[2] / 2) + best[1];
		}
		return new Fit(best[0], best[1], best[2], best[3], curve);
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
}
