package org.interphase.core.xps;

import java.util.Arrays;

import org.interphase.core.Parallel;
import org.interphase.core.data.SpectrumTiles;
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
		int ne = be.length;
		if ((long) height * width * ne != cube.length) throw new IllegalArgumentException("map size " + height + "x"
			+ width + "x" + ne + " does not match " + cube.length + " values");
		return fit(be, SpectrumTiles.of(cube, height, width, ne), t, o, threads);
	}

	/**
	 * The map read in tiles of rows ({@link SpectrumTiles#tileRows}): pass 1 sums the spectra tile by tile (in pixel
	 * order, so the sum is the in-memory one to the bit), pass 2 fits each tile's pixels in parallel. Memory: one
	 * tile and the per-pixel results, whatever the size of the map.
	 */
	public static Result fit(double[] be, SpectrumTiles src, XpsTemplate t, XpsFit.Options o, int threads) {
		int ne = be.length, height = src.rows(), width = src.columns();
		if (src.channels() != ne) throw new IllegalArgumentException("map spectra of " + src.channels()
			+ " energies do not match the " + ne + " of the energy axis");
		if (src.pixels() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("map of " + src.pixels()
			+ " pixels is too large for its result images");
		int np = height * width, tile = SpectrumTiles.tileRows(src);
		double[] sum = summed(src, tile);
		XpsFit.Options so = copyWithoutMc(o);
		XpsFitResult sumFit = XpsFit.fit(be, sum, t, so);
		int ns = sumFit.states.size();
		double[][] frac = new double[ns][np], fracSd = new double[ns][np];
		for (double[] f : frac) Arrays.fill(f, Double.NaN);
		for (double[] f : fracSd) Arrays.fill(f, Double.NaN);
		boolean[] ok = new boolean[np];
		PixelFit pf = new PixelFit(be, sum, sumFit, t, so, frac, fracSd, ok);
		double[] buf = src.streamed() ? new double[(int) Math.min(Integer.MAX_VALUE - 8, (long) tile * width * ne)] : null;
		for (int r0 = 0; r0 < height; r0 += tile) {
			int nr = Math.min(tile, height - r0), p0 = r0 * width;
			double[] d = src.read(r0, nr, buf);
			long off = src.offset(r0);
			Parallel.forRange(nr * width, threads, (from, to) -> {
				double[] y = new double[ne];
				for (int i = from; i < to; i++) {
					System.arraycopy(d, (int) (off + (long) i * ne), y, 0, ne);
					pf.fit(p0 + i, y);
				}
			});
		}
		return new Result(sumFit, width, height, frac, fracSd, ok);
	}

	/** Pass 1: the summed spectrum, tile by tile, pixels in order. */
	static double[] summed(SpectrumTiles src, int tile) {
		int ne = src.channels(), width = src.columns();
		double[] sum = new double[ne];
		double[] buf = src.streamed() ? new double[(int) Math.min(Integer.MAX_VALUE - 8, (long) tile * width * ne)] : null;
		for (int r0 = 0; r0 < src.rows(); r0 += tile) {
			int nr = Math.min(tile, src.rows() - r0);
			double[] d = src.read(r0, nr, buf);
			long off = src.offset(r0);
			for (int i = 0; i < nr * width; i++) {
				int base = (int) (off + (long) i * ne);
				for (int e = 0; e < ne; e++) sum[e] += d[base + e];
			}
		}
		return sum;
	}

	/** Pass 2 for one pixel: the template with the summed fit's shapes, its start scaled to the pixel's counts. */
	static final class PixelFit {
		final double[] be;
		final XpsTemplate t;
		final XpsFit.Options so;
		final Parameters pixelStart;
		final double totalCounts, sumArea;
		final int ns;
		final double[][] frac, fracSd;
		final boolean[] ok;

		PixelFit(double[] be, double[] sum, XpsFitResult sumFit, XpsTemplate t, XpsFit.Options so, double[][] frac,
			double[][] fracSd, boolean[] ok)
		{
			this.be = be;
			this.t = t;
			this.so = so;
			this.frac = frac;
			this.fracSd = fracSd;
			this.ok = ok;
			pixelStart = shared(sumFit.parameters());
			double sumNet = 0;
			for (XpsFitResult.State s : sumFit.states) sumNet += s.area;
			sumArea = sumNet;
			ns = sumFit.states.size();
			double total = 0;
			for (double v : sum) total += v;
			totalCounts = total;
		}

		void fit(int p, double[] y) {
			double pc = 0;
			for (double v : y) pc += v;
			if (!(pc > 0)) return;
			Parameters start = pixelStart.copy();
			double scale = pc / totalCounts;
			for (Parameter q : start.all()) {
				if (q.name.endsWith("_area") && q.link == null) q.value = Math.max(q.value * scale, 1e-6 * sumArea * scale);
				if (q.name.equals("bg_offset") || q.name.equals("bg_slope_c1")) q.value *= scale;
			}
			try {
				XpsFit.Setup s = XpsFit.setup(be, y, t, so);
				XpsFit.Setup ps = new XpsFit.Setup(s.x, s.y, s.model, start, s.fitOptions, s.background, s.specs, s.states,
					s.bg);
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
