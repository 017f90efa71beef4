package org.interphase.core.xps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;

/**
 * An XPS file from spectra to fitted states, as named steps: the file's {@link #regions}, the {@link #select
 * choice} of the region to fit, the {@link #charge} correction, then one of {@link #spectrum one spectrum} (with
 * its {@link #atomicRatio} when asked), a {@link #map}, several {@link #samples} or the levels of a depth
 * {@link #profile}; each spectrum through the model ensemble or one fit ({@link #fitOne}). The analysis layer
 * builds the {@link XpsPipelineOptions}, makes this one call and formats the {@link XpsPipelineResult}.
 */
public final class XpsPipeline {
	private XpsPipeline() {}

	/** A problem with the input whose message is complete (it names the file where needed). */
	public static final class InputException extends IllegalArgumentException {
		private static final long serialVersionUID = 1L;

		InputException(String message) {
			super(message);
		}
	}

	/** The chosen region and, when --region named a VAMAS sample, that sample's key. */
	static final class Choice {
		final XpsRegion chosen;
		final String want, sampleWanted;

		Choice(XpsRegion chosen, String want, String sampleWanted) {
			this.chosen = chosen;
			this.want = want;
			this.sampleWanted = sampleWanted;
		}
	}

	/**
	 * Fits the file. Problems of the input are thrown as {@link InputException} (message complete) or
	 * IllegalArgumentException (message without the file name).
	 */
	public static XpsPipelineResult run(Dataset input, XpsPipelineOptions o) {
		List<XpsRegion> regions = regions(input, o);
		Choice c = select(input, regions, o);
		XpsPipelineResult.Builder res = new XpsPipelineResult.Builder();
		res.region = c.chosen;
		charge(input, regions, c.chosen, o, res);
		double[] be = c.chosen.shifted(res.shift);
		boolean negative = c.chosen.negative();
		if (negative) res.warnings.add("spectrum has negative counts: weights use max(counts, 1); check the background "
			+ "subtraction of the file");
		if (c.chosen.pixels() > 1) return map(c.chosen, be, negative, o, res);
		List<XpsRegion> levels = levels(regions, c.chosen);
		if (c.sampleWanted != null) levels.removeIf(r -> !sampleKey(r.meta("sample_identifier")).equals(c.want));
		Map<String, List<XpsRegion>> bySample = bySample(levels);
		if (bySample.size() > 1 || (c.sampleWanted != null && !bySample.containsKey("")))
			return samples(input, bySample, be, o, res);
		if (levels.size() > 1 && o.allLevels) return profile(input, levels, be, o, res);
		return spectrum(input, regions, c.chosen, be, negative, o, res);
	}

	/** Step 1: every spectrum of the file (at least 5 energies). */
	static List<XpsRegion> regions(Dataset input, XpsPipelineOptions o) {
		List<XpsRegion> regions = new ArrayList<>();
		for (Signal s : input.signals())
			if (s.ndim() >= 1 && s.lastAxis().size >= 5) regions.add(XpsRegion.of(s, input, o.photonEnergy));
		if (regions.isEmpty()) throw new InputException(input.source + ": no spectrum in the file");
		return regions;
	}

	/**
	 * Step 2: the region to fit. --region names a block or a sample (VAMAS sample identifier) exactly, or part of a
	 * block's name; among the candidates the one covering most of the window wins, an exact name before a partial one.
	 */
	static Choice select(Dataset input, List<XpsRegion> regions, XpsPipelineOptions o) {
		String want = o.region.toLowerCase(Locale.ROOT).replace(" ", "");
		double lo = o.window()[0], hi = o.window()[1];
		XpsRegion chosen = null;
		double bestCov = -1;
		String sampleWanted = null;
		for (XpsRegion r : regions) if (!want.isEmpty() && sampleKey(r.meta("sample_identifier")).equals(want))
			sampleWanted = String.valueOf(r.meta("sample_identifier")).trim();
		for (XpsRegion r : regions) {
			String nm = r.name.toLowerCase(Locale.ROOT).replace(" ", "");
			if (sampleWanted != null) {
				if (!sampleKey(r.meta("sample_identifier")).equals(want)) continue;
				nm = want;
			}
			else if (!want.isEmpty() && !nm.contains(want) && !sampleKey(r.meta("block_identifier")).equals(want)) continue;
			// auxiliary curves (e.g. a VAMAS "Transmission" block) are not spectra to fit unless asked for
			if (nm.contains("transmission") && !want.contains("transmission")) continue;
			double c = r.coverage(lo, hi) + (!want.isEmpty() && nm.equals(want) ? 10 : 0);
			if (chosen == null || c > bestCov) {
				chosen = r;
				bestCov = c;
			}
		}
		if (chosen == null) throw new InputException(input.source + ": no region named '" + o.region + "'");
		return new Choice(chosen, want, sampleWanted);
	}

	/** Step 3: the charge shift: given, else from the reference peak's region (or the chosen one), else none. */
	static void charge(Dataset input, List<XpsRegion> regions, XpsRegion chosen, XpsPipelineOptions o,
		XpsPipelineResult.Builder res)
	{
		if (!Double.isNaN(o.shift)) {
			res.shift = o.shift;
			res.shiftLabel = "given";
			return;
		}
		ChargeReference ref = ChargeReference.parse(o.referencePeak);
		XpsRegion refRegion = ref == null ? null : namedRegion(regions, chosen, ref);
		if (ref != null && refRegion == null && ref.matches(chosen.name) && chosen.pixels() == 1) refRegion = chosen;
		if (refRegion == null) {
			res.shift = 0;
			res.shiftLabel = "none";
			res.warnings.add("no charge reference (" + o.referencePeak + ") in the file and no --shift: binding energies "
				+ "used as measured");
			return;
		}
		double pos = ref.measuredPosition(refRegion.be, refRegion.sum());
		if (Double.isNaN(pos)) throw new InputException(input.source + ": reference peak " + ref + " not found in region "
			+ refRegion.name);
		res.shift = ref.energy - pos;
		res.shiftLabel = ref.toString();
	}

	/** The region other than {@code chosen} whose name matches (the shortest such name), or null. */
	static XpsRegion namedRegion(List<XpsRegion> regions, XpsRegion chosen, ChargeReference match) {
		XpsRegion found = null;
		for (XpsRegion r : regions)
			if (r != chosen && match.matches(r.name) && !r.auxiliary() && (found == null || r.name.length() < found.name
				.length())) found = r;
		return found;
	}

	/** The model ensemble's best fit when it runs, else one fit. */
	static XpsPipelineResult.Fitted fitOne(String prefix, String sample, XpsRegion r, double[] be, double[] counts,
		boolean negative, XpsPipelineOptions o)
	{
		XpsEnsemble.Result ens = o.ensemble ? XpsEnsemble.fit(be, counts, o.template, o.fit) : null;
		XpsFitResult fit = ens != null ? ens.bestFit() : XpsFit.fit(be, counts, o.template, o.fit);
		return new XpsPipelineResult.Fitted(prefix, sample, r.name, fit, ens, negative, r.photonEnergy, o);
	}

	/** One spectrum, and the atomic ratio to another region when asked. */
	static XpsPipelineResult spectrum(Dataset input, List<XpsRegion> regions, XpsRegion chosen, double[] be,
		boolean negative, XpsPipelineOptions o, XpsPipelineResult.Builder res)
	{
		XpsPipelineResult.Fitted f = fitOne("", null, chosen, be, chosen.data, negative, o);
		res.fits.add(f);
		if (!o.ratioTo.isEmpty()) res.atomicRatio = atomicRatio(input, regions, chosen, f.fit, res.shift, o);
		return res.build();
	}

	/** Atomic ratio of this region's element to another region of the same file, with sensitivity factors. */
	static XpsPipelineResult.AtomicRatio atomicRatio(Dataset input, List<XpsRegion> regions, XpsRegion chosen,
		XpsFitResult r, double shift, XpsPipelineOptions o)
	{
		String other = o.ratioTo;
		XpsRegion g = namedRegion(regions, chosen, new ChargeReference(other, 0));
		if (g == null) throw new InputException(input.source + ": no region '" + other + "' in the file for the atomic ratio");
		String key = other.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		if (!XpsTemplate.PRESETS.contains(key)) throw new InputException("no preset for '" + other
			+ "' to fit it for the atomic ratio; presets: " + XpsTemplate.PRESETS);
		SensitivityFactors rsf = o.sensitivityFactors != null ? o.sensitivityFactors : SensitivityFactors.builtIn();
		XpsFitResult ro = XpsFit.fit(g.shifted(shift), g.sum(), XpsTemplate.preset(key), new XpsFit.Options().threads(1));
		double a = 0, va = 0, b = 0, vb = 0;
		for (XpsFitResult.State s : r.states) {
			a += s.area;
			va += s.areaSd * s.areaSd;
		}
		for (XpsFitResult.State s : ro.states) {
			b += s.area;
			vb += s.areaSd * s.areaSd;
		}
		try {
			double[] q = rsf.ratio(o.template.name, a, Math.sqrt(va), other, b, Math.sqrt(vb));
			return new XpsPipelineResult.AtomicRatio(q[0], q[1], o.template.name + "/" + other, ro.fit.converged());
		}
		catch (IllegalArgumentException e) {
			throw new InputException(e.getMessage());
		}
	}

	/**
	 * A map (or line) of spectra: every pixel fitted with the summed fit's shapes ({@link XpsMapFit}); the model
	 * ensemble runs on the summed spectrum only (its cost is that of ~25 fits; pixels get one fast fit).
	 */
	static XpsPipelineResult map(XpsRegion reg, double[] be, boolean negative, XpsPipelineOptions o,
		XpsPipelineResult.Builder res)
	{
		res.kind = XpsPipelineResult.Kind.MAP;
		XpsMapFit.Result m = reg.tiles != null ? XpsMapFit.fit(be, reg.tiles, o.template, o.fit, o.fit.threads)
			: XpsMapFit.fit(be, reg.data, reg.height, reg.width, o.template, o.fit, o.fit.threads);
		XpsEnsemble.Result ens = o.ensemble ? XpsEnsemble.fit(be, reg.sum(), o.template, o.fit) : null;
		res.map = m;
		res.fits.add(new XpsPipelineResult.Fitted("", null, "summed spectrum", m.sum, ens, negative, reg.photonEnergy,
			o));
		if (reg.signal.ndim() == 3) {
			Axis ax = reg.signal.axis(1);
			if (ax.isCalibrated()) {
				res.pixelSize = ax.scale;
				res.pixelUnit = ax.units;
			}
		}
		int np = reg.pixels();
		for (int k = 0; k < m.sum.states.size(); k++) {
			double s = 0, s2 = 0;
			int c = 0;
			for (int i = 0; i < np; i++) {
				double v = m.fraction[k][i];
				if (Double.isNaN(v) || !m.converged[i]) continue;
				s += v;
				s2 += v * v;
				c++;
			}
			double mean = c > 0 ? s / c : Double.NaN, sd = c > 1 ? Math.sqrt(Math.max(0, (s2 - c * mean * mean) / (c - 1)))
				: Double.NaN;
			res.mapSummaries.add(new XpsPipelineResult.MapSummary(m.sum.states.get(k).name, mean, sd, c));
		}
		return res.build();
	}

	/**
	 * The levels of a depth profile: every 1D region with the chosen one's name and number of points, in file order
	 * (a VAMAS sputter depth profile holds one block per etch step, each with its experimental variable).
	 */
	static List<XpsRegion> levels(List<XpsRegion> regions, XpsRegion chosen) {
		List<XpsRegion> out = new ArrayList<>();
		if (chosen.pixels() != 1) return out;
		for (XpsRegion r : regions)
			if (r.name.equals(chosen.name) && r.be.length == chosen.be.length && r.pixels() == 1) out.add(r);
		return out;
	}

	static String sampleKey(Object id) {
		return id == null ? "" : String.valueOf(id).toLowerCase(Locale.ROOT).replace(" ", "");
	}

	/** Levels grouped by their VAMAS sample identifier, in file order (one group when none or one is given). */
	static Map<String, List<XpsRegion>> bySample(List<XpsRegion> levels) {
		Map<String, List<XpsRegion>> m = new LinkedHashMap<>();
		for (XpsRegion r : levels) {
			Object id = r.meta("sample_identifier");
			String key = id == null ? "" : String.valueOf(id).trim();
			m.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
		}
		return m;
	}

	/**
	 * Several samples in one file (VAMAS blocks with different sample identifiers, e.g. a reference series): each
	 * sample fitted on its own, its fits under region {@code sample:ID;} (then {@code level:i;} when the sample holds
	 * the region several times).
	 */
	static XpsPipelineResult samples(Dataset input, Map<String, List<XpsRegion>> bySample, double[] be,
		XpsPipelineOptions o, XpsPipelineResult.Builder res)
	{
		res.kind = XpsPipelineResult.Kind.SAMPLES;
		res.warnings.add(input.source + " holds " + bySample.size() + " samples " + bySample.keySet() + ": each fitted on "
			+ "its own (rows under region sample:ID; --region ID fits one)");
		for (Map.Entry<String, List<XpsRegion>> e : bySample.entrySet()) {
			List<XpsRegion> lv = e.getValue();
			for (int i = 0; i < lv.size(); i++) {
				XpsRegion r = lv.get(i);
				String prefix = "sample:" + e.getKey() + ";" + (lv.size() > 1 ? "level:" + i + ";" : "");
				res.fits.add(fitOne(prefix, e.getKey(), r, be, r.data, r.negative(), o));
			}
		}
		return res.build();
	}

	/**
	 * A depth profile: each level fitted with the same template and charge shift, with its experimental variable
	 * (e.g. etch time) or, when a level has none that is a number, its number in file order.
	 */
	static XpsPipelineResult profile(Dataset input, List<XpsRegion> levels, double[] be, XpsPipelineOptions o,
		XpsPipelineResult.Builder res)
	{
		res.kind = XpsPipelineResult.Kind.PROFILE;
		int nl = levels.size();
		String[] var0 = levelVariable(levels.get(0), input);
		double[] xs = new double[nl];
		boolean numeric = var0 != null;
		for (int i = 0; i < nl; i++) {
			String[] v = levelVariable(levels.get(i), input);
			double x = i;
			if (v != null) try {
				x = Double.parseDouble(v[2]);
			}
			catch (NumberFormatException e) {
				numeric = false;
			}
			else numeric = false;
			xs[i] = x;
		}
		res.levelVariable = var0 != null ? var0[0] : "level";
		res.levelUnit = var0 != null ? var0[1] : "";
		if (!numeric) {
			for (int i = 0; i < nl; i++) xs[i] = i;
			res.levelVariable = "level";
			res.levelUnit = "";
			res.warnings.add("the " + nl + " levels of " + levels.get(0).name + " carry no numeric experimental variable: "
				+ "numbered 0.." + (nl - 1) + " in file order");
		}
		res.levelValues = xs;
		for (int i = 0; i < nl; i++) {
			XpsRegion lv = levels.get(i);
			res.fits.add(fitOne("level:" + i + ";", null, lv, be, lv.data, lv.negative(), o));
		}
		return res.build();
	}

	/** {label, unit, value} of the region's experimental variable (VAMAS), or null. */
	static String[] levelVariable(XpsRegion r, Dataset input) {
		for (Map.Entry<String, Object> e : r.signal.metadata().entrySet()) {
			if (!e.getKey().startsWith("experimental_variable ")) continue;
			String label = e.getKey().substring("experimental_variable ".length()).trim();
			String unit = "";
			for (Map.Entry<String, Object> f : input.metadata().entrySet()) {
				String v = String.valueOf(f.getValue());
				if (f.getKey().startsWith("experimental_variable_") && v.startsWith(label + " (") && v.endsWith(")"))
					unit = v.substring(label.length() + 2, v.length() - 1).trim();
			}
			if (unit.equals("d")) unit = ""; // VAMAS "d": dimensionless
			return new String[] {label, unit, String.valueOf(e.getValue()).trim()};
		}
		return null;
	}
}
