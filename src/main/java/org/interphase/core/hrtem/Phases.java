package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Expected lattice-plane spacings (Å) of the phases met at these interfaces, for labelling measured fringes.
 * LiTi2(PO4)3 / LATP (R-3c, a = 8.5112, c = 20.8479 Å; first allowed reflections, anchors.md §8); h-BN
 * (a = 2.504, c = 6.656 Å; the BN papers report ~3.1 Å interlayer fringes in thin coatings); graphene /
 * graphite in-plane (2.13, 1.23 Å); anatase and rutile TiO2; Al2O3 (corundum) for crystallised ALD films.
 * A user may instead give a list of spacings: "3.3,2.17".
 */
public final class Phases {
	private Phases() {}

	/** One expected spacing. */
	public static final class Line {
		public final String phase, hkl;
		public final double d;

		Line(String phase, String hkl, double d) {
			this.phase = phase;
			this.hkl = hkl;
			this.d = d;
		}

		/** "h-BN hkl=0 0 2" or the phase alone when no indices are known. */
		public String label() {
			return hkl.isEmpty() ? phase : phase + " hkl=" + hkl;
		}
	}

	private static final Map<String, double[]> D = new LinkedHashMap<>();
	private static final Map<String, String[]> HKL = new LinkedHashMap<>();

	static {
		put("LATP", new double[] { 6.018, 4.256, 3.629, 3.475, 3.009, 2.761, 2.692, 2.457 }, new String[] { "0 1 2",
			"1 0 4", "1 1 3", "2 0 2", "0 2 4", "2 1 1", "1 1 6", "3 0 0" });
		put("h-BN", new double[] { 3.328, 2.169, 2.062, 1.817, 1.664, 1.252 }, new String[] { "0 0 2", "1 0 0", "1 0 1",
			"1 0 2", "0 0 4", "1 1 0" });
		put("graphene", new double[] { 2.131, 1.230 }, new String[] { "1 0 0", "1 1 0" });
		put("anatase", new double[] { 3.520, 2.431, 2.378, 2.332, 1.892, 1.700, 1.666 }, new String[] { "1 0 1",
			"1 0 3", "0 0 4", "1 1 2", "2 0 0", "1 0 5", "2 1 1" });
		put("rutile", new double[] { 3.247, 2.487, 2.297, 2.188, 2.054, 1.687 }, new String[] { "1 1 0", "1 0 1",
			"2 0 0", "1 1 1", "2 1 0", "2 1 1" });
		put("Al2O3", new double[] { 3.479, 2.552, 2.379, 2.165, 2.085, 1.740, 1.601 }, new String[] { "0 1 2", "1 0 4",
			"1 1 0", "0 0 6", "1 1 3", "0 2 4", "1 1 6" });
	}

	private static void put(String name, double[] d, String[] hkl) {
		D.put(name, d);
		HKL.put(name, hkl);
	}

	public static List<String> names() {
		return new ArrayList<>(D.keySet());
	}

	/**
	 * The spacings of a phase name (case-insensitive) or of a list "3.3,2.17[,...]" (Å); several names may be
	 * joined by '+' ("LATP+h-BN"). Throws IllegalArgumentException naming the known phases.
	 */
	public static List<Line> parse(String spec) {
		List<Line> out = new ArrayList<>();
		if (spec == null || spec.isBlank()) return out;
		String s = spec.trim();
		if (s.matches("[0-9.,;\\s]+")) {
			for (String part : s.split("[,;\\s]+")) if (!part.isEmpty()) out.add(new Line("expected " + part + " Å", "",
				Double.parseDouble(part)));
			return out;
		}
		for (String name : s.split("\\+")) {
			String key = null;
			for (String k : D.keySet()) if (k.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT)))
				key = k;
			if (key == null) throw new IllegalArgumentException("unknown phase '" + name.trim() + "'; known: " + names() +
				", or a list of spacings in Å like 3.3,2.17");
			double[] d = D.get(key);
			String[] h = HKL.get(key);
			for (int i = 0; i < d.length; i++) out.add(new Line(key, h[i], d[i]));
		}
		return out;
	}

	/** The expected line nearest to d (Å) within the relative tolerance, or null. */
	public static Line match(List<Line> lines, double d, double relTol) {
		Line best = null;
		double bd = Double.MAX_VALUE;
		for (Line l : lines) {
			double e = Math.abs(d - l.d) / l.d;
			if (e <= relTol && e < bd) {
				bd = e;
				best = l;
			}
		}
		return best;
	}
}
