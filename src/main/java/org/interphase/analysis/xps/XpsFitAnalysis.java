package org.interphase.analysis.xps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.Table;
import org.interphase.core.xps.XpsEnsemble;
import org.interphase.core.xps.Imfp;
import org.interphase.core.xps.SensitivityFactors;
import org.interphase.core.xps.XpsFit;
import org.interphase.core.xps.XpsFitResult;
import org.interphase.core.xps.XpsMapFit;
import org.interphase.core.xps.XpsPipeline;
import org.interphase.core.xps.XpsPipelineOptions;
import org.interphase.core.xps.XpsPipelineResult;
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

	/** A map too large for memory is fitted in tiles of rows. */
	@Override
	public boolean streamsSpectra() {
		return true;
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
		XpsPipelineOptions o = pipelineOptions(p, t, ctx);
		XpsPipelineResult r;
		try {
			r = XpsPipeline.run(input, o);
		}
		catch (XpsPipeline.InputException e) {
			throw new AnalysisException(e.getMessage());
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage());
		}
		return result(r, t, p);
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

	/** Everything the pipeline needs besides the file. */
	XpsPipelineOptions pipelineOptions(Params p, XpsTemplate t, AnalysisContext ctx) throws AnalysisException {
		XpsPipelineOptions.Builder b = XpsPipelineOptions.builder().template(t).fit(options(p, t, ctx))
			.region(p.text("region")).shift(p.number("shift")).referencePeak(p.text("reference-peak"))
			.allLevels(p.text("levels").equals("all")).ensemble(ensemble(p)).ratioTo(p.text("ratio-to"))
			.photonEnergy(p.number("photon-energy")).imfp(imfp(p)).workFunction(p.number("work-function"))
			.emissionAngle(p.number("emission-angle"));
		if (!p.text("ratio-to").isEmpty()) try {
			b.sensitivityFactors(p.text("rsf").isEmpty() ? SensitivityFactors.builtIn()
				: SensitivityFactors.load(Path.of(p.text("rsf"))));
		}
		catch (IOException | IllegalArgumentException e) {
			throw new AnalysisException("cannot read the RSF table: " + e.getMessage());
		}
		return b.build();
	}

	// ---- the pipeline's result as rows, figures and tables ----

	AnalysisResult result(XpsPipelineResult r, XpsTemplate t, Params p) {
		AnalysisResult res = new AnalysisResult();
		for (String w : r.warnings) res.warn(w);
		switch (r.kind) {
			case MAP:
				return mapRows(res, r, t, p);
			case SAMPLES:
				return samplesRows(res, r, t, p);
			case PROFILE:
				return profileRows(res, r, t, p);
			default:
				return spectrumRows(res, r, t, p);
		}
	}

	AnalysisResult spectrumRows(AnalysisResult res, XpsPipelineResult run, XpsTemplate t, Params p) {
		XpsPipelineResult.Fitted f = run.fits.get(0);
		addRows(res, f, run, p);
		XpsPipelineResult.AtomicRatio q = run.atomicRatio;
		if (q != null) {
			ResultRow row = ResultRow.of("atomic_ratio", q.value, q.sd, "").label(q.label);
			res.add(q.converged ? row : row.flag(Flags.FIT_NOT_CONVERGED));
		}
		res.figure(figure(f.fit, t, run.region.name));
		res.table(componentTable(f.fit));
		if (!f.fit.fit.converged()) res.warn("fit did not converge: " + f.fit.fit.message());
		return res;
	}

	/**
	 * Several samples in one file: each sample's rows under region {@code sample:ID;} (then {@code level:i;} when
	 * the sample holds the region several times) and carrying the sample identifier as their sample ID.
	 */
	AnalysisResult samplesRows(AnalysisResult res, XpsPipelineResult run, XpsTemplate t, Params p) {
		boolean first = true;
		for (XpsPipelineResult.Fitted f : run.fits) {
			AnalysisResult one = new AnalysisResult();
			addRows(one, f, run, p);
			for (ResultRow row : one.rows()) res.add(row.context(f.sample, row.technique, row.analysis, row.source));
			for (String w : one.warnings()) res.warn(w);
			if (!f.fit.fit.converged()) res.warn(f.prefix + " fit did not converge: " + f.fit.fit.message());
			if (first) {
				res.figure(figure(f.fit, t, f.sample));
				res.table(componentTable(f.fit));
				first = false;
			}
		}
		return res;
	}

	/**
	 * A depth profile: rows of level i under region {@code level:i;} (the single-spectrum rows) plus
	 * {@code level_value} (the experimental variable, e.g. etch time, or the level number); a table and a figure of
	 * each state's fraction against it.
	 */
	AnalysisResult profileRows(AnalysisResult res, XpsPipelineResult run, XpsTemplate t, Params p) {
		List<XpsPipelineResult.Fitted> fits = run.fits;
		int nl = fits.size();
		double[] xs = run.levelValues;
		String varName = run.levelVariable, unit = run.levelUnit, name = run.region.name;
		for (int i = 0; i < nl; i++) {
			XpsPipelineResult.Fitted f = fits.get(i);
			String reg = "level:" + i;
			res.add(ResultRow.of("level_value", xs[i], Double.NaN, unit).region(reg).label(varName));
			addRows(res, f, run, p);
			if (!f.fit.fit.converged()) res.warn(reg + ": fit did not converge: " + f.fit.fit.message());
		}
		String xLabel = varName + (unit.isEmpty() ? "" : " (" + unit + ")");
		Figure fig = new Figure("depth-profile", name + " depth profile", xLabel, "fraction");
		List<String> cols = new ArrayList<>(List.of("level", varName));
		List<String> states = new ArrayList<>();
		for (XpsFitResult.State st : fits.get(0).fit.states) states.add(st.name);
		for (int k = 0; k < states.size(); k++) {
			double[] f = new double[nl], sd = new double[nl];
			for (int i = 0; i < nl; i++) {
				double[] v = fits.get(i).fraction(k);
				f[i] = v[0];
				sd[i] = v[1];
			}
			fig.points(states.get(k), xs, f, sd, COLORS[k % COLORS.length]);
			cols.add(states.get(k) + "_fraction");
			cols.add(states.get(k) + "_fraction_sd");
		}
		cols.add("reduced_chi2");
		Table tab = new Table("depth-profile", name + " depth profile", cols);
		for (int i = 0; i < nl; i++) {
			List<Object> row = new ArrayList<>(List.of(i, xs[i]));
			for (int k = 0; k < fits.get(i).fit.states.size(); k++) {
				double[] v = fits.get(i).fraction(k);
				row.add(v[0]);
				row.add(v[1]);
			}
			row.add(fits.get(i).fit.fit.reducedChiSquare());
			tab.row(row.toArray());
		}
		res.figure(fig);
		res.figure(figure(fits.get(0).fit, t, name + " (level 0)"));
		res.table(tab);
		return res;
	}

	/** The rows of one fitted spectrum, under its region prefix. */
	void addRows(AnalysisResult res, XpsPipelineResult.Fitted fitted, XpsPipelineResult run, Params p) {
		XpsFitResult r = fitted.fit;
		XpsEnsemble.Result ens = fitted.ensemble;
		String regionPrefix = fitted.prefix;
		List<String> common = new ArrayList<>();
		if (!r.fit.converged()) common.add(Flags.FIT_NOT_CONVERGED);
		if (r.lowSnr) common.add(Flags.LOW_SNR);
		if (fitted.negative) common.add(NEGATIVE_COUNTS);
		XpsFitResult judged = fitted.defaultStatesFit();
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
		res.add(ResultRow.of("shift_applied", run.shift, Double.NaN, "eV").region(reg).label(run.shiftLabel).flag(cf));
		res.add(ResultRow.of("snr", r.snr, Double.NaN, "").region(reg).flag(cf));
		res.add(ResultRow.of("background", Double.NaN, Double.NaN, "").region(reg).label(r.backgroundKey()));
		res.add(ResultRow.of("uncertainty_method", Double.NaN, Double.NaN, "").region(reg)
			.label((mc ? "monte-carlo:" + r.monteCarloConverged : "covariance")
				+ (ens != null ? "+model-ensemble:" + ens.variants.size() : "")));
		res.add(ResultRow.of("photon_energy", fitted.photonEnergy, Double.NaN, "eV").region(reg));
		if (fitted.hasDepth) {
			double l = fitted.imfp;
			res.add(ResultRow.of("imfp", l, 0.11 * l, "nm").region(reg).label("TPP-2M"));
			res.add(ResultRow.of("information_depth", fitted.informationDepth, 0.33 * l, "nm").region(reg)
				.label("3*IMFP*cos(theta)"));
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

	AnalysisResult mapRows(AnalysisResult res, XpsPipelineResult run, XpsTemplate t, Params p) {
		XpsMapFit.Result m = run.map;
		addRows(res, run.fits.get(0), run, p);
		res.figure(figure(m.sum, t, "summed spectrum"));
		res.table(componentTable(m.sum));
		for (int k = 0; k < run.mapSummaries.size(); k++) {
			XpsPipelineResult.MapSummary s = run.mapSummaries.get(k);
			res.map(Signal.image("fraction_" + s.state, m.width, m.height, m.fraction[k], run.pixelSize, run.pixelUnit));
			res.add(ResultRow.of("fraction_map_mean", s.mean, s.pixels > 0 ? s.sd / Math.sqrt(s.pixels) : Double.NaN,
				"fraction").region("component:" + s.state).label(s.state));
			res.add(ResultRow.of("fraction_map_sd", s.sd, Double.NaN, "fraction").region("component:" + s.state)
				.label(s.state));
		}
		int np = m.width * m.height;
		res.add(ResultRow.of("n_pixels_converged", m.nConverged, Double.NaN, "").flag(m.nConverged < np
			? new String[] {Flags.FIT_NOT_CONVERGED} : new String[0]));
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
