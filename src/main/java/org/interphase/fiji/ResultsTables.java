package org.interphase.fiji;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ij.measure.ResultsTable;

import org.interphase.core.result.ResultRow;
import org.interphase.core.result.Table;

/**
 * Writes contract rows into ImageJ's system Results table (so macros see nResults and getResult/getResultString),
 * with the same columns and numbers as results.csv; and an analysis' named tables (e.g. "XPS components") into
 * ResultsTables of that name, with the columns and numbers of the command line's tables/*.csv.
 */
public final class ResultsTables {
	private ResultsTables() {}

	public static ResultsTable append(List<ResultRow> rows) {
		ResultsTable rt = ResultsTable.getResultsTable();
		if (rt == null) rt = new ResultsTable();
		rt.setPrecision(9);
		for (ResultRow r : rows) addRow(rt, r);
		rt.show("Results");
		return rt;
	}

	/** The rows as a new table with the columns of results.csv (not shown; for scripts and SciJava outputs). */
	public static ResultsTable of(List<ResultRow> rows) {
		ResultsTable rt = new ResultsTable();
		rt.setPrecision(9);
		rt.showRowNumbers(false);
		for (ResultRow r : rows) addRow(rt, r);
		return rt;
	}

	private static final Map<String, ResultsTable> NAMED = new ConcurrentHashMap<>();

	/**
	 * Shows a named table, replacing what the window of that name held (it describes the latest fit). Text cells
	 * become string columns, numbers stay numbers at full precision.
	 */
	public static ResultsTable show(Table t) {
		ResultsTable rt = new ResultsTable();
		rt.setPrecision(9);
		rt.showRowNumbers(false);
		for (Object[] r : t.rows()) {
			rt.incrementCounter();
			for (int i = 0; i < r.length; i++) {
				String col = t.columns().get(i);
				if (r[i] instanceof Double) rt.addValue(col, (Double) r[i]);
				else rt.addValue(col, r[i].toString());
			}
		}
		NAMED.put(t.title, rt);
		rt.show(t.title);
		return rt;
	}

	/** The table last shown under this title (also when headless, where no window holds it), or null. */
	public static ResultsTable named(String title) {
		ResultsTable shown = ResultsTable.getResultsTable(title);
		return shown != null ? shown : NAMED.get(title);
	}

	/** One row with the columns of results.csv, in their order. */
	private static void addRow(ResultsTable rt, ResultRow r) {
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
}
