package org.interphase.analysis.hrtem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.hrtem.CrystallinityMap;
import org.interphase.core.hrtem.LatticeFft;
import org.interphase.core.hrtem.LatticeSpot;
import org.interphase.core.hrtem.Phases;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;

/** {@code hrtem-crystallinity}: crystalline / polycrystalline / amorphous map and the fringe spacings present. */
public final class CrystallinityAnalysis implements Analysis {
	/** Flag: windows show a lattice the whole-image spectrum did not resolve; the fraction may miss their area. */
	public static final String PHASE_UNRESOLVED = "phase-unresolved";

	@Override public String command() { return "hrtem-crystallinity"; }
	@Override public String technique() { return "hrtem"; }
	@Override public String name() { return "crystallinity"; }
	@Override public String menu() { return "HRTEM"; }
	@Override public String title() { return "Crystallinity Map"; }

	@Override
	public String description() {
		return "Crystalline vs amorphous map of an HRTEM image from a sliding-window local FFT (per window, the share " +
			"covered by its strongest lattice reflection that stands above the noise at that frequency); map values " +
			"0 amorphous, 1 polycrystalline, 2 crystalline; crystalline area fraction with uncertainty and the lattice " +
			"spacings of the image.";
	}

	@Override
	public List<Param> params() {
		return List.of(
			Param.of(CrystallinityMap.WINDOW),
			Param.of(CrystallinityMap.STEP),
			Param.of(CrystallinityMap.THRESHOLD),
			Param.text("phase", "", "expected phase for labelling spacings: " + String.join(", ", Phases.names()) +
				", or spacings in Å like 3.3,2.17"),
			HrtemImage.PIXEL_SIZE_NM);
	}

	@Override
	public List<String> extensions() {
		return HrtemImage.EXTENSIONS;
	}

	/** The core options of the parameters, through their declarations (defaults and ranges are theirs). */
	static CrystallinityMap options(Params params) {
		return CrystallinityMap.builder().window(params.integer(CrystallinityMap.WINDOW)).step(params.integer(
			CrystallinityMap.STEP)).threshold(params.number(CrystallinityMap.THRESHOLD)).build();
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		HrtemImage im = HrtemImage.of(input, params.number(HrtemImage.PIXEL_SIZE_NM.key));
		List<Phases.Line> expected = HrtemImage.expectedLines(params.text("phase"));
		CrystallinityMap cm = options(params);
		// the one check that depends on another parameter; the declared ranges are checked through the declarations
		if (cm.step > cm.window) throw new AnalysisException("step must be between 0 and the window (" + cm.window +
			"), not " + cm.step);
		cm = cm.toBuilder().threads(context.threads).build();
		// the shortest period worth looking for: 1 Å or LatticeFft.MIN_PERIOD_PX
		CrystallinityMap.Result r;
		try {
			r = cm.compute(im.data, im.width, im.height);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage());
		}
		context.progress.update(0.8, "lattice spacings");
		AnalysisResult out = new AnalysisResult();
		if (im.warning != null) out.warn(im.warning);
		String cal = im.calibrated() ? "" : Flags.UNCALIBRATED;
		// significant reflections on no lattice ring of the image: a phase the whole-image spectrum did not resolve,
		// whose area may be missing from the fraction (the uncertainty includes it)
		String unresolved = r.unassignedWindows > 0.02 * r.metric.length ? PHASE_UNRESOLVED : "";
		if (!unresolved.isEmpty()) out.warn(input.source + ": " + r.unassignedWindows + " of " + r.metric.length +
			" windows show a lattice reflection at a spacing not resolved in the whole image; their area may be " +
			"missing from the crystalline fraction");
		out.add(ResultRow.of("crystalline_area_fraction", r.crystallineFraction, r.crystallineUncertainty, "fraction")
			.flag(unresolved));
		out.add(ResultRow.of("polycrystalline_area_fraction", r.polycrystallineFraction, Double.NaN, "fraction"));
		out.add(ResultRow.of("amorphous_area_fraction", r.amorphousFraction, r.crystallineUncertainty, "fraction"));
		out.add(ResultRow.of("window_size", im.nm(r.window), Double.NaN, im.lengthUnit()).flag(cal));
		// spacings present in the image (crystalline part dominates the power)
		if (r.crystallineFraction > 0) {
			// one row per distinct spacing (plane family), whatever the number of grains and orientations
			org.interphase.core.hrtem.PhaseSpacings.Builder pb = org.interphase.core.hrtem.PhaseSpacings.builder()
				.threads(context.threads).hintsPx(r.periodsPx) // rings that recur in the map's windows (small grains)
				.hintSigmaPx(r.periodSigmaPx).hintAngleDeg(r.periodAngleDeg).refinedPx(r.refinedPeriods);
			if (im.calibrated()) {
				pb.minPeriodPx(Math.max(LatticeFft.MIN_PERIOD_PX, 0.09 / im.pixelNm));
				pb.maxPeriodPx(Math.max(8, 1.5 / im.pixelNm));
			}
			org.interphase.core.hrtem.PhaseSpacings ps = pb.build();
			List<LatticeSpot> spots = new ArrayList<>();
			for (org.interphase.core.hrtem.PhaseSpacings.Spacing sp : ps.find(im.data, im.width, im.height)) spots.add(sp
				.toSpot());
			SpotRows.add(out, spots, im, expected, false);
		}
		// the map, calibrated: one map pixel per window step
		double scale = im.calibrated() ? r.mapStep * im.pixelNm : r.mapStep;
		String unit = im.lengthUnit();
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("y", r.mapH, scale, 0, unit));
		axes.add(new Axis("x", r.mapW, scale, 0, unit));
		out.map(new Signal("crystallinity-map", "float64", new int[] { r.mapH, r.mapW }, axes, r.classMap).withMetadata(
			"legend", "0 = amorphous or vacuum, 1 = polycrystalline, 2 = crystalline"));
		out.map(new Signal("bragg-fraction-map", "float64", new int[] { r.mapH, r.mapW }, axes, r.braggMap)
			.withMetadata("legend", "Bragg-peak power / total power in the fringe band, per window"));
		out.map(new Signal("crystalline-share-map", "float64", new int[] { r.mapH, r.mapW }, axes, r.metricMap)
			.withMetadata("legend", "share of the window covered by its strongest significant lattice reflection " +
				"(amplitude relative to windows filled by that lattice); crystalline from the threshold"));
		context.progress.update(1, null);
		return out;
	}
}
