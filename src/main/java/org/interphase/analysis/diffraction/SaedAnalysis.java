package org.interphase.analysis.diffraction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.LengthUnits;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.FrameSource;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.diffraction.ElectronWavelength;
import org.interphase.core.diffraction.PatternGeometry;
import org.interphase.core.diffraction.PhaseFractions;
import org.interphase.core.diffraction.PowerSpectrum;
import org.interphase.core.diffraction.PolarTransform;
import org.interphase.core.diffraction.Ring;
import org.interphase.core.diffraction.RingIndexer;
import org.interphase.core.diffraction.SaedPipeline;
import org.interphase.core.diffraction.SeriesAnalyzer;
import org.interphase.core.diffraction.SeriesFraction;
import org.interphase.core.diffraction.Spot;
import org.interphase.core.diffraction.ZoneAxisIndexer;
import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.core.diffraction.crystal.Reflection;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.OverlayShape;
import org.interphase.core.result.Table;
import org.interphase.io.cif.CifReader;

/**
 * Electron diffraction (SAED) analysis: centre, ellipticity, rings and spots with d-spacings, indexing against
 * built-in or CIF phases, zone axis, crystalline fraction; a stack (or a folder with --series) is an in-situ
 * series with a crystalline fraction per frame and the amorphization time. See docs/diffraction.md.
 */
public final class SaedAnalysis implements Analysis {
	public static final String NO_PATTERN = "no-pattern";
	public static final String UNINDEXED = "unindexed";
	/** The centre rests on symmetry alone (no direct beam or beam stop there): d-spacings rest on it too. */
	public static final String CENTER_UNCERTAIN = "center-uncertain";
	/** The pixel size comes from a zone axis fitted to too few spots (d-spacings rest on it). */
	public static final String CALIBRATION_UNCERTAIN = "calibration-uncertain";
	/** The best zone axis scores within 2 % of the runner-up (rank:1): check both against the overlay. */
	public static final String ZONE_AMBIGUOUS = "zone-ambiguous";
	/** None of the given phases has a reflection on the detector (wrong phase or calibration): on unindexed rows. */
	public static final String PHASE_OUT_OF_RANGE = "phase-out-of-range";
	/**
	 * Rings on a broad halo: the diffuse background may run under the halo (which then counts as Bragg); the
	 * crystalline fraction's uncertainty includes the estimate under a ring-width opening (see the warning).
	 */
	public static final String BACKGROUND_UNCERTAIN = "background-uncertain";

	@Override
	public String command() {
		return "saed";
	}

	@Override
	public String technique() {
		return "diffraction";
	}

	@Override
	public String name() {
		return "saed";
	}

	@Override
	public String menu() {
		return "Diffraction";
	}

	@Override
	public String title() {
		return "Analyze Pattern";
	}

	@Override
	public String description() {
		return "Electron diffraction pattern: centre (Friedel symmetry, with or without beam stop), ellipticity, " +
			"azimuthal integration, rings and spots with d-spacings, indexing against built-in phases (LATP, " +
			"Li3Ti2(PO4)3, h-BN, c-BN, Li, Li2O, LiF, Li3N, Cu, Au, Al, Al2O3) or CIF files, zone axis, and the " +
			"crystalline fraction (Bragg / all scattered intensity); a stack is an in-situ series with the " +
			"amorphization time.";
	}

	/** Reciprocal-space pixel size the user gives, 1/nm per px; formerly --pixel-size, in the same unit. */
	static final Param PIXEL_SIZE_INV_NM = Param.number("pixel-size-inv-nm", Double.NaN, "1/nm",
		"reciprocal-space pixel size (overrides the file)").positive(1e6).formerly("pixel-size");

	@Override
	public List<Param> params() {
		List<Param> p = new ArrayList<>();
		p.add(Param.repeatable("phase", "phase to index against: built-in name (" + String.join(", ", PhaseLibrary
			.names()) + ") or a .cif file; repeatable"));
		p.add(PIXEL_SIZE_INV_NM);
		p.add(Param.number("camera-length", Double.NaN, "mm", "camera length (with detector-pixel and voltage)"));
		p.add(Param.number("detector-pixel", Double.NaN, "um", "detector pixel size (with camera-length)"));
		p.add(Param.number("voltage", Double.NaN, "kV", "accelerating voltage; empty = the file's, else 200 kV"));
		p.add(Param.text("calibrant", "", "calibrate on the rings (or zone) of this phase in the pattern"));
		p.add(Param.text("center", "", "fixed centre 'x,y' in px (ImageJ convention); empty = find it").points(1, 1));
		p.add(Param.number("ellipticity", Double.NaN, "", "fixed ellipticity 1-b/a (empty = measure)"));
		p.add(Param.of(SaedPipeline.Options.ELLIPSE_ANGLE));
		p.add(Param.of(SaedPipeline.Options.BINS));
		p.add(Param.of(SaedPipeline.Options.Q_MIN));
		p.add(Param.of(SaedPipeline.Options.Q_MAX));
		p.add(Param.of(SaedPipeline.Options.MASK_THRESHOLD));
		p.add(Param.of(SaedPipeline.Options.EDGE));
		p.add(Param.of(SaedPipeline.Options.D_TOLERANCE));
		p.add(Param.of(SaedPipeline.Options.N_SIGMA));
		p.add(Param.of(SaedPipeline.Options.BACKGROUND_WINDOW));
		p.add(Param.flag("series", "a folder is one in-situ series (frames in file-name order)"));
		p.add(Param.number("frame-interval", Double.NaN, "s", "time between frames of a series"));
		p.add(Param.of(SaedPipeline.Options.SEPARATE_BEAM));
		p.add(Param.text("normalise", "", "series: 'first-last' rescales the crystalline fraction so that the first " +
			"frame reads 1 and the last 0 (reported as such)"));
		p.add(Param.flag("fft", "the input is a real-space (HRTEM) image: analyse the power spectrum of it (or of " +
			"the region) as the pattern"));
		p.add(Param.text("region", "", "with fft: region x,y,w,h in px (empty = whole image; the largest centred " +
			"square is transformed)"));
		p.add(Param.number("image-pixel", Double.NaN, "nm", "with fft: real-space pixel size (overrides the file)"));
		return p;
	}

	@Override
	public List<String> extensions() {
		return List.of("tif", "tiff", "dm3", "dm4", "ser", "emi", "mrc", "bmp", "png", "jpg", "jpeg", "gif");
	}

	@Override
	public boolean streamsFrames() {
		return true;
	}

	@Override
	public boolean folderIsSeries(Params params) {
		return params.flag("series");
	}

	// ------------------------------------------------------------------------------------------------------

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		if (input.signals().isEmpty()) throw new AnalysisException(input.source + ": holds no image");
		Signal s = input.primary().luminance();
		if (s.ndim() < 2) throw new AnalysisException(input.source + ": a 1D pattern (" + s.lastAxis().name + " / " +
			"intensity), not an electron diffraction image: for X-ray powder patterns use 'interphase xrd' (Fiji: " +
			"Plugins > Interphase > Diffraction > XRD Pattern...)");
		int w = s.width(), h = s.height();
		if (w < 16 || h < 16) throw new AnalysisException(input.source + ": image " + w + "x" + h +
			" is too small for a diffraction pattern");
		FrameSource stream = FrameSource.in(input); // a series too large for memory, read frame by frame
		int frames = stream != null ? stream.frames() : s.count(2);
		double[] data = s.data();
		if (s.isComplex()) {
			data = new double[data.length];
			for (int i = 0; i < data.length; i++) data[i] = Math.hypot(s.data()[i], s.imaginary()[i]);
		}
		List<Phase> phases = phases(params.list("phase"));
		if (params.flag("fft")) return fft(input, s, data, w, h, frames, params, phases, context);
		SaedPipeline.Options o = options(params, input, s, phases, context);
		AnalysisResult result = new AnalysisResult();
		if (frames <= 1) {
			SaedPipeline.Result r = SaedPipeline.analyze(frames == 1 && data.length > w * h ? java.util.Arrays.copyOf(data, w *
				h) : data, w, h, o);
			pattern(result, r, o, phases, w, h, "");
			if (!r.noPattern) result.map(cake(data, w, h, r, context.threads));
			return result;
		}
		return series(result, stream != null ? stream : FrameSource.of(data, w, h, frames), w, h, frames, s, params, o,
			phases, context);
	}

	private AnalysisResult series(AnalysisResult result, FrameSource src, int w, int h, int frames, Signal s,
		Params params, SaedPipeline.Options o, List<Phase> phases, AnalysisContext context) throws AnalysisException
	{
		int n = w * h;
		long wall0 = System.nanoTime(), cpu0 = processCpuNanos();
		// geometry from the sum of all frames (best signal for centre, ellipse, indexing)
		double[] sum = new double[n];
		FrameSource.sum(src, sum, context.threads);
		long wallSum = System.nanoTime() - wall0, cpuSum = processCpuNanos() - cpu0;
		SaedPipeline.Result r = SaedPipeline.analyze(sum, w, h, o);
		pattern(result, r, o, phases, w, h, "");
		if (r.noPattern) return result;
		AnalysisResult out = summedPatternRowsForSeries(result, r);
		TimeBase tb = frameInterval(params, src, s);
		double interval = tb.interval;
		String unit = tb.unit;
		// per frame: the fraction with the summed pattern's geometry, the centre followed from frame to frame
		PhaseFractions plan = r.phasePlan != null && !r.phasePlan.overlap ? r.phasePlan : null;
		SeriesAnalyzer.Options so = seriesOptions(o, context, plan);
		long wall1 = System.nanoTime(), cpu1 = processCpuNanos();
		SeriesAnalyzer.Result sr = SeriesAnalyzer.run(src, r, so);
		lastSeries = new double[] { (wall1 - wall0) * 1e-9, (cpu1 - cpu0) * 1e-9, (System.nanoTime() - wall1) * 1e-9,
			(processCpuNanos() - cpu1) * 1e-9, frames, sr.rebuilds, sr.refinds, wallSum * 1e-9, cpuSum * 1e-9 };
		for (String wm : sr.warnings) out.warn(wm);
		double[] cf = sr.fraction, sig = sr.sigma, t = new double[frames];
		String norm = params.text("normalise").trim();
		boolean firstLast = norm.equalsIgnoreCase("first-last");
		if (!norm.isEmpty() && !firstLast) throw new AnalysisException("parameter 'normalise' must be empty or " +
			"'first-last', not '" + norm + "'");
		if (firstLast) {
			double[][] n2 = SeriesFraction.normaliseFirstLast(cf, sig);
			if (n2 == null) throw new AnalysisException("normalise first-last: the first and last frames' crystalline " +
				"fractions do not differ (or are not finite)");
			cf = n2[0];
			sig = n2[1];
		}
		for (int f = 0; f < frames; f++) t[f] = f * interval;
		frameRows(out, r, o, sr, so.track, t, cf, sig, unit, firstLast);
		// phase fractions per frame (two or more phases)
		int np = phases.size();
		double[][] pf = new double[np][frames], ps = new double[np][frames];
		for (double[] a : pf) java.util.Arrays.fill(a, Double.NaN);
		for (double[] a : ps) java.util.Arrays.fill(a, Double.NaN);
		if (plan != null) phaseRowsPerFrame(out, sr, phases, frames, pf, ps);
		double[] cross = amorphizationTime(out, r, t, cf, sig, unit, firstLast);
		double[] trans = plan != null ? phaseTransitionTime(out, phases, t, pf, ps, unit) : null;
		seriesFigures(out, plan != null, phases, t, cf, sig, pf, ps, cross, trans, unit);
		seriesTable(out, sr, plan != null, phases, t, cf, sig, unit);
		return out;
	}

	/**
	 * The summed pattern's rows without its crystalline fraction (a series reports one per frame) and, when they are
	 * measured per frame, without its phase fractions.
	 */
	private static AnalysisResult summedPatternRowsForSeries(AnalysisResult result, SaedPipeline.Result r) {
		AnalysisResult out = new AnalysisResult();
		boolean perFramePhases = r.phasePlan != null && !r.phasePlan.overlap;
		for (ResultRow row : result.rows()) if (!row.quantity.equals("crystalline_fraction") && !row.quantity.equals(
			"beam_tail_fraction") && !(perFramePhases && row.quantity.equals("phase_fraction"))) out.add(row);
		for (Figure f : result.figures()) out.figure(f);
		for (OverlayShape sh : result.shapes()) out.shape(sh);
		for (String wmsg : result.warnings()) out.warn(wmsg);
		return out;
	}

	/** Time between frames and its unit. */
	private static final class TimeBase {
		double interval;
		String unit;
	}

	/** The frame interval: the parameter, else the file's time axis (s, min, ms), else 1 frame. */
	private static TimeBase frameInterval(Params params, FrameSource src, Signal s) {
		double interval = params.number("frame-interval");
		String unit = "s";
		if (!(interval > 0)) {
			Axis t = src.streamed() ? src.timeAxis() : s.axis(0);
			String u = t.units == null ? "" : t.units.trim().toLowerCase(Locale.ROOT);
			if (t.scale > 0 && (u.equals("s") || u.equals("sec") || u.equals("second") || u.equals("seconds"))) interval =
				t.scale;
			else if (t.scale > 0 && (u.equals("min") || u.equals("minute") || u.equals("minutes"))) interval = 60 * t.scale;
			else if (t.scale > 0 && u.equals("ms")) interval = t.scale / 1000;
			else {
				interval = 1;
				unit = "frame";
			}
		}
		TimeBase tb = new TimeBase();
		tb.interval = interval;
		tb.unit = unit;
		return tb;
	}

	private static SeriesAnalyzer.Options seriesOptions(SaedPipeline.Options o, AnalysisContext context,
		PhaseFractions plan)
	{
		return SeriesAnalyzer.Options.builder().track(!Double.isFinite(o.centerX)).pattern(o)
			.threads(context.threads).phases(plan).build();
	}

	/** Per frame: crystalline fraction, beam-tail share, time and (tracked) centre rows. */
	private static void frameRows(AnalysisResult out, SaedPipeline.Result r, SaedPipeline.Options o,
		SeriesAnalyzer.Result sr, boolean track, double[] t, double[] cf, double[] sig, String unit, boolean firstLast)
	{
		for (int f = 0; f < t.length; f++) {
			ResultRow row = ResultRow.of("crystalline_fraction", cf[f], sig[f], "fraction").region("frame:" + f).label(
				String.format(Locale.ROOT, "t=%s %s", fmt(t[f]), unit) + (firstLast ? ", normalised first-last" : ""));
			if (o.separateBeam && Double.isFinite(sr.beamTail[f])) out.add(ResultRow.of("beam_tail_fraction", sr.beamTail[f],
				Double.NaN, "fraction").region("frame:" + f).label("direct-beam wing share of the annulus"));
			if (!Double.isFinite(cf[f])) row = row.flag(Flags.LOW_SNR);
			// the frames share the summed pattern's rings on a halo: their background is as uncertain
			if (r.backgroundUncertain) row = row.flag(BACKGROUND_UNCERTAIN);
			out.add(row);
			out.add(ResultRow.of("frame_time", t[f], 0, unit).region("frame:" + f));
			if (track) {
				out.add(ResultRow.of("center_x", sr.cx[f] + 0.5, Double.NaN, "px").region("frame:" + f));
				out.add(ResultRow.of("center_y", sr.cy[f] + 0.5, Double.NaN, "px").region("frame:" + f));
			}
		}
	}

	/** Phase-fraction rows per frame; fills the curves pf, ps where the frame has Bragg signal. */
	private static void phaseRowsPerFrame(AnalysisResult out, SeriesAnalyzer.Result sr, List<Phase> phases,
		int frames, double[][] pf, double[][] ps)
	{
		int np = phases.size();
		for (int f = 0; f < frames; f++) {
			PhaseFractions.Measurement m = sr.phases[f];
			for (int p = 0; p < np; p++) {
				ResultRow row = ResultRow.of("phase_fraction", m.fraction[p], m.sigma[p], "fraction").region("frame:" + f)
					.label(phases.get(p).name);
				if (m.lowSnr()) row = row.flag(Flags.LOW_SNR);
				else {
					// frames without Bragg signal give no fraction for the curves and the transition time
					pf[p][f] = m.fraction[p];
					ps[p][f] = m.sigma[p];
				}
				out.add(row);
			}
		}
	}

	/** When the crystalline fraction falls through 0.5 (row, or a warning), or null. */
	private static double[] amorphizationTime(AnalysisResult out, SaedPipeline.Result r, double[] t, double[] cf,
		double[] sig, String unit, boolean firstLast)
	{
		double[] cross = SeriesFraction.crossing(t, cf, sig, 0.5);
		if (cross != null) out.add(ResultRow.of("amorphization_time", cross[0], cross[1], unit).label(
			"crystalline fraction falls through 0.5" + (firstLast ? " (normalised first-last)" : "")).flag(
				r.backgroundUncertain ? BACKGROUND_UNCERTAIN : ""));
		else out.warn("the crystalline fraction does not fall through 0.5 in this series (min " + fmt(min(cf)) + ")");
		return cross;
	}

	/** When the second phase's fraction rises through 0.5 (row, or a warning), or null. */
	private static double[] phaseTransitionTime(AnalysisResult out, List<Phase> phases, double[] t, double[][] pf,
		double[][] ps, String unit)
	{
		double[] trans = PhaseFractions.risingCrossing(t, pf[1], ps[1], 0.5);
		if (trans != null) out.add(ResultRow.of("phase_transition_time", trans[0], trans[1], unit).label(phases.get(1)
			.name + " fraction rises through 0.5"));
		else out.warn("the " + phases.get(1).name + " fraction does not rise through 0.5 in this series");
		return trans;
	}

	/** Figures: crystalline fraction over time and, with a phase plan, the phase fractions over time. */
	private static void seriesFigures(AnalysisResult out, boolean perFramePhases, List<Phase> phases, double[] t,
		double[] cf, double[] sig, double[][] pf, double[][] ps, double[] cross, double[] trans, String unit)
	{
		int frames = t.length, np = phases.size();
		String xLabel = unit.equals("s") ? "time (s)" : "frame";
		Figure fig = new Figure("amorphization", "Crystalline fraction over time", xLabel, "crystalline fraction");
		fig.points("crystalline fraction", t, cf, sig, "#1f77b4");
		fig.line("0.5", new double[] { t[0], t[frames - 1] }, new double[] { 0.5, 0.5 }, "#999999");
		if (cross != null) fig.line("amorphization time " + fmt(cross[0]) + " " + unit, new double[] { cross[0],
			cross[0] }, new double[] { 0, 1 }, "#d62728");
		out.figure(fig);
		if (perFramePhases) {
			Figure pfig = new Figure("phase-fractions", "Phase fractions over time", xLabel, "phase fraction");
			for (int p = 0; p < np; p++) pfig.points(phases.get(p).name, t, pf[p], ps[p], PHASE_COLOURS[p %
				PHASE_COLOURS.length]);
			pfig.line("crystalline fraction", t, cf, "#999999");
			pfig.line("0.5", new double[] { t[0], t[frames - 1] }, new double[] { 0.5, 0.5 }, "#cccccc");
			if (trans != null) pfig.line("phase transition time " + fmt(trans[0]) + " " + unit, new double[] { trans[0],
				trans[0] }, new double[] { 0, 1 }, "#2ca02c");
			out.figure(pfig);
		}
	}

	/** One row per frame: the numbers of the contract rows side by side. */
	private static void seriesTable(AnalysisResult out, SeriesAnalyzer.Result sr, boolean perFramePhases,
		List<Phase> phases, double[] t, double[] cf, double[] sig, String unit)
	{
		int np = phases.size();
		List<String> cols = new ArrayList<>(List.of("frame", "time", "time_unit", "crystalline_fraction",
			"crystalline_fraction_sd", "center_x", "center_y"));
		if (perFramePhases) for (Phase ph : phases) {
			cols.add(ph.name + "_fraction");
			cols.add(ph.name + "_fraction_sd");
		}
		Table tab = new Table("saed-series", "Amorphization series", cols);
		for (int f = 0; f < t.length; f++) {
			List<Object> cells = new ArrayList<>(List.of(f, t[f], unit, cf[f], sig[f], sr.cx[f] + 0.5, sr.cy[f] + 0.5));
			if (perFramePhases) for (int p = 0; p < np; p++) {
				cells.add(sr.phases[f].fraction[p]);
				cells.add(sr.phases[f].sigma[p]);
			}
			tab.row(cells.toArray());
		}
		out.table(tab);
	}

	private static final String[] PHASE_COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd" };

	/**
	 * Phase-fraction rows of one pattern (region as given): each phase's share of the indexed Bragg intensity, or,
	 * when no reflection of some phase is resolved, NaN rows flagged {@link PhaseFractions#PHASES_OVERLAP}.
	 */
	private static void phaseRows(AnalysisResult out, SaedPipeline.Result r, List<Phase> phases, String region) {
		PhaseFractions plan = r.phasePlan;
		if (plan == null) {
			out.warn("phase fractions not measured: " + (r.geometry.calibrated()
				? "neither a zone axis nor rings place the phases' reflections" : "the pattern is uncalibrated"));
			return;
		}
		if (plan.overlap) {
			for (Phase ph : phases) out.add(ResultRow.of("phase_fraction", Double.NaN, Double.NaN, "fraction").region(region)
				.label(ph.name).flag(PhaseFractions.PHASES_OVERLAP));
			out.warn("phase fractions not measured: no reflection of each phase is resolved from the others' at the " +
				"measured peak width (" + fmt(plan.width) + " px; " + plan.description + ")");
			return;
		}
		PhaseFractions.Measurement m = r.phaseFractions;
		for (int p = 0; p < phases.size(); p++) {
			ResultRow row = ResultRow.of("phase_fraction", m.fraction[p], m.sigma[p], "fraction").region(region).label(
				phases.get(p).name);
			if (m.lowSnr()) row = row.flag(Flags.LOW_SNR);
			out.add(row);
		}
		out.warn("phase fractions from " + plan.description);
	}

	/**
	 * The power spectrum of a real-space image (or of its region) analysed as a pattern: Hann window, zero-padded
	 * power of two, zero frequency fixed as the centre, calibration 1 / (N * real pixel size) from the file (or the
	 * pixel-size parameter, nm per px here), recorded as calibration source "fft".
	 */
	private AnalysisResult fft(Dataset input, Signal s, double[] data, int w, int h, int frames, Params params,
		List<Phase> phases, AnalysisContext context) throws AnalysisException
	{
		AnalysisResult result = new AnalysisResult();
		if (frames > 1) {
			data = java.util.Arrays.copyOf(data, w * h);
			result.warn("the file holds " + frames + " frames; the power spectrum is of the first one");
		}
		int rx = 0, ry = 0, rw = w, rh = h;
		String reg = params.text("region").trim();
		if (!reg.isEmpty()) {
			String[] p = reg.split("[,;\\s]+");
			try {
				if (p.length != 4) throw new NumberFormatException();
				rx = (int) Math.round(Double.parseDouble(p[0]));
				ry = (int) Math.round(Double.parseDouble(p[1]));
				rw = (int) Math.round(Double.parseDouble(p[2]));
				rh = (int) Math.round(Double.parseDouble(p[3]));
			}
			catch (NumberFormatException e) {
				throw new AnalysisException("parameter 'region' needs 'x,y,w,h' in px, not '" + reg + "'");
			}
		}
		// real-space calibration: the file's length axis (nm, Å, pm, µm), or image-pixel
		double pixelNm = lengthScaleNm(s.lastAxis());
		if (params.number("image-pixel") > 0) pixelNm = params.number("image-pixel");
		PowerSpectrum ps;
		try {
			ps = PowerSpectrum.of(data, w, h, rx, ry, rw, rh, pixelNm);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage());
		}
		int n = ps.size;
		boolean cal = ps.pixelPerNm > 0;
		Signal spectrum = Signal.image("power spectrum", n, n, ps.image, cal ? ps.pixelPerNm : 1, cal ? "1/nm" : "px");
		Signal analysed = Signal.image("power spectrum, whitened", n, n, ps.whitened, cal ? ps.pixelPerNm : 1, cal
			? "1/nm" : "px");
		Map<String, String> given = new LinkedHashMap<>(params.asMap());
		given.remove(PIXEL_SIZE_INV_NM.key);
		given.remove("camera-length");
		given.remove("detector-pixel");
		SaedPipeline.Options fromParams = options(parameters(given), input, analysed, phases, context);
		SaedPipeline.Options.Builder ob = fromParams.toBuilder();
		if (cal) {
			ob.pixelPerNm(ps.pixelPerNm);
			ob.calibrationSource("fft");
		}
		else ob.calibrationSource("");
		// the zero frequency is the centre; square pixels: no elliptical distortion; no beam stop: nothing is masked
		// as its shadow. Spectrum speckle is exponentially distributed (long tail): spots and rings must stand
		// FFT_SIGMA_FACTOR x n-sigma above it (measured: n-sigma 6 x 2 still leaves speckle maxima as spots)
		ob.center(n / 2, n / 2);
		if (!params.isSet("ellipticity")) ob.ellipticity(0);
		ob.maskThreshold(0);
		SaedPipeline.Options o = ob.nSigma(FFT_SIGMA_FACTOR * fromParams.nSigma).build();
		SaedPipeline.Result r = SaedPipeline.analyze(ps.whitened, n, n, o);
		AnalysisResult pat = new AnalysisResult();
		pattern(pat, r, o, phases, n, n, "");
		// the Bragg share of a whitened power spectrum is no crystalline fraction of the specimen
		for (ResultRow row : pat.rows()) if (!row.quantity.equals("crystalline_fraction")) result.add(row);
		for (Figure f : pat.figures()) result.figure(f);
		for (String wm : pat.warnings()) result.warn(wm);
		if (!cal) result.warn("the image has no length calibration: the power spectrum is in 1/px (give image-pixel " +
			"in nm)");
		result.warn(String.format(Locale.ROOT, "power spectrum of the %dx%d px square at (%d, %d), Hann window, " +
			"padded to %dx%d%s", ps.side, ps.side, ps.x0, ps.y0, n, n, cal ? ", " + fmt(ps.pixelPerNm) + " 1/nm per px"
				: ""));
		// the spectrum itself (the shapes of the pattern belong to it, not to the real-space image) and, on the
		// image, the square that was transformed
		result.map(spectrum);
		double x0 = ps.x0, y0 = ps.y0, x1 = ps.x0 + ps.side, y1 = ps.y0 + ps.side;
		result.shape(OverlayShape.polyline("fft region", new double[] { x0, x1, x1, x0, x0 }, new double[] { y0, y0, y1, y1,
			y0 }, "#ffff00"));
		return result;
	}

	/** With fft, the detection threshold is this many times n-sigma (speckle of a power spectrum is not Poisson). */
	public static final double FFT_SIGMA_FACTOR = 4;

	/** nm per px of a real-space length axis, NaN when the axis is not a length. */
	static double lengthScaleNm(Axis a) {
		if (a == null || !(a.scale > 0) || a.units == null) return Double.NaN;
		return a.scale * LengthUnits.nm(a.units);
	}

	/**
	 * Timing of the last series (for the bench): {reference wall s, reference CPU s, frames wall s, frames CPU s,
	 * frames, integrator rebuilds, centre re-finds, summing wall s, summing CPU s}; the reference includes the
	 * summing; CPU is the whole process's (all threads, JIT and GC included).
	 */
	private volatile double[] lastSeries;

	/** The timing of the last series (see the field), or null before the first; the bench's only reader. */
	public double[] lastSeries() {
		return lastSeries;
	}

	static long processCpuNanos() {
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean) return ((com.sun.management.OperatingSystemMXBean) os)
			.getProcessCpuTime();
		return -1;
	}

	/** Rows, figure and shapes of one pattern. */
	private void pattern(AnalysisResult out, SaedPipeline.Result r, SaedPipeline.Options o, List<Phase> phases, int w,
		int h, String regionPrefix)
	{
		if (r.noPattern) {
			out.add(ResultRow.of("pattern_found", 0, Double.NaN, "").label(r.noPatternReason).flag(NO_PATTERN));
			out.warn("no diffraction pattern: " + r.noPatternReason);
			return;
		}
		for (String wm : r.warnings) out.warn(wm);
		PatternGeometry g = r.geometry;
		boolean cal = g.calibrated();
		String cFlag = Flags.join(r.centerUncertain ? CENTER_UNCERTAIN : "", r.calibrationUncertain ? CALIBRATION_UNCERTAIN
			: "");
		geometryRows(out, r, g, cal);
		ringRows(out, r, g, cal, phases, cFlag);
		spotRows(out, r, g, cal, phases, cFlag);
		zoneRows(out, r, phases);
		fractionRows(out, r, g, cal, phases);
		profileFigure(out, r, g, cal, phases);
		overlayShapes(out, r, g, cal, phases, w, h);
	}

	/** Centre, ellipticity and calibration rows of one pattern. */
	private void geometryRows(AnalysisResult out, SaedPipeline.Result r, PatternGeometry g, boolean cal)
	{
		String calFlag = cal ? "" : Flags.UNCALIBRATED;
		String centreFlag = r.centerUncertain ? CENTER_UNCERTAIN : "";
		out.add(ResultRow.of("center_x", g.cx + 0.5, r.centerSigma, "px").flag(centreFlag));
		out.add(ResultRow.of("center_y", g.cy + 0.5, r.centerSigma, "px").flag(centreFlag));
		ResultRow e = ResultRow.of("ellipticity", g.ellipticity, r.ellipticitySigma, "").label(r.ellipseMeasured ? "from " +
			r.ellipseFrom + String.format(Locale.ROOT, ", major axis %.1f deg", Math.toDegrees(g.angle)) : "");
		if (!r.ellipseMeasured) e = e.flag("ellipticity-not-measured");
		out.add(e);
		out.add(ResultRow.of("pixel_size", cal ? g.pixelPerNm : Double.NaN, cal ? r.pixelPerNmSigma : Double.NaN, "1/nm")
			.label(cal ? r.calibrationSource : "none").flag(calFlag, r.calibrationUncertain ? CALIBRATION_UNCERTAIN : ""));
	}

	/** d-spacing, q and radius rows per ring. */
	private void ringRows(AnalysisResult out, SaedPipeline.Result r, PatternGeometry g, boolean cal, List<Phase> phases,
		String cFlag)
	{
		for (int i = 0; i < r.rings.size(); i++) {
			Ring ring = r.rings.get(i);
			RingIndexer.Match m = i < r.ringMatches.size() ? r.ringMatches.get(i) : null;
			String region = "ring:" + i;
			if (cal) {
				double d = g.dSpacing(ring.radius);
				double sk = Double.isFinite(r.pixelPerNmSigma) ? r.pixelPerNmSigma / r.pixelPerNm : 0;
				double sd = d * Math.hypot(ring.sigmaRadius / ring.radius, sk);
				ResultRow row = ResultRow.of("d_spacing", d, sd, "\u00C5").region(region).label(m == null ? "" : m.label());
				if (m == null && !phases.isEmpty()) row = row.flag(UNINDEXED, r.phasesOutOfRange.size() == phases.size()
					? PHASE_OUT_OF_RANGE : "");
				if (!ring.converged) row = row.flag(Flags.FIT_NOT_CONVERGED);
				out.add(row.flag(cFlag));
				out.add(ResultRow.of("q_position", ring.radius * g.pixelPerNm, ring.sigmaRadius * g.pixelPerNm, "1/nm")
					.region(region));
			}
			else out.add(ResultRow.of("d_spacing", 1 / ring.radius, ring.sigmaRadius / (ring.radius * ring.radius), "1/px")
				.region(region).flag(Flags.UNCALIBRATED));
			out.add(ResultRow.of("ring_radius", ring.radius, ring.sigmaRadius, "px").region(region));
		}
	}

	/** d-spacing and intensity rows per spot. */
	private void spotRows(AnalysisResult out, SaedPipeline.Result r, PatternGeometry g, boolean cal, List<Phase> phases,
		String cFlag)
	{
		for (int i = 0; i < r.spots.size(); i++) {
			Spot sp = r.spots.get(i);
			double[] v = g.corrected(sp.x, sp.y);
			double rad = Math.hypot(v[0], v[1]);
			double sr = Math.hypot(Math.hypot(sp.sigmaX, sp.sigmaY) / Math.sqrt(2), r.centerSigma);
			RingIndexer.Match m = i < r.spotMatches.size() ? r.spotMatches.get(i) : null;
			String region = "spot:" + i;
			if (cal) {
				double d = g.dSpacing(rad);
				double sk = Double.isFinite(r.pixelPerNmSigma) ? r.pixelPerNmSigma / r.pixelPerNm : 0;
				ResultRow row = ResultRow.of("d_spacing", d, d * Math.hypot(sr / rad, sk), "\u00C5").region(region).label(m ==
					null ? "" : m.label());
				if (m == null && !phases.isEmpty()) row = row.flag(UNINDEXED, r.phasesOutOfRange.size() == phases.size()
					? PHASE_OUT_OF_RANGE : "");
				out.add(row.flag(cFlag));
			}
			else out.add(ResultRow.of("d_spacing", 1 / rad, sr / (rad * rad), "1/px").region(region).flag(
				Flags.UNCALIBRATED));
			out.add(ResultRow.of("spot_intensity", sp.intensity, Double.NaN, "counts").region(region));
		}
	}

	/** Zone-axis rows, ranked. */
	private void zoneRows(AnalysisResult out, SaedPipeline.Result r, List<Phase> phases)
	{
		for (int i = 0; i < r.zones.size(); i++) {
			ZoneAxisIndexer.Solution z = r.zones.get(i);
			String label = (phases.size() > 1 ? z.phase.name + " " : "") + "uvw=" + z.uvwText();
			ResultRow row = ResultRow.of("zone_axis", z.misfitDeg, Double.NaN, "deg").label(label);
			if (i > 0) row = row.region("rank:" + i);
			else if (ZoneAxisIndexer.ambiguous(r.zones)) row = row.flag(ZONE_AMBIGUOUS);
			out.add(row);
			out.add(ResultRow.of("zone_axis_matched_spots", z.matched, Double.NaN, "").region(i > 0 ? "rank:" + i : "")
				.label(label));
		}
	}

	/** Crystalline fraction, beam-tail share, phase fractions and counts. */
	private void fractionRows(AnalysisResult out, SaedPipeline.Result r, PatternGeometry g, boolean cal, List<Phase> phases)
	{
		String what = Double.isFinite(r.beamTailFraction) ? "Bragg/(Bragg+halo)" : "Bragg/(Bragg+diffuse)";
		String cfLabel = cal ? String.format(Locale.ROOT, what + ", q=%.2f-%.2f 1/nm", r.rLo * g.pixelPerNm, r.rHi *
			g.pixelPerNm) : String.format(Locale.ROOT, what + ", r=%.1f-%.1f px", r.rLo, r.rHi);
		ResultRow cf = ResultRow.of("crystalline_fraction", r.crystallineFraction, r.crystallineFractionSigma, "fraction")
			.label(cfLabel).flag(r.backgroundUncertain ? BACKGROUND_UNCERTAIN : "");
		out.add(cf);
		if (Double.isFinite(r.beamTailFraction)) out.add(ResultRow.of("beam_tail_fraction", r.beamTailFraction, Double.NaN,
			"fraction").label(String.format(Locale.ROOT, "direct-beam wing (r^2+%.0f^2)^-%.2f/2 + %.3g: share of the annulus",
				r.beamTail.r0, r.beamTail.p, r.beamTail.c)));
		if (phases.size() >= 2) phaseRows(out, r, phases, "");
		out.add(ResultRow.of("n_rings", r.rings.size(), Double.NaN, ""));
		out.add(ResultRow.of("n_spots", r.spots.size(), Double.NaN, ""));
	}

	/** Figure: I(q) with the indexed peaks. */
	private void profileFigure(AnalysisResult out, SaedPipeline.Result r, PatternGeometry g, boolean cal, List<Phase> phases)
	{
		double scale = cal ? g.pixelPerNm : 1;
		Figure fig = new Figure("profile", "Azimuthal profile", cal ? "q = 1/d (1/nm)" : "r (px)", "intensity");
		int n = r.radii.length;
		List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), bs = new ArrayList<>();
		for (int i = 0; i < n; i++) if (Double.isFinite(r.profile[i])) {
			xs.add(r.radii[i] * scale);
			ys.add(r.profile[i]);
			bs.add(r.background[i]);
		}
		fig.line("I(q)", toArray(xs), toArray(ys), "#000000");
		fig.line("diffuse background", toArray(xs), toArray(bs), "#999999");
		if (!r.rings.isEmpty()) {
			double[] px = new double[r.rings.size()], py = new double[px.length];
			for (int i = 0; i < px.length; i++) {
				px[i] = r.rings.get(i).radius * scale;
				int b = Math.min(n - 1, (int) (r.rings.get(i).radius / (r.radii.length > 1 ? r.radii[1] - r.radii[0] : 1)));
				py[i] = r.profile[b];
			}
			fig.points("rings (indexed: see table)", px, py, null, "#d62728");
		}
		if (cal) for (Phase ph : phases) {
			List<Reflection> fam = ph.families(Math.max(0.3, 10 / (r.rHi * g.pixelPerNm * 1.2)));
			List<Double> fx = new ArrayList<>(), fy = new ArrayList<>();
			double maxI = 0;
			for (Reflection f : fam) maxI = Math.max(maxI, f.multiplicity * f.intensity / (10 / f.d));
			double top = 0;
			for (double y : ys) top = Math.max(top, y);
			for (Reflection f : fam) {
				double q = 10 / f.d;
				if (q < r.rLo * scale || q > r.rHi * scale) continue;
				fx.add(q);
				fy.add(top * 0.05 + 0.25 * top * f.multiplicity * f.intensity / q / maxI);
			}
			if (!fx.isEmpty()) fig.points(ph.name + " reflections", toArray(fx), toArray(fy), null, "#1f77b4");
		}
		out.figure(fig);
	}

	/** Shapes: centre, rings, spots, simulated pattern. */
	private void overlayShapes(AnalysisResult out, SaedPipeline.Result r, PatternGeometry g, boolean cal, List<Phase> phases,
		int w, int h)
	{
		out.shape(OverlayShape.points("centre", new double[] { g.cx + 0.5 }, new double[] { g.cy + 0.5 }, "#ff0000"));
		for (int i = 0; i < r.rings.size(); i++) out.shape(ellipse("ring:" + i, g, r.rings.get(i).radius, "#00ff00"));
		if (!r.spots.isEmpty()) {
			double[] sx = new double[r.spots.size()], sy = new double[sx.length];
			for (int i = 0; i < sx.length; i++) {
				sx[i] = r.spots.get(i).x + 0.5;
				sy[i] = r.spots.get(i).y + 0.5;
			}
			out.shape(OverlayShape.points("spots", sx, sy, "#00ff00"));
		}
		if (!r.zones.isEmpty()) {
			ZoneAxisIndexer.Solution z = r.zones.get(0);
			List<Double> px = new ArrayList<>(), py = new ArrayList<>();
			for (double[] p : z.predicted) {
				double[] xy = g.toImage(p[0], p[1]);
				if (xy[0] < 0 || xy[1] < 0 || xy[0] >= w || xy[1] >= h) continue;
				px.add(xy[0] + 0.5);
				py.add(xy[1] + 0.5);
			}
			out.shape(OverlayShape.points("simulated " + z.phase.name + " [" + z.uvwText() + "]", toArray(px), toArray(py),
				"#00ffff"));
		}
		else if (cal && !phases.isEmpty() && !r.rings.isEmpty()) {
			for (Phase ph : phases) {
				for (Reflection f : ph.families(Math.max(0.3, 10 / (r.rHi * g.pixelPerNm * 1.05)))) {
					double rr = 10 / f.d / g.pixelPerNm;
					if (rr < r.rLo || rr > r.rHi) continue;
					out.shape(ellipse("simulated " + ph.name + " " + f.hklText(), g, rr, "#00ffff"));
				}
			}
		}
	}

	private static OverlayShape ellipse(String name, PatternGeometry g, double radius, String color) {
		int n = 180;
		double[] x = new double[n + 1], y = new double[n + 1];
		for (int k = 0; k <= n; k++) {
			double a = 2 * Math.PI * k / n;
			double[] p = g.toImage(radius * Math.cos(a), radius * Math.sin(a));
			x[k] = p[0] + 0.5;
			y[k] = p[1] + 0.5;
		}
		return OverlayShape.polyline(name, x, y, color);
	}

	private static Signal cake(double[] img, int w, int h, SaedPipeline.Result r, int threads) {
		int nr = Math.min(r.radii.length, 2048);
		double dr = r.radii.length > 1 ? r.radii[1] - r.radii[0] : 1;
		PolarTransform pt = new PolarTransform(img, w, h, r.mask, r.geometry, nr, dr, 360, threads);
		double[] d = pt.data.clone();
		for (int i = 0; i < d.length; i++) if (Double.isNaN(d[i])) d[i] = 0;
		List<Axis> axes = new ArrayList<>();
		boolean cal = r.geometry.calibrated();
		axes.add(new Axis("q", nr, cal ? dr * r.geometry.pixelPerNm : dr, 0, cal ? "1/nm" : "px"));
		axes.add(new Axis("azimuth", 360, 1, 0, "deg"));
		return new Signal("cake", "float32", new int[] { nr, 360 }, axes, d);
	}

	// ------------------------------------------------------------------------------------------------------

	static List<Phase> phases(List<String> names) throws AnalysisException {
		List<Phase> out = new ArrayList<>();
		for (String n : names) out.add(phase(n));
		return out;
	}

	static Phase phase(String n) throws AnalysisException {
		if (n.toLowerCase(Locale.ROOT).endsWith(".cif")) {
			try {
				return CifReader.read(Path.of(n));
			}
			catch (IOException e) {
				throw new AnalysisException("phase file " + n + ": " + e.getMessage(), e);
			}
		}
		try {
			return PhaseLibrary.get(n);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(e.getMessage());
		}
	}

	SaedPipeline.Options options(Params params, Dataset input, Signal s, List<Phase> phases, AnalysisContext ctx)
		throws AnalysisException
	{
		SaedPipeline.Options.Builder o = SaedPipeline.Options.builder().phases(phases).threads(ctx.threads);
		// calibration: parameter, camera length, file
		double ps = params.number(PIXEL_SIZE_INV_NM.key);
		double kV = params.number("voltage");
		if (!(kV > 0)) kV = input.number(MetadataKeys.BEAM_ENERGY_KV);
		if (!(kV > 0)) kV = 200;
		double cl = params.number("camera-length");
		if (!(cl > 0) && params.isSet("detector-pixel")) cl = cameraLengthMm(input);
		if (ps > 0) {
			o.pixelPerNm(ps).calibrationSource("param");
		}
		else if (cl > 0 && params.number("detector-pixel") > 0) {
			o.pixelPerNm(ElectronWavelength.pixelSizePerNm(cl, params.number("detector-pixel"), kV));
			o.calibrationSource(String.format(Locale.ROOT, "camera-length %s mm, %s kV", fmt(cl), fmt(kV)));
		}
		else {
			double f = reciprocalScale(s.lastAxis());
			if (f > 0) {
				o.pixelPerNm(f).calibrationSource("file");
			}
		}
		String calibrant = params.text("calibrant");
		if (!calibrant.isEmpty()) o.calibrant(phase(calibrant));
		String c = params.text("center");
		if (!c.isEmpty()) {
			String[] p = c.split("[,;\\s]+");
			double cx, cy;
			try {
				cx = Double.parseDouble(p[0]) - 0.5;
				cy = Double.parseDouble(p[1]) - 0.5;
			}
			catch (RuntimeException e) {
				throw new AnalysisException("parameter 'center' needs 'x,y' in px, not '" + c + "'");
			}
			if (!(cx >= -0.5 && cx < s.width() - 0.5 && cy >= -0.5 && cy < s.height() - 0.5)) throw new AnalysisException("--center " + c + " lies outside the " + s.width() + " x " + s.height() + " px pattern; give x in [0, " + s.width() + "), y in [0, " + s.height() + ")");
			o.center(cx, cy);
		}
		if (params.isSet("ellipticity")) {
			double e = params.number("ellipticity");
			if (!(e >= 0 && e < 0.5)) throw new AnalysisException("parameter 'ellipticity' must be in [0, 0.5)");
			o.ellipticity(e);
		}
		return settings(o, params).build();
	}

	/** The options set by declared core settings, through those declarations (defaults and ranges are theirs). */
	static SaedPipeline.Options.Builder settings(SaedPipeline.Options.Builder o, Params params) {
		if (params.isSet("ellipticity")) o.ellipseAngleDeg(params.number(SaedPipeline.Options.ELLIPSE_ANGLE));
		return o.bins(params.integer(SaedPipeline.Options.BINS))
			.qMin(params.number(SaedPipeline.Options.Q_MIN))
			.qMax(params.number(SaedPipeline.Options.Q_MAX))
			.maskThreshold(params.number(SaedPipeline.Options.MASK_THRESHOLD))
			.edge(params.integer(SaedPipeline.Options.EDGE))
			.dTol(params.number(SaedPipeline.Options.D_TOLERANCE) / 100)
			.nSigma(params.number(SaedPipeline.Options.N_SIGMA))
			.backgroundWindow(params.number(SaedPipeline.Options.BACKGROUND_WINDOW))
			.separateBeam(params.flag(SaedPipeline.Options.SEPARATE_BEAM));
	}

	private static double cameraLengthMm(Dataset input) {
		double v = input.number(MetadataKeys.CAMERA_LENGTH);
		return v > 0 ? v : Double.NaN;
	}

	/** 1/nm per pixel of a reciprocal-space axis, or NaN when the axis is not in reciprocal units. */
	static double reciprocalScale(Axis a) {
		if (a == null || !(a.scale > 0)) return Double.NaN;
		return a.scale * LengthUnits.inverseNm(a.units);
	}

	// ------------------------------------------------------------------------------------------------------

	private static double[] toArray(List<Double> l) {
		double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}

	private static double min(double[] a) {
		double m = Double.POSITIVE_INFINITY;
		for (double v : a) if (Double.isFinite(v)) m = Math.min(m, v);
		return m;
	}

	static String fmt(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%.6g", v);
	}

	static boolean exists(Path p) {
		return Files.exists(p);
	}
}
