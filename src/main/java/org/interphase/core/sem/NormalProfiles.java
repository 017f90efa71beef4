package org.interphase.core.sem;

/**
 * Intensity profiles along the surface normals, averaged over a band of the given width across the normal
 * (bilinear interpolation), sampled every pixel from the surface into the pellet. A profile stops at the image
 * area's edge, at the maximum depth, or where it leaves the region of interest.
 */
public final class NormalProfiles {
	private NormalProfiles() {}

	/**
	 * Samples one profile into {@code out} (length = the maximum number of samples) and returns how many samples
	 * are valid.
	 *
	 * @param img row-major image, w wide; rows 0 .. h-1 are usable (the data bar is below)
	 * @param roi polygon (x0, y0, x1, y1, ...) in pixel-index coordinates or null
	 */
	public static int sample(double[] img, int w, int h, double x0, double y0, double nx, double ny, int width,
		double[] roi, float[] out)
	{
		double tx = -ny, ty = nx;
		// across the normal: samples every 2 px over the band (bilinear interpolation averages in between)
		int across = width <= 2 ? width : (width + 1) / 2;
		double stepAcross = width <= 2 ? 1 : (width - 1) / (double) Math.max(1, across - 1);
		double off0 = -(width - 1) / 2.0;
		if (across == 1) off0 = 0;
		int n = 0;
		for (int k = 0; k < out.length; k++) {
			double cx = x0 + k * nx, cy = y0 + k * ny;
			if (cx < 0 || cy < 0 || cx > w - 1 || cy > h - 1) break;
			if (roi != null && (k & 3) == 0 && !inside(roi, cx, cy)) break;
			double ax = cx + off0 * tx, ay = cy + off0 * ty;
			double bx = cx - off0 * tx, by = cy - off0 * ty;
			boolean allIn = ax >= 0 && ay >= 0 && ax <= w - 1 && ay <= h - 1 && bx >= 0 && by >= 0 && bx <= w - 1 &&
				by <= h - 1;
			double s = 0;
			int m = 0;
			for (int j = 0; j < across; j++) {
				double o = off0 + j * stepAcross;
				double px = cx + o * tx, py = cy + o * ty;
				if (!allIn && (px < 0 || py < 0 || px > w - 1 || py > h - 1)) continue;
				s += bilinear(img, w, px, py);
				m++;
			}
			if (m == 0) break;
			out[k] = (float) (s / m);
			n++;
		}
		return n;
	}

	static double bilinear(double[] img, int w, double x, double y) {
		int ix = (int) x, iy = (int) y;
		double fx = x - ix, fy = y - iy;
		int i = iy * w + ix;
		double a = img[i];
		double b = fx > 0 ? img[i + 1] : a;
		double top = a + fx * (b - a);
		if (fy <= 0) return top;
		double c = img[i + w];
		double d = fx > 0 ? img[i + w + 1] : c;
		double bottom = c + fx * (d - c);
		return top + fy * (bottom - top);
	}

	/** Even-odd rule point-in-polygon test; the polygon is (x0, y0, x1, y1, ...). */
	public static boolean inside(double[] poly, double x, double y) {
		boolean in = false;
		int n = poly.length / 2;
		for (int i = 0, j = n - 1; i < n; j = i++) {
			double xi = poly[2 * i], yi = poly[2 * i + 1], xj = poly[2 * j], yj = poly[2 * j + 1];
			if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
		}
		return in;
	}
}
