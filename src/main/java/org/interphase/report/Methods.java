package org.interphase.report;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.interphase.results.ResultsDatabase;
import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * A methods paragraph per analysis, generated from the stored runs: software version, command and parameters of
 * the runs whose rows the report uses, the method and its reference standard, how many files of how many samples,
 * how the uncertainties were obtained, and what to cite. Ready to paste (Markdown); the fixed parts per analysis
 * summarise the analysis' page in docs/.
 */
final class Methods {
	private Methods() {}

	/** method sentence, uncertainty sentence, references; by analysis name. */
	private static final Map<String, String[]> TEXT = new LinkedHashMap<>();
	static {
		TEXT.put("reaction-depth", new String[] { "The reaction-layer depth was measured in cross-section SEM/BSE " +
			"images along the surface normals over the whole interface of every image: on each profile a graded step " +
			"I(v) = A + (B \u2212 A)\u03A6((v \u2212 d)/s) was fitted by Levenberg\u2013Marquardt and its 50 % point d " +
			"taken as the reaction front (the averaged interface position of ISO 20263).", "Each depth's standard " +
				"error comes from the fit covariance; a sample's depth is the mean over its images with " +
				"sqrt(s\u00B2/n + \u03A3u\u00B2/n\u00B2) (scatter between images and each image's own uncertainty).",
			"ISO 20263:2017, Microbeam analysis \u2014 Analytical electron microscopy \u2014 Method for the determination " +
				"of interface position in the cross-sectional image of the layered materials." });
		TEXT.put("coating-thickness", new String[] { "The coating thickness was measured on HRTEM images of the " +
			"particle edge along profiles normal to the coating: the substrate interface as an error-function step " +
			"fitted to the lattice-fringe amplitude, the outer surface as an error-function step of the intensity; the " +
			"thickness of a profile is the distance between the two.", "Each profile's uncertainty is the two edge " +
				"fits' standard errors in quadrature; the image mean's is sd/\u221An_eff with n_eff = min(n, edge length / " +
				"profile width).", "" });
		TEXT.put("xps-fit", new String[] { "XPS spectra were fitted by least squares with Gaussian\u2013Lorentzian " +
			"components on an active Shirley background (recomputed inside the fit); the Ti3+ fraction is the Ti3+ " +
			"component's share of the Ti 2p area. The information depth is 3\u03BB cos\u03B8 with the inelastic mean " +
			"free path \u03BB from the TPP-2M formula.", "Uncertainties from the fit covariance (or Monte-Carlo " +
				"refits where requested, as the stored row uncertainty_method says); \u03BB carries TPP-2M's ~11 % RMS.",
			"S. Tanuma, C. J. Powell, D. R. Penn, Surf. Interface Anal. 21 (1994) 165 (TPP-2M); D. A. Shirley, Phys. " +
				"Rev. B 5 (1972) 4709." });
		TEXT.put("eels-valence", new String[] { "Ti L2,3 EELS spectra were fitted as linear combinations of Ti3+ and " +
			"Ti4+ reference spectra (after background subtraction and energy alignment) to give the Ti3+ fraction per " +
			"position; the interface is where the Ti L intensity reaches half its bulk level (ISO 20263) and the " +
			"Ti3+-dominant depth is where a fitted profile crosses 50 % Ti3+.", "Per-position uncertainties from the " +
				"least-squares covariance; the dominant depth's from the profile fit including the interface position's.",
			"ISO 20263:2017 (averaged interface position)." });
		TEXT.put("saed", new String[] { "Selected-area electron diffraction patterns of the in-situ series were " +
			"analysed frame by frame: the crystalline fraction is the share of the scattered intensity in the annulus " +
			"q-min \u2264 q \u2264 q-max that sits in Bragg spots/rings above the smooth diffuse background, (T \u2212 " +
			"D)/T; the amorphization time is its first downward crossing of 0.5, linearly interpolated.", "Per-frame " +
				"uncertainty: counting statistics, the change with a 1.5\u00D7 background window and a model term; the " +
				"amorphization time's propagated from the two bracketing frames.", "" });
		TEXT.put("raman-bn", new String[] { "Raman spectra were fitted with the h-BN E2g band, the c-BN TO and LO " +
			"bands and the LATP phosphate bands that overlap them; the c-BN/h-BN ratio is the ratio of the c-BN TO " +
			"and h-BN E2g areas.", "Uncertainties from the fit covariance.", "" });
	}

	/** Markdown: one paragraph per analysis that has stored rows. */
	static String markdown(ResultsDatabase db, List<StoredRow> latest) throws IOException {
		Map<String, Set<Long>> runs = new TreeMap<>();
		Map<String, Set<String>> files = new HashMap<>(), samples = new HashMap<>();
		Map<String, String> technique = new HashMap<>();
		for (StoredRow s : latest) {
			String a = s.row.analysis;
			runs.computeIfAbsent(a, k -> new TreeSet<>()).add(s.runId);
			if (s.filePath != null) files.computeIfAbsent(a, k -> new HashSet<>()).add(s.filePath);
			samples.computeIfAbsent(a, k -> new TreeSet<>()).add(s.row.sampleId);
			technique.putIfAbsent(a, s.row.technique);
		}
		Map<Long, String[]> runInfo = new HashMap<>();
		try (Statement st = db.connection().createStatement(); ResultSet r = st.executeQuery(
			"SELECT run_id, software_version, command, parameters FROM runs"))
		{
			while (r.next()) runInfo.put(r.getLong(1), new String[] { r.getString(2), r.getString(3), r.getString(4) });
		}
		catch (SQLException e) {
			throw new IOException(db.location() + ": " + e.getMessage(), e);
		}
		StringBuilder m = new StringBuilder("# Methods (generated by Interphase from the stored runs)\n\n");
		for (Map.Entry<String, Set<Long>> e : runs.entrySet()) {
			String a = e.getKey();
			Set<String> versions = new TreeSet<>(), params = new TreeSet<>();
			for (long id : e.getValue()) {
				String[] i = runInfo.get(id);
				if (i == null) continue;
				versions.add(i[0]);
				params.add("`" + i[1] + "` " + i[2]);
			}
			String[] t = TEXT.get(a);
			m.append("## ").append(technique.get(a).toUpperCase(java.util.Locale.ROOT)).append(" (").append(a).append(
				")\n\n");
			if (t != null) m.append(t[0]).append(' ');
			m.append("Analysed with Interphase ").append(String.join(", ", versions)).append(" (").append(params.size() == 1
				? "parameters: " : params.size() + " parameter sets: ").append(String.join("; ", params)).append(") on ")
				.append(files.getOrDefault(a, Set.of()).size()).append(" files of ").append(samples.get(a).size()).append(
					samples.get(a).size() == 1 ? " sample. " : " samples. ");
			if (t != null) m.append(t[1]);
			m.append(" Differences between samples: see comparisons.csv (method per row).\n");
			if (t != null && !t[2].isEmpty()) m.append("\nCite: ").append(t[2]).append("\n");
			m.append("\n");
		}
		return m.toString();
	}

	/** Markdown table of the key numbers (one row per sample, one column per key quantity), value ± uncertainty. */
	static String keyNumbers(List<SampleSummary.Entry> entries, SampleOrder order) {
		String[][] cols = { { "sem", "depth_mean", "reaction-layer depth" }, { "hrtem", "thickness_mean",
			"coating thickness" }, { "xps", "fraction[Ti3+]", "Ti3+ fraction (XPS)" }, { "eels", "ti3_dominant_depth_mean",
				"Ti3+-dominant depth (EELS)" }, { "diffraction", "amorphization_time", "amorphization time" }, { "raman",
					"cbn_hbn_area_ratio", "c-BN/h-BN ratio" } };
		Map<String, Map<String, SampleSummary.Entry>> cell = new HashMap<>();
		Map<String, String> units = new HashMap<>();
		List<String[]> used = new ArrayList<>();
		for (SampleSummary.Entry e : entries) for (String[] c : cols) {
			boolean match = e.technique.equals(c[0]) && (e.quantity.equals(c[1]) || (c[1].equals("ti3_dominant_depth_mean")
				&& e.quantity.equals("ti3_dominant_depth")) || (c[1].equals("fraction[Ti3+]") && e.quantity.startsWith(
					"fraction[") && KeyFigures.isTi3(e.quantity)));
			if (!match) continue;
			cell.computeIfAbsent(e.sampleId, k -> new HashMap<>()).putIfAbsent(c[1], e);
			units.putIfAbsent(c[1], e.unit);
			if (!used.contains(c)) used.add(c);
		}
		used.sort(java.util.Comparator.comparingInt(c -> java.util.Arrays.asList(cols).indexOf(c)));
		StringBuilder t = new StringBuilder("| sample |");
		for (String[] c : used) t.append(' ').append(c[2]).append(unitSuffix(units.get(c[1]))).append(" |");
		t.append("\n|---|");
		for (int i = 0; i < used.size(); i++) t.append("---|");
		t.append('\n');
		for (String s : order.samples) {
			Map<String, SampleSummary.Entry> row = cell.get(s);
			if (row == null) continue;
			t.append("| ").append(s).append(" |");
			for (String[] c : used) {
				SampleSummary.Entry e = row.get(c[1]);
				t.append(' ').append(e == null ? "" : Sig.format(e.value, e.uncertainty) + " (n=" + e.inputs + ")" + (e.flags
					.isEmpty() ? "" : " \u26A0")).append(" |");
			}
			t.append('\n');
		}
		return t.append("\nValues: mean \u00B1 one-sigma uncertainty, the uncertainty to two significant digits (one " +
			"where they begin with 3\u20139); n = files; \u26A0 = flagged (see the report's appendix).\n").toString();
	}

	private static String unitSuffix(String u) {
		return u == null || u.isEmpty() || u.equals("fraction") ? "" : " (" + u + ")";
	}
}
