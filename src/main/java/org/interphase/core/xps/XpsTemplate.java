package org.interphase.core.xps;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>
 * Immutable, as are its components and settings: a variant is built with {@link #toBuilder()} (a copy of every
 * field). Gson reads and writes the final fields by reflection; a field a file leaves out keeps its default (null:
 * not given), and {@link #parse} rebuilds what Gson read through the builder, which checks it.
 */
public final class XpsTemplate {
	/**
	 * One parameter setting of a template; null fields are not given. Immutable: {@link #builder()} or
	 * {@link #toBuilder()} (a copy of every field) to change one.
	 */
	public static final class Setting {
		public final Double value;
		public final Double min, max;
		public final Boolean vary;
		public final LinkSpec link;
		/**
		 * 2: held at its starting value in a first fit and released in a second fit from the first's solution
		 * (widths and mixes that let one state swallow another when released from a poor start).
		 */
		public final Integer stage;

		/** Nothing given (Gson fills the fields a file gives). */
		private Setting() {
			this(new Builder());
		}

		private Setting(Builder b) {
			value = b.value;
			min = b.min;
			max = b.max;
			vary = b.vary;
			link = b.link;
			stage = b.stage;
		}

		public static Builder builder() {
			return new Builder();
		}

		/** A builder holding every field of this one. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		public static final class Builder {
			private Double value, min, max;
			private Boolean vary;
			private LinkSpec link;
			private Integer stage;

			Builder() {}

			Builder(Setting s) {
				value = s.value;
				min = s.min;
				max = s.max;
				vary = s.vary;
				link = s.link;
				stage = s.stage;
			}

			public Builder value(Double v) {
				value = v;
				return this;
			}

			public Builder min(Double m) {
				min = m;
				return this;
			}

			public Builder max(Double m) {
				max = m;
				return this;
			}

			public Builder vary(Boolean v) {
				vary = v;
				return this;
			}

			public Builder link(LinkSpec l) {
				link = l;
				return this;
			}

			public Builder stage(Integer s) {
				stage = s;
				return this;
			}

			public Setting build() {
				return new Setting(this);
			}
		}
	}

	/**
	 * A link as JSON: value = factor*ref + offset + byFactor*by (null factors and offset: 1 and 0). Immutable:
	 * {@link #builder()} or {@link #toBuilder()} to change one.
	 */
	public static final class LinkSpec {
		public final String ref;
		public final Double factor, offset;
		public final String by;
		public final Double byFactor;

		/** Nothing given (Gson fills the fields a file gives). */
		private LinkSpec() {
			this(new Builder());
		}

		private LinkSpec(Builder b) {
			ref = b.ref;
			factor = b.factor;
			offset = b.offset;
			by = b.by;
			byFactor = b.byFactor;
		}

		public static Builder builder() {
			return new Builder();
		}

		/** A builder holding every field of this one. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		public static final class Builder {
			private String ref, by;
			private Double factor, offset, byFactor;

			Builder() {}

			Builder(LinkSpec l) {
				ref = l.ref;
				factor = l.factor;
				offset = l.offset;
				by = l.by;
				byFactor = l.byFactor;
			}

			public Builder ref(String r) {
				ref = r;
				return this;
			}

			public Builder factor(Double f) {
				factor = f;
				return this;
			}

			public Builder offset(Double o) {
				offset = o;
				return this;
			}

			public Builder by(String b) {
				by = b;
				return this;
			}

			public Builder byFactor(Double f) {
				byFactor = f;
				return this;
			}

			public LinkSpec build() {
				return new LinkSpec(this);
			}
		}
	}

	/**
	 * One component (a chemical state, or a satellite of one). Immutable (parameter settings in an unmodifiable
	 * map, in file order): {@link #builder()} or {@link #toBuilder()} to change one.
	 */
	public static final class ComponentSpec {
		public final String name;
		/** Chemical state it counts for (default: its name); satellites name their parent state. */
		public final String state;
		public final String shape;
		public final boolean doublet;
		/** Included only when optional states are asked for. */
		public final boolean optional;
		public final Map<String, Setting> params;

		/** The defaults (Gson fills the fields a file gives). */
		private ComponentSpec() {
			this(new Builder());
		}

		private ComponentSpec(Builder b) {
			name = b.name;
			state = b.state;
			shape = b.shape;
			doublet = b.doublet;
			optional = b.optional;
			params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
		}

		public static Builder builder() {
			return new Builder();
		}

		/** A builder holding every field of this one. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		public String state() {
			return state == null || state.isEmpty() ? name : state;
		}

		public static final class Builder {
			private String name, state;
			private String shape = "GL_PRODUCT";
			private boolean doublet, optional;
			private final Map<String, Setting> params = new LinkedHashMap<>();

			Builder() {}

			Builder(ComponentSpec c) {
				name = c.name;
				state = c.state;
				shape = c.shape;
				doublet = c.doublet;
				optional = c.optional;
				params(c.params);
			}

			public Builder name(String n) {
				name = n;
				return this;
			}

			public Builder state(String s) {
				state = s;
				return this;
			}

			public Builder shape(String s) {
				shape = s;
				return this;
			}

			public Builder doublet(boolean d) {
				doublet = d;
				return this;
			}

			public Builder optional(boolean o) {
				optional = o;
				return this;
			}

			/** All parameter settings (in this order; null: none). */
			public Builder params(Map<String, Setting> p) {
				params.clear();
				if (p != null) params.putAll(p);
				return this;
			}

			/** Sets one parameter ({@code local} name such as {@code center}); null removes it. */
			public Builder param(String local, Setting s) {
				if (s == null) params.remove(local);
				else params.put(local, s);
				return this;
			}

			public ComponentSpec build() {
				return new ComponentSpec(this);
			}
		}
	}

	public final String name;
	public final String element;
	/** Binding-energy window [low, high] of the region (a copy of the builder's; not to be changed). */
	public final double[] window;
	public final String background;
	/**
	 * A fitted linear slope under an active background (Shirley/Tougaard-active + c1·(E - centre)): the
	 * inelastic background of other levels and the analyser transmission tilt real regions.
	 */
	public final Boolean backgroundSlope;
	/**
	 * Further starts of the first fit stage (eV added to the first component's centre start; the lowest χ²
	 * wins): charging moves a region by tenths of an eV and a start on the wrong side can end in a minimum where
	 * one state stands in for another. A copy of the builder's; not to be changed.
	 */
	public final double[] centerStarts;
	/** Unmodifiable, in file order. */
	public final List<ComponentSpec> components;
	/** Unmodifiable, in file order. */
	public final Map<String, Setting> extra;
	/** Free text on the source of the reference energies. */
	public final String notes;

	/**
	 * The defaults for Gson, which then fills the fields the file gives (a field left out keeps this value; the
	 * lists and maps are those Gson made until {@link #parse} rebuilds the template through its builder).
	 */
	private XpsTemplate() {
		name = null;
		element = null;
		window = null;
		background = "shirley";
		backgroundSlope = null;
		centerStarts = null;
		components = List.of();
		extra = Map.of();
		notes = null;
	}

	private XpsTemplate(Builder b, String what) {
		name = b.name;
		element = b.element;
		window = b.window == null ? null : b.window.clone();
		background = b.background == null ? "shirley" : b.background;
		backgroundSlope = b.backgroundSlope;
		centerStarts = b.centerStarts == null ? null : b.centerStarts.clone();
		components = Collections.unmodifiableList(new ArrayList<>(b.components));
		extra = Collections.unmodifiableMap(new LinkedHashMap<>(b.extra));
		notes = b.notes;
		validate(what);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of this one. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	public static final class Builder {
		private String name, element;
		private double[] window;
		private String background = "shirley";
		private Boolean backgroundSlope;
		private double[] centerStarts;
		private final List<ComponentSpec> components = new ArrayList<>();
		private final Map<String, Setting> extra = new LinkedHashMap<>();
		private String notes;

		Builder() {}

		Builder(XpsTemplate t) {
			name = t.name;
			element = t.element;
			window = t.window;
			background = t.background;
			backgroundSlope = t.backgroundSlope;
			centerStarts = t.centerStarts;
			components(t.components);
			extra(t.extra);
			notes = t.notes;
		}

		public Builder name(String n) {
			name = n;
			return this;
		}

		public Builder element(String e) {
			element = e;
			return this;
		}

		public Builder window(double[] w) {
			window = w;
			return this;
		}

		public Builder background(String b) {
			background = b;
			return this;
		}

		public Builder backgroundSlope(Boolean s) {
			backgroundSlope = s;
			return this;
		}

		public Builder centerStarts(double[] s) {
			centerStarts = s;
			return this;
		}

		/** All components (in this order; null: none). */
		public Builder components(List<ComponentSpec> cs) {
			components.clear();
			if (cs != null) components.addAll(cs);
			return this;
		}

		/** Adds a component after the others. */
		public Builder component(ComponentSpec c) {
			components.add(c);
			return this;
		}

		/** All extra parameters (in this order; null: none). */
		public Builder extra(Map<String, Setting> e) {
			extra.clear();
			if (e != null) extra.putAll(e);
			return this;
		}

		/** Sets one extra parameter (such as a chemical shift); null removes it. */
		public Builder extra(String name, Setting s) {
			if (s == null) extra.remove(name);
			else extra.put(name, s);
			return this;
		}

		public Builder notes(String n) {
			notes = n;
			return this;
		}

		/** The template, checked as a template file is on loading. */
		public XpsTemplate build() {
			return new XpsTemplate(this, "template " + name);
		}
	}

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
		Builder b = t.toBuilder();
		// the components as Gson read them (a parameter map may be missing, or modifiable) are rebuilt
		for (int i = 0; i < b.components.size(); i++) {
			ComponentSpec c = b.components.get(i);
			if (c != null) b.components.set(i, c.toBuilder().build());
		}
		return new XpsTemplate(b, what);
	}

	public String toJson() {
		return GSON.toJson(this);
	}

	public void save(Path file) throws IOException {
		Files.writeString(file, toJson(), StandardCharsets.UTF_8);
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
		}
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
