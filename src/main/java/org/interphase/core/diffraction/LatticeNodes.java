package org.interphase.core.diffraction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.diffraction.crystal.Phase;

/**
 * The image measured at every node of a zone's reciprocal lattice, not only where the spot search found a spot: a
 * candidate zone laid on the pattern predicts where each reflection hkl of the zone falls, including the
 * kinematically weak and the systematically absent ones (|F| = 0). The net intensity at each node (a box the size of
 * the spots minus the median of a ring around it, with the ring's noise) is compared with the zone's |F|^2 over all
 * nodes in the range of the observed spots. Zones that put the same reflections of the same lattice on the same spots
 * (LATP's pseudo-cubic cell: [2 -2 -1] and [-2 2 5] explain the same ten spots) differ in which of the nodes between and
 * beyond the spots should be bright or dark: spots too weak for the search, or absent, decide between them.
 * <p>
 * Friedel mates are one observation: |F(g)| = |F(-g)|, while a crystal tilted off the exact zone brings one of them
 * nearer its Bragg condition than the other (stress set: Friedel mates 200x apart at a 0.26 deg tilt); the brighter
 * one counts. The excitation fall-off with |g| is common to every zone laying nodes at the same |g| and is regressed
 * out ({@link ZoneIntensities}). A node below two noise units counts as that level (a detection limit, not a zero),
 * a node of |F|^2 below {@link #KINEMATIC_FLOOR} of the strongest as that level.
 */
final class LatticeNodes {
	private LatticeNodes() {}

	/** Weakest |F|^2, relative to the zone's strongest, told apart from zero (below: counted as this level). */
	static final double KINEMATIC_FLOOR = 1e-3;
	/** Fewest Friedel pairs of nodes for an agreement. */
	static final int MIN_PAIRS = 6;

	/** The pattern the nodes are measured on. */
	static final class Image {
		final double[] img;
		final int w, h;
		final boolean[] mask;
		/** Spot sigma (px): the box is +-2 sigma, the background ring 2-5 px beyond it. */
		final double sigma;

		Image(double[] img, int w, int h, boolean[] mask, double sigma) {
			this.img = img;
			this.w = w;
			this.h = h;
			this.mask = mask;
			this.sigma = sigma;
		}

		/** {net intensity, its noise} of the box at image point (x, y), or null (off the image or masked). */
		double[] measure(double x, double y) {
			int half = Math.max(2, (int) Math.round(2 * sigma));
			int rIn = half + 2, rOut = half + 5;
			int xi = (int) Math.round(x), yi = (int) Math.round(y);
			if (xi - rOut < 0 || yi - rOut < 0 || xi + rOut >= w || yi + rOut >= h) return null;
			double sum = 0;
			int nBox = 0;
			double[] ring = new double[(2 * rOut + 1) * (2 * rOut + 1)];
			int nRing = 0;
			for (int dy = -rOut; dy <= rOut; dy++) for (int dx = -rOut; dx <= rOut; dx++) {
				int i = (yi + dy) * w + xi + dx;
				boolean box = Math.abs(dx) <= half && Math.abs(dy) <= half;
				if (mask != null && mask[i]) {
					if (box) return null;
					continue;
				}
				if (box) {
					sum += img[i];
					nBox++;
					continue;
				}
				double r2 = dx * dx + dy * dy;
				if (r2 >= rIn * rIn && r2 <= rOut * rOut) ring[nRing++] = img[i];
			}
			if (nRing < 12) return null;
			java.util.Arrays.sort(ring, 0, nRing);
			double med = ring[nRing / 2];
			// robust spread of the ring: half the central 68 % range
			double spread = 0.5 * (ring[(int) (0.84 * (nRing - 1))] - ring[(int) (0.16 * (nRing - 1))]);
			// sparse counts (most ring pixels 0): the Poisson noise of the ring's mean level instead
			double mean = 0;
			for (int j = 0; j < nRing; j++) mean += ring[j];
			double pix = spread > 0 ? spread : Math.sqrt(Math.max(mean / nRing, SpotFinder.COUNT_LEVEL_FLOOR));
			return new double[] { sum - nBox * med, pix * Math.sqrt(nBox) };
		}
	}

	/**
	 * Partial correlation (|g|^4 regressed out) of the measured and kinematic log intensities over the Friedel pairs of
	 * nodes of the zone {@code s} from {@code rMin} to {@code rMax} (corrected px), or NaN (too few nodes, or no map).
	 */
	static double agreement(ZoneAxisIndexer.Solution s, PatternGeometry g, Image im, double rMin, double rMax) {
		double[][] map = planeMap(s.predicted);
		if (map == null) return Double.NaN;
		Phase ph = s.phase;
		int[] u = s.uvw;
		// the widest |g| of the range, from the map's scale (px per 1/Å along its first reflection)
		double[] p1 = s.predicted.get((int) map[3][0]);
		double g1 = 1 / ph.cell.d(p1[2], p1[3], p1[4]);
		double gMax = rMax / Math.hypot(p1[0], p1[1]) * g1 * 1.001;
		int hm = (int) Math.ceil(gMax * ph.cell.a), km = (int) Math.ceil(gMax * ph.cell.b), lm = (int) Math.ceil(gMax
			* ph.cell.c);
		Map<Long, double[]> pairs = new HashMap<>();
		double kMax = 0;
		for (int h = -hm; h <= hm; h++) for (int k = -km; k <= km; k++) {
			// l from the zone law h u + k v + l w = 0 where w != 0; else every l
			int l0 = -lm, l1 = lm;
			if (u[2] != 0) {
				int num = -(h * u[0] + k * u[1]);
				if (num % u[2] != 0) continue;
				l0 = l1 = num / u[2];
				if (Math.abs(l0) > lm) continue;
			}
			for (int l = l0; l <= l1; l++) {
				if (h == 0 && k == 0 && l == 0) continue;
				if (h * u[0] + k * u[1] + l * u[2] != 0) continue;
				double gl = 1 / ph.cell.d(h, k, l);
				if (gl > gMax) continue;
				double px = map[0][0] * h + map[0][1] * k + map[0][2] * l, py = map[1][0] * h + map[1][1] * k + map[1][2] * l;
				double r = Math.hypot(px, py);
				if (r < rMin || r > rMax) continue;
				double[] xy = g.toImage(px, py);
				double[] m = im.measure(xy[0], xy[1]);
				if (m == null) continue;
				double kin = ph.intensity(h, k, l);
				kMax = Math.max(kMax, kin);
				// one entry per Friedel pair: the brighter member
				boolean lead = h > 0 || (h == 0 && (k > 0 || (k == 0 && l > 0)));
				long key = lead ? (((long) h * 4096 + k) * 4096 + l) : (((long) -h * 4096 - k) * 4096 - l);
				double[] e = pairs.get(key);
				double level = Math.max(m[0], 2 * m[1]);
				if (e == null) pairs.put(key, new double[] { level, kin, gl });
				else e[0] = Math.max(e[0], level);
			}
		}
		int n = pairs.size();
		if (n < MIN_PAIRS || !(kMax > 0)) return Double.NaN;
		double[] meas = new double[n], kin = new double[n], gg = new double[n];
		int i = 0;
		for (double[] e : pairs.values()) {
			meas[i] = e[0];
			kin[i] = Math.max(e[1], KINEMATIC_FLOOR * kMax);
			gg[i] = e[2];
			i++;
		}
		return ZoneIntensities.partialCorrelation(meas, kin, gg);
	}

	/**
	 * The linear map hkl -> corrected px of the zone's predicted spots {px, py, h, k, l, |F|^2}: from its two shortest
	 * non-collinear reflections (any in-zone hkl is a rational combination of them). Rows 0-1: the 2 x 3 map; row 2
	 * unused; row 3: the index of the first reflection. Null with fewer than two non-collinear predictions.
	 */
	static double[][] planeMap(List<double[]> pred) {
		int a = -1, b = -1;
		double best = Double.MAX_VALUE;
		for (int i = 0; i < pred.size(); i++) {
			double r = Math.hypot(pred.get(i)[0], pred.get(i)[1]);
			if (r > 0 && r < best) {
				best = r;
				a = i;
			}
		}
		if (a < 0) return null;
		double[] pa = pred.get(a);
		best = Double.MAX_VALUE;
		for (int i = 0; i < pred.size(); i++) {
			double[] q = pred.get(i);
			double cr = pa[0] * q[1] - pa[1] * q[0], r = Math.hypot(q[0], q[1]);
			if (Math.abs(cr) > 0.3 * r * Math.hypot(pa[0], pa[1]) && r < best) {
				best = r;
				b = i;
			}
		}
		if (b < 0) return null;
		double[] pb = pred.get(b);
		double[] h1 = { pa[2], pa[3], pa[4] }, h2 = { pb[2], pb[3], pb[4] };
		// hkl = alpha h1 + beta h2 (least squares in 3D, exact in the zone): (alpha, beta) = G^-1 [h1.hkl, h2.hkl]
		double g11 = dot(h1, h1), g12 = dot(h1, h2), g22 = dot(h2, h2), det = g11 * g22 - g12 * g12;
		if (!(Math.abs(det) > 1e-9)) return null;
		// alpha = (g22 h1 - g12 h2) . hkl / det, beta = (g11 h2 - g12 h1) . hkl / det
		double[] al = new double[3], be = new double[3];
		for (int j = 0; j < 3; j++) {
			al[j] = (g22 * h1[j] - g12 * h2[j]) / det;
			be[j] = (g11 * h2[j] - g12 * h1[j]) / det;
		}
		double[][] m = new double[4][3];
		for (int j = 0; j < 3; j++) {
			m[0][j] = al[j] * pa[0] + be[j] * pb[0];
			m[1][j] = al[j] * pa[1] + be[j] * pb[1];
		}
		m[3][0] = a;
		return m;
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}
}
