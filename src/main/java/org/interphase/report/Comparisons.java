package org.interphase.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * For each key quantity, the difference of each sample from its reference with a 90 % confidence interval
 * ({@link DifferenceCi}), and the two kinds of spread: within a file (profiles of one image, or the file's stored
 * uncertainty) and between files (image to image). The reference is {@code --reference ID}, otherwise the uncoated
 * sample (sheet attribute {@code coating} none/bare/uncoated, or "bare" in its ID) with the same {@code --x} value,
 * otherwise the first uncoated sample, otherwise the first sample.
 */
final class Comparisons {
	static final double LEVEL = 0.90;

	/** One file's contribution: its value, stored sigma, and its own spread (profiles) where it has one. */
	static final class FileValue {
		double value = Double.NaN, sigma = Double.NaN, withinSd = Double.NaN;
		double sum, sum2;
		int n;
	}

	static final class Row {
		String quantity, unit, sample, reference;
		int nSample, nReference;
		double within, between;
		DifferenceCi ci;
		/** What the interval leaves out, e.g. the image-to-image spread when a side has one image. */
		String note = "";
	}

	private static final class Spec {
		final String name, profileQuantity, meanQuantity, technique;
		final Predicate<ResultRow> scalar;

		Spec(String name, String technique, String profileQuantity, String meanQuantity, Predicate<ResultRow> scalar) {
			this.name = name;
			this.technique = technique;
			this.profileQuantity = profileQuantity;
			this.meanQuantity = meanQuantity;
			this.scalar = scalar;
		}
	}

	private static final List<Spec> SPECS = List.of(new Spec("reaction-layer depth (SEM)", "sem", "depth", "depth_mean",
		null), new Spec("coating thickness (HRTEM)", "hrtem", "thickness", "thickness_mean", null), new Spec(
			"Ti3+ fraction (XPS)", "xps", null, null, r -> r.quantity.equals("fraction") && r.region.startsWith(
				"component:") && KeyFigures.isTi3(r.region)), new Spec("Ti3+-dominant depth (EELS)", "eels", null, null,
					r -> r.quantity.equals("ti3_dominant_depth") && r.region.isEmpty()), new Spec("amorphization time (SAED)",
						"diffraction", null, null, r -> r.quantity.equals("amorphization_time") && r.region.isEmpty()), new Spec(
							"c-BN/h-BN area ratio (Raman)", "raman", null, null, r -> r.quantity.equals("cbn_hbn_area_ratio") && r
								.region.isEmpty()), new Spec("h-BN FWHM (Raman)", "raman", null, null, r -> r.quantity.equals("hbn_fwhm") &&
									r.region.isEmpty()));

	private Comparisons() {}

	/** The reference of each sample (itself for a reference), in the order's sample order. */
	static Map<String, String> references(SampleOrder order, Map<String, Map<String, String>> attrs, String reference,
		String x)
	{
		Map<String, String> out = new LinkedHashMap<>();
		List<String> bare = new ArrayList<>();
		for (String s : order.samples) {
			String c = attrs.getOrDefault(s, Map.of()).getOrDefault("coating", "").trim().toLowerCase(Locale.ROOT);
			if (c.equals("none") || c.equals("bare") || c.equals("uncoated") || (c.isEmpty() && s.toLowerCase(Locale.ROOT)
				.contains("bare"))) bare.add(s);
		}
		for (String s : order.samples) {
			if (reference != null && !reference.isEmpty()) {
				out.put(s, reference);
				continue;
			}
			String ref = null;
			if (x != null) for (String b : bare) if (attrs.getOrDefault(b, Map.of()).getOrDefault(x, "").equals(attrs
				.getOrDefault(s, Map.of()).getOrDefault(x, "\u0000"))) ref = b;
			if (ref == null) ref = bare.isEmpty() ? order.samples.get(0) : bare.get(0);
			out.put(s, ref);
		}
		return out;
	}

	static List<Row> compute(List<StoredRow> latest, SampleOrder order, Map<String, String> refs) {
		// spec -> sample -> file -> value
		List<Map<String, Map<String, FileValue>>> data = new ArrayList<>();
		String[] units = new String[SPECS.size()];
		for (int i = 0; i < SPECS.size(); i++) data.add(new HashMap<>());
		for (StoredRow s : latest) {
			if (s.filePath == null) continue;
			ResultRow r = s.row;
			for (int i = 0; i < SPECS.size(); i++) {
				Spec sp = SPECS.get(i);
				if (!r.technique.equals(sp.technique)) continue;
				if (sp.profileQuantity != null) {
					if (r.quantity.equals(sp.profileQuantity) && r.region.startsWith("profile:") && Double.isFinite(r.value)) {
						FileValue f = file(data.get(i), r.sampleId, s.filePath);
						f.n++;
						f.sum += r.value;
						f.sum2 += r.value * r.value;
						units[i] = r.unit;
					}
					else if (r.quantity.equals(sp.meanQuantity) && r.region.isEmpty()) file(data.get(i), r.sampleId,
						s.filePath).sigma = r.uncertainty;
				}
				else if (sp.scalar.test(r) && Double.isFinite(r.value)) {
					FileValue f = file(data.get(i), r.sampleId, s.filePath);
					if (!Double.isNaN(f.value)) continue; // first matching row of the file (e.g. the first Ti3+ component)
					f.value = r.value;
					f.sigma = r.uncertainty;
					units[i] = r.unit;
				}
			}
		}
		List<Row> out = new ArrayList<>();
		for (int i = 0; i < SPECS.size(); i++) {
			Map<String, Map<String, FileValue>> bySample = data.get(i);
			for (Map<String, FileValue> files : bySample.values()) for (FileValue f : files.values()) if (SPECS.get(
				i).profileQuantity != null && f.n > 0)
			{
				f.value = f.sum / f.n;
				f.withinSd = f.n > 1 ? Math.sqrt(Math.max(0, (f.sum2 - f.n * f.value * f.value) / (f.n - 1))) : Double.NaN;
				if (!(f.sigma > 0)) f.sigma = f.withinSd / Math.sqrt(f.n);
			}
			for (String s : order.samples) {
				String ref = refs.get(s);
				if (ref == null || ref.equals(s) || !bySample.containsKey(s) || !bySample.containsKey(ref)) continue;
				double[][] a = arrays(bySample.get(s)), b = arrays(bySample.get(ref));
				if (a[0].length == 0 || b[0].length == 0) continue;
				Row row = new Row();
				row.quantity = SPECS.get(i).name;
				row.unit = units[i] == null ? "" : units[i];
				row.sample = s;
				row.reference = ref;
				row.nSample = a[0].length;
				row.nReference = b[0].length;
				row.ci = DifferenceCi.of(a[0], a[1], b[0], b[1], LEVEL, s.hashCode() * 31L + ref.hashCode() + i);
				row.within = rms(a[2], b[2], a[1], b[1], SPECS.get(i).profileQuantity != null);
				row.between = pooledBetween(a[0], b[0]);
				if (row.ci.method.startsWith("error-weighted") && (a[0].length < 2 || b[0].length < 2)) row.note =
					"one file on a side: the file-to-file spread there is unknown and not in the interval";
				out.add(row);
			}
		}
		return out;
	}

	private static FileValue file(Map<String, Map<String, FileValue>> m, String sample, String path) {
		return m.computeIfAbsent(sample, k -> new TreeMap<>()).computeIfAbsent(path, k -> new FileValue());
	}

	/** {values, sigmas, within-file SDs} of the files with a value, in path order. */
	private static double[][] arrays(Map<String, FileValue> files) {
		List<FileValue> ok = new ArrayList<>();
		for (FileValue f : files.values()) if (Double.isFinite(f.value)) ok.add(f);
		double[][] out = new double[3][ok.size()];
		for (int k = 0; k < ok.size(); k++) {
			out[0][k] = ok.get(k).value;
			out[1][k] = ok.get(k).sigma;
			out[2][k] = ok.get(k).withinSd;
		}
		return out;
	}

	/** Within a file: the RMS SD of the profiles of one image; for one value per file, the RMS stored sigma. */
	private static double rms(double[] wa, double[] wb, double[] sa, double[] sb, boolean profiles) {
		double s = 0;
		int n = 0;
		for (double[] v : profiles ? new double[][] { wa, wb } : new double[][] { sa, sb }) for (double x : v) if (Double
			.isFinite(x))
		{
			s += x * x;
			n++;
		}
		return n == 0 ? Double.NaN : Math.sqrt(s / n);
	}

	/** Between files: the pooled SD of the file values of both samples (NaN with fewer than 2 files each). */
	private static double pooledBetween(double[] a, double[] b) {
		if (a.length < 2 && b.length < 2) return Double.NaN;
		double ss = 0;
		int dof = 0;
		for (double[] v : new double[][] { a, b }) if (v.length >= 2) {
			double m = DifferenceCi.mean(v);
			for (double x : v) ss += (x - m) * (x - m);
			dof += v.length - 1;
		}
		return Math.sqrt(ss / dof);
	}
}
