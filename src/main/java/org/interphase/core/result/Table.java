package org.interphase.core.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A named table as data, for results that are a table by nature rather than contract rows (e.g. an XPS
 * component table: one row per fitted component with its constraints). Fiji shows it as a named ResultsTable,
 * the command line saves it as CSV in {@code tables/}. Cells are numbers (Double) or text (String).
 */
public final class Table {
	/** File-name-safe identifier, e.g. "xps-components". */
	public final String id;
	/** Window title, e.g. "XPS components". */
	public final String title;
	private final List<String> columns;
	private final List<Object[]> rows = new ArrayList<>();

	public Table(String id, String title, List<String> columns) {
		this.id = id;
		this.title = title;
		this.columns = List.copyOf(columns);
	}

	/** Appends a row: one cell per column, each a Number (stored as Double) or text. */
	public Table row(Object... cells) {
		if (cells.length != columns.size())
			throw new IllegalArgumentException(title + ": " + cells.length + " cells for " + columns.size() + " columns");
		Object[] r = new Object[cells.length];
		for (int i = 0; i < cells.length; i++) {
			Object c = cells[i];
			r[i] = c instanceof Number ? (Object) ((Number) c).doubleValue() : c == null ? "" : c.toString();
		}
		rows.add(r);
		return this;
	}

	public List<String> columns() {
		return columns;
	}

	public int size() {
		return rows.size();
	}

	/** The cell as stored: a Double or a String. */
	public Object cell(int row, String column) {
		int c = columns.indexOf(column);
		if (c < 0) throw new IllegalArgumentException(title + ": no column " + column);
		return rows.get(row)[c];
	}

	public List<Object[]> rows() {
		List<Object[]> l = new ArrayList<>();
		for (Object[] r : rows) l.add(r.clone());
		return Collections.unmodifiableList(l);
	}
}
