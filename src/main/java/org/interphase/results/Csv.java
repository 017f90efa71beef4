package org.interphase.results;

import java.math.BigDecimal;

/** How numbers are written to results.csv: the shortest text that reads back as the same double. */
public final class Csv {
	private Csv() {}

	/** Empty for NaN; plain decimal for ordinary magnitudes; round-trip exact. */
	public static String number(double v) {
		if (Double.isNaN(v)) return "";
		if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
		if (v == 0) return "0";
		double a = Math.abs(v);
		if (a >= 1e-7 && a < 1e16) {
			String s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
			return s;
		}
		return Double.toString(v);
	}

	/**
	 * A text cell as CSV files for spreadsheets must hold it: a value that starts with {@code = + - @}, a tab or a
	 * carriage return gets a leading {@code '} (OWASP's advice against formula injection), so a spreadsheet shows
	 * it as text instead of running it. The database keeps the raw value; numbers are written by {@link #number}.
	 */
	public static String text(String s) {
		if (s == null || s.isEmpty()) return s;
		char c = s.charAt(0);
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
	}
}
