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
}
