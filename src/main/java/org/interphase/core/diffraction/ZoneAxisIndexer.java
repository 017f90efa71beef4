package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;

/**
 * Indexes a zone-axis spot pattern: basis pairs of measured spots (shortest, then the shortest non-collinear)
 * are matched to reflection pairs (h1, h2) of the phase by length (or length ratio when uncalibrated) and angle;
 * each candidate zone [uvw] = h1 x h2 is laid onto the pattern (rotation and scale by 2D Procrustes on the
 * matched spots), scored by the fraction of spots explained, the strong kinematic reflections it predicts but
 * that are missing, and the angular misfit. Symmetry-equivalent zones (Laue group) are merged; alternatives are
 * ranked.
 */
public final class ZoneAxisIndexer {
	private ZoneAxisIndexer() {}

	public static final class Solution {
		public final Phase phase;
		public final int[] uvw;
		/** RMS angular misfit of the matched spots, deg. */
		public final double misfitDeg;
		/** RMS relative length misfit of the matched spots. */
		public final double lengthMisfit;
		public final double score;
		public final int matched, observed;
		/** hkl per observed spot (null when unmatched). */
		public final int[][] spotHkl;
		/** Calibration implied by the fit, 1/nm per px. */
		public final double pixelPerNm;
		/** Predicted spots of the zone (corrected px offsets) with hkl and |F|^2, for the overlay. */
		public final List<double[]> predicted;
		/** The zone as found, in the same setting as {@link #spotHkl} (uvw is its readable equivalent). */
		public final int[] uvwFound;

		Solution(Phase phase, int[] uvw, double misfitDeg, double lengthMisfit, double score, int matched, int observed,
			int[][] spotHkl, double pixelPerNm, List<double[]> predicted)
		{
			this(phase, uvw, misfitDeg, lengthMisfit, score, matched, observed, spotHkl, pixelPerNm, predicted, null);
		}

		Solution(Phase phase, int[] uvw, double misfitDeg, double lengthMisfit, double score, int matched, int observed,
			int[][] spotHkl, double pixelPerNm, List<double[]> predicted, int[] uvwFound)
		{
			this.uvwFound = uvwFound;
			this.phase = phase;
			this.uvw = uvw;
			this.misfitDeg = misfitDeg;
			this.lengthMisfit = lengthMisfit;
			this.score = score;
			this.matched = matched;
			this.observed = observed;
			this.spotHkl = spotHkl;
			this.pixelPerNm = pixelPerNm;
			this.predicted = predicted;
		}

		public String uvwText() {
			return uvw[0] + " " + uvw[1] + " " + uvw[2];
		}
	}

	/**
	 * @param v observed spot offsets from the centre, corrected px (image axes), x = v[i][0], y = v[i][1]
	 * @param pixelPerNm calibration (1/nm per px) or NaN (then matched by length ratio)
	 * @param lengthTol relative length tolerance (e.g. 0.03)
	 * @param angleTolDeg angle tolerance (e.g. 3)
	 */
	public static List<Solution> index(double[][] v, double[] intensity, Phase phase, double pixelPerNm,
		double lengthTol, double angleTolDeg, int keep)
	{
		return index(v, intensity, phase, pixelPerNm, lengthTol, angleTolDeg, keep, null);
	}

	/**
	 * As above; {@code visible} tells whether a predicted spot (corrected offset, px) could be seen (not under the
	 * beam stop, inside the detector), so hidden reflections do not count as missing.
	 */
	public static List<Solution> index(double[][] v, double[] intensity, Phase phase, double pixelPerNm,
		double lengthTol, double angleTolDeg, int keep, java.util.function.BiPredicate<Double, Double> visible)
	{
		return index(v, intensity, phase, pixelPerNm, lengthTol, angleTolDeg, keep, visible, false);
	}

	/**
	 * As above; {@code affine}: the basis pair is matched with room for non-square pixels or shear and each zone is
	 * laid on the pattern by a general 2 x 2 map (distortion up to {@link #MAX_DISTORTION}). Without it, a rotation
	 * and a scale (the pattern's ellipse already corrected): better for telling apart phases whose cells differ by a
	 * few per cent.
	 */
	public static List<Solution> index(double[][] v, double[] intensity, Phase phase, double pixelPerNm,
		double lengthTol, double angleTolDeg, int keep, java.util.function.BiPredicate<Double, Double> visible,
		boolean affine)
	{
		return index(v, intensity, phase, pixelPerNm, lengthTol, angleTolDeg, keep, visible, affine, true, 0.95);
	}

	/**
	 * As above; {@code wideBasis}: basis pairs from the {@link #BASIS_SPOTS} shortest spots with
	 * {@link #BASIS_PARTNERS} partners each (a spurious shortest spot no longer blocks indexing), else the 3 shortest
	 * with their first partner. Patterns of two given phases use the narrow set: with the wide one, a zone of the wrong
	 * one of two near-identical cells won on the demo's in-situ LATP -> lithiated series (LATP read 2.2 at frame 0 and
	 * no transition time was found).
	 */
	public static List<Solution> index(double[][] v, double[] intensity, Phase phase, double pixelPerNm,
		double lengthTol, double angleTolDeg, int keep, java.util.function.BiPredicate<Double, Double> visible,
		boolean affine, boolean wideBasis)
	{
		return index(v, intensity, phase, pixelPerNm, lengthTol, angleTolDeg, keep, visible, affine, wideBasis, 0.95);
	}

	/**
	 * As above; {@code innerFraction}: strong predicted reflections from this fraction of the shortest observed spot
	 * outwards count as missing when unseen (0.95: only those inside the observed range). A self-calibration gives
	 * less (e.g. 0.3): a zone whose lattice predicts strong spots well inside the innermost one seen (clear of the
	 * direct beam) is at the wrong scale, however well its dense outer lattice fits the outer spots.
	 */
	public static List<Solution> index(double[][] v, double[] intensity, Phase phase, double pixelPerNm,
		double lengthTol, double angleTolDeg, int keep, java.util.function.BiPredicate<Double, Double> visible,
		boolean affine, double innerFraction)
	{
		return index(v, intensity, phase, pixelPerNm, lengthTol, angleTolDeg, keep, visible, affine, true, innerFraction);
	}

	/** As above, with both the basis set and the inner fraction given. */
	public static List<Solution> index(double[][] v, double[] intensity, Phase phase, double pixelPerNm,
		double lengthTol, double angleTolDeg, int keep, java.util.function.BiPredicate<Double, Double> visible,
		boolean affine, boolean wideBasis, double innerFraction)
	{
		List<Solution> out = new ArrayList<>();
		int n = v.length;
		if (n < 2) return out;
		Integer[] ord = new Integer[n];
		for (int i = 0; i < n; i++) ord[i] = i;
		java.util.Arrays.sort(ord, (a, b) -> Double.compare(len(v[a]), len(v[b])));
		Catalogue cat = reflectionsInRange(v, ord, phase, pixelPerNm);
		List<int[]> pairs = basisPairs(v, ord, wideBasis);
		// the basis pair is matched with room for non-square pixels or shear (up to ~10 %: lengths +-5 %, angles
		// +-3 deg); the candidate is then laid on the pattern by an affine map, which absorbs the distortion
		final double lengthTol0 = lengthTol;
		if (affine) {
			lengthTol = Math.max(lengthTol, AFFINE_LENGTH_TOL);
			angleTolDeg = Math.max(angleTolDeg, AFFINE_ANGLE_TOL);
		}
		List<Solution> cands = candidateZones(v, intensity, phase, pixelPerNm, cat, pairs, lengthTol, angleTolDeg,
			lengthTol0, visible, affine, innerFraction);
		if (cands.isEmpty() && wideBasis && intensity != null && pixelPerNm > 0) cands = candidateZones(v, intensity, phase,
			pixelPerNm, cat, brightestPairs(v, intensity), lengthTol, angleTolDeg, lengthTol0, visible, affine, innerFraction);
		cands.sort((a, b) -> Double.compare(b.score, a.score));
		return distinctReadableZones(phase, cands, keep);
	}

	/** The phase's reflections out to the longest spot (with 8 % room), with their Cartesian g and lengths. */
	private static final class Catalogue {
		List<Reflection> refl, famsIn;
		double[][] gc;
		double[] gl;
	}

	private static Catalogue reflectionsInRange(double[][] v, Integer[] ord, Phase phase, double pixelPerNm) {
		int n = v.length;
		boolean cal = pixelPerNm > 0;
		double vmax = len(v[ord[n - 1]]);
		double vmin = len(v[ord[0]]);
		double gMax; // 1/Å
		List<Reflection> fams = phase.families(1.0);
		if (cal) gMax = vmax * pixelPerNm / 10 * 1.08;
		else {
			int nf = Math.min(12, fams.size());
			gMax = fams.isEmpty() ? 1 : (1 / fams.get(nf - 1).d) * vmax / vmin * 1.08;
		}
		gMax = Math.min(gMax, 2.5);
		Catalogue c = new Catalogue();
		c.refl = phase.reflections(1 / gMax);
		c.famsIn = phase.families(1 / gMax);
		c.gc = new double[c.refl.size()][];
		c.gl = new double[c.refl.size()];
		for (int j = 0; j < c.refl.size(); j++) {
			Reflection r = c.refl.get(j);
			c.gc[j] = phase.cell.gCartesian(r.h, r.k, r.l);
			c.gl[j] = 1 / r.d;
		}
		return c;
	}

	/**
	 * Basis pairs: a few of the shortest spots (one may be spurious, e.g. at the beam-stop rim) each with its first
	 * few non-collinear partners.
	 */
	private static List<int[]> basisPairs(double[][] v, Integer[] ord, boolean wideBasis) {
		int n = v.length;
		List<int[]> pairs = new ArrayList<>();
		for (int a = 0; a < Math.min(wideBasis ? BASIS_SPOTS : 3, n); a++) {
			int i1 = ord[a];
			int found = 0;
			for (int b = a + 1; b < n && found < (wideBasis ? BASIS_PARTNERS : 1); b++) {
				int i2 = ord[b];
				double ang = angle(v[i1], v[i2]);
				if (ang > 20 && ang < 160) {
					pairs.add(new int[] { i1, i2 });
					found++;
				}
			}
		}
		return pairs;
	}

	/**
	 * Basis pairs among the {@link #BASIS_SPOTS} brightest spots, each with its first {@link #BASIS_PARTNERS}
	 * non-collinear partners in brightness order, tried when the shortest spots give no zone: the strongest spots of a
	 * zone pattern are low-order reflections, while the shortest may all be spurious maxima on the direct beam's wing
	 * (an 8-bit capture on the stress set: 10 weak maxima at 18-33 px, the first reflections at 61 px). Only as a
	 * fallback: tried always, a bright pair gave the real Al [1 1 1] pattern the zone [9 6 4] on 2 of its 12 spots.
	 */
	private static List<int[]> brightestPairs(double[][] v, double[] intensity) {
		int n = v.length;
		Integer[] bright = new Integer[n];
		for (int i = 0; i < n; i++) bright[i] = i;
		java.util.Arrays.sort(bright, (a, b) -> Double.compare(intensity[b], intensity[a]));
		List<int[]> pairs = new ArrayList<>();
		for (int a = 0; a < Math.min(BASIS_SPOTS, n); a++) {
			int found = 0;
			for (int b = 0; b < n && found < BASIS_PARTNERS; b++) {
				// the shorter spot first, as in the length-ordered pairs
				int i1 = bright[a], i2 = bright[b];
				if (len(v[i2]) < len(v[i1])) {
					int t = i1;
					i1 = i2;
					i2 = t;
				}
				double ang = angle(v[i1], v[i2]);
				if (b == a || !(ang > 20 && ang < 160)) continue;
				found++;
				pairs.add(new int[] { i1, i2 });
			}
		}
		return pairs;
	}

	/** Every zone h1 x h2 whose reflection pair matches a basis pair in length and angle, laid on the pattern. */
	private static List<Solution> candidateZones(double[][] v, double[] intensity, Phase phase, double pixelPerNm,
		Catalogue cat, List<int[]> pairs, double lengthTol, double angleTolDeg, double lengthTol0,
		java.util.function.BiPredicate<Double, Double> visible, boolean affine, double innerFraction)
	{
		boolean cal = pixelPerNm > 0;
		List<Reflection> refl = cat.refl, famsIn = cat.famsIn;
		double[][] gc = cat.gc;
		double[] gl = cat.gl;
		List<Solution> cands = new ArrayList<>();
		java.util.Set<String> tried = new java.util.HashSet<>();
		for (int[] pr : pairs) {
			double[] v1 = v[pr[0]], v2 = v[pr[1]];
			double l1 = len(v1), l2 = len(v2), ang = angle(v1, v2);
			for (Reflection f : famsIn) {
				double g1 = 1 / f.d;
				if (cal && Math.abs(l1 * pixelPerNm / 10 / g1 - 1) > lengthTol) continue;
				// uncalibrated: the shortest spots of a zone pattern are low-index reflections (first four families)
				if (!cal && famsIn.indexOf(f) >= (innerFraction < 0.95 ? SELF_CALIBRATION_FAMILIES : 4)) continue;
				double[] G1 = phase.cell.gCartesian(f.h, f.k, f.l);
				for (int j = 0; j < refl.size(); j++) {
					double ratio = gl[j] / g1;
					// calibrated, each length is checked on its own; a distortion moves the ratio by up to twice as much
					if (Math.abs(ratio / (l2 / l1) - 1) > (cal && affine ? 2 : 1) * lengthTol) continue;
					if (cal && Math.abs(l2 * pixelPerNm / 10 / gl[j] - 1) > lengthTol) continue;
					double a12 = Math.toDegrees(Math.acos(clamp(dot(G1, gc[j]) / (g1 * gl[j]))));
					if (Math.abs(a12 - ang) > angleTolDeg) continue;
					Reflection r2 = refl.get(j);
					int[] uvw = cross(f.hkl(), r2.hkl());
					if (uvw[0] == 0 && uvw[1] == 0 && uvw[2] == 0) continue;
					reduce(uvw);
					String key = canonical(phase, uvw);
					String k2 = key + "|" + f.hklText() + "|" + r2.hklText();
					if (!tried.add(k2)) continue;
					Solution s = evaluate(v, intensity, phase, uvw, G1, gc[j], v1, v2, pixelPerNm, refl, gc, lengthTol0,
						visible, affine, innerFraction);
					if (s != null) cands.add(s);
				}
			}
		}
		return cands;
	}

	/** The best {@code keep} ranked candidates, one per symmetry class, each named by its readable direction. */
	private static List<Solution> distinctReadableZones(Phase phase, List<Solution> cands, int keep) {
		List<Solution> out = new ArrayList<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (Solution s : cands) {
			String key = canonical(phase, s.uvw);
			if (!seen.add(key)) continue;
			out.add(inReadableSetting(phase, s));
			if (out.size() >= keep) break;
		}
		return out;
	}

	/** Expresses the spot indices in the setting of the readable zone: U rep = found, h' = h U. */
	private static Solution inReadableSetting(Phase phase, Solution s) {
		int[] rep = repDirection(phase, s.uvw);
		int[][] hkl = s.spotHkl;
		List<double[]> pred = s.predicted;
		int[] found = s.uvw.clone();
		for (org.interphase.core.diffraction.crystal.SymOp u : phase.group.laueRotations()) {
			int[] t = u.rotateDirection(rep);
			if (t[0] == s.uvw[0] && t[1] == s.uvw[1] && t[2] == s.uvw[2]) {
				hkl = new int[s.spotHkl.length][];
				for (int i = 0; i < hkl.length; i++) if (s.spotHkl[i] != null) hkl[i] = u.rotateReflection(s.spotHkl[i]);
				pred = new ArrayList<>();
				for (double[] p : s.predicted) {
					int[] h2 = u.rotateReflection(new int[] { (int) p[2], (int) p[3], (int) p[4] });
					pred.add(new double[] { p[0], p[1], h2[0], h2[1], h2[2], p[5] });
				}
				found = rep.clone();
				break;
			}
		}
		return new Solution(s.phase, rep, s.misfitDeg, s.lengthMisfit, s.score, s.matched, s.observed, hkl,
			s.pixelPerNm, pred, found);
	}

	/** A candidate zone as laid on the pattern: its in-plane reflections and the map onto the image. */
	private static final class Layout {
		/** {a, b (1/Å in-plane), reflection index} per zone reflection. */
		final List<double[]> zone = new ArrayList<>();
		double maxI;
		/** 2 x 2 map from (a, b) to image px. */
		double[][] T;
		/** Zone reflection per spot, or -1. */
		int[] match;
		/** Singular-value ratio of the accepted affine map (1: a similarity). */
		double distortion = 1;
		/** Image basis: f1 along v1, f2 perpendicular on the side of v2. */
		double[] f1, f2;
		/** px per 1/Å. */
		double scale;
		/** The scale is the calibration's (within its tolerance), the same for every candidate zone. */
		boolean calibrated;
	}

	private static Solution evaluate(double[][] v, double[] intensity, Phase phase, int[] uvw, double[] G1, double[] G2,
		double[] v1, double[] v2, double pixelPerNm, List<Reflection> refl, double[][] gc, double lengthTol,
		java.util.function.BiPredicate<Double, Double> visible, boolean affine, double innerFraction)
	{
		Layout lay = zoneInPlane(uvw, G1, G2, v1, v2, pixelPerNm, refl, gc);
		if (lay == null) return null;
		int n = v.length;
		lay.match = new int[n];
		double vmax = 0;
		for (double[] q : v) vmax = Math.max(vmax, len(q));
		fitRotationAndScale(v, lay, pixelPerNm, lengthTol);
		if (affine) fitAffineDistortion(v, lay, pixelPerNm, lengthTol);
		return score(v, intensity, phase, uvw, refl, lay, vmax, visible, affine, innerFraction);
	}

	/** The zone's reflections in its in-plane basis and the starting map onto the image (null: degenerate). */
	private static Layout zoneInPlane(int[] uvw, double[] G1, double[] G2, double[] v1, double[] v2,
		double pixelPerNm, List<Reflection> refl, double[][] gc)
	{
		// in-plane basis of the zone: e1 along G1, e2 perpendicular in the plane of G1, G2 (towards G2)
		double g1 = Math.sqrt(dot(G1, G1));
		double[] e1 = { G1[0] / g1, G1[1] / g1, G1[2] / g1 };
		double p = dot(G2, e1);
		double[] e2 = { G2[0] - p * e1[0], G2[1] - p * e1[1], G2[2] - p * e1[2] };
		double n2 = Math.sqrt(dot(e2, e2));
		if (n2 < 1e-9) return null;
		for (int i = 0; i < 3; i++) e2[i] /= n2;
		// the image basis: f1 along v1, f2 perpendicular, on the side of v2 (handles the mirror)
		double l1 = len(v1);
		double[] f1 = { v1[0] / l1, v1[1] / l1 };
		double side = Math.signum(v1[0] * v2[1] - v1[1] * v2[0]);
		double[] f2 = { -f1[1] * side, f1[0] * side };
		double scale = pixelPerNm > 0 ? 10 / pixelPerNm : l1 / g1; // px per 1/Å
		Layout lay = new Layout();
		for (int j = 0; j < refl.size(); j++) {
			Reflection r = refl.get(j);
			if (r.h * uvw[0] + r.k * uvw[1] + r.l * uvw[2] != 0) continue;
			lay.zone.add(new double[] { dot(gc[j], e1), dot(gc[j], e2), j });
			lay.maxI = Math.max(lay.maxI, r.intensity);
		}
		if (lay.zone.size() < 2) return null;
		// transform T (2x2) from (a, b) to image px: starts as scale * [f1 f2]; refined by Procrustes
		lay.T = new double[][] { { scale * f1[0], scale * f2[0] }, { scale * f1[1], scale * f2[1] } };
		lay.f1 = f1;
		lay.f2 = f2;
		lay.scale = scale;
		lay.calibrated = pixelPerNm > 0;
		return lay;
	}

	/** Matches each spot to the nearest mapped zone reflection within the tolerance (else -1). */
	private static void matchNearest(double[][] v, List<double[]> zone, double[][] T, int[] match, double lengthTol) {
		java.util.Arrays.fill(match, -1);
		// the mapped reflections once per call, and squared distances (only compared; Math.hypot was the hot spot)
		int nz = zone.size();
		double[] p = new double[2 * nz];
		for (int z = 0; z < nz; z++) {
			double[] ab = zone.get(z);
			p[2 * z] = T[0][0] * ab[0] + T[0][1] * ab[1];
			p[2 * z + 1] = T[1][0] * ab[0] + T[1][1] * ab[1];
		}
		for (int i = 0; i < v.length; i++) {
			double best = Math.max(2.5, lengthTol * 1.5 * len(v[i]));
			double best2 = best * best, vx = v[i][0], vy = v[i][1];
			for (int z = 0; z < nz; z++) {
				double dx = p[2 * z] - vx, dy = p[2 * z + 1] - vy;
				double d2 = dx * dx + dy * dy;
				if (d2 < best2) {
					best2 = d2;
					match[i] = z;
				}
			}
		}
	}

	/** Procrustes: similarity (rotation, scale; reflection fixed by the basis) fitted on the matched spots, 3 rounds. */
	private static void fitRotationAndScale(double[][] v, Layout lay, double pixelPerNm, double lengthTol) {
		double[][] T = lay.T;
		double[] f1 = lay.f1, f2 = lay.f2;
		double scale = lay.scale;
		int n = v.length;
		for (int iter = 0; iter < 3; iter++) {
			matchNearest(v, lay.zone, T, lay.match, lengthTol);
			double sxx = 0, sxy = 0, saa = 0;
			int m = 0;
			for (int i = 0; i < n; i++) if (lay.match[i] >= 0) {
				double[] ab = lay.zone.get(lay.match[i]);
				// model: v = s R (f-basis) ... express in the image basis (f1, f2) coordinates
				double a = ab[0], b = ab[1];
				double x = v[i][0] * f1[0] + v[i][1] * f1[1], y = v[i][0] * f2[0] + v[i][1] * f2[1];
				sxx += a * x + b * y;
				sxy += a * y - b * x;
				saa += a * a + b * b;
				m++;
			}
			if (m < 2 || saa <= 0) break;
			double c = sxx / saa, s = sxy / saa; // s*cos, s*sin
			if (pixelPerNm > 0) {
				// keep the calibrated scale within the tolerance (the calibration may be a few % off)
				double sc = Math.hypot(c, s);
				double lim = scale * (1 + lengthTol), lo = scale * (1 - lengthTol);
				double k = sc > lim ? lim / sc : sc < lo ? lo / sc : 1;
				c *= k;
				s *= k;
			}
			// T maps (a, b) -> a*(c f1 + s f2) + b*(-s f1 + c f2)
			T[0][0] = c * f1[0] + s * f2[0];
			T[1][0] = c * f1[1] + s * f2[1];
			T[0][1] = -s * f1[0] + c * f2[0];
			T[1][1] = -s * f1[1] + c * f2[1];
		}
	}

	/**
	 * Affine refinement: a general 2 x 2 map (non-square pixels, shear, elliptical distortion) fitted on the matched
	 * spots, accepted while its distortion stays below MAX_DISTORTION and its scale within the calibration.
	 */
	private static void fitAffineDistortion(double[][] v, Layout lay, double pixelPerNm, double lengthTol) {
		for (int iter = 0; iter < 3; iter++) {
			double[][] A = affine(v, lay.zone, lay.match);
			if (A == null) break;
			double[] sv = singular(A);
			double ratio = sv[0] / sv[1];
			if (!(ratio <= MAX_DISTORTION)) break;
			if (pixelPerNm > 0 && Math.abs(Math.sqrt(sv[0] * sv[1]) / lay.scale - 1) > 2 * lengthTol) break;
			lay.T = A;
			lay.distortion = ratio;
			matchNearest(v, lay.zone, lay.T, lay.match, lengthTol);
		}
	}

	/**
	 * Scores the laid zone: share of spots explained, strong visible reflections missing, angular and length misfit,
	 * intensity correlation, a low-index prior and the distortion.
	 */
	private static Solution score(double[][] v, double[] intensity, Phase phase, int[] uvw, List<Reflection> refl,
		Layout lay, double vmax, java.util.function.BiPredicate<Double, Double> visible, boolean affine,
		double innerFraction)
	{
		List<double[]> zone = lay.zone;
		double[][] T = lay.T;
		int[] match = lay.match;
		int n = v.length;
		int matched = 0;
		double sa = 0, sl = 0;
		int[][] hkl = new int[n][];
		boolean[] used = new boolean[zone.size()];
		for (int i = 0; i < n; i++) if (match[i] >= 0) {
			double[] ab = zone.get(match[i]);
			double px = T[0][0] * ab[0] + T[0][1] * ab[1], py = T[1][0] * ab[0] + T[1][1] * ab[1];
			double da = Math.toDegrees(Math.atan2(v[i][0] * py - v[i][1] * px, v[i][0] * px + v[i][1] * py));
			double dl = len(v[i]) / Math.hypot(px, py) - 1;
			sa += da * da;
			sl += dl * dl;
			matched++;
			used[match[i]] = true;
			hkl[i] = refl.get((int) ab[2]).hkl();
		}
		if (matched < 2) return null;
		List<double[]> pred = new ArrayList<>();
		int[] miss = missingStrongReflections(v, refl, lay, used, vmax, visible, innerFraction, pred);
		int strong = miss[0], missing = miss[1], innerMissing = miss[2];
		double misfit = Math.sqrt(sa / matched), lmis = Math.sqrt(sl / matched);
		double frac = matched / (double) n;
		double missFrac = strong > 0 ? missing / (double) strong : 0;
		double corr = intensityCorrelation(intensity, refl, lay, hkl, matched);
		// a mild prior for low-index zones (where one orients a crystal), only decisive between equal fits
		int idx = Math.abs(uvw[0]) + Math.abs(uvw[1]) + Math.abs(uvw[2]);
		double score = frac - 0.5 * missFrac - misfit / 30 - lmis * 2 + (lay.calibrated ? INTENSITY_WEIGHT : 0.1) * corr - 0.005 * idx - DISTORTION_WEIGHT * (lay.distortion - 1)
			- INNER_MISSING_WEIGHT * innerMissing;
		double sc = affine ? Math.sqrt(Math.abs(T[0][0] * T[1][1] - T[0][1] * T[1][0])) : Math.hypot(T[0][0], T[1][0]);
		return new Solution(phase, uvw.clone(), misfit, lmis, score, matched, n, hkl, 10 / sc, pred);
	}

	/**
	 * Strong predicted reflections inside the observed range that were not seen: {strong, missing, inner missing};
	 * fills {@code pred} with every predicted spot (px, py, h, k, l, |F|^2).
	 */
	private static int[] missingStrongReflections(double[][] v, List<Reflection> refl, Layout lay, boolean[] used,
		double vmax, java.util.function.BiPredicate<Double, Double> visible, double innerFraction, List<double[]> pred)
	{
		double[][] T = lay.T;
		double maxI = lay.maxI;
		double vmin = Double.MAX_VALUE;
		for (double[] q : v) vmin = Math.min(vmin, len(q));
		int strong = 0, missing = 0, innerMissing = 0;
		for (int z = 0; z < lay.zone.size(); z++) {
			double[] ab = lay.zone.get(z);
			double px = T[0][0] * ab[0] + T[0][1] * ab[1], py = T[1][0] * ab[0] + T[1][1] * ab[1];
			Reflection r = refl.get((int) ab[2]);
			pred.add(new double[] { px, py, r.h, r.k, r.l, r.intensity });
			double rr = Math.sqrt(px * px + py * py);
			if (rr < innerFraction * vmin || rr > 1.0 * vmax) continue;
			if (visible != null && !visible.test(px, py)) continue;
			if (rr < 0.95 * vmin) {
				// inside the innermost spot seen (self-calibration only): a strong low-order reflection missing there
				if (r.intensity > 0.1 * maxI && !used[z]) innerMissing++;
				continue;
			}
			if (r.intensity > 0.1 * maxI) {
				strong++;
				if (!used[z]) missing++;
			}
		}
		return new int[] { strong, missing, innerMissing };
	}

	/**
	 * Kinematic intensities vs measured (log): breaks ties between zones with the same geometry. Calibrated, every
	 * candidate puts its reflections at the same |g|, so the excitation-error fall-off is removed
	 * ({@link ZoneIntensities}); without a scale the candidates sit at different scales, and the fall-off of |F|^2
	 * with g (the scattering factors) is part of what tells the right scale, so the plain correlation is kept (stress
	 * self-calibration: with the partial one a [2 -2 -1] pattern was read as [7 -1 5] at +50 %, unflagged).
	 */
	private static double intensityCorrelation(double[] intensity, List<Reflection> refl, Layout lay, int[][] hkl,
		int matched)
	{
		if (intensity == null || matched < (lay.calibrated ? ZoneIntensities.MIN_SPOTS : 3)) return 0;
		double[] a = new double[matched], b = new double[matched], g = new double[matched];
		int k = 0;
		for (int i = 0; i < hkl.length; i++) if (hkl[i] != null) {
			Reflection r = refl.get((int) lay.zone.get(lay.match[i])[2]);
			a[k] = intensity[i];
			b[k] = r.intensity;
			g[k] = 1 / r.d;
			k++;
		}
		if (!lay.calibrated) return ZoneIntensities.logCorrelation(a, b, lay.maxI);
		return ZoneIntensities.partialCorrelation(a, b, g);
	}
	/**
	 * Score per unit of the intensity partial correlation (calibrated; 0.1 per unit of the plain one without a scale):
	 * ranks zones that explain the same spots equally well (stress set, 100 indexed LATP patterns: 89 right with the
	 * plain correlation at 0.1, 92 with the partial one at 0.1-0.2).
	 */
	static final double INTENSITY_WEIGHT = 0.15;
	/** Largest singular-value ratio of an accepted affine map (a 10 % pixel aspect is 1.10). */
	static final double MAX_DISTORTION = 1.13;
	static final double AFFINE_LENGTH_TOL = 0.06, AFFINE_ANGLE_TOL = 4.5;
	static final int BASIS_SPOTS = 5, BASIS_PARTNERS = 2;
	/** Score per unit of distortion (singular-value ratio - 1): between equal fits the less distorted map wins. */
	static final double DISTORTION_WEIGHT = 1.0;
	/**
	 * Score per strong visible reflection predicted inside the innermost spot seen and missing (only counted with an
	 * innerFraction below 0.95, i.e. a self-calibration): a Friedel pair of them costs more than any fraction of
	 * spots explained can win, since the innermost spots of a zone pattern are its shortest reflections.
	 */
	static final double INNER_MISSING_WEIGHT = 0.25;
	/**
	 * A self-calibration (innerFraction below 0.95) lets the shortest spot be any of the first 12 families, not 4: in a
	 * large cell (LATP) the low-order families are often absent from a zone, and the true scale was then never tried
	 * (stress set, 36 LATP zones: within 2 % 11 -> 16, off and unflagged 21 -> 16).
	 */
	static final int SELF_CALIBRATION_FAMILIES = 12;

	/** Least-squares 2 x 2 map from zone coordinates (a, b) to the matched spot offsets, or null (under 3 spots). */
	static double[][] affine(double[][] v, List<double[]> zone, int[] match) {
		double saa = 0, sab = 0, sbb = 0, xa = 0, xb = 0, ya = 0, yb = 0;
		int m = 0;
		for (int i = 0; i < v.length; i++) if (match[i] >= 0) {
			double[] ab = zone.get(match[i]);
			saa += ab[0] * ab[0];
			sab += ab[0] * ab[1];
			sbb += ab[1] * ab[1];
			xa += v[i][0] * ab[0];
			xb += v[i][0] * ab[1];
			ya += v[i][1] * ab[0];
			yb += v[i][1] * ab[1];
			m++;
		}
		double det = saa * sbb - sab * sab;
		if (m < 3 || !(Math.abs(det) > 1e-12 * (saa * sbb + 1e-300))) return null;
		// T = [xa xb; ya yb] * inv([saa sab; sab sbb])
		double i11 = sbb / det, i12 = -sab / det, i22 = saa / det;
		return new double[][] { { xa * i11 + xb * i12, xa * i12 + xb * i22 }, { ya * i11 + yb * i12, ya * i12 + yb * i22 } };
	}

	/** Singular values {max, min} of a 2 x 2 matrix. */
	static double[] singular(double[][] a) {
		double m11 = a[0][0] * a[0][0] + a[1][0] * a[1][0], m12 = a[0][0] * a[0][1] + a[1][0] * a[1][1], m22 = a[0][1] *
			a[0][1] + a[1][1] * a[1][1];
		double tr = m11 + m22, dd = Math.sqrt(Math.max(0, tr * tr / 4 - (m11 * m22 - m12 * m12)));
		return new double[] { Math.sqrt(tr / 2 + dd), Math.sqrt(Math.max(1e-300, tr / 2 - dd)) };
	}

	static double pearson(double[] a, double[] b) {
		int n = a.length;
		double ma = 0, mb = 0;
		for (int i = 0; i < n; i++) {
			ma += a[i];
			mb += b[i];
		}
		ma /= n;
		mb /= n;
		double sab = 0, saa = 0, sbb = 0;
		for (int i = 0; i < n; i++) {
			sab += (a[i] - ma) * (b[i] - mb);
			saa += (a[i] - ma) * (a[i] - ma);
			sbb += (b[i] - mb) * (b[i] - mb);
		}
		return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
	}

	/** A canonical key of the symmetry class of a direction. */
	static String canonical(Phase phase, int[] uvw) {
		int[] r = repDirection(phase, uvw);
		return r[0] + "," + r[1] + "," + r[2];
	}

	static int[] repDirection(Phase phase, int[] uvw) {
		return Phase.representativeDirection(phase.equivalentDirections(uvw));
	}

	static void reduce(int[] u) {
		int g = gcd(Math.abs(u[0]), gcd(Math.abs(u[1]), Math.abs(u[2])));
		if (g > 1) for (int i = 0; i < 3; i++) u[i] /= g;
	}

	private static int gcd(int a, int b) {
		while (b != 0) {
			int t = a % b;
			a = b;
			b = t;
		}
		return a;
	}

	static int[] cross(int[] a, int[] b) {
		return new int[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	private static double len(double[] a) {
		return Math.hypot(a[0], a[1]);
	}

	private static double angle(double[] a, double[] b) {
		return Math.toDegrees(Math.acos(clamp((a[0] * b[0] + a[1] * b[1]) / (len(a) * len(b)))));
	}

	private static double clamp(double c) {
		return Math.max(-1, Math.min(1, c));
	}

	/**
	 * The runner-up's score at least this share of the best one's: the ranking is too close to trust (seen on
	 * seeded LATP patterns: correct solutions lead by 1-6 %, the wrong answer on a 6-spot high-index zone by 0.9 %).
	 */
	public static final double AMBIGUOUS_SCORE_RATIO = 0.98;

	/**
	 * A runner-up explaining at least as many spots and scoring at least this share of the best differs from it only in
	 * the intensity correlation, the missing weak reflections and the low-index prior: on the stress set (LATP, 36 zones,
	 * "dynamical" intensities) such geometric ties were decided wrongly at ratios 0.93-0.97, e.g. [1 0 1] and [2 -1 0]
	 * both explaining all 17 spots.
	 */
	public static final double TIE_SCORE_RATIO = 0.9;
	/** A best zone explaining less than this share of the spots is not trusted (stress set: a wrong zone on 9 of 13). */
	public static final double MIN_EXPLAINED = 0.75;
	/** Fewer matched spots than this cannot tell a zone from others (stress set: wrong on 2-5 matched spots). */
	public static final int MIN_DECIDING_SPOTS = 6;

	/** Whether the best of these ranked solutions is not clearly ahead of the next (another zone or phase). */
	public static boolean ambiguous(List<Solution> ranked) {
		return ambiguityReason(ranked) != null;
	}

	/** Why the best of these ranked solutions cannot be trusted on its own, or null. */
	public static String ambiguityReason(List<Solution> ranked) {
		if (ranked.isEmpty()) return null;
		Solution a = ranked.get(0);
		if (!(a.score > 0)) return "the best zone [" + a.uvwText() + "] scores " + String.format(java.util.Locale.ROOT,
			"%.2f", a.score);
		if (a.matched < MIN_DECIDING_SPOTS) return "[" + a.uvwText() + "] rests on " + a.matched +
			" matched spots, too few to tell zone axes apart";
		if (a.matched < MIN_EXPLAINED * a.observed) return "[" + a.uvwText() + "] explains only " + a.matched + " of " +
			a.observed + " spots";
		if (ranked.size() < 2) return null;
		Solution b = ranked.get(1);
		String both = "[" + a.uvwText() + "] and [" + b.uvwText() + "]";
		if (b.matched == a.matched && Math.abs(b.score - a.score) <= 1e-9 * Math.abs(a.score)) return both +
			" put the same reflections with the same kinematic intensities on the same " + a.matched +
			" spots (zones related by a symmetry the crystal lacks, e.g. a mirror normal to c; stress set: LATP [3 -3 1] and" +
			" [-3 3 1]): a zero-order pattern cannot tell them apart";
		if (b.score >= AMBIGUOUS_SCORE_RATIO * a.score) return both + " score within " + Math.round(100 * (1 -
			AMBIGUOUS_SCORE_RATIO)) + " %";
		if (b.matched >= a.matched && b.score >= TIE_SCORE_RATIO * a.score) return both + " explain the same " + a.matched +
			" spots: only the intensities and the low-index prior tell them apart";
		return null;
	}

	/** Whether two directions are symmetry-equivalent in this phase. */
	public static boolean equivalent(Phase phase, int[] a, int[] b) {
		int[] x = a.clone(), y = b.clone();
		reduce(x);
		reduce(y);
		return canonical(phase, x).equals(canonical(phase, y));
	}
}
