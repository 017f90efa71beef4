package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;

/**
 * Assigns measured d-spacings to reflection families of one or several phases (closest d within the tolerance;
 * among near-equal candidates the stronger m |F|^2 wins), and calibrates a pattern on a known ring set (the scale
 * that maps the most measured rings onto a reference phase's families, refined by least squares).
 */
public final class RingIndexer {
	private RingIndexer() {}

	public static final class Match {
		public final Phase phase;
		public final Reflection family;
		/** (d_measured - d_reference) / d_reference */
		public final double relativeError;

		Match(Phase phase, Reflection family, double relativeError) {
			this.phase = phase;
			this.family = family;
			this.relativeError = relativeError;
		}

		public String label() {
			return phase.name + " hkl=" + family.hklText();
		}
	}

	/** Builds matches outside this class (zone-axis labels). */
	public static final class MatchBuilder {
		public Match build(Phase phase, Reflection family, double relativeError) {
			return new Match(phase, family, relativeError);
		}
	}

	/** The best family for a d-spacing (Å) with its sigma, or null when none is within tolerance. */
	public static Match match(double d, double sigmaD, List<Phase> phases, List<List<Reflection>> families,
		double relTol)
	{
		Match best = null;
		double bestScore = Double.MAX_VALUE;
		for (int p = 0; p < phases.size(); p++) {
			double maxI = 0;
			for (Reflection r : families.get(p)) maxI = Math.max(maxI, r.multiplicity * r.intensity);
			for (Reflection r : families.get(p)) {
				double rel = (d - r.d) / r.d;
				double tol = Math.max(relTol, 3 * sigmaD / d);
				if (Math.abs(rel) > tol) continue;
				// distance in tolerance units, minus a small preference for strong families
				double score = Math.abs(rel) / tol + 0.15 * Math.max(0, -Math.log10(Math.max(1e-6, r.multiplicity * r.intensity /
					maxI)));
				if (score < bestScore) {
					bestScore = score;
					best = new Match(phases.get(p), r, rel);
				}
			}
		}
		return best;
	}

	/** Calibration (1/nm per px) from ring radii (px) and a reference phase; {k, sigma k, matched rings}. */
	public static double[] calibrate(double[] radii, double[] weights, List<Reflection> families, double relTol) {
		int nf = Math.min(10, families.size());
		int nr = radii.length;
		if (nr == 0 || nf == 0) return null;
		Integer[] order = new Integer[nr];
		for (int i = 0; i < nr; i++) order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Double.compare(weights[b], weights[a]));
		double bestScore = -1, bestK = Double.NaN;
		for (int oi = 0; oi < Math.min(4, nr); oi++) {
			int i = order[oi];
			for (int j = 0; j < nf; j++) {
				double k = 10 / (families.get(j).d * radii[i]);
				double score = 0;
				for (int a = 0; a < nr; a++) {
					double g = radii[a] * k;
					for (Reflection f : families) if (Math.abs(g * f.d / 10 - 1) < relTol) {
						score += 1 + 1e-3 * Math.log1p(weights[a]);
						break;
					}
				}
				if (score > bestScore + 1e-9) {
					bestScore = score;
					bestK = k;
				}
			}
		}
		if (Double.isNaN(bestK)) return null;
		// least squares k over matched rings
		double srg = 0, srr = 0;
		List<double[]> pairs = new ArrayList<>();
		for (int a = 0; a < nr; a++) {
			double g = radii[a] * bestK;
			Reflection bf = null;
			double be = relTol;
			for (Reflection f : families) {
				double e = Math.abs(g * f.d / 10 - 1);
				if (e < be) {
					be = e;
					bf = f;
				}
			}
			if (bf != null) {
				srg += radii[a] * (10 / bf.d);
				srr += radii[a] * radii[a];
				pairs.add(new double[] { radii[a], 10 / bf.d });
			}
		}
		double k = srg / srr;
		double ss = 0;
		for (double[] p : pairs) ss += Math.pow(p[1] / p[0] - k, 2);
		double sk = pairs.size() > 1 ? Math.sqrt(ss / (pairs.size() - 1) / pairs.size()) : k * relTol / 2;
		return new double[] { k, Math.max(sk, 1e-6 * k), pairs.size() };
	}

	public static String describe(Match m) {
		return m == null ? "unindexed" : String.format(Locale.ROOT, "%s (%.2f%%)", m.label(), 100 * m.relativeError);
	}
}
