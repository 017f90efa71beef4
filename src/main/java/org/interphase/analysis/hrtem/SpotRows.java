package org.interphase.analysis.hrtem;

import java.util.List;

import org.interphase.core.hrtem.LatticeSpot;
import org.interphase.core.hrtem.Phases;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;

/** Rows for lattice reflections: spacing (Å) labelled by the matched phase, orientation, misfit. */
final class SpotRows {
	private SpotRows() {}

	/** Relative tolerance for labelling a spacing with an expected one. */
	static final double MATCH_TOLERANCE = 0.04;

	static void add(AnalysisResult out, List<LatticeSpot> spots, HrtemImage im, List<Phases.Line> expected,
		boolean angles)
	{
		String cal = im.calibrated() ? "" : Flags.UNCALIBRATED;
		for (int i = 0; i < spots.size(); i++) {
			LatticeSpot s = spots.get(i);
			double d = im.angstrom(s.periodPx), sd = im.angstrom(s.sigmaPeriodPx);
			Phases.Line m = im.calibrated() ? Phases.match(expected, d, Math.max(MATCH_TOLERANCE, 2 * sd / d)) : null;
			ResultRow row = ResultRow.of("fringe_spacing", d, sd, im.spacingUnit()).region("spot:" + i).flag(cal);
			if (m != null) row = row.label(m.label());
			out.add(row);
			if (m != null) out.add(ResultRow.of("spacing_misfit", (d - m.d) / m.d, sd / m.d, "fraction").region("spot:" +
				i).label(m.label()));
			if (angles) {
				// direction of the fringe normal, counter-clockwise from the image x axis (y up on screen)
				double a = (180 - s.angleDeg) % 180;
				out.add(ResultRow.of("fringe_angle", a, s.sigmaAngleDeg, "deg").region("spot:" + i));
			}
		}
		if (angles) for (int i = 1; i < spots.size(); i++) {
			LatticeSpot a = spots.get(0), b = spots.get(i);
			out.add(ResultRow.of("angle_between", a.angleTo(b), Math.hypot(a.sigmaAngleDeg, b.sigmaAngleDeg), "deg").region(
				"spot:0-" + i));
		}
		if (!expected.isEmpty() && im.calibrated()) {
			int matched = 0;
			for (ResultRow r : out.rows()) if (r.quantity.equals("fringe_spacing") && !r.label.isEmpty()) matched++;
			if (matched == 0 && !spots.isEmpty()) out.warn("no measured spacing matches the expected phase within " + Math
				.round(MATCH_TOLERANCE * 100) + " %");
		}
	}
}
