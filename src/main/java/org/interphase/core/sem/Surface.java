package org.interphase.core.sem;

/**
 * The sample surface as a polyline in image pixel-index coordinates (the centre of pixel (i, j) is (j, i)),
 * together with a smoothed copy of the same vertices that gives the normals, and the direction into the pellet.
 * Vertices are ordered along the interface; both polylines have the same number of vertices.
 */
public final class Surface {
	public final double[] x, y;
	public final double[] sx, sy;
	/** A vector pointing into the pellet, used to orient the normals. */
	public final double inX, inY;
	/** Side of the outside, or null for a user-given line. */
	public final SurfaceSide side;
	/** Share of the bins along the interface where the finder saw the edge (1 for a user line). */
	double foundFraction = 1;

	public Surface(double[] x, double[] y, double[] sx, double[] sy, double inX, double inY, SurfaceSide side) {
		if (x.length < 2) throw new IllegalArgumentException("a surface needs at least two points");
		this.x = x;
		this.y = y;
		this.sx = sx;
		this.sy = sy;
		this.inX = inX;
		this.inY = inY;
		this.side = side;
	}

	/** A polyline surface (e.g. drawn by the user), resampled to about {@code step} px and smoothed over
	 * {@code smoothing} px for the normals. */
	public static Surface fromPolyline(double[] px, double[] py, double step, double smoothing, double inX,
		double inY)
	{
		double len = 0;
		for (int i = 1; i < px.length; i++) len += Math.hypot(px[i] - px[i - 1], py[i] - py[i - 1]);
		int n = Math.max(2, (int) Math.round(len / step) + 1);
		double[] x = new double[n], y = new double[n];
		int seg = 0;
		double segStart = 0;
		for (int k = 0; k < n; k++) {
			double s = len * k / (n - 1);
			while (seg < px.length - 2 && segStart + Math.hypot(px[seg + 1] - px[seg], py[seg + 1] - py[seg]) < s) {
				segStart += Math.hypot(px[seg + 1] - px[seg], py[seg + 1] - py[seg]);
				seg++;
			}
			double sl = Math.hypot(px[seg + 1] - px[seg], py[seg + 1] - py[seg]);
			double f = sl > 0 ? Math.max(0, Math.min(1, (s - segStart) / sl)) : 0;
			x[k] = px[seg] + f * (px[seg + 1] - px[seg]);
			y[k] = py[seg] + f * (py[seg + 1] - py[seg]);
		}
		int half = Math.max(0, (int) Math.round(smoothing / step / 2));
		return new Surface(x, y, smooth(x, half), smooth(y, half), inX, inY, null);
	}

	/** Running mean over 2*half+1 vertices, shrinking at the ends (endpoints stay put for straight lines). */
	static double[] smooth(double[] v, int half) {
		int n = v.length;
		double[] out = new double[n];
		for (int i = 0; i < n; i++) {
			int h = Math.min(half, Math.min(i, n - 1 - i));
			double s = 0;
			for (int j = i - h; j <= i + h; j++) s += v[j];
			out[i] = s / (2 * h + 1);
		}
		return out;
	}

	/** Length of the (unsmoothed) polyline, px. */
	public double length() {
		double l = 0;
		for (int i = 1; i < x.length; i++) l += Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
		return l;
	}

	/**
	 * Profile stations: n points evenly spaced along the polyline, each with its unit normal into the pellet
	 * (from the smoothed polyline). Returns {x[], y[], nx[], ny[], arc[]}.
	 */
	public double[][] stations(int n) {
		int m = x.length;
		double[] cum = new double[m];
		for (int i = 1; i < m; i++) cum[i] = cum[i - 1] + Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
		double total = cum[m - 1];
		double[][] out = new double[5][n];
		int seg = 0;
		for (int k = 0; k < n; k++) {
			double s = total * (k + 0.5) / n;
			while (seg < m - 2 && cum[seg + 1] < s) seg++;
			double sl = cum[seg + 1] - cum[seg];
			double f = sl > 0 ? (s - cum[seg]) / sl : 0;
			out[0][k] = x[seg] + f * (x[seg + 1] - x[seg]);
			out[1][k] = y[seg] + f * (y[seg + 1] - y[seg]);
			// tangent of the smoothed polyline around this parameter
			double fi = seg + f;
			int a = Math.max(0, (int) Math.floor(fi) - 1), b = Math.min(m - 1, (int) Math.floor(fi) + 2);
			double tx = sx[b] - sx[a], ty = sy[b] - sy[a];
			double tl = Math.hypot(tx, ty);
			if (tl == 0) {
				tx = x[Math.min(m - 1, seg + 1)] - x[seg];
				ty = y[Math.min(m - 1, seg + 1)] - y[seg];
				tl = Math.hypot(tx, ty);
			}
			double nx = -ty / tl, ny = tx / tl;
			if (nx * inX + ny * inY < 0) {
				nx = -nx;
				ny = -ny;
			}
			out[2][k] = nx;
			out[3][k] = ny;
			out[4][k] = s;
		}
		return out;
	}
}
