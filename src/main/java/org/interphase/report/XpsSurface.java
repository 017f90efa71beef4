package org.interphase.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * XPS files of one sample measured at several photon energies see different depths: their Ti3+ fractions are a
 * depth series, not repeats, and their mean is no quantity of the sample. The key figures, comparisons and key
 * numbers therefore take a sample's per-file XPS rows only from its lowest photon energy (the most
 * surface-sensitive, usually Al K&alpha;); the depth series has its own figure and the EELS &rarr; XPS check.
 * The appendix and summary.csv keep every file.
 */
final class XpsSurface {
	private XpsSurface() {}

	/** The rows without the per-file XPS rows of files above their sample's lowest photon energy (same list if none). */
	static List<StoredRow> only(List<StoredRow> rows) {
		Map<String, Double> fileHv = new HashMap<>(), lowest = new HashMap<>();
		for (StoredRow s : rows) {
			if (s.filePath == null || !s.row.technique.equals("xps") || !s.row.quantity.equals("photon_energy")) continue;
			double hv = s.row.value;
			if (!Double.isFinite(hv)) continue;
			fileHv.merge(s.filePath, hv, Math::min);
			lowest.merge(s.row.sampleId, hv, Math::min);
		}
		Set<String> deeper = new HashSet<>();
		for (StoredRow s : rows) {
			if (s.filePath == null || !s.row.technique.equals("xps")) continue;
			Double hv = fileHv.get(s.filePath), low = lowest.get(s.row.sampleId);
			if (hv != null && low != null && hv > low + 0.5) deeper.add(s.filePath);
		}
		if (deeper.isEmpty()) return rows;
		List<StoredRow> out = new ArrayList<>(rows.size());
		for (StoredRow s : rows) if (s.filePath == null || !deeper.contains(s.filePath)) out.add(s);
		return out;
	}
}
