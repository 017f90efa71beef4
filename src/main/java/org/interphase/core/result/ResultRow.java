package org.interphase.core.result;

import java.util.Objects;

/**
 * One number of the results contract: {@code sample_id, technique, analysis, source, region, quantity, value,
 * uncertainty, unit, label, flags}. Analyses build rows with {@link #of}; the batch runner stamps the sample,
 * technique, analysis and source with {@link #context}. Immutable; NaN uncertainty means "unknown".
 */
public final class ResultRow {
	public final String sampleId;
	public final String technique;
	public final String analysis;
	public final String source;
	public final String region;
	public final String quantity;
	public final double value;
	public final double uncertainty;
	public final String unit;
	public final String label;
	public final String flags;

	public ResultRow(String sampleId, String technique, String analysis, String source, String region,
		String quantity, double value, double uncertainty, String unit, String label, String flags)
	{
		this.sampleId = nz(sampleId);
		this.technique = nz(technique);
		this.analysis = nz(analysis);
		this.source = nz(source);
		this.region = nz(region);
		this.quantity = Objects.requireNonNull(quantity, "quantity");
		this.value = value;
		this.uncertainty = uncertainty;
		this.unit = nz(unit);
		this.label = nz(label);
		this.flags = nz(flags);
	}

	/** A whole-input number with its uncertainty (NaN when unknown) and unit. */
	public static ResultRow of(String quantity, double value, double uncertainty, String unit) {
		return new ResultRow("", "", "", "", "", quantity, value, uncertainty, unit, "", "");
	}

	public ResultRow region(String r) {
		return new ResultRow(sampleId, technique, analysis, source, r, quantity, value, uncertainty, unit, label,
			flags);
	}

	public ResultRow label(String l) {
		return new ResultRow(sampleId, technique, analysis, source, region, quantity, value, uncertainty, unit, l,
			flags);
	}

	/** Adds flags (each once, ';'-separated, in order). */
	public ResultRow flag(String... more) {
		return new ResultRow(sampleId, technique, analysis, source, region, quantity, value, uncertainty, unit,
			label, Flags.join(flags, more));
	}

	public ResultRow context(String sample, String tech, String analysisName, String src) {
		return new ResultRow(sample, tech, analysisName, src, region, quantity, value, uncertainty, unit, label,
			flags);
	}

	public boolean hasUncertainty() {
		return !Double.isNaN(uncertainty);
	}

	private static String nz(String s) {
		return s == null ? "" : s;
	}

	@Override
	public String toString() {
		return sampleId + "," + technique + "," + analysis + "," + source + "," + region + "," + quantity + "," +
			value + "," + uncertainty + "," + unit + "," + label + "," + flags;
	}
}
