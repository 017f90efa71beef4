package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.fit.Shape;

/**
 * Model-ensemble fit of one region (issue 15): the same spectrum refitted under the plausible model variants,
 * weighted by Akaike's information criterion (AIC = χ² + 2k; BIC = χ² + k ln n with
 * {@code -Dinterphase.xps.bic=true}: on the stress set BIC handed the weight to tied widths at 10³ counts and
 * covered the truth in 23 % of the cases against 47 % with AIC), so that the fraction's uncertainty includes the choice of
 * model and not only the counting statistics.
 * <ul>
 * <li>line-shape family: the template's (GL product), GL sum, Voigt (Lorentzian part = lifetime, the
 * Coster–Kronig broadening of 2p1/2 acting on it; width differences between states acting on the Gaussian);</li>
 * <li>widths free within their windows (the widths-tied variants, every {@code *_broadening} held at 0, only with
 * {@code -Dinterphase.xps.tiedVariants=true}: they are nested in the free ones and biased the ensemble, see
 * {@link #TIED_VARIANTS});</li>
 * <li>from the best of those: the optional states switched on (when that best fit leaves signal outside its
 * states or has a reduced χ² above 1.5), and the Tougaard instead of the Shirley background.</li>
 * </ul>
 * Every variant is a robust fit ({@link XpsFit.Options#robust}) with at most 400 evaluations per least-squares
 * fit; a variant that does not converge gets no weight.
 * <ul>
 * </ul>
 * Weights w ∝ exp(−ΔIC / (2 max(1, χ²ᵣ))): the division by the best variant's reduced
 * χ² (a quasi-likelihood BIC) keeps a spectrum that no variant describes from handing all the weight to one of
 * them. The fraction is the weighted mean; {@code fractionSdModel} the weighted spread with a line-shape
 * systematic ({@link #LINE_SHAPE_WEIGHT} × the unweighted spread of the line families) in quadrature;
 * {@code fractionSdTotal} = √(σ_stat² + σ_model²). The states of the variant with the highest weight are
 * reported (positions, widths).
 */
public final class XpsEnsemble {
	private XpsEnsemble() {}

	static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));

	/** The outcome: every variant's fit, its BIC and weight, and the averaged fractions. */
	public static final class Result {
		public final List<String> variants;
		public final List<XpsFitResult> fits;
		public final double[] bic, weight;
		/** States of the union of variants, in template order (optional states included when a variant had them). */
		public final List<String> states;
		public final double[] fraction, fractionSdModel, fractionSdStat, fractionSdTotal;
		/** Index of the variant with the highest weight. */
		public final int best;

		Result(List<String> variants, List<XpsFitResult> fits, double[] bic, double[] weight, List<String> states,
			double[] fraction, double[] sdModel, double[] sdStat, int best)
		{
			this.variants = variants;
			this.fits = fits;
			this.bic = bic;
			this.weight = weight;
			this.states = states;
			this.fraction = fraction;
			this.fractionSdModel = sdModel;
			this.fractionSdStat = sdStat;
			this.fractionSdTotal = new double[fraction.length];
			for (int i = 0; i < fraction.length; i++) fractionSdTotal[i] = Math.hypot(sdStat[i], sdModel[i]);
			this.best = best;
		}

		public XpsFitResult bestFit() {
			return fits.get(best);
		}

		public String modelChoice() {
			return variants.get(best);
		}

		public int stateIndex(String name) {
			return states.indexOf(name);
		}

		/** "variant weight; ..." of the variants that carry at least 1 % of the weight. */
		public String weights() {
			StringBuilder s = new StringBuilder();
			for (int i = 0; i < variants.size(); i++) {
				if (weight[i] < 0.01) continue;
				if (s.length() > 0) s.append("; ");
				s.append(variants.get(i)).append(String.format(Locale.ROOT, " %.2f", weight[i]));
			}
			return s.toString();
		}
	}

	/**
	 * Fits every variant. {@code withOptional}: the optional-states variant (always tried when the template
	 * has optional states and the options do not already include them); {@code tougaard}: the background variant.
	 */
	public static Result fit(double[] be, double[] counts, XpsTemplate t, XpsFit.Options o) {
		List<String> names = new ArrayList<>();
		List<XpsFitResult> fits = new ArrayList<>();
		List<XpsTemplate> templates = new ArrayList<>();
		List<XpsFit.Options> options = new ArrayList<>();
		List<String> families = new ArrayList<>();
		String own = t.components.get(0).shape;
		families.add(Shape.parse(own).name());
		for (Shape s : new Shape[] {Shape.GL_SUM, Shape.VOIGT, Shape.GL_PRODUCT})
			if (!families.contains(s.name()) && convertible(t)) families.add(s.name());
		boolean hasBroadening = false;
		for (String k : t.extra.keySet()) if (k.endsWith("_broadening")) hasBroadening = true;
		double refStart = Double.NaN;
		String ref = t.components.get(0).name;
		for (String fam : families) {
			XpsTemplate tf = withFamily(t, Shape.valueOf(fam));
			for (boolean tied : hasBroadening && TIED_VARIANTS ? new boolean[] {false, true} : new boolean[] {false}) {
				XpsTemplate tv = tied ? tied(tf) : tf;
				String name = key(fam) + (hasBroadening ? (tied ? "/widths-tied" : "/widths-free") : "");
				// the first variant searches the reference centre (template starts); the others start where it ended
				XpsFit.Options vo = copy(o).robust(true);
				vo.referenceStart = refStart;
				add(names, fits, templates, options, name, be, counts, tv, vo);
				if (Double.isNaN(refStart) && !fits.isEmpty()) refStart = fits.get(0).fit.value(ref + "_center");
			}
		}
		int lineShapeVariants = fits.size();
		// no variant could be built on this data: the plain fit says why (clear error naming the problem)
		if (fits.isEmpty()) XpsFit.fit(be, counts, t, copy(o).robust(true));
		if (fits.isEmpty()) throw new IllegalArgumentException("no model variant of " + t.name + " could be fitted");
		int best = argmin(bic(fits));
		String bestName = names.get(best);
		double bestRef = fits.get(best).fit.value(ref + "_center");
		XpsTemplate bestT = templateOf(t, bestName);
		boolean hasOptional = false;
		for (XpsTemplate.ComponentSpec c : t.components) if (c.optional) hasOptional = true;
		// optional states are tried when the template's own states leave signal unexplained (XpsModelCheck) or
		// describe the spectrum poorly (reduced chi-square > 1.5): their metal line costs ~20 GL lines per point
		XpsFitResult bf = fits.get(best);
		boolean evidence = bf.outsideStates != null || bf.fit.reducedChiSquare() > 1.5;
		if (hasOptional && !o.withOptional && evidence)
			add(names, fits, templates, options, bestName + "/optional-states", be, counts, bestT, start(copy(o).robust(true).withOptional(true), bestRef));
		XpsFit.Background bg = o.background != null ? o.background : XpsFit.Background.parse(t.background);
		if (bg == XpsFit.Background.SHIRLEY_ACTIVE)
			add(names, fits, templates, options, bestName + "/tougaard", be, counts, bestT, start(copy(o).robust(true).background(XpsFit.Background.TOUGAARD_ACTIVE), bestRef));
		Result r = combine(names, fits, lineShapeVariants);
		if (o.mcSamples > 1) {
			// Monte Carlo only for the variant that carries the weight (the others' statistical σ by covariance)
			XpsFit.Options mo = options.get(r.best);
			mo.monteCarlo(o.mcSamples, o.seed).threads(o.threads);
			fits.set(r.best, XpsFit.fit(be, counts, templates.get(r.best), mo));
			r = combine(names, fits, lineShapeVariants);
		}
		return r;
	}

	static void add(List<String> names, List<XpsFitResult> fits, List<XpsTemplate> templates, List<XpsFit.Options> options,
		String name, double[] be, double[] counts, XpsTemplate t, XpsFit.Options o)
	{
		try {
			fits.add(XpsFit.fit(be, counts, t, o));
			names.add(name);
			templates.add(t);
			options.add(o);
		}
		catch (IllegalArgumentException e) {
			// a variant that cannot be built on this data (e.g. an optional state outside the range) is left out
		}
	}

	/** The template of a variant name "family/widths-..." (the first two parts). */
	static XpsTemplate templateOf(XpsTemplate t, String name) {
		String[] p = name.split("/");
		XpsTemplate v = withFamily(t, Shape.parse(p[0]));
		return p.length > 1 && p[1].equals("widths-tied") ? tied(v) : v;
	}

	static String key(String family) {
		return family.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	static XpsFit.Options start(XpsFit.Options o, double ref) {
		o.referenceStart = ref;
		return o;
	}

	static XpsFit.Options copy(XpsFit.Options o) {
		XpsFit.Options c = o.copy().monteCarlo(0, 1);
		// a variant that has not converged in 400 evaluations is not a plausible model of the spectrum
		if (c.maxEvaluations <= 0) c.maxEvaluations = 400;
		return c;
	}

	/** Information criterion of a variant: AIC = χ² + 2k (default), or BIC = χ² + k ln n. */
	public static double bic(XpsFitResult r) {
		int n = r.fit.nData(), k = r.fit.nFree();
		return r.fit.chiSquare() + (USE_BIC ? k * Math.log(n) : 2 * k);
	}

	static boolean USE_BIC = Boolean.getBoolean("interphase.xps.bic");

	/**
	 * Widths-tied variants (every broadening held at 0), off by default ({@code -Dinterphase.xps.tiedVariants=true}
	 * brings them back): tied widths are nested in the free ones (a broadening of 0 lies inside its window, so the
	 * free fit already covers them within its σ), and AIC's penalty for the one extra parameter handed them the
	 * weight whenever the broadening was not significant — on the stress set (Ti3+ 1.0–1.4× broader, as Biesinger
	 * 2010 reports for reduced states) the tied variants' Ti3+ was 0.05 too low on average and the ensemble's p90
	 * error 0.034 against 0.030 without them (10^4 counts, docs/xps.md).
	 */
	static boolean TIED_VARIANTS = Boolean.getBoolean("interphase.xps.tiedVariants");

	static double[] bic(List<XpsFitResult> fits) {
		double[] b = new double[fits.size()];
		for (int i = 0; i < b.length; i++) b[i] = fits.get(i).fit.converged() ? bic(fits.get(i)) : Double.POSITIVE_INFINITY;
		return b;
	}

	static int argmin(double[] v) {
		int k = 0;
		for (int i = 1; i < v.length; i++) if (v[i] < v[k]) k = i;
		return k;
	}

	/**
	 * Weight of the line-shape systematic: {@code fractionSdModel} adds LINE_SHAPE_WEIGHT × the unweighted SD of
	 * the line-family variants (GL product, GL sum, Voigt, each with free widths) in quadrature to the weighted
	 * spread. At high counts the information criterion hands (nearly) all weight to one family although none is
	 * the true line: on the stress set the weighted spread alone covered the truth in 71 / 65 / 49 % of the
	 * spectra at 10^3 / 10^4 / 10^5 counts; with this term 73 / 68 / 73 % (docs/xps.md). 0.3 is that measurement,
	 * not a physical constant.
	 */
	static final double LINE_SHAPE_WEIGHT = 0.3;

	static Result combine(List<String> names, List<XpsFitResult> fits) {
		return combine(names, fits, 0);
	}

	/** {@code lineShapeVariants}: the first n variants are the line families (same states, free widths). */
	static Result combine(List<String> names, List<XpsFitResult> fits, int lineShapeVariants) {
		double[] b = bic(fits);
		int best = argmin(b);
		double scale = Math.max(1, fits.get(best).fit.reducedChiSquare());
		double[] w = new double[b.length];
		double sw = 0;
		for (int i = 0; i < b.length; i++) {
			w[i] = Double.isFinite(b[i]) ? Math.exp(-(b[i] - b[best]) / (2 * scale)) : 0;
			sw += w[i];
		}
		for (int i = 0; i < w.length; i++) w[i] /= sw;
		List<String> states = new ArrayList<>();
		for (XpsFitResult f : fits) for (XpsFitResult.State s : f.states) if (!states.contains(s.name)) states.add(s.name);
		int ns = states.size();
		double[] mean = new double[ns], var = new double[ns], stat2 = new double[ns], statW = new double[ns];
		for (int i = 0; i < fits.size(); i++) {
			if (w[i] == 0) continue;
			double[] f = fractions(fits.get(i), states);
			for (int k = 0; k < ns; k++) mean[k] += w[i] * f[k];
		}
		for (int i = 0; i < fits.size(); i++) {
			if (w[i] == 0) continue;
			double[] f = fractions(fits.get(i), states), sd = sds(fits.get(i), states);
			for (int k = 0; k < ns; k++) {
				var[k] += w[i] * (f[k] - mean[k]) * (f[k] - mean[k]);
				// a variant whose covariance failed (NaN) gives no statistical σ: the others' stand for it
				if (Double.isFinite(sd[k])) {
					stat2[k] += w[i] * sd[k] * sd[k];
					statW[k] += w[i];
				}
			}
		}
		// line-shape systematic: unweighted SD over the converged family variants
		double[] famVar = new double[ns];
		int nf = 0;
		double[] fsum = new double[ns], fsq = new double[ns];
		for (int i = 0; i < Math.min(lineShapeVariants, fits.size()); i++) {
			if (!fits.get(i).fit.converged()) continue;
			double[] f = fractions(fits.get(i), states);
			nf++;
			for (int k = 0; k < ns; k++) {
				fsum[k] += f[k];
				fsq[k] += f[k] * f[k];
			}
		}
		if (nf > 1) for (int k = 0; k < ns; k++) famVar[k] = Math.max(0, fsq[k] / nf - (fsum[k] / nf) * (fsum[k] / nf));
		double[] sdm = new double[ns], sds = new double[ns];
		for (int k = 0; k < ns; k++) {
			sdm[k] = Math.sqrt(var[k] + LINE_SHAPE_WEIGHT * LINE_SHAPE_WEIGHT * famVar[k]);
			sds[k] = statW[k] > 0 ? Math.sqrt(stat2[k] / statW[k]) : Double.NaN;
		}
		return new Result(names, fits, b, w, states, mean, sdm, sds, best);
	}

	static double[] fractions(XpsFitResult r, List<String> states) {
		double[] f = new double[states.size()];
		for (XpsFitResult.State s : r.states) f[states.indexOf(s.name)] = s.fraction;
		return f;
	}

	static double[] sds(XpsFitResult r, List<String> states) {
		double[] f = new double[states.size()];
		for (XpsFitResult.State s : r.states) f[states.indexOf(s.name)] = s.fractionSd();
		return f;
	}

	/** Whether every non-metal component is a GL product/sum, pseudo-Voigt or Voigt line (families convertible). */
	static boolean convertible(XpsTemplate t) {
		for (XpsTemplate.ComponentSpec c : t.components) {
			Shape s = Shape.parse(c.shape);
			if (s == Shape.DONIACH_SUNJIC) continue;
			if (s != Shape.GL_PRODUCT && s != Shape.GL_SUM && s != Shape.PSEUDO_VOIGT) return false;
		}
		return true;
	}

	/** The template with every broadening difference held at 0 (the states share their widths). */
	static XpsTemplate tied(XpsTemplate t) {
		XpsTemplate.Builder c = t.toBuilder();
		for (Map.Entry<String, XpsTemplate.Setting> e : t.extra.entrySet()) {
			if (!e.getKey().endsWith("_broadening")) continue;
			c.extra(e.getKey(), e.getValue().toBuilder().value(0.0).vary(false).stage(null).build());
		}
		return c.build();
	}

	/**
	 * The template with its GL-product/GL-sum lines in another family. For the Voigt family: fwhm → sigma
	 * (Gaussian, /2.3548, links and broadenings likewise), mix → gamma (Lorentzian half width, free in
	 * [0.02, 0.8] eV, shared as the mix was), fwhm2 → gamma2 (the Coster–Kronig broadening is a lifetime, i.e.
	 * Lorentzian, width: half of the FWHM broadening adds to gamma).
	 */
	static XpsTemplate withFamily(XpsTemplate t, Shape family) {
		if (!convertible(t)) return t;
		List<XpsTemplate.ComponentSpec> cs = new ArrayList<>();
		for (XpsTemplate.ComponentSpec s : t.components) cs.add(withFamily(s, family));
		return t.toBuilder().components(cs).build();
	}

	/** One component in another line-shape family (see {@link #withFamily(XpsTemplate, Shape)}). */
	private static XpsTemplate.ComponentSpec withFamily(XpsTemplate.ComponentSpec s, Shape family) {
		Shape from = Shape.parse(s.shape);
		if (from == Shape.DONIACH_SUNJIC || from == family) return s;
		XpsTemplate.ComponentSpec.Builder c = s.toBuilder().shape(family.name());
		if (family != Shape.VOIGT) {
			if (!s.params.containsKey("fraction")) return c.build();
			// the mix takes the fraction's setting (at the end of the parameters, as it was moved there)
			return c.param("fraction", null).param("mix", s.params.get("fraction")).build();
		}
		Map<String, XpsTemplate.Setting> p = new LinkedHashMap<>();
		for (Map.Entry<String, XpsTemplate.Setting> e : s.params.entrySet()) {
			String k = e.getKey();
			XpsTemplate.Setting v = e.getValue();
			switch (k) {
				case "fwhm": p.put("sigma", scaled(v, 0.85 / FWHM_PER_SIGMA, "_fwhm", "_sigma", 1 / FWHM_PER_SIGMA)); break;
				case "mix": case "fraction": p.put("gamma", gamma(v)); break;
				case "fwhm2": p.put("gamma2", scaled(v, 0.5, "_fwhm", "_gamma", 0.5)); break;
				default: p.put(k, v);
			}
		}
		return c.params(p).build();
	}

	/** The Lorentzian half width of a Voigt line in place of a GL mix: shared as the mix was, else free. */
	private static XpsTemplate.Setting gamma(XpsTemplate.Setting mix) {
		if (mix.link != null) return XpsTemplate.Setting.builder().link(XpsTemplate.LinkSpec.builder().ref(mix.link.ref
			.replaceAll("_(mix|fraction)$", "_gamma")).build()).build();
		return XpsTemplate.Setting.builder().value(0.15).min(0.02).max(0.8).vary(true).stage(mix.stage).build();
	}

	/** A width setting in other units: values × f, link refs renamed, link offsets and by-factors × byScale. */
	static XpsTemplate.Setting scaled(XpsTemplate.Setting v, double f, String from, String to, double byScale) {
		XpsTemplate.Setting.Builder s = XpsTemplate.Setting.builder().vary(v.vary).stage(v.stage);
		if (v.value != null) s.value(v.value * f);
		if (v.min != null) s.min(v.min * byScale);
		if (v.max != null) s.max(v.max * byScale);
		if (v.link != null) {
			String ref = v.link.ref.endsWith(from) ? v.link.ref.substring(0, v.link.ref.length() - from.length()) + to
				: v.link.ref;
			s.link(XpsTemplate.LinkSpec.builder().ref(ref).factor(v.link.factor).offset(v.link.offset == null ? null
				: v.link.offset * byScale).by(v.link.by).byFactor((v.link.byFactor == null ? 1 : v.link.byFactor) * byScale)
				.build());
		}
		return s.build();
	}
}
