package org.interphase.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * A value with its uncertainty written to the right number of significant digits: the uncertainty to two
 * significant digits (one where they begin with 3 to 9, the Particle Data Group's rule) and the value to the same
 * decimal place, e.g. 251.37 &plusmn; 4.26 &rarr; "251 ± 4", 0.5712 &plusmn; 0.0234 &rarr; "0.571 ± 0.023".
 */
final class Sig {
	private Sig() {}

	/** The decimal place (power of ten) of the uncertainty's last significant digit. */
	static int lastDigit(double u) {
		int e = (int) Math.floor(Math.log10(u));
		double lead = u / Math.pow(10, e); // 1 <= lead < 10
		// PDG: 100-354 -> two digits, 355-949 -> one digit, 950-999 -> rounds up to 1000 (two digits)
		int three = (int) Math.floor(lead * 100);
		if (three >= 355 && three < 950) return e;
		return three >= 950 ? e : e - 1;
	}

	static String format(double v, double u) {
		if (!Double.isFinite(v)) return "n/a";
		if (!(u > 0) || !Double.isFinite(u)) return String.format(Locale.ROOT, "%.3g", v);
		int d = lastDigit(u);
		BigDecimal vr = new BigDecimal(v).setScale(-d, RoundingMode.HALF_EVEN);
		BigDecimal ur = new BigDecimal(u).setScale(-d, RoundingMode.HALF_UP);
		if (ur.signum() == 0) ur = BigDecimal.ONE.scaleByPowerOfTen(d).setScale(Math.max(0, -d));
		return vr.toPlainString() + " \u00B1 " + ur.toPlainString();
	}
}
