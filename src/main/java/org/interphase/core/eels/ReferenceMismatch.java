package org.interphase.core.eels;

import java.util.Arrays;

import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.result.Flags;

/**
 * The part of a fraction's uncertainty that counting statistics do not see: references that do not describe the
 * scan exactly (another thickness, plural scattering, resolution, background left in a reference, a reference
 * of a slightly different compound) and the energy alignment. The spectra are split at the median fraction;
 * each half is summed on the common energy scale and refitted by alternatives a careful analyst would accept as
 * equally valid: the fit window ending 10 eV earlier (L3 and L2 only) or starting 2 eV later, the references
 * broadening 0.15 eV below and above the one chosen (averaged), a reference background extrapolated with another exponent when its pre-edge was
 * short, the background subtracted instead of refined jointly, and the references moved by
 * the alignment's uncertainty (one standard deviation each way, averaged) when no shift is fitted. Each stands for
 * its own source of error, so the changes add in quadrature to the systematic standard deviation at that half's
 * mean fraction, interpolated linearly in the
 * fraction between the two halves and added in quadrature to each spectrum's statistical one. Costs a dozen fits
 * of summed spectra.
 */
final class ReferenceMismatch {
	private ReferenceMismatch() {}

	/** Alignment precision assumed per spectrum (eV) when no per-spectrum shift is fitted. */
	static final double ALIGN_SD = 0.05;
	/** Uncertainty of the chosen reference broadening (FWHM, eV). 0.3 while the choice was on a 0.3 eV grid and
	 * biased low; with the misfit criterion and the parabolic refinement (ValenceMapper.match) 0.15 gives a stress
	 * 1-sigma coverage of 0.74 (0.3: 0.83, too wide). */
	static final double BROADENING_SD = 0.15;
	private static final ThreadLocal<Mlls.Fit> FIT = ThreadLocal.withInitial(Mlls.Fit::new);

	static void apply(ValenceMapper.Result.Builder res, SpectrumTiles src, double[] e, ValenceMapper.Options o,
		boolean fitShift)
	{
		int n = res.n, ch = e.length;
		Reference[] refs = res.references;
		if (refs == null) return;
		int m = 0;
		for (int i = 0; i < n; i++) if (!Double.isNaN(res.fraction[i])) m++;
		if (m == 0) return;
		int[] idx = new int[m];
		m = 0;
		for (int i = 0; i < n; i++) if (!Double.isNaN(res.fraction[i])) idx[m++] = i;
		Integer[] order = new Integer[m];
		for (int j = 0; j < m; j++) order[j] = idx[j];
		Arrays.sort(order, (a, b) -> Double.compare(res.fraction[a], res.fraction[b]));
		int groups = m >= 2 ? 2 : 1;
		Reference[][] broadenings = new Reference[2][];
		for (int sgn = -1, b = 0; sgn <= 1; sgn += 2, b++) {
			if (res.unbroadened != null) {
				double w = res.referenceBroadening + sgn * BROADENING_SD;
				if (w >= 0) broadenings[b] = new Reference[] { res.unbroadened[0].broadened(w), res.unbroadened[1].broadened(
					w) };
			}
			else if (sgn > 0) broadenings[b] = new Reference[] { refs[0].broadened(0.4), refs[1].broadened(0.4) };
		}
		double[] gf = new double[groups], gs = new double[groups];
		double de = (e[ch - 1] - e[0]) / (ch - 1);
		double cs = res.commonShift;
		int[] sorted = new int[m];
		for (int j = 0; j < m; j++) sorted[j] = order[j];
		// added in the order of the fractions, read a batch at a time (a streamed source reads a batch in file order)
		int batch = Math.min(m, src.streamed() ? SpectrumTiles.tileRows(src) * src.columns() : 64);
		double[] ys = new double[batch * ch];
		for (int g = 0; g < groups; g++) {
			int from = g == 0 ? 0 : m / 2, to = groups == 1 ? m : g == 0 ? m / 2 : m;
			double[] sum = new double[ch];
			double fm = 0;
			for (int j = from; j < to; j++) {
				int i = order[j], slot = (j - from) % batch, y = slot * ch;
				if (slot == 0) src.gather(sorted, j, Math.min(batch, to - j), ys);
				fm += res.fraction[i];
				double p = (res.shift[i] - cs) / de;
				for (int k = 0; k < ch; k++) {
					double q = k + p;
					int a = (int) Math.floor(q);
					sum[k] += a < 0 ? ys[y] : a >= ch - 1 ? ys[y + ch - 1] : ys[y + a] + (q - a) * (ys[y + a + 1] - ys[y + a]);
				}
			}
			gf[g] = fm / (to - from);
			gs[g] = spread(sum, e, cs, res, refs, broadenings, o, fitShift);
		}
		if (groups == 1) {
			gf = new double[] { gf[0], gf[0] };
			gs = new double[] { gs[0], gs[0] };
		}
		res.systematic = new double[] { gf[0], gs[0], gf[1], gs[1] };
		for (int j = 0; j < m; j++) {
			int i = idx[j];
			double f = res.fraction[i];
			double t = gf[1] > gf[0] ? Math.max(0, Math.min(1, (f - gf[0]) / (gf[1] - gf[0]))) : 0.5;
			double sys = gs[0] + t * (gs[1] - gs[0]);
			if (Double.isNaN(sys)) continue;
			double stat = res.fractionSd[i];
			res.fractionSd[i] = Math.hypot(stat, sys);
			if (res.fractionSd[i] > 0.1 && stat <= 0.1) res.flags[i] = Flags.join(res.flags[i], Flags.LOW_SNR);
		}
	}

	/** Quadrature sum of the fraction's changes over the alternative analyses of one summed spectrum; NaN if the fit
	 * fails. */
	private static double spread(double[] sum, double[] e, double cs, ValenceMapper.Result.Builder res, Reference[] refs,
		Reference[][] broadenings, ValenceMapper.Options o, boolean fitShift)
	{
		double[] bw = res.backgroundWindow, fw = res.fitWindow;
		double f0 = fit(sum, e, cs, bw, fw, refs, o.jointBackground, fitShift, o.maxShift);
		if (Double.isNaN(f0)) return Double.NaN;
		double ss = 0;
		int k = 0;
		double[][] windows = { { fw[0], Math.max(fw[0] + 8, fw[1] - 10) }, { fw[0] + 2, fw[1] } };
		for (double[] w : windows) {
			double f = fit(sum, e, cs, bw, w, refs, o.jointBackground, fitShift, o.maxShift);
			if (!Double.isNaN(f)) {
				ss += (f - f0) * (f - f0);
				k++;
			}
		}
		// the resolution match: the broadening chosen +-0.15 eV (from the unbroadened references when known)
		double sb = 0;
		int kb = 0;
		for (Reference[] br : broadenings) {
			if (br == null) continue;
			double fb = fit(sum, e, cs, bw, fw, br, o.jointBackground, fitShift, o.maxShift);
			if (!Double.isNaN(fb)) {
				sb += (fb - f0) * (fb - f0);
				kb++;
			}
		}
		if (kb > 0) {
			ss += sb / kb;
			k++;
		}
		if (refs[0].alternative != null || refs[1].alternative != null) {
			Reference[] alt = { refs[0].alternative != null ? refs[0].alternative : refs[0], refs[1].alternative != null
				? refs[1].alternative : refs[1] };
			double fa = fit(sum, e, cs, bw, fw, alt, o.jointBackground, fitShift, o.maxShift);
			if (!Double.isNaN(fa)) {
				ss += (fa - f0) * (fa - f0);
				k++;
			}
		}
		double fs = fit(sum, e, cs, bw, fw, refs, !o.jointBackground, fitShift, o.maxShift);
		if (!Double.isNaN(fs)) {
			ss += (fs - f0) * (fs - f0);
			k++;
		}
		if (!fitShift) {
			double sd = Math.hypot(ALIGN_SD, res.commonShiftSd);
			double sa = 0;
			int ka = 0;
			for (int sgn = -1; sgn <= 1; sgn += 2) {
				double f = fit(sum, e, cs + sgn * sd, bw, fw, refs, o.jointBackground, false, o.maxShift);
				if (!Double.isNaN(f)) {
					sa += (f - f0) * (f - f0);
					ka++;
				}
			}
			if (ka > 0) {
				ss += sa / ka;
				k++;
			}
		}
		// each alternative stands for its own source of error: their changes add in quadrature
		return k == 0 ? Double.NaN : Math.sqrt(ss);
	}

	private static double fit(double[] y, double[] e, double shift, double[] bw, double[] fw, Reference[] refs,
		boolean joint, boolean fitShift, double maxShift)
	{
		PowerLawBackground bg = PowerLawBackground.fit(y, 0, e, shift, bw[0], bw[1]);
		if (!bg.ok()) return Double.NaN;
		int[] kw = ValenceMapper.channels(e, shift, fw);
		int kb = joint ? ValenceMapper.channels(e, shift, bw)[0] : -1;
		Mlls.Fit f = FIT.get();
		Mlls.fit(y, 0, e, kb, kw[0], kw[1], shift, bg, refs, fitShift, maxShift, f);
		return f.ok ? f.fraction(0, 1) : Double.NaN;
	}
}
