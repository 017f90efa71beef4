package org.interphase.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * One depth picture per sample across techniques, on one depth axis (nm) from the electrolyte's surface (where
 * the EELS scan's Ti signal rises: the Li interface of a bare sample; a coating is drawn above it, at negative
 * depths, from its HRTEM thickness): the EELS Ti3+
 * profile with its one-sigma band, the measured XPS Ti3+ fraction at each information depth and the fraction
 * predicted for it from the EELS profile ({@link DepthConsistency}), and a dashed mark at the EELS Ti3+-dominant
 * depth. The SEM reaction-front depths (micrometres, orders of magnitude deeper) sit on
 * a second scale after a break in the axis, as a horizontal box plot of every profile of every image.
 */
final class DepthPicture {
	private DepthPicture() {}

	static List<PaperChart> build(List<StoredRow> latest, List<SampleSummary.Entry> entries, SampleOrder order,
		List<DepthConsistency.Row> consistency, List<PaperChart> keyFigures)
	{
		// the SEM reaction-front depth distribution of each sample, as the SEM key figure shows it
		Map<String, PaperChart.Series> sem = new HashMap<>();
		String semUnit = "";
		for (PaperChart k : keyFigures) if (k.id.equals("sem-reaction-depth")) {
			semUnit = k.unit;
			for (PaperChart.Series se : k.series) if (se.box != null) sem.put(se.sample, se);
		}
		EelsProfiles eels = EelsProfiles.of(latest);
		Map<String, List<double[]>> profile = eels.points;
		Map<String, Integer> scans = eels.scans;
		Map<String, List<DepthConsistency.Row>> xps = new HashMap<>();
		for (DepthConsistency.Row r : consistency) xps.computeIfAbsent(r.sample, k -> new ArrayList<>()).add(r);
		Map<String, Map<String, SampleSummary.Entry>> bySample = new HashMap<>();
		for (SampleSummary.Entry e : entries) bySample.computeIfAbsent(e.sampleId, k -> new HashMap<>()).putIfAbsent(
			e.technique + " " + e.quantity, e);
		List<PaperChart> out = new ArrayList<>();
		for (String s : order.samples) {
			List<double[]> pts = profile.get(s);
			List<DepthConsistency.Row> x = xps.getOrDefault(s, List.of());
			if (pts == null && x.isEmpty()) continue;
			PaperChart c = new PaperChart("depth-" + s.replaceAll("[^A-Za-z0-9._+-]", "_"), "Depth picture: " + s,
				"depth below the electrolyte surface (nm); a coating lies above 0", "Ti3+ fraction", false);
			c.csvHeader = List.of("series", "depth_nm", "ti3_fraction", "uncertainty");
			Map<String, SampleSummary.Entry> e = bySample.getOrDefault(s, Map.of());
			StringBuilder cap = new StringBuilder("Depth from the electrolyte's surface, where the EELS scan's Ti signal " +
				"rises (the Li interface of a bare sample, under the coating of a coated one); XPS sees the Ti below a " +
				"coating, so its fractions refer to the same origin. EELS Ti3+ profile (sample colour; shaded band: one sigma)");
			if (pts != null) addEelsProfile(c, pts, scans.get(s), order.color(s));
			if (!x.isEmpty()) addXps(c, cap, x);
			addCoating(c, cap, e.get("hrtem thickness_mean"));
			addDominantDepth(c, cap, e.getOrDefault("eels ti3_dominant_depth_mean", e.get("eels ti3_dominant_depth")), order
				.color(s));
			PaperChart.Series front = sem.get(s);
			if (front != null) addSemFront(c, cap, front, semUnit, order.color(s));
			else captionSemDepth(cap, e);
			c.caption = cap.append('.').toString();
			out.add(c);
		}
		return out;
	}

	/** The EELS Ti3+ profile (scans combined) with its one-sigma band. */
	private static void addEelsProfile(PaperChart c, List<double[]> pts, Integer scans, String color) {
		pts.sort((a, b) -> Double.compare(a[0], b[0]));
		List<double[]> comb = KeyFigures.combine(pts, scans);
		PaperChart.Series eelsSeries = series("EELS Ti3+", color, comb, scans);
		eelsSeries.band = true;
		c.series.add(eelsSeries);
		for (double[] p : comb) c.csvRows.add(List.of("eels", PaperChart.num(p[0]), PaperChart.num(p[1]), PaperChart.num(
			p[2])));
	}

	/** The XPS Ti3+ fraction measured and predicted from the EELS profile at each information depth. */
	private static void addXps(PaperChart c, StringBuilder cap, List<DepthConsistency.Row> x) {
		List<double[]> m = new ArrayList<>(), p = new ArrayList<>();
		boolean flagged = false;
		for (DepthConsistency.Row r : x) {
			m.add(new double[] { r.informationDepth, r.measured, r.measuredSd });
			p.add(new double[] { r.informationDepth, r.predicted, r.predictedSd });
			flagged |= r.disagree;
			c.csvRows.add(List.of("xps_measured", PaperChart.num(r.informationDepth), PaperChart.num(r.measured),
				PaperChart.num(r.measuredSd)));
			c.csvRows.add(List.of("xps_predicted_from_eels", PaperChart.num(r.informationDepth), PaperChart.num(
				r.predicted), PaperChart.num(r.predictedSd)));
		}
		PaperChart.Series meas = new PaperChart.Series("XPS measured", "#000000", col(m, 0), col(m, 1), col(m, 2),
			null, m.size(), flagged ? "eels-xps-disagree" : "");
		c.series.add(meas);
		c.series.add(new PaperChart.Series("XPS predicted from EELS", "#999999", col(p, 0), col(p, 1), col(p, 2), null,
			p.size(), ""));
		cap.append("; XPS Ti3+ fraction measured (black) and predicted from the EELS profile with exp(\u2212z/" +
			"\u03BBcos\u03B8) weighting (grey) at each information depth 3\u03BBcos\u03B8").append(flagged
				? " \u2014 they differ by more than 2\u03C3 (flag eels-xps-disagree)" : "");
	}

	/** The coating above the surface, from its HRTEM thickness (nothing without a finite positive one). */
	private static void addCoating(PaperChart c, StringBuilder cap, SampleSummary.Entry th) {
		if (th != null && Double.isFinite(th.value) && Double.isFinite(DepthConsistency.toNm(th.unit))) {
			double t = th.value * DepthConsistency.toNm(th.unit);
			if (t > 0) {
				c.spans.add(new Object[] { -t, 0.0, "#E69F00" });
				c.marks.add(new Object[] { -t, "#E69F00", "coating" });
				cap.append("; orange band above the surface: the coating (HRTEM thickness ").append(Sig.format(th.value,
					th.uncertainty)).append(' ').append(th.unit).append(")");
				c.csvRows.add(List.of("coating_top", PaperChart.num(-t), "", PaperChart.num(th.uncertainty * DepthConsistency
					.toNm(th.unit))));
			}
		}
	}

	/** A dashed mark at the EELS Ti3+-dominant depth. */
	private static void addDominantDepth(PaperChart c, StringBuilder cap, SampleSummary.Entry dd, String color) {
		if (dd != null && Double.isFinite(dd.value) && Double.isFinite(DepthConsistency.toNm(dd.unit))) {
			c.marks.add(new Object[] { dd.value * DepthConsistency.toNm(dd.unit), color, "ti3-dominant" });
			cap.append("; dashed in the sample colour: Ti3+-dominant depth (EELS) ").append(Sig.format(dd.value,
				dd.uncertainty)).append(' ').append(dd.unit);
		}
	}

	/** The SEM reaction-front distribution right of the axis break, on its own scale. */
	private static void addSemFront(PaperChart c, StringBuilder cap, PaperChart.Series front, String semUnit,
		String color)
	{
		// micrometres beside nanometres: a broken axis, the SEM distribution on its own scale to the right
		c.farBox = front.box;
		c.farN = front.n;
		c.farColor = color;
		c.farLabel = "SEM front depth (" + (semUnit.isEmpty() ? "?" : semUnit) + ")";
		PaperChart.Box b = front.box;
		cap.append("; right of the axis break, on its own scale: the SEM reaction-front depth distribution over ")
			.append(front.n).append(" profiles (box: quartiles, median ").append(Sig.format(b.median, Double.NaN))
			.append(' ').append(semUnit).append(", whiskers 1.5 IQR)");
		c.csvRows.add(List.of("sem_front_median_" + PaperChart.cell(semUnit), PaperChart.num(b.median), "", ""));
		c.csvRows.add(List.of("sem_front_q1_" + PaperChart.cell(semUnit), PaperChart.num(b.q1), "", ""));
		c.csvRows.add(List.of("sem_front_q3_" + PaperChart.cell(semUnit), PaperChart.num(b.q3), "", ""));
	}

	/** Without a SEM distribution, the SEM depth (median, else mean) in the caption only. */
	private static void captionSemDepth(StringBuilder cap, Map<String, SampleSummary.Entry> e) {
		SampleSummary.Entry se = e.get("sem depth_median");
		if (se == null) se = e.get("sem depth_mean");
		if (se != null && Double.isFinite(se.value)) cap.append("; SEM reaction-front depth (").append(se.quantity)
			.append(", off this axis) ").append(Sig.format(se.value, se.uncertainty)).append(' ').append(se.unit);
	}

	private static PaperChart.Series series(String name, String color, List<double[]> p, int n) {
		return new PaperChart.Series(name, color, col(p, 0), col(p, 1), col(p, 2), null, n, "");
	}

	private static double[] col(List<double[]> p, int k) {
		double[] out = new double[p.size()];
		for (int i = 0; i < out.length; i++) out[i] = p.get(i)[k];
		return out;
	}
}
