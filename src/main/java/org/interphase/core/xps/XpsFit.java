package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import org.interphase.core.fit.Backgrounds;
import org.interphase.core.fit.Component;
import org.interphase.core.fit.FitOptions;
import org.interphase.core.fit.FitResult;
import org.interphase.core.fit.FitValues;
import org.interphase.core.fit.Fitter;
import org.interphase.core.fit.Model;
import org.interphase.core.fit.MonteCarlo;
import org.interphase.core.fit.Parameter;
import org.interphase.core.fit.Parameters;
import org.interphase.core.fit.Polynomial;
import org.interphase.core.fit.ShirleyActive;
import org.interphase.core.fit.TougaardActive;
import org.interphase.core.param.Setting;

/**
 * Fits one XPS region with a {@link XpsTemplate}: crops the window, builds the background (subtracted first
 * or active inside the model), scales the starting areas to the data, fits with Poisson weights and derives
 * chemical-state fractions with covariance and (optionally) Monte-Carlo uncertainties. The binding-energy
 * axis must already be charge corrected.
 */
public final class XpsFit {
	private XpsFit() {}

	public enum Background {
		SHIRLEY, SHIRLEY_ACTIVE, TOUGAARD, TOUGAARD_ACTIVE, LINEAR, POLYNOMIAL;

		public static Background parse(String s) {
			try {
				return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
			}
			catch (IllegalArgumentException e) {
				List<String> known = new ArrayList<>();
				for (Background b : values()) known.add(b.key());
				throw new IllegalArgumentException("unknown background '" + s + "' (" + String.join(", ", known) + ")");
			}
		}

		public String key() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		public boolean active() {
			return this == SHIRLEY_ACTIVE || this == TOUGAARD_ACTIVE || this == POLYNOMIAL;
		}
	}

	/** Fit settings (fluent). */
	public static final class Options {
		// the user-facing settings, declared once: dialog, command line, docs and the defaults below come from here
		/** "template" = the template's own background (null below). */
		public static final Setting BACKGROUND = Setting.choice("background", "template", "background (template = " +
			"the template's own)", Background.class, "template");
		public static final Setting OPTIONAL_STATES = Setting.flag("optional-states", "include the template's optional " +
			"states (e.g. Ti2+)");
		public static final Setting END_POINTS = Setting.integer("end-points", 5, "", "points averaged at each end for " +
			"background end points").range(1, 100000);
		public static final Setting SEED = Setting.integer("seed", 1, "", "seed of the Monte-Carlo noise");

		Background background;
		boolean withOptional = Boolean.parseBoolean(OPTIONAL_STATES.defaultText);
		int endPoints = END_POINTS.integer();
		int mcSamples;
		long seed = SEED.integer();
		int threads = 1;
		double[] window;
		double tougaardC = 1643;
		int polynomialDegree = 2;
		double snrThreshold = 10;
		boolean robust;
		/** Start of the first component's centre instead of the template's (NaN: the template's), no extra starts. */
		double referenceStart = Double.NaN;
		/** Evaluation budget of each least-squares fit (0: the engine's default). */
		int maxEvaluations;

		public Options() {}

		/** A copy of every setting of {@code o} (OptionsCopyTest checks that none is forgotten). */
		public Options(Options o) {
			background = o.background;
			withOptional = o.withOptional;
			endPoints = o.endPoints;
			mcSamples = o.mcSamples;
			seed = o.seed;
			threads = o.threads;
			window = o.window == null ? null : o.window.clone();
			tougaardC = o.tougaardC;
			polynomialDegree = o.polynomialDegree;
			snrThreshold = o.snrThreshold;
			robust = o.robust;
			referenceStart = o.referenceStart;
			maxEvaluations = o.maxEvaluations;
		}

		public Options copy() {
			return new Options(this);
		}

		/**
		 * The template's full model: every start of {@code centerStarts}, then the stage-2 parameters (width
		 * broadenings, Lorentzian mix) released. Off: one fit with the stage-2 parameters held at their template
		 * values (the fast fit of maps and of {@code bench}).
		 */
		public Options robust(boolean r) {
			robust = r;
			return this;
		}

		public Options background(Background b) {
			background = b;
			return this;
		}

		public Options withOptional(boolean w) {
			withOptional = w;
			return this;
		}

		/** Points averaged at each end for end points (Shirley, linear, Tougaard). */
		public Options endPoints(int n) {
			endPoints = Math.max(1, n);
			return this;
		}

		public Options monteCarlo(int samples, long seed) {
			mcSamples = Math.max(0, samples);
			this.seed = seed;
			return this;
		}

		public Options threads(int t) {
			threads = Math.max(1, t);
			return this;
		}

		/** Binding-energy window [low, high] instead of the template's. */
		public Options window(double lo, double hi) {
			window = new double[] {Math.min(lo, hi), Math.max(lo, hi)};
			return this;
		}

		public Options polynomialDegree(int d) {
			polynomialDegree = d;
			return this;
		}
	}

	/** The model, its parameters and the cropped data of one region, ready to fit (shared with maps). */
	static final class Setup {
		final double[] x, y;
		final Model model;
		final Parameters params;
		final FitOptions fitOptions;
		final UnaryOperator<double[]> background;
		final List<XpsTemplate.ComponentSpec> specs;
		final List<String> states;
		final Background bg;
		/** Parameters released only in a second fit (template stage 2); empty for one fit. */
		List<String> later = List.of();
		/** Extra starts of the reference centre (eV offsets) for the first stage, and that parameter's name. */
		double[] centerStarts = new double[0];
		String reference;

		Setup(double[] x, double[] y, Model model, Parameters params, FitOptions fo, UnaryOperator<double[]> background,
			List<XpsTemplate.ComponentSpec> specs, List<String> states, Background bg)
		{
			this.x = x;
			this.y = y;
			this.model = model;
			this.params = params;
			this.fitOptions = fo;
			this.background = background;
			this.specs = specs;
			this.states = states;
			this.bg = bg;
		}
	}

	/** The data inside the fitted window and the energy range it covers. */
	private static final class Cropped {
		final double[] x, y;
		/** The window cut to the data (eV). */
		final double xmin, xmax;

		Cropped(double[] x, double[] y, double xmin, double xmax) {
			this.x = x;
			this.y = y;
			this.xmin = xmin;
			this.xmax = xmax;
		}
	}

	/** Where the fit starts from: the mean counts at the low and high binding-energy ends, the net peak area. */
	private static final class StartLevels {
		final double yl, yh, net;

		StartLevels(double yl, double yh, double net) {
			this.yl = yl;
			this.yh = yh;
			this.net = net;
		}
	}

	static Setup setup(double[] be, double[] counts, XpsTemplate t, Options o) {
		checkFinite(be, counts);
		Cropped d = cropToWindow(be, counts, t, o);
		double[] x = d.x, y = d.y;
		List<XpsTemplate.ComponentSpec> specs = t.active(o.withOptional);
		Parameters p = t.parameters(o.withOptional, 0);
		checkComponentsInRange(specs, p, d.xmin, d.xmax);
		Background bg = o.background != null ? o.background : Background.parse(t.background);
		int na = o.endPoints;
		List<Component> comps = new ArrayList<>();
		for (XpsTemplate.ComponentSpec c : specs) comps.add(XpsTemplate.component(c));
		FitOptions fo = new FitOptions().normalEquations(true);
		if (o.maxEvaluations > 0) fo.maxEvaluations(o.maxEvaluations);
		StartLevels s = startLevels(x, y, na);
		UnaryOperator<double[]> bgf = addBackground(bg, d, s, na, o, comps, p);
		if (bgf != null) fo.baseline(bgf.apply(y));
		else if (bg != Background.POLYNOMIAL && Boolean.TRUE.equals(t.backgroundSlope)) {
			// a fitted slope under the active background (no intercept: the background's offset is that)
			comps.add(Polynomial.linear("bg_slope_", 0.5 * (d.xmin + d.xmax)));
			p.add("bg_slope_c0", 0).fixed();
			p.add("bg_slope_c1", (s.yh - s.yl) / (d.xmax - d.xmin) * 0);
		}
		scaleStartingAreas(specs, p, s.net);
		Setup setup = new Setup(x, y, new Model(comps), p, fo, bgf, specs, t.states(o.withOptional), bg);
		chooseStagesAndStarts(setup, t, o);
		return setup;
	}

	/** Refuses a spectrum with NaN or infinite values, or axes of different lengths. */
	private static void checkFinite(double[] be, double[] counts) {
		if (be.length != counts.length) throw new IllegalArgumentException("energy axis and counts differ in length");
		for (int i = 0; i < counts.length; i++)
			if (!Double.isFinite(counts[i]) || !Double.isFinite(be[i]))
				throw new IllegalArgumentException("spectrum has a non-finite value (NaN/infinite) at point " + i
					+ " (" + be[i] + " eV)");
	}

	/** The points inside the region's window (the options' or the template's); at least 15 of them. */
	private static Cropped cropToWindow(double[] be, double[] counts, XpsTemplate t, Options o) {
		double lo = o.window != null ? o.window[0] : t.window[0], hi = o.window != null ? o.window[1] : t.window[1];
		double dmin = Double.POSITIVE_INFINITY, dmax = Double.NEGATIVE_INFINITY;
		for (double e : be) {
			dmin = Math.min(dmin, e);
			dmax = Math.max(dmax, e);
		}
		List<Integer> keep = new ArrayList<>();
		for (int i = 0; i < be.length; i++) if (be[i] >= lo && be[i] <= hi) keep.add(i);
		if (keep.size() < 15) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"region %s (%.1f-%.1f eV) is not in the data: the spectrum covers %.1f-%.1f eV binding energy", t.name, lo,
			hi, dmin, dmax));
		double[] x = new double[keep.size()], y = new double[keep.size()];
		for (int k = 0; k < x.length; k++) {
			x[k] = be[keep.get(k)];
			y[k] = counts[keep.get(k)];
		}
		return new Cropped(x, y, Math.max(lo, dmin), Math.min(hi, dmax));
	}

	/** Refuses a template whose components (or their doublet partners) start outside the fitted data range. */
	private static void checkComponentsInRange(List<XpsTemplate.ComponentSpec> specs, Parameters p, double xmin,
		double xmax)
	{
		for (XpsTemplate.ComponentSpec c : specs) {
			double ce = p.value(c.name + "_center");
			if (c.doublet) {
				double ce2 = ce + p.value(c.name + "_split");
				if (ce2 < xmin || ce2 > xmax) throw new IllegalArgumentException(String.format(Locale.ROOT,
					"template component %s: its second line at %.2f eV lies outside the fitted data range %.2f-%.2f eV",
					c.name, ce2, xmin, xmax));
			}
			if (ce < xmin || ce > xmax) throw new IllegalArgumentException(String.format(Locale.ROOT,
				"template component %s at %.2f eV lies outside the fitted data range %.2f-%.2f eV", c.name, ce, xmin, xmax));
		}
	}

	/** The end levels and the net peak area above a quick Shirley background (only for the starting values). */
	private static StartLevels startLevels(double[] x, double[] y, int na) {
		double[] initBg = Backgrounds.shirley(x, y, na, true, 8, 1e-3); // only for the starting areas
		double yl = endMean(x, y, na, true), yh = endMean(x, y, na, false);
		double net = 0;
		for (int i = 1; i < x.length; i++)
			net += 0.5 * ((y[i] - initBg[i]) + (y[i - 1] - initBg[i - 1])) * Math.abs(x[i] - x[i - 1]);
		// fallback when the Shirley estimate is not positive (e.g. a strong foreign peak at one end): a quarter
		// of the area above the minimum, so the areas do not start at their zero bound
		double ymin = Double.POSITIVE_INFINITY, above = 0;
		for (double v : y) ymin = Math.min(ymin, v);
		for (int i = 1; i < x.length; i++) above += 0.5 * (y[i] + y[i - 1] - 2 * ymin) * Math.abs(x[i] - x[i - 1]);
		net = Math.max(net, Math.max(0.25 * above, 1e-9));
		return new StartLevels(yl, yh, net);
	}

	/** The background: a fixed one is returned as a function of the counts (subtracted before the fit); an active
	 * or polynomial one is added to the model's components and parameters (and null returned). */
	private static UnaryOperator<double[]> addBackground(Background bg, Cropped d, StartLevels s, int na, Options o,
		List<Component> comps, Parameters p)
	{
		double[] x = d.x;
		double xmin = d.xmin, xmax = d.xmax, yl = s.yl, yh = s.yh;
		switch (bg) {
			case SHIRLEY:
				return yy -> Backgrounds.shirley(x, yy, na, true, 50, 1e-6);
			case LINEAR:
				return yy -> Backgrounds.linear(x, yy, na);
			case TOUGAARD:
				return yy -> Backgrounds.tougaard(x, yy, na, true, o.tougaardC);
			case SHIRLEY_ACTIVE:
				comps.add(new ShirleyActive("bg_", true));
				p.add("bg_offset", yl);
				p.add("bg_k", Math.max(yh - yl, 0) / s.net).bounds(0, Double.POSITIVE_INFINITY);
				return null;
			case TOUGAARD_ACTIVE: {
				comps.add(new TougaardActive("bg_", o.tougaardC, true));
				p.add("bg_offset", yl);
				p.add("bg_scale", 1000).bounds(0, Double.POSITIVE_INFINITY);
				return null;
			}
			case POLYNOMIAL: {
				double x0 = 0.5 * (xmin + xmax);
				Polynomial poly = new Polynomial("bg_", o.polynomialDegree, x0);
				comps.add(poly);
				p.add("bg_c0", 0.5 * (yl + yh));
				if (o.polynomialDegree >= 1) p.add("bg_c1", (yh - yl) / (xmax - xmin));
				for (int k = 2; k <= o.polynomialDegree; k++) p.add("bg_c" + k, 0);
				return null;
			}
			default: throw new IllegalStateException();
		}
	}

	/** Starting areas: the template's shares scaled to the net area (linked areas follow their links). */
	private static void scaleStartingAreas(List<XpsTemplate.ComponentSpec> specs, Parameters p, double net) {
		double shares = 0;
		for (XpsTemplate.ComponentSpec c : specs) {
			Parameter a = p.get(c.name + "_area");
			double ratio = c.doublet ? p.value(c.name + "_ratio") : 0;
			shares += Math.max(a.value, 0) * (1 + ratio);
		}
		for (XpsTemplate.ComponentSpec c : specs) {
			Parameter a = p.get(c.name + "_area");
			if (a.link != null) continue;
			a.value = Math.max(a.value, 1e-3) / Math.max(shares, 1e-12) * net;
		}
		p.resolveLinks();
	}

	/** The robust fit's second stage (or, for the fast fit, its parameters held), the reference centre's extra
	 * starts, and a caller's start for that centre. */
	private static void chooseStagesAndStarts(Setup setup, XpsTemplate t, Options o) {
		Parameters p = setup.params;
		List<XpsTemplate.ComponentSpec> specs = setup.specs;
		setup.later = t.laterParameters(o.withOptional);
		if (!o.robust) {
			// the fast fit: stage-2 parameters held at their template values, and the rows say so ("fixed")
			for (String n : setup.later) if (p.has(n)) p.get(n).vary = false;
			setup.later = List.of();
		}
		if (t.centerStarts != null) setup.centerStarts = t.centerStarts.clone();
		setup.reference = specs.get(0).name + "_center";
		if (Double.isFinite(o.referenceStart) && p.has(setup.reference) && p.get(setup.reference).isFree()) {
			Parameter q = p.get(setup.reference);
			q.value = Math.min(Math.max(o.referenceStart, q.min), q.max);
			p.resolveLinks();
			setup.centerStarts = new double[0];
		}
	}

	static double endMean(double[] x, double[] y, int n, boolean lowX) {
		int k = Math.max(1, Math.min(n, y.length));
		boolean asc = x[x.length - 1] >= x[0];
		boolean fromStart = asc == lowX;
		double s = 0;
		for (int i = 0; i < k; i++) s += y[fromStart ? i : y.length - 1 - i];
		return s / k;
	}

	/** Fits one region. */
	public static XpsFitResult fit(double[] be, double[] counts, XpsTemplate t, Options o) {
		Setup s = setup(be, counts, t, o);
		return fit(s, s.params, o);
	}

	static XpsFitResult fit(Setup s, Parameters start, Options o) {
		FitResult f = stagedFit(s, start, o.robust);
		FitValues.Derived fractions = fractionFunction(s);
		double[] frac = fractions.apply(f);
		double[] fracCov = f.propagate(fractions);
		double[] mcSd = null;
		int mcOk = 0;
		if (o.mcSamples > 1 && f.converged()) {
			// state fractions, then each component's share of the total area: the same refits give both
			MonteCarlo.Result mc = MonteCarlo.run(s.model, f.parameters(start), f, s.fitOptions, s.background,
				sharesFunction(s), o.mcSamples, o.seed, o.threads);
			mcSd = mc.sd;
			mcOk = mc.nConverged;
		}
		return new XpsFitResult(s, f, frac, fracCov, mcSd, mcOk, o.snrThreshold);
	}

	/**
	 * The fit, in two stages when the template holds some parameters back (stage 2): first with those fixed at
	 * their starting values, then everything free from that solution. The second stage's result is kept unless
	 * it did not converge and the first did.
	 */
	static FitResult stagedFit(Setup s, Parameters start, boolean robust) {
		List<String> later = new ArrayList<>();
		for (String n : s.later) if (start.has(n) && start.get(n).isFree()) later.add(n);
		Parameters first = start.copy();
		for (String n : later) first.get(n).vary = false;
		FitResult f1 = Fitter.fit(s.model, first, s.x, s.y, s.fitOptions);
		if (!robust) return f1;
		Parameter ref = s.reference != null && first.has(s.reference) ? first.get(s.reference) : null;
		if (ref != null && ref.isFree()) {
			double c0 = ref.value;
			for (double d : s.centerStarts) {
				Parameters alt = first.copy();
				Parameter q = alt.get(s.reference);
				q.value = Math.min(Math.max(c0 + d, q.min), q.max);
				alt.resolveLinks();
				FitResult fa = Fitter.fit(s.model, alt, s.x, s.y, s.fitOptions);
				if (fa.converged() && (!f1.converged() || fa.chiSquare() < f1.chiSquare())) f1 = fa;
			}
		}
		Parameters second = f1.parameters(start);
		for (Parameter q : second.all()) {
			// back inside the bounds (a value exactly on a bound stalls the transformed parameter)
			if (q.isFree() && q.min < q.max) q.value = Math.min(Math.max(q.value, q.min), q.max);
		}
		for (String n : later) {
			// a released parameter held on its bound (a broadening of 0) starts just inside it
			Parameter q = second.get(n);
			double span = q.max - q.min, eps = Double.isFinite(span) ? 0.05 * span : 0.05;
			if (q.value <= q.min) q.value = q.min + eps;
			if (q.value >= q.max) q.value = q.max - eps;
		}
		second.resolveLinks();
		if (later.isEmpty()) return f1;
		FitResult f2 = Fitter.fit(s.model, second, s.x, s.y, s.fitOptions);
		// a second start of the released parameters in the middle of their windows: a broadening released from 0
		// can stay in the minimum of the tied model
		Parameters mid = second.copy();
		for (String n : later) {
			Parameter q = mid.get(n);
			if (Double.isFinite(q.min) && Double.isFinite(q.max)) q.value = 0.5 * (q.min + q.max);
		}
		mid.resolveLinks();
		FitResult f3 = Fitter.fit(s.model, mid, s.x, s.y, s.fitOptions);
		if (f3.converged() && (!f2.converged() || f3.chiSquare() < f2.chiSquare())) f2 = f3;
		return f2.converged() || !f1.converged() ? f2 : f1;
	}

	/** State fractions (template order) followed by each active component's share of the total area. */
	static FitValues.Derived sharesFunction(Setup s) {
		FitValues.Derived states = fractionFunction(s);
		List<XpsTemplate.ComponentSpec> specs = s.specs;
		return v -> {
			double[] a = states.apply(v);
			double[] out = java.util.Arrays.copyOf(a, a.length + specs.size());
			double tot = 0;
			for (int c = 0; c < specs.size(); c++) {
				out[a.length + c] = v.area(specs.get(c).name);
				tot += out[a.length + c];
			}
			for (int c = 0; c < specs.size(); c++) out[a.length + c] = tot > 0 ? out[a.length + c] / tot : Double.NaN;
			return out;
		};
	}

	/** Fractions of each state: summed component areas over the element total. */
	static FitValues.Derived fractionFunction(Setup s) {
		List<String> states = s.states;
		List<XpsTemplate.ComponentSpec> specs = s.specs;
		return v -> {
			double[] a = new double[states.size()];
			double tot = 0;
			for (XpsTemplate.ComponentSpec c : specs) {
				double ar = v.area(c.name);
				a[states.indexOf(c.state())] += ar;
				tot += ar;
			}
			for (int i = 0; i < a.length; i++) a[i] = tot > 0 ? a[i] / tot : Double.NaN;
			return a;
		};
	}
}
