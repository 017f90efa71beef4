package org.interphase.core.diffraction;

import java.util.List;

/**
 * The diffuse profile of a spot pattern: the azimuthal mean of the pixels outside discs around the spots. Unlike a
 * robust curve fitted through the azimuthal median, it is unbiased for Poisson counts (the median of a few counts is
 * not the mean) and follows the steep wing of the direct beam exactly (a local fit drops its steep inner part as if
 * it were a peak). Spots too weak to be found stay in it (a small bias towards "diffuse").
 */
public final class SpotDiffuse {
	private final AzimuthalIntegrator integrator;
	private final double[] counts;

	/**
	 * @param spotOffsets spots as {dx, dy, radius} (image px) from the centre of {@code g}
	 */
	public SpotDiffuse(int w, int h, boolean[] mask, PatternGeometry g, int bins, double rMax, List<double[]> spotOffsets) {
		this(w, h, discs(w, h, mask, g, spotOffsets), g, bins, rMax);
	}

	/** With a ready mask (the pattern's mask and everything left out of the diffuse level). */
	public SpotDiffuse(int w, int h, boolean[] fullMask, PatternGeometry g, int bins, double rMax) {
		integrator = new AzimuthalIntegrator(w, h, g, fullMask, bins, rMax);
		counts = integrator.pixelCounts();
	}

	/** The mask with discs {dx, dy, radius} around the spots (px from the centre of g). */
	public static boolean[] discs(int w, int h, boolean[] mask, PatternGeometry g, List<double[]> spotOffsets) {
		boolean[] m = mask == null ? new boolean[w * h] : mask.clone();
		for (double[] s : spotOffsets) {
			double x = g.cx + s[0], y = g.cy + s[1], rad = s[2];
			for (int yy = Math.max(0, (int) Math.floor(y - rad)); yy <= Math.min(h - 1, (int) Math.ceil(y + rad)); yy++)
				for (int xx = Math.max(0, (int) Math.floor(x - rad)); xx <= Math.min(w - 1, (int) Math.ceil(x + rad)); xx++)
					if ((xx - x) * (xx - x) + (yy - y) * (yy - y) <= rad * rad) m[yy * w + xx] = true;
		}
		return m;
	}

	/** Disc radius (px) around a fitted spot. */
	public static double discRadius(Spot s) {
		return Math.max(4, 3.5 * s.width);
	}

	/**
	 * Mean diffuse level per bin of the frame at {@code offset}; bins with too few pixels left are interpolated from
	 * their neighbours ({@code fallback} where none).
	 */
	public double[] profile(double[] stack, int offset, double[] fallback) {
		double[] s = integrator.sums(stack, offset, 1);
		int n = s.length;
		double[] b = new double[n];
		for (int i = 0; i < n; i++) b[i] = counts[i] > 2 ? s[i] / counts[i] : Double.NaN;
		int last = -1;
		for (int i = 0; i < n; i++) {
			if (!Double.isFinite(b[i])) continue;
			if (last >= 0) for (int k = last + 1; k < i; k++) b[k] = b[last] + (b[i] - b[last]) * (k - last) / (double) (i - last);
			last = i;
		}
		for (int i = 0; i < n; i++) if (!Double.isFinite(b[i])) b[i] = fallback != null ? fallback[i] : 0;
		// a 3-bin running mean: the Poisson scatter of the outer bins (few counts per pixel) averaged down
		double[] out = b.clone();
		for (int i = 1; i < n - 1; i++) out[i] = (b[i - 1] + b[i] + b[i + 1]) / 3;
		return out;
	}
}
