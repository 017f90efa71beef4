package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.interphase.core.fit.FitResult;

/**
 * Does the template's set of states describe the spectrum? (issue 15) Two tests on a finished fit:
 * <ul>
 * <li>residual structure outside every state's window: the Poisson-normalised residuals (y − model)/√model,
 * summed over 1 eV and divided by √(points), exceed 3, and the unexplained counts there are at least 2 % of the
 * fitted area, at an energy farther than one FWHM from every line of every
 * state (each doublet line counts, its own width), the outer 1 eV at each end of the region excepted;</li>
 * <li>a state's position sits on the edge of its window (its centre or its chemical shift at a bound): the fit
 * pushed a state as far as it may, towards signal it cannot reach.</li>
 * </ul>
 * Either one gives a reason text; null when the states describe the spectrum.
 */
final class XpsModelCheck {
	private XpsModelCheck() {}

	/** Half width of the summing window, eV. */
	static final double SPAN = 0.5;
	static final double THRESHOLD = 3;
	/** Energy at each end of the region left out of the residual test, eV. */
	static final double EDGE = 1.0;
	/** Smallest unexplained area (share of the fitted area within 1 eV) that counts as signal outside the states. */
	static final double MIN_SHARE = 0.02;

	static String outsideStates(XpsFit.Setup s, FitResult f) {
		double[] x = f.x(), y = f.y(), env = f.envelope();
		int n = x.length;
		double[] r = new double[n];
		for (int i = 0; i < n; i++) r[i] = (y[i] - env[i]) / Math.sqrt(Math.max(env[i], 1));
		List<double[]> windows = new ArrayList<>();
		double total = 0;
		for (XpsTemplate.ComponentSpec c : s.specs) total += Math.max(0, f.area(c.name));
		for (XpsTemplate.ComponentSpec c : s.specs) {
			if (!(f.area(c.name) > 1e-3 * total)) continue; // an empty state explains nothing
			double ce = f.value(c.name + "_center"), w = Math.max(f.fwhm(c.name), 0.3);
			windows.add(new double[] {ce - w, ce + w});
			if (c.doublet) {
				double c2 = ce + f.value(c.name + "_split");
				String w2n = c.name + "_" + XpsTemplate.component(c).parameterNames().get(XpsTemplate.component(c).parameterNames().size() - 1);
				double w2 = Math.max(w, f.value(w2n));
				windows.add(new double[] {c2 - w2, c2 + w2});
			}
		}
		double worst = 0, at = Double.NaN;
		double lo = Math.min(x[0], x[n - 1]), hi = Math.max(x[0], x[n - 1]);
		for (int i = 0; i < n; i++) {
			// the outer EDGE eV of the region belong to no decision: there a neighbouring line's tail (TiO2's
			// charge-transfer satellite at 472 eV below a 470 eV window end) meets the background's end
			if (x[i] < lo + EDGE || x[i] > hi - EDGE) continue;
			boolean inside = false;
			for (double[] wd : windows) if (x[i] >= wd[0] && x[i] <= wd[1]) inside = true;
			if (inside) continue;
			double sum = 0, net = 0;
			int k = 0;
			for (int j = 0; j < n; j++) {
				if (Math.abs(x[j] - x[i]) > SPAN) continue;
				sum += r[j];
				net += (y[j] - env[j]) * Math.abs(x[n - 1] - x[0]) / Math.max(1, n - 1);
				k++;
			}
			double z = k > 0 ? sum / Math.sqrt(k) : 0;
			// and large enough to matter: at least MIN_SHARE of the fitted area in the 1 eV (a shape detail of a
			// high-count spectrum, e.g. TiO2's 2p3/2-2p1/2 valley at 4 sigma, is not a missing state)
			if (net < MIN_SHARE * total) continue;
			if (z > worst) {
				worst = z;
				at = x[i];
			}
		}
		List<String> why = new ArrayList<>();
		if (worst > THRESHOLD) why.add(String.format(Locale.ROOT,
			"residual signal %.1f sigma above the model at %.2f eV, outside every state's window", worst, at));
		for (String b : f.atBound()) {
			if (!(b.endsWith("_center") || b.endsWith("_shift"))) continue;
			// only a state that holds signal (5 % of the area) pushes towards something: an empty one sits anywhere
			double a = 0;
			for (XpsTemplate.ComponentSpec c : s.specs)
				if (b.startsWith(c.name + "_") || b.startsWith(c.state() + "_")) a += Math.max(0, f.area(c.name));
			if (a > 0.05 * total) why.add(b + " at the edge of its window (" + String.format(Locale.ROOT, "%.3f", f.value(b)) + ")");
		}
		return why.isEmpty() ? null : String.join("; ", why);
	}
}
