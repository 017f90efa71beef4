package org.interphase.core.eels;

import java.util.Arrays;

/**
 * Which end of a line scan the interface is at, and where: stated ({@code start}, {@code end}) or found
 * ({@code auto}). The Ti L signal decides when Ti is absent at one end of the scan (Li metal, electrolyte or
 * vacuum before the interface): the interface is where Ti rises to half its bulk level. When Ti is present along
 * the whole scan (the scan begins or ends at the interface) the valence profile decides: reduction by Li leaves
 * Ti3+ at the interface, so the interface is at the end whose Ti3+ fraction is clearly higher; it is then placed
 * at that end's first position. {@link #how} says in words how it was decided (a row of the results).
 */
public final class InterfaceSide {
	public enum Mode { AUTO, START, END }

	/** True when the interface is at the end of the scan (distances grow towards the start). */
	public final boolean atEnd;
	/** Interface position along the scan axis and its standard deviation. */
	public final double position, sd;
	/** How the side and position were decided. */
	public final String how;
	/** {@code interface-at-scan-start}, {@code interface-at-scan-end}, {@code no-interface-found},
	 * {@code interface-side-undecided} or empty. */
	public final String flag;

	private InterfaceSide(boolean atEnd, double position, double sd, String how, String flag) {
		this.atEnd = atEnd;
		this.position = position;
		this.sd = sd;
		this.how = how;
		this.flag = flag;
	}

	/**
	 * @param x positions along the scan (ascending)
	 * @param ti integrated Ti L intensity and its sd per position
	 * @param f Ti3+ fraction and its sd per position (NaN where no Ti)
	 */
	public static InterfaceSide locate(double[] x, double[] ti, double[] tiSd, double[] f, double[] fSd, Mode mode) {
		int n = x.length;
		double step = n > 1 ? Math.abs(x[n - 1] - x[0]) / (n - 1) : 1;
		double[] sorted = ti.clone();
		Arrays.sort(sorted);
		double plateau = sorted[n / 2 + (n - n / 2) / 2];
		int head = 0, tail = 0;
		if (plateau > 0) {
			while (head < n && ti[head] < 0.5 * plateau) head++;
			while (tail < n && ti[n - 1 - tail] < 0.5 * plateau) tail++;
		}
		boolean tiAtStart = head >= 2 && head < n, tiAtEnd = tail >= 2 && tail < n;
		double valence = valenceSide(f, fSd);
		boolean end;
		String how;
		String flag = "";
		if (mode == Mode.START || mode == Mode.END) {
			end = mode == Mode.END;
			how = "stated: the interface is at the " + (end ? "end" : "start") + " of the scan";
		}
		else if (tiAtStart != tiAtEnd) {
			end = tiAtEnd;
			how = "Ti L signal absent over the first " + (end ? tail : head) + " positions at the " + (end ? "end" :
				"start") + " of the scan, rising behind the interface";
		}
		else if (!Double.isNaN(valence)) {
			end = valence > 0;
			how = "Ti present " + (tiAtStart ? "only in the middle of" : "along the whole") + " scan; Ti3+ fraction " +
				"clearly higher at the " + (end ? "end" : "start") + ", taken as the interface side";
		}
		else {
			end = false;
			how = "Ti present along the scan and no clear Ti3+ gradient: the interface is assumed at the start";
			flag = "interface-side-undecided";
		}
		// position: the Ti rise when Ti is absent on that side, else the end position
		boolean rises = end ? tail >= 1 && tail < n : head >= 1 && head < n;
		if (rises) {
			double[] xs = new double[n], t = new double[n], ts = new double[n];
			for (int i = 0; i < n; i++) {
				int j = end ? n - 1 - i : i;
				xs[i] = end ? -x[j] : x[j];
				t[i] = ti[j];
				ts[i] = tiSd[j];
			}
			double[] r = ValenceProfile.interface50(xs, t, ts);
			if (!Double.isNaN(r[0])) {
				double pos = end ? -r[0] : r[0];
				return new InterfaceSide(end, pos, r[1], how, flag);
			}
		}
		double pos = end ? x[n - 1] : x[0];
		if (flag.isEmpty()) flag = end ? "interface-at-scan-end" : "interface-at-scan-start";
		return new InterfaceSide(end, pos, step / Math.sqrt(12), how + "; Ti present from the " + (end ? "last" :
			"first") + " position, the interface placed there", flag);
	}

	/**
	 * +1 when the Ti3+ fraction is clearly higher over the last fifth of the Ti positions than over the first,
	 * -1 for the reverse, NaN when the difference is below max(0.1, 3 standard errors).
	 */
	static double valenceSide(double[] f, double[] sd) {
		int m = 0;
		for (double v : f) if (!Double.isNaN(v)) m++;
		if (m < 4) return Double.NaN;
		double[] v = new double[m];
		int j = 0;
		for (double q : f) if (!Double.isNaN(q)) v[j++] = q;
		int q = Math.max(2, m / 5);
		double a = 0, b = 0, a2 = 0, b2 = 0;
		for (int i = 0; i < q; i++) {
			a += v[i];
			a2 += v[i] * v[i];
			b += v[m - 1 - i];
			b2 += v[m - 1 - i] * v[m - 1 - i];
		}
		a /= q;
		b /= q;
		double va = Math.max(0, a2 / q - a * a), vb = Math.max(0, b2 / q - b * b);
		double se = Math.sqrt((va + vb) / Math.max(1, q - 1));
		double d = b - a;
		if (Math.abs(d) < Math.max(0.1, 3 * se)) return Double.NaN;
		return Math.signum(d);
	}
}
