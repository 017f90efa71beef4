package org.interphase.analysis.xps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.Table;
import org.interphase.core.xps.ChargeReference;
import org.interphase.core.xps.XpsEnsemble;
import org.interphase.core.xps.Imfp;
import org.interphase.core.xps.SensitivityFactors;
import org.interphase.core.xps.XpsFit;
import org.interphase.core.xps.XpsFitResult;
import org.interphase.core.xps.XpsMapFit;
import org.interphase.core.xps.XpsTemplate;

/**
 * XPS peak fit of one region with a preset or a JSON template: chemical-state positions, widths, areas and
 * fractions with uncertainties, charge correction, depth information for the photon energy, and per-pixel
 * fraction maps for XPS maps. See docs/xps.md.
 */
public final class XpsFitAnalysis implements Analysis {
	public static final String NEGATIVE_COUNTS = "negative-counts";
	public static final String NO_CHARGE_REFERENCE = "no-charge-reference";
	/** The template's states leave signal unexplained or a state at the edge of its window (issue 15). */
	public static final String SIGNAL_OUTSIDE_STATES = "signal-outside-states";

	@Override
	public String command() {
		return "xps-fit";
	}

	@Override
	public String technique() {
		return "xps";
	}

	@Override
	public String name() {
		return "xps-fit";
	}

	@Override
	public String menu() {
		return "XPS";
	}

	@Override
	public String title() {
		return "XPS Peak Fit";
	}

	@Override
	public String description() {
		return "Fits an XPS region (Ti 2p, B 1s, N 1s, Cu 2p, F 1s, O 1s, C 1s presets or a JSON template) with "
			+ "Gaussian-Lorentzian/Voigt doublets on a Shirley, Tougaard, linear or polynomial background (subtracted "
			+ "or fitted inside the model), and reports each chemical state's position, FWHM, area and fraction "
			+ "with covariance and Monte-Carlo uncertainties; maps give fraction images; the photon energy gives "
			+ "the TPP-2M information depth.";
	}

	@Override
	public List<Param> params() {
		return List.of(
			Param.choice("preset", "ti2p", "built-in template", XpsTemplate.PRESETS.toArray(new String[0])),
			Param.file("template", "JSON template to use instead of the preset"),
			Param.of(XpsFit.Options.BACKGROUND),
			Param.number("shift", Double.NaN, "eV", "charge correction added to the binding energies (overrides the reference peak)"),
			Param.text("reference-peak", "C 1s=284.8", "charge reference: region=energy, used when the file has that region"),
			Param.text("region", "", "which region of a multi-region file (name contains), default: the one covering the template"),
			Param.text("window", "", "binding-energy window low,high in eV; empty = the template's"),
			Param.integer("mc-samples", 100, "Monte-Carlo refits for the fraction uncertainty (0 = covariance only)").range(0, 100000),
			Param.of(XpsFit.Options.SEED),
			Param.of(XpsFit.Options.OPTIONAL_STATES),
			Param.choice("model-ensemble", "on", "refit under model variants (line shape, widths tied/free, optional "
				+ "states, Tougaard) weighted by BIC: fraction_sd_model and model_choice (maps: the summed spectrum)", "on", "off"),
			Param.of(XpsFit.Options.END_POINTS),
			Param.number("photon-energy", Double.NaN, "eV", "excitation energy when the file does not state it (default 1486.6)"),
			Param.number("work-function", 4.5, "eV", "spectrometer work function for kinetic energies"),
			Param.number("emission-angle", 0, "deg", "emission angle from the surface normal"),
			Param.text("imfp-material", "96,383.4,2.94,3.5", "TPP-2M inputs Nv,M,rho,Eg (default LATP)"),
			Param.text("ratio-to", "", "atomic ratio to another region of the same file, e.g. 'O 1s' (fitted with its preset)"),
			Param.file("rsf", "JSON table of relative sensitivity factors; empty = the built-in Scofield table"),
			Param.choice("levels", "all", "a file holding the region several times (a sputter depth profile, " +
				"repeated scans): 'all' fits every level (rows level:i;...), 'first' only the first", "all", "first"));
	}

	@Override
	public boolean worksOnImages() {
		return false;
	}

	@Override
	public List<String> extensions() {
		return List.of("vms", "npl", "csv", "txt", "dat", "xy", "spe");
	}

	XpsTemplate template(Params p) throws AnalysisException {
		String file = p.text("template");
		try {
			if (!file.isEmpty()) return XpsTemplate.load(Path.of(file));
			return XpsTemplate.preset(p.text("preset"));
		}
		catch (IOException e) {
			throw new AnalysisException("cannot read template " + file + ": " + e.getMessage());
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(e.getMessage());
		}
	}

	/** A spectrum region of the input: binding energies and counts (or a map cube). */
	static final class Region {
		final String name;
		final double[] be;
		final double[] data;
		final int height, width;
		final double photonEnergy;
		final Signal signal;

		Region(String name, double[] be, double[] data, int height, int width, double photonEnergy, Signal signal) {
			this.name = name;
			this.be = be;
			this.data = data;
			this.height = height;
			this.width = width;
			this.photonEnergy = photonEnergy;
			this.signal = signal;
		}
	}

	static double photonEnergy(Signal s, Dataset d, Params p) {
		Object v = s.metadata().get(MetadataKeys.EXCITATION_ENERGY_EV);
		if (v instanceof Number && ((Number) v).doubleValue() > 0) return ((Number) v).doubleValue();
		double dv = d.number(MetadataKeys.EXCITATION_ENERGY_EV);
		if (dv > 0) return dv;
		if (!Double.isNaN(p.number("photon-energy"))) return p.number("photon-energy");
		Matcher m = Pattern.compile("hv(\\d+(?:\\.\\d+)?)").matcher(d.source == null ? "" : d.source);
		if (m.find()) return Double.parseDouble(m.group(1));
		return 1486.6;
	}

	static Region region(Signal s, Dataset d, Params p) {
		Axis ax = s.lastAxis();
		double hv = photonEnergy(s, d, p);
		double[] e = ax.values();
		String an = (ax.name + " " + ax.units).toLowerCase(Locale.ROOT);
		if (an.contains("kinetic")) for (int i = 0; i < e.length; i++) e[i] = hv - e[i];
		int n = e.length;
		int count = (int) (s.length() / Math.max(n, 1));
		int h = 1, w = count;
		if (s.ndim() == 3) {
			h = s.size(0);
			w = s.size(1);
		}
		return new Region(s.name, e, s.data(), h, w, hv, s);
	}

	static double coverage(Region r, double lo, double hi) {
		double a = Double.POSITIVE_INFINITY, b = Double.NEGATIVE_INFINITY;
		for (double v : r.be) {
			a = Math.min(a, v);
			b = Math.max(b, v);
		}
		return Math.max(0, Math.min(b, hi) - Math.max(a, lo)) / (hi - lo);
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params p, AnalysisContext ctx) throws AnalysisException {
		return analyze(input, p, template(p), ctx);
	}

	/**
	 * The fit with a template given as an object (the fit window's edited template, before it is saved); the
	 * preset and template parameters are not read. Saving that template and passing it as {@code template} gives
	 * the same result.
	 */
	public AnalysisResult analyze(Dataset input, Params p, XpsTemplate t, AnalysisContext ctx) throws AnalysisException {
		XpsFit.Options o = options(p, t, ctx);
		List<Region> regions = new ArrayList<>();
		for (Signal s : input.signals()) if (s.ndim() >= 1 && s.lastAxis().size >= 5) regions.add(region(s, input, p));
		if (regions.isEmpty()) throw new AnalysisException(input.source + ": no spectrum in the file");
		String want = p.text("region").toLowerCase(Locale.ROOT).replace(" ", "");
		double lo = windowOf(p, t)[0], hi = windowOf(p, t)[1];
		Region chosen = null;
		double bestCov = -1;
		// --region names a block or a sample (VAMAS sample identifier) exactly, or part of a block's name
		String sampleWanted = null;
		for (Region r : regions) if (!want.isEmpty() && sampleKey(r.signal.metadata().get("sample_identifier")).equals(want))
			sampleWanted = String.valueOf(r.signal.metadata().get("sample_identifier")).trim();
		for (Region r : regions) {
			String nm = r.name.toLowerCase(Locale.ROOT).replace(" ", "");
			if (sampleWanted != null) {
				if (!sampleKey(r.signal.metadata().get("sample_identifier")).equals(want)) continue;
				nm = want;
			}
			else if (!want.isEmpty() && !nm.contains(want)
				&& !sampleKey(r.signal.metadata().get("block_identifier")).equals(want)) continue;
			// auxiliary curves (e.g. a VAMAS "Transmission" block) are not spectra to fit unless asked for
			if (nm.contains("transmission") && !want.contains("transmission")) continue;
			// an exact name match wins over a partial one
			double c = coverage(r, lo, hi) + (!want.isEmpty() && nm.equals(want) ? 10 : 0);
			if (chosen == null || c > bestCov) {
				chosen = r;
				bestCov = c;
			}
		}
		if (chosen == null) throw new AnalysisException(input.source + ": no region named '" + p.text("region") + "'");
		// charge correction
		String shiftLabel;
		double shift;
		List<String> warnings = new ArrayList<>();
		if (!Double.isNaN(p.number("shift"))) {
			shift = p.number("shift");
			shiftLabel = "given";
		}
		else {
			ChargeReference ref = ChargeReference.parse(p.text("reference-peak"));
			Region refRegion = null;
			if (ref != null) for (Region r : regions)
				if (r != chosen && ref.matches(r.name) && !r.name.toLowerCase(Locale.ROOT).contains("transmission")
					&& (refRegion == null || r.name.length() < refRegion.name.length())) refRegion = r;
			if (ref != null && refRegion == null && ref.matches(chosen.name) && chosen.height * chosen.width == 1) refRegion = chosen;
			if (refRegion != null) {
				double pos = ref.measuredPosition(refRegion.be, sumSpectra(refRegion));
				if (Double.isNaN(pos)) throw new AnalysisException(input.source + ": reference peak " + ref + " not found in region " + refRegion.name);
				shift = ref.energy - pos;
				shiftLabel = ref.toString();
			}
			else {
				shift = 0;
				shiftLabel = "none";
				warnings.add("no charge reference (" + p.text("reference-peak") + ") in the file and no --shift: binding energies used as measured");
			}
		}
		double[] be = chosen.be.clone();
		for (int i = 0; i < be.length; i++) be[i] += shift;
		boolean negative = false;
		for (double v : chosen.data) if (v < 0) negative = true;
		AnalysisResult res = new AnalysisResult();
		for (String w : warnings) res.warn(w);
		if (negative) res.warn("spectrum has negative counts: weights use max(counts, 1); check the background subtraction of the file");
		try {
			if (chosen.height * chosen.width > 1) return mapResult(res, chosen, be, t, o, p, ctx, shift, shiftLabel, negative);
			List<Region> levels = levels(regions, chosen);
			if (sampleWanted != null) levels.removeIf(r -> !sampleKey(r.signal.metadata().get("sample_identifier")).equals(want));
			Map<String, List<Region>> bySample = bySample(levels);
			if (bySample.size() > 1 || (sampleWanted != null && !bySample.containsKey(""))) return samplesResult(res, input, bySample, be, t, o, p, shift, shiftLabel);
			if (levels.size() > 1 && p.text("levels").equals("all")) return profileResult(res, input, levels, be, t, o,
				p, shift, shiftLabel);
			XpsEnsemble.Result ens = ensemble(p) ? XpsEnsemble.fit(be, chosen.data, t, o) : null;
			XpsFitResult r = ens != null ? ens.bestFit() : XpsFit.fit(be, chosen.data, t, o);
			addRows(res, r, ens, "", shift, shiftLabel, negative, p, chosen.photonEnergy);
			if (!p.text("ratio-to").isEmpty()) res.add(atomicRatio(input, regions, chosen, t, r, shift, p));
			res.figure(figure(r, t, chosen.name));
			res.table(componentTable(r));
			if (!r.fit.converged()) res.warn("fit did not converge: " + r.fit.message());
			return res;
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage());
		}
	}

	/**
	 * The levels of a depth profile: every 1D region with the chosen one's name and number of points, in file order
	 * (a VAMAS sputter depth profile holds one block per etch step, each with its experimental variable).
	 */
	static List<Region> levels(List<Region> regions, Region chosen) {
		List<Region> out = new ArrayList<>();
		if (chosen.height * chosen.width != 1) return out;
		for (Region r : regions)
			if (r.name.equals(chosen.name) && r.be.length == chosen.be.length && r.height * r.width == 1) out.add(r);
		return out;
	}

	static String sampleKey(Object id) {
		return id == null ? "" : String.valueOf(id).toLowerCase(Locale.ROOT).replace(" ", "");
	}

	/** Levels grouped by their VAMAS sample identifier, in file order (one group when none or one is given). */
	static Map<String, List<Region>> bySample(List<Region> levels) {
		Map<String, List<Region>> m = new LinkedHashMap<>();
		for (Region r : levels) {
			Object id = r.signal.metadata().get("sample_identifier");
			String key = id == null ? "" : String.valueOf(id).trim();
			m.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
		}
		return m;
	}

	/**
	 * Several samples in one file (VAMAS blocks with different sample identifiers, e.g. a reference series):
	 * each sample fitted on its own, its rows under region {@code sample:ID;} (then {@code level:i;} when the sample
	 * holds the region several times) and carrying the sample identifier as their sample ID.
	 */
	AnalysisResult samplesResult(AnalysisResult res, Dataset input, Map<String, List<Region>> bySample, double[] be,
		XpsTemplate t, XpsFit.Options o, Params p, double shift, String shiftLabel) throws AnalysisException
	{
		res.warn(input.source + " holds " + bySample.size() + " samples " + bySample.keySet() + ": each fitted on its own "
			+ "(rows under region sample:ID; --region ID fits one)");
		boolean first = true;
		for (Map.Entry<String, List<Region>> e : bySample.entrySet()) {
			List<Region> lv = e.getValue();
			for (int i = 0; i < lv.size(); i++) {
				Region r = lv.get(i);
				boolean negative = false;
				for (double v : r.data) if (v < 0) negative = true;
				XpsEnsemble.Result ens = ensemble(p) ? XpsEnsemble.fit(be, r.data, t, o) : null;
				XpsFitResult fr = ens != null ? ens.bestFit() : XpsFit.fit(be, r.data, t, o);
				String prefix = "sample:" + e.getKey() + ";" + (lv.size() > 1 ? "level:" + i + ";" : "");
				AnalysisResult one = new AnalysisResult();
				addRows(one, fr, ens, prefix, shift, shiftLabel, negative, p, r.photonEnergy);
				for (ResultRow row : one.rows()) res.add(row.context(e.getKey(), row.technique, row.analysis, row.source));
				for (String w : one.warnings()) res.warn(w);
				if (!fr.fit.converged()) res.warn(prefix + " fit did not converge: " + fr.fit.message());
				if (first) {
					res.figure(figure(fr, t, e.getKey()));
					res.table(componentTable(fr));
					first = false;
				}
			}
		}
		return res;
	}

	/** {label, unit} of the region's experimental variable (VAMAS), or null. */
	static String[] levelVariable(Region r, Dataset input) {
		for (Map.Entry<String, Object> e : r.signal.metadata().entrySet()) {
			if (!e.getKey().startsWith("experimental_variable ")) continue;
			String label = e.getKey().substring("experimental_variable ".length()).trim();
			String unit = "";
			for (Map.Entry<String, Object> f : input.metadata().entrySet()) {
				String v = String.valueOf(f.getValue());
				if (f.getKey().startsWith("experimental_variable_") && v.startsWith(label + " (") && v.endsWith(")"))
					unit = v.substring(label.length() + 2, v.length() - 1).trim();
			}
			if (unit.equals("d")) unit = ""; // VAMAS "d": dimensionless
			return new String[] { label, unit, String.valueOf(e.getValue()).trim() };
		}
		return null;
	}

	/**
	 * A depth profile: each level fitted with the same template and charge shift; rows of level i under region
	 * {@code level:i;} (the single-spectrum rows) plus {@code level_value} (the experimental variable, e.g. etch
	 * time, or the level number); a table and a figure of each state's fraction against it.
	 */
	AnalysisResult profileResult(AnalysisResult res, Dataset input, List<Region> levels, double[] be, XpsTemplate t,
		XpsFit.Options o, Params p, double shift, String shiftLabel) throws AnalysisException
	{
		int nl = levels.size();
		String[] var0 = levelVariable(levels.get(0), input);
		String varName = var0 != null ? var0[0] : "level", unit = var0 != null ? var0[1] : "";
		double[] xs = new double[nl];
		List<XpsFitResult> fits = new ArrayList<>();
		List<XpsEnsemble.Result> ensembles = new ArrayList<>();
		boolean numeric = var0 != null;
		for (int i = 0; i < nl; i++) {
			String[] v = levelVariable(levels.get(i), input);
			double x = i;
			if (v != null) try {
				x = Double.parseDouble(v[2]);
			}
			catch (NumberFormatException e) {
				numeric = false;
			}
			else numeric = false;
			xs[i] = x;
		}
		if (!numeric) {
			for (int i = 0; i < nl; i++) xs[i] = i;
			varName = "level";
			unit = "";
			res.warn("the " + nl + " levels of " + levels.get(0).name + " carry no numeric experimental variable: " +
				"numbered 0.." + (nl - 1) + " in file order");
		}
		for (int i = 0; i < nl; i++) {
			Region lv = levels.get(i);
			boolean negative = false;
			for (double v : lv.data) if (v < 0) negative = true;
			XpsEnsemble.Result ens = ensemble(p) ? XpsEnsemble.fit(be, lv.data, t, o) : null;
			XpsFitResult r = ens != null ? ens.bestFit() : XpsFit.fit(be, lv.data, t, o);
			fits.add(r);
			ensembles.add(ens);
			String reg = "level:" + i;
			res.add(ResultRow.of("level_value", xs[i], Double.NaN, unit).region(reg).label(varName));
			addRows(res, r, ens, reg + ";", shift, shiftLabel, negative, p, lv.photonEnergy);
			if (!r.fit.converged()) res.warn(reg + ": fit did not converge: " + r.fit.message());
		}
		String xLabel = varName + (unit.isEmpty() ? "" : " (" + unit + ")");
		Figure fig = new Figure("depth-profile", levels.get(0).name + " depth profile", xLabel, "fraction");
		List<String> cols = new ArrayList<>(List.of("level", varName));
		List<String> states = new ArrayList<>();
		for (XpsFitResult.State st : fits.get(0).states) states.add(st.name);
		for (int k = 0; k < states.size(); k++) {
			double[] f = new double[nl], sd = new double[nl];
			for (int i = 0; i < nl; i++) {
				double[] v = levelFraction(fits.get(i), ensembles.get(i), k);
				f[i] = v[0];
				sd[i] = v[1];
			}
			fig.points(states.get(k), xs, f, sd, COLORS[k % COLORS.length]);
			cols.add(states.get(k) + "_fraction");
			cols.add(states.get(k) + "_fraction_sd");
		}
		cols.add("reduced_chi2");
		Table tab = new Table("depth-profile", levels.get(0).name + " depth profile", cols);
		for (int i = 0; i < nl; i++) {
			List<Object> row = new ArrayList<>(List.of(i, xs[i]));
			for (int k = 0; k < fits.get(i).states.size(); k++) {
				double[] v = levelFraction(fits.get(i), ensembles.get(i), k);
				row.add(v[0]);
				row.add(v[1]);
			}
			row.add(fits.get(i).fit.reducedChiSquare());
			tab.row(row.toArray());
		}
		res.figure(fig);
		res.figure(figure(fits.get(0), t, levels.get(0).name + " (level 0)"));
		res.table(tab);
		return res;
	}

	/** {fraction, uncertainty} of state k of a level as its rows give them (the ensemble's when it ran). */
	static double[] levelFraction(XpsFitResult r, XpsEnsemble.Result ens, int k) {
		XpsFitResult.State st = r.states.get(k);
		int e = ens != null ? ens.stateIndex(st.name) : -1;
		return e >= 0 ? new double[] {ens.fraction[e], ens.fractionSdTotal[e]} : new double[] {st.fraction, st.fractionSd()};
	}

	/** Atomic ratio of this region's element to another region of the same file, with sensitivity factors. */
	ResultRow atomicRatio(Dataset input, List<Region> regions, Region chosen, XpsTemplate t, XpsFitResult r, double shift,
		Params p) throws AnalysisException
	{
		String other = p.text("ratio-to");
		ChargeReference match = new ChargeReference(other, 0);
		Region o = null;
		for (Region g : regions)
			if (g != chosen && match.matches(g.name) && !g.name.toLowerCase(Locale.ROOT).contains("transmission")
				&& (o == null || g.name.length() < o.name.length())) o = g;
		if (o == null) throw new AnalysisException(input.source + ": no region '" + other + "' in the file for the atomic ratio");
		String key = other.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		if (!XpsTemplate.PRESETS.contains(key)) throw new AnalysisException("no preset for '" + other
			+ "' to fit it for the atomic ratio; presets: " + XpsTemplate.PRESETS);
		SensitivityFactors rsf;
		try {
			rsf = p.text("rsf").isEmpty() ? SensitivityFactors.builtIn() : SensitivityFactors.load(Path.of(p.text("rsf")));
		}
		catch (IOException | IllegalArgumentException e) {
			throw new AnalysisException("cannot read the RSF table: " + e.getMessage());
		}
		double[] be = o.be.clone();
		for (int i = 0; i < be.length; i++) be[i] += shift;
		XpsFitResult ro = XpsFit.fit(be, sumSpectra(o), XpsTemplate.preset(key), new XpsFit.Options().threads(1));
		double a = 0, va = 0, b = 0, vb = 0;
		for (XpsFitResult.State s : r.states) {
			a += s.area;
			va += s.areaSd * s.areaSd;
		}
		for (XpsFitResult.State s : ro.states) {
			b += s.area;
			vb += s.areaSd * s.areaSd;
		}
		try {
			double[] q = rsf.ratio(t.name, a, Math.sqrt(va), other, b, Math.sqrt(vb));
			ResultRow row = ResultRow.of("atomic_ratio", q[0], q[1], "").label(t.name + "/" + other);
			if (!ro.fit.converged()) row = row.flag(Flags.FIT_NOT_CONVERGED);
			return row;
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(e.getMessage());
		}
	}

	static double[] sumSpectra(Region r) {
		int n = r.be.length, c = r.data.length / n;
		double[] s = new double[n];
		for (int k = 0; k < c; k++) for (int i = 0; i < n; i++) s[i] += r.data[k * n + i];
		return s;
	}

	static double[] windowOf(Params p, XpsTemplate t) throws AnalysisException {
		String w = p.text("window");
		if (w.isEmpty()) return t.window;
		String[] s = w.split("[,;: ]+");
		try {
			double a = Double.parseDouble(s[0]), b = Double.parseDouble(s[1]);
			return new double[] {Math.min(a, b), Math.max(a, b)};
		}
		catch (RuntimeException e) {
			throw new AnalysisException("window must be 'low,high' in eV, not '" + w + "'");
		}
	}

	XpsFit.Options options(Params p, XpsTemplate t, AnalysisContext ctx) throws AnalysisException {
		XpsFit.Options o = new XpsFit.Options();
		String bg = p.text(XpsFit.Options.BACKGROUND);
		try {
			if (!bg.equals("template")) o.background(p.choice(XpsFit.Options.BACKGROUND, XpsFit.Background.class));
			else XpsFit.Background.parse(t.background);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(e.getMessage());
		}
		o.robust(true).withOptional(p.flag(XpsFit.Options.OPTIONAL_STATES)).endPoints(p.integer(XpsFit.Options
			.END_POINTS)).monteCarlo(p.integer("mc-samples"), p.integer(XpsFit.Options.SEED)).threads(ctx.threads);
		if (!p.text("window").isEmpty()) {
			double[] w = windowOf(p, t);
			o.window(w[0], w[1]);
		}
		return o;
	}

	Imfp imfp(Params p) throws AnalysisException {
		String[] s = p.text("imfp-material").split("[,; ]+");
		try {
			return new Imfp(Double.parseDouble(s[0]), Double.parseDouble(s[1]), Double.parseDouble(s[2]),
				Double.parseDouble(s[3]));
		}
		catch (RuntimeException e) {
			throw new AnalysisException("imfp-material must be 'Nv,M,rho,Eg', not '" + p.text("imfp-material") + "'");
		}
	}

	static boolean ensemble(Params p) {
		return p.text("model-ensemble").equals("on");
	}

	/** The fit of the template's own states (no optional ones) that the outside-states test judges. */
	static XpsFitResult defaultStatesFit(XpsFitResult r, XpsEnsemble.Result ens) {
		if (ens == null) return r;
		XpsFitResult best = null;
		double bb = Double.POSITIVE_INFINITY;
		for (int i = 0; i < ens.fits.size(); i++) {
			if (ens.variants.get(i).contains("optional-states")) continue;
			if (ens.bic[i] < bb) {
				bb = ens.bic[i];
				best = ens.fits.get(i);
			}
		}
		return best != null ? best : r;
	}

	void addRows(AnalysisResult res, XpsFitResult r, String regionPrefix, double shift, String shiftLabel,
		boolean negative, Params p, double photonEnergy) throws AnalysisException
	{
		addRows(res, r, null, regionPrefix, shift, shiftLabel, negative, p, photonEnergy);
	}

	void addRows(AnalysisResult res, XpsFitResult r, XpsEnsemble.Result ens, String regionPrefix, double shift,
		String shiftLabel, boolean negative, Params p, double photonEnergy) throws AnalysisException
	{
		List<String> common = new ArrayList<>();
		if (!r.fit.converged()) common.add(Flags.FIT_NOT_CONVERGED);
		if (r.lowSnr) common.add(Flags.LOW_SNR);
		if (negative) common.add(NEGATIVE_COUNTS);
		XpsFitResult judged = defaultStatesFit(r, ens);
		if (judged.outsideStates != null) {
			common.add(SIGNAL_OUTSIDE_STATES);
			res.warn((regionPrefix.isEmpty() ? "" : regionPrefix + " ") + "the states of the template do not describe "
				+ "the spectrum: " + judged.outsideStates + (ens != null && ens.modelChoice().contains("optional-states")
				? " (the optional states are switched on: " + ens.modelChoice() + ")" : ""));
		}
		String[] cf = common.toArray(new String[0]);
		boolean mc = p.integer("mc-samples") > 1 && r.monteCarloConverged > 1;
		List<String> done = new ArrayList<>();
		for (XpsFitResult.State s : r.states) {
			String reg = regionPrefix + "component:" + s.name;
			String[] f = s.atBound ? append(cf, Flags.AT_BOUND) : cf;
			res.add(ResultRow.of("position", s.position, s.positionSd, "eV").region(reg).label(s.name).flag(f));
			res.add(ResultRow.of("fwhm", s.fwhm, s.fwhmSd, "eV").region(reg).label(s.name).flag(f));
			res.add(ResultRow.of("area", s.area, s.areaSd, "counts*eV").region(reg).label(s.name).flag(f));
			double fr = s.fraction, fsd = s.fractionSd();
			int k = ens != null ? ens.stateIndex(s.name) : -1;
			if (k >= 0) {
				fr = ens.fraction[k];
				fsd = ens.fractionSdTotal[k];
			}
			res.add(ResultRow.of("fraction", fr, fsd, "fraction").region(reg).label(s.name).flag(f));
			res.add(ResultRow.of("fraction_sd_covariance", s.fractionSdCovariance, Double.NaN, "fraction").region(reg)
				.label(s.name).flag(f));
			if (mc) res.add(ResultRow.of("fraction_sd_montecarlo", s.fractionSdMonteCarlo, Double.NaN, "fraction")
				.region(reg).label(s.name).flag(f));
			if (k >= 0) res.add(ResultRow.of("fraction_sd_model", ens.fractionSdModel[k], Double.NaN, "fraction")
				.region(reg).label(s.name).flag(f));
			if (s.absent) res.add(ResultRow.of("fraction_upper_limit", Math.max(fr, 0) + s.fractionUpperLimit, Double.NaN,
				"fraction").region(reg).label(s.name + " (95 %, state not detected)").flag(f));
			for (String b : s.boundParameters) res.add(ResultRow.of("parameter_at_bound", r.fit.value(b), Double.NaN, "")
				.region(reg).label(b).flag(append(cf, Flags.AT_BOUND)));
			done.add(s.name);
		}
		if (ens != null) for (int k = 0; k < ens.states.size(); k++) {
			// states of other variants (optional states when they did not win): their averaged fraction
			String name = ens.states.get(k);
			if (done.contains(name)) continue;
			String reg = regionPrefix + "component:" + name;
			res.add(ResultRow.of("fraction", ens.fraction[k], ens.fractionSdTotal[k], "fraction").region(reg).label(name).flag(cf));
			res.add(ResultRow.of("fraction_sd_model", ens.fractionSdModel[k], Double.NaN, "fraction").region(reg).label(name).flag(cf));
		}
		String reg = regionPrefix;
		if (ens != null) {
			res.add(ResultRow.of("model_choice", ens.weight[ens.best], Double.NaN, "").region(reg).label(ens.modelChoice()).flag(cf));
			res.add(ResultRow.of("model_weights", ens.variants.size(), Double.NaN, "").region(reg).label(ens.weights()));
		}
		// whole-fit parameters on a bound that belong to no state (a shared Coster-Kronig broadening, the background)
		for (String b : r.fit.atBound()) {
			boolean own = false;
			for (XpsFitResult.State s : r.states) if (s.boundParameters.contains(b)) own = true;
			if (!own) res.add(ResultRow.of("parameter_at_bound", r.fit.value(b), Double.NaN, "").region(reg).label(b)
				.flag(append(cf, Flags.AT_BOUND)));
		}
		String[] allFlags = r.fit.atBound().isEmpty() ? cf : append(cf, Flags.AT_BOUND);
		res.add(ResultRow.of("reduced_chi2", r.fit.reducedChiSquare(), Double.NaN, "").region(reg).flag(allFlags));
		res.add(ResultRow.of("shift_applied", shift, Double.NaN, "eV").region(reg).label(shiftLabel).flag(cf));
		res.add(ResultRow.of("snr", r.snr, Double.NaN, "").region(reg).flag(cf));
		res.add(ResultRow.of("background", Double.NaN, Double.NaN, "").region(reg).label(r.backgroundKey()));
		res.add(ResultRow.of("uncertainty_method", Double.NaN, Double.NaN, "").region(reg)
			.label((mc ? "monte-carlo:" + r.monteCarloConverged : "covariance")
				+ (ens != null ? "+model-ensemble:" + ens.variants.size() : "")));
		res.add(ResultRow.of("photon_energy", photonEnergy, Double.NaN, "eV").region(reg));
		if (!r.states.isEmpty()) {
			Imfp im = imfp(p);
			double pos = r.states.get(0).position;
			double ke = Imfp.kineticEnergy(photonEnergy, pos, p.number("work-function"));
			if (ke > 0) {
				double l = im.nm(ke);
				res.add(ResultRow.of("imfp", l, 0.11 * l, "nm").region(reg).label("TPP-2M"));
				res.add(ResultRow.of("information_depth", 3 * l * Math.cos(Math.toRadians(p.number("emission-angle"))),
					0.33 * l, "nm").region(reg).label("3*IMFP*cos(theta)"));
			}
		}
	}

	static String[] append(String[] a, String b) {
		String[] c = java.util.Arrays.copyOf(a, a.length + 1);
		c[a.length] = b;
		return c;
	}

	static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

	/**
	 * The fit as a CasaXPS user reads it: binding energy falling to the right; data, background, each component on
	 * the background, envelope; the residuals drawn above the spectrum (offset, unscaled) with their zero line.
	 */
	static Figure figure(XpsFitResult r, XpsTemplate t, String regionName) {
		double[] x = r.fit.x(), bg = r.fit.background(), y = r.fit.y(), env = r.fit.envelope(), res = r.fit.residuals();
		Figure f = new Figure("fit", t.name + " fit" + (regionName == null || regionName.isEmpty() ? "" : " (" + regionName + ")"),
			"Binding Energy (eV)", "Counts").reversedX(true);
		f.points("data", x, y, null, "#000000");
		f.line("background", x, bg, "#7f7f7f");
		int k = 0;
		for (Map.Entry<String, double[]> e : r.fit.componentCurves().entrySet()) {
			if (e.getKey().equals("bg") || e.getKey().startsWith("bg_")) continue;
			double[] c = e.getValue().clone();
			for (int i = 0; i < c.length; i++) c[i] += bg[i];
			f.line(e.getKey(), x, c, COLORS[k++ % COLORS.length]);
		}
		f.line("envelope", x, env, "#ff7f0e");
		double top = Double.NEGATIVE_INFINITY, ss = 0, lowest = Double.POSITIVE_INFINITY;
		for (int i = 0; i < x.length; i++) {
			top = Math.max(top, Math.max(y[i], env[i]));
			ss += res[i] * res[i];
			lowest = Math.min(lowest, res[i]);
		}
		double rms = Math.sqrt(ss / Math.max(1, x.length));
		// the residual band sits just above the highest point; its zero line shows where the fit is exact
		double offset = top - Math.min(lowest, -3 * rms) + rms;
		double[] shifted = new double[x.length], zero = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			shifted[i] = res[i] + offset;
			zero[i] = offset;
		}
		f.line(String.format(Locale.ROOT, "residuals (+%.0f)", offset), x, shifted, "#bcbd22");
		f.line("residual zero", x, zero, "#c7c7c7");
		return f;
	}

	static final List<String> COMPONENT_COLUMNS = List.of("component", "state", "shape", "position", "position_sd",
		"fwhm", "fwhm_sd", "area", "area_sd", "area_pct", "area_pct_sd", "position_constraint", "fwhm_constraint",
		"area_constraint", "other_constraints", "flags");

	/**
	 * The component table (CasaXPS' "Regions/Components" view): one row per fitted component with position, FWHM,
	 * area and area % and their standard deviations, and the constraints it was fitted under. Position, FWHM and
	 * area of a state's main component are the numbers of its contract rows.
	 */
	static Table componentTable(XpsFitResult r) {
		Table t = new Table("xps-components", "XPS components", COMPONENT_COLUMNS);
		for (XpsFitResult.ComponentRow c : r.components())
			t.row(c.name, c.state, c.shape + (c.doublet ? " doublet" : ""), c.position, c.positionSd, c.fwhm, c.fwhmSd,
				c.area, c.areaSd, c.areaPercent, c.areaPercentSd, c.positionConstraint, c.fwhmConstraint,
				c.areaConstraint, c.otherConstraints, c.atBound ? Flags.AT_BOUND : "");
		return t;
	}

	AnalysisResult mapResult(AnalysisResult res, Region reg, double[] be, XpsTemplate t, XpsFit.Options o, Params p,
		AnalysisContext ctx, double shift, String shiftLabel, boolean negative) throws AnalysisException
	{
		XpsMapFit.Result m = XpsMapFit.fit(be, reg.data, reg.height, reg.width, t, o, ctx.threads);
		// the model ensemble runs on the summed spectrum only (its cost is that of ~25 fits; pixels get one fast fit)
		XpsEnsemble.Result ens = ensemble(p) ? XpsEnsemble.fit(be, sumSpectra(reg), t, o) : null;
		addRows(res, m.sum, ens, "", shift, shiftLabel, negative, p, reg.photonEnergy);
		res.figure(figure(m.sum, t, "summed spectrum"));
		res.table(componentTable(m.sum));
		double ps = 1;
		String unit = "px";
		if (reg.signal.ndim() == 3) {
			Axis ax = reg.signal.axis(1);
			if (ax.isCalibrated()) {
				ps = ax.scale;
				unit = ax.units;
			}
		}
		int np = reg.height * reg.width;
		for (int k = 0; k < m.sum.states.size(); k++) {
			String name = m.sum.states.get(k).name;
			res.map(Signal.image("fraction_" + name, reg.width, reg.height, m.fraction[k], ps, unit));
			double s = 0, s2 = 0;
			int c = 0;
			for (int i = 0; i < np; i++) {
				double v = m.fraction[k][i];
				if (Double.isNaN(v) || !m.converged[i]) continue;
				s += v;
				s2 += v * v;
				c++;
			}
			double mean = c > 0 ? s / c : Double.NaN, sd = c > 1 ? Math.sqrt(Math.max(0, (s2 - c * mean * mean) / (c - 1))) : Double.NaN;
			res.add(ResultRow.of("fraction_map_mean", mean, c > 0 ? sd / Math.sqrt(c) : Double.NaN, "fraction")
				.region("component:" + name).label(name));
			res.add(ResultRow.of("fraction_map_sd", sd, Double.NaN, "fraction").region("component:" + name).label(name));
		}
		res.add(ResultRow.of("n_pixels_converged", m.nConverged, Double.NaN, "").flag(m.nConverged < np ? new String[] {Flags.FIT_NOT_CONVERGED} : new String[0]));
		return res;
	}

	@Override
	public List<ResultRow> summarize(String sampleId, List<AnalysisResult> perInput) {
		// depth series: fractions of the same states at several photon energies
		TreeMap<Double, AnalysisResult> byHv = new TreeMap<>();
		for (AnalysisResult r : perInput) {
			ResultRow hv = r.find("photon_energy");
			if (hv == null || r.find("information_depth") == null) continue;
			byHv.putIfAbsent(hv.value, r);
		}
		List<ResultRow> out = new ArrayList<>();
		if (byHv.size() < 2) return out;
		for (Map.Entry<Double, AnalysisResult> e : byHv.entrySet()) {
			String hv = String.format(Locale.ROOT, "hv=%.1f", e.getKey());
			ResultRow depth = e.getValue().find("information_depth");
			out.add(ResultRow.of("information_depth", depth.value, depth.uncertainty, "nm").region(hv));
			for (ResultRow r : e.getValue().rows())
				if (r.quantity.equals("fraction"))
					out.add(ResultRow.of("depth_fraction", r.value, r.uncertainty, "fraction").region(hv + ";" + r.region)
						.label(r.label).flag(r.flags.isEmpty() ? new String[0] : r.flags.split(";")));
		}
		return out;
	}
}
