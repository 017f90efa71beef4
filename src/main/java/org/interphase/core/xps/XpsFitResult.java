package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.FitValues;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.Parameter;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Shape;

/**
 * One fitted XPS region: the engine's {@link FitResult} plus one {@link State} per chemical state (position
 * and FWHM of its main line, area, fraction with covariance and Monte-Carlo standard deviations) and the
 * signal-to-noise ratio.
 */
public final class XpsFitResult {
	/** A chemical state's numbers. */
	public static final class State {
		public final String name;
		/** Main-line (e.g. 2p3/2) binding energy and its standard deviation, eV. */
		public final double position, positionSd;
		public final double fwhm, fwhmSd;
		/** Total area of the state's components (both doublet lines, satellites included), counts x eV. */
		public final double area, areaSd;
		public final double fraction;
		public final double fractionSdCovariance;
		/** NaN when no Monte-Carlo was run. */
		public final double fractionSdMonteCarlo;
		public final boolean atBound;
		/**
		 * True when the state's area is zero (on its bound, or below 1e-4 of the total): its fraction is 0, its
		 * position and width are not measured (their σ NaN) and {@link #fractionUpperLimit} says how much could hide.
		 */
		public final boolean absent;
		/** One-sided 95 % upper limit of an absent state's fraction (1.645 σ of the covariance); NaN otherwise. */
		public final double fractionUpperLimit;
		/** Names of this state's own parameters (its components' and its {@code <state>_*} extras) on a bound. */
		public final List<String> boundParameters;

		State(String name, double position, double positionSd, double fwhm, double fwhmSd, double area, double areaSd,
			double fraction, double fracCov, double fracMc, boolean atBound)
		{
			this(name, position, positionSd, fwhm, fwhmSd, area, areaSd, fraction, fracCov, fracMc, atBound, false,
				Double.NaN, List.of());
		}

		State(String name, double position, double positionSd, double fwhm, double fwhmSd, double area, double areaSd,
			double fraction, double fracCov, double fracMc, boolean atBound, boolean absent, double upper,
			List<String> boundParameters)
		{
			this.absent = absent;
			this.fractionUpperLimit = upper;
			this.boundParameters = boundParameters;
			this.name = name;
			this.position = position;
			this.positionSd = positionSd;
			this.fwhm = fwhm;
			this.fwhmSd = fwhmSd;
			this.area = area;
			this.areaSd = areaSd;
			this.fraction = fraction;
			this.fractionSdCovariance = fracCov;
			this.fractionSdMonteCarlo = fracMc;
			this.atBound = atBound;
		}

		/** The uncertainty a fraction row carries: Monte-Carlo when it was run, else the covariance. */
		public double fractionSd() {
			return Double.isNaN(fractionSdMonteCarlo) ? fractionSdCovariance : fractionSdMonteCarlo;
		}
	}

	/**
	 * One fitted component (a row of the component table a CasaXPS user expects): main-line position, FWHM, area
	 * (both doublet lines), share of the total area in percent, each with its standard deviation, and the
	 * constraints it was fitted under.
	 */
	public static final class ComponentRow {
		public final String name, state, shape;
		public final boolean doublet;
		public final double position, positionSd, fwhm, fwhmSd, area, areaSd;
		/** Share of the summed area of all components, percent; its sd is Monte-Carlo when run, else covariance. */
		public final double areaPercent, areaPercentSd;
		/** Constraints as text: "free in [a, b]", "fixed 0.5", "= Ti4+_center - Ti3+_shift (Ti3+_shift 1.250 in [0.8, 1.6])". */
		public final String positionConstraint, fwhmConstraint, areaConstraint, otherConstraints;
		public final boolean atBound;

		ComponentRow(String name, String state, String shape, boolean doublet, double position, double positionSd,
			double fwhm, double fwhmSd, double area, double areaSd, double areaPercent, double areaPercentSd,
			String positionConstraint, String fwhmConstraint, String areaConstraint, String otherConstraints,
			boolean atBound)
		{
			this.name = name;
			this.state = state;
			this.shape = shape;
			this.doublet = doublet;
			this.position = position;
			this.positionSd = positionSd;
			this.fwhm = fwhm;
			this.fwhmSd = fwhmSd;
			this.area = area;
			this.areaSd = areaSd;
			this.areaPercent = areaPercent;
			this.areaPercentSd = areaPercentSd;
			this.positionConstraint = positionConstraint;
			this.fwhmConstraint = fwhmConstraint;
			this.areaConstraint = areaConstraint;
			this.otherConstraints = otherConstraints;
			this.atBound = atBound;
		}
	}

	public final FitResult fit;
	public final List<State> states;
	private volatile List<ComponentRow> components;
	/** Monte-Carlo sds of the state fractions then the component shares (XpsFit.sharesFunction), or null. */
	private final double[] sharesMc;
	public final double snr;
	public final boolean lowSnr;
	public final int monteCarloConverged;
	/** Why the states do not describe the spectrum (signal-outside-states), or null. */
	public final String outsideStates;
	final XpsFit.Setup setup;

	XpsFitResult(XpsFit.Setup s, FitResult f, double[] frac, double[] fracCov, double[] fracMc, int mcOk,
		double snrThreshold)
	{
		this.setup = s;
		this.fit = f;
		this.monteCarloConverged = mcOk;
		List<State> st = new ArrayList<>();
		double totalArea = 0;
		for (XpsTemplate.ComponentSpec c : s.specs) totalArea += Math.max(0, f.area(c.name));
		for (int i = 0; i < s.states.size(); i++) {
			String state = s.states.get(i);
			XpsTemplate.ComponentSpec main = null;
			for (XpsTemplate.ComponentSpec c : s.specs)
				if (c.state().equals(state) && (main == null || c.name.equals(state))) main = c;
			double area = 0, areaVar = 0;
			boolean bound = false, areaAtZero = true;
			List<String> boundNames = new ArrayList<>();
			for (XpsTemplate.ComponentSpec c : s.specs) {
				if (!c.state().equals(state)) continue;
				area += f.area(c.name);
				double sd = f.stderr(c.name + "_area");
				double ratio = c.doublet ? f.value(c.name + "_ratio") : 0;
				areaVar += sd * sd * (1 + ratio) * (1 + ratio);
				if (!f.atBound().contains(c.name + "_area")) areaAtZero = false;
				for (String b : f.atBound()) if (b.startsWith(c.name + "_") && !boundNames.contains(b)) boundNames.add(b);
			}
			// a state's own extras (Ti3+_shift, Ti3+_broadening) belong to its row too
			for (String b : f.atBound()) if (b.startsWith(state + "_") && !boundNames.contains(b)) boundNames.add(b);
			bound = !boundNames.isEmpty();
			boolean absent = areaAtZero || !(area > 1e-4 * totalArea);
			String w = "fwhm";
			double fw = f.fwhm(main.name);
			double fwSd = s.params.has(main.name + "_" + w) ? f.stderr(main.name + "_" + w) : Double.NaN;
			double posSd = f.stderr(main.name + "_center");
			double fr = frac[i], upper = Double.NaN;
			if (absent) {
				// nothing measured: no position or width uncertainty (the covariance of an empty line is meaningless)
				posSd = Double.NaN;
				fwSd = Double.NaN;
				fr = 0;
				upper = 1.645 * (Double.isFinite(fracCov[i]) ? fracCov[i] : 0);
			}
			st.add(new State(state, f.value(main.name + "_center"), posSd, fw, fwSd, area, Math.sqrt(areaVar), fr,
				fracCov[i], fracMc == null ? Double.NaN : fracMc[i], bound, absent, upper,
				Collections.unmodifiableList(boundNames)));
		}
		states = Collections.unmodifiableList(st);
		this.sharesMc = fracMc;
		double[] env = f.envelope(), bg = f.background();
		double best = 0;
		for (int i = 0; i < env.length; i++) {
			double net = env[i] - bg[i];
			double noise = Math.sqrt(Math.max(env[i], 1));
			best = Math.max(best, net / noise);
		}
		snr = best;
		lowSnr = best < snrThreshold;
		outsideStates = XpsModelCheck.outsideStates(s, f);
	}

	/**
	 * Every active component of the template, in template order (built on first use: the constraint texts are
	 * not worth their cost in map pixels and benchmarks, which never ask for them).
	 */
	public List<ComponentRow> components() {
		List<ComponentRow> c = components;
		if (c == null) components = c = buildComponents();
		return c;
	}

	private List<ComponentRow> buildComponents() {
		List<ComponentRow> cr = new ArrayList<>();
		int ns = setup.states.size();
		FitResult f = fit;
		// component shares by covariance propagation, computed here rather than for every fit (map pixels)
		FitValues.Derived sharesFn = XpsFit.sharesFunction(setup);
		double[] shares = sharesFn.apply(f), sharesCov = f.propagate(sharesFn);
		for (int c = 0; c < setup.specs.size(); c++) {
			XpsTemplate.ComponentSpec spec = setup.specs.get(c);
			String pre = spec.name + "_";
			Shape shape = Shape.parse(spec.shape);
			String width = pre + shape.widthParam();
			double ratio = spec.doublet ? f.value(pre + "ratio") : 0;
			double pc = 100 * shares[ns + c];
			double pcSd = 100 * (sharesMc != null ? sharesMc[ns + c] : sharesCov[ns + c]);
			boolean bound = false;
			for (String b : f.atBound()) if (b.startsWith(pre)) bound = true;
			List<String> other = new ArrayList<>();
			for (String q : XpsTemplate.component(spec).parameterNames()) {
				if (q.equals("area") || q.equals("center") || (pre + q).equals(width)) continue;
				other.add(q + " " + constraint(setup.params, f, pre + q));
			}
			cr.add(new ComponentRow(spec.name, spec.state(), shape.name(), spec.doublet, f.value(pre + "center"),
				f.stderr(pre + "center"), f.fwhm(spec.name), setup.params.has(width) ? f.stderr(width) : Double.NaN,
				f.area(spec.name), f.stderr(pre + "area") * (1 + ratio), pc, pcSd, constraint(setup.params, f, pre + "center"),
				setup.params.has(width) ? constraint(setup.params, f, width) : "", constraint(setup.params, f, pre + "area"),
				String.join("; ", other), bound));
		}
		return Collections.unmodifiableList(cr);
	}

	/**
	 * A parameter's constraint as a CasaXPS user reads it: free (with its bounds), fixed, or linked (the link
	 * and the fitted value and window of a parameter it is offset by).
	 */
	static String constraint(Parameters template, FitResult f, String name) {
		if (!template.has(name)) return "";
		Parameter q = template.get(name);
		if (q.link != null) {
			String t = "= " + q.link;
			if (q.link.by != null && template.has(q.link.by)) {
				Parameter b = template.get(q.link.by);
				t += " (" + b.name + " " + num(f.value(b.name)) + (b.isFree() ? bounds(b) : " fixed") + ")";
			}
			return t;
		}
		if (!q.vary) return "fixed " + num(q.value);
		return "free" + bounds(q);
	}

	private static String bounds(Parameter q) {
		boolean lo = q.min > Double.NEGATIVE_INFINITY, hi = q.max < Double.POSITIVE_INFINITY;
		if (lo && hi) return " in [" + num(q.min) + ", " + num(q.max) + "]";
		if (lo) return " >= " + num(q.min);
		if (hi) return " <= " + num(q.max);
		return "";
	}

	private static String num(double v) {
		return String.format(java.util.Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
	}

	/** A component's row by name. */
	public ComponentRow component(String name) {
		for (ComponentRow c : components()) if (c.name.equals(name)) return c;
		throw new IllegalArgumentException("no component " + name);
	}

	public State state(String name) {
		for (State s : states) if (s.name.equals(name)) return s;
		throw new IllegalArgumentException("no state " + name);
	}

	public Model model() {
		return setup.model;
	}

	/** Best parameters (the template's parameters with fitted values). */
	public Parameters parameters() {
		return fit.parameters(setup.params);
	}

	public String backgroundKey() {
		return setup.bg.key();
	}
}
