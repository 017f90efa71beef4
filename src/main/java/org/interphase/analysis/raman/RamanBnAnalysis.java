package org.interphase.analysis.raman;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.progress.Progress;
import org.interphase.core.raman.BandWindow;
import org.interphase.core.raman.BaselineMethod;
import org.interphase.core.raman.BnBands;
import org.interphase.core.raman.BnFitSettings;
import org.interphase.core.raman.BnFitter;
import org.interphase.core.raman.BnMapFitter;
import org.interphase.core.raman.BnModel;
import org.interphase.core.raman.BnSpectrumFit;
import org.interphase.core.raman.CrystalliteSize;
import org.interphase.core.raman.RamanShift;
import org.interphase.core.raman.RamanTemplate;
import org.interphase.core.raman.ReferenceBand;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;

/**
 * {@code raman-bn}: h-BN / c-BN phase analysis of Raman spectra, series and maps (docs/raman.md). The last axis
 * of the input is the Raman shift (cm-1; nm is converted with the laser wavelength). One spectrum gives the
 * contract rows with fit uncertainties; a series (n, shift) or map (y, x, shift) is fitted pixel by pixel and
 * gives maps, summary rows over pixels and the mean-spectrum fit (region {@code mean-spectrum}).
 */
public final class RamanBnAnalysis implements Analysis {
	/** Maps and series with at most this many spectra also get per-pixel rows (region x=i;y=j or position:i). */
	public static final int MAX_PIXEL_ROWS = 100;
	static final String FAILED_PIXELS = "failed-pixels", MISSING_PIXELS = "missing-pixels", LARGE_SHIFT =
		"large-pixel-shift";
	/** Unit of band areas: counts per channel integrated over the shift (as XPS writes counts*eV). */
	static final String AREA_UNIT = "counts*cm-1";

	@Override public String command() { return "raman-bn"; }
	@Override public String technique() { return "raman"; }
	@Override public String name() { return "raman-bn"; }
	@Override public String menu() { return "Raman"; }
	@Override public String title() { return "Raman BN Phase Fit"; }
	@Override public boolean worksOnImages() { return false; }

	@Override
	public String description() {
		return "h-BN / c-BN phase fit of Raman spectra, series and maps: spike removal, baseline (arPLS/ALS/polynomial, " +
			"profiled inside the fit), h-BN E2g, c-BN TO/LO and LATP bands with position windows; positions, widths, " +
			"areas, the c-BN/h-BN area ratio, h-BN fraction and crystallite size with uncertainties; maps per pixel.";
	}

	@Override
	public List<Param> params() {
		return List.of(
			Param.of(BnFitSettings.LINESHAPE),
			Param.of(BnFitSettings.INSTRUMENT_FWHM),
			Param.file("instrument-reference", "spectrum of a narrow reference band (e.g. Si) taken with the same " +
				"instrument: its fitted Gaussian FWHM is the instrument width (instead of instrument-fwhm)"),
			Param.number("reference-band", 520.7, "cm-1", "position of the reference band in instrument-reference"),
			Param.of(BnFitSettings.BASELINE),
			Param.of(BnFitSettings.BASELINE_LAMBDA),
			Param.of(BnFitSettings.POLY_ORDER),
			Param.of(BnFitSettings.DESPIKE),
			Param.of(BnFitSettings.SUBSTRATE_BANDS),
			Param.of(BnFitSettings.CROSS_SECTION_RATIO),
			Param.text("window", "900,1600", "fit window in cm-1: low,high"),
			Param.text("size-relation", CrystalliteSize.DEFAULT_SLOPE + "," + CrystalliteSize.DEFAULT_INTERCEPT,
				"crystallite size from the E2g FWHM: FWHM = b + a / La (a in cm-1 nm, b in cm-1), as a,b"),
			Param.of(BnFitSettings.SIGNIFICANCE),
			Param.file("template", "JSON band template (positions, windows, widths, bands on/off) instead of the built-in one"),
			Param.text("save-template", "", "write the band template in use to this JSON file"));
	}

	@Override
	public List<String> extensions() {
		return List.of("txt", "tsv", "csv", "wdf", "xml", "tvf", "spc");
	}

	/** The fit settings the parameters describe (axis-independent). */
	public static BnFitSettings settings(Params p) throws AnalysisException {
		double[] w = pair(p.text("window"), "window");
		double[] sr = pair(p.text("size-relation"), "size-relation");
		RamanTemplate template = RamanTemplate.builtIn();
		if (p.isSet("template")) try {
			template = RamanTemplate.read(Path.of(p.text("template")));
		}
		catch (IOException | RuntimeException e) {
			throw new AnalysisException("cannot read template " + p.text("template") + ": " + e.getMessage(), e);
		}
		try {
			BnModel model = new BnModel(p.choice(BnFitSettings.LINESHAPE, BnModel.LineShape.class), p.text(BnFitSettings
				.SUBSTRATE_BANDS).equals("true"), Math.min(w[0], w[1]), Math.max(w[0], w[1]), template, p.number(
					BnFitSettings.INSTRUMENT_FWHM));
			return new BnFitSettings(model, p.choice(BnFitSettings.BASELINE, BaselineMethod.class), p.number(BnFitSettings
				.BASELINE_LAMBDA), p.integer(BnFitSettings.POLY_ORDER), p.text(BnFitSettings.DESPIKE).equals("true"), p
					.number(BnFitSettings.CROSS_SECTION_RATIO), new CrystalliteSize(sr[0], sr[1]), p.number(BnFitSettings
						.SIGNIFICANCE));
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(e.getMessage(), e);
		}
	}

	private static double[] pair(String s, String key) throws AnalysisException {
		String[] f = s.split("[,;\\s]+");
		try {
			if (f.length == 2) return new double[] { Double.parseDouble(f[0]), Double.parseDouble(f[1]) };
		}
		catch (NumberFormatException e) {
			// fall through
		}
		throw new AnalysisException("parameter '" + key + "' needs two numbers 'a,b', not '" + s + "'");
	}

	/** A map too large for memory is fitted in tiles of rows. */
	@Override
	public boolean streamsSpectra() {
		return true;
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		Signal sig = input.primary();
		if (sig.ndim() < 1 || sig.ndim() > 3) throw new AnalysisException(input.source + ": a Raman input is a " +
			"spectrum (shift), a series (n, shift) or a map (y, x, shift), not " + sig.ndim() + "-dimensional");
		int n = sig.lastAxis().size;
		double[] axis = shiftAxis(input, sig);
		double[] data = sig.data();
		List<String> inputFlags = new ArrayList<>();
		SpectrumTiles tiles = SpectrumTiles.in(input); // a map too large for memory, read in tiles of rows
		if (tiles != null && axis[n - 1] < axis[0]) throw new AnalysisException(input.source + ": a map read in tiles "
			+ "needs an ascending shift axis");
		if (axis[n - 1] < axis[0]) {
			data = reverseLast(data, n);
			reverse(axis);
		}
		double lo = axis[0], hi = axis[n - 1];
		BnFitSettings s = settings(params);
		double instrument = instrumentFwhm(input, sig, s, params);
		BandWindow hw = s.model.window(BnBands.HBN);
		if (lo > hw.minPosition || hi < hw.maxPosition) throw new AnalysisException(String.format(Locale.ROOT,
			"%s: the spectrum covers %.0f-%.0f cm-1, which does not include the h-BN E2g band window %.0f-%.0f cm-1",
			input.source, lo, hi, hw.minPosition, hw.maxPosition));
		if (params.isSet("save-template")) try {
			s.model.template().write(Path.of(params.text("save-template")));
		}
		catch (IOException e) {
			throw new AnalysisException("cannot write template " + params.text("save-template") + ": " + e.getMessage(), e);
		}
		// clip the window to the data
		double wlo = Math.max(s.model.low(), lo), whi = Math.min(s.model.high(), hi);
		boolean clipped = wlo != s.model.low() || whi != s.model.high();
		if (clipped || !(Double.isNaN(instrument) && Double.isNaN(s.model.instrumentFwhm())) && instrument != s.model
			.instrumentFwhm()) {
			s = s.toBuilder().model(s.model.withWindow(wlo, whi, instrument)).build();
			if (clipped) inputFlags.add("window-clipped");
		}
		try {
			AnalysisResult res = sig.ndim() == 1 ? single(data, axis, s, inputFlags) : many(sig, tiles, data, axis, s,
				context, inputFlags);
			if (!s.model.has(BnBands.CBN_TO)) res.warn(String.format(Locale.ROOT, "the c-BN TO window %.0f-%.0f cm-1 is " +
				"outside the fit window %.0f-%.0f cm-1: no c-BN/h-BN ratio", s.model.window(BnBands.CBN_TO).minPosition, s.model
					.window(BnBands.CBN_TO).maxPosition, s.model.low(), s.model.high()));
			return res;
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage(), e);
		}
	}

	/** Metadata key of the instrument's Gaussian FWHM in cm-1, where a reader finds it in the file. */
	public static final String INSTRUMENT_FWHM_KEY = "instrument_fwhm_cm1";

	/**
	 * The instrument Gaussian FWHM: the parameter, else the Gaussian part of a Voigt fit of the reference band in
	 * instrument-reference, else the file's metadata, else NaN (fitted).
	 */
	static double instrumentFwhm(Dataset input, Signal sig, BnFitSettings s, Params params) throws AnalysisException {
		double v = s.model.instrumentFwhm();
		if (v > 0) return v;
		if (params.isSet("instrument-reference")) {
			Path ref = Path.of(params.text("instrument-reference"));
			try {
				Signal rs = org.interphase.io.Readers.read(ref).primary();
				Dataset rd = Dataset.of(ref.toString(), "reference", rs);
				double[] x = shiftAxis(rd, rs);
				int n = x.length;
				double[] y = java.util.Arrays.copyOf(rs.data(), n);
				ReferenceBand.Result r = ReferenceBand.fit(x, y, params.number("reference-band"), 20);
				if (!r.converged || !(r.gaussianFwhm > 0) || !(r.gaussianFwhmSd < 0.5 * r.gaussianFwhm)) throw new AnalysisException(
					ref + ": the reference band near " + params.number("reference-band") + " cm-1 does not give a Gaussian " +
						"width (" + r + "); pass instrument-fwhm instead");
				return r.gaussianFwhm;
			}
			catch (IOException | IllegalArgumentException e) {
				throw new AnalysisException("cannot use " + ref + " as the instrument reference: " + e.getMessage(), e);
			}
		}
		Object o = sig.metadata().get(INSTRUMENT_FWHM_KEY);
		if (o instanceof Number && ((Number) o).doubleValue() > 0) return ((Number) o).doubleValue();
		double d = input.number(INSTRUMENT_FWHM_KEY);
		return d > 0 ? d : Double.NaN;
	}

	/** The last axis as ascending-or-not Raman shift in cm-1. */
	static double[] shiftAxis(Dataset input, Signal sig) throws AnalysisException {
		Axis a = sig.lastAxis();
		double[] x = a.values();
		if (RamanShift.isWavelengthUnit(a.units)) {
			double laser = input.number(MetadataKeys.LASER_WAVELENGTH_NM);
			if (!(laser > 0)) {
				Object o = sig.metadata().get(MetadataKeys.LASER_WAVELENGTH_NM);
				if (o instanceof Number) laser = ((Number) o).doubleValue();
			}
			if (!(laser > 0)) throw new AnalysisException(input.source + ": the spectral axis is in nm and the file gives " +
				"no laser wavelength (metadata laser_wavelength_nm); cannot convert to Raman shift");
			for (int i = 0; i < x.length; i++) x[i] = RamanShift.fromWavelength(x[i], laser);
			return x;
		}
		String u = a.units.trim().toLowerCase(Locale.ROOT);
		if (u.equals("px") || u.equals("pixel") || u.equals("pixels") || u.equals("channel") || u.equals("channels"))
			throw new AnalysisException(input.source + ": the spectral axis is not calibrated (units '" + a.units +
				"'); Raman shift in cm-1 is needed");
		if (!RamanShift.isWavenumberUnit(a.units) && !u.equals("ev")) throw new AnalysisException(input.source +
			": the spectral axis is in '" + a.units + "', not cm-1 or nm");
		if (u.equals("ev")) throw new AnalysisException(input.source + ": the spectral axis is in eV, not a Raman shift");
		return x;
	}

	private AnalysisResult single(double[] data, double[] axis, BnFitSettings s, List<String> inputFlags) {
		BnFitter f = new BnFitter(s, axis);
		BnSpectrumFit.Builder fit = f.fit(data, 0, null, BnFitter.Mode.DETECT, true).toBuilder();
		AnalysisResult res = new AnalysisResult();
		for (String fl : inputFlags) fit.flag(fl);
		BnSpectrumFit r = fit.build();
		res.addAll(rows(r, s, ""));
		res.add(ResultRow.of("spikes_removed", r.spikes, Double.NaN, "").flag(general(r)));
		res.add(ResultRow.of("baseline", Double.NaN, Double.NaN, "").label(r.baseline));
		res.figure(figure(r, "Raman BN fit"));
		return res;
	}

	/** The contract rows of one fit. */
	static List<ResultRow> rows(BnSpectrumFit r, BnFitSettings s, String region) {
		List<ResultRow> out = new ArrayList<>();
		String general = general(r);
		String hb = Flags.join(general, has(r, BnFitter.HBN_NOT_DETECTED));
		String size = Flags.join(hb, has(r, BnFitter.SIZE_EXTRAPOLATED), has(r, BnFitter.SIZE_LOWER_BOUND));
		String cb = Flags.join(general, has(r, BnFitter.CBN_NOT_DETECTED));
		String ratio = Flags.join(hb, has(r, BnFitter.CBN_NOT_DETECTED));
		band(out, r, BnBands.HBN, "hbn", hb, region);
		if (s.model.has(BnBands.CBN_TO)) band(out, r, BnBands.CBN_TO, "cbn", cb, region);
		if (s.model.has(BnBands.CBN_LO)) band(out, r, BnBands.CBN_LO, "cbn_lo", cb, region);
		if (s.model.has(BnBands.CBN_TO)) {
			out.add(ResultRow.of("cbn_hbn_area_ratio", r.ratio, r.ratioSd, "").region(region).flag(ratio));
			out.add(ResultRow.of("hbn_fraction", r.hbnFraction, r.hbnFractionSd, "fraction").region(region).label(
				"cross-section ratio " + fmt(s.crossSectionRatio)).flag(ratio));
		}
		out.add(ResultRow.of("hbn_crystallite_size", r.crystalliteSize, r.crystalliteSizeSd, "nm").region(region).label(r
			.flags.contains(BnFitter.SIZE_LOWER_BOUND) ? "lower bound: Lorentzian width not resolved next to the instrument's"
				: "from the Lorentzian part of the E2g FWHM").flag(size));
		if (Double.isFinite(r.hbnLorentzianFwhm)) out.add(ResultRow.of("hbn_lorentzian_fwhm", r.hbnLorentzianFwhm,
			r.hbnLorentzianFwhmSd, "cm-1").region(region).flag(hb));
		if (r.instrumentFwhm > 0) out.add(ResultRow.of("instrument_fwhm", r.instrumentFwhm, r.instrumentFwhmSd, "cm-1")
			.region(region).label(Double.isNaN(r.instrumentFwhmSd) ? "given" : "fitted, shared by all bands").flag(general));
		for (BnBands b : s.model.bands()) if (b.isSubstrate()) {
			String c = "component:" + b.label.replace(' ', '-');
			String reg = region.isEmpty() ? c : region + ";" + c;
			out.add(ResultRow.of("position", r.position(b), r.positionSd[b.ordinal()], "cm-1").region(reg).flag(general));
			out.add(ResultRow.of("fwhm", r.fwhm(b), r.fwhmSd[b.ordinal()], "cm-1").region(reg).flag(general));
			out.add(ResultRow.of("area", r.area(b), r.areaSd[b.ordinal()], AREA_UNIT).region(reg).flag(general));
		}
		out.add(ResultRow.of("reduced_chi2", r.reducedChi2, Double.NaN, "").region(region).flag(general));
		return out;
	}

	private static void band(List<ResultRow> out, BnSpectrumFit r, BnBands b, String q, String flags, String region) {
		int i = b.ordinal();
		out.add(ResultRow.of(q + "_position", r.position[i], r.positionSd[i], "cm-1").region(region).flag(flags));
		out.add(ResultRow.of(q + "_fwhm", r.fwhm[i], r.fwhmSd[i], "cm-1").region(region).flag(flags));
		out.add(ResultRow.of(q + "_area", r.area[i], r.areaSd[i], AREA_UNIT).region(region).flag(flags));
	}

	private static String general(BnSpectrumFit r) {
		List<String> g = new ArrayList<>(r.flags);
		g.remove(BnFitter.HBN_NOT_DETECTED);
		g.remove(BnFitter.CBN_NOT_DETECTED);
		g.remove(BnFitter.SIZE_EXTRAPOLATED);
		g.remove(BnFitter.SIZE_LOWER_BOUND);
		return String.join(";", g);
	}

	private static String has(BnSpectrumFit r, String flag) {
		return r.flags.contains(flag) ? flag : "";
	}

	static Figure figure(BnSpectrumFit r, String title) {
		Figure f = new Figure("fit", title, "Raman shift (cm-1)", "Intensity (counts)");
		f.points("data", r.x, r.y, null, "#000000");
		f.line("baseline", r.x, r.baselineCurve, "#808080");
		String[] colors = { "#d62728", "#1f77b4", "#17becf", "#2ca02c", "#98df8a", "#bcbd22" };
		int k = 0;
		for (Map.Entry<String, double[]> e : r.components.entrySet()) {
			double[] v = e.getValue(), y = new double[v.length];
			for (int i = 0; i < v.length; i++) y[i] = r.baselineCurve[i] + v[i];
			f.line(label(e.getKey()), r.x, y, colors[k++ % colors.length]);
		}
		f.line("fit", r.x, r.envelope, "#ff7f0e");
		f.line("residuals", r.x, r.residuals, "#7f7f7f");
		return f;
	}

	private static String label(String id) {
		for (BnBands b : BnBands.values()) if (b.id.equals(id)) return b.label;
		return id;
	}

	private AnalysisResult many(Signal sig, SpectrumTiles tiles, double[] data, double[] axis, BnFitSettings s,
		AnalysisContext ctx, List<String> inputFlags)
	{
		int pixels = tiles != null ? (int) tiles.pixels() : sig.count(1);
		boolean map = tiles != null || sig.ndim() == 3;
		int nx = map ? sig.size(1) : pixels;
		Progress pr = ctx.progress;
		BnMapFitter.MapResult m = tiles != null ? BnMapFitter.fit(tiles, axis, s, ctx.threads, pr) : BnMapFitter.fit(data,
			pixels, nx, axis, s, ctx.threads, pr);
		AnalysisResult res = new AnalysisResult();
		BnSpectrumFit.Builder withFlags = m.mean.toBuilder();
		for (String fl : inputFlags) withFlags.flag(fl);
		BnSpectrumFit mean = withFlags.build();
		// the mean spectrum's fit, with its own uncertainties
		res.addAll(rows(mean, s, "mean-spectrum"));
		String mapFlags = Flags.join(String.join(";", inputFlags), m.failedCount > 0 ? FAILED_PIXELS : "",
			m.missingCount > 0 ? MISSING_PIXELS : "");
		int fitted = pixels - m.failedCount - m.missingCount;
		String note = "map mean; uncertainty = sd over " + fitted + " pixels";
		summary(res, "hbn_position", m.hbnPosition, "cm-1", note, mapFlags);
		summary(res, "hbn_fwhm", m.hbnFwhm, "cm-1", note, mapFlags);
		summary(res, "hbn_area", m.hbnArea, AREA_UNIT, note, mapFlags);
		if (s.model.has(BnBands.CBN_TO)) addCbnSummaries(res, m, s, note, mapFlags, pixels, fitted);
		summary(res, "hbn_crystallite_size", m.crystalliteSize, "nm", note, mapFlags);
		summary(res, "reduced_chi2", m.reducedChi2, "", note, mapFlags);
		addPixelCounts(res, m, mapFlags, pixels, fitted);
		res.add(ResultRow.of("baseline", Double.NaN, Double.NaN, "").label(mean.baseline));
		if (pixels <= MAX_PIXEL_ROWS) addPixelRows(res, m, pixels, map, nx);
		res.figure(figure(mean, "Raman BN fit of the mean spectrum"));
		if (map) addMaps(res, m, s, sig, tiles, nx);
		else addRatioSeries(res, m, sig, pixels);
		if (m.failedCount > 0) res.warn(m.failedCount + " of " + pixels + " spectra could not be fitted (NaN in the maps)");
		if (m.missingCount > 0) res.warn(m.missingCount + " of " + pixels + " pixels have missing values");
		return res;
	}

	/** The c-BN bands over the map: positions, widths, areas, the c-BN/h-BN ratio, its per-pixel sigma, and where
	 * the map has a ratio and c-BN at all. */
	private static void addCbnSummaries(AnalysisResult res, BnMapFitter.MapResult m, BnFitSettings s, String note,
		String mapFlags, int pixels, int fitted)
	{
		BnSpectrumFit mean = m.mean;
		String cf = Flags.join(mapFlags, mean.cbnDetected ? "" : BnFitter.CBN_NOT_DETECTED, mean.hbnDetected ? ""
			: BnFitter.HBN_NOT_DETECTED);
		summary(res, "cbn_position", m.cbnPosition, "cm-1", note, cf);
		summary(res, "cbn_fwhm", m.cbnFwhm, "cm-1", note, cf);
		summary(res, "cbn_area", m.cbnArea, AREA_UNIT, note, cf);
		if (s.model.has(BnBands.CBN_LO)) {
			summary(res, "cbn_lo_position", m.loPosition, "cm-1", note, cf);
			summary(res, "cbn_lo_fwhm", m.loFwhm, "cm-1", note, cf);
			summary(res, "cbn_lo_area", m.loArea, AREA_UNIT, note, cf);
		}
		summary(res, "cbn_hbn_area_ratio", m.ratio, "", note, cf);
		// the typical measurement error of one pixel's ratio, beside the spread over pixels above
		res.add(ResultRow.of("cbn_hbn_area_ratio_pixel_sigma", median(m.ratioSd), Double.NaN, "").label(
			"median over pixels of the per-pixel one-sigma uncertainty").flag(cf));
		// coverage: where the map has a ratio at all, and where c-BN stands above the noise
		int withRatio = 0, withCbn = 0;
		for (int p = 0; p < pixels; p++) {
			if (Double.isFinite(m.ratio[p])) withRatio++;
			if (m.cbnDetected[p]) withCbn++;
		}
		res.add(ResultRow.of("ratio_pixel_coverage", fitted > 0 ? withRatio / (double) fitted : Double.NaN, Double.NaN,
			"fraction").label("fitted pixels with a c-BN/h-BN ratio (positive h-BN area)").flag(cf));
		res.add(ResultRow.of("cbn_detected_pixel_fraction", fitted > 0 ? withCbn / (double) fitted : Double.NaN,
			Double.NaN, "fraction").label("fitted pixels whose c-BN TO area exceeds " + fmt(s.significance) + " sigma").flag(
				cf));
	}

	/** How many pixels were fitted, failed, missing, had spikes removed or a band far from the mean's. */
	private static void addPixelCounts(AnalysisResult res, BnMapFitter.MapResult m, String mapFlags, int pixels,
		int fitted)
	{
		res.add(ResultRow.of("fitted_pixels", fitted, Double.NaN, "").flag(mapFlags));
		res.add(ResultRow.of("failed_pixels", m.failedCount, Double.NaN, "").flag(mapFlags));
		res.add(ResultRow.of("missing_pixels", m.missingCount, Double.NaN, "").flag(mapFlags));
		res.add(ResultRow.of("spikes_removed", m.spikesTotal, Double.NaN, "").label("neighbour comparison").flag(
			mapFlags));
		if (m.largeShiftCount > 0) {
			res.add(ResultRow.of("large_shift_pixels", m.largeShiftCount, Double.NaN, "").label("h-BN shift > FWHM/4 or " +
				"width change > half the mean's: per-pixel position/width only approximate").flag(LARGE_SHIFT));
			res.warn(m.largeShiftCount + " of " + pixels + " pixels have an h-BN band shifted or widened far from the " +
				"mean spectrum's (flag " + LARGE_SHIFT + "); their positions and widths are first-order estimates");
		}
	}

	/** One set of rows per pixel (small maps and series only). */
	private static void addPixelRows(AnalysisResult res, BnMapFitter.MapResult m, int pixels, boolean map, int nx) {
		for (int p = 0; p < pixels; p++) {
			String reg = map ? "x=" + (p % nx) + ";y=" + (p / nx) : "position:" + p;
			String fl = m.failed[p] ? Flags.FIT_NOT_CONVERGED : m.missing[p] ? MISSING_PIXELS : m.largeShift[p] ? LARGE_SHIFT
				: "";
			res.add(ResultRow.of("hbn_position", m.hbnPosition[p], Double.NaN, "cm-1").region(reg).flag(fl));
			res.add(ResultRow.of("hbn_fwhm", m.hbnFwhm[p], Double.NaN, "cm-1").region(reg).flag(fl));
			res.add(ResultRow.of("cbn_hbn_area_ratio", m.ratio[p], m.ratioSd[p], "").region(reg).flag(fl));
			res.add(ResultRow.of("reduced_chi2", m.reducedChi2[p], Double.NaN, "").region(reg).flag(fl));
		}
	}

	/** The maps of a 2-D scan: h-BN position, width, area, the c-BN/h-BN ratio and its sigma, reduced chi2. */
	private static void addMaps(AnalysisResult res, BnMapFitter.MapResult m, BnFitSettings s, Signal sig,
		SpectrumTiles tiles, int nx)
	{
		List<Axis> axes = List.of(tiles != null ? tiles.rowAxis() : sig.axis(0), sig.axis(1));
		int ny = tiles != null ? tiles.rows() : sig.size(0);
		res.map(image("hbn_position", m.hbnPosition, ny, nx, axes, "cm-1"));
		res.map(image("hbn_fwhm", m.hbnFwhm, ny, nx, axes, "cm-1"));
		res.map(image("hbn_area", m.hbnArea, ny, nx, axes, ""));
		if (s.model.has(BnBands.CBN_TO)) {
			res.map(image("cbn_hbn_area_ratio", m.ratio, ny, nx, axes, ""));
			res.map(image("cbn_hbn_area_ratio_sigma", m.ratioSd, ny, nx, axes, ""));
		}
		res.map(image("reduced_chi2", m.reducedChi2, ny, nx, axes, ""));
	}

	/** The c-BN/h-BN ratio along a 1-D series. */
	private static void addRatioSeries(AnalysisResult res, BnMapFitter.MapResult m, Signal sig, int pixels) {
		double[] pos = new double[pixels];
		for (int p = 0; p < pixels; p++) pos[p] = sig.axis(0).value(p);
		res.figure(new Figure("ratio-series", "c-BN / h-BN area ratio along the series", sig.axis(0).name + " (" + sig
			.axis(0).units + ")", "c-BN/h-BN area ratio").points("ratio", pos, m.ratio, m.ratioSd, "#1f77b4"));
	}

	private static double median(double[] v) {
		double[] d = java.util.Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
		return d.length == 0 ? Double.NaN : d.length % 2 == 1 ? d[d.length / 2] : 0.5 * (d[d.length / 2 - 1] + d[d
			.length / 2]);
	}

	private static void summary(AnalysisResult res, String q, double[] v, String unit, String note, String flags) {
		double s = 0, s2 = 0;
		int k = 0;
		for (double d : v) if (Double.isFinite(d)) {
			s += d;
			k++;
		}
		double mean = k > 0 ? s / k : Double.NaN;
		for (double d : v) if (Double.isFinite(d)) s2 += (d - mean) * (d - mean);
		double sd = k > 1 ? Math.sqrt(s2 / (k - 1)) : Double.NaN;
		res.add(ResultRow.of(q, mean, sd, unit).label(note).flag(flags));
	}

	private static Signal image(String name, double[] v, int ny, int nx, List<Axis> axes, String unit) {
		Map<String, Object> md = new LinkedHashMap<>();
		md.put("unit", unit);
		return new Signal(name, "float64", new int[] { ny, nx }, axes, v.clone(), null, md);
	}

	private static double[] reverseLast(double[] d, int n) {
		double[] out = new double[d.length];
		for (int off = 0; off < d.length; off += n) for (int i = 0; i < n; i++) out[off + i] = d[off + n - 1 - i];
		return out;
	}

	private static void reverse(double[] a) {
		for (int i = 0, j = a.length - 1; i < j; i++, j--) {
			double t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	private static String fmt(double d) {
		return String.format(Locale.ROOT, "%.4g", d);
	}
}
