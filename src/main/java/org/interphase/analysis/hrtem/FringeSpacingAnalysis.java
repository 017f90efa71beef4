package org.interphase.analysis.hrtem;

import java.util.List;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.hrtem.FringeProfile;
import org.interphase.core.hrtem.LatticeFft;
import org.interphase.core.hrtem.LatticeSpot;
import org.interphase.core.hrtem.Phases;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Figure;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.core.result.OverlayShape;

/** {@code hrtem-fringes}: lattice-fringe spacings from a line profile and from a region's 2D FFT. */
public final class FringeSpacingAnalysis implements Analysis {
	@Override public String command() { return "hrtem-fringes"; }
	@Override public String technique() { return "hrtem"; }
	@Override public String name() { return "fringe-spacing"; }
	@Override public String menu() { return "HRTEM"; }
	@Override public String title() { return "Fringe Spacing"; }

	@Override
	public String description() {
		return "Lattice-fringe spacings (Å) and their directions from the 2D FFT of an image region (peaks refined off " +
			"the FFT grid, uncertainty from the four quadrants), and the period along a drawn line (spectral peak " +
			"refined by a sine fit); labelled with the hkl of an expected phase when given.";
	}

	/** Reflections reported; the analysis' own default (the core LatticeFft keeps 8 for its other callers). */
	static final Param SPOTS = Param.integer("spots", 6, "largest number of reflections reported").range(1, 50);

	@Override
	public List<Param> params() {
		return List.of(
			Param.text("line", "", "line across the fringes x1,y1,x2,y2 in pixels (empty = none)").points(2, 2),
			Param.text("roi", "", "region for the FFT as polygon x1,y1,x2,y2,... in pixels (empty = whole image)").points(2, 100000),
			Param.text("phase", "", "expected phase: " + String.join(", ", Phases.names()) +
				", or spacings in Å like 3.3,2.17"),
			SPOTS,
			Param.of(FringeProfile.LINE_WIDTH),
			HrtemImage.PIXEL_SIZE_NM);
	}

	@Override
	public List<String> extensions() {
		return HrtemImage.EXTENSIONS;
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		HrtemImage im = HrtemImage.of(input, params.number(HrtemImage.PIXEL_SIZE_NM.key));
		List<Phases.Line> expected = HrtemImage.expectedLines(params.text("phase"));
		AnalysisResult out = new AnalysisResult();
		if (im.warning != null) out.warn(im.warning);
		String cal = im.calibrated() ? "" : Flags.UNCALIBRATED;
		// region
		int x0 = 0, y0 = 0, x1 = im.width, y1 = im.height;
		if (!params.text("roi").isBlank()) {
			double[] p = HrtemImage.parseCoordinates("roi", params.text("roi"));
			double ax = Double.MAX_VALUE, ay = Double.MAX_VALUE, bx = -Double.MAX_VALUE, by = -Double.MAX_VALUE;
			for (int i = 0; i < p.length; i += 2) {
				ax = Math.min(ax, p[i]);
				bx = Math.max(bx, p[i]);
				ay = Math.min(ay, p[i + 1]);
				by = Math.max(by, p[i + 1]);
			}
			x0 = Math.max(0, (int) Math.floor(ax));
			y0 = Math.max(0, (int) Math.floor(ay));
			x1 = Math.min(im.width, (int) Math.ceil(bx));
			y1 = Math.min(im.height, (int) Math.ceil(by));
			if (x1 - x0 < 32 || y1 - y0 < 32) throw new AnalysisException("the region must lie in the image and be at " +
				"least 32x32 px, not " + Math.max(0, x1 - x0) + "x" + Math.max(0, y1 - y0));
		}
		int spots = params.integer(SPOTS.key);
		LatticeFft.Builder fb = LatticeFft.builder().maxSpots(spots);
		if (im.calibrated()) fb.minPeriodPx(Math.max(2.5, 0.09 / im.pixelNm)); // nothing below 0.9 Å
		LatticeFft fft = fb.build();
		List<LatticeSpot> found;
		try {
			found = fft.find(im.data, im.width, im.height, x0, y0, x1 - x0, y1 - y0);
		}
		catch (IllegalArgumentException e) {
			throw new AnalysisException(input.source + ": " + e.getMessage());
		}
		if (found.isEmpty()) out.warn("no lattice reflection stands out of the FFT background (amorphous region?)");
		out.add(ResultRow.of("n_reflections", found.size(), Double.NaN, ""));
		SpotRows.add(out, found, im, expected, true);
		// line profile
		if (!params.text("line").isBlank()) {
			double[] l = HrtemImage.parseCoordinates("line", params.text("line"));
			FringeProfile.Builder pb = FringeProfile.builder().widthPx(params.number(FringeProfile.LINE_WIDTH));
			if (im.calibrated()) pb.minPeriodPx(Math.max(2.5, 0.09 / im.pixelNm));
			FringeProfile fp = pb.build();
			FringeProfile.Result r;
			try {
				r = fp.measure(im.data, im.width, im.height, l[0], l[1], l[2], l[3]);
			}
			catch (IllegalArgumentException e) {
				throw new AnalysisException("line profile: " + e.getMessage());
			}
			double d = im.angstrom(r.periodPx), sd = im.angstrom(r.sigmaPeriodPx);
			Phases.Line m = im.calibrated() ? Phases.match(expected, d, Math.max(SpotRows.MATCH_TOLERANCE, 2 * sd / d))
				: null;
			ResultRow row = ResultRow.of("fringe_spacing", d, sd, im.spacingUnit()).region("line").flag(cal, r.converged ? ""
				: Flags.FIT_NOT_CONVERGED, r.strength < 10 ? Flags.LOW_SNR : "");
			out.add(m == null ? row : row.label(m.label()));
			double[] x = new double[r.profile.length];
			for (int i = 0; i < x.length; i++) x[i] = im.nm(i);
			out.figure(new Figure("line-profile", "Intensity along the line", "distance (" + im.lengthUnit() + ")",
				"intensity").line("profile", x, r.profile, "#1f77b4"));
			out.shape(OverlayShape.polyline("profile line", new double[] { l[0], l[2] }, new double[] { l[1], l[3] }, "#ffff00"));
		}
		return out;
	}
}
