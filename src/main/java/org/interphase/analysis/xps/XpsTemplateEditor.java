package org.interphase.analysis.xps;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.analysis.Param;
import org.interphase.core.fit.Parameter;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Shape;
import org.interphase.core.xps.XpsFit;
import org.interphase.core.xps.XpsTemplate;

/**
 * The component table of the XPS fit window as editable fields, and back: a template becomes rows of
 * {@link Param}s (one row per component: shape, position, FWHM, and for doublets split and ratio, each with its
 * bounds and a mode free / fixed / linked; one row per extra parameter such as a chemical shift; the background),
 * and the edited values become a new, validated {@link XpsTemplate}. The Fiji window only lays these fields out;
 * their keys are the macro keys, so a recorded macro replays the edit. No ImageJ here.
 * <p>
 * Keys are derived from component names ({@code Ti4+} gives {@code ti4p-position}, macro key
 * {@code ti4p_position}); ImageJ finds a macro key anywhere it is not preceded by a letter, so keys that would
 * be found inside another key get a distinguishing prefix.
 */
public final class XpsTemplateEditor {
	private XpsTemplateEditor() {}

	public static final String FREE = "free", FIXED = "fixed", LINKED = "linked";
	public static final List<String> MODES = List.of(FREE, FIXED, LINKED);

	/** The analysis parameters the fit window offers besides the component table (the rest keep defaults). */
	public static final List<String> FIT_PARAMS = List.of("shift", "reference-peak", "region", "window", "mc-samples",
		"seed", "optional-states", "end-points", "model-ensemble");

	/** Field of the first (file) dialog and of the window itself, besides the component table. */
	public static final List<String> WINDOW_KEYS = List.of("file", "sample", "preset", "template", "preview",
		"save-template-as");

	/** One row of the component table: a heading and its fields in dialog order. */
	public static final class Row {
		public final String title;
		/** Fields of this row; a new line of the dialog starts at each field whose key is in {@link #lineStarts}. */
		public final List<Param> fields;
		public final List<String> lineStarts;

		Row(String title, List<Param> fields, List<String> lineStarts) {
			this.title = title;
			this.fields = List.copyOf(fields);
			this.lineStarts = List.copyOf(lineStarts);
		}
	}

	/** Analysis parameters the window shows, in declaration order. */
	public static List<Param> fitParams() {
		List<Param> l = new ArrayList<>();
		for (Param p : new XpsFitAnalysis().params()) if (FIT_PARAMS.contains(p.key)) l.add(p);
		return l;
	}

	/** The region choice of a multi-sample file that fits every sample (the analysis gets no region). */
	public static final String ALL_SAMPLES = "all samples";

	/**
	 * The fit settings for this file: when it holds several samples (VAMAS blocks with different sample
	 * identifiers) {@code region} is a choice of "all samples" and each identifier, else free text.
	 */
	public static List<Param> fitParams(org.interphase.core.data.Dataset data) {
		List<Param> l = fitParams();
		List<String> ids = new ArrayList<>();
		for (org.interphase.core.data.Signal sg : data.signals()) {
			Object id = sg.metadata().get("sample_identifier");
			String s = id == null ? "" : String.valueOf(id).trim();
			if (!s.isEmpty() && !ids.contains(s)) ids.add(s);
		}
		if (ids.size() < 2) return l;
		ids.add(0, ALL_SAMPLES);
		for (int i = 0; i < l.size(); i++)
			if (l.get(i).key.equals("region")) l.set(i, Param.choice("region", ALL_SAMPLES,
				"which sample of the file to fit (" + (ids.size() - 1) + " samples)", ids.toArray(new String[0])));
		return l;
	}

	/** The analysis values of the window's fit settings: "all samples" means no region. */
	public static Map<String, String> fitValues(Map<String, String> read) {
		Map<String, String> m = new LinkedHashMap<>(read);
		if (ALL_SAMPLES.equals(m.get("region"))) m.remove("region");
		return m;
	}

	/** The rows of the table for this template: components (optional ones too), extra parameters, background. */
	public static List<Row> rows(XpsTemplate t) {
		Map<String, String> keys = keys(t);
		Parameters resolved = t.parameters(true, 0);
		List<Row> rows = new ArrayList<>();
		for (XpsTemplate.ComponentSpec c : t.components) {
			String k = keys.get("c:" + c.name);
			List<Param> f = new ArrayList<>();
			List<String> starts = new ArrayList<>();
			f.add(Param.choice(k + "-shape", c.shape, "line shape", shapes()));
			starts.add(k + "-shape");
			starts.add(k + "-position");
			addBounded(f, k + "-position", k + "-position", c.name + "_center", "eV", resolved, 1.0);
			String w = widthParam(c);
			starts.add(k + "-" + w);
			addBounded(f, k + "-" + w, k + "-" + w, c.name + "_" + w, "eV", resolved, 0);
			if (c.doublet) {
				starts.add(k + "-split");
				addValue(f, k + "-split", c.name + "_split", "eV", resolved);
				addValue(f, k + "-ratio", c.name + "_ratio", "", resolved);
			}
			rows.add(new Row(c.name + " (" + c.shape + (c.doublet ? " doublet" : "") + (c.optional ? ", optional" : "")
				+ ")", f, starts));
		}
		for (String e : t.extra.keySet()) {
			String k = keys.get("e:" + e);
			List<Param> f = new ArrayList<>();
			addBounded(f, k, k + "-value", e, "eV", resolved, 0);
			rows.add(new Row(e, f, List.of(k + "-value")));
		}
		List<String> bg = new ArrayList<>();
		for (XpsFit.Background b : XpsFit.Background.values()) bg.add(b.key());
		String def = XpsFit.Background.parse(t.background).key();
		rows.add(new Row("Background", List.of(Param.choice("background", def, "background of the template", bg
			.toArray(new String[0]))), List.of("background")));
		return rows;
	}

	/** Every field of the table, in dialog order. */
	public static List<Param> fields(XpsTemplate t) {
		List<Param> l = new ArrayList<>();
		for (Row r : rows(t)) l.addAll(r.fields);
		return l;
	}

	/**
	 * The template the edited fields describe. Missing fields keep the template's setting. A parameter set to
	 * {@code linked} keeps the template's link (it must have one); {@code fixed} stores the value, not varied, and
	 * drops any link; {@code free} stores value and bounds, varied, and drops any link.
	 *
	 * @throws IllegalArgumentException with a message naming the field when a value or bound is not valid
	 */
	public static XpsTemplate apply(XpsTemplate base, Map<String, String> values) {
		Map<String, String> keys = keys(base);
		Parameters resolved = base.parameters(true, 0);
		Map<String, String> v = new LinkedHashMap<>();
		for (Param p : fields(base)) v.put(p.key, p.defaultValue);
		for (Map.Entry<String, String> e : values.entrySet()) if (v.containsKey(e.getKey()) && e.getValue() != null) v
			.put(e.getKey(), e.getValue().trim());
		List<XpsTemplate.ComponentSpec> components = new ArrayList<>();
		for (XpsTemplate.ComponentSpec c : base.components) {
			String k = keys.get("c:" + c.name);
			String shape = v.get(k + "-shape");
			try {
				Shape.parse(shape);
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException(c.name + ": unknown line shape '" + shape + "'");
			}
			XpsTemplate.ComponentSpec shaped = c.toBuilder().shape(shape).build();
			Map<String, XpsTemplate.Setting> params = new LinkedHashMap<>(c.params);
			edit(params, "center", c.name + " position", k + "-position", v, true, resolved.get(c.name + "_center"));
			String w = widthParam(shaped);
			edit(params, w, c.name + " " + w, k + "-" + w, v, true, resolved.get(c.name + "_" + w));
			if (c.doublet) {
				edit(params, "split", c.name + " split", k + "-split", v, false, resolved.get(c.name + "_split"));
				edit(params, "ratio", c.name + " ratio", k + "-ratio", v, false, resolved.get(c.name + "_ratio"));
			}
			components.add(shaped.toBuilder().params(params).build());
		}
		Map<String, XpsTemplate.Setting> extra = new LinkedHashMap<>(base.extra);
		for (String e : base.extra.keySet())
			edit(extra, null, e, keys.get("e:" + e), v, true, resolved.get(e));
		// the builder checks as loading a template file does, and every link must still resolve
		XpsTemplate t = base.toBuilder().components(components).extra(extra).background(XpsFit.Background.parse(v.get(
			"background")).key()).build();
		t.parameters(true, 0);
		return t;
	}

	/** Edits one parameter setting from its fields ({@code local} null: the map key is the name itself). */
	private static void edit(Map<String, XpsTemplate.Setting> params, String local, String what, String key,
		Map<String, String> v, boolean bounded, Parameter current)
	{
		String name = local == null ? what : local;
		XpsTemplate.Setting old = params.get(name);
		String mode = v.get(key + "-mode");
		if (!MODES.contains(mode)) throw new IllegalArgumentException(what + ": mode must be one of " + MODES + ", not '"
			+ mode + "'");
		String valueKey = local == null ? key + "-value" : key;
		if (mode.equals(LINKED)) {
			if (old == null || old.link == null) throw new IllegalArgumentException(what
				+ " is set to 'linked' but the template links it to nothing; choose free or fixed");
			return;
		}
		double value = number(v.get(valueKey), what);
		double min = bounded ? number(v.get(key + "-min"), what + " min") : current.min;
		double max = bounded ? number(v.get(key + "-max"), what + " max") : current.max;
		XpsTemplate.Setting.Builder s = XpsTemplate.Setting.builder().value(value);
		if (mode.equals(FIXED)) {
			s.vary(false);
			// bounds are kept only where they hold the value, so that the parameter can be freed later
			if (min <= value && value <= max) s.min(finite(min)).max(finite(max));
		}
		else {
			if (!(min < max)) throw new IllegalArgumentException(what + ": min (" + fmt(min) + ") must be below max ("
				+ fmt(max) + ")");
			if (value < min || value > max) throw new IllegalArgumentException(what + " " + fmt(value)
				+ " lies outside its bounds [" + fmt(min) + ", " + fmt(max) + "]");
			s.vary(true).min(finite(min)).max(finite(max));
			// a free parameter keeps its fit stage (the broadenings and mixes released in a second fit): without it
			// the window's template fitted differently from the preset it shows, even unedited
			if (old != null) s.stage(old.stage);
		}
		params.put(name, s.build());
	}

	private static Double finite(double d) {
		return Double.isFinite(d) ? d : null;
	}

	private static double number(String s, String what) {
		try {
			double d = Double.parseDouble(s.trim());
			if (Double.isNaN(d)) throw new NumberFormatException();
			return d;
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException(what + ": not a number: '" + s + "'");
		}
	}

	/** Value, min, max and mode fields of one parameter. */
	private static void addBounded(List<Param> f, String key, String valueKey, String param, String unit,
		Parameters resolved, double halfRange)
	{
		Parameter q = resolved.get(param);
		double min = q.min, max = q.max;
		// an unbounded centre (or a linked one) gets a window around its value to start from
		if (!Double.isFinite(min) && halfRange > 0) min = q.value - halfRange;
		if (!Double.isFinite(max) && halfRange > 0) max = q.value + halfRange;
		f.add(Param.number(valueKey, round(q.value), unit, "value"));
		f.add(Param.number(key + "-min", round(min), unit, "lower bound"));
		f.add(Param.number(key + "-max", round(max), unit, "upper bound"));
		f.add(Param.choice(key + "-mode", mode(q), "free, fixed or linked (as the template links it)", MODES.toArray(
			new String[0])));
	}

	/** Value and mode fields of a parameter whose bounds the table does not show (split, ratio). */
	private static void addValue(List<Param> f, String key, String param, String unit, Parameters resolved) {
		Parameter q = resolved.get(param);
		f.add(Param.number(key, round(q.value), unit, "value"));
		f.add(Param.choice(key + "-mode", mode(q), "free, fixed or linked", MODES.toArray(new String[0])));
	}

	static String mode(Parameter q) {
		return q.link != null ? LINKED : q.vary ? FREE : FIXED;
	}

	/** Resolved link values carry rounding noise (459.3 - 1.2); the fields show 12 significant digits. */
	static double round(double d) {
		if (!Double.isFinite(d)) return d;
		return new BigDecimal(d).round(new java.math.MathContext(12)).doubleValue();
	}

	/** Decimals that show a value exactly (1 to 6), for dialog fields. */
	public static int decimals(double d) {
		if (!Double.isFinite(d)) return 1;
		int s = BigDecimal.valueOf(d).stripTrailingZeros().scale();
		return Math.max(1, Math.min(6, s));
	}

	/** The width parameter the table edits: FWHM, or sigma for Voigt lines. */
	static String widthParam(XpsTemplate.ComponentSpec c) {
		return Shape.parse(c.shape).shapeParams().get(0);
	}

	static String[] shapes() {
		return Arrays.stream(Shape.values()).map(Enum::name).toArray(String[]::new);
	}

	/** Key of a component or extra parameter name: "Ti4+" -> "ti4p", "C=O" -> "c-eq-o", "NO3-" -> "no3m". */
	static String key(String name) {
		String s = name.trim().toLowerCase(Locale.ROOT);
		if (s.endsWith("-")) s = s.substring(0, s.length() - 1) + "m";
		s = s.replace("+", "p").replace("=", "-eq-").replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
		if (s.isEmpty() || !Character.isLetter(s.charAt(0))) s = "c" + s;
		return s;
	}

	/**
	 * Keys of the components ("c:" + name) and extra parameters ("e:" + name), unique and safe as macro keys
	 * among each other and next to the window's other fields.
	 */
	static Map<String, String> keys(XpsTemplate t) {
		List<String> ids = new ArrayList<>();
		for (XpsTemplate.ComponentSpec c : t.components) ids.add("c:" + c.name);
		for (String e : t.extra.keySet()) ids.add("e:" + e);
		Map<String, String> keys = new LinkedHashMap<>();
		for (String id : ids) keys.put(id, key(id.substring(2)));
		for (int round = 0; round < 50; round++) {
			String bad = null;
			List<String> all = new ArrayList<>();
			for (Param p : new XpsFitAnalysis().params()) all.add(p.macroKey());
			for (String w : WINDOW_KEYS) all.add(w.replace('-', '_'));
			all.add("background");
			Map<String, String> owner = new LinkedHashMap<>();
			for (Map.Entry<String, String> e : keys.entrySet()) for (String f : fieldKeys(e.getKey(), e.getValue(), t)) {
				String mk = f.replace('-', '_');
				if (owner.containsKey(mk) || all.contains(mk)) bad = e.getKey();
				owner.put(mk, e.getKey());
			}
			List<String> every = new ArrayList<>(owner.keySet());
			every.addAll(all);
			for (String a : every) for (String b : every)
				if (!a.equals(b) && b.endsWith(a) && !Character.isLetter(b.charAt(b.length() - a.length() - 1))
					&& owner.containsKey(a)) bad = owner.get(a);
			if (bad == null) return keys;
			keys.put(bad, "x" + (round + 1) + "-" + keys.get(bad));
		}
		throw new IllegalStateException("no safe dialog keys for template " + t.name);
	}

	private static List<String> fieldKeys(String id, String k, XpsTemplate t) {
		if (id.startsWith("e:")) return List.of(k + "-value", k + "-min", k + "-max", k + "-mode");
		XpsTemplate.ComponentSpec c = t.components.stream().filter(x -> x.name.equals(id.substring(2))).findFirst().get();
		String w = widthParam(c);
		List<String> l = new ArrayList<>(List.of(k + "-shape", k + "-position", k + "-position-min", k + "-position-max", k
			+ "-position-mode", k + "-" + w, k + "-" + w + "-min", k + "-" + w + "-max", k + "-" + w + "-mode"));
		if (c.doublet) l.addAll(List.of(k + "-split", k + "-split-mode", k + "-ratio", k + "-ratio-mode"));
		return l;
	}

	private static String fmt(double d) {
		return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : Double.toString(d);
	}
}
