package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;

/**
 * Phase fractions of two or more indexed phases (e.g. LATP and its lithiated form) from one pattern or from every
 * frame of a series: each phase's share of the indexed Bragg intensity, normalised by its kinematic scattering
 * power per unit volume, so that the share is a volume-like fraction.
 * <p>
 * A {@link #plan} is made once on a reference pattern (the pattern itself, or the sum of a series): the reflection
 * sites of every phase, where they fall and their kinematic weights, and which are <em>resolved</em> (every
 * reflection of another phase at least {@link #RESOLVED_WIDTHS} measured peak widths away). {@link #measure} then
 * fits, on a frame, the Bragg excess I - b over windows around the sites: per group of neighbouring sites a linear
 * least-squares fit of one Gaussian per site (fixed position, the measured width) plus a local background term, so
 * that overlapping tails are shared out and a residual diffuse offset does not count. Per phase, the amount A is
 * the weighted mean of u / E over its resolved sites (u the fitted intensity, E the expected kinematic weight;
 * weights 1 / (var u / E^2 + tau^2 A^2), tau the site-to-site scatter about the kinematic model measured on the
 * reference: tau = 0 is the ratio of sums, large tau the plain mean); a phase's fraction is A / sum of all A.
 * <ul>
 * <li>Ring patterns: a site is a ring (families of the phase closer than the resolution merged), weighted
 * m |F|^2 / (g V^2) (V the cell volume: kinematic intensity per unit volume). Intensities come from the azimuthal
 * mean profile times the annulus area, so a masked sector does not bias them.</li>
 * <li>Zone-axis spot patterns: the zone of the best indexing solution lays the phase's spots on the pattern; the
 * other phases are taken as topotactic products in the same zone, aligned by {@link ZonePlane#aligned}; the map
 * from zone-plane coordinates to pixels is refined on the measured spots that are unambiguous. A site is one
 * reflection, weighted |F|^2 / V^2 times the excitation-error fall-off exp(-kappa g^4) of ZOLZ reflections at the
 * zone axis, with kappa fitted on the reference pattern ({@link #calibrateExcitation}): the two lattices' spots of
 * the same hkl sit at slightly different g, where the fall-off is steep.</li>
 * </ul>
 * Uncertainty: the larger of the Poisson propagation and the jackknife over the used sites; the jackknife also
 * sees how well the kinematic weights describe the measured intensities. When some phase has no resolved site,
 * the fractions are undetermined and the plan says {@link #PHASES_OVERLAP}.
 */
public final class PhaseFractions {
	/** Flag: no reflection of some phase is resolved from the other phases' reflections. */
	public static final String PHASES_OVERLAP = "phases-overlap";
	/** A site is resolved when every reflection of another phase is at least this many widths (sigma) away. */
	public static final double RESOLVED_WIDTHS = 2.5;
	/** Half-width of the fit window around a site, widths. */
	public static final double WINDOW_WIDTHS = 3;
	/** Reflections weaker than this share of their phase's strongest are left out (they change nothing). */
	public static final double MIN_RELATIVE_WEIGHT = 0.005;
	/** Total fitted Bragg intensity of the used sites below this many sigma: the fractions are flagged low-SNR. */
	public static final double MIN_SIGNIFICANCE = 5;

	/** One reflection site of one phase: components {position..., weight}; rings {r}, spots {gx, gy} (px). */
	static final class Site {
		final int phase;
		final String key;
		final List<double[]> comps = new ArrayList<>();
		/** Kinematic weight; for spots also |g| (1/Å) for the excitation-error fall-off. */
		double weight, g, lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		boolean resolved, used;

		Site(int phase, String key) {
			this.phase = phase;
			this.key = key;
		}
	}

	public final List<Phase> phases;
	/** Ring pattern (1D sites) or spot pattern (2D sites). */
	public final boolean rings;
	/** Peak width (Gaussian sigma, corrected px) used for the resolution and the fits. */
	public final double width;
	/** True when some phase has no resolved, usable site: fractions cannot be measured. */
	public final boolean overlap;
	/** What was used, for the label / docs ("rings", "spot pairs", counts). */
	public final String description;
	/** Number of used sites (rings) or hkl pairs (spots) per phase. */
	public final int[] usedSites;
	final List<Site> sites;
	final List<List<Site>> groups;
	final int w, h;

	private PhaseFractions(List<Phase> phases, boolean rings, double width, List<Site> sites, int w, int h) {
		this.phases = phases;
		this.rings = rings;
		this.width = width;
		this.sites = sites;
		this.w = w;
		this.h = h;
		usedSites = new int[phases.size()];
		for (Site s : sites) if (s.used) usedSites[s.phase]++;
		boolean any = true;
		for (int u : usedSites) if (u == 0) any = false;
		overlap = !any;
		groups = group(sites, rings, width);
		StringBuilder d = new StringBuilder(rings ? "resolved rings" : "resolved spots");
		for (int p = 0; p < phases.size(); p++) d.append(p == 0 ? " " : ", ").append(phases.get(p).name).append(' ')
			.append(usedSites[p]);
		description = d.toString();
		kappa = 0;
		kappaSigma = Double.NaN;
		tau = Double.NaN;
	}

	/** A copy of every field of {@code o} with another excitation fall-off (PhaseFractionsCopyTest). */
	private PhaseFractions(PhaseFractions o, double kappa, double kappaSigma, double tau) {
		phases = o.phases;
		rings = o.rings;
		width = o.width;
		overlap = o.overlap;
		description = o.description;
		usedSites = o.usedSites;
		sites = o.sites;
		groups = o.groups;
		w = o.w;
		h = o.h;
		this.kappa = kappa;
		this.kappaSigma = kappaSigma;
		this.tau = tau;
	}

	/** Fractions of one frame. */
	public static final class Measurement {
		/** Per phase (order of the phases): fraction and one-sigma; NaN when undetermined. */
		public final double[] fraction, sigma;
		/** Fitted Bragg intensity of the used sites over its Poisson sigma. */
		public final double significance;

		Measurement(double[] fraction, double[] sigma, double significance) {
			this.fraction = fraction;
			this.sigma = sigma;
			this.significance = significance;
		}

		public boolean lowSnr() {
			return !(significance >= MIN_SIGNIFICANCE);
		}
	}

	/**
	 * The sites of every phase on a reference pattern (calibrated, analysed with these phases), or null when the
	 * fractions cannot be planned (fewer than two phases, no calibration, neither a zone nor rings).
	 */
	public static PhaseFractions plan(SaedPipeline.Result ref, List<Phase> phases) {
		if (phases.size() < 2 || ref.noPattern || ref.geometry == null || !ref.geometry.calibrated()) return null;
		PatternGeometry g = ref.geometry;
		double ppn = g.pixelPerNm;
		// a spot pattern when a zone explains most spots (a few stray maxima on rings do not make one)
		ZoneAxisIndexer.Solution z = ref.zones.isEmpty() ? null : ref.zones.get(0);
		if (z != null && phases.contains(z.phase) && z.matched >= 6 && (ref.rings.isEmpty() || z.matched >= 0.5 * z.observed)) {
			double sigma = quartile(ref.spots.stream().filter(s -> s.converged).mapToDouble(s -> s.width).toArray(), 1.3);
			return spotPlan(ref, phases, sigma);
		}
		if (ref.rings.isEmpty()) return null;
		double sigma = quartile(ref.rings.stream().filter(r -> r.converged).mapToDouble(r -> r.width).toArray(), 1.2);
		List<Site> sites = new ArrayList<>();
		double rLo = ref.rLo, rHi = ref.rHi, win = WINDOW_WIDTHS * sigma;
		double dMin = 10 / ((rHi + win) * ppn);
		for (int p = 0; p < phases.size(); p++) {
			Phase ph = phases.get(p);
			double vol = ph.cell.volume();
			List<double[]> comps = new ArrayList<>();
			double max = 0;
			for (Reflection f : ph.families(dMin)) {
				double wgt = f.multiplicity * f.intensity * f.d / (vol * vol);
				comps.add(new double[] { 10 / f.d / ppn, wgt });
				max = Math.max(max, wgt);
			}
			Site cur = null;
			for (double[] c : comps) {
				if (c[1] < MIN_RELATIVE_WEIGHT * max) continue;
				if (cur == null || c[0] - cur.hi > RESOLVED_WIDTHS * sigma) {
					cur = new Site(p, ph.name + " ring");
					sites.add(cur);
				}
				cur.comps.add(c);
				cur.weight += c[1];
				cur.lo = Math.min(cur.lo, c[0]);
				cur.hi = Math.max(cur.hi, c[0]);
			}
		}
		for (Site s : sites) {
			boolean inside = s.lo - win >= rLo && s.hi + win <= rHi;
			boolean resolved = true;
			for (Site o : sites) {
				if (o.phase == s.phase) continue;
				for (double[] a : s.comps) for (double[] b : o.comps) if (Math.abs(a[0] - b[0]) < RESOLVED_WIDTHS * sigma)
					resolved = false;
			}
			s.resolved = resolved;
			s.used = resolved && inside;
		}
		// only sites whose windows lie inside the annulus are fitted
		sites.removeIf(s -> s.hi + win < rLo || s.lo - win > rHi);
		return new PhaseFractions(phases, true, sigma, sites, ref.width, ref.height);
	}

	private static PhaseFractions spotPlan(SaedPipeline.Result ref, List<Phase> phases, double sigma) {
		ZoneAxisIndexer.Solution z = ref.zones.get(0);
		PatternGeometry g = ref.geometry;
		ZonePlane base = indexedPlane(z);
		if (base == null) return null;
		PlaneMap t = predictedMap(z, base);
		if (t == null) return null;
		double win = WINDOW_WIDTHS * sigma;
		double rMaxPx = 0;
		for (int[] c : new int[][] { { 0, 0 }, { ref.width - 1, 0 }, { 0, ref.height - 1 }, { ref.width - 1, ref.height -
			1 } }) rMaxPx = Math.max(rMaxPx, g.radius(c[0], c[1]));
		// plane coordinates are 1/Å and |T| is px per 1/Å: the corner is at g = rMax / |T|, d = |T| / rMax
		double dMin = Math.max(0.3, 0.97 * t.scaleA() / (rMaxPx + win));
		List<double[]> refl = zoneReflections(phases, z, base, dMin);
		t = refineOnSpots(ref, refl, t, sigma);
		List<Site> sites = windowSites(ref, refl, t, win);
		markResolved(sites, sigma);
		for (Site s : sites) s.used = s.resolved;
		return new PhaseFractions(phases, false, sigma, sites, ref.width, ref.height);
	}

	/** The zone's plane of the indexed phase, through its first predicted reflection off the centre (or null). */
	private static ZonePlane indexedPlane(ZoneAxisIndexer.Solution z) {
		int[] hkl0 = null;
		for (double[] p : z.predicted) if (Math.hypot(p[0], p[1]) > 0) {
			hkl0 = new int[] { (int) p[2], (int) p[3], (int) p[4] };
			break;
		}
		if (hkl0 == null) return null;
		return ZonePlane.of(z.phase, z.uvw, hkl0);
	}

	/** The linear map T: plane coordinates (1/Å) -> corrected px offsets, from the indexer's prediction. */
	private static PlaneMap predictedMap(ZoneAxisIndexer.Solution z, ZonePlane base) {
		List<double[][]> pairs = new ArrayList<>();
		for (double[] p : z.predicted) pairs.add(new double[][] { base.coords(new int[] { (int) p[2], (int) p[3],
			(int) p[4] }), { p[0], p[1] } });
		return PlaneMap.fit(pairs);
	}

	/**
	 * Every zone reflection of every phase with its plane coordinates: {phase, h, k, l, a, b, weight, g}; the other
	 * phases' planes aligned on the indexed one (topotactic products).
	 */
	private static List<double[]> zoneReflections(List<Phase> phases, ZoneAxisIndexer.Solution z, ZonePlane base,
		double dMin)
	{
		List<double[]> refl = new ArrayList<>();
		for (int p = 0; p < phases.size(); p++) {
			Phase ph = phases.get(p);
			ZonePlane plane = ph == z.phase ? base : base.aligned(ph);
			double vol = ph.cell.volume(), max = 0;
			List<double[]> mine = new ArrayList<>();
			for (Reflection r : ph.reflections(dMin)) {
				if (!plane.inZone(r.hkl())) continue;
				double[] ab = plane.coords(r.hkl());
				double wgt = r.intensity / (vol * vol);
				mine.add(new double[] { p, r.h, r.k, r.l, ab[0], ab[1], wgt, 1 / r.d });
				max = Math.max(max, wgt);
			}
			for (double[] m : mine) if (m[6] >= MIN_RELATIVE_WEIGHT * max) refl.add(m);
		}
		return refl;
	}

	/**
	 * Refines T on the measured spots: each spot that is close to one reflection and clear of the other phases' (the
	 * indexer's similarity fit is pulled by the other phase's spots and its scale kept near the calibration).
	 */
	private static PlaneMap refineOnSpots(SaedPipeline.Result ref, List<double[]> refl, PlaneMap t, double sigma) {
		PatternGeometry g = ref.geometry;
		for (int iter = 0; iter < 3; iter++) {
			List<double[][]> m = new ArrayList<>();
			for (Spot sp : ref.spots) {
				double[] v = g.corrected(sp.x, sp.y);
				double best = Double.MAX_VALUE, other = Double.MAX_VALUE;
				double[] bestR = null;
				for (double[] r : refl) {
					double d = Math.hypot(t.x(r[4], r[5]) - v[0], t.y(r[4], r[5]) - v[1]);
					if (d < best) {
						if (bestR != null && bestR[0] != r[0]) other = Math.min(other, best);
						best = d;
						bestR = r;
					}
					else if (bestR != null && r[0] != bestR[0]) other = Math.min(other, d);
				}
				if (bestR != null && best < Math.max(2, 1.5 * sigma) && other > RESOLVED_WIDTHS * sigma) m.add(
					new double[][] { { bestR[4], bestR[5] }, v });
			}
			if (m.size() < 4) break;
			PlaneMap t2 = PlaneMap.fit(m);
			if (t2 == null) break;
			t = t2;
		}
		return t;
	}

	/** A site per reflection whose window lies inside the annulus, the image and clear of the mask. */
	private static List<Site> windowSites(SaedPipeline.Result ref, List<double[]> refl, PlaneMap t, double win) {
		PatternGeometry g = ref.geometry;
		List<Site> sites = new ArrayList<>();
		int clear = (int) Math.ceil(win + 1);
		for (double[] r : refl) {
			double gx = t.x(r[4], r[5]), gy = t.y(r[4], r[5]);
			if (Math.hypot(gx, gy) < ref.rLo + win) continue;
			double[] xy = g.toImage(gx, gy);
			if (xy[0] < clear || xy[1] < clear || xy[0] > ref.width - 1 - clear || xy[1] > ref.height - 1 - clear) continue;
			// the whole window clear of the mask (beam stop and its arm, dead pixels)
			boolean masked = false;
			int ix = (int) Math.round(xy[0]), iy = (int) Math.round(xy[1]);
			if (ref.mask != null) for (int y = iy - clear; y <= iy + clear && !masked; y++) for (int x = ix - clear; x <= ix +
				clear; x++) if (ref.mask[y * ref.width + x]) {
					masked = true;
					break;
				}
			if (masked) continue;
			Site s = new Site((int) r[0], (int) r[1] + " " + (int) r[2] + " " + (int) r[3]);
			s.g = r[7];
			s.weight = r[6];
			s.comps.add(new double[] { gx, gy, r[6] });
			sites.add(s);
		}
		return sites;
	}

	/** A site is resolved (and used) when no other phase's site lies within RESOLVED_WIDTHS widths. */
	private static void markResolved(List<Site> sites, double sigma) {
		for (Site s : sites) {
			boolean resolved = true;
			double[] a = s.comps.get(0);
			for (Site o : sites) {
				if (o.phase == s.phase) continue;
				double[] b = o.comps.get(0);
				if (Math.hypot(a[0] - b[0], a[1] - b[1]) < RESOLVED_WIDTHS * sigma) resolved = false;
			}
			s.resolved = resolved;
		}
	}

	/** Sites whose fit windows touch, fitted together. */
	private static List<List<Site>> group(List<Site> sites, boolean rings, double sigma) {
		int n = sites.size();
		int[] parent = new int[n];
		for (int i = 0; i < n; i++) parent[i] = i;
		double reach = 2 * WINDOW_WIDTHS * sigma;
		for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) {
			Site a = sites.get(i), b = sites.get(j);
			boolean touch;
			if (rings) touch = a.lo - b.hi < reach && b.lo - a.hi < reach;
			else touch = Math.hypot(a.comps.get(0)[0] - b.comps.get(0)[0], a.comps.get(0)[1] - b.comps.get(0)[1]) < reach;
			if (touch) parent[find(parent, i)] = find(parent, j);
		}
		Map<Integer, List<Site>> byRoot = new LinkedHashMap<>();
		for (int i = 0; i < n; i++) byRoot.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(sites.get(i));
		List<List<Site>> out = new ArrayList<>();
		for (List<Site> gsites : byRoot.values()) {
			boolean any = false;
			for (Site s : gsites) any |= s.used;
			if (any) out.add(gsites);
		}
		return out;
	}

	private static int find(int[] p, int i) {
		while (p[i] != i) {
			p[i] = p[p[i]];
			i = p[i];
		}
		return i;
	}

	/**
	 * Fractions of one frame.
	 *
	 * @param img pixels (the frame starts at {@code offset})
	 * @param mask masked pixels of the frame's geometry (or null)
	 * @param g the frame's geometry (tracked centre), as the plan's but for the centre
	 * @param bg diffuse background per radial bin (bin width dr)
	 * @param sums, counts the azimuthal sums and pixel counts per bin (rings)
	 */
	public Measurement measure(double[] img, int offset, boolean[] mask, PatternGeometry g, double[] bg, double dr,
		double[] sums, double[] counts)
	{
		int np = phases.size();
		Map<Site, double[]> fit = fitAll(img, offset, mask, g, bg, dr, sums, counts);
		double[] fr = new double[np], sg = new double[np];
		Arrays.fill(fr, Double.NaN);
		Arrays.fill(sg, Double.NaN);
		if (overlap) return new Measurement(fr, sg, Double.NaN);
		// the used sites: {phase, u, var u, effective kinematic weight}
		List<double[]> units = new ArrayList<>();
		for (Site s : sites) if (s.used && fit.containsKey(s)) units.add(new double[] { s.phase, fit.get(s)[0], fit.get(
			s)[1], effectiveWeight(s) });
		int[] per = new int[np];
		double tot = 0, totVar = 0;
		for (double[] u : units) {
			per[(int) u[0]]++;
			tot += u[1];
			totVar += u[2];
		}
		for (int p = 0; p < np; p++) if (per[p] == 0) return new Measurement(fr, sg, Double.NaN);
		double signif = tot / Math.sqrt(Math.max(totVar, 1e-300));
		double[][] av = amounts(units, -1);
		double[] a = av[0], va = av[1];
		double sum = 0;
		for (int p = 0; p < np; p++) sum += a[p];
		// Poisson propagation through f_p = A_p / sum A
		double[] poisson = new double[np];
		for (int p = 0; p < np; p++) {
			double v = 0;
			for (int q = 0; q < np; q++) {
				double d = ((p == q ? sum : 0) - a[p]) / (sum * sum);
				v += d * d * va[q];
			}
			poisson[p] = Math.sqrt(v);
		}
		// jackknife over the used sites
		double[] jack = new double[np];
		List<double[]> reps = new ArrayList<>();
		for (int j = 0; j < units.size(); j++) {
			if (per[(int) units.get(j)[0]] < 2) continue;
			reps.add(fractions(amounts(units, j)[0]));
		}
		if (reps.size() >= 2) {
			int m = reps.size();
			for (int p = 0; p < np; p++) {
				double mean = 0;
				for (double[] r : reps) mean += r[p];
				mean /= m;
				double ss = 0;
				for (double[] r : reps) ss += (r[p] - mean) * (r[p] - mean);
				jack[p] = Math.sqrt((m - 1.0) / m * ss);
			}
		}
		double[] f = fractions(a);
		for (int p = 0; p < np; p++) {
			fr[p] = f[p];
			sg[p] = Math.max(poisson[p], jack[p]);
		}
		return new Measurement(fr, sg, signif);
	}

	/**
	 * {A, var A} per phase from the used sites (leaving out site {@code leave}, -1 = none): the weighted mean of
	 * u / E with weights 1 / (var(u) / E^2 + tau^2 A^2), iterated from the ratio of sums. tau (the relative
	 * site-to-site scatter of intensities about the kinematic model, from the reference) = 0 gives the ratio of
	 * sums sum u / sum E; a large tau the plain mean of u / E.
	 */
	private double[][] amounts(List<double[]> units, int leave) {
		int np = phases.size();
		double[] a = new double[np], su = new double[np], se = new double[np], va = new double[np];
		for (int j = 0; j < units.size(); j++) if (j != leave) {
			double[] u = units.get(j);
			su[(int) u[0]] += u[1];
			se[(int) u[0]] += u[3];
		}
		for (int p = 0; p < np; p++) a[p] = su[p] / se[p];
		double tau2 = Double.isFinite(tau) ? tau * tau : 0;
		for (int iter = 0; iter < 4; iter++) {
			double[] sw = new double[np], swr = new double[np], sw2v = new double[np];
			for (int j = 0; j < units.size(); j++) if (j != leave) {
				double[] u = units.get(j);
				int p = (int) u[0];
				double e2 = u[3] * u[3];
				double wt = 1 / (u[2] / e2 + tau2 * a[p] * a[p] + 1e-300);
				sw[p] += wt;
				swr[p] += wt * u[1] / u[3];
				sw2v[p] += wt * wt * u[2] / e2;
			}
			for (int p = 0; p < np; p++) {
				a[p] = swr[p] / sw[p];
				va[p] = sw2v[p] / (sw[p] * sw[p]);
			}
		}
		return new double[][] { a, va };
	}

	/** {u, var u} of every site in a group with a used site. */
	private Map<Site, double[]> fitAll(double[] img, int offset, boolean[] mask, PatternGeometry g, double[] bg,
		double dr, double[] sums, double[] counts)
	{
		Map<Site, double[]> fit = new LinkedHashMap<>();
		for (List<Site> grp : groups) {
			double[][] res = rings ? fitRings(grp, bg, dr, sums, counts) : fitSpots(grp, img, offset, mask, g, bg, dr);
			if (res == null) continue;
			for (int i = 0; i < grp.size(); i++) fit.put(grp.get(i), res[i]);
		}
		return fit;
	}

	/**
	 * Excitation-error fall-off of a zone-axis pattern, exp(-kappa g^4), kappa = (lambda / (2 s0))^2 with s0 the
	 * inverse thickness: ZOLZ reflections at an exact zone axis are excited with s = lambda g^2 / 2, which dims the
	 * outer spots; the two phases' spots of the same hkl sit at slightly different g, so the fall-off must be known.
	 * kappa is fitted once on the reference pattern: ln(u / E) = a_phase - kappa g^4 over the resolved sites with
	 * significant intensity (weights from their Poisson error plus a spot-to-spot scatter estimated from the
	 * residuals). Rings (orientation average) have none.
	 */
	public final double kappa;
	/** Standard error of {@link #kappa}; NaN when not fitted. */
	public final double kappaSigma;
	/** Relative scatter of the site intensities about the kinematic model (log scale), from the reference. */
	public final double tau;

	/** This plan with the excitation fall-off fitted on the reference pattern (this plan itself when it cannot be). */
	PhaseFractions calibrateExcitation(double[] img, boolean[] mask, PatternGeometry g, double[] bg, double dr, double[] sums,
		double[] counts)
	{
		Map<Site, double[]> fit = fitAll(img, 0, mask, g, bg, dr, sums, counts);
		List<double[]> pts = new ArrayList<>(); // {phase, ln(u/E), g^4, var ln u}
		for (Map.Entry<Site, double[]> e : fit.entrySet()) {
			Site s = e.getKey();
			double u = e.getValue()[0], vu = e.getValue()[1];
			if (!s.resolved || !(u > 3 * Math.sqrt(vu))) continue;
			pts.add(new double[] { s.phase, Math.log(u / s.weight), Math.pow(s.g, 4), vu / (u * u) });
		}
		// phases with points get an intercept column each; the last column is -g^4 (spots)
		int np = phases.size();
		int[] col = new int[np];
		Arrays.fill(col, -1);
		int nc = 0;
		for (double[] q : pts) if (col[(int) q[0]] < 0) col[(int) q[0]] = nc++;
		int k = rings ? nc : nc + 1;
		if (nc == 0 || pts.size() < k + 3) return this;
		double tau2 = 0;
		double[] beta = null;
		double[][] inv = null;
		for (int iter = 0; iter < 4; iter++) {
			double[][] a = new double[k][k];
			double[] b = new double[k];
			for (double[] q : pts) {
				double wt = 1 / (q[3] + tau2);
				double[] x = new double[k];
				x[col[(int) q[0]]] = 1;
				if (!rings) x[nc] = -q[2];
				for (int i = 0; i < k; i++) {
					b[i] += wt * x[i] * q[1];
					for (int j = 0; j < k; j++) a[i][j] += wt * x[i] * x[j];
				}
			}
			inv = invert(a);
			if (inv == null) return this;
			beta = new double[k];
			for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) beta[i] += inv[i][j] * b[j];
			double ss = 0, mv = 0;
			for (double[] q : pts) {
				double r = q[1] - beta[col[(int) q[0]]] + (rings ? 0 : beta[nc] * q[2]);
				ss += r * r;
				mv += q[3];
			}
			tau2 = Math.max(0, ss / Math.max(1, pts.size() - k) - mv / pts.size());
		}
		if (rings) return new PhaseFractions(this, kappa, kappaSigma, Math.sqrt(tau2));
		return new PhaseFractions(this, Math.max(0, beta[nc]), Math.sqrt(inv[nc][nc]), Math.sqrt(tau2));
	}

	private double effectiveWeight(Site s) {
		return kappa > 0 ? s.weight * Math.exp(-kappa * Math.pow(s.g, 4)) : s.weight;
	}

	private static double[] fractions(double[] a) {
		int np = a.length;
		double s = 0;
		for (int p = 0; p < np; p++) s += a[p];
		double[] f = new double[np];
		for (int p = 0; p < np; p++) f[p] = a[p] / s;
		return f;
	}

	/** {u, var u} per site of a ring group: Gaussians in the azimuthal-mean excess times the annulus area. */
	private double[][] fitRings(List<Site> grp, double[] bg, double dr, double[] sums, double[] counts) {
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE, win = WINDOW_WIDTHS * width;
		for (Site s : grp) {
			lo = Math.min(lo, s.lo - win);
			hi = Math.max(hi, s.hi + win);
		}
		int k = grp.size() + 2;
		List<double[]> rows = new ArrayList<>();
		List<Double> ys = new ArrayList<>(), vs = new ArrayList<>();
		double mid = 0.5 * (lo + hi);
		for (int b = Math.max(0, (int) Math.floor(lo / dr)); b <= Math.min(sums.length - 1, (int) Math.ceil(hi / dr)); b++) {
			double r = (b + 0.5) * dr;
			if (r < lo || r > hi || !(counts[b] > 0.5) || !Double.isFinite(bg[b])) continue;
			double area = 2 * Math.PI * r * dr;
			double y = (sums[b] / counts[b] - bg[b]) * area;
			double[] x = new double[k];
			for (int i = 0; i < grp.size(); i++) {
				Site s = grp.get(i);
				double m = 0;
				for (double[] c : s.comps) m += c[1] * gauss1(r - c[0], width) * dr;
				x[i] = m / s.weight;
			}
			x[k - 2] = area;
			x[k - 1] = area * (r - mid) / Math.max(1, hi - lo);
			rows.add(x);
			ys.add(y);
			vs.add(Math.max(sums[b], 1) * (area / counts[b]) * (area / counts[b]));
		}
		return solve(rows, ys, vs, grp.size());
	}

	/** {u, var u} per site of a spot group: 2D Gaussians on I - b(r) plus a constant. */
	private double[][] fitSpots(List<Site> grp, double[] img, int offset, boolean[] mask, PatternGeometry g, double[] bg,
		double dr)
	{
		double win = WINDOW_WIDTHS * width;
		List<double[]> centres = new ArrayList<>();
		int x0 = Integer.MAX_VALUE, x1 = Integer.MIN_VALUE, y0 = Integer.MAX_VALUE, y1 = Integer.MIN_VALUE;
		for (Site s : grp) {
			double[] c = s.comps.get(0);
			double[] xy = g.toImage(c[0], c[1]);
			centres.add(xy);
			x0 = Math.min(x0, (int) Math.floor(xy[0] - win));
			x1 = Math.max(x1, (int) Math.ceil(xy[0] + win));
			y0 = Math.min(y0, (int) Math.floor(xy[1] - win));
			y1 = Math.max(y1, (int) Math.ceil(xy[1] + win));
		}
		int k = grp.size() + 1;
		List<double[]> rows = new ArrayList<>();
		List<Double> ys = new ArrayList<>(), vs = new ArrayList<>();
		double norm = 1 / (2 * Math.PI * width * width);
		for (int y = Math.max(0, y0); y <= Math.min(h - 1, y1); y++) for (int x = Math.max(0, x0); x <= Math.min(w - 1,
			x1); x++) {
			int i = y * w + x;
			if (mask != null && mask[i]) continue;
			boolean near = false;
			for (double[] c : centres) if (Math.hypot(x - c[0], y - c[1]) <= win) near = true;
			if (!near) continue;
			double r = g.radius(x, y);
			double fb = r / dr - 0.5;
			int b = (int) Math.floor(fb);
			if (b < 0 || b + 1 >= bg.length) continue;
			double t = fb - b;
			double bv = (1 - t) * bg[b] + t * bg[b + 1];
			if (!Double.isFinite(bv)) continue;
			double v = img[offset + i];
			double[] xr = new double[k];
			for (int j = 0; j < centres.size(); j++) {
				double[] c = centres.get(j);
				double dx = x - c[0], dy = y - c[1];
				xr[j] = norm * Math.exp(-0.5 * (dx * dx + dy * dy) / (width * width));
			}
			xr[k - 1] = 1;
			rows.add(xr);
			ys.add(v - bv);
			vs.add(Math.max(v, Math.max(bv, 1)));
		}
		return solve(rows, ys, vs, grp.size());
	}

	/** Least squares y = X beta; {beta_i, var beta_i} for the first n columns (sandwich variance). */
	static double[][] solve(List<double[]> rows, List<Double> ys, List<Double> vs, int n) {
		if (rows.isEmpty()) return null;
		int k = rows.get(0).length;
		if (rows.size() < k + 2) return null;
		double[][] a = new double[k][k];
		double[] b = new double[k];
		for (int r = 0; r < rows.size(); r++) {
			double[] x = rows.get(r);
			double y = ys.get(r);
			for (int i = 0; i < k; i++) {
				b[i] += x[i] * y;
				for (int j = 0; j < k; j++) a[i][j] += x[i] * x[j];
			}
		}
		// a tiny ridge keeps coincident sites (unresolved, of different phases) solvable; their sum stays right
		double tr = 0;
		for (int i = 0; i < k; i++) tr += a[i][i];
		for (int i = 0; i < k; i++) a[i][i] += 1e-10 * tr / k;
		double[][] inv = invert(a);
		if (inv == null) return null;
		double[] beta = new double[k];
		for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) beta[i] += inv[i][j] * b[j];
		// sandwich: inv X^T V X inv
		double[][] m = new double[k][k];
		for (int r = 0; r < rows.size(); r++) {
			double[] x = rows.get(r);
			double v = vs.get(r);
			for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) m[i][j] += x[i] * v * x[j];
		}
		double[][] out = new double[n][2];
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int p = 0; p < k; p++) for (int q = 0; q < k; q++) s += inv[i][p] * m[p][q] * inv[q][i];
			out[i][0] = beta[i];
			out[i][1] = s;
		}
		return out;
	}

	static double[][] invert(double[][] a) {
		int n = a.length;
		double[][] m = new double[n][2 * n];
		for (int i = 0; i < n; i++) {
			System.arraycopy(a[i], 0, m[i], 0, n);
			m[i][n + i] = 1;
		}
		for (int c = 0; c < n; c++) {
			int piv = c;
			for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
			if (Math.abs(m[piv][c]) < 1e-300) return null;
			double[] t = m[c];
			m[c] = m[piv];
			m[piv] = t;
			double d = m[c][c];
			for (int j = 0; j < 2 * n; j++) m[c][j] /= d;
			for (int r = 0; r < n; r++) if (r != c) {
				double f = m[r][c];
				if (f != 0) for (int j = 0; j < 2 * n; j++) m[r][j] -= f * m[c][j];
			}
		}
		double[][] inv = new double[n][n];
		for (int i = 0; i < n; i++) System.arraycopy(m[i], n, inv[i], 0, n);
		return inv;
	}

	private static double gauss1(double x, double s) {
		return Math.exp(-0.5 * x * x / (s * s)) / (s * Math.sqrt(2 * Math.PI));
	}

	private static double quartile(double[] v, double fallback) {
		double[] f = Arrays.stream(v).filter(x -> Double.isFinite(x) && x > 0).sorted().toArray();
		if (f.length == 0) return fallback;
		return f[(f.length - 1) / 4];
	}

	/** Where a phase's fraction first rises through {@code level}: {time, sigma} or null (frames flagged skipped). */
	public static double[] risingCrossing(double[] t, double[] f, double[] sigma, double level) {
		double[] inv = new double[f.length];
		for (int i = 0; i < f.length; i++) inv[i] = Double.isFinite(f[i]) ? 1 - f[i] : Double.NaN;
		return SeriesFraction.crossing(t, inv, sigma, 1 - level);
	}

	/** The site positions of one phase (corrected px offsets; rings: radius, 0), for overlays and tests. */
	public List<double[]> sitePositions(int phase, boolean usedOnly) {
		List<double[]> out = new ArrayList<>();
		for (Site s : sites) if (s.phase == phase && (!usedOnly || s.used)) for (double[] c : s.comps) out.add(rings
			? new double[] { c[0], 0 } : new double[] { c[0], c[1] });
		return out;
	}
}
