package org.interphase.analysis.sem;

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
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.OverlayShape;
import org.interphase.core.sem.DepthStatistics;
import org.interphase.core.sem.FrontFit;
import org.interphase.core.sem.ReactionDepth;
import org.interphase.core.sem.SurfaceSide;

/**
 * Reaction-layer depth in cross-section SEM/BSE images (issue 4): command {@code sem-depth}. Reads the
 * calibration, runs {@link ReactionDepth} and turns its pixel numbers into the contract's rows (µm when the
 * image is calibrated in a length unit, px and the flag {@code uncalibrated} otherwise), the depth-profile and
 * histogram figures, and the surface / front overlay.
 */
public final class ReactionDepthAnalysis implements Analysis {

	static final String TECHNIQUE = "sem";
	static final String NAME = "reaction-depth";
	/** Flag of a per-profile row left out of the distribution (crack, pore, no clear step). */
	public static final String REJECTED = "outlier-rejected";
	public static final String SATURATED = "saturated";
	public static final String NON_SQUARE = "non-square-pixels";
	/** The layer runs out of the far image edge at some stations: depths there (and the statistics) are lower bounds. */
	public static final String EXCEEDS_FIELD = "layer-exceeds-field";
	/** The accepted fronts scatter so much that the mean depth is uncertain by more than 10 %: check the overlay. */
	public static final String FRONT_UNCERTAIN = "front-uncertain";

	/** Pixel size given by the user, µm; formerly --pixel-size (µm, or in --unit). */
	static final Param PIXEL_SIZE_UM = Param.number("pixel-size-um", Double.NaN, "\u00B5m",
		"Pixel size overriding the file's calibration").positive(1e6).formerly("pixel-size");

	private static final List<Param> PARAMS = List.of(
		Param.of(ReactionDepth.Options.SURFACE_SIDE),
		Param.text("line", "", "Surface as a line/polyline x1,y1,x2,y2,... in pixels (ImageJ coordinates); " +
			"empty = find the surface automatically").points(2, 100000),
		Param.text("roi", "", "Measure only inside this polygon x1,y1,x2,y2,... in pixels; empty = whole image").points(3, 100000),
		PIXEL_SIZE_UM,
		Param.text("unit", "", "Unit of the deprecated --pixel-size: nm, \u00B5m (default), mm, m; --pixel-size-um is " +
			"always \u00B5m").check(u -> !Double.isNaN(toMicrons(u)), "a length unit: nm, \u00B5m (um), mm, m, cm, pm or \u00C5"),
		Param.of(ReactionDepth.Options.PROFILES),
		Param.of(ReactionDepth.Options.AVERAGING_WIDTH),
		Param.number("max-depth", Double.NaN, "", "Longest profile from the surface, in the result unit (\u00B5m, or px " +
			"when uncalibrated); empty = to the image edge").positive(1e9),
		Param.of(ReactionDepth.Options.SMOOTHING),
		Param.of(ReactionDepth.Options.DATABAR),
		Param.of(ReactionDepth.Options.MIN_CONTRAST),
		Param.of(ReactionDepth.Options.LAYER));

	@Override public String command() { return "sem-depth"; }
	@Override public String technique() { return TECHNIQUE; }
	@Override public String name() { return NAME; }
	@Override public String menu() { return "SEM"; }
	@Override public String title() { return "Reaction Layer Depth"; }

	@Override
	public String description() {
		return "Reaction-layer depth in cross-section SEM/BSE images: finds the sample surface (any side, tilted, " +
			"curved or rough; or a given line), fits the graded reaction front along the surface normals (50 % " +
			"point of an erf step, ISO 20263) and reports the depth distribution (mean, median, sd, p05, p95, max), " +
			"interface length and front width, per image and per sample over a series.";
	}

	@Override public List<Param> params() { return PARAMS; }

	@Override
	public List<String> extensions() {
		return List.of("tif", "tiff", "png", "jpg", "jpeg", "bmp", "gif");
	}

	/** Calibration: pixel size and unit of the results, and whether it is real. */
	static final class Calibration {
		final double pixelSize;
		final String unit;
		final boolean calibrated;
		final boolean nonSquare;

		Calibration(double pixelSize, String unit, boolean calibrated, boolean nonSquare) {
			this.pixelSize = pixelSize;
			this.unit = unit;
			this.calibrated = calibrated;
			this.nonSquare = nonSquare;
		}
	}

	/** Factor to µm for a length unit, or NaN when the unit is not a length we know. */
	static double toMicrons(String unit) {
		return LengthUnits.microns(unit);
	}

	/** The one 2D image of a signal: (y, x) or (y, x, channel) with colour as luminance; stacks are refused. */
	static final class Plane {
		final double[] data;
		final int w, h;
		final Axis x, y;

		Plane(double[] data, int w, int h, Axis x, Axis y) {
			this.data = data;
			this.w = w;
			this.h = h;
			this.x = x;
			this.y = y;
		}
	}

	static Plane plane(String source, Signal colourOrGrey) throws AnalysisException {
		Signal s = colourOrGrey.luminance();
		int nd = s.ndim();
		int spatial = nd - 2;
		if (spatial < 0) throw new AnalysisException(source + ": not an image (" + nd + " dimension" + (nd == 1 ? ""
			: "s") + ")");
		int frames = 1;
		for (int i = 0; i < spatial; i++) frames *= s.size(i);
		if (frames > 1) throw new AnalysisException(source + ": a stack of " + frames +
			" images; reaction depth measures single images - save the frames as separate files and give the folder " +
			"(one series per sample)");
		Axis ay = s.axis(spatial), ax = s.axis(spatial + 1);
		return new Plane(s.data(), ax.size, ay.size, ax, ay);
	}

	static Calibration calibration(Dataset in, Axis ax, Axis ay, Params p) throws AnalysisException {
		if (p.isSet(PIXEL_SIZE_UM.key)) {
			double v = p.number(PIXEL_SIZE_UM.key);
			String u = p.text("unit").isEmpty() ? "\u00B5m" : p.text("unit");
			double f = toMicrons(u);
			if (Double.isNaN(f)) throw new AnalysisException("unknown --unit '" + u + "'; use nm, \u00B5m (um), mm or m");
			// --unit belongs to the former --pixel-size; --pixel-size-um says its unit in its name
			if (f != 1 && !p.givenAs(PIXEL_SIZE_UM.key).equals("pixel-size")) throw new AnalysisException("--unit " + u +
				" applies to the deprecated --pixel-size only; --pixel-size-um is in \u00B5m: give --pixel-size-um " + v * f);
			return new Calibration(v * f, "\u00B5m", true, false);
		}
		if (ax.isCalibrated() && !ax.units.isEmpty() && !ax.units.equals("px") && ax.scale > 0) {
			double f = toMicrons(ax.units);
			boolean ns = Math.abs(ax.scale - ay.scale) > 1e-3 * ax.scale;
			// other units (inch from a TIFF's display resolution, ...) are no physical pixel size
			if (!Double.isNaN(f)) return new Calibration(ax.scale * f, "\u00B5m", true, ns);
		}
		double md = in.number(MetadataKeys.PIXEL_SIZE);
		String mu = in.text(MetadataKeys.PIXEL_SIZE_UNIT);
		if (md > 0 && mu != null) {
			double f = toMicrons(mu);
			if (!Double.isNaN(f)) return new Calibration(md * f, "\u00B5m", true, false);
		}
		return new Calibration(1, "px", false, false);
	}

	static double[] parseCoords(String text, String what) throws AnalysisException {
		if (text == null || text.isBlank()) return null;
		String[] parts = text.trim().split("[,;\\s]+");
		if (parts.length < 4 || parts.length % 2 != 0) throw new AnalysisException(what +
			" needs pairs of pixel coordinates x1,y1,x2,y2,... (at least two points), not '" + text + "'");
		double[] v = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				// ImageJ coordinates (pixel centre at +0.5) to pixel-index coordinates (centre at integers)
				v[i] = Double.parseDouble(parts[i]) - 0.5;
			}
			catch (NumberFormatException e) {
				throw new AnalysisException(what + ": '" + parts[i] + "' is not a number");
			}
			if (!Double.isFinite(v[i])) throw new AnalysisException(what + ": '" + parts[i] + "' is not finite");
		}
		return v;
	}

	/** The core options of the parameters, through their declarations (defaults and ranges are theirs). */
	static ReactionDepth.Options options(Params p) {
		String pol = p.text(ReactionDepth.Options.LAYER);
		return ReactionDepth.Options.builder().side(SurfaceSide.parse(p.text(ReactionDepth.Options.SURFACE_SIDE)))
			.profiles(p.integer(ReactionDepth.Options.PROFILES)).profileWidth(p.integer(
				ReactionDepth.Options.AVERAGING_WIDTH)).smoothingPx(p.number(ReactionDepth.Options.SMOOTHING)).databarPx(p
					.integer(ReactionDepth.Options.DATABAR)).minContrast(p.number(ReactionDepth.Options.MIN_CONTRAST))
			.polarity("darker".equals(pol) ? Integer.valueOf(-1) : "brighter".equals(pol) ? Integer.valueOf(1) : null)
			.build();
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params p, AnalysisContext ctx) throws AnalysisException {
		Signal s = input.primary();
		Plane plane = plane(input.source, s);
		int w = plane.w, h = plane.h;
		if (w < 16 || h < 16) throw new AnalysisException(input.source + ": image too small (" + w + " x " + h + ")");
		double[] img = plane.data;
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (double v : img) {
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
		if (!(hi > lo)) throw new AnalysisException(input.source + ": the image is blank (every pixel is " + lo + ")");
		int atMax = 0;
		for (double v : img) if (v == hi) atMax++;
		String satFlag = "";
		if (atMax > 0.5 * img.length) throw new AnalysisException(input.source + ": the image is saturated (" + Math
			.round(100.0 * atMax / img.length) + " % of the pixels at the maximum)");
		if (atMax > 0.05 * img.length && hi > 250) satFlag = SATURATED;

		Calibration cal = calibration(input, plane.x, plane.y, p);
		ReactionDepth.Options base = options(p);
		ReactionDepth.Options.Builder ob = base.toBuilder().line(parseCoords(p.text("line"), "--line"));
		double[] roi = parseCoords(p.text("roi"), "--roi");
		if (roi != null && roi.length < 6) throw new AnalysisException("--roi needs a polygon of at least 3 points");
		ob.roi(roi);
		double md = p.number("max-depth");
		if (!Double.isNaN(md)) {
			ob.maxDepthPx(md / cal.pixelSize);
		}
		int db = base.databarPx;
		if (db < 0) {
			double m = input.number(MetadataKeys.DATABAR_HEIGHT);
			if (!Double.isNaN(m) && m >= 0) db = (int) Math.round(m);
		}
		if (db >= h) throw new AnalysisException("--databar " + db + " is not smaller than the image height " + h);
		ReactionDepth.Options o = ob.databarPx(db).threads(ctx.threads).build();
		if (o.roi != null) {
			boolean any = false;
			for (int i = 0; i < o.roi.length; i += 2) if (o.roi[i] >= -1 && o.roi[i] <= w && o.roi[i + 1] >= -1 &&
				o.roi[i + 1] <= h) any = true;
			if (!any) throw new AnalysisException("--roi lies entirely outside the image (" + w + " x " + h + " px)");
		}
		ctx.progress.update(0.05, "reaction depth: surface");
		ReactionDepth.Result r;
		try {
			r = ReactionDepth.measure(img, w, h, o);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage(), e);
		}
		ctx.progress.update(0.9, "reaction depth: results");
		AnalysisResult out = toResult(r, cal, satFlag);
		if (!r.layerFound && !Double.isNaN(o.maxDepthPx)) out.warn("no layer found within --max-depth " + md + " " +
			cal.unit + ": a front beyond it (no bulk in the profiles) cannot be seen; try without --max-depth");
		ctx.progress.update(1, null);
		return out;
	}

	static AnalysisResult toResult(ReactionDepth.Result r, Calibration cal, String extraFlag) {
		AnalysisResult out = new AnalysisResult();
		double ps = cal.pixelSize;
		String u = cal.unit;
		String flags = Flags.join("", cal.calibrated ? "" : Flags.UNCALIBRATED, r.layerFound ? "" : Flags.NO_LAYER_FOUND,
			r.lowSnr ? Flags.LOW_SNR : "", cal.nonSquare ? NON_SQUARE : "", extraFlag, r.layerFound && r.exceedsField
				? EXCEEDS_FIELD : "", r.layerFound && r.frontUncertain ? FRONT_UNCERTAIN : "");
		addDepthRows(out, r, ps, u, flags);
		addProfileRows(out, r, cal);
		addFigures(out, r, ps, u);
		addOverlay(out, r);
		addWarnings(out, r, cal);
		return out;
	}

	/** The depth statistics, the profile counts and the layer's contrast, each with the result's flags. */
	private static void addDepthRows(AnalysisResult out, ReactionDepth.Result r, double ps, String u, String flags) {
		DepthStatistics st = r.stats;
		boolean none = !r.layerFound;
		double nan = Double.NaN;
		out.add(row("depth_mean", st.mean * ps, none ? nan : st.meanSd * ps, u, flags));
		out.add(row("depth_median", st.median * ps, none ? nan : st.medianSd * ps, u, flags));
		out.add(row("depth_sd", st.sd * ps, none ? nan : st.sdSd * ps, u, flags));
		out.add(row("depth_p05", st.p05 * ps, none ? nan : st.p05Sd * ps, u, flags));
		out.add(row("depth_p95", st.p95 * ps, none ? nan : st.p95Sd * ps, u, flags));
		double maxSd = nan;
		if (!none) for (int i = 0; i < r.depth.length; i++) if (r.accepted[i] && r.depth[i] == st.max) maxSd = r.fits[i]
			.depthSd;
		out.add(row("depth_max", st.max * ps, maxSd * ps, u, flags));
		out.add(row("interface_length", r.interfaceLengthPx * ps, nan, u, flags));
		out.add(row("pixel_size", ps, nan, u, flags));
		out.add(row("front_width", r.frontWidthPx * ps, r.frontWidthSd * ps, u, flags));
		out.add(row("n_profiles", st.n, nan, "", flags));
		out.add(row("profiles_rejected", none ? 0 : r.rejected, nan, "", flags));
		if (!none) {
			// why profiles were left out (cracks, pores, grains crossing them are rejected one by one)
			out.add(row("profiles_rejected_no_step", r.rejectedNoStep, nan, "", flags));
			out.add(row("profiles_rejected_contrast", r.rejectedContrast, nan, "", flags));
			out.add(row("profiles_rejected_width", r.rejectedWidth, nan, "", flags));
			out.add(row("profiles_rejected_level", r.rejectedLevel, nan, "", flags));
			out.add(row("profiles_rejected_trend", r.rejectedOutlier, nan, "", flags));
			out.add(row("profiles_beyond_field", r.nBeyondField, nan, "", flags));
		}
		out.add(row("layer_brighter", r.brighter ? 1 : 0, nan, "", flags));
		out.add(row("databar_height", r.databarPx, nan, "px", flags));
		out.add(row("detection_limit", ReactionDepth.START * ps, nan, u, flags));
		if (!Double.isNaN(r.medianContrast)) out.add(row("layer_contrast", r.medianContrast, nan, "fraction", flags));
		else if (!Double.isNaN(r.measuredContrast)) {
			// no layer: the contrast and significance of the best step that was there, so "none" can be checked
			out.add(row("layer_contrast", r.measuredContrast, nan, "fraction", flags));
			out.add(row("step_significance", r.measuredT, nan, "", flags));
		}
	}

	/** One depth row per measured profile: accepted (or beyond the field) and rejected fronts. */
	private static void addProfileRows(AnalysisResult out, ReactionDepth.Result r, Calibration cal) {
		double ps = cal.pixelSize;
		String u = cal.unit;
		boolean none = !r.layerFound;
		double nan = Double.NaN;
		String base = Flags.join("", cal.calibrated ? "" : Flags.UNCALIBRATED);
		int n = r.depth.length;
		for (int i = 0; i < n; i++) {
			if (!r.measured[i]) continue;
			FrontFit f = r.fits[i];
			if (r.accepted[i]) {
				double sd = none ? nan : f.depthSd * ps;
				if (r.beyondField[i]) out.add(ResultRow.of("depth", r.depth[i] * ps, nan, u).region("profile:" + i).flag(
					base, EXCEEDS_FIELD));
				else out.add(ResultRow.of("depth", r.depth[i] * ps, sd, u).region("profile:" + i).flag(base, none
					? Flags.NO_LAYER_FOUND : (f.converged ? "" : Flags.FIT_NOT_CONVERGED)));
			}
			else if (f.found()) {
				out.add(ResultRow.of("depth", f.depth * ps, f.depthSd * ps, u).region("profile:" + i).flag(base,
					REJECTED));
			}
		}
	}

	/** The depth along the interface with its mean, and the depth histogram. */
	private static void addFigures(AnalysisResult out, ReactionDepth.Result r, double ps, String u) {
		boolean none = !r.layerFound;
		DepthStatistics st = r.stats;
		int n = r.depth.length;
		List<Double> ax = new ArrayList<>(), ay = new ArrayList<>(), ae = new ArrayList<>();
		for (int i = 0; i < n; i++) if (r.accepted[i]) {
			ax.add(r.arc[i] * ps);
			ay.add(r.depth[i] * ps);
			ae.add(none || Double.isNaN(r.fits[i].depthSd) ? 0 : r.fits[i].depthSd * ps);
		}
		Figure prof = new Figure("depth-profile", "Reaction depth along the interface", "Position along the surface (" +
			u + ")", "Depth (" + u + ")");
		prof.points("depth", arr(ax), arr(ay), arr(ae), "#1f77b4");
		if (ax.size() > 1) prof.line("mean", new double[] { ax.get(0), ax.get(ax.size() - 1) }, new double[] { st.mean *
			ps, st.mean * ps }, "#d62728");
		out.figure(prof);
		out.figure(histogram(arr(ay), u));
	}

	/** The overlay: the surface, the reaction front and the rejected profiles. */
	private static void addOverlay(AnalysisResult out, ReactionDepth.Result r) {
		boolean none = !r.layerFound;
		int n = r.depth.length;
		// overlay: ImageJ coordinates (pixel centre at +0.5)
		double[] sx = new double[r.surface.x.length], sy = new double[sx.length];
		for (int i = 0; i < sx.length; i++) {
			sx[i] = r.surface.x[i] + 0.5;
			sy[i] = r.surface.y[i] + 0.5;
		}
		out.shape(OverlayShape.polyline("surface", sx, sy, "#ffff00"));
		if (!none) {
			double[][] fp = ReactionDepth.frontPoints(r);
			for (int i = 0; i < fp[0].length; i++) {
				fp[0][i] += 0.5;
				fp[1][i] += 0.5;
			}
			if (fp[0].length > 1) out.shape(OverlayShape.polyline("reaction front", fp[0], fp[1], "#00ffff"));
		}
		List<Double> rx = new ArrayList<>(), ry = new ArrayList<>();
		for (int i = 0; i < n; i++) if (r.measured[i] && !r.accepted[i]) {
			rx.add(r.x[i] + 0.5);
			ry.add(r.y[i] + 0.5);
		}
		if (!rx.isEmpty()) out.shape(OverlayShape.points("rejected profiles", arr(rx), arr(ry), "#ff0000"));
	}

	/** What the user should know: no calibration, no layer, an uncertain front, fronts beyond the field, low SNR. */
	private static void addWarnings(AnalysisResult out, ReactionDepth.Result r, Calibration cal) {
		boolean none = !r.layerFound;
		if (!cal.calibrated) out.warn("no pixel size in the file: depths are in px (give --pixel-size-um)");
		if (none) out.warn(String.format(Locale.ROOT, "no reaction layer found: %d of %d profiles show a significant " +
			"step (median contrast %.3f, significance %.1f; a layer needs contrast >= %s and significance >= 6 on %.0f %%" +
			" of them), or the layer is deeper than the field", count(r.measured) - r.withoutStep, count(r.measured), r.measuredContrast, r.measuredT, fmt(minContrast(r)), 100 *
					ReactionDepth.LAYER_SHARE));
		if (!none && r.frontUncertain) out.warn(String.format(Locale.ROOT, "the accepted fronts scatter so much " +
			"that the mean depth is uncertain by %.0f %% of itself: the front found may be a brightness drift, texture " +
			"or pores rather than the layer's; check the overlay (or give --layer / --line)", 100 * r.stats.meanSd / r
				.stats.mean));
		if (!none && r.exceedsField) out.warn(r.nBeyondField + " profiles end on the far image edge still in the " +
			"layer: their depth is the profile length, and the depth statistics are lower bounds (image a larger field)");
		if (r.lowSnr) out.warn("low signal-to-noise ratio of the front");
	}

	private static int count(boolean[] b) {
		int n = 0;
		for (boolean x : b) if (x) n++;
		return n;
	}

	private static double minContrast(ReactionDepth.Result r) {
		return r.minContrast;
	}

	private static String fmt(double v) {
		return String.format(Locale.ROOT, "%.3g", v);
	}

	static Figure histogram(double[] v, String u) {
		Figure f = new Figure("depth-histogram", "Reaction depth distribution", "Depth (" + u + ")", "Profiles");
		if (v.length == 0) return f;
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (double d : v) {
			lo = Math.min(lo, d);
			hi = Math.max(hi, d);
		}
		int bins = (int) Math.max(1, Math.min(40, Math.ceil(Math.sqrt(v.length))));
		double bw = hi > lo ? (hi - lo) / bins : 1;
		double[] x = new double[bins], c = new double[bins];
		for (int i = 0; i < bins; i++) x[i] = lo + (i + 0.5) * bw;
		for (double d : v) c[Math.min(bins - 1, (int) ((d - lo) / bw))]++;
		f.add(new Figure.Series("profiles", x, c, null, Figure.Style.BARS, "#1f77b4"));
		return f;
	}

	private static ResultRow row(String q, double v, double sd, String unit, String flags) {
		return ResultRow.of(q, v, sd, unit).flag(flags);
	}

	private static double[] arr(List<Double> l) {
		double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}

	/**
	 * One sample over a series: the per-profile depths of all its images pooled (only those in the majority unit),
	 * the same quantities as per image; with several images the mean's uncertainty combines the scatter of the
	 * image means and their own uncertainties, sqrt(s^2/n + sum(u_i^2)/n^2) (as the report does).
	 */
	@Override
	public List<ResultRow> summarize(String sampleId, List<AnalysisResult> perInput) {
		List<ResultRow> out = new ArrayList<>();
		if (perInput.isEmpty()) return out;
		Map<String, Integer> unitCount = new LinkedHashMap<>();
		for (AnalysisResult a : perInput) {
			ResultRow m = a.find("depth_mean");
			if (m != null) unitCount.merge(m.unit, 1, Integer::sum);
		}
		if (unitCount.isEmpty()) return out;
		String unit = unitCount.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
		List<Double> pooled = new ArrayList<>(), means = new ArrayList<>(), widths = new ArrayList<>(),
			meanUnc = new ArrayList<>();
		double length = 0, ps = Double.NaN;
		boolean psVaries = false, anyLayer = false;
		int images = 0, rejected = 0;
		String flags = "";
		for (AnalysisResult a : perInput) {
			ResultRow m = a.find("depth_mean");
			if (m == null || !m.unit.equals(unit)) continue;
			images++;
			means.add(m.value);
			meanUnc.add(m.uncertainty);
			boolean none = m.flags.contains(Flags.NO_LAYER_FOUND);
			if (!none) anyLayer = true;
			for (String f : m.flags.split(";")) if (f.equals(Flags.UNCALIBRATED) || f.equals(Flags.LOW_SNR) || f.equals(
				SATURATED) || f.equals(EXCEEDS_FIELD) || f.equals(FRONT_UNCERTAIN)) flags = Flags.join(flags, f);
			for (ResultRow r : a.rows()) if (r.quantity.equals("depth") && r.region.startsWith("profile:") && !r.flags
				.contains(REJECTED) && Double.isFinite(r.value)) pooled.add(r.value);
			ResultRow l = a.find("interface_length");
			if (l != null) length += l.value;
			ResultRow w = a.find("front_width");
			if (w != null && Double.isFinite(w.value)) widths.add(w.value);
			ResultRow p = a.find("pixel_size");
			if (p != null) {
				if (!Double.isNaN(ps) && Math.abs(p.value - ps) > 1e-9 * Math.abs(ps)) psVaries = true;
				if (Double.isNaN(ps)) ps = p.value;
			}
			ResultRow rj = a.find("profiles_rejected");
			if (rj != null) rejected += (int) rj.value;
		}
		if (unitCount.size() > 1) flags = Flags.join(flags, "mixed-units");
		if (!anyLayer) flags = Flags.join(flags, Flags.NO_LAYER_FOUND);
		double[] v = arr(pooled);
		DepthStatistics st = DepthStatistics.of(v, false, 20263L + sampleId.hashCode());
		double meanSd = st.meanSd;
		if (images > 1) {
			// scatter between the images and each image's own uncertainty: sqrt(s^2/n + sum(u_i^2)/n^2)
			double[] mv = arr(means);
			DepthStatistics ms = DepthStatistics.of(mv, false, 1);
			double u2 = 0;
			for (double u : arr(meanUnc)) if (Double.isFinite(u)) u2 += u * u;
			meanSd = Math.sqrt(ms.sd * ms.sd / images + u2 / ((double) images * images));
		}
		else {
			ResultRow m = perInput.get(0).find("depth_mean");
			if (m != null) meanSd = m.uncertainty;
		}
		double nan = Double.NaN;
		boolean none = !anyLayer;
		out.add(row("depth_mean", st.mean, none ? nan : meanSd, unit, flags));
		out.add(row("depth_median", st.median, none ? nan : st.medianSd, unit, flags));
		out.add(row("depth_sd", st.sd, none ? nan : st.sdSd, unit, flags));
		out.add(row("depth_p05", st.p05, none ? nan : st.p05Sd, unit, flags));
		out.add(row("depth_p95", st.p95, none ? nan : st.p95Sd, unit, flags));
		out.add(row("depth_max", st.max, nan, unit, flags));
		out.add(row("interface_length", length, nan, unit, flags));
		out.add(row("pixel_size", ps, nan, unit, psVaries ? Flags.join(flags, "pixel-size-varies") : flags));
		double[] wv = arr(widths);
		out.add(row("front_width", wv.length == 0 ? nan : DepthStatistics.median(wv), nan, unit, flags));
		out.add(row("n_profiles", st.n, nan, "", flags));
		out.add(row("profiles_rejected", rejected, nan, "", flags));
		out.add(row("n_images", images, nan, "", flags));
		return out;
	}
}
