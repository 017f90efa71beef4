package org.interphase.core.diffraction.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A crystal phase: cell, space group and asymmetric-unit sites. Sites are expanded by the symmetry operations;
 * structure factors F(hkl) = sum_j occ_j f_j(s) exp(-B_j s^2) exp(2 pi i h.x_j) use the electron scattering
 * factors of {@link ScatteringFactors}. Reflections are "allowed" when |F| is not zero, so systematic
 * absences (lattice centring, glides, screws) follow from the structure itself, not from a hand-written rule.
 */
public final class Phase {
	/** Upper bound on expanded atoms (hostile CIFs). */
	public static final int MAX_ATOMS = 20000;

	public final String name;
	public final UnitCell cell;
	public final SpaceGroup group;
	private final List<AtomSite> sites;
	/** Expanded atoms: element index into elements, x, y, z, occupancy, B. */
	private final String[] atomElement;
	private final double[][] atomPos;
	private final double[] atomOcc;
	private final double[] atomB;
	public final String source;

	public Phase(String name, UnitCell cell, SpaceGroup group, List<AtomSite> sites, String source) {
		if (sites.isEmpty()) throw new IllegalArgumentException("phase " + name + " has no atom sites");
		this.name = name;
		this.cell = cell;
		this.group = group;
		this.sites = Collections.unmodifiableList(new ArrayList<>(sites));
		this.source = source == null ? "" : source;
		List<String> el = new ArrayList<>();
		List<double[]> pos = new ArrayList<>();
		List<double[]> ob = new ArrayList<>();
		for (AtomSite s : sites) {
			List<double[]> mine = new ArrayList<>();
			for (SymOp op : group.operations()) {
				double[] p = op.apply(new double[] { s.x, s.y, s.z });
				for (int i = 0; i < 3; i++) p[i] = p[i] - Math.floor(p[i]);
				boolean dup = false;
				for (double[] q : mine) if (samePosition(p, q)) {
					dup = true;
					break;
				}
				if (!dup) {
					mine.add(p);
					if (pos.size() + mine.size() > MAX_ATOMS) throw new IllegalArgumentException("phase " + name +
						": more than " + MAX_ATOMS + " atoms in the cell");
				}
			}
			for (double[] p : mine) {
				el.add(s.element);
				pos.add(p);
				ob.add(new double[] { s.occupancy, s.bIso });
			}
		}
		atomElement = el.toArray(new String[0]);
		atomPos = pos.toArray(new double[0][]);
		atomOcc = new double[ob.size()];
		atomB = new double[ob.size()];
		for (int i = 0; i < ob.size(); i++) {
			atomOcc[i] = ob.get(i)[0];
			atomB[i] = ob.get(i)[1];
		}
	}

	private static boolean samePosition(double[] p, double[] q) {
		for (int i = 0; i < 3; i++) {
			double d = Math.abs(p[i] - q[i]);
			d = Math.min(d, 1 - d);
			if (d > 1e-3) return false;
		}
		return true;
	}

	private java.util.Map<String, Double> occByEl;

	private java.util.Map<String, Double> occupancyByElement() {
		if (occByEl == null) {
			java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
			for (int j = 0; j < atomPos.length; j++) m.merge(atomElement[j], atomOcc[j], Double::sum);
			occByEl = m;
		}
		return occByEl;
	}

	public List<AtomSite> sites() {
		return sites;
	}

	/** Number of atoms in the cell after symmetry expansion. */
	public int atomsInCell() {
		return atomPos.length;
	}

	/** {Re F, Im F} of (hkl) in Å. */
	public double[] structureFactor(int h, int k, int l) {
		return structureFactor(h, k, l, ScatteringFactors::f);
	}

	/**
	 * {Re F, Im F} of (hkl) for X-rays, in electrons: the same sum with the X-ray form factors of
	 * {@link ScatteringFactors#fXray} (Mott-Bethe from the electron factors), no anomalous dispersion.
	 */
	public double[] structureFactorXray(int h, int k, int l) {
		return structureFactor(h, k, l, ScatteringFactors::fXray);
	}

	/** The structure-factor sum with form factors f(element, s = 1/2d). */
	private double[] structureFactor(int h, int k, int l, java.util.function.ToDoubleBiFunction<String, Double> form) {
		double s = 0.5 / cell.d(h, k, l);
		double re = 0, im = 0;
		String lastEl = null;
		double f = 0;
		for (int j = 0; j < atomPos.length; j++) {
			if (lastEl == null || !atomElement[j].equals(lastEl)) {
				lastEl = atomElement[j];
				f = form.applyAsDouble(lastEl, s);
			}
			double amp = atomOcc[j] * f * Math.exp(-atomB[j] * s * s);
			double ph = 2 * Math.PI * (h * atomPos[j][0] + k * atomPos[j][1] + l * atomPos[j][2]);
			re += amp * Math.cos(ph);
			im += amp * Math.sin(ph);
		}
		return new double[] { re, im };
	}

	/** Kinematic X-ray intensity |F_x|^2 (electrons^2). */
	public double intensityXray(int h, int k, int l) {
		double[] f = structureFactorXray(h, k, l);
		return f[0] * f[0] + f[1] * f[1];
	}

	/** Kinematic intensity |F|^2 (Å^2). */
	public double intensity(int h, int k, int l) {
		double[] f = structureFactor(h, k, l);
		return f[0] * f[0] + f[1] * f[1];
	}

	/** Whether (hkl) is allowed: |F| above 1e-6 of the sum of the scattering amplitudes. */
	public boolean allowed(int h, int k, int l) {
		double s = 0.5 / cell.d(h, k, l);
		double sum = 0;
		for (int j = 0; j < atomPos.length; j++) sum += atomOcc[j] * ScatteringFactors.f(atomElement[j], s);
		double[] f = structureFactor(h, k, l);
		return Math.hypot(f[0], f[1]) > 1e-6 * sum;
	}

	private List<Reflection> cached;
	private double cachedDMin = Double.NaN;
	private final java.util.Map<Double, List<Reflection>> familyCache = new java.util.HashMap<>();

	/** Every allowed reflection (not merged) with d >= dMin, sorted by decreasing d. */
	public synchronized List<Reflection> reflections(double dMin) {
		if (!(dMin > 0)) throw new IllegalArgumentException("dMin must be positive");
		if (cached != null && dMin >= cachedDMin) {
			List<Reflection> out = new ArrayList<>();
			for (Reflection r : cached) if (r.d >= dMin) out.add(r);
			return out;
		}
		List<Reflection> out = compute(dMin);
		cached = out;
		cachedDMin = dMin;
		return new ArrayList<>(out);
	}

	private List<Reflection> compute(double dMin) {
		int hm = (int) Math.ceil(cell.a / dMin * 1.0001), km = (int) Math.ceil(cell.b / dMin * 1.0001), lm = (int) Math
			.ceil(cell.c / dMin * 1.0001);
		// |h| = |g . a| <= |a| / dMin for any cell
		long count = (long) (2 * hm + 1) * (2 * km + 1) * (2 * lm + 1);
		if (count > 20_000_000L) throw new IllegalArgumentException("phase " + name + ": d-min " + dMin +
			" Å asks for too many reflections");
		List<Reflection> out = new ArrayList<>();
		for (int h = -hm; h <= hm; h++) for (int k = -km; k <= km; k++) for (int l = -lm; l <= lm; l++) {
			if (h == 0 && k == 0 && l == 0) continue;
			double d = cell.d(h, k, l);
			if (d < dMin) continue;
			double sv = 0.5 / d, sum = 0;
			double[] f = structureFactor(h, k, l);
			for (java.util.Map.Entry<String, Double> e : occupancyByElement().entrySet()) sum += e.getValue() *
				ScatteringFactors.f(e.getKey(), sv);
			double i2 = f[0] * f[0] + f[1] * f[1];
			if (Math.sqrt(i2) <= 1e-6 * sum) continue;
			out.add(new Reflection(h, k, l, d, i2, 1));
		}
		out.sort(Comparator.comparingDouble((Reflection r) -> -r.d).thenComparingInt(r -> -r.h).thenComparingInt(
			r -> -r.k).thenComparingInt(r -> -r.l));
		return out;
	}

	/**
	 * Families of symmetry-equivalent allowed reflections (Laue group with Friedel pairs) with d >= dMin: one
	 * representative each (fewest negative indices, then largest h, k, l), multiplicity and |F|^2; sorted by d.
	 */
	public synchronized List<Reflection> families(double dMin) {
		List<Reflection> hit = familyCache.get(dMin);
		if (hit != null) return new ArrayList<>(hit);
		List<Reflection> all = reflections(dMin);
		List<SymOp> laue = group.laueRotations();
		List<Reflection> fam = new ArrayList<>();
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (Reflection r : all) {
			if (seen.contains(key(r.hkl()))) continue;
			List<int[]> eq = new ArrayList<>();
			for (SymOp op : laue) {
				int[] e = op.rotateReflection(r.hkl());
				boolean dup = false;
				for (int[] q : eq) if (q[0] == e[0] && q[1] == e[1] && q[2] == e[2]) {
					dup = true;
					break;
				}
				if (!dup) eq.add(e);
			}
			for (int[] e : eq) seen.add(key(e));
			int[] best = representative(eq);
			fam.add(new Reflection(best[0], best[1], best[2], r.d, r.intensity, eq.size()));
		}
		familyCache.put(dMin, fam);
		return new ArrayList<>(fam);
	}

	/** The symmetry-equivalent reflections of (hkl) including Friedel mates. */
	public List<int[]> equivalentReflections(int[] hkl) {
		List<int[]> eq = new ArrayList<>();
		for (SymOp op : group.laueRotations()) {
			int[] e = op.rotateReflection(hkl);
			boolean dup = false;
			for (int[] q : eq) if (q[0] == e[0] && q[1] == e[1] && q[2] == e[2]) dup = true;
			if (!dup) eq.add(e);
		}
		return eq;
	}

	/** A readable member of equivalent directions: smallest sum of |indices|, fewest negatives, then largest. */
	public static int[] representativeDirection(List<int[]> eq) {
		int[] best = null;
		for (int[] e : eq) {
			if (best == null) {
				best = e;
				continue;
			}
			int se = Math.abs(e[0]) + Math.abs(e[1]) + Math.abs(e[2]), sb = Math.abs(best[0]) + Math.abs(best[1]) + Math.abs(
				best[2]);
			if (se != sb) {
				if (se < sb) best = e;
				continue;
			}
			int ne = neg(e), nb = neg(best);
			if (ne != nb) {
				if (ne < nb) best = e;
				continue;
			}
			for (int i = 0; i < 3; i++) if (e[i] != best[i]) {
				if (e[i] > best[i]) best = e;
				break;
			}
		}
		return best.clone();
	}

	/** The symmetry-equivalent directions of [uvw] (Laue group). */
	public List<int[]> equivalentDirections(int[] uvw) {
		List<int[]> eq = new ArrayList<>();
		for (SymOp op : group.laueRotations()) {
			int[] e = op.rotateDirection(uvw);
			boolean dup = false;
			for (int[] q : eq) if (q[0] == e[0] && q[1] == e[1] && q[2] == e[2]) dup = true;
			if (!dup) eq.add(e);
		}
		return eq;
	}

	/** One readable member of a set of equivalent index triples (fewest negatives, then largest h, k, l). */
	public static int[] representative(List<int[]> eq) {
		int[] best = null;
		for (int[] e : eq) if (best == null || better(e, best)) best = e;
		return best.clone();
	}

	private static boolean better(int[] p, int[] q) {
		int np = neg(p), nq = neg(q);
		if (np != nq) return np < nq;
		if (p[0] != q[0]) return p[0] > q[0];
		if (p[1] != q[1]) return p[1] > q[1];
		return p[2] > q[2];
	}

	private static int neg(int[] p) {
		int n = 0;
		for (int v : p) if (v < 0) n++;
		return n;
	}

	private static String key(int[] h) {
		return h[0] + "," + h[1] + "," + h[2];
	}

	@Override
	public String toString() {
		return name + " " + group.name + " " + cell;
	}
}
