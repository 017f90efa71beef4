package org.interphase.core.diffraction.xrd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;

/**
 * Indexes refined XRD peaks against one or several phases and gives each phase a match score:
 * <ol>
 * <li>each peak's d (Bragg's law, K-alpha1) is matched to the phase's X-ray stick pattern ({@link XraySticks}):
 * closest family within the tolerance, strong families preferred among near-equal candidates (first pass with
 * twice the tolerance);</li>
 * <li>zero shift z (deg, common) and a lattice scale s per phase (d = s d_library) are refined by least squares
 * on the matched peaks, 2theta_obs = 2 asin(lambda / (2 s d)) + z (z only when the matched peaks span 15 deg or
 * more, else s only; refused beyond |z| 1 deg or |s - 1| 5 %);</li>
 * <li>the peaks are matched again with the refined z and s and the tolerance; families of the same phase that the
 * peak cannot resolve (within half its FWHM) are listed with the label ("LATP hkl=1 0 4 / 1 1 0").</li>
 * </ol>
 * Score of a phase = the share of its strong stick intensity (sticks >= 5 % of its strongest in the scan) that was
 * found among the peaks; d-spacings are reported after the zero shift (observed 2theta - z).
 */
public final class XrdPhaseMatcher {
	private XrdPhaseMatcher() {}

	/** A peak's indexing. */
	public static final class Assignment {
		public final Phase phase;
		public final Reflection family;
		/** Other families of the same phase under the same peak (not resolvable). */
		public final List<Reflection> others;
		/** (d_obs - s d_lib) / (s d_lib). */
		public final double relativeError;

		Assignment(Phase phase, Reflection family, List<Reflection> others, double relativeError) {
			this.phase = phase;
			this.family = family;
			this.others = List.copyOf(others);
			this.relativeError = relativeError;
		}

		/** "LATP hkl=1 0 4" or "LATP hkl=1 0 4 / 1 1 0". */
		public String label() {
			StringBuilder s = new StringBuilder(phase.name + " hkl=" + family.hklText());
			for (Reflection o : others) s.append(" / ").append(o.hklText());
			return s.toString();
		}

		public boolean covers(Reflection r) {
			if (same(family, r)) return true;
			for (Reflection o : others) if (same(o, r)) return true;
			return false;
		}
	}

	/** One phase's match; immutable (the sticks list is shared, never changed). */
	public static final class PhaseScore {
		public final Phase phase;
		public final List<XraySticks.Stick> sticks;
		public final double score, latticeScale, sigmaLatticeScale, areaFraction;
		public final int matchedPeaks, strongSticks, strongFound;

		private PhaseScore(Builder b) {
			phase = b.phase;
			sticks = b.sticks;
			score = b.score;
			latticeScale = b.latticeScale;
			sigmaLatticeScale = b.sigmaLatticeScale;
			areaFraction = b.areaFraction;
			matchedPeaks = b.matchedPeaks;
			strongSticks = b.strongSticks;
			strongFound = b.strongFound;
		}

		/** A builder holding every field of this score. */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The score as {@link #match} fills it in. */
		static final class Builder {
			final Phase phase;
			final List<XraySticks.Stick> sticks;
			double score, latticeScale = 1, sigmaLatticeScale = Double.NaN, areaFraction;
			int matchedPeaks, strongSticks, strongFound;

			Builder(Phase phase, List<XraySticks.Stick> sticks) {
				this.phase = phase;
				this.sticks = sticks;
			}

			Builder(PhaseScore o) {
				phase = o.phase;
				sticks = o.sticks;
				score = o.score;
				latticeScale = o.latticeScale;
				sigmaLatticeScale = o.sigmaLatticeScale;
				areaFraction = o.areaFraction;
				matchedPeaks = o.matchedPeaks;
				strongSticks = o.strongSticks;
				strongFound = o.strongFound;
			}

			PhaseScore build() {
				return new PhaseScore(this);
			}
		}
	}

	/** The match of all phases; immutable (unmodifiable lists). */
	public static final class Result {
		public final double zeroShift, sigmaZeroShift;
		public final boolean zeroRefined;
		/**
		 * A refined zero shift within 2 sigma of 0, which is not applied (NaN when none): the zero shift and the
		 * lattice scales are nearly degenerate, and applying a shift the peaks do not determine moves every d by it.
		 * {@link #zeroShift} is then 0 and {@link #sigmaZeroShift} keeps the refined sigma, which stays in sigma(d).
		 */
		public final double zeroNotSignificant;
		public final List<PhaseScore> phases;
		public final List<String> warnings;
		/** The peaks given, in their order, with their d-spacings and indexing (unmodifiable). */
		public final List<XrdAnalyzer.XrdPeak> peaks;

		private Result(Builder b) {
			zeroShift = b.zeroShift;
			sigmaZeroShift = b.sigmaZeroShift;
			zeroRefined = b.zeroRefined;
			zeroNotSignificant = b.zeroNotSignificant;
			List<PhaseScore> ps = new ArrayList<>();
			for (PhaseScore.Builder p : b.phases) ps.add(p.build());
			phases = java.util.Collections.unmodifiableList(ps);
			warnings = java.util.Collections.unmodifiableList(new ArrayList<>(b.warnings));
			List<XrdAnalyzer.XrdPeak> pk = new ArrayList<>();
			for (XrdAnalyzer.XrdPeak.Builder p : b.peaks) pk.add(p.build());
			peaks = java.util.Collections.unmodifiableList(pk);
		}

		/** A builder holding every field of this result (the phases as builders, the lists new). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The result as {@link #match} fills it in. */
		static final class Builder {
			double zeroShift, sigmaZeroShift = Double.NaN;
			boolean zeroRefined;
			double zeroNotSignificant = Double.NaN;
			final List<PhaseScore.Builder> phases = new ArrayList<>();
			final List<String> warnings = new ArrayList<>();
			final List<XrdAnalyzer.XrdPeak.Builder> peaks = new ArrayList<>();

			Builder() {}

			Builder(Result o) {
				zeroShift = o.zeroShift;
				sigmaZeroShift = o.sigmaZeroShift;
				zeroRefined = o.zeroRefined;
				zeroNotSignificant = o.zeroNotSignificant;
				for (PhaseScore p : o.phases) phases.add(p.toBuilder());
				warnings.addAll(o.warnings);
				for (XrdAnalyzer.XrdPeak p : o.peaks) peaks.add(p.toBuilder());
			}

			Result build() {
				return new Result(this);
			}
		}
	}

	/**
	 * @param zeroShift fixed zero shift (deg), or NaN to refine it
	 * @param dTol relative d tolerance (0.005 = 0.5 %)
	 */
	public static Result match(List<XrdAnalyzer.XrdPeak> found, List<Phase> phases, XrayWavelength wl, double xMin,
		double xMax, double dTol, double zeroShift)
	{
		Result.Builder r = new Result.Builder();
		// the peaks are indexed on builders (the caller's stay as they are) and returned in the result
		for (XrdAnalyzer.XrdPeak p : found) r.peaks.add(p.toBuilder());
		List<XrdAnalyzer.XrdPeak.Builder> peaks = r.peaks;
		boolean refineZero = Double.isNaN(zeroShift);
		r.zeroShift = refineZero ? 0 : zeroShift;
		double[] scale = new double[phases.size()];
		java.util.Arrays.fill(scale, 1);
		for (Phase ph : phases) r.phases.add(new PhaseScore.Builder(ph, XraySticks.of(ph, wl.kAlpha1, Math.max(0.5, xMin -
			3), Math.min(179, xMax + 3))));
		if (phases.isEmpty() || peaks.isEmpty()) {
			dSpacings(peaks, wl, r.zeroShift, 0);
			for (PhaseScore.Builder ps : r.phases) score(ps, peaks, xMin, xMax, r.zeroShift);
			return r.build();
		}
		// pass 1: loose, then refine z and s; pass 2: the tolerance, refine again; final labels
		assign(peaks, r, wl, scale, 2 * dTol);
		refine(peaks, r, wl, scale, refineZero);
		assign(peaks, r, wl, scale, dTol);
		refine(peaks, r, wl, scale, refineZero);
		if (r.zeroRefined && Math.abs(r.zeroShift) < 2 * r.sigmaZeroShift) {
			r.zeroNotSignificant = r.zeroShift;
			r.zeroShift = 0;
			r.zeroRefined = false;
			java.util.Arrays.fill(scale, 1);
			assign(peaks, r, wl, scale, dTol);
			refine(peaks, r, wl, scale, false);
		}
		assign(peaks, r, wl, scale, dTol);
		double sz = r.zeroRefined || !Double.isNaN(r.zeroNotSignificant) ? r.sigmaZeroShift : 0;
		dSpacings(peaks, wl, r.zeroShift, sz);
		for (int p = 0; p < phases.size(); p++) r.phases.get(p).latticeScale = scale[p];
		for (PhaseScore.Builder ps : r.phases) score(ps, peaks, xMin, xMax, r.zeroShift);
		return r.build();
	}

	private static void dSpacings(List<XrdAnalyzer.XrdPeak.Builder> peaks, XrayWavelength wl, double z, double sz) {
		for (XrdAnalyzer.XrdPeak.Builder p : peaks) {
			double tt = p.twoTheta - z;
			p.d = wl.d(tt);
			double st = Math.toRadians(Math.hypot(finite(p.sigmaTwoTheta), sz)) / 2;
			p.sigmaD = p.d * st / Math.tan(Math.toRadians(tt / 2));
		}
	}

	private static double finite(double v) {
		return Double.isFinite(v) ? v : 0;
	}

	static void assign(List<XrdAnalyzer.XrdPeak.Builder> peaks, Result.Builder r, XrayWavelength wl, double[] scale,
		double tol)
	{
		for (XrdAnalyzer.XrdPeak.Builder p : peaks) {
			p.assignment = null;
			double tt = p.twoTheta - r.zeroShift;
			double d = wl.d(tt);
			double best = Double.MAX_VALUE;
			for (int k = 0; k < r.phases.size(); k++) {
				PhaseScore.Builder ps = r.phases.get(k);
				double maxI = 0;
				for (XraySticks.Stick s : ps.sticks) maxI = Math.max(maxI, s.intensity);
				for (XraySticks.Stick s : ps.sticks) {
					double ds = s.d * scale[k];
					double rel = (d - ds) / ds;
					if (Math.abs(rel) > tol) continue;
					double sc = Math.abs(rel) / tol + 0.3 * Math.max(0, -Math.log10(Math.max(1e-6, s.intensity / maxI)));
					if (sc < best) {
						best = sc;
						p.assignment = new Assignment(ps.phase, s.family, List.of(), rel);
					}
				}
			}
			if (p.assignment == null) continue;
			// families of the same phase that this peak cannot resolve
			PhaseScore.Builder ps = null;
			int k0 = 0;
			for (int k = 0; k < r.phases.size(); k++) if (r.phases.get(k).phase == p.assignment.phase) {
				ps = r.phases.get(k);
				k0 = k;
			}
			List<Reflection> others = new ArrayList<>();
			for (XraySticks.Stick s : ps.sticks) {
				if (same(s.family, p.assignment.family)) continue;
				double t2 = XrayWavelength.twoTheta(wl.kAlpha1, s.d * scale[k0]) + r.zeroShift;
				if (Math.abs(t2 - p.twoTheta) < 0.5 * Math.max(p.fwhm, 0.02) && s.relative >= 0.5) others.add(s.family);
			}
			if (!others.isEmpty()) p.assignment = new Assignment(p.assignment.phase, p.assignment.family, others, p
				.assignment.relativeError);
		}
	}

	/** Least squares of z (common) and s per phase on the matched peaks. */
	static void refine(List<XrdAnalyzer.XrdPeak.Builder> peaks, Result.Builder r, XrayWavelength wl, double[] scale,
		boolean zero)
	{
		int np = r.phases.size();
		List<XrdAnalyzer.XrdPeak.Builder> used = new ArrayList<>();
		List<Integer> which = new ArrayList<>();
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		int[] perPhase = new int[np];
		for (XrdAnalyzer.XrdPeak.Builder p : peaks) {
			if (p.assignment == null || !p.converged) continue;
			for (int k = 0; k < np; k++) if (r.phases.get(k).phase == p.assignment.phase) {
				used.add(p);
				which.add(k);
				perPhase[k]++;
				lo = Math.min(lo, p.twoTheta);
				hi = Math.max(hi, p.twoTheta);
			}
		}
		boolean fitZero = zero && used.size() >= 4 && hi - lo >= 15;
		// parameters: [z], s_k for phases with >= 2 peaks
		int[] col = new int[np];
		int m = fitZero ? 1 : 0;
		for (int k = 0; k < np; k++) col[k] = perPhase[k] >= 2 ? m++ : -1;
		if (m == 0 || used.size() < m + 1) return;
		double z = r.zeroShift;
		double[] s = scale.clone();
		RealMatrix cov = null;
		double chi2 = 0;
		for (int it = 0; it < 6; it++) {
			double[][] a = new double[m][m];
			double[] b = new double[m];
			chi2 = normalEquations(used, which, wl, s, z, fitZero, col, a, b);
			double[] delta;
			try {
				LUDecomposition lu = new LUDecomposition(new Array2DRowRealMatrix(a));
				delta = lu.getSolver().solve(new ArrayRealVector(b)).toArray();
				cov = lu.getSolver().getInverse();
			}
			catch (RuntimeException e) {
				return;
			}
			if (fitZero) z += delta[0];
			for (int k = 0; k < np; k++) if (col[k] >= 0) s[k] += delta[col[k]];
		}
		int dof = Math.max(1, used.size() - m);
		double red = Math.max(1, chi2 / dof);
		if (Math.abs(z) > 1 || !Double.isFinite(z)) {
			r.warnings.add(String.format(Locale.ROOT, "zero shift refined to %.3f deg, beyond 1 deg: not applied", z));
			return;
		}
		for (int k = 0; k < np; k++) if (col[k] >= 0 && (Math.abs(s[k] - 1) > 0.05 || !Double.isFinite(s[k]))) {
			r.warnings.add(String.format(Locale.ROOT, "%s: lattice scale refined to %.4f, beyond 5 %%: not applied", r.phases
				.get(k).phase.name, s[k]));
			return;
		}
		if (fitZero) {
			r.zeroShift = z;
			r.sigmaZeroShift = Math.sqrt(cov.getEntry(0, 0) * red);
			r.zeroRefined = true;
		}
		for (int k = 0; k < np; k++) if (col[k] >= 0) {
			scale[k] = s[k];
			r.phases.get(k).sigmaLatticeScale = Math.sqrt(cov.getEntry(col[k], col[k]) * red);
		}
	}

	/** Adds the matched peaks' weighted normal equations for [z], s_k at the current values into a, b; chi-square. */
	private static double normalEquations(List<XrdAnalyzer.XrdPeak.Builder> used, List<Integer> which, XrayWavelength wl,
		double[] s, double z, boolean fitZero, int[] col, double[][] a, double[] b)
	{
		int m = b.length;
		double chi2 = 0;
		for (int q = 0; q < used.size(); q++) {
			XrdAnalyzer.XrdPeak.Builder p = used.get(q);
			int k = which.get(q);
			double dl = p.assignment.family.d;
			double t = XrayWavelength.twoTheta(wl.kAlpha1, dl * s[k]);
			if (Double.isNaN(t)) continue;
			double res = p.twoTheta - (t + z);
			double sg = Math.hypot(Double.isFinite(p.sigmaTwoTheta) ? p.sigmaTwoTheta : 0.01, 0.002);
			double w = 1 / (sg * sg);
			double[] g = new double[m];
			if (fitZero) g[0] = 1;
			if (col[k] >= 0) g[col[k]] = -2 * Math.tan(Math.toRadians(t / 2)) / s[k] * 180 / Math.PI;
			for (int i = 0; i < m; i++) {
				b[i] += w * g[i] * res;
				for (int j = 0; j < m; j++) a[i][j] += w * g[i] * g[j];
			}
			chi2 += w * res * res;
		}
		return chi2;
	}

	static void score(PhaseScore.Builder ps, List<XrdAnalyzer.XrdPeak.Builder> peaks, double xMin, double xMax, double z) {
		double total = 0, found = 0, areaAll = 0, areaMine = 0;
		for (XrdAnalyzer.XrdPeak.Builder p : peaks) {
			areaAll += Math.max(0, p.area);
			if (p.assignment != null && p.assignment.phase == ps.phase) {
				ps.matchedPeaks++;
				areaMine += Math.max(0, p.area);
			}
		}
		for (XraySticks.Stick s : ps.sticks) {
			double t = s.twoTheta + z;
			if (t < xMin || t > xMax) continue;
			if (s.relative < 5) continue;
			ps.strongSticks++;
			total += s.intensity;
			for (XrdAnalyzer.XrdPeak.Builder p : peaks) if (p.assignment != null && p.assignment.phase == ps.phase && p.assignment
				.covers(s.family)) {
				found += s.intensity;
				ps.strongFound++;
				break;
			}
		}
		ps.score = total > 0 ? found / total : 0;
		ps.areaFraction = areaAll > 0 ? areaMine / areaAll : 0;
	}

	static boolean same(Reflection a, Reflection b) {
		return a.h == b.h && a.k == b.k && a.l == b.l;
	}
}
