package org.interphase.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * The figures that go into a paper, from the stored rows (the latest run of each file, the latest summary of each
 * sample): the SEM reaction-layer depth distribution and the HRTEM coating thickness (box plots over every stored
 * profile of every image, with the sample's mean and its stored uncertainty), the XPS Ti3+ fraction per sample and
 * against information depth, the EELS Ti3+ profiles on one depth axis, the SAED crystalline fraction over time with
 * the amorphization times, the Raman c-BN/h-BN ratio and h-BN FWHM. A figure without data is left out.
 */
final class KeyFigures {
	private KeyFigures() {}

	private static final Pattern TIME = Pattern.compile("t=([-+0-9.eE]+)\\s*(\\S*)");

	/** Per sample: profile values of one quantity, and the images (files) they come from. */
	private static final class Dist {
		double[] v = new double[16];
		int n;
		final Set<String> files = new HashSet<>();

		void add(double x, String file) {
			if (!Double.isFinite(x)) return;
			if (n == v.length) v = java.util.Arrays.copyOf(v, 2 * n);
			v[n++] = x;
			files.add(file);
		}
	}

	/** Points of one sample's curves: x, y, sigma. */
	private static final class Curve {
		final List<double[]> p = new ArrayList<>();
		final Set<String> files = new HashSet<>();
		String flags = "";
	}

	/** The per-profile, per-position and per-frame rows the key figures draw, collected by kind in one pass. */
	private static final class Collected {
		Map<String, Dist> semDepth = new HashMap<>(), thickness = new HashMap<>();
		String semUnit = "", thUnit = "";
		// EELS: distance and fraction per file and position
		Map<String, Map<String, double[]>> eels = new HashMap<>();
		Map<String, String> eelsSample = new HashMap<>(), eelsFlags = new HashMap<>();
		String eelsUnit = "";
		Map<String, Curve> saed = new HashMap<>();
		String timeUnit = "";
		// XPS depth series (sample summaries): hv -> information depth, Ti3+ fraction
		Map<String, TreeMap<String, double[]>> xpsSeries = new HashMap<>();

		static Collected of(List<StoredRow> latest) {
			Collected c = new Collected();
			for (StoredRow s : latest) c.add(s);
			return c;
		}

		private void add(StoredRow s) {
			ResultRow r = s.row;
			String file = s.filePath == null ? "" : s.filePath;
			if (r.region.startsWith("profile:") && r.technique.equals("sem") && r.quantity.equals("depth")) {
				semDepth.computeIfAbsent(r.sampleId, k -> new Dist()).add(r.value, file);
				semUnit = r.unit;
			}
			else if (r.region.startsWith("profile:") && r.technique.equals("hrtem") && r.quantity.equals("thickness")) {
				thickness.computeIfAbsent(r.sampleId, k -> new Dist()).add(r.value, file);
				thUnit = r.unit;
			}
			else if (r.technique.equals("eels") && r.region.startsWith("position:") && (r.quantity.equals("distance") || r
				.quantity.equals("ti3_fraction")))
			{
				collectEels(s, r, file);
			}
			else if (r.quantity.equals("crystalline_fraction") && r.region.startsWith("frame:")) collectSaed(r, file);
			else if (s.filePath == null && r.technique.equals("xps") && r.region.startsWith("hv=")) collectXpsSeries(r);
		}

		/** An EELS distance or Ti3+ fraction at one position of one file and run. */
		private void collectEels(StoredRow s, ResultRow r, String file) {
			double[] p = eels.computeIfAbsent(file + "\u0000" + s.runId, k -> new TreeMap<>()).computeIfAbsent(r.region,
				k -> new double[] { Double.NaN, Double.NaN, Double.NaN });
			eelsSample.put(file + "\u0000" + s.runId, r.sampleId);
			if (r.quantity.equals("distance")) {
				p[0] = r.value;
				eelsUnit = r.unit;
			}
			else {
				p[1] = r.value;
				p[2] = r.uncertainty;
				eelsFlags.merge(r.sampleId, r.flags, Flags::join);
			}
		}

		/** A SAED crystalline fraction of one frame, at the time its label gives (none: left out). */
		private void collectSaed(ResultRow r, String file) {
			Matcher m = TIME.matcher(r.label == null ? "" : r.label);
			if (!m.find()) return;
			Curve c = saed.computeIfAbsent(r.sampleId, k -> new Curve());
			c.p.add(new double[] { Double.parseDouble(m.group(1)), r.value, r.uncertainty });
			c.files.add(file);
			c.flags = Flags.join(c.flags, r.flags);
			timeUnit = m.group(2);
		}

		/** An XPS sample summary at one photon energy: information depth, Ti3+ fraction. */
		private void collectXpsSeries(ResultRow r) {
			String hv = r.region.split(";", 2)[0];
			double[] p = xpsSeries.computeIfAbsent(r.sampleId, k -> new TreeMap<>()).computeIfAbsent(hv,
				k -> new double[] { Double.NaN, Double.NaN, Double.NaN, Double.NaN });
			if (r.quantity.equals("information_depth")) {
				p[0] = r.value;
				p[3] = r.uncertainty;
			}
			else if (r.quantity.equals("depth_fraction") && isTi3(r.region) && Double.isNaN(p[1])) {
				p[1] = r.value;
				p[2] = r.uncertainty;
			}
		}
	}

	static List<PaperChart> build(List<StoredRow> latest, List<SampleSummary.Entry> entries, SampleOrder order) {
		Collected c = Collected.of(latest);
		Map<String, Map<String, SampleSummary.Entry>> bySample = new HashMap<>();
		for (SampleSummary.Entry e : entries) bySample.computeIfAbsent(e.sampleId, k -> new LinkedHashMap<>()).putIfAbsent(
			e.technique + " " + e.quantity, e);

		List<PaperChart> out = new ArrayList<>();
		addDistribution(out, "sem-reaction-depth", "Reaction-layer depth (SEM)", "reaction-layer depth", c.semUnit,
			c.semDepth, bySample, "sem depth_mean", order, "profiles");
		addDistribution(out, "hrtem-coating-thickness", "Coating thickness (HRTEM)", "coating thickness", c.thUnit,
			c.thickness, bySample, "hrtem thickness_mean", order, "profiles");
		addValues(out, "xps-ti3-fraction", "Ti3+ fraction (XPS)", "Ti3+ fraction", bySample, order, e -> e.technique
			.equals("xps") && e.quantity.startsWith("fraction[") && isTi3(e.quantity));
		if (!c.xpsSeries.isEmpty() && !out.isEmpty() && out.get(out.size() - 1).id.equals("xps-ti3-fraction")) out.get(out
			.size() - 1).caption += " Where a sample was measured at several photon energies, only its lowest (the most " +
				"surface-sensitive) is used here; the series is in the next figure.";
		addXpsSeries(out, c.xpsSeries, order);
		addEels(out, c.eels, c.eelsSample, c.eelsFlags, c.eelsUnit, bySample, order);
		addSaed(out, c.saed, c.timeUnit, bySample, order);
		addValues(out, "raman-cbn-hbn-ratio", "c-BN/h-BN area ratio (Raman)", "c-BN/h-BN area ratio", bySample, order,
			e -> e.technique.equals("raman") && e.quantity.equals("cbn_hbn_area_ratio"));
		addValues(out, "raman-hbn-fwhm", "h-BN FWHM (Raman)", "h-BN FWHM", bySample, order, e -> e.technique.equals(
			"raman") && e.quantity.equals("hbn_fwhm"));
		return out;
	}

	static boolean isTi3(String s) {
		String t = s.replace(" ", "");
		return t.contains("Ti3+") || t.contains("Ti(III)") || t.contains("Ti+3");
	}

	private static String withUnit(String label, String unit) {
		return unit == null || unit.isEmpty() || unit.equals("fraction") ? label : label + " (" + unit + ")";
	}

	private static void addDistribution(List<PaperChart> out, String id, String title, String label, String unit,
		Map<String, Dist> data, Map<String, Map<String, SampleSummary.Entry>> entries, String meanKey,
		SampleOrder order, String what)
	{
		if (data.isEmpty()) return;
		PaperChart c = new PaperChart(id, title, "sample", withUnit(label, unit), true);
		c.unit = unit == null ? "" : unit;
		c.caption = "Box: quartiles and median of every stored " + what.replaceAll("s$", "") + " of every image of " +
			"the sample; whiskers: the last values within 1.5 IQR; circles beside the box: the sample's mean with its " +
			"stored one-sigma uncertainty (scatter between images and each image's own uncertainty). n = " + what + ".";
		c.csvHeader = List.of("sample_id", "group", "n_" + what, "n_images", "q1", "median", "q3", "whisker_low",
			"whisker_high", "mean", "mean_uncertainty", "unit", "flags");
		for (String s : order.samples) {
			Dist d = data.get(s);
			if (d == null || d.n == 0) continue;
			PaperChart.Box b = PaperChart.Box.of(java.util.Arrays.copyOf(d.v, d.n));
			SampleSummary.Entry m = entries.getOrDefault(s, Map.of()).get(meanKey);
			double mean = m == null ? Double.NaN : m.value, u = m == null ? Double.NaN : m.uncertainty;
			String flags = m == null ? "" : m.flags;
			c.series.add(new PaperChart.Series(s, order.color(s), new double[] { 0 }, new double[] { mean }, new double[] {
				u }, b, d.n, flags));
			c.csvRows.add(List.of(PaperChart.cell(s), PaperChart.cell(order.groups.get(s)), Integer.toString(d.n), Integer
				.toString(d.files.size()), PaperChart.num(b.q1), PaperChart.num(b.median), PaperChart.num(b.q3), PaperChart
					.num(b.lo), PaperChart.num(b.hi), PaperChart.num(mean), PaperChart.num(u), PaperChart.cell(unit),
				PaperChart.cell(flags)));
		}
		c.useLogWhereSpanningDecades();
		out.add(c);
	}

	private static void addValues(List<PaperChart> out, String id, String title, String label,
		Map<String, Map<String, SampleSummary.Entry>> entries, SampleOrder order,
		java.util.function.Predicate<SampleSummary.Entry> which)
	{
		PaperChart c = null;
		for (String s : order.samples) {
			SampleSummary.Entry e = null;
			for (SampleSummary.Entry x : entries.getOrDefault(s, Map.of()).values()) if (which.test(x)) {
				e = x;
				break;
			}
			if (e == null) continue;
			if (c == null) {
				c = new PaperChart(id, title, "sample", withUnit(label, e.unit), true);
				c.caption = "The sample's value (" + e.technique + " " + e.analysis + ", " + e.quantity + ") with its " +
					"stored one-sigma uncertainty: the sample's own summary where the analysis made one, otherwise the " +
					"mean over its files (scatter between files and each file's own uncertainty). n = files.";
				c.csvHeader = List.of("sample_id", "group", "quantity", "value", "uncertainty", "unit", "n_files", "flags");
			}
			c.series.add(new PaperChart.Series(s, order.color(s), new double[] { 0 }, new double[] { e.value },
				new double[] { e.uncertainty }, null, e.inputs, e.flags));
			c.csvRows.add(List.of(PaperChart.cell(s), PaperChart.cell(order.groups.get(s)), PaperChart.cell(e.quantity),
				PaperChart.num(e.value), PaperChart.num(e.uncertainty), PaperChart.cell(e.unit), Integer.toString(e.inputs),
				PaperChart.cell(e.flags)));
		}
		if (c != null) out.add(c);
	}

	private static void addXpsSeries(List<PaperChart> out, Map<String, TreeMap<String, double[]>> data,
		SampleOrder order)
	{
		PaperChart c = new PaperChart("xps-ti3-vs-information-depth", "Ti3+ fraction against information depth (XPS)",
			"information depth 3\u03BBcos\u03B8 (nm)", "Ti3+ fraction", false);
		c.caption = "Ti3+ fraction of each photon energy of the sample's series (XPS depth-series summary) against the " +
			"information depth 3\u03BB cos\u03B8 (TPP-2M IMFP); error bars: the fit's one-sigma uncertainty. " +
			"n = photon energies.";
		c.csvHeader = List.of("sample_id", "group", "photon_energy", "information_depth", "information_depth_uncertainty",
			"ti3_fraction", "ti3_fraction_uncertainty");
		for (String s : order.samples) {
			TreeMap<String, double[]> t = data.get(s);
			if (t == null) continue;
			List<double[]> pts = new ArrayList<>();
			for (Map.Entry<String, double[]> e : t.entrySet()) {
				double[] p = e.getValue();
				if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) continue;
				pts.add(p);
				c.csvRows.add(List.of(PaperChart.cell(s), PaperChart.cell(order.groups.get(s)), e.getKey().substring(3),
					PaperChart.num(p[0]), PaperChart.num(p[3]), PaperChart.num(p[1]), PaperChart.num(p[2])));
			}
			if (pts.isEmpty()) continue;
			pts.sort((a, b) -> Double.compare(a[0], b[0]));
			c.series.add(curve(s, order, pts, pts.size(), ""));
		}
		if (!c.series.isEmpty()) out.add(c);
	}

	/**
	 * Points of several series of one sample combined: per x value (or per one of 100 equal bins where there are
	 * more than 200 x values) the mean of y with sqrt(s^2/n + sum(sigma^2)/n^2), as the per-sample summary combines
	 * files. One series is returned as it is.
	 */
	static List<double[]> combine(List<double[]> pts, int series) {
		if (series <= 1 || pts.isEmpty()) return pts;
		TreeMap<Double, List<double[]>> byX = new TreeMap<>();
		for (double[] p : pts) byX.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p);
		if (byX.size() > 200) {
			double lo = byX.firstKey(), hi = byX.lastKey(), w = (hi - lo) / 100;
			TreeMap<Double, List<double[]>> binned = new TreeMap<>();
			for (double[] p : pts) {
				int b = Math.min(99, (int) ((p[0] - lo) / w));
				binned.computeIfAbsent(lo + (b + 0.5) * w, k -> new ArrayList<>()).add(p);
			}
			byX = binned;
		}
		List<double[]> out = new ArrayList<>();
		for (Map.Entry<Double, List<double[]>> e : byX.entrySet()) {
			List<double[]> l = e.getValue();
			int n = 0;
			double mean = 0, m2 = 0, u2 = 0;
			boolean allU = true;
			for (double[] p : l) {
				n++;
				double d = p[1] - mean;
				mean += d / n;
				m2 += d * (p[1] - mean);
				if (Double.isFinite(p[2])) u2 += p[2] * p[2];
				else allU = false;
			}
			double u = n == 1 ? (allU ? Math.sqrt(u2) : Double.NaN) : Math.sqrt(m2 / (n - 1) / n + (allU ? u2 / ((double) n
				* n) : 0));
			out.add(new double[] { e.getKey(), mean, u });
		}
		return out;
	}

	private static PaperChart.Series curve(String s, SampleOrder order, List<double[]> pts, int n, String flags) {
		pts = combine(pts, n);
		double[] x = new double[pts.size()], y = new double[x.length], e = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			x[i] = pts.get(i)[0];
			y[i] = pts.get(i)[1];
			e[i] = pts.get(i)[2];
		}
		return new PaperChart.Series(s, order.color(s), x, y, e, null, n, flags);
	}

	private static void addEels(List<PaperChart> out, Map<String, Map<String, double[]>> eels,
		Map<String, String> sampleOf, Map<String, String> flags, String unit,
		Map<String, Map<String, SampleSummary.Entry>> entries, SampleOrder order)
	{
		if (eels.isEmpty()) return;
		PaperChart c = new PaperChart("eels-ti3-profiles", "Ti3+ profiles (EELS)", withUnit("distance from the interface",
			unit), "Ti3+ fraction", false);
		c.caption = "Ti3+ fraction at each position of every stored EELS line scan against its distance from the " +
			"interface; error bars: the fit's one-sigma uncertainty; dashed lines: the sample's Ti3+-dominant depth. " +
			"Several scans of a sample: the mean at each distance, error bar sqrt(s²/n + Σσ²/n²) (scatter " +
			"between scans and each point's own uncertainty); every point is in the CSV. n = scans.";
		c.csvHeader = List.of("sample_id", "group", "file", "distance", "ti3_fraction", "ti3_fraction_uncertainty", "unit");
		Map<String, List<double[]>> per = new HashMap<>();
		Map<String, Integer> scans = new HashMap<>();
		List<String> keys = new ArrayList<>(eels.keySet());
		java.util.Collections.sort(keys);
		for (String k : keys) {
			String s = sampleOf.get(k);
			scans.merge(s, 1, Integer::sum);
			for (double[] p : eels.get(k).values()) {
				if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) continue;
				per.computeIfAbsent(s, x -> new ArrayList<>()).add(p);
				c.csvRows.add(List.of(PaperChart.cell(s), PaperChart.cell(order.groups.get(s)), PaperChart.cell(k.split(
					"\u0000")[0]), PaperChart.num(p[0]), PaperChart.num(p[1]), PaperChart.num(p[2]), PaperChart.cell(unit)));
			}
		}
		for (String s : order.samples) {
			List<double[]> pts = per.get(s);
			if (pts == null) continue;
			pts.sort((a, b) -> Double.compare(a[0], b[0]));
			c.series.add(curve(s, order, pts, scans.get(s), flags.getOrDefault(s, "")));
			Map<String, SampleSummary.Entry> e = entries.getOrDefault(s, Map.of());
			SampleSummary.Entry d = e.getOrDefault("eels ti3_dominant_depth_mean", e.get("eels ti3_dominant_depth"));
			if (d != null && Double.isFinite(d.value)) c.marks.add(new Object[] { d.value, order.color(s), s });
		}
		if (!c.series.isEmpty()) out.add(c);
	}

	private static void addSaed(List<PaperChart> out, Map<String, Curve> saed, String unit,
		Map<String, Map<String, SampleSummary.Entry>> entries, SampleOrder order)
	{
		if (saed.isEmpty()) return;
		PaperChart c = new PaperChart("saed-amorphization", "Crystalline fraction over time (SAED)", withUnit("time",
			unit), "crystalline fraction", false);
		c.caption = "Crystalline fraction of every frame of the stored SAED series against time; error bars: one " +
			"sigma per frame (several series of a sample: the mean per time, error bar sqrt(s²/n + Σσ²/n²)); " +
			"dashed lines: the sample's amorphization time. n = series.";
		c.csvHeader = List.of("sample_id", "group", "time", "crystalline_fraction", "uncertainty", "time_unit",
			"amorphization_time", "amorphization_time_uncertainty");
		for (String s : order.samples) {
			Curve cu = saed.get(s);
			if (cu == null) continue;
			cu.p.sort((a, b) -> Double.compare(a[0], b[0]));
			SampleSummary.Entry t = entries.getOrDefault(s, Map.of()).get("diffraction amorphization_time");
			if (t == null) for (SampleSummary.Entry e : entries.getOrDefault(s, Map.of()).values()) if (e.quantity.equals(
				"amorphization_time")) t = e;
			double at = t == null ? Double.NaN : t.value, au = t == null ? Double.NaN : t.uncertainty;
			if (Double.isFinite(at)) c.marks.add(new Object[] { at, order.color(s), s });
			for (double[] p : cu.p) c.csvRows.add(List.of(PaperChart.cell(s), PaperChart.cell(order.groups.get(s)),
				PaperChart.num(p[0]), PaperChart.num(p[1]), PaperChart.num(p[2]), PaperChart.cell(unit), PaperChart.num(at),
				PaperChart.num(au)));
			c.series.add(curve(s, order, cu.p, cu.files.size(), cu.flags));
		}
		out.add(c);
	}
}
