package org.interphase.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * The stored EELS Ti3+ line-scan profiles per sample: every position's {distance in nm, ti3_fraction, its sigma}
 * from all scans of the sample (files in path order), and how many scans that is. The depth picture and the
 * EELS &rarr; XPS consistency both read the profiles this way.
 */
final class EelsProfiles {
	/** sample -> points {z nm, f, sigma f} with a finite distance and fraction (unsorted). */
	final Map<String, List<double[]>> points = new HashMap<>();
	/** sample -> number of scans (files). */
	final Map<String, Integer> scans = new HashMap<>();

	private EelsProfiles() {}

	static EelsProfiles of(List<StoredRow> latest) {
		Map<String, Map<String, double[]>> eels = new HashMap<>(); // file -> position -> {z nm, f, sf}
		Map<String, String> sampleOf = new HashMap<>();
		for (StoredRow s : latest) {
			ResultRow r = s.row;
			if (!r.technique.equals("eels") || s.filePath == null || !r.region.startsWith("position:")) continue;
			double[] p = eels.computeIfAbsent(s.filePath, k -> new TreeMap<>()).computeIfAbsent(r.region,
				k -> new double[] { Double.NaN, Double.NaN, Double.NaN });
			sampleOf.put(s.filePath, r.sampleId);
			if (r.quantity.equals("distance")) p[0] = r.value * DepthConsistency.toNm(r.unit);
			else if (r.quantity.equals("ti3_fraction")) {
				p[1] = r.value;
				p[2] = r.uncertainty;
			}
		}
		EelsProfiles out = new EelsProfiles();
		for (Map.Entry<String, Map<String, double[]>> e : new TreeMap<>(eels).entrySet()) {
			String s = sampleOf.get(e.getKey());
			out.scans.merge(s, 1, Integer::sum);
			for (double[] p : e.getValue().values()) if (Double.isFinite(p[0]) && Double.isFinite(p[1])) out.points
				.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
		}
		return out;
	}
}
