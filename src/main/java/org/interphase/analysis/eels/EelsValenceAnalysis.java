package org.interphase.analysis.eels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.EnergyUnits;
import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.eels.InterfaceSide;
import org.interphase.core.eels.Mlls;
import org.interphase.core.eels.ValenceMapper;
import org.interphase.core.eels.ValenceProfile;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;

/**
 * {@code eels-valence}: Ti3+/Ti4+ along an EELS line scan (or over a spectrum image, or in one spectrum) from the
 * Ti L2,3 edge. Glue only: reads parameters and references, runs {@link ValenceMapper} and
 * {@link ValenceProfile}, and turns the numbers into contract rows, figures and maps.
 */
public final class EelsValenceAnalysis implements Analysis {
	/** Per-pixel rows are written for spectrum images up to this many pixels (maps carry the rest). */
	static final int MAX_PIXEL_ROWS = 400;

	@Override
	public String command() {
		return "eels-valence";
	}

	@Override
	public String technique() {
		return "eels";
	}

	@Override
	public String name() {
		return "eels-valence";
	}

	@Override
	public String menu() {
		return "EELS";
	}

	@Override
	public String title() {
		return "EELS Ti Valence";
	}

	@Override
	public boolean worksOnImages() {
		return false;
	}

	@Override
	public String description() {
		return "Ti3+/Ti4+ fraction along an EELS line scan, over a spectrum image or in one spectrum, from the Ti L2,3 " +
			"edge: per-spectrum energy alignment (zero-loss peak of a low-loss scan, or the O K edge), power-law " +
			"background, Poisson-weighted MLLS of Ti3+ and Ti4+ references (or the reference-free L3 centroid), the " +
			"interface from the Ti L signal and the depth where Ti3+ falls through one half, with its uncertainty.";
	}

	@Override
	public List<Param> params() {
		return List.of(
			Param.repeatable("ref", "reference spectrum per valence: Ti3+=FILE and Ti4+=FILE (e.g. Ti2O3 and TiO2 " +
				"standards), read like any input").existingFiles(),
			Param.of(ValenceMapper.Options.METHOD),
			Param.text("ref-positions", "", "take the references from the scan: Ti3+ positions A:B and Ti4+ positions " +
				"C:D (0-based, inclusive), e.g. 2:5,60:69; rows are flagged references-from-scan"),
			Param.text("background-window", "", "pre-edge window for the power law, 'start,end' in eV (empty: " +
				"automatic, 30 to 4 eV before the Ti L onset)"),
			Param.text("fit-window", "", "MLLS window 'start,end' in eV (empty: automatic, Ti L onset -4 to +22 eV)"),
			Param.of(ValenceMapper.Options.ALIGN),
			Param.of(ValenceMapper.Options.SHIFT),
			Param.of(ValenceMapper.Options.MAX_SHIFT),
			Param.of(ValenceMapper.Options.REF_BROADENING),
			Param.file("low-loss", "low-loss scan recorded with the core-loss scan (same positions) for zero-loss " +
				"alignment"),
			Param.text("interface", "auto", "where the interface is: start or end of the scan, a position along the " +
				"scan in its length unit, or auto (the Ti L signal's rise to half its bulk level; when Ti is present " +
				"along the whole scan, the end with the higher Ti3+ fraction)"),
			Param.of(ValenceMapper.Options.L3_TI3),
			Param.of(ValenceMapper.Options.L3_TI4),
			Param.text("l3-window", "", "L3 centroid window 'start,end' in eV (empty: Ti L onset -1.5 to +5.5 eV)"),
			Param.of(ValenceMapper.Options.SEPARATE_BACKGROUND),
			Param.integer("show-position", -1, "position (0-based) shown in the spectrum-fit figure; -1: the one " +
				"whose fraction is nearest 0.5"),
			Param.flag("series", "a folder (or several files given together) of single spectra, one per probe " +
				"position as DigitalMicrograph exports a line scan to EMSA/MSA, is one line scan (file names in " +
				"natural order)"),
			Param.number("step", Double.NaN, "nm", "distance between the positions of a line scan whose file has no " +
				"spatial calibration (e.g. an EMSA series without probe positions)").positive(1e9));
	}

	@Override
	public boolean streamsSpectra() {
		return true;
	}

	@Override
	public boolean folderIsSeries(Params params) {
		return params.flag("series");
	}

	@Override
	public List<String> extensions() {
		return List.of("csv", "dm3", "dm4", "msa", "ems", "emsa", "emi", "ser", "txt");
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		Signal s = withStep(moveEnergyLast(pickSignal(input)), params);
		ValenceMapper.Options o = options(params, context.threads);
		Path base = input.source.isEmpty() ? null : Paths.get(input.source).toAbsolutePath().getParent();
		double[][][] refs = null;
		List<String> refEntries = params.list("ref");
		if (!refEntries.isEmpty()) refs = readReferences(refEntries, base);
		if (params.isSet("ref-positions")) {
			o = o.toBuilder().referencePositions(positions(params.text("ref-positions"))).build();
			refs = null;
		}
		// the low-loss scan of a streamed core-loss image is streamed too (its spectra may not fit beside the tiles)
		SpectrumTiles low = null;
		if (params.isSet("low-loss")) low = spectra(read(resolve(params.text("low-loss"), base), "low-loss scan",
			SpectrumTiles.in(input) != null));
		int n = s.count(1);
		if (s.ndim() == 3) o = o.toBuilder().rowLength(s.size(1)).build();
		// a spectrum image too large for memory comes in tiles of rows (issue 23); the signal then has its axes only
		SpectrumTiles sp = SpectrumTiles.in(input);
		if (sp != null) sp = inEv(sp);
		else sp = SpectrumTiles.of(s.data(), s.ndim() == 3 ? s.size(0) : n, s.ndim() == 3 ? s.size(1) : 1, s
			.lastAxis());
		ValenceMapper.Result r;
		try {
			r = ValenceMapper.run(sp, low, refs, o, context.progress);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage(), e);
		}
		AnalysisResult out = new AnalysisResult();
		for (String w : r.warnings) out.warn(w);
		String common = o.referencePositions != null ? Flags.REFERENCES_FROM_SCAN : "";
		if (s.ndim() == 3) spectrumImage(s, r, common, out);
		else if (s.ndim() == 2 && n > 1) lineScan(s, r, params, common, out);
		else single(r, common, out);
		settings(r, out, o);
		out.figure(spectrumFigure(sp, r, params.integer("show-position"), n));
		return out;
	}

	/**
	 * Over several line scans of one sample: the inverse-variance weighted mean of the depths that crossed 0.5
	 * ({@code ti3_dominant_depth_mean}, its uncertainty the larger of the weighted-mean error and the scatter's
	 * standard error), and how many scans were never Ti3+-dominated.
	 */
	@Override
	public List<ResultRow> summarize(String sampleId, List<AnalysisResult> perInput) {
		List<ResultRow> out = new ArrayList<>();
		double sw = 0, swx = 0;
		List<Double> vals = new ArrayList<>();
		int never = 0, scans = 0;
		String unit = "nm";
		for (AnalysisResult r : perInput) {
			ResultRow d = r.find("ti3_dominant_depth");
			if (d == null) continue;
			scans++;
			unit = d.unit;
			if (d.flags.contains("never-ti3-dominant")) never++;
			if (d.hasUncertainty() && d.uncertainty > 0 && !Double.isNaN(d.value)) {
				double w = 1 / (d.uncertainty * d.uncertainty);
				sw += w;
				swx += w * d.value;
				vals.add(d.value);
			}
		}
		if (scans < 2) return out;
		out.add(ResultRow.of("n_scans", scans, Double.NaN, ""));
		out.add(ResultRow.of("n_scans_never_ti3_dominant", never, Double.NaN, ""));
		if (sw > 0) {
			double mean = swx / sw, err = Math.sqrt(1 / sw);
			if (vals.size() > 1) {
				double q = 0;
				for (double v : vals) q += (v - mean) * (v - mean);
				err = Math.max(err, Math.sqrt(q / (vals.size() - 1) / vals.size()));
			}
			out.add(ResultRow.of("ti3_dominant_depth_mean", mean, err, unit));
		}
		return out;
	}

	/** A line scan without spatial calibration gets the stated step (nm); a calibrated one keeps its own. */
	static Signal withStep(Signal s, Params params) throws AnalysisException {
		double step = params.number("step");
		if (Double.isNaN(step)) return s;
		if (s.ndim() != 2 || s.axis(0).isCalibrated()) return s;
		List<Axis> axes = new java.util.ArrayList<>(s.axes());
		axes.set(0, new Axis("distance", s.size(0), step, 0, "nm"));
		return new Signal(s.name, s.dtype, s.shape(), axes, s.data(), null, s.metadata());
	}

	// ---------------------------------------------------------------------------------------------------- rows

	private static void single(ValenceMapper.Result r, String common, AnalysisResult out) {
		if (!r.tiPresent[0]) {
			out.add(ResultRow.of("ti3_fraction", Double.NaN, Double.NaN, "fraction").flag(r.flags[0], "no-ti-signal"));
			return;
		}
		out.add(ResultRow.of("ti3_fraction", r.fraction[0], r.fractionSd[0], "fraction").flag(r.flags[0], common));
		out.add(ResultRow.of("energy_shift", r.shift[0], Double.NaN, "eV"));
		out.add(ResultRow.of("ti_l_intensity", r.tiIntensity[0], r.tiSd[0], "counts"));
		out.add(ResultRow.of("reduced_chi2", r.chi2r[0], Double.NaN, ""));
		if (r.fraction[0] >= 0.5) out.add(ResultRow.of("dominant_valence", r.fraction[0], r.fractionSd[0], "fraction")
			.label("Ti3+"));
		else out.add(ResultRow.of("dominant_valence", 1 - r.fraction[0], r.fractionSd[0], "fraction").label("Ti4+"));
	}

	private static void lineScan(Signal s, ValenceMapper.Result r, Params params, String common,
		AnalysisResult out) throws AnalysisException
	{
		int n = r.n;
		Axis ax = s.axis(0);
		boolean calibrated = ax.isCalibrated() && !ax.units.isEmpty() && !ax.units.equals("px");
		String unit = calibrated ? ax.units : "px";
		String uncal = calibrated ? "" : Flags.UNCALIBRATED;
		if (!calibrated) out.warn("the scan has no spatial calibration: distances are in positions (px)");
		double[] x = ax.values();
		if (!calibrated) for (int i = 0; i < n; i++) x[i] = i;
		ScanInterface itf = locateInterface(x, r, params, out);
		boolean reversed = itf.reversed;
		out.add(ResultRow.of("interface_side", reversed ? 1 : 0, Double.NaN, "").label((reversed ? "end" : "start") +
			": " + itf.how));
		double[] d = new double[n];
		for (int i = 0; i < n; i++) d[i] = reversed ? itf.position - x[i] : x[i] - itf.position;
		out.add(ResultRow.of("interface_position", itf.position, itf.sd, unit).flag(uncal, itf.flag));
		boolean hasO = !Double.isNaN(r.oOnset);
		addPositionRows(d, r, unit, uncal, common, hasO, out);
		addDepthProfile(d, r, itf, unit, uncal, common, out);
		Figure el = new Figure("element-profiles", "Integrated edge intensities", "distance (" + unit + ")",
			"intensity (counts)");
		el.line("Ti L", d, r.tiIntensity, "#2980b9");
		if (hasO) el.line("O K", d, r.oIntensity, "#27ae60");
		out.figure(el);
	}

	/** Where the interface lies along a line scan, at which end, how that was decided, and its flag. */
	private static final class ScanInterface {
		final double position, sd;
		final String flag, how;
		final boolean reversed;

		ScanInterface(double position, double sd, String flag, boolean reversed, String how) {
			this.position = position;
			this.sd = sd;
			this.flag = flag;
			this.reversed = reversed;
			this.how = how;
		}
	}

	/** Side and position of the interface: stated, or from the Ti L signal, else from the valence profile. */
	private static ScanInterface locateInterface(double[] x, ValenceMapper.Result r, Params params, AnalysisResult out)
		throws AnalysisException
	{
		double itf, itfSd;
		String itfFlag = "";
		String given = params.text("interface").trim().toLowerCase(Locale.ROOT);
		InterfaceSide.Mode mode = given.equals("start") ? InterfaceSide.Mode.START : given.equals("end")
			? InterfaceSide.Mode.END : InterfaceSide.Mode.AUTO;
		InterfaceSide side = InterfaceSide.locate(x, r.tiIntensity, r.tiSd, r.fraction, r.fractionSd, mode);
		boolean reversed = side.atEnd;
		if (given.isEmpty() || given.equals("auto") || mode != InterfaceSide.Mode.AUTO) {
			itf = side.position;
			itfSd = side.sd;
			itfFlag = side.flag;
			if (itfFlag.equals("interface-at-scan-start") || itfFlag.equals("interface-at-scan-end")) out.warn(
				"Ti is present from the " + (reversed ? "last" : "first") + " position: the scan begins at the interface " +
					"(or the interface lies outside it); depths are measured from that position");
			if (itfFlag.equals("interface-side-undecided")) out.warn("Ti is present along the whole scan and the Ti3+ " +
				"fraction shows no clear gradient: the interface is assumed at the start; give --interface start|end");
		}
		else {
			try {
				itf = Double.parseDouble(given);
			}
			catch (NumberFormatException e) {
				throw new AnalysisException("interface must be 'auto', 'start', 'end' or a position, not '" + given + "'");
			}
			itfSd = 0;
		}
		return new ScanInterface(itf, itfSd, itfFlag, reversed, side.how);
	}

	/** Per position: distance from the interface, Ti3+ fraction, energy shift, edge intensities. */
	private static void addPositionRows(double[] d, ValenceMapper.Result r, String unit, String uncal, String common,
		boolean hasO, AnalysisResult out)
	{
		for (int i = 0; i < r.n; i++) {
			String reg = "position:" + i;
			out.add(ResultRow.of("distance", d[i], Double.NaN, unit).region(reg).flag(uncal));
			out.add(ResultRow.of("ti3_fraction", r.fraction[i], r.fractionSd[i], "fraction").region(reg).flag(r.flags[i],
				r.tiPresent[i] ? common : ""));
			out.add(ResultRow.of("energy_shift", r.shift[i], Double.NaN, "eV").region(reg));
			out.add(ResultRow.of("ti_l_intensity", r.tiIntensity[i], r.tiSd[i], "counts").region(reg));
			if (hasO) out.add(ResultRow.of("o_k_intensity", r.oIntensity[i], Double.NaN, "counts").region(reg));
		}
	}

	/** The sigmoid fit of the Ti3+ fraction against depth: the depth where Ti3+ stops dominating, the surface and
	 * bulk fractions, the profile's width, and its figure. */
	private static void addDepthProfile(double[] d, ValenceMapper.Result r, ScanInterface itf, String unit,
		String uncal, String common, AnalysisResult out)
	{
		int n = r.n;
		ValenceProfile.Crossing c = ValenceProfile.fit(d, r.fraction, r.fractionSd, itf.sd);
		Figure prof = new Figure("ti3-profile", "Ti3+ fraction vs distance from the interface", "distance (" + unit +
			")", "Ti3+ fraction");
		prof.points("Ti3+ fraction", d, r.fraction, r.fractionSd, "#c0392b");
		if (c == null) {
			out.add(ResultRow.of("ti3_dominant_depth", Double.NaN, Double.NaN, unit).flag("too-few-positions", uncal,
				common));
			out.warn("fewer than 5 positions with a Ti signal: no profile fit");
		}
		else {
			List<String> fl = new ArrayList<>();
			if (c.neverDominant) fl.add("never-ti3-dominant");
			if (c.noCrossingInScan) fl.add("no-crossing-in-scan");
			if (!c.converged) fl.add(Flags.FIT_NOT_CONVERGED);
			fl.add(uncal);
			fl.add(common);
			fl.add(itf.flag);
			out.add(ResultRow.of("ti3_dominant_depth", c.depth, c.depthSd, unit).flag(fl.toArray(new String[0])));
			out.add(ResultRow.of("ti3_fraction_surface", c.params[0], Double.NaN, "fraction"));
			out.add(ResultRow.of("ti3_fraction_bulk", c.params[1], Double.NaN, "fraction"));
			out.add(ResultRow.of("profile_width", c.params[3], Double.NaN, unit).flag(uncal));
			out.add(ResultRow.of("profile_reduced_chi2", c.chi2r, Double.NaN, ""));
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < n; i++) if (!Double.isNaN(r.fraction[i])) {
				lo = Math.min(lo, d[i]);
				hi = Math.max(hi, d[i]);
			}
			int m = 200;
			double[] fx = new double[m], fy = new double[m];
			for (int i = 0; i < m; i++) {
				fx[i] = lo + (hi - lo) * i / (m - 1);
				fy[i] = c.at(fx[i]);
			}
			prof.line("sigmoid fit", fx, fy, "#2c3e50");
			if (!c.neverDominant && !c.noCrossingInScan) prof.line("depth", new double[] { c.depth, c.depth },
				new double[] { 0, 1 }, "#7f8c8d");
		}
		out.figure(prof);
	}

	private static void spectrumImage(Signal s, ValenceMapper.Result r, String common, AnalysisResult out) {
		int ny = s.size(0), nx = s.size(1), n = r.n;
		List<Axis> axes = List.of(s.axis(0), s.axis(1));
		double[] f = r.fraction.clone(), sd = r.fractionSd.clone(), ti = r.tiIntensity.clone(), sh = r.shift.clone();
		out.map(new Signal("ti3_fraction", "float32", new int[] { ny, nx }, axes, f));
		out.map(new Signal("ti3_fraction_sd", "float32", new int[] { ny, nx }, axes, sd));
		out.map(new Signal("ti_l_intensity", "float32", new int[] { ny, nx }, axes, ti));
		out.map(new Signal("energy_shift", "float32", new int[] { ny, nx }, axes, sh));
		double sum = 0, sum2 = 0;
		int m = 0;
		double[] vals = new double[n];
		for (int i = 0; i < n; i++) if (!Double.isNaN(f[i])) {
			sum += f[i];
			sum2 += f[i] * f[i];
			vals[m++] = f[i];
		}
		out.add(ResultRow.of("n_pixels_with_ti", m, Double.NaN, ""));
		if (m > 0) {
			double mean = sum / m;
			double var = m > 1 ? (sum2 - m * mean * mean) / (m - 1) : Double.NaN;
			// the reference mismatch does not average out over pixels: it adds to the standard error
			double se = Math.sqrt(Math.max(0, var) / m), sys = 0;
			if (r.systematic != null) {
				double[] g = r.systematic;
				double t = g[2] > g[0] ? Math.max(0, Math.min(1, (mean - g[0]) / (g[2] - g[0]))) : 0.5;
				sys = g[1] + t * (g[3] - g[1]);
				if (Double.isNaN(sys)) sys = 0;
			}
			out.add(ResultRow.of("ti3_fraction_mean", mean, Math.hypot(se, sys), "fraction").flag(common));
			Arrays.sort(vals, 0, m);
			out.add(ResultRow.of("ti3_fraction_median", vals[m / 2], Double.NaN, "fraction").flag(common));
			out.add(ResultRow.of("ti3_dominant_area_fraction", countAbove(vals, m) / (double) m, Double.NaN, "fraction")
				.flag(common));
		}
		if (n <= MAX_PIXEL_ROWS) for (int i = 0; i < n; i++) out.add(ResultRow.of("ti3_fraction", f[i], sd[i],
			"fraction").region("x=" + (i % nx) + ";y=" + (i / nx)).flag(r.flags[i], r.tiPresent[i] ? common : ""));
	}

	private static int countAbove(double[] v, int m) {
		int c = 0;
		for (int i = 0; i < m; i++) if (v[i] > 0.5) c++;
		return c;
	}

	private static void settings(ValenceMapper.Result r, AnalysisResult out, ValenceMapper.Options o) {
		out.add(ResultRow.of("ti_l_onset", r.onset, Double.NaN, "eV"));
		out.add(ResultRow.of("background_window_start", r.backgroundWindow[0], Double.NaN, "eV"));
		out.add(ResultRow.of("background_window_end", r.backgroundWindow[1], Double.NaN, "eV"));
		out.add(ResultRow.of("fit_window_start", r.fitWindow[0], Double.NaN, "eV"));
		out.add(ResultRow.of("fit_window_end", r.fitWindow[1], Double.NaN, "eV"));
		out.add(ResultRow.of("common_energy_shift", r.commonShift, r.commonShiftSd, "eV").label(r.alignedBy).flag(Math
			.abs(r.commonShift) > ValenceMapper.LARGE_SHIFT ? ValenceMapper.LARGE_ENERGY_SHIFT : ""));
		if (r.references != null) {
			out.add(ResultRow.of("reference_broadening", r.referenceBroadening, Double.NaN, "eV"));
			// which background case applied to each reference; value = its pre-edge before the rise (eV)
			for (org.interphase.core.eels.Reference ref : r.references) out.add(ResultRow.of("reference_pre_edge",
				ref.preEdge, Double.NaN, "eV").label(ref.name + ": " + backgroundCase(ref)).flag(ref.background ==
					org.interphase.core.eels.Reference.Background.NONE ? ValenceMapper.REFERENCES_WITHOUT_BACKGROUND : ""));
		}
		if (r.systematic != null) {
			out.add(ResultRow.of("reference_mismatch_sd", r.systematic[1], Double.NaN, "fraction").label("at Ti3+ " +
				String.format(Locale.ROOT, "%.2f", r.systematic[0])));
			out.add(ResultRow.of("reference_mismatch_sd", r.systematic[3], Double.NaN, "fraction").label("at Ti3+ " +
				String.format(Locale.ROOT, "%.2f", r.systematic[2])));
		}
		double[] ex = finite(r.exponent), chi = finite(r.chi2r);
		if (ex.length > 0) {
			double me = median(ex);
			out.add(ResultRow.of("background_exponent", me, sd(ex), "").flag(me >= ValenceMapper.MIN_EXPONENT &&
				me <= ValenceMapper.MAX_EXPONENT ? "" : ValenceMapper.IMPLAUSIBLE_BACKGROUND));
		}
		if (chi.length > 0) out.add(ResultRow.of("reduced_chi2", median(chi), Double.NaN, ""));
		if (o.method == ValenceMapper.Method.L3_SHIFT) {
			out.add(ResultRow.of("l3_calibration", r.l3Ti3, Double.NaN, "eV").label("Ti3+"));
			out.add(ResultRow.of("l3_calibration", r.l3Ti4, Double.NaN, "eV").label("Ti4+"));
		}
	}

	private static String backgroundCase(org.interphase.core.eels.Reference ref) {
		switch (ref.background) {
		case NONE: return "background-subtracted as given, used as it is";
		case FITTED_OWN_PRE_EDGE: return "power law fitted in its own pre-edge and subtracted";
		case SCALED_SHORT_PRE_EDGE: return "pre-edge under 3 eV: power law r=3 scaled to it and subtracted";
		default: return "power law fitted in the pre-edge window and subtracted";
		}
	}

	private static double[] finite(double[] v) {
		return Arrays.stream(v).filter(d -> !Double.isNaN(d) && !Double.isInfinite(d)).toArray();
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
	}

	private static double sd(double[] v) {
		if (v.length < 2) return Double.NaN;
		double m = 0, q = 0;
		for (double d : v) m += d;
		m /= v.length;
		for (double d : v) q += (d - m) * (d - m);
		return Math.sqrt(q / (v.length - 1));
	}

	private static Figure spectrumFigure(SpectrumTiles sp, ValenceMapper.Result r, int show, int n) {
		int i = show;
		if (i < 0 || i >= n || !r.tiPresent[i]) {
			i = -1;
			double best = Double.POSITIVE_INFINITY;
			for (int k = 0; k < n; k++) if (r.tiPresent[k] && !Double.isNaN(r.fraction[k]) && Math.abs(r.fraction[k] -
				0.5) < best) {
				best = Math.abs(r.fraction[k] - 0.5);
				i = k;
			}
			if (i < 0) i = Math.max(0, Math.min(n - 1, show));
		}
		Figure f = new Figure("spectrum-fit", "Position " + i + ": background and fitted references",
			"energy loss (eV)", "counts");
		double[] e = sp.channelAxis().values();
		int ch = e.length;
		double[] spectrum = sp.spectrum(i, null);
		double lo = r.backgroundWindow[0], hi = r.fitWindow[1];
		int k0 = 0, k1 = ch - 1;
		while (k0 < ch - 1 && e[k0] - r.shift[i] < lo) k0++;
		while (k1 > 0 && e[k1] - r.shift[i] > hi) k1--;
		int m = Math.max(1, k1 - k0 + 1);
		double[] x = new double[m], y = new double[m], bg = new double[m], t3 = new double[m], t4 = new double[m],
			tot = new double[m];
		double[] bgc = r.fits[i] == null ? new double[2] : r.fits[i];
		for (int k = 0; k < m; k++) {
			double ek = e[k0 + k] - r.shift[i];
			x[k] = ek;
			y[k] = spectrum[k0 + k];
			bg[k] = r.background[i] == null ? 0 : Mlls.refined(r.background[i], bgc[0], bgc[1], ek);
			double c3 = 0, c4 = 0;
			if (r.coefficients[i] != null && r.references != null && ek >= r.fitWindow[0]) {
				c3 = r.coefficients[i][0] * r.references[0].value(ek);
				c4 = r.coefficients[i][1] * r.references[1].value(ek);
			}
			t3[k] = bg[k] + c3;
			t4[k] = bg[k] + c4;
			tot[k] = bg[k] + c3 + c4;
		}
		f.line("data", x, y, "#000000");
		f.line("background", x, bg, "#7f8c8d");
		if (r.coefficients[i] != null) {
			f.line("background + Ti3+", x, t3, "#c0392b");
			f.line("background + Ti4+", x, t4, "#2980b9");
			f.line("fit", x, tot, "#27ae60");
		}
		return f;
	}

	// --------------------------------------------------------------------------------------------- parameters

	static ValenceMapper.Options options(Params p, int threads) throws AnalysisException {
		return ValenceMapper.Options.builder()
			.threads(threads)
			.method(p.choice(ValenceMapper.Options.METHOD, ValenceMapper.Method.class))
			.align(p.choice(ValenceMapper.Options.ALIGN, ValenceMapper.Align.class))
			.shift(p.choice(ValenceMapper.Options.SHIFT, ValenceMapper.ShiftMode.class))
			.maxShift(p.number(ValenceMapper.Options.MAX_SHIFT))
			.backgroundWindow(window(p, "background-window"))
			.fitWindow(window(p, "fit-window"))
			.l3Window(window(p, "l3-window"))
			.l3Ti3(p.number(ValenceMapper.Options.L3_TI3))
			.l3Ti4(p.number(ValenceMapper.Options.L3_TI4))
			.jointBackground(!p.flag(ValenceMapper.Options.SEPARATE_BACKGROUND))
			.referenceBroadening(p.number(ValenceMapper.Options.REF_BROADENING))
			.build();
	}

	private static double[] window(Params p, String key) throws AnalysisException {
		String v = p.text(key).trim();
		if (v.isEmpty() || v.equalsIgnoreCase("auto")) return null;
		String[] parts = v.split("[,;:\\s]+");
		try {
			if (parts.length != 2) throw new NumberFormatException();
			double a = Double.parseDouble(parts[0]), b = Double.parseDouble(parts[1]);
			if (!(b > a)) throw new AnalysisException(key + " must be 'start,end' with end > start, not '" + v + "'");
			return new double[] { a, b };
		}
		catch (NumberFormatException e) {
			throw new AnalysisException(key + " must be 'start,end' in eV, not '" + v + "'");
		}
	}

	private static int[][] positions(String v) throws AnalysisException {
		String[] parts = v.trim().split("\\s*[,;]\\s*");
		if (parts.length != 2) throw new AnalysisException("ref-positions must be 'A:B,C:D' (Ti3+ then Ti4+ " +
			"positions), not '" + v + "'");
		int[][] out = new int[2][];
		for (int i = 0; i < 2; i++) {
			String[] ab = parts[i].split("[:\\-]");
			try {
				int a = Integer.parseInt(ab[0].trim()), b = ab.length > 1 ? Integer.parseInt(ab[1].trim()) : a;
				out[i] = new int[] { Math.min(a, b), Math.max(a, b) };
			}
			catch (NumberFormatException e) {
				throw new AnalysisException("ref-positions must be 'A:B,C:D' with whole numbers, not '" + v + "'");
			}
		}
		return out;
	}

	private static double[][][] readReferences(List<String> entries, Path base) throws AnalysisException {
		Map<String, double[][]> byName = new LinkedHashMap<>();
		for (String e : entries) {
			int eq = e.indexOf('=');
			if (eq <= 0) throw new AnalysisException("ref must be NAME=FILE (Ti3+=ti2o3.msa), not '" + e + "'");
			String name = e.substring(0, eq).trim().replace(" ", "");
			String key = name.equalsIgnoreCase("Ti3+") || name.equalsIgnoreCase("Ti3") ? "Ti3+" : name.equalsIgnoreCase(
				"Ti4+") || name.equalsIgnoreCase("Ti4") ? "Ti4+" : null;
			if (key == null) throw new AnalysisException("reference name '" + name + "' is not Ti3+ or Ti4+");
			Signal s = moveEnergyLast(pickSignal(read(resolve(e.substring(eq + 1).trim(), base), "reference " + key)));
			int n = s.count(1), ch = s.lastAxis().size;
			double[] sum = new double[ch];
			double[] d = s.data();
			for (int i = 0; i < n; i++) for (int k = 0; k < ch; k++) sum[k] += d[i * ch + k];
			byName.put(key, new double[][] { s.lastAxis().values(), sum });
		}
		if (!byName.containsKey("Ti3+") || !byName.containsKey("Ti4+")) throw new AnalysisException(
			"both references are needed: --ref Ti3+=FILE --ref Ti4+=FILE (got " + byName.keySet() + ")");
		return new double[][][] { byName.get("Ti3+"), byName.get("Ti4+") };
	}

	private static Path resolve(String file, Path base) {
		Path p = Paths.get(file);
		if (!p.isAbsolute() && !Files.exists(p) && base != null && Files.exists(base.resolve(file))) return base
			.resolve(file);
		return p;
	}

	private static Dataset read(Path p, String what) throws AnalysisException {
		return read(p, what, false);
	}

	/** tiles: a DM or TIA spectrum file is read in tiles whatever its size (see {@link Readers#readInTiles}). */
	private static Dataset read(Path p, String what, boolean tiles) throws AnalysisException {
		try {
			return tiles ? Readers.readInTiles(p) : Readers.read(p);
		}
		catch (IOException e) {
			throw new AnalysisException(what + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The spectra of a dataset (the low-loss scan): in tiles from the file when it was streamed (issue 23: by the rule
	 * of every spectrum file, or because the core-loss image beside it is), else its signal read whole, one spectrum
	 * a row; the energy in eV either way.
	 */
	static SpectrumTiles spectra(Dataset d) throws AnalysisException {
		SpectrumTiles t = SpectrumTiles.in(d);
		if (t != null) return inEv(t);
		Signal l = moveEnergyLast(pickSignal(d));
		return SpectrumTiles.of(l.data(), l.count(1), 1, l.lastAxis());
	}

	/** Streamed spectra on an energy axis in eV (a file's keV or meV converted as {@link #moveEnergyLast} does). */
	static SpectrumTiles inEv(SpectrumTiles t) {
		Axis e = t.channelAxis(), ev = inEv(e);
		return ev == e ? t : t.withChannelAxis(ev);
	}

	/** The axis in eV when it is in keV or meV (the same axis otherwise). */
	static Axis inEv(Axis e) {
		double toEv = EnergyUnits.eV(e.units);
		if (toEv == 1 || Double.isNaN(toEv)) return e;
		if (e.isUniform()) return new Axis(e.name, e.size, e.scale * toEv, e.offset * toEv, "eV");
		double[] v = e.values();
		for (int i = 0; i < v.length; i++) v[i] *= toEv;
		return new Axis(e.name, v, "eV");
	}

	/** The first signal with an energy axis (eV), or a clear refusal. */
	static Signal pickSignal(Dataset d) throws AnalysisException {
		for (Signal s : d.signals()) for (Axis a : s.axes()) if (isEnergy(a)) return s;
		Signal p = d.signals().isEmpty() ? null : d.primary();
		String what = p == null ? "no data" : "axes " + p.axes();
		throw new AnalysisException(d.source + ": no energy-loss axis in eV (" + what +
			"): the energy axis is not calibrated");
	}

	static boolean isEnergy(Axis a) {
		return EnergyUnits.isEnergy(a.units);
	}

	/** The same data with the energy axis last (DM spectrum images may store it first); keV (meV) converted to eV. */
	static Signal moveEnergyLast(Signal s) throws AnalysisException {
		int nd = s.ndim();
		if (nd > 3) throw new AnalysisException("a signal of " + nd + " dimensions is not a spectrum, line scan or " +
			"spectrum image");
		int ea = -1;
		for (int i = nd - 1; i >= 0; i--) if (isEnergy(s.axis(i))) {
			ea = i;
			break;
		}
		Signal out = s;
		if (ea != nd - 1) {
			int[] shape = s.shape();
			int[] perm = new int[nd];
			int j = 0;
			for (int i = 0; i < nd; i++) if (i != ea) perm[j++] = i;
			perm[nd - 1] = ea;
			int[] ns = new int[nd];
			List<Axis> axes = new ArrayList<>();
			for (int i = 0; i < nd; i++) {
				ns[i] = shape[perm[i]];
				axes.add(s.axis(perm[i]));
			}
			int[] strides = new int[nd];
			int st = 1;
			for (int i = nd - 1; i >= 0; i--) {
				strides[i] = st;
				st *= shape[i];
			}
			double[] src = s.data(), dst = new double[src.length];
			int[] idx = new int[nd];
			for (int lin = 0; lin < dst.length; lin++) {
				int o = 0;
				for (int i = 0; i < nd; i++) o += idx[i] * strides[perm[i]];
				dst[lin] = src[o];
				for (int i = nd - 1; i >= 0; i--) {
					if (++idx[i] < ns[i]) break;
					idx[i] = 0;
				}
			}
			out = new Signal(s.name, s.dtype, ns, axes, dst);
		}
		Axis e = out.lastAxis(), ev = inEv(e);
		if (ev != e) {
			List<Axis> axes = new ArrayList<>(out.axes());
			axes.set(nd - 1, ev);
			out = out.withAxes(axes);
		}
		return out;
	}
}
