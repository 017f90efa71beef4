package org.interphase.core.diffraction.crystal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A space group as its full list of symmetry operations (including centring translations). Built-in groups are
 * generated from a few generators of International Tables vol. A (standard setting; rhombohedral groups on
 * hexagonal axes) by closure; CIF files give their operations explicitly.
 */
public final class SpaceGroup {
	public final String name;
	private final List<SymOp> ops;

	private static final String[] F = { "0,1/2,1/2", "1/2,0,1/2", "1/2,1/2,0" };
	private static final String[] I = { "1/2,1/2,1/2" };
	private static final String[] R = { "2/3,1/3,1/3", "1/3,2/3,2/3" };
	private static final String[] M3M = { "-y,x,z", "z,x,y", "-x,-y,-z" };

	/** Built-in groups: Hermann-Mauguin symbol -> generators, centring. */
	private static final Map<String, String[][]> BUILT_IN = new LinkedHashMap<>();
	static {
		BUILT_IN.put("P1", new String[][] { {}, {} });
		BUILT_IN.put("P-1", new String[][] { { "-x,-y,-z" }, {} });
		BUILT_IN.put("R-3c", new String[][] { { "-y,x-y,z", "y,x,-z+1/2", "-x,-y,-z" }, R });
		BUILT_IN.put("R-3m", new String[][] { { "-y,x-y,z", "y,x,-z", "-x,-y,-z" }, R });
		BUILT_IN.put("P6_3/mmc", new String[][] { { "-y,x-y,z", "-x,-y,z+1/2", "y,x,-z", "-x,-y,-z" }, {} });
		BUILT_IN.put("P6/mmm", new String[][] { { "-y,x-y,z", "-x,-y,z", "y,x,-z", "-x,-y,-z" }, {} });
		BUILT_IN.put("Fm-3m", new String[][] { M3M, F });
		BUILT_IN.put("Im-3m", new String[][] { M3M, I });
		BUILT_IN.put("Pm-3m", new String[][] { M3M, {} });
		BUILT_IN.put("F-43m", new String[][] { { "y,-x,-z", "z,x,y" }, F });
	}

	private SpaceGroup(String name, List<SymOp> ops) {
		this.name = name;
		this.ops = Collections.unmodifiableList(ops);
	}

	/** The built-in group of this symbol ("R-3c", "P6_3/mmc", "Fm-3m" ...; spaces and case ignored). */
	public static SpaceGroup of(String symbol) {
		String key = normalise(symbol);
		for (Map.Entry<String, String[][]> e : BUILT_IN.entrySet()) {
			if (normalise(e.getKey()).equals(key)) {
				List<SymOp> gens = new ArrayList<>();
				for (String g : e.getValue()[0]) gens.add(SymOp.parse(g));
				for (String c : e.getValue()[1]) gens.add(SymOp.parse("x+" + c.split(",")[0] + ",y+" + c.split(",")[1] +
					",z+" + c.split(",")[2]));
				return new SpaceGroup(e.getKey(), closure(gens));
			}
		}
		throw new IllegalArgumentException("space group '" + symbol + "' is not built in (known: " + BUILT_IN
			.keySet() + "); give the symmetry operations in the CIF");
	}

	public static boolean isBuiltIn(String symbol) {
		String key = normalise(symbol);
		for (String k : BUILT_IN.keySet()) if (normalise(k).equals(key)) return true;
		return false;
	}

	/** A group from explicit operations (a CIF's list), closed under composition. */
	public static SpaceGroup fromOperations(String name, List<SymOp> given) {
		return new SpaceGroup(name, closure(given));
	}

	static String normalise(String s) {
		String r = s.replace(" ", "").replace("_", "").replace("'", "").replace("\"", "").toLowerCase(Locale.ROOT);
		if (r.endsWith(":h")) r = r.substring(0, r.length() - 2);
		return r;
	}

	private static List<SymOp> closure(List<SymOp> generators) {
		List<SymOp> all = new ArrayList<>();
		all.add(SymOp.identity());
		for (SymOp g : generators) addIfNew(all, g);
		boolean grew = true;
		while (grew) {
			grew = false;
			int n = all.size();
			for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) {
				if (addIfNew(all, all.get(i).compose(all.get(j)))) grew = true;
				if (all.size() > 192) throw new IllegalArgumentException(
					"symmetry operations do not form a space group (more than 192 operations)");
			}
		}
		return all;
	}

	private static boolean addIfNew(List<SymOp> list, SymOp op) {
		for (SymOp o : list) if (o.sameAs(op)) return false;
		list.add(op);
		return true;
	}

	public List<SymOp> operations() {
		return ops;
	}

	public int order() {
		return ops.size();
	}

	/** Distinct rotation parts plus inversion (the Laue group acting on directions and reflections). */
	public List<SymOp> laueRotations() {
		// computed once: zone indexing asks for them for every candidate direction (4 % of a 2048 px analysis)
		List<SymOp> l = laue;
		if (l == null) laue = l = Collections.unmodifiableList(computeLaueRotations());
		return l;
	}

	private volatile List<SymOp> laue;

	private List<SymOp> computeLaueRotations() {
		List<SymOp> rots = new ArrayList<>();
		SymOp inv = SymOp.parse("-x,-y,-z");
		for (SymOp o : ops) {
			SymOp r = new SymOp(o.w, new double[3]);
			addRot(rots, r);
			addRot(rots, inv.compose(r));
		}
		return rots;
	}

	private static void addRot(List<SymOp> rots, SymOp r) {
		for (SymOp o : rots) if (o.sameRotation(r)) return;
		rots.add(r);
	}

	@Override
	public String toString() {
		return name + " (" + ops.size() + " operations)";
	}
}
