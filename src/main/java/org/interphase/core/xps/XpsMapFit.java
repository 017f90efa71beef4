package org.interphase.core.xps;

import java.util.Arrays;

import org.interphase.core.Parallel;
import org.interphase.core.fit.Parameter;
import org.interphase.core.fit.Parameters;

/**
 * The template fitted at every pixel of an XPS map (a spectrum per pixel) with SHARED constraints: first the
 * summed spectrum is fitted; then every pixel is fitted with widths, splittings and chemical shifts fixed to the
 * summed fit, only the areas, the independent centres (within +/- 0.3 eV of the summed fit, for charging
 * drift) and any active background free. Pixels run in parallel.
 */
public final class XpsMapFit {
	private XpsMapFit() {}

	public static final class Result {
		public final XpsFitResult sum;
		public final int width, height;
		/** Per state: fraction map (row-major y, x), NaN where the fit failed. */
		public final double[][] fraction, fractionSd;
		public final boolean[] converged;
		public final int nConverged;

		Result(XpsFitResult sum, int width, int height, double[][] fraction, double[][] fractionSd, boolean[] converged) {
			this.sum = sum;
			this.width = width;
			this.height = height;
			this.fraction = fraction;
			this.fractionSd = fractionSd;
			this.converged = converged;
			int c = 0;
			for (boolean b : converged) if (b) c++;
			nConverged = c;
		}
	}

	/**
	 * @param cube counts in C order (y, x, energy), energy fastest
	 */
	public static Result fit(double[] be, double[] cube, int height, int width, XpsTemplate t, XpsFit.Options o,
		int threads)
	{
		int ne = be.length, np = height * width;
		if ((long) np * ne != cube.length) throw new IllegalArgumentException("map size " + height + "x" + width + "x" + ne
			+ " does not match " + cube.length + " values");
		double[] sum = new double[ne];
		for (int p = 0; p < np; p++) for (int e = 0; e < ne; e++) sum[e] += cube[p * ne + e];
		XpsFit.Options so = copyWithoutMc(o);
		XpsFitResult sumFit = XpsFit.fit(be, sum, t, so);
		Parameters best = sumFit.parameters();
		Parameters pixelStart = shared(best);
		double sumNet = 0;
		for (XpsFitResult.State s : sumFit.states) sumNet += s.area;
		int ns = sumFit.states.size();
		double[][] frac = new double[ns][np], fracSd = new double[ns][np];
		for (double[] f : frac) Arrays.fill(f, Double.NaN);
		for (double[] f : fracSd) Arrays.fill(f, Double.NaN);
		boolean[] ok = new boolean[np];
		double total = 0;
		for (double v : sum) total += v;
		final double totalCounts = total, sumArea = sumNet;
		Parallel.forRange(np, threads, (from, to) -> {
			double[] y = new double[ne];
			for (int p = from; p < to; p++) {
				System.arraycopy(cube, p * ne, y, 0, ne);
				double pc = 0;
				for (double v : y) pc += v;
				if (!(pc > 0)) continue;
				Parameters start = pixelStart.copy();
				double scale = pc / totalCounts;
				for (Parameter q : start.all()) {
					if (q.name.endsWith("_area") && q.link == null) q.value = Math.max(q.value * scale, 1e-6 * sumArea * scale);
					if (q.name.equals("bg_offset") || q.name.equals("bg_slope_c1")) q.value *= scale;
				}
				try {
					XpsFit.Setup s = XpsFit.setup(be, y, t, so);
					XpsFit.Setup ps = new XpsFit.Setup(s.x, s.y, s.model, start, s.fitOptions, s.background, s.specs,
						s.states, s.bg);
					XpsFitResult r = XpsFit.fit(ps, start, so);
					ok[p] = r.fit.converged();
					for (int k = 0; k < ns; k++) {
						frac[k][p] = r.states.get(k).fraction;
						fracSd[k][p] = r.states.get(k).fractionSdCovariance;
					}
				}
				catch (IllegalArgumentException e) {
					ok[p] = false;
				}
			}
		});
		return new Result(sumFit, width, height, frac, fracSd, ok);
	}

	/** The settings without Monte Carlo and on one thread (the summed and pixel fits of a map). */
	static XpsFit.Options copyWithoutMc(XpsFit.Options o) {
		return o.copy().monteCarlo(0, 1).threads(1);
	}

	/** Shared constraints: everything fixed at the summed fit except areas, free centres and active background. */
	static Parameters shared(Parameters best) {
		Parameters p = best.copy();
		for (Parameter q : p.all()) {
			if (q.link != null || !q.vary) continue;
			if (q.name.endsWith("_area") || q.name.startsWith("bg_")) continue;
			if (q.name.endsWith("_center")) {
				q.min = q.value - 0.3;
				q.max = q.value + 0.3;
				continue;
			}
			q.vary = false;
		}
		return p;
	}
}
