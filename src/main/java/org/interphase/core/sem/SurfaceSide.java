package org.interphase.core.sem;

import java.util.Locale;

/**
 * Which image edge the outside (vacuum, epoxy, Li) is on, i.e. where the sample surface faces. Every algorithm of
 * this package works in a canonical frame with the outside on top and the pellet below: u runs along the
 * interface, v into the pellet. This enum maps between the two frames.
 */
public enum SurfaceSide {
	TOP, BOTTOM, LEFT, RIGHT;

	/** "auto" (or empty) gives null. */
	public static SurfaceSide parse(String s) {
		if (s == null || s.isBlank() || s.trim().equalsIgnoreCase("auto")) return null;
		try {
			return valueOf(s.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("surface side must be auto, top, bottom, left or right, not '" + s + "'");
		}
	}

	/** Canonical width (along the interface) for an image area of w x h. */
	public int canonicalWidth(int w, int h) {
		return this == TOP || this == BOTTOM ? w : h;
	}

	/** Canonical height (into the pellet) for an image area of w x h. */
	public int canonicalHeight(int w, int h) {
		return this == TOP || this == BOTTOM ? h : w;
	}

	/** Image x of canonical (u, v) in an image area of w x h (pixel-index coordinates). */
	public double imageX(double u, double v, int w, int h) {
		switch (this) {
			case TOP: case BOTTOM: return u;
			case LEFT: return v;
			default: return w - 1 - v;
		}
	}

	/** Image y of canonical (u, v). */
	public double imageY(double u, double v, int w, int h) {
		switch (this) {
			case TOP: return v;
			case BOTTOM: return h - 1 - v;
			default: return u;
		}
	}

	/** Unit vector pointing into the pellet, image coordinates (x, y). */
	public double[] inward() {
		switch (this) {
			case TOP: return new double[] { 0, 1 };
			case BOTTOM: return new double[] { 0, -1 };
			case LEFT: return new double[] { 1, 0 };
			default: return new double[] { -1, 0 };
		}
	}

	/**
	 * The image area (rows 0 .. h-1 of a row-major image of width w) copied into the canonical frame, as floats
	 * (cache-friendly and half the memory of the source).
	 */
	public float[] toCanonical(double[] img, int w, int h) {
		int cw = canonicalWidth(w, h), ch = canonicalHeight(w, h);
		float[] out = new float[cw * ch];
		switch (this) {
			case TOP:
				for (int i = 0; i < w * h; i++) out[i] = (float) img[i];
				break;
			case BOTTOM:
				for (int y = 0; y < h; y++) {
					int src = y * w, dst = (h - 1 - y) * cw;
					for (int x = 0; x < w; x++) out[dst + x] = (float) img[src + x];
				}
				break;
			case LEFT: // u = y, v = x
				for (int y = 0; y < h; y++) {
					int src = y * w;
					for (int x = 0; x < w; x++) out[x * cw + y] = (float) img[src + x];
				}
				break;
			default: // RIGHT: u = y, v = w-1-x
				for (int y = 0; y < h; y++) {
					int src = y * w;
					for (int x = 0; x < w; x++) out[(w - 1 - x) * cw + y] = (float) img[src + x];
				}
		}
		return out;
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
