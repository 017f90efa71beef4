package org.interphase.core.sem;

import java.util.Arrays;

/**
 * Finds the sample surface: the first strong rise of brightness coming from the outside (vacuum, epoxy, Li are
 * darker than the pellet in BSE). Works in the canonical frame of a {@link SurfaceSide}: columns are averaged in
 * bins along the interface, smoothed along the normal, and in each bin the first derivative peak above half the
 * bin's strongest one is the surface (so a deeper, weaker reaction front is never taken for it). A bright coating
 * on the surface (brighter than the bulk) is stepped over to its inner edge. Bins whose edge is not significant
 * against the noise are dropped; outliers (a crack or pore at the surface) are rejected against a running median
 * and the gaps bridged.
 */
public final class SurfaceFinder {
	private SurfaceFinder() {}

	/** Bin width along the interface, px. */
	static final int BIN = 4;

	/**
	 * The outside side guessed from the image: the edge strip that is darkest. Returns the sides ordered from
	 * most to least likely.
	 */
	public static SurfaceSide[] guessSides(double[] img, int w, int h) {
		int sy = Math.max(2, h / 25), sx = Math.max(2, w / 25);
		double[] m = new double[4];
		m[0] = mean(img, w, 0, w, 0, sy);
		m[1] = mean(img, w, 0, w, h - sy, h);
		m[2] = mean(img, w, 0, sx, 0, h);
		m[3] = mean(img, w, w - sx, w, 0, h);
		Integer[] idx = { 0, 1, 2, 3 };
		Arrays.sort(idx, (a, b) -> Double.compare(m[a], m[b]));
		SurfaceSide[] out = new SurfaceSide[4];
		for (int i = 0; i < 4; i++) out[i] = SurfaceSide.values()[idx[i]];
		return out;
	}

	private static double mean(double[] img, int w, int x0, int x1, int y0, int y1) {
		double s = 0;
		long n = 0;
		for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) {
			s += img[y * w + x];
			n++;
		}
		return n == 0 ? 0 : s / n;
	}

	/**
	 * The surface for the given side in the image area w x h (rows below h, the data bar, are not looked at), or
	 * null when fewer than a fifth of the bins show a significant edge.
	 *
	 * @param smoothing length along the interface over which the surface is smoothed for the normals, px
	 */
	public static Surface find(double[] img, int w, int h, SurfaceSide side, double smoothing) {
		// noisy images: widen the bins until most of them show the edge
		Surface best = null;
		for (int bin = BIN; bin <= 4 * BIN; bin *= 2) {
			Surface s = find(img, w, h, side, smoothing, bin);
			if (s != null) {
				best = s;
				if (s.foundFraction >= 0.6) return s;
			}
		}
		return best;
	}

	static Surface find(double[] img, int w, int h, SurfaceSide side, double smoothing, final int BIN) {
		int cw = side.canonicalWidth(w, h), ch = side.canonicalHeight(w, h);
		if (cw < 2 * BIN || ch < 8) return null;
		int nb = cw / BIN;
		float[] prof = binProfiles(img, w, h, side, BIN, nb);
		// smooth along v (3-point mean) and central derivative
		float[] grad = new float[nb * ch];
		float[] sm = new float[nb * ch];
		for (int b = 0; b < nb; b++) {
			int o = b * ch;
			for (int v = 0; v < ch; v++) {
				int a = Math.max(0, v - 1), c = Math.min(ch - 1, v + 1);
				sm[o + v] = (prof[o + a] + prof[o + v] + prof[o + c]) / 3f;
			}
			for (int v = 1; v < ch - 1; v++) grad[o + v] = (sm[o + v + 1] - sm[o + v - 1]) * 0.5f;
		}
		BinEdges e = binEdges(sm, grad, nb, ch, derivativeNoise(grad));
		if (e.found < Math.max(2, nb / 5)) return null;
		dropInnerEdges(e);
		rejectOutliers(e.pos);
		return surfaceFromBins(e, w, h, side, smoothing, BIN, nb, cw);
	}

	/** Noise of the derivative: MAD over a subsample. */
	private static double derivativeNoise(float[] grad) {
		int step = Math.max(1, grad.length / 20000);
		float[] sample = new float[grad.length / step];
		for (int i = 0; i < sample.length; i++) sample[i] = Math.abs(grad[i * step]);
		Arrays.sort(sample);
		return Math.max(1e-12, 1.4826 * sample[sample.length / 2]);
	}

	/** Per bin: the edge position (NaN = none), the outside level before it and the level after it. */
	private static final class BinEdges {
		double[] pos, pre, post;
		int found;
	}

	/** The first strong rising edge of every bin (6 noise sigma), at sub-pixel position, stepped over a coating. */
	private static BinEdges binEdges(float[] sm, float[] grad, int nb, int ch, double noise) {
		BinEdges e = new BinEdges();
		double[] pos = e.pos = new double[nb], pre = e.pre = new double[nb], post = e.post = new double[nb];
		int found = 0;
		for (int b = 0; b < nb; b++) {
			int o = b * ch;
			double gmax = 0;
			for (int v = 1; v < ch - 1; v++) if (grad[o + v] > gmax) gmax = grad[o + v];
			pos[b] = Double.NaN;
			if (gmax < 6 * noise) continue;
			int v = 1;
			for (int tries = 0; tries < 4; tries++) {
				while (v < ch - 1 && grad[o + v] < 0.5 * gmax) v++;
				while (v < ch - 2 && grad[o + v + 1] >= grad[o + v]) v++;
				// a bright line in the outside (a charging streak along a scan line, debris) falls back to the outside
				// level right after its edge: not the pellet; look for the next edge
				if (v >= ch - 20 || !fallsBack(sm, o, ch, v)) break;
				v += 6;
			}
			double p = v + parabola(grad[o + v - 1], grad[o + v], v + 1 < ch ? grad[o + v + 1] : grad[o + v]);
			if (v < 3) continue; // the outside is not visible above this edge
			double a = 0;
			int na = 0;
			for (int k = Math.max(0, v - 10); k <= v - 3; k++) {
				a += sm[o + k];
				na++;
			}
			pre[b] = a / na;
			post[b] = sm[o + Math.min(ch - 1, v + 3)];
			p = stepOverCoating(sm, o, ch, v, gmax, p);
			pos[b] = p;
			found++;
		}
		e.found = found;
		return e;
	}

	/**
	 * An edge whose dark side is far brighter than the outside elsewhere is an inner edge (the surface has left
	 * the image there): drop it.
	 */
	private static void dropInnerEdges(BinEdges e) {
		int found = e.found, nb = e.pos.length;
		double[] pos = e.pos, pre = e.pre;
		double[] pr = new double[found], po = new double[found];
		int q = 0;
		for (int b = 0; b < nb; b++) if (!Double.isNaN(pos[b])) {
			pr[q] = pre[b];
			po[q++] = e.post[b];
		}
		Arrays.sort(pr);
		Arrays.sort(po);
		double outsideLevel = pr[found / 2], insideLevel = po[found / 2];
		for (int b = 0; b < nb; b++) if (!Double.isNaN(pos[b]) && pre[b] > outsideLevel + 0.5 * (insideLevel -
			outsideLevel)) pos[b] = Double.NaN;
	}

	/**
	 * The surface through the bin edges: bins that are NaN at the ends dropped, interior gaps interpolated, in
	 * image coordinates, lightly smoothed (3 bins) and smoothed over the smoothing length.
	 */
	private static Surface surfaceFromBins(BinEdges e, int w, int h, SurfaceSide side, double smoothing, int BIN,
		int nb, int cw)
	{
		double[] pos = e.pos;
		int first = 0, last = nb - 1;
		while (first < nb && Double.isNaN(pos[first])) first++;
		while (last >= 0 && Double.isNaN(pos[last])) last--;
		if (last - first < 1) return null;
		int n = last - first + 1;
		double[] u = new double[n], v = new double[n];
		for (int i = 0; i < n; i++) {
			int b = first + i;
			int u0 = b * BIN, u1 = b == nb - 1 ? cw : u0 + BIN;
			u[i] = (u0 + u1 - 1) / 2.0;
			v[i] = pos[b];
		}
		interpolateGaps(v);
		int half = Math.max(1, (int) Math.round(smoothing / BIN / 2));
		double[] vs = Surface.smooth(v, half);
		// light smoothing of the measured surface itself (3 bins) keeps roughness but not bin noise
		double[] vr = Surface.smooth(v, 1);
		double[] x = new double[n], y = new double[n], sx = new double[n], sy = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = side.imageX(u[i], vr[i], w, h);
			y[i] = side.imageY(u[i], vr[i], w, h);
			sx[i] = side.imageX(u[i], vs[i], w, h);
			sy[i] = side.imageY(u[i], vs[i], w, h);
		}
		double[] in = side.inward();
		Surface out = new Surface(x, y, sx, sy, in[0], in[1], side);
		out.foundFraction = e.found / (double) nb;
		return out;
	}

	/** Bin means in the canonical frame, prof[b * ch + v], read straight from the image (no rotated copy). */
	static float[] binProfiles(double[] img, int w, int h, SurfaceSide side, int bin, int nb) {
		int cw = side.canonicalWidth(w, h), ch = side.canonicalHeight(w, h);
		float[] prof = new float[nb * ch];
		int[] count = new int[nb];
		for (int u = 0; u < cw; u++) count[Math.min(nb - 1, u / bin)]++;
		if (side == SurfaceSide.TOP || side == SurfaceSide.BOTTOM) {
			for (int y = 0; y < h; y++) {
				int v = side == SurfaceSide.TOP ? y : h - 1 - y;
				int row = y * w;
				for (int b = 0; b < nb; b++) {
					int u0 = b * bin, u1 = b == nb - 1 ? cw : u0 + bin;
					double s = 0;
					for (int u = u0; u < u1; u++) s += img[row + u];
					prof[b * ch + v] = (float) (s / count[b]);
				}
			}
		}
		else {
			double[] acc = new double[ch];
			for (int b = 0; b < nb; b++) {
				java.util.Arrays.fill(acc, 0);
				int u0 = b * bin, u1 = b == nb - 1 ? cw : u0 + bin;
				for (int y = u0; y < u1; y++) {
					int row = y * w;
					if (side == SurfaceSide.LEFT) for (int x = 0; x < w; x++) acc[x] += img[row + x];
					else for (int x = 0; x < w; x++) acc[w - 1 - x] += img[row + x];
				}
				for (int v = 0; v < ch; v++) prof[b * ch + v] = (float) (acc[v] / count[b]);
			}
		}
		return prof;
	}

	/** After the rising edge at v the profile falls back to (near) the level before it within a few px. */
	static boolean fallsBack(float[] sm, int o, int ch, int v) {
		double pre = 0;
		int np = 0;
		for (int k = Math.max(0, v - 10); k <= v - 3; k++) {
			pre += sm[o + k];
			np++;
		}
		if (np == 0) return false;
		pre /= np;
		double peak = -Double.MAX_VALUE;
		for (int k = v; k <= Math.min(ch - 1, v + 6); k++) peak = Math.max(peak, sm[o + k]);
		int a0 = Math.min(ch - 1, v + 6), a1 = Math.min(ch, v + 20);
		if (a1 - a0 < 5) return false;
		float[] after = java.util.Arrays.copyOfRange(sm, o + a0, o + a1);
		java.util.Arrays.sort(after);
		double post = after[after.length / 2];
		return post - pre < 0.25 * (peak - pre);
	}

	/**
	 * A bright coating: right after the rising edge the intensity overshoots the deep (bulk) level and then falls
	 * steeply within a short distance. The pellet surface is then the falling edge.
	 */
	private static double stepOverCoating(float[] sm, int o, int ch, int v, double gmax, double p) {
		double outside = sm[o + Math.max(0, v - 4)];
		int lim = Math.min(ch - 3, v + 40);
		if (lim <= v + 4) return p;
		double peak = -Double.MAX_VALUE;
		int pv = v;
		for (int k = v; k <= Math.min(lim, v + 6); k++) if (sm[o + k] > peak) {
			peak = sm[o + k];
			pv = k;
		}
		// falling edge: steepest descent after the peak
		double best = 0;
		int bv = -1;
		for (int k = pv + 1; k < lim; k++) {
			double g = (sm[o + k + 1] - sm[o + k - 1]) * 0.5;
			if (g < best) {
				best = g;
				bv = k;
			}
		}
		if (bv < 0 || -best < 0.3 * gmax) return p;
		// the level after the drop must stay low (a layer or bulk below a coating, not a small pore)
		int a0 = Math.min(ch - 1, bv + 4), a1 = Math.min(ch, bv + 16);
		if (a1 - a0 < 3) return p;
		float[] after = java.util.Arrays.copyOfRange(sm, o + a0, o + a1);
		java.util.Arrays.sort(after);
		double level = after[after.length / 2];
		if (peak - level < 0.25 * (peak - outside)) return p;
		// ... and a darker layer must follow (the profile rises again deeper in): a bright band directly followed by
		// the bulk level is a layer brighter than the bulk, measured from the outer edge
		// (a step up of at least 8 % of its upper level deeper in, not a drift of the bulk level along the profile)
		int d0 = Math.min(ch - 1, bv + 4);
		if (ch - d0 < 16) return p;
		double[] up = ReactionFront.split(sm, o + ch, o + d0, 1, 0.08);
		if (!(up[0] >= 6)) return p;
		double gm = (sm[o + bv] - sm[o + bv - 2]) * 0.5, g0 = best, gp = (sm[o + bv + 2] - sm[o + bv]) * 0.5;
		return bv + parabola(-gm, -g0, -gp);
	}

	/** Sub-pixel offset of the maximum of three samples (-0.5 .. 0.5). */
	static double parabola(double a, double b, double c) {
		double den = a - 2 * b + c;
		if (den >= 0) return 0;
		double d = 0.5 * (a - c) / den;
		return Math.max(-0.5, Math.min(0.5, d));
	}

	/** Sets to NaN the positions that deviate from a running median of 15 bins by more than 4 robust sd (min 3 px). */
	static void rejectOutliers(double[] pos) {
		int n = pos.length, half = 7;
		double[] med = new double[n];
		double[] buf = new double[2 * half + 1];
		for (int i = 0; i < n; i++) {
			int k = 0;
			for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) if (!Double.isNaN(pos[j])) buf[k++] =
				pos[j];
			if (k == 0) {
				med[i] = Double.NaN;
				continue;
			}
			Arrays.sort(buf, 0, k);
			med[i] = k % 2 == 1 ? buf[k / 2] : 0.5 * (buf[k / 2 - 1] + buf[k / 2]);
		}
		double[] res = new double[n];
		int m = 0;
		for (int i = 0; i < n; i++) if (!Double.isNaN(pos[i]) && !Double.isNaN(med[i])) res[m++] = Math.abs(pos[i] -
			med[i]);
		if (m == 0) return;
		Arrays.sort(res, 0, m);
		double tol = Math.max(3, 4 * 1.4826 * res[m / 2]);
		for (int i = 0; i < n; i++) if (!Double.isNaN(pos[i]) && Math.abs(pos[i] - med[i]) > tol) pos[i] = Double.NaN;
	}

	static void interpolateGaps(double[] v) {
		int n = v.length;
		int i = 0;
		while (i < n) {
			if (!Double.isNaN(v[i])) {
				i++;
				continue;
			}
			int a = i - 1, b = i;
			while (b < n && Double.isNaN(v[b])) b++;
			for (int k = i; k < b; k++) {
				if (a < 0) v[k] = v[b];
				else if (b >= n) v[k] = v[a];
				else v[k] = v[a] + (v[b] - v[a]) * (k - a) / (double) (b - a);
			}
			i = b;
		}
	}
}
