package org.interphase.core.diffraction.xrd;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The reflections of an identified phase that are too weak to be detected as peaks, fitted where the phase puts
 * them. At low crystallinity most of a phase's reflections sit below the detection limit; left out, their area is
 * missing from the crystalline area and the index reads low (on LATP patterns of crystallinity 0.1, 6-13 % of the
 * Bragg area). Every stick of a matched phase (match score and indexed peaks above a floor) that no fitted peak
 * covers gets a doublet at its 2-theta (library d times the phase's refined lattice scale, plus the zero shift),
 * with the width and Lorentzian fraction of the fitted peaks at that angle (FWHM linear in tan theta) and a free
 * area; sticks closer than half a width are one. The areas are the weighted linear least-squares solution on what
 * the fitted model leaves (y - background - halo - peaks), not forced positive, so noise adds nothing on average;
 * their sum and its variance (the sum of the covariance matrix) go into the crystalline area. The smooth background
 * and halo were fitted through these lines and took part of their area, so they are fitted again with the weak
 * lines held passive, and the areas solved again (twice).
 */
public final class WeakReflections {
	/** A phase takes part when its match score reaches this and it indexes at least {@link #MIN_PEAKS} peaks. */
	public static final double MIN_SCORE = 0.5;
	public static final int MIN_PEAKS = 3;
	/** Sticks weaker than this (percent of the phase's strongest) are left out. */
	public static final double MIN_RELATIVE = 0.5;

	/** Sum of the fitted areas with the Kα1 centre in the crystallinity range, and its standard deviation. */
	public final double area, sigmaArea;
	/** Number of predicted positions fitted (in the range). */
	public final int count;
	/** The phases that took part. */
	public final List<String> phases;

	private WeakReflections(double area, double sigmaArea, int count, List<String> phases) {
		this.area = area;
		this.sigmaArea = sigmaArea;
		this.count = count;
		this.phases = phases;
	}

	static final WeakReflections NONE = new WeakReflections(0, 0, 0, List.of());

	/**
	 * Fits the undetected reflections of the matched phases, refits the background and halo with them, and counts
	 * their area in the result's crystalline area and index ({@link XrdAnalyzer.Result#weak}).
	 */
	public static XrdAnalyzer.Result apply(XrdAnalyzer.Result r, XrdPhaseMatcher.Result m) {
		XrdAnalyzer.Result.Builder b = r.toBuilder();
		b.include(fit(b, m));
		return b.build();
	}

	private static WeakReflections fit(XrdAnalyzer.Result.Builder r, XrdPhaseMatcher.Result m) {
		if (r.noPeaks || r.peakList.size() < MIN_PEAKS || r.variance == null) return NONE;
		KAlphaDoublet shape = KAlphaDoublet.of("w_", r.wavelength);
		double[] wModel = widthModel(r.peakList);
		double eta = medianFraction(r.peakList);
		double[] x = r.x;
		List<String> used = new ArrayList<>();
		List<double[]> cand = uncoveredSticks(r, m, shape, wModel, used);
		if (cand.isEmpty()) return new WeakReflections(0, 0, 0, used);
		cand.sort((a, b) -> Double.compare(a[0], b[0]));
		List<double[]> pos = mergedPositions(cand, wModel);
		int k = pos.size(), n = x.length;
		double[][] prof = new double[k][];
		int[] lo = new int[k];
		unitProfiles(pos, x, shape, wModel, eta, prof, lo);
		RealMatrix inv = new SingularValueDecomposition(new Array2DRowRealMatrix(normalMatrix(prof, lo, r.variance), false))
			.getSolver().getInverse();
		double[] areas = areasWithDiffuseRefitted(r, prof, lo, inv);
		double sum = 0, var = 0;
		int count = 0;
		boolean[] in = new boolean[k];
		for (int j = 0; j < k; j++) in[j] = pos.get(j)[0] >= r.rangeMin && pos.get(j)[0] <= r.rangeMax;
		for (int j = 0; j < k; j++) {
			if (!in[j]) continue;
			count++;
			sum += areas[j];
			for (int l = 0; l < k; l++) if (in[l]) var += inv.getEntry(j, l);
		}
		// the residual's scatter about the model scales the covariance (as the peak fits' reduced chi-square does)
		double chi2 = Double.isFinite(r.diffuseReducedChi2) && r.diffuseReducedChi2 > 1 ? r.diffuseReducedChi2 : 1;
		return new WeakReflections(sum, Math.sqrt(Math.max(0, var) * chi2), count, used);
	}

	/** Candidate centres (K-alpha1 2-theta) of the matched phases' uncovered sticks, with their intensities. */
	private static List<double[]> uncoveredSticks(XrdAnalyzer.Result.Builder r, XrdPhaseMatcher.Result m, KAlphaDoublet shape,
		double[] wModel, List<String> used)
	{
		double[] x = r.x;
		List<double[]> cand = new ArrayList<>();
		for (XrdPhaseMatcher.PhaseScore ps : m.phases) {
			if (!(ps.score >= MIN_SCORE) || ps.matchedPeaks < MIN_PEAKS) continue;
			used.add(ps.phase.name);
			for (XraySticks.Stick s : ps.sticks) {
				if (s.relative < MIN_RELATIVE) continue;
				double tt = XrayWavelength.twoTheta(r.wavelength.kAlpha1, s.d * ps.latticeScale) + m.zeroShift;
				if (!(tt > x[0] && tt < x[x.length - 1])) continue;
				double w = width(wModel, tt);
				if (covered(r.peakList, shape, tt, w)) continue;
				cand.add(new double[] { tt, s.intensity });
			}
		}
		return cand;
	}

	/** Merges positions closer than half a width (intensity-weighted centre). */
	private static List<double[]> mergedPositions(List<double[]> cand, double[] wModel) {
		List<double[]> pos = new ArrayList<>();
		for (double[] c : cand) {
			double[] last = pos.isEmpty() ? null : pos.get(pos.size() - 1);
			if (last != null && c[0] - last[0] < 0.5 * width(wModel, c[0])) {
				double wsum = last[1] + c[1];
				last[0] = (last[0] * last[1] + c[0] * c[1]) / Math.max(wsum, 1e-300);
				last[1] = wsum;
			}
			else pos.add(c.clone());
		}
		return pos;
	}

	/** Unit-area profiles, each over its window (prof[j] from index lo[j]). */
	private static void unitProfiles(List<double[]> pos, double[] x, KAlphaDoublet shape, double[] wModel, double eta,
		double[][] prof, int[] lo)
	{
		int k = pos.size(), n = x.length;
		for (int j = 0; j < k; j++) {
			double c = pos.get(j)[0], w = width(wModel, c);
			double c2 = shape.secondCenter(c);
			double a = c - 6 * w, b = (Double.isNaN(c2) ? c : c2) + 6 * w;
			int i0 = Math.max(0, XrdAnalyzer.lowerIndex(x, a)), i1 = Math.min(n - 1, XrdAnalyzer.lowerIndex(x, b) + 1);
			double[] xs = java.util.Arrays.copyOfRange(x, i0, i1 + 1);
			double[] p = new double[xs.length];
			shape.addTo(xs, new double[] { 1, c, w, eta }, p);
			prof[j] = p;
			lo[j] = i0;
		}
	}

	/** Normal matrix of the profiles (weights 1 / variance). */
	private static double[][] normalMatrix(double[][] prof, int[] lo, double[] variance) {
		int k = prof.length;
		double[][] a = new double[k][k];
		for (int j = 0; j < k; j++) {
			for (int l = j; l < k; l++) {
				int from = Math.max(lo[j], lo[l]), to = Math.min(lo[j] + prof[j].length, lo[l] + prof[l].length);
				double s = 0;
				for (int i = from; i < to; i++) s += prof[j][i - lo[j]] * prof[l][i - lo[l]] / variance[i];
				a[j][l] = s;
				a[l][j] = s;
			}
		}
		return a;
	}

	/**
	 * Areas by least squares on y - B - H - P; the right-hand side changes as the background and halo are refitted
	 * with the weak lines (twice); the third pass sets the fitted curve shown.
	 */
	private static double[] areasWithDiffuseRefitted(XrdAnalyzer.Result.Builder r, double[][] prof, int[] lo, RealMatrix inv) {
		int k = prof.length, n = r.x.length;
		double[] b = new double[k], areas = new double[k];
		for (int pass = 0; pass < 3; pass++) {
			java.util.Arrays.fill(b, 0);
			for (int j = 0; j < k; j++) for (int t = 0; t < prof[j].length; t++) {
				int i = lo[j] + t;
				b[j] += prof[j][t] * (r.y[i] - r.background[i] - r.halo[i] - r.peaks[i]) / r.variance[i];
			}
			for (int j = 0; j < k; j++) {
				double aj = 0;
				for (int l = 0; l < k; l++) aj += inv.getEntry(j, l) * b[l];
				areas[j] = aj;
			}
			double[] extra = new double[n];
			for (int j = 0; j < k; j++) for (int t = 0; t < prof[j].length; t++) extra[lo[j] + t] += areas[j] * prof[j][t];
			if (pass < 2) XrdAnalyzer.refitDiffuse(r, extra);
			// the fitted curve shown: B + H + P + the final weak lines
			else for (int i = 0; i < n; i++) r.envelope[i] = r.background[i] + r.halo[i] + r.peaks[i] + extra[i];
		}
		return areas;
	}

	/**
	 * FWHM = a + b tan(theta) over the fitted peaks by least squares: {a, b, lower clamp, upper clamp} (half and
	 * twice the median width), or {median, 0} with fewer than 3 converged peaks.
	 */
	static double[] widthModel(List<XrdAnalyzer.XrdPeak> peaks) {
		double[] w = new double[peaks.size()];
		double st = 0, sw = 0, stt = 0, stw = 0;
		int n = 0;
		for (int i = 0; i < w.length; i++) {
			XrdAnalyzer.XrdPeak p = peaks.get(i);
			w[i] = p.fwhm;
			if (!p.converged || !(p.fwhm > 0)) continue;
			double t = Math.tan(Math.toRadians(p.twoTheta / 2));
			st += t;
			sw += p.fwhm;
			stt += t * t;
			stw += t * p.fwhm;
			n++;
		}
		double med = XrdAnalyzer.median(w);
		double det = n * stt - st * st;
		if (n < 3 || !(det > 1e-12 * n * stt)) return new double[] { med, 0 };
		double bb = (n * stw - st * sw) / det, aa = (sw - bb * st) / n;
		return new double[] { aa, bb, 0.5 * med, 2 * med };
	}

	static double width(double[] model, double twoTheta) {
		if (model.length == 2) return model[0];
		double w = model[0] + model[1] * Math.tan(Math.toRadians(twoTheta / 2));
		return Math.max(model[2], Math.min(model[3], w));
	}

	private static double medianFraction(List<XrdAnalyzer.XrdPeak> peaks) {
		double[] f = new double[peaks.size()];
		for (int i = 0; i < f.length; i++) f[i] = peaks.get(i).fraction;
		return XrdAnalyzer.clamp(XrdAnalyzer.median(f), 0, 1);
	}

	/** Whether a fitted peak (its K-alpha1 or K-alpha2 line) lies within one width of tt. */
	private static boolean covered(List<XrdAnalyzer.XrdPeak> peaks, KAlphaDoublet shape, double tt, double w) {
		for (XrdAnalyzer.XrdPeak p : peaks) {
			double reach = Math.max(w, p.fwhm);
			if (Math.abs(p.twoTheta - tt) < reach) return true;
			double c2 = shape.secondCenter(p.twoTheta);
			if (!Double.isNaN(c2) && Math.abs(c2 - tt) < reach) return true;
			double t2 = shape.secondCenter(tt);
			if (!Double.isNaN(t2) && Math.abs(p.twoTheta - t2) < reach) return true;
		}
		return false;
	}
}
