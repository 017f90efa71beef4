package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures elliptical distortion from one ring (a Debye-Scherrer ring or the amorphous halo): the ring's radius
 * is located in angular sectors (median over each sector's pixels per radial bin, so isolated spots do not pull
 * it), and a centred ellipse A dx^2 + B dx dy + C dy^2 = 1 is fitted to the points by linear least squares with
 * one pass of outlier rejection. Ellipticity = 1 - b/a.
 */
public final class EllipseFit {
	private EllipseFit() {}

	public static final class Result {
		public final double a, b, angle, ellipticity, sigmaEllipticity;
		public final int points;
		public final double[] px, py;

		Result(double a, double b, double angle, double sigmaE, double[] px, double[] py) {
			this.a = a;
			this.b = b;
			this.angle = angle;
			this.ellipticity = 1 - b / a;
			this.sigmaEllipticity = sigmaE;
			this.points = px.length;
			this.px = px;
			this.py = py;
		}
	}

	/**
	 * Traces the ring near radius r0 (px, about the centre cx, cy, uncorrected) within +-halfWidth in the given
	 * number of sectors, then fits the ellipse; null when fewer than 8 sectors give a point.
	 */
	public static Result trace(double[] img, int w, int h, boolean[] mask, double cx, double cy, double r0,
		double halfWidth, int sectors)
	{
		double rLo = Math.max(1, r0 - halfWidth), rHi = r0 + halfWidth;
		double step = 0.5;
		int nb = (int) Math.ceil((rHi - rLo) / step) + 1;
		int x0 = (int) Math.max(0, Math.floor(cx - rHi)), x1 = (int) Math.min(w - 1, Math.ceil(cx + rHi));
		int y0 = (int) Math.max(0, Math.floor(cy - rHi)), y1 = (int) Math.min(h - 1, Math.ceil(cy + rHi));
		// the annulus' pixels in pixel order: their cell (sector, radius bin) and value; each row is walked only over
		// the two runs of x that can lie in the annulus (a 1 px margin; the test on r below decides), not the whole box
		int cap = 1024, np = 0;
		int[] cellOf = new int[cap];
		double[] val = new double[cap];
		for (int y = y0; y <= y1; y++) {
			double dy = y - cy, out2 = rHi * rHi - dy * dy;
			if (out2 < 0) continue;
			double in2 = rLo * rLo - dy * dy;
			int xo = (int) Math.ceil(Math.sqrt(out2)) + 1, xi = in2 > 0 ? (int) Math.floor(Math.sqrt(in2)) - 1 : -1;
			int la = Math.max(x0, (int) Math.floor(cx) - xo), lb = Math.min(x1, xi >= 0 ? (int) Math.ceil(cx) - xi : (int) Math.ceil(cx) + xo);
			int ra = xi >= 0 ? Math.max(Math.max(x0, (int) Math.floor(cx) + xi), lb + 1) : x1 + 1, rb = Math.min(x1, (int) Math
				.ceil(cx) + xo);
			for (int run = 0; run < 2; run++) for (int x = run == 0 ? la : ra, xe = run == 0 ? lb : rb; x <= xe; x++) {
				int i = y * w + x;
				if (mask != null && mask[i]) continue;
				double dx = x - cx, r = Math.sqrt(dx * dx + dy * dy);
				if (r < rLo || r >= rHi) continue;
				double th = Math.atan2(dy, dx);
				int s = (int) Math.floor((th + Math.PI) / (2 * Math.PI) * sectors);
				if (s >= sectors) s = sectors - 1;
				int b = (int) ((r - rLo) / step);
				if (np == cap) {
					cap *= 2;
					cellOf = java.util.Arrays.copyOf(cellOf, cap);
					val = java.util.Arrays.copyOf(val, cap);
				}
				cellOf[np] = s * nb + b;
				val[np++] = img[i];
			}
		}
		// values grouped by cell, in pixel order within each (a stable counting sort)
		int[] start = new int[sectors * nb + 1];
		for (int k = 0; k < np; k++) start[cellOf[k] + 1]++;
		for (int c = 0; c < sectors * nb; c++) start[c + 1] += start[c];
		double[] byCell = new double[np];
		int[] fill = java.util.Arrays.copyOf(start, sectors * nb);
		for (int k = 0; k < np; k++) byCell[fill[cellOf[k]]++] = val[k];
		double[] v = new double[64];
		List<double[]> pts = new ArrayList<>();
		for (int s = 0; s < sectors; s++) {
			double[] p = new double[nb];
			int valid = 0;
			for (int b = 0; b < nb; b++) {
				int c0 = start[s * nb + b], cn = start[s * nb + b + 1] - c0;
				if (cn < 2) {
					p[b] = Double.NaN;
					continue;
				}
				if (v.length < cn) v = new double[cn];
				System.arraycopy(byCell, c0, v, 0, cn);
				p[b] = org.interphase.core.Selection.kth(v, cn, cn / 2);
				valid++;
			}
			if (valid < nb * 0.8) continue;
			// fill gaps, smooth
			for (int b = 0; b < nb; b++) if (Double.isNaN(p[b])) p[b] = b > 0 ? p[b - 1] : 0;
			double[] q = new double[nb];
			for (int b = 0; b < nb; b++) q[b] = (p[Math.max(0, b - 1)] + 2 * p[b] + p[Math.min(nb - 1, b + 1)]) / 4;
			int im = 0;
			double mn = Double.MAX_VALUE;
			for (int b = 0; b < nb; b++) {
				if (q[b] > q[im]) im = b;
				mn = Math.min(mn, q[b]);
			}
			if (im == 0 || im == nb - 1) continue;
			double half = mn + 0.5 * (q[im] - mn);
			int lo = im, hi = im;
			while (lo > 0 && q[lo - 1] > half) lo--;
			while (hi < nb - 1 && q[hi + 1] > half) hi++;
			double sw = 0, sr = 0;
			for (int b = lo; b <= hi; b++) {
				double wt = q[b] - half;
				sw += wt;
				sr += wt * (rLo + (b + 0.5) * step);
			}
			if (sw <= 0) continue;
			double r = sr / sw;
			double th = -Math.PI + (s + 0.5) * 2 * Math.PI / sectors;
			pts.add(new double[] { r * Math.cos(th), r * Math.sin(th) });
		}
		if (pts.size() < 8) return null;
		Result r = fit(pts);
		if (r == null) return null;
		// reject outliers (> 3 MAD in radius) and refit
		double[] res = new double[pts.size()];
		for (int k = 0; k < res.length; k++) res[k] = Math.abs(radialResidual(r, pts.get(k)));
		double mad = Math.max(1e-6, org.interphase.core.Selection.kth(res.clone(), res.length, res.length / 2));
		List<double[]> keep = new ArrayList<>();
		for (int k = 0; k < res.length; k++) if (res[k] <= 4 * mad / 0.6745 * 0.6745 + 3 * mad) keep.add(pts.get(k));
		if (keep.size() >= 8 && keep.size() < pts.size()) {
			Result r2 = fit(keep);
			if (r2 != null) r = r2;
		}
		return r;
	}

	private static double radialResidual(Result e, double[] p) {
		double c = Math.cos(e.angle), s = Math.sin(e.angle);
		double u = p[0] * c + p[1] * s, v = -p[0] * s + p[1] * c;
		double th = Math.atan2(v, u);
		double rr = 1 / Math.sqrt(Math.pow(Math.cos(th) / e.a, 2) + Math.pow(Math.sin(th) / e.b, 2));
		return Math.hypot(u, v) - rr;
	}

	/** Centred ellipse through points (dx, dy). */
	public static Result fit(List<double[]> pts) {
		int n = pts.size();
		double[][] ata = new double[3][3];
		double[] atb = new double[3];
		for (double[] p : pts) {
			double[] row = { p[0] * p[0], p[0] * p[1], p[1] * p[1] };
			for (int i = 0; i < 3; i++) {
				atb[i] += row[i];
				for (int j = 0; j < 3; j++) ata[i][j] += row[i] * row[j];
			}
		}
		double[] sol;
		try {
			sol = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(
				ata)).getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(atb)).toArray();
		}
		catch (RuntimeException e) {
			return null;
		}
		double A = sol[0], B = sol[1] / 2, C = sol[2];
		double tr = A + C, det = A * C - B * B;
		if (!(det > 0 && tr > 0)) return null;
		double disc = Math.sqrt(Math.max(0, tr * tr / 4 - det));
		double l1 = tr / 2 - disc, l2 = tr / 2 + disc; // l1 smallest -> major axis
		double a = 1 / Math.sqrt(l1), b = 1 / Math.sqrt(l2);
		double ang = 0.5 * Math.atan2(2 * B, A - C) + Math.PI / 2;
		// direction of the major axis: eigenvector of l1
		double ex = B, ey = l1 - A;
		if (Math.abs(ex) + Math.abs(ey) < 1e-15) {
			ex = l1 - C;
			ey = B;
		}
		if (Math.abs(ex) + Math.abs(ey) > 1e-15) ang = Math.atan2(ey, ex);
		double[] px = new double[n], py = new double[n];
		for (int k = 0; k < n; k++) {
			px[k] = pts.get(k)[0];
			py[k] = pts.get(k)[1];
		}
		Result r0 = new Result(a, b, ang, 0, px, py);
		// uncertainty: radial scatter / r times sqrt(2 / n) (the cos(2 theta) amplitude of the residual)
		double ss = 0;
		for (double[] p : pts) ss += Math.pow(radialResidual(r0, p), 2);
		double rms = Math.sqrt(ss / Math.max(1, n - 3));
		double sigmaE = 2 * rms / Math.sqrt(a * b) * Math.sqrt(2.0 / n);
		return new Result(a, b, ang, sigmaE, px, py);
	}
}
