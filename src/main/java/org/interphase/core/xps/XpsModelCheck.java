package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.interphase.core.fit.FitResult;

/**
 * Does the template's set of states describe the spectrum? (issue 15) Two tests on a finished fit:
 * <ul>
 * <li>residual structure outside every state's window: the Poisson-normalised residuals (y − model)/√model,
 * summed over 1 eV and divided by √(points), exceed 3 at an energy farther than one FWHM from every line of every
 * state (each doublet line counts, its own width);</li>
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
		for (int i = 0; i < n; i++) {
			boolean inside = false;
			for (double[] wd : windows) if (x[i] >= wd[0] && x[i] <= wd[1]) inside = true;
			if (inside) continue;
			double sum = 0;
			int k = 0;
			for (int j = 0; j < n; j++) {
				if (Math.abs(x[j] - x[i]) > SPAN) continue;
				sum += r[j];
				k++;
			}
			double z = k > 0 ? sum / Math.sqrt(k) : 0;
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
