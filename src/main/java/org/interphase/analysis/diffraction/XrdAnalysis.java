package org.interphase.analysis.diffraction;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.core.diffraction.xrd.ScherrerSize;
import org.interphase.core.diffraction.xrd.WeakReflections;
import org.interphase.core.diffraction.xrd.XraySticks;
import org.interphase.core.diffraction.xrd.XrayWavelength;
import org.interphase.core.diffraction.xrd.XrdAnalyzer;
import org.interphase.core.diffraction.xrd.XrdPhaseMatcher;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;

/**
 * {@code xrd}: 1D X-ray powder patterns (2-theta, intensity): Bragg peaks (K-alpha doublets, pseudo-Voigt) with
 * positions, widths, areas and d-spacings, indexing against built-in or CIF phases with a per-phase match score and
 * zero shift, crystallite sizes (Scherrer), and the crystallinity index = crystalline peak area / (crystalline +
 * amorphous halo area) above the instrument background. See docs/diffraction.md, "X-ray diffraction (1D)".
 */
public final class XrdAnalysis implements Analysis {
	public static final String NO_PEAKS = "no-peaks-found";
	public static final String WAVELENGTH_DEFAULTED = "wavelength-defaulted";
	public static final String NO_HALO = "no-halo";
	public static final String UNINDEXED = "unindexed";
	public static final String BACKGROUND_SENSITIVE = "background-model-sensitive";
	public static final String ZERO_NOT_REFINED = "zero-shift-not-refined";
	static final String AREA_UNIT = "counts*deg";

	@Override public String command() { return "xrd"; }
	@Override public String technique() { return "diffraction"; }
	@Override public String name() { return "xrd"; }
	@Override public String menu() { return "Diffraction"; }
	@Override public String title() { return "XRD Pattern"; }
	@Override public boolean worksOnImages() { return false; }

	@Override
	public String description() {
		return "1D X-ray powder pattern (2-theta in deg; .xy, .xye, .csv, .txt, .dat, .xrdml): instrument background, " +
			"amorphous halo and Bragg peaks (K-alpha1/K-alpha2 doublets fitted), d-spacings, indexing against built-in " +
			"phases or CIF files with a match score and zero shift, Scherrer crystallite sizes, and the crystallinity " +
			"index (crystalline peak area / (crystalline + halo area)).";
	}

	@Override
	public List<Param> params() {
		List<Param> p = new ArrayList<>();
		p.add(Param.repeatable("phase", "phase to index against: built-in name (" + String.join(", ", PhaseLibrary
			.names()) + ") or a .cif file; repeatable"));
		p.add(Param.text("wavelength", "", "X-ray wavelength: in Angstrom or CuKa1, CoKa1, MoKa1, FeKa1, CrKa1, AgKa1 " +
			"(empty: the file's, else Cu K-alpha1 1.540598, flagged)"));
		p.add(Param.choice("kalpha2", "auto", "K-alpha2: 'auto' fits K-alpha1/K-alpha2 doublets when the wavelength " +
			"has a K-alpha2 line; 'none' for monochromatic or K-alpha2-stripped data", "auto", "none"));
		p.add(Param.number("kalpha2-ratio", Double.NaN, "", "K-alpha2/K-alpha1 intensity ratio (empty: the file's, " +
			"else 0.5)").range(0, 1));
		p.add(Param.of(XrdAnalyzer.Options.TWO_THETA_MIN));
		p.add(Param.of(XrdAnalyzer.Options.TWO_THETA_MAX));
		p.add(Param.of(XrdAnalyzer.Options.N_SIGMA));
		p.add(Param.number("d-tolerance", 0.5, "%", "relative tolerance for matching d-spacings").positive(20));
		p.add(Param.text("zero-shift", "auto", "2-theta zero shift in deg subtracted before d is computed, or 'auto' " +
			"(refined on the indexed peaks)"));
		p.add(Param.of(XrdAnalyzer.Options.BACKGROUND_ORDER));
		p.add(Param.of(XrdAnalyzer.Options.HALOS));
		p.add(Param.of(XrdAnalyzer.Options.BACKGROUND_WINDOW));
		p.add(Param.text("instrument-fwhm", "", "instrument FWHM for Scherrer sizes: deg, or Caglioti U,V,W in deg^2 " +
			"(empty: none subtracted, sizes are lower bounds)"));
		p.add(Param.number("scherrer-k", 0.9, "", "Scherrer shape constant"));
		p.add(Param.choice("weak-reflections", "fit", "reflections of a matched phase below the detection limit: " +
			"'fit' their areas at the predicted positions and count them as crystalline, 'ignore' them", "fit",
			"ignore"));
		return p;
	}

	@Override
	public List<String> extensions() {
		return List.of("xy", "xye", "xrdml", "csv", "txt", "dat");
	}

	/**
	 * In folder walks: every .xy, .xye, .xrdml; .csv, .txt, .dat only when a header names 2-theta (so the Raman and
	 * XPS text files of a mixed folder are not taken). A file given explicitly is analysed whatever its header.
	 */
	@Override
	public boolean accepts(Path file) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (n.endsWith(".xy") || n.endsWith(".xye") || n.endsWith(".xrdml")) return true;
		if (!(n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".dat"))) return false;
		try {
			return new org.interphase.io.xrd.XrdTextReader().canRead(file, org.interphase.io.Readers.head(file));
		}
		catch (IOException e) {
			return false;
		}
	}

	// ------------------------------------------------------------------------------------------------------

	/** The wavelength from the parameters, else the file, else the default (last element: defaulted). */
	static XrayWavelength wavelength(Params params, Dataset input) throws AnalysisException {
		XrayWavelength w;
		try {
			if (params.isSet("wavelength")) w = XrayWavelength.parse(params.text("wavelength"), "param");
			else {
				double l1 = input.number(MetadataKeys.XRAY_WAVELENGTH_A);
				String anode = input.text(MetadataKeys.XRAY_ANODE);
				if (l1 > 0) {
					double l2 = input.number(MetadataKeys.XRAY_WAVELENGTH2_A);
					double r = input.number(MetadataKeys.XRAY_KALPHA2_RATIO);
					if (!(l2 > l1)) l2 = XrayWavelength.knownKAlpha2(l1);
					if (!(r >= 0)) r = Double.isNaN(l2) ? 0 : XrayWavelength.DEFAULT_RATIO;
					w = new XrayWavelength(l1, l2, r, "file", String.format(Locale.ROOT, "%.6f \u00C5 (file)", l1));
				}
				else if (anode != null && !anode.isBlank()) w = XrayWavelength.parse(anode.trim() + "Ka1", "file");
				else w = XrayWavelength.defaultCu();
			}
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(e.getMessage(), e);
		}
		if (params.text("kalpha2").equals("none")) w = w.withoutKAlpha2();
		else if (params.isSet("kalpha2-ratio")) {
			double r = params.number("kalpha2-ratio");
			w = r == 0 ? w.withoutKAlpha2() : w.withRatio(r);
			if (r > 0 && !w.hasKAlpha2()) throw new AnalysisException("K-alpha2 ratio given but the K-alpha2 wavelength " +
				"of " + w.description + " is unknown: give a named line (e.g. CuKa1)");
		}
		return w;
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		if (input.signals().isEmpty()) throw new AnalysisException(input.source + ": holds no data");
		Signal s = input.primary();
		double[] y;
		if (s.ndim() == 1) y = s.data();
		else if (s.ndim() == 2 && s.size(0) <= 4) y = s.row(0);
		else throw new AnalysisException(input.source + ": an XRD pattern is one 2-theta / intensity curve, not a " + s
			.ndim() + "D signal " + java.util.Arrays.toString(s.shape()) + (s.ndim() >= 2 ? " (images: use saed)" : ""));
		Axis ax = s.lastAxis();
		String u = ax.units == null ? "" : ax.units.trim().toLowerCase(Locale.ROOT);
		AnalysisResult res = new AnalysisResult();
		if (!(u.equals("deg") || u.equals("\u00b0") || u.equals("degree") || u.equals("degrees") || u.contains("2th") || u
			.equals("")))
			throw new AnalysisException(input.source + ": the axis is in '" + ax.units + "', not 2-theta in degrees");
		if (u.isEmpty()) res.warn("the axis has no unit: read as 2-theta in degrees");
		double[] x = ax.values();
		double[] esd = null;
		for (Signal o : input.signals()) if (o != s && o.name.equals("esd") && o.length() == y.length) esd = o.data();
		XrayWavelength wl = wavelength(params, input);
		boolean defaulted = wl.source.equals("default");
		if (defaulted) res.warn("no wavelength given or in the file: Cu K-alpha1 1.540598 \u00C5 assumed");
		List<Phase> phases = SaedAnalysis.phases(params.list("phase"));
		XrdAnalyzer.Options o = options(params).toBuilder().wavelength(wl).esd(esd).build();
		double dTol = params.number("d-tolerance") / 100;
		String zs = params.text("zero-shift").trim();
		double zero;
		if (zs.isEmpty() || zs.equalsIgnoreCase("auto")) zero = Double.NaN;
		else try {
			zero = Double.parseDouble(zs);
			if (!Double.isFinite(zero) || Math.abs(zero) > 5) throw new NumberFormatException();
		}
		catch (NumberFormatException e) {
			throw new AnalysisException("parameter 'zero-shift' needs 'auto' or a shift in deg (|z| <= 5), not '" + zs + "'");
		}
		ScherrerSize scherrer;
		try {
			scherrer = new ScherrerSize(params.number("scherrer-k"), ScherrerSize.parseInstrument(params.text(
				"instrument-fwhm")));
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException("parameter 'instrument-fwhm' / 'scherrer-k': " + e.getMessage(), e);
		}
		XrdAnalyzer.Result r;
		try {
			r = XrdAnalyzer.analyze(x, y, o);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage(), e);
		}
		XrdPhaseMatcher.Result m = XrdPhaseMatcher.match(r.peakList, phases, wl, r.x[0], r.x[r.x.length - 1], dTol,
			zero);
		if (params.text("weak-reflections").equals("fit")) r = WeakReflections.apply(r, m);
		for (String w : r.warnings) res.warn(w);
		for (String w : m.warnings) res.warn(w);
		rows(res, r, m, wl, defaulted, phases, scherrer, zero);
		res.figure(figure(r, m, wl));
		return res;
	}

	/** The core options of the parameters, through their declarations (defaults and ranges are theirs). */
	static XrdAnalyzer.Options options(Params params) {
		return XrdAnalyzer.Options.builder()
			.range(params.number(XrdAnalyzer.Options.TWO_THETA_MIN), params.number(XrdAnalyzer.Options.TWO_THETA_MAX))
			.nSigma(params.number(XrdAnalyzer.Options.N_SIGMA))
			.backgroundOrder(params.integer(XrdAnalyzer.Options.BACKGROUND_ORDER))
			.halos(params.integer(XrdAnalyzer.Options.HALOS))
			.backgroundWindowDeg(params.number(XrdAnalyzer.Options.BACKGROUND_WINDOW))
			.build();
	}

	private static void rows(AnalysisResult res, XrdAnalyzer.Result r, XrdPhaseMatcher.Result m, XrayWavelength wl,
		boolean defaulted, List<Phase> phases, ScherrerSize scherrer, double zeroGiven)
	{
		String wlFlag = defaulted ? WAVELENGTH_DEFAULTED : "";
		String range = String.format(Locale.ROOT, "2theta %s-%s deg; %s", fmt(r.rangeMin), fmt(r.rangeMax), wl
			.hasKAlpha2() ? "K-alpha2 fitted as doublets (ratio " + fmt(wl.ratio) + ")" : "no K-alpha2");
		String ciFlags = Flags.join(r.noPeaks ? NO_PEAKS : "", !r.haloFound && !r.noPeaks ? NO_HALO : "",
			r.diffuseConverged ? "" : Flags.FIT_NOT_CONVERGED, r.sigmaBackgroundOrder > 0.03 ? BACKGROUND_SENSITIVE : "");
		res.add(ResultRow.of("crystallinity_index", r.crystallinity, r.crystallinitySigma, "fraction").label(range).flag(
			ciFlags));
		res.add(ResultRow.of("crystallinity_background_change", r.sigmaBackgroundOrder, Double.NaN, "fraction").label(
			"|change of the index| with a background polynomial one order higher"));
		res.add(ResultRow.of("crystalline_area", r.crystallineArea, r.sigmaCrystallineArea, AREA_UNIT).label(range));
		if (r.weak != null && !r.weak.phases.isEmpty()) res.add(ResultRow.of("weak_reflections_area", r.weak.area,
			r.weak.sigmaArea, AREA_UNIT).label(r.weak.count + " undetected reflections of " + String.join(", ",
				r.weak.phases) + " fitted at their predicted positions; part of crystalline_area"));
		res.add(ResultRow.of("amorphous_area", r.haloArea, r.sigmaHaloArea, AREA_UNIT).label(range).flag(r.haloFound ? ""
			: NO_HALO));
		if (r.haloFound) {
			res.add(ResultRow.of("amorphous_halo_position", r.haloCenter, r.sigmaHaloCenter, "deg"));
			res.add(ResultRow.of("amorphous_halo_fwhm", r.haloFwhm, r.sigmaHaloFwhm, "deg"));
		}
		res.add(ResultRow.of("n_peaks", r.peakList.size(), Double.NaN, "").flag(r.noPeaks ? NO_PEAKS : ""));
		res.add(ResultRow.of("wavelength", wl.kAlpha1, Double.NaN, "\u00C5").label(wl.toString() + "; from " + wl.source)
			.flag(wlFlag));
		boolean zeroDropped = !Double.isNaN(m.zeroNotSignificant);
		String zLabel = !Double.isNaN(zeroGiven) ? "param" : m.zeroRefined ? "refined on indexed peaks" : zeroDropped ?
			String.format(Locale.ROOT, "refined %.3f +- %.3f deg, within 2 sigma of 0: not applied (its sigma is in " +
				"sigma(d))", m.zeroNotSignificant, m.sigmaZeroShift) : "not refined";
		res.add(ResultRow.of("zero_shift", m.zeroShift, m.zeroRefined || zeroDropped ? m.sigmaZeroShift : Double.NaN,
			"deg").label(zLabel)
			.flag(Double.isNaN(zeroGiven) && !m.zeroRefined && !zeroDropped && !phases.isEmpty() && !r.noPeaks ? ZERO_NOT_REFINED
				: ""));
		if (r.noPeaks) res.warn("no Bragg peaks above " + "the detection threshold: crystallinity index 0");
		if (!r.haloFound && !r.noPeaks) res.warn("no amorphous halo found");
		int i = 0;
		for (XrdAnalyzer.XrdPeak p : m.peaks) { // the peaks with their d-spacings and indexing
			String region = "peak:" + i++;
			String pf = p.converged ? "" : Flags.FIT_NOT_CONVERGED;
			res.add(ResultRow.of("two_theta", p.twoTheta, p.sigmaTwoTheta, "deg").region(region).flag(pf));
			ResultRow d = ResultRow.of("d_spacing", p.d, p.sigmaD, "\u00C5").region(region).flag(pf, wlFlag);
			if (p.assignment != null) d = d.label(p.assignment.label());
			else if (!phases.isEmpty()) d = d.flag(UNINDEXED);
			res.add(d);
			res.add(ResultRow.of("peak_fwhm", p.fwhm, p.sigmaFwhm, "deg").region(region).flag(pf));
			res.add(ResultRow.of("peak_area", p.area, p.sigmaArea, AREA_UNIT).region(region).label(wl.hasKAlpha2()
				? "K-alpha1 + K-alpha2" : "").flag(pf));
			res.add(ResultRow.of("peak_height", p.height, Double.NaN, "counts").region(region));
			double[] sz = scherrer.size(wl.kAlpha1, p.twoTheta - m.zeroShift, p.fwhm, p.sigmaFwhm);
			res.add(ResultRow.of("crystallite_size", sz[0], sz[1], "nm").region(region).label(scherrer.describe()).flag(
				Double.isNaN(sz[0]) ? ScherrerSize.BEYOND_RESOLUTION : "", scherrer.hasInstrument() ? ""
					: ScherrerSize.NO_INSTRUMENT, wlFlag, pf));
		}
		for (XrdPhaseMatcher.PhaseScore ps : m.phases) {
			String region = "phase:" + ps.phase.name;
			res.add(ResultRow.of("phase_match_score", ps.score, Double.NaN, "fraction").region(region).label(String.format(
				Locale.ROOT, "%d of %d strong reflections found (intensity-weighted)", ps.strongFound, ps.strongSticks)));
			res.add(ResultRow.of("phase_matched_peaks", ps.matchedPeaks, Double.NaN, "").region(region));
			res.add(ResultRow.of("phase_peak_area_fraction", ps.areaFraction, Double.NaN, "fraction").region(region).label(
				"share of the Bragg peak area indexed to this phase (not a weight fraction)"));
			res.add(ResultRow.of("lattice_scale", ps.latticeScale, ps.sigmaLatticeScale, "").region(region).label(
				"d / d(library), refined on the indexed peaks"));
		}
	}

	static Figure figure(XrdAnalyzer.Result r, XrdPhaseMatcher.Result m, XrayWavelength wl) {
		Figure f = new Figure("pattern", "XRD pattern: background, amorphous halo, Bragg peaks", "2theta (deg, " + wl
			.description + ")", "Intensity (counts)");
		int n = r.x.length;
		double[] bh = new double[n];
		for (int i = 0; i < n; i++) bh[i] = r.background[i] + r.halo[i];
		f.line("data", r.x, r.y, "#000000");
		f.line("instrument background", r.x, r.background, "#7f7f7f");
		f.line("background + amorphous halo", r.x, bh, "#1f77b4");
		f.line("fit", r.x, r.envelope, "#ff7f0e");
		double top = 0;
		for (int i = 0; i < n; i++) top = Math.max(top, r.y[i] - bh[i]);
		String[] colors = { "#2ca02c", "#9467bd", "#8c564b", "#e377c2" };
		int k = 0;
		for (XrdPhaseMatcher.PhaseScore ps : m.phases) {
			List<Double> sx = new ArrayList<>(), sy = new ArrayList<>();
			for (XraySticks.Stick s : ps.sticks) {
				double t = XrayWavelength.twoTheta(wl.kAlpha1, s.d * ps.latticeScale) + m.zeroShift;
				if (!(t >= r.x[0] && t <= r.x[n - 1]) || s.relative < 1) continue;
				sx.add(t);
				sy.add(-0.05 * top - 0.25 * top * s.relative / 100);
			}
			if (!sx.isEmpty()) f.points(ps.phase.name + " reflections (the deeper below zero, the stronger)", toArray(sx), toArray(
				sy), null, colors[k++ % colors.length]);
		}
		double[] px = new double[r.peakList.size()], py = new double[px.length];
		for (int i = 0; i < px.length; i++) {
			px[i] = r.peakList.get(i).twoTheta;
			int j = Math.max(0, Math.min(n - 1, java.util.Arrays.binarySearch(r.x, px[i]) >= 0 ? java.util.Arrays.binarySearch(
				r.x, px[i]) : -java.util.Arrays.binarySearch(r.x, px[i]) - 2));
			py[i] = bh[j] + r.peakList.get(i).height;
		}
		if (px.length > 0) f.points("peaks", px, py, null, "#d62728");
		return f;
	}

	private static double[] toArray(List<Double> l) {
		double[] a = new double[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = l.get(i);
		return a;
	}

	static String fmt(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
		String s = String.format(Locale.ROOT, "%.4g", v);
		return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
	}
}
