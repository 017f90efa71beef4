package org.interphase.core.diffraction;

/**
 * Follows a pattern centre from one frame of a series to the next. The Friedel residual of {@link CentreFinder}
 * (mean squared difference between the pattern and its point reflection through the centre, square-rooted and
 * [1 2 1]-smoothed intensities, masked pixels and mirrors left out) is minimised by Gauss-Newton from the previous
 * frame's centre instead of by a grid search: a few passes over a sparse sample of a 2 x 2-binned frame, about a
 * millisecond on 1024 x 1024 px instead of a quarter of a second. It converges from within a couple of px of the
 * true centre (a drift between two frames); a jump beyond that is caught by the caller's check and re-found from
 * scratch. Not thread-safe: one tracker (with its buffers) per thread.
 */
final class CentreTracker {
	private final int w, h, bw, bh, stride;
	private final double[] a, s;
	private final boolean[] bm;
	private final int[] sx, sy;
	private int count;

	CentreTracker(int w, int h) {
		this.w = w;
		this.h = h;
		bw = w / 2;
		bh = h / 2;
		a = new double[bw * bh];
		s = new double[bw * bh];
		bm = new boolean[bw * bh];
		// about 65 000 samples whatever the frame size
		stride = Math.max(1, (int) Math.floor(Math.sqrt(bw * (double) bh / 65536.0)));
		int n = ((bw + stride - 1) / stride) * ((bh + stride - 1) / stride);
		sx = new int[n];
		sy = new int[n];
	}

	/** Mask of the full frame (true = excluded, null = none); a binned pixel is masked if any of its 4 is. */
	void setMask(boolean[] mask) {
		for (int y = 0; y < bh; y++) for (int x = 0; x < bw; x++) {
			int i = 2 * y * w + 2 * x;
			bm[y * bw + x] = mask != null && (mask[i] || mask[i + 1] || mask[i + w] || mask[i + w + 1]);
		}
		count = 0;
		for (int y = 0; y < bh; y += stride) for (int x = 0; x < bw; x += stride) if (!bm[y * bw + x]) {
			sx[count] = x;
			sy[count] = y;
			count++;
		}
	}

	/** Bins the frame starting at {@code offset} 2 x 2, takes the square root and smooths it [1 2 1] x [1 2 1]. */
	void load(double[] img, int offset) {
		for (int y = 0; y < bh; y++) {
			int r = offset + 2 * y * w;
			for (int x = 0; x < bw; x++) {
				int i = r + 2 * x;
				double v = img[i] + img[i + 1] + img[i + w] + img[i + w + 1];
				a[y * bw + x] = v > 0 && v < Double.POSITIVE_INFINITY ? Math.sqrt(v) : 0;
			}
		}
		for (int y = 0; y < bh; y++) {
			int r = y * bw;
			for (int x = 0; x < bw; x++) {
				int i = r + x;
				s[i] = 0.25 * a[x > 0 ? i - 1 : i] + 0.5 * a[i] + 0.25 * a[x < bw - 1 ? i + 1 : i];
			}
		}
		for (int y = 0; y < bh; y++) {
			int r = y * bw;
			for (int x = 0; x < bw; x++) {
				int i = r + x;
				a[i] = 0.25 * s[y > 0 ? i - bw : i] + 0.5 * s[i] + 0.25 * s[y < bh - 1 ? i + bw : i];
			}
		}
		System.arraycopy(a, 0, s, 0, a.length);
	}

	/**
	 * Gauss-Newton from (x0, y0) (full-frame array-index coordinates): {x, y, normalised residual (as
	 * CentreFinder's, 0 = perfectly centrosymmetric), 1 if converged else 0, steps}.
	 */
	double[] track(double x0, double y0) {
		double cx = (x0 - 0.5) / 2, cy = (y0 - 0.5) / 2;
		boolean converged = false;
		double rho = Double.NaN;
		int it;
		for (it = 0; it < 12; it++) {
			double axx = 0, axy = 0, ayy = 0, gbx = 0, gby = 0, e = 0, nn = 0;
			int m = 0;
			double tx = 2 * cx, ty = 2 * cy;
			for (int j = 0; j < count; j++) {
				int x = sx[j], y = sy[j];
				double mx = tx - x, my = ty - y;
				int ix = (int) Math.floor(mx), iy = (int) Math.floor(my);
				if (ix < 0 || iy < 0 || ix + 1 >= bw || iy + 1 >= bh) continue;
				int k = iy * bw + ix;
				if (bm[k] || bm[k + 1] || bm[k + bw] || bm[k + bw + 1]) continue;
				double fx = mx - ix, fy = my - iy;
				double s00 = s[k], s01 = s[k + 1], s10 = s[k + bw], s11 = s[k + bw + 1];
				double top = s00 + fx * (s01 - s00), bot = s10 + fx * (s11 - s10);
				double v = top + fy * (bot - top);
				double gx = (1 - fy) * (s01 - s00) + fy * (s11 - s10), gy = bot - top;
				double si = s[y * bw + x];
				double r = si - v;
				// d r / d c = -2 grad s(mirror)
				double jx = -2 * gx, jy = -2 * gy;
				axx += jx * jx;
				axy += jx * jy;
				ayy += jy * jy;
				gbx += jx * r;
				gby += jy * r;
				e += r * r;
				nn += si * si;
				m++;
			}
			if (m < 100) return null;
			rho = e / Math.max(1e-300, 2 * nn);
			double det = axx * ayy - axy * axy;
			if (!(det > 0)) return null;
			double dx = -(ayy * gbx - axy * gby) / det, dy = -(axx * gby - axy * gbx) / det;
			double len = Math.hypot(dx, dy);
			if (!(len < Double.POSITIVE_INFINITY)) return null;
			// the bilinear mirror has a piecewise-constant gradient: late steps are halved so that a step that
			// overshoots across a pixel edge does not cycle
			double damp = it < 4 ? 1 : 0.5;
			if (len > 1) damp /= len;
			cx += damp * dx;
			cy += damp * dy;
			if (len < 0.005 || it >= 4 && len < 0.02) {
				converged = true;
				break;
			}
		}
		return new double[] { 2 * cx + 0.5, 2 * cy + 0.5, rho, converged ? 1 : 0, it };
	}
}
