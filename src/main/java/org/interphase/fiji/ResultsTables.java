package org.interphase.fiji;

import java.util.List;

import ij.measure.ResultsTable;

import org.interphase.core.result.ResultRow;

/**
 * Writes contract rows into ImageJ's system Results table (so macros see nResults and getResult/getResultString),
 * with the same columns and numbers as results.csv.
 */
public final class ResultsTables {
	private ResultsTables() {}

	public static ResultsTable append(List<ResultRow> rows) {
		ResultsTable rt = ResultsTable.getResultsTable();
		if (rt == null) rt = new ResultsTable();
		rt.setPrecision(9);
		for (ResultRow r : rows) {
			rt.incrementCounter();
			rt.addValue("sample_id", r.sampleId);
			rt.addValue("technique", r.technique);
			rt.addValue("analysis", r.analysis);
			rt.addValue("source", r.source);
			rt.addValue("region", r.region);
			rt.addValue("quantity", r.quantity);
			rt.addValue("value", r.value);
			rt.addValue("uncertainty", r.uncertainty);
			rt.addValue("unit", r.unit);
			rt.addValue("label", r.label);
			rt.addValue("flags", r.flags);
		}
		rt.show("Results");
		return rt;
	}
}
