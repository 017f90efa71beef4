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

		/** Measurements by pixel (zones of one lattice share their nodes) and |F|^2 by phase and hkl, kept across zones. */
		private final Map<Long, double[]> measured = new HashMap<>();
		private final Map<Phase, Map<Long, Double>> kinematic = new HashMap<>();

		Image(double[] img, int w, int h, boolean[] mask, double sigma) {
			this.img = img;
			this.w = w;
			this.h = h;
			this.mask = mask;
			this.sigma = sigma;
		}

		/** {@link #measure} at the pixel nearest (x, y), measured once. */
		double[] at(double x, double y) {
			long xi = Math.round(x), yi = Math.round(y);
			long key = xi * 1_000_003L + yi;
			if (measured.containsKey(key)) return measured.get(key);
			double[] m = measure(xi, yi);
			measured.put(key, m);
			return m;
		}

		/** |F|^2 of hkl of the phase, computed once. */
		double intensity(Phase ph, int h, int k, int l) {
			Map<Long, Double> m = kinematic.computeIfAbsent(ph, q -> new HashMap<>());
			long key = ((long) h * 4096 + k) * 4096 + l;
			Double v = m.get(key);
			if (v == null) {
				v = ph.intensity(h, k, l);
				m.put(key, v);
			}
			return v;
		}

		/**
		 * Whether a measurement stands out at {@code nSigma}: its net above nSigma noise units, and, the noise read as
		 * counts of a gain (variance / level), above the Poisson quantile of the same tail: at a few counts per px the
		 * Poisson tail is far heavier than the Gaussian one (stress [1 -1 4]: a box of 25 px at 0.2 counts each read
		 * 22 counts at one of the thousands of nodes tried).
		 */
		static boolean significant(double[] m, double nSigma) {
			if (m == null || !(m[0] > nSigma * m[1])) return false;
			double level = m[2], n = m[3], sd = m[1] / Math.sqrt(n);
			if (!(level > 0)) return true;
			double gain = sd * sd / level;
			double tail = Math.exp(-nSigma * nSigma / 2) / (nSigma * Math.sqrt(2 * Math.PI));
			return (m[0] + n * level) / gain >= SpotFinder.poissonMinimum(n * level / gain, tail);
		}

		/** {net intensity, its noise, the local level per px, box px} of the box at image point (x, y), or null (off the image or masked). */
		double[] measure(double x, double y) {
			int half = Math.max(2, (int) Math.round(2 * sigma));
			int rIn = half + 2, rOut = half + 5;
			int xi = (int) Math.round(x), yi = (int) Math.round(y);
			if (xi - rOut < 0 || yi - rOut < 0 || xi + rOut >= w || yi + rOut >= h) return null;
			double sum = 0;
			int nBox = 0;
			double[] ring = new double[(2 * rOut + 1) * (2 * rOut + 1)];
			int nRing = 0;
			// broad spots: every other ring pixel (the ring's level and spread need a few dozen, not hundreds)
			int step = rOut > 8 ? 2 : 1;
			for (int dy = -rOut; dy <= rOut; dy++) for (int dx = -rOut; dx <= rOut; dx++) {
				int i = (yi + dy) * w + xi + dx;
				boolean box = Math.abs(dx) <= half && Math.abs(dy) <= half;
				if (!box && ((dx | dy) & (step - 1)) != 0) continue;
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
			double[] lv = ringLevel(ring, nRing);
			double med = lv[0], pix = lv[1];
			return new double[] { sum - nBox * med, pix * Math.sqrt(nBox), med, nBox };
		}

		/**
		 * {mean, noise} of the ring pixels, 3-sigma clipped (other spots, a ring's texture): the mean, not the median,
		 * since at a few counts per px the median of Poisson counts is off by up to half a count (0.5 x 25 px in a box);
		 * the noise at least that of {@link SpotFinder#COUNT_LEVEL_FLOOR} counts.
		 */
		static double[] ringLevel(double[] ring, int n) {
			double mean = 0, sd = Double.MAX_VALUE;
			for (int it = 0; it < 4; it++) {
				double s1 = 0, s2 = 0;
				int k = 0;
				for (int j = 0; j < n; j++) if (Math.abs(ring[j] - mean) <= 3 * sd || it == 0) {
					s1 += ring[j];
					s2 += ring[j] * ring[j];
					k++;
				}
				if (k < 2) break;
				mean = s1 / k;
				sd = Math.sqrt(Math.max(0, s2 / k - mean * mean));
				sd = Math.max(sd, Math.sqrt(SpotFinder.COUNT_LEVEL_FLOOR));
			}
			return new double[] { mean, sd };
		}

		/** {x, y, net}: the centroid of the positive net signal in the box at (x, y) (the box's local level removed). */
		double[] centroid(double x, double y, double net) {
			int half = Math.max(2, (int) Math.round(2 * sigma)), rOut = half + 5;
			int xi = (int) Math.round(x), yi = (int) Math.round(y);
			double[] ring = new double[(2 * rOut + 1) * (2 * rOut + 1)];
			int nRing = 0;
			for (int dy = -rOut; dy <= rOut; dy++) for (int dx = -rOut; dx <= rOut; dx++) {
				double r2 = dx * dx + dy * dy;
				int i = (yi + dy) * w + xi + dx;
				if (r2 >= (half + 2) * (half + 2) && r2 <= rOut * rOut && (mask == null || !mask[i])) ring[nRing++] = img[i];
			}
			double med = nRing > 0 ? ringLevel(ring, nRing)[0] : 0;
			double sw = 0, sx = 0, sy = 0;
			for (int dy = -half; dy <= half; dy++) for (int dx = -half; dx <= half; dx++) {
				double q = img[(yi + dy) * w + xi + dx] - med;
				if (q <= 0) continue;
				sw += q;
				sx += q * dx;
				sy += q * dy;
			}
			return sw > 0 ? new double[] { xi + sx / sw, yi + sy / sw, net } : new double[] { x, y, net };
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
				double[] m = im.at(xy[0], xy[1]);
				if (m == null) continue;
				double kin = im.intensity(ph, h, k, l);
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

	/** Largest angle (deg) of a spot off the line of the shortest one, for the spots to form a single row. */
	static final double ROW_ANGLE_DEG = 4;
	/** Most reflections tried as the second vector of a zone through the row's reflection (bounds the cost). */
	static final int ROW_PARTNERS = 600;
	/** Off-row nodes nearer the centre than this share of the row's shortest spot are not looked at (the beam's wing). */
	static final double ROW_INNER = 0.6;

	/** Whether the spots (corrected offsets, px) lie on one line through the centre: a single systematic row. */
	static boolean singleRow(double[][] v) {
		if (v.length < 2) return false;
		int a = 0;
		for (int i = 1; i < v.length; i++) if (Math.hypot(v[i][0], v[i][1]) < Math.hypot(v[a][0], v[a][1])) a = i;
		double la = Math.hypot(v[a][0], v[a][1]), lim = Math.sin(Math.toRadians(ROW_ANGLE_DEG));
		for (double[] q : v) if (Math.abs(v[a][0] * q[1] - v[a][1] * q[0]) > lim * la * Math.hypot(q[0], q[1])) return false;
		return true;
	}

	/**
	 * Spots off a single systematic row, found at the nodes the zones through the row's reflection predict: a row
	 * alone fits every zone that contains it, and its off-row reflections may be weaker than the spot search's
	 * threshold or hidden by its ring bands (stress set, 8-bit [4 -4 1]: the spots off the (h h 0) row sit on a halo
	 * shoulder taken for a uniform ring). Each zone [uvw] = f x h2 (f the row's shortest reflection, h2 any other in
	 * range, the {@link #ROW_PARTNERS} shortest), laid with f along the row on either side, predicts its off-row
	 * nodes; a node whose net intensity stands {@code nSigma} noise units out is a spot. Returned as {x, y (image px),
	 * net intensity}, one per place (the strongest within 3 px).
	 *
	 * @param v the row's spots, corrected offsets (px)
	 * @param pixelPerNm calibration, 1/nm per px
	 * @param rMax the farthest corrected radius (px) to look at
	 */
	static List<double[]> offRowSpots(double[][] v, Phase ph, double pixelPerNm, double lengthTol, PatternGeometry g,
		Image im, double nSigma, double rMax)
	{
		List<double[]> found = new java.util.ArrayList<>();
		int a = 0;
		for (int i = 1; i < v.length; i++) if (Math.hypot(v[i][0], v[i][1]) < Math.hypot(v[a][0], v[a][1])) a = i;
		double l1 = Math.hypot(v[a][0], v[a][1]);
		double scale = 10 / pixelPerNm; // px per 1/Å
		double g1 = l1 / scale, gMax = rMax / scale;
		List<org.interphase.core.diffraction.crystal.Reflection> refl = ph.reflections(1 / gMax);
		int nr = Math.min(refl.size(), ROW_PARTNERS);
		double[][] gc = new double[refl.size()][];
		for (int j = 0; j < gc.length; j++) gc[j] = ph.cell.gCartesian(refl.get(j).h, refl.get(j).k, refl.get(j).l);
		double[] f1 = { v[a][0] / l1, v[a][1] / l1 };
		java.util.Set<Long> tried = new java.util.HashSet<>();
		java.util.Set<String> zones = new java.util.HashSet<>();
		for (org.interphase.core.diffraction.crystal.Reflection f : ph.families(1 / gMax)) {
			if (Math.abs(g1 * f.d - 1) > lengthTol) continue;
			double[] G = ph.cell.gCartesian(f.h, f.k, f.l);
			double gl = Math.sqrt(dot(G, G));
			double[] e1 = { G[0] / gl, G[1] / gl, G[2] / gl };
			for (int j = 0; j < nr; j++) {
				int[] h2 = refl.get(j).hkl();
				int[] u = { f.k * h2[2] - f.l * h2[1], f.l * h2[0] - f.h * h2[2], f.h * h2[1] - f.k * h2[0] };
				if (u[0] == 0 && u[1] == 0 && u[2] == 0) continue;
				ZoneAxisIndexer.reduce(u);
				if (!zones.add(u[0] + "," + u[1] + "," + u[2]) || !zones.add(-u[0] + "," + -u[1] + "," + -u[2])) continue;
				double[] t = ph.cell.rCartesian(u[0], u[1], u[2]);
				double tl = Math.sqrt(dot(t, t));
				double[] e2 = { (t[1] * e1[2] - t[2] * e1[1]) / tl, (t[2] * e1[0] - t[0] * e1[2]) / tl, (t[0] * e1[1] - t[1]
					* e1[0]) / tl };
				for (int jj = 0; jj < refl.size(); jj++) {
					org.interphase.core.diffraction.crystal.Reflection r = refl.get(jj);
					if (r.h * u[0] + r.k * u[1] + r.l * u[2] != 0) continue;
					double pa = dot(gc[jj], e1) * scale, pb = dot(gc[jj], e2) * scale;
					if (Math.abs(pb) < 4 * im.sigma || Math.hypot(pa, pb) < ROW_INNER * l1) continue; // on the row, or in the beam
					for (int side = -1; side <= 1; side += 2) {
						double px = pa * f1[0] - side * pb * f1[1], py = pa * f1[1] + side * pb * f1[0];
						double[] xy = g.toImage(px, py);
						long key = Math.round(xy[0]) * 1_000_003L + Math.round(xy[1]);
						if (!tried.add(key)) continue;
						double[] m = im.at(xy[0], xy[1]);
						if (Image.significant(m, nSigma)) found.add(new double[] { xy[0], xy[1], m[0] });
					}
				}
			}
		}
		// one per place: the strongest within 3 px, its position the centroid of the net signal in its box
		found.sort((p, q) -> Double.compare(q[2], p[2]));
		List<double[]> out = new java.util.ArrayList<>();
		for (double[] p : found) {
			boolean dup = false;
			for (double[] q : out) if (Math.hypot(p[0] - q[0], p[1] - q[1]) < 3) dup = true;
			if (!dup) out.add(im.centroid(p[0], p[1], p[2]));
		}
		return out;
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
