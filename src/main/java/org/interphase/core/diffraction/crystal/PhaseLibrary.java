package org.interphase.core.diffraction.crystal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The built-in phases of the Li-metal / LATP interface (sources in docs/diffraction.md). Lattice parameters are
 * room-temperature literature values; atom positions of the NASICON phases are approximate (they only set the
 * relative kinematic intensities; the allowed reflections follow from the space group and Wyckoff sites).
 */
public final class PhaseLibrary {
	private PhaseLibrary() {}

	private static final Map<String, Supplier<Phase>> PHASES = new LinkedHashMap<>();
	private static final Map<String, String> ALIASES = new LinkedHashMap<>();

	static {
		// LiTi2(PO4)3, R-3c hexagonal axes; cell ICSD 118128 (doi 10.1021/ic400577v). Approximate positions of a
		// NASICON LiTi2(PO4)3 refinement: Li 6b, Ti 12c, P 18e, O1/O2 36f.
		PHASES.put("LATP", () -> new Phase("LATP", UnitCell.hexagonal(8.5112, 20.8479), SpaceGroup.of("R-3c"), List.of(
			AtomSite.of("Li", 0, 0, 0), AtomSite.of("Ti", 0, 0, 0.1420), AtomSite.of("P", 0.2889, 0, 0.25),
			AtomSite.of("O", 0.1836, -0.0060, 0.1905), AtomSite.of("O", 0.1904, 0.1675, 0.0811)),
			"LiTi2(PO4)3 R-3c, a=8.5112 c=20.8479 Å (ICSD 118128); positions approximate"));
		// Lithiated NASICON Li3Ti2(PO4)3 (Ti3+), R-3c; Li moves to the M3 (36f, half occupied) sites, a shrinks
		// and c grows. Approximate cell after Aatiq et al., J. Mater. Chem. 12 (2002) 2971.
		PHASES.put("Li3Ti2(PO4)3", () -> new Phase("Li3Ti2(PO4)3", UnitCell.hexagonal(8.30, 22.40), SpaceGroup.of(
			"R-3c"), List.of(AtomSite.of("Li", 0.07, 0.34, 0.03, 0.5), AtomSite.of("Ti", 0, 0, 0.147), AtomSite.of("P",
				0.29, 0, 0.25), AtomSite.of("O", 0.18, -0.02, 0.19), AtomSite.of("O", 0.19, 0.17, 0.08)),
			"lithiated NASICON, approximate (Aatiq et al. 2002)"));
		// h-BN P6_3/mmc a=2.504 c=6.661 Å (Pease, Acta Cryst. 5 (1952) 356): B 2c, N 2d
		PHASES.put("h-BN", () -> new Phase("h-BN", UnitCell.hexagonal(2.504, 6.661), SpaceGroup.of("P6_3/mmc"), List
			.of(AtomSite.of("B", 1.0 / 3, 2.0 / 3, 0.25), AtomSite.of("N", 1.0 / 3, 2.0 / 3, 0.75)),
			"Pease 1952"));
		// c-BN F-43m a=3.6157 Å (zinc blende)
		PHASES.put("c-BN", () -> new Phase("c-BN", UnitCell.cubic(3.6157), SpaceGroup.of("F-43m"), List.of(AtomSite
			.of("B", 0, 0, 0), AtomSite.of("N", 0.25, 0.25, 0.25)), "zinc blende, a=3.6157 Å"));
		// Li bcc Im-3m a=3.5093 Å (room temperature)
		PHASES.put("Li", () -> new Phase("Li", UnitCell.cubic(3.5093), SpaceGroup.of("Im-3m"), List.of(AtomSite.of(
			"Li", 0, 0, 0)), "bcc Li, a=3.5093 Å (295 K)"));
		// Li2O antifluorite Fm-3m a=4.6114 Å
		PHASES.put("Li2O", () -> new Phase("Li2O", UnitCell.cubic(4.6114), SpaceGroup.of("Fm-3m"), List.of(AtomSite
			.of("O", 0, 0, 0), AtomSite.of("Li", 0.25, 0.25, 0.25)), "antifluorite, a=4.6114 Å"));
		// LiF rock salt Fm-3m a=4.0263 Å
		PHASES.put("LiF", () -> new Phase("LiF", UnitCell.cubic(4.0263), SpaceGroup.of("Fm-3m"), List.of(AtomSite.of(
			"Li", 0, 0, 0), AtomSite.of("F", 0.5, 0.5, 0.5)), "rock salt, a=4.0263 Å"));
		// alpha-Li3N P6/mmm a=3.648 c=3.875 Å (Rabenau & Schulz 1976): N 1a, Li1 1b, Li2 2c
		PHASES.put("Li3N", () -> new Phase("Li3N", UnitCell.hexagonal(3.648, 3.875), SpaceGroup.of("P6/mmm"), List.of(
			AtomSite.of("N", 0, 0, 0), AtomSite.of("Li", 0, 0, 0.5), AtomSite.of("Li", 1.0 / 3, 2.0 / 3, 0)),
			"alpha-Li3N, Rabenau & Schulz 1976"));
		PHASES.put("Cu", () -> fcc("Cu", 3.6149));
		PHASES.put("Au", () -> fcc("Au", 4.0782));
		PHASES.put("Al", () -> fcc("Al", 4.0495));
		// corundum R-3c a=4.7589 c=12.991 Å: Al 12c z=0.35216, O 18e x=0.30624
		PHASES.put("Al2O3", () -> new Phase("Al2O3", UnitCell.hexagonal(4.7589, 12.991), SpaceGroup.of("R-3c"), List
			.of(AtomSite.of("Al", 0, 0, 0.35216), AtomSite.of("O", 0.30624, 0, 0.25)), "corundum"));

		ALIASES.put("latp", "LATP");
		ALIASES.put("liti2(po4)3", "LATP");
		ALIASES.put("nasicon", "LATP");
		ALIASES.put("latp-lithiated", "Li3Ti2(PO4)3");
		ALIASES.put("lithiated", "Li3Ti2(PO4)3");
		ALIASES.put("li3ti2(po4)3", "Li3Ti2(PO4)3");
		ALIASES.put("hbn", "h-BN");
		ALIASES.put("h-bn", "h-BN");
		ALIASES.put("cbn", "c-BN");
		ALIASES.put("c-bn", "c-BN");
		ALIASES.put("corundum", "Al2O3");
	}

	private static Phase fcc(String el, double a) {
		return new Phase(el, UnitCell.cubic(a), SpaceGroup.of("Fm-3m"), List.of(AtomSite.of(el, 0, 0, 0)), "fcc " +
			el + ", a=" + a + " Å (room temperature)");
	}

	/** Names of the built-in phases. */
	public static List<String> names() {
		return new ArrayList<>(PHASES.keySet());
	}

	public static boolean has(String name) {
		return resolve(name) != null;
	}

	private static String resolve(String name) {
		if (name == null) return null;
		String n = name.trim();
		if (PHASES.containsKey(n)) return n;
		String a = ALIASES.get(n.toLowerCase(Locale.ROOT));
		if (a != null) return a;
		for (String k : PHASES.keySet()) if (k.equalsIgnoreCase(n)) return k;
		return null;
	}

	/** The built-in phase of this name (case-insensitive, aliases such as "hBN"). */
	public static Phase get(String name) {
		String k = resolve(name);
		if (k == null) throw new IllegalArgumentException("unknown phase '" + name + "'; built in: " + names() +
			" (or give a .cif file)");
		return PHASES.get(k).get();
	}
}
