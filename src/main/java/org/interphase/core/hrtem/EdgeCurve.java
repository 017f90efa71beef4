package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.List;

/**
 * A smooth curve along an interface, sampled at equal arc length: points (x, y) in pixels and unit normals
 * (nx, ny) pointing away from the substrate. Built from a quadratic fitted in a rotated frame (automatic
 * detection) or from a user's polyline.
 */
public final class EdgeCurve {
	public final double[] x, y, nx, ny, s;

	EdgeCurve(double[] x, double[] y, double[] nx, double[] ny, double[] s) {
		this.x = x;
		this.y = y;
		this.nx = nx;
		this.ny = ny;
		this.s = s;
	}

	public int size() {
		return x.length;
	}

	public double length() {
		return s.length == 0 ? 0 : s[s.length - 1] - s[0];
	}

	/** The part between the fractions a and b of the samples. */
	EdgeCurve middle(double a, double b) {
		int i0 = (int) (a * size()), i1 = Math.max(i0 + 2, (int) (b * size()));
		return new EdgeCurve(java.util.Arrays.copyOfRange(x, i0, i1), java.util.Arrays.copyOfRange(y, i0, i1), java.util.Arrays
			.copyOfRange(nx, i0, i1), java.util.Arrays.copyOfRange(ny, i0, i1), java.util.Arrays.copyOfRange(s, i0, i1));
	}

	/** The same curve with the normals flipped. */
	EdgeCurve flipped() {
		double[] fx = nx.clone(), fy = ny.clone();
		for (int i = 0; i < fx.length; i++) {
			fx[i] = -fx[i];
			fy[i] = -fy[i];
		}
		return new EdgeCurve(x, y, fx, fy, s);
	}

	/**
	 * The curve v = c0 + c1 u + c2 u^2 in the frame with origin (ox, oy), along-axis (ux, uy) and normal axis
	 * (-uy, ux), for u in [u0, u1], sampled every 0.5 px of arc length.
	 */
	static EdgeCurve quadratic(double ox, double oy, double ux, double uy, double[] c, double u0, double u1) {
		List<double[]> pts = new ArrayList<>();
		double vx = -uy, vy = ux;
		double du = 0.25;
		for (double u = u0; u <= u1; u += du) {
			double v = c[0] + c[1] * u + c[2] * u * u;
			double dv = c[1] + 2 * c[2] * u;
			double px = ox + u * ux + v * vx, py = oy + u * uy + v * vy;
			double tx = ux + dv * vx, ty = uy + dv * vy, tn = Math.hypot(tx, ty);
			pts.add(new double[] { px, py, -ty / tn, tx / tn });
		}
		return fromPoints(pts, 0.5);
	}

	/** A polyline "x1,y1,x2,y2,..." resampled every 0.5 px, normals from the smoothed tangent. */
	public static EdgeCurve polyline(double[] xy) {
		if (xy.length < 4 || xy.length % 2 != 0) throw new IllegalArgumentException(
			"a line needs at least two points x1,y1,x2,y2");
		List<double[]> pts = new ArrayList<>();
		double step = 0.25;
		for (int i = 0; i + 3 < xy.length; i += 2) {
			double ax = xy[i], ay = xy[i + 1], bx = xy[i + 2], by = xy[i + 3];
			double len = Math.hypot(bx - ax, by - ay);
			if (len == 0) continue;
			int n = Math.max(1, (int) Math.ceil(len / step));
			for (int k = 0; k < n; k++) {
				double f = k / (double) n;
				pts.add(new double[] { ax + f * (bx - ax), ay + f * (by - ay), 0, 0 });
			}
		}
		pts.add(new double[] { xy[xy.length - 2], xy[xy.length - 1], 0, 0 });
		if (pts.size() < 3) throw new IllegalArgumentException("the line has no length");
		// tangents over +-8 px for smooth normals at the vertices
		int m = pts.size(), r = 32;
		for (int i = 0; i < m; i++) {
			double[] a = pts.get(Math.max(0, i - r)), b = pts.get(Math.min(m - 1, i + r));
			double tx = b[0] - a[0], ty = b[1] - a[1], tn = Math.hypot(tx, ty);
			pts.get(i)[2] = -ty / tn;
			pts.get(i)[3] = tx / tn;
		}
		return fromPoints(pts, 0.5);
	}

	private static EdgeCurve fromPoints(List<double[]> pts, double spacing) {
		// cumulative arc length, then resample at the spacing
		int m = pts.size();
		double[] cum = new double[m];
		for (int i = 1; i < m; i++) cum[i] = cum[i - 1] + Math.hypot(pts.get(i)[0] - pts.get(i - 1)[0], pts.get(i)[1] -
			pts.get(i - 1)[1]);
		int n = Math.max(2, (int) Math.floor(cum[m - 1] / spacing) + 1);
		double[] x = new double[n], y = new double[n], nx = new double[n], ny = new double[n], s = new double[n];
		int j = 0;
		for (int i = 0; i < n; i++) {
			double target = i * spacing;
			while (j < m - 2 && cum[j + 1] < target) j++;
			double seg = cum[j + 1] - cum[j];
			double f = seg > 0 ? Math.max(0, Math.min(1, (target - cum[j]) / seg)) : 0;
			double[] a = pts.get(j), b = pts.get(j + 1);
			x[i] = a[0] + f * (b[0] - a[0]);
			y[i] = a[1] + f * (b[1] - a[1]);
			double ax = a[2] + f * (b[2] - a[2]), ay = a[3] + f * (b[3] - a[3]), an = Math.hypot(ax, ay);
			nx[i] = ax / an;
			ny[i] = ay / an;
			s[i] = target;
		}
		return new EdgeCurve(x, y, nx, ny, s);
	}

	/** Index of the curve sample nearest to arc length s. */
	int indexAt(double arc) {
		int i = (int) Math.round((arc - s[0]) / (s.length > 1 ? s[1] - s[0] : 1));
		return Math.max(0, Math.min(s.length - 1, i));
	}
}
