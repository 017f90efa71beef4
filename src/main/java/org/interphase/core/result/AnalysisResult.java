package org.interphase.core.result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.interphase.core.data.Signal;

/**
 * Everything one analysis of one input produced: the contract rows, plots, shapes to overlay on the input image,
 * images (maps) such as a crystallinity or fraction map, and named tables. Figures, shapes, maps and tables are
 * saved by the command line and shown by Fiji.
 */
public final class AnalysisResult {
	private final List<ResultRow> rows = new ArrayList<>();
	private final List<Figure> figures = new ArrayList<>();
	private final List<OverlayShape> shapes = new ArrayList<>();
	private final List<Signal> maps = new ArrayList<>();
	private final List<String> warnings = new ArrayList<>();
	private final List<Table> tables = new ArrayList<>();

	public AnalysisResult add(ResultRow row) {
		rows.add(row);
		return this;
	}

	public AnalysisResult addAll(List<ResultRow> more) {
		rows.addAll(more);
		return this;
	}

	public AnalysisResult figure(Figure f) {
		figures.add(f);
		return this;
	}

	public AnalysisResult shape(OverlayShape s) {
		shapes.add(s);
		return this;
	}

	/** A 2D calibrated image result; its name becomes the file name / window title. */
	public AnalysisResult map(Signal m) {
		maps.add(m);
		return this;
	}

	/** A named table (e.g. XPS components): Fiji shows it, the command line saves it as CSV. */
	public AnalysisResult table(Table t) {
		tables.add(t);
		return this;
	}

	public AnalysisResult warn(String w) {
		warnings.add(w);
		return this;
	}

	public List<ResultRow> rows() {
		return Collections.unmodifiableList(rows);
	}

	public List<Figure> figures() {
		return Collections.unmodifiableList(figures);
	}

	public List<OverlayShape> shapes() {
		return Collections.unmodifiableList(shapes);
	}

	public List<Signal> maps() {
		return Collections.unmodifiableList(maps);
	}

	public List<Table> tables() {
		return Collections.unmodifiableList(tables);
	}

	public List<String> warnings() {
		return Collections.unmodifiableList(warnings);
	}

	/** The first whole-input row with the given quantity, or null. */
	public ResultRow find(String quantity) {
		for (ResultRow r : rows) if (r.quantity.equals(quantity) && r.region.isEmpty()) return r;
		return null;
	}

	/** The first row with the given quantity and region, or null. */
	public ResultRow find(String quantity, String region) {
		for (ResultRow r : rows) if (r.quantity.equals(quantity) && r.region.equals(region)) return r;
		return null;
	}
}
