package org.interphase.core.xps;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.interphase.core.fit.Component;
import org.interphase.core.fit.Doublet;
import org.interphase.core.fit.Link;
import org.interphase.core.fit.Parameter;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Peak;
import org.interphase.core.fit.Shape;

/**
 * An editable XPS fit template (JSON): the region window, the default background, and the components
 * (chemical states) with their line shape, doublet parameters and parameter settings (value, bounds, vary,
 * link). Parameter names are {@code <component>_<param>} (e.g. {@code Ti4+_center}); extra parameters such as
 * a chemical shift live in {@code extra}. Centres are charge-corrected binding energies. In a template the
 * {@code area} value is a relative starting share; the fit scales it to the data. See docs/xps.md.
 */
public final class XpsTemplate {
	/** One parameter setting of a template. */
	public static final class Setting {
		public Double value;
		public Double min, max;
		public Boolean vary;
		public LinkSpec link;
		/**
		 * 2: held at its starting value in a first fit and released in a second fit from the first's solution
		 * (widths and mixes that let one state swallow another when released from a poor start).
		 */
		public Integer stage;
	}

	/** A link as JSON: value = factor*ref + offset + byFactor*by. */
	public static final class LinkSpec {
		public String ref;
		public Double factor, offset;
		public String by;
		public Double byFactor;
	}

	/** One component (a chemical state, or a satellite of one). */
	public static final class ComponentSpec {
		public String name;
		/** Chemical state it counts for (default: its name); satellites name their parent state. */
		public String state;
		public String shape = "GL_PRODUCT";
		public boolean doublet;
		/** Included only when optional states are asked for. */
		public boolean optional;
		public Map<String, Setting> params = new LinkedHashMap<>();

		public String state() {
			return state == null || state.isEmpty() ? name : state;
		}
	}

	public String name;
	public String element;
	/** Binding-energy window [low, high] of the region. */
	public double[] window;
	public String background = "shirley";
	/**
	 * A fitted linear slope under an active background (Shirley/Tougaard-active + c1·(E - centre)): the
	 * inelastic background of other levels and the analyser transmission tilt real regions.
	 */
	public Boolean backgroundSlope;
	/**
	 * Further starts of the first fit stage (eV added to the first component's centre start; the lowest χ²
	 * wins): charging moves a region by tenths of an eV and a start on the wrong side can end in a minimum where
	 * one state stands in for another.
	 */
	public double[] centerStarts;
	public List<ComponentSpec> components = new ArrayList<>();
	public Map<String, Setting> extra = new LinkedHashMap<>();
	/** Free text on the source of the reference energies. */
	public String notes;

	public static final List<String> PRESETS = List.of("ti2p", "b1s", "n1s", "cu2p", "f1s", "o1s", "c1s");

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

	public static XpsTemplate preset(String name) {
		String key = name.toLowerCase(Locale.ROOT).replace(" ", "");
		if (!PRESETS.contains(key)) throw new IllegalArgumentException("unknown XPS preset '" + name + "'; presets: " + PRESETS);
		try (InputStream in = XpsTemplate.class.getResourceAsStream("presets/" + key + ".json")) {
			if (in == null) throw new IllegalStateException("preset resource missing: " + key);
			return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "preset " + key);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	public static XpsTemplate load(Path file) throws IOException {
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return parse(r, file.toString());
		}
	}

	public static XpsTemplate parse(Reader r, String what) {
		XpsTemplate t;
		try {
			t = GSON.fromJson(r, XpsTemplate.class);
		}
		catch (JsonParseException e) {
			throw new IllegalArgumentException(what + ": not a valid XPS template: " + e.getMessage());
		}
		if (t == null) throw new IllegalArgumentException(what + ": empty template");
		t.validate(what);
		return t;
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	public void save(Path file) throws IOException {
		Files.writeString(file, toJson(), StandardCharsets.UTF_8);
	}

	public XpsTemplate copy() {
		return parse(new java.io.StringReader(toJson()), name);
	}

	private void validate(String what) {
		if (window == null || window.length != 2 || !(window[0] < window[1]))
			throw new IllegalArgumentException(what + ": 'window' must be [low, high] binding energies");
		if (components == null || components.isEmpty()) throw new IllegalArgumentException(what + ": no components");
		for (ComponentSpec c : components) {
			if (c.name == null || c.name.isEmpty()) throw new IllegalArgumentException(what + ": a component has no name");
			try {
				Shape.parse(c.shape);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(what + ": component " + c.name + ": unknown shape " + c.shape);
			}
			if (c.params == null) c.params = new LinkedHashMap<>();
		}
		if (extra == null) extra = new LinkedHashMap<>();
		if (background == null) background = "shirley";
	}

	/** Components used with or without the optional states. */
	public List<ComponentSpec> active(boolean withOptional) {
		List<ComponentSpec> l = new ArrayList<>();
		for (ComponentSpec c : components) if (withOptional || !c.optional) l.add(c);
		return l;
	}

	/** Chemical states in template order (satellites merged into their state). */
	public List<String> states(boolean withOptional) {
		List<String> s = new ArrayList<>();
		for (ComponentSpec c : active(withOptional)) if (!s.contains(c.state())) s.add(c.state());
		return s;
	}

	/** Names of the free parameters released only in the second fit stage ({@link Setting#stage} 2). */
	public List<String> laterParameters(boolean withOptional) {
		List<String> l = new ArrayList<>();
		for (Map.Entry<String, Setting> e : extra.entrySet())
			if (e.getValue().stage != null && e.getValue().stage >= 2) l.add(e.getKey());
		for (ComponentSpec c : active(withOptional))
			for (Map.Entry<String, Setting> e : c.params.entrySet())
				if (e.getValue().stage != null && e.getValue().stage >= 2) l.add(c.name + "_" + e.getKey());
		return l;
	}

	/** The fit component of a spec (prefix = name + "_"). */
	public static Component component(ComponentSpec c) {
		Shape s = Shape.parse(c.shape);
		return c.doublet ? new Doublet(c.name + "_", s) : new Peak(c.name + "_", s);
	}

	/** Default value of a parameter when the template leaves it out. */
	static double defaultValue(String local) {
		switch (local) {
			case "area": return 1;
			case "fwhm": case "gfwhm": return 1.2;
			case "fwhm2": return 1.6;
			case "mix": return 0.3;
			case "fraction": return 0.3;
			case "sigma": return 0.5;
			case "gamma": case "gamma2": return 0.2;
			case "alpha": return 0.1;
			case "ratio": return 0.5;
			case "split": return 5.7;
			default: return Double.NaN;
		}
	}

	/**
	 * Parameters of the active components: template settings, defaults for the rest (shape parameters fixed by
	 * default, widths bounded to (0.2, 6) eV, areas non-negative). Centres shifted by {@code centerShift}
	 * (for uncorrected axes). Areas are the template's relative shares (scale them to the data).
	 */
	public Parameters parameters(boolean withOptional, double centerShift) {
		Parameters p = new Parameters();
		for (Map.Entry<String, Setting> e : extra.entrySet()) apply(p.add(e.getKey(), 0), e.getValue(), 0, false);
		for (ComponentSpec c : active(withOptional)) {
			Component comp = component(c);
			for (String local : comp.parameterNames()) {
				Parameter q = p.add(c.name + "_" + local, defaultValue(local));
				switch (local) {
					case "area": q.bounds(0, Double.POSITIVE_INFINITY); break;
					case "fwhm": case "fwhm2": case "gfwhm": case "sigma": q.bounds(0.2, 6); break;
					case "gamma": case "gamma2": q.bounds(0.01, 3); break;
					case "mix": case "fraction": q.bounds(0, 1).fixed(); break;
					case "alpha": q.bounds(0, 0.5); break;
					case "ratio": q.fixed(); break;
					case "split": q.fixed(); break;
					default: break;
				}
				Setting s = c.params.get(local);
				boolean isCenter = local.equals("center");
				if (s != null) apply(q, s, isCenter ? centerShift : 0, isCenter);
				else if (isCenter) throw new IllegalArgumentException("component " + c.name + " has no center");
			}
		}
		// drop links to parameters of inactive (optional) components
		for (Parameter q : p.all())
			if (q.link != null && (!p.has(q.link.ref) || (q.link.by != null && !p.has(q.link.by))))
				throw new IllegalArgumentException(q.name + " is linked to a parameter that is not in the template: " + q.link);
		p.resolveLinks();
		return p;
	}

	private static void apply(Parameter q, Setting s, double shift, boolean shiftable) {
		if (s.value != null) q.value = s.value + shift;
		if (s.min != null) q.min = s.min + shift;
		if (s.max != null) q.max = s.max + shift;
		if (s.vary != null) q.vary = s.vary;
		if (s.link != null) {
			LinkSpec l = s.link;
			q.link = new Link(l.ref, l.factor == null ? 1 : l.factor, l.offset == null ? 0 : l.offset, l.by,
				l.byFactor == null ? 1 : l.byFactor);
		}
		if (!(q.min <= q.max)) throw new IllegalArgumentException(q.name + ": min > max");
		if (q.link == null && q.vary && !shiftable && (q.value < q.min || q.value > q.max))
			q.value = Math.min(Math.max(q.value, q.min), q.max);
	}
}
