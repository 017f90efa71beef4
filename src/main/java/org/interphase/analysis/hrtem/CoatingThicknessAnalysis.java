package org.interphase.analysis.hrtem;

import java.util.ArrayList;
import java.util.List;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.hrtem.CoatingThickness;
import org.interphase.core.hrtem.LatticeSpot;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.OverlayShape;

/** {@code hrtem-thickness}: coating thickness from many profiles across the substrate/coating interface. */
public final class CoatingThicknessAnalysis implements Analysis {
	/** Flag: the method could not decide where an edge is (the warning says why); the number is not reliable. */
	public static final String UNDECIDED = "edge-undecided";

	@Override public String command() { return "hrtem-thickness"; }
	@Override public String technique() { return "hrtem"; }
	@Override public String name() { return "coating-thickness"; }
	@Override public String menu() { return "HRTEM"; }
	@Override public String title() { return "Coating Thickness"; }

	@Override
	public String description() {
		return "Coating thickness in an HRTEM image of a coated particle edge: the substrate/coating interface is " +
			"found from the substrate's lattice-fringe energy and the outer surface from the intensity, both by " +
			"error-function fits on width-averaged profiles along many normals; reports thickness per profile, " +
			"mean, sd and the uncertainty of the mean.";
	}

	@Override
	public List<Param> params() {
		return List.of(
			Param.text("line", "", "polyline along the interface in pixels x1,y1,x2,y2[,...], or one line across " +
				"the coating (empty = automatic)").points(2, 100000),
			Param.of(CoatingThickness.PROFILES),
			Param.number("width", Double.NaN, "nm", "width each profile is averaged over (empty = 3 fringe periods)"),
			Param.number("max-thickness", Double.NaN, "nm", "longest thickness searched (empty = across the image)"),
			HrtemImage.PIXEL_SIZE_NM);
	}

	@Override
	public List<String> extensions() {
		return HrtemImage.EXTENSIONS;
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		HrtemImage im = HrtemImage.of(input, params.number(HrtemImage.PIXEL_SIZE_NM.key));
		CoatingThickness.Builder ct = CoatingThickness.builder().threads(context.threads);
		// lattice fringes of interest are below 1.5 nm (LATP (012) 0.6 nm, h-BN (002) 0.33 nm)
		if (im.calibrated()) ct.maxPeriodPx(Math.max(8, 1.5 / im.pixelNm));
		ct.profiles(params.integer(CoatingThickness.PROFILES));
		if (params.isSet("width")) {
			double wpx = im.px(params.number("width"));
			if (!(wpx >= 1)) throw new AnalysisException("width must be at least one pixel");
			ct.widthPx(wpx);
		}
		if (params.isSet("max-thickness")) ct.maxThicknessPx(Math.max(10, im.px(params.number("max-thickness"))));
		if (!params.text("line").isBlank()) {
			double[] xy = HrtemImage.parseCoordinates("line", params.text("line"));
			boolean inside = false;
			for (int i = 0; i < xy.length; i += 2) inside |= xy[i] >= 0 && xy[i] <= im.width && xy[i + 1] >= 0 && xy[i +
				1] <= im.height;
			if (!inside) throw new AnalysisException("the line lies outside the image (" + im.width + "x" + im.height +
				" px)");
			ct.line(xy);
		}
		context.progress.update(0.05, "finding the interface");
		CoatingThickness.Result r;
		try {
			r = ct.build().measure(im.data, im.width, im.height);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage());
		}
		context.progress.update(1, null);
		return result(r, im, input.source);
	}

	static AnalysisResult result(CoatingThickness.Result r, HrtemImage im, String source) {
		AnalysisResult out = new AnalysisResult();
		String unit = im.lengthUnit();
		String cal = im.calibrated() ? "" : Flags.UNCALIBRATED;
		if (im.warning != null) out.warn(im.warning);
		if (r.undecided != null) out.warn("thickness undecided: " + r.undecided);
		String undecided = r.undecided != null ? UNDECIDED : "";
		String layer = r.layerFound || r.undecided != null ? "" : Flags.NO_LAYER_FOUND;
		String snr = r.nValid < 0.5 * r.thickness.length ? Flags.LOW_SNR : "";
		if (!r.layerFound && r.undecided == null) out.warn(r.message);
		if (r.acrossLine) out.warn("the line crosses the interface: profiles were taken along the interface normal " +
			"over a short stretch where it crosses");
		if (r.nValid == 0) out.warn("no profile could be fitted");
		double mean = r.layerFound ? r.mean : r.undecided != null ? Double.NaN : 0, sd = r.layerFound ? r.sd : Double.NaN;
		double sem = r.layerFound ? r.sem : Double.NaN;
		out.add(ResultRow.of("thickness_mean", im.nm(mean), im.nm(sem), unit).flag(cal, layer, snr, undecided));
		out.add(ResultRow.of("thickness_sd", im.nm(sd), r.nValid > 1 && r.layerFound ? im.nm(sd) / Math.sqrt(2.0 *
			(r.nValid - 1)) : Double.NaN, unit).flag(cal, layer, undecided));
		out.add(ResultRow.of("n_profiles", r.nValid, Double.NaN, "").flag(layer));
		out.add(ResultRow.of("thickness_median", im.nm(r.layerFound ? r.median : r.undecided != null ? Double.NaN : 0),
			Double.NaN, unit).flag(cal, layer, undecided));
		out.add(ResultRow.of("interface_length", im.nm(r.edgeLength), Double.NaN, unit).flag(cal));
		out.add(ResultRow.of("profile_width", im.nm(r.widthPx), Double.NaN, unit).flag(cal));
		if (!r.layerFound && r.undecided == null) out.add(ResultRow.of("detection_limit", im.nm(2 * (Double.isNaN(r.periodPx) ? 8 : r.periodPx)),
			Double.NaN, unit).flag(cal, layer));
		for (int i = 0; i < r.spots.size(); i++) {
			LatticeSpot s = r.spots.get(i);
			out.add(ResultRow.of("substrate_fringe_spacing", im.angstrom(s.periodPx), im.angstrom(s.sigmaPeriodPx), im
				.spacingUnit()).region("spot:" + i).flag(cal));
		}
		addProfileRows(out, r, im, cal);
		addThicknessFigure(out, r, im, mean);
		if (r.avgT != null) out.figure(averagedProfileFigure(r, im));
		out.shape(polyline("interface", r.innerX, r.innerY, "#ff0000"));
		if (r.layerFound) out.shape(polyline("outer surface", r.outerX, r.outerY, "#00ffff"));
		return out;
	}

	/** The outlier and skipped-profile warnings, then one thickness row per fitted profile (when a layer was found). */
	private static void addProfileRows(AnalysisResult out, CoatingThickness.Result r, HrtemImage im, String cal) {
		String unit = im.lengthUnit();
		if (r.nRejected > 0) out.warn(r.nRejected + " profile(s) rejected as outliers (beyond 5 robust sd)");
		int failed = r.thickness.length - r.nValid - r.nRejected;
		if (failed > 0) out.warn(failed + " profile(s) without a clear edge were skipped");
		if (r.layerFound) for (int i = 0; i < r.thickness.length; i++) {
			if (Double.isNaN(r.thickness[i])) continue;
			out.add(ResultRow.of("thickness", im.nm(r.thickness[i]), im.nm(r.sigma[i]), unit).region("profile:" + i).flag(
				cal));
		}
	}

	/** The thickness of each profile along the edge, with the mean as a line. */
	private static void addThicknessFigure(AnalysisResult out, CoatingThickness.Result r, HrtemImage im, double mean) {
		String unit = im.lengthUnit();
		List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), es = new ArrayList<>();
		for (int i = 0; i < r.thickness.length; i++) if (!Double.isNaN(r.thickness[i])) {
			xs.add(im.nm(r.arc[i]));
			ys.add(im.nm(r.thickness[i]));
			es.add(im.nm(r.sigma[i]));
		}
		Figure along = new Figure("thickness-along-edge", "Coating thickness along the edge", "position along the edge (" +
			unit + ")", "thickness (" + unit + ")");
		along.points("thickness", arr(xs), arr(ys), r.layerFound ? arr(es) : null, "#1f77b4");
		if (!xs.isEmpty()) along.line("mean", new double[] { xs.get(0), xs.get(xs.size() - 1) }, new double[] { im.nm(
			mean), im.nm(mean) }, "#d62728");
		out.figure(along);
	}

	/** The averaged profile across the coating: fringe amplitude, intensity and the two edge fits, normalised. */
	private static Figure averagedProfileFigure(CoatingThickness.Result r, HrtemImage im) {
		String unit = im.lengthUnit();
		int m = r.avgT.length;
		double[] t = new double[m], e = new double[m], in = new double[m];
		double eMax = 0, iMin = Double.MAX_VALUE, iMax = -Double.MAX_VALUE;
		for (int j = 0; j < m; j++) {
			if (!Double.isNaN(r.avgEnergy[j])) eMax = Math.max(eMax, r.avgEnergy[j]);
			if (!Double.isNaN(r.avgIntensity[j])) {
				iMin = Math.min(iMin, r.avgIntensity[j]);
				iMax = Math.max(iMax, r.avgIntensity[j]);
			}
		}
		double ir = iMax > iMin ? iMax - iMin : 1;
		double[] fe = new double[m], fi = new double[m];
		for (int j = 0; j < m; j++) {
			t[j] = im.nm(r.avgT[j]);
			e[j] = r.avgEnergy[j] / (eMax > 0 ? eMax : 1);
			in[j] = (r.avgIntensity[j] - iMin) / ir;
			fe[j] = r.avgInner == null ? Double.NaN : r.avgInner.value(r.avgT[j]) / (eMax > 0 ? eMax : 1);
			fi[j] = r.avgOuter == null ? Double.NaN : (r.avgOuter.value(r.avgT[j]) - iMin) / ir;
		}
		Figure prof = new Figure("averaged-profile", "Averaged profile across the coating",
			"distance along the normal from the detected edge (" + unit + ")", "normalised");
		prof.line("substrate fringe amplitude", t, e, "#2ca02c");
		prof.line("intensity", t, in, "#7f7f7f");
		if (r.avgInner != null) prof.line("interface fit", t, fe, "#d62728");
		if (r.avgOuter != null) prof.line("surface fit", t, fi, "#9467bd");
		return prof;
	}

	private static OverlayShape polyline(String name, double[] x, double[] y, String color) {
		List<Double> px = new ArrayList<>(), py = new ArrayList<>();
		for (int i = 0; i < x.length; i++) if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
			px.add(x[i]);
			py.add(y[i]);
		}
		return OverlayShape.polyline(name, arr(px), arr(py), color);
	}

	static double[] arr(List<Double> l) {
		double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}
}
