package org.interphase.core.raman;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.interphase.core.Parallel;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.progress.Progress;

/**
 * Fits every spectrum of a map or series:
 * <ol>
 * <li>cosmic-ray spikes are removed by comparing each pixel with its neighbours ({@link MapSpikes});</li>
 * <li>the mean spectrum (over pixels without missing values) is fitted with band detection ({@link BnFitter}):
 * it fixes every band's position and width (and the instrument width);</li>
 * <li>each pixel fits only the band areas and a small, linearised h-BN shift and width change
 * ({@link BnPixelFitter}), so a weak c-BN band cannot wander in its window from pixel to pixel.</li>
 * </ol>
 * Pixels run in parallel ({@link Parallel#forRange}), each thread with its own work arrays; results go to
 * primitive per-pixel arrays. A pixel whose normal equations are singular is "failed" (NaN everywhere); pixels
 * with missing values are "missing"; a pixel without a positive h-BN area has no ratio (NaN).
 */
public final class BnMapFitter {
	private BnMapFitter() {}

	/** Per-pixel results (arrays of length pixels, NaN where not available) and the mean-spectrum fit. */
	public static final class MapResult {
		public final int pixels;
		public final BnSpectrumFit mean;
		public final double[] hbnPosition, hbnFwhm, hbnArea, cbnPosition, cbnFwhm, cbnArea, loPosition, loFwhm, loArea,
			ratio, ratioSd, crystalliteSize, reducedChi2;
		public final int[] spikes;
		public final boolean[] failed, missing, largeShift;
		/** c-BN TO area above {@code significance} sigma in the pixel */
		public final boolean[] cbnDetected;
		/** Pixels failed, missing, spikes removed, pixels with a large shift (counts of the arrays above). */
		public final int failedCount, missingCount, spikesTotal, largeShiftCount;

		MapResult(int pixels, BnSpectrumFit mean) {
			this.pixels = pixels;
			this.mean = mean;
			failedCount = missingCount = spikesTotal = largeShiftCount = 0;
			hbnPosition = nan(pixels);
			hbnFwhm = nan(pixels);
			hbnArea = nan(pixels);
			cbnPosition = nan(pixels);
			cbnFwhm = nan(pixels);
			cbnArea = nan(pixels);
			loPosition = nan(pixels);
			loFwhm = nan(pixels);
			loArea = nan(pixels);
			ratio = nan(pixels);
			ratioSd = nan(pixels);
			crystalliteSize = nan(pixels);
			reducedChi2 = nan(pixels);
			spikes = new int[pixels];
			failed = new boolean[pixels];
			missing = new boolean[pixels];
			largeShift = new boolean[pixels];
			cbnDetected = new boolean[pixels];
		}

		/** The same pixel arrays (shared, not copied) with their counts. */
		MapResult counted(int failedCount, int missingCount, int spikesTotal, int largeShiftCount) {
			return new MapResult(this, failedCount, missingCount, spikesTotal, largeShiftCount);
		}

		private MapResult(MapResult a, int failedCount, int missingCount, int spikesTotal, int largeShiftCount) {
			pixels = a.pixels;
			mean = a.mean;
			hbnPosition = a.hbnPosition;
			hbnFwhm = a.hbnFwhm;
			hbnArea = a.hbnArea;
			cbnPosition = a.cbnPosition;
			cbnFwhm = a.cbnFwhm;
			cbnArea = a.cbnArea;
			loPosition = a.loPosition;
			loFwhm = a.loFwhm;
			loArea = a.loArea;
			ratio = a.ratio;
			ratioSd = a.ratioSd;
			crystalliteSize = a.crystalliteSize;
			reducedChi2 = a.reducedChi2;
			spikes = a.spikes;
			failed = a.failed;
			missing = a.missing;
			largeShift = a.largeShift;
			cbnDetected = a.cbnDetected;
			this.failedCount = failedCount;
			this.missingCount = missingCount;
			this.spikesTotal = spikesTotal;
			this.largeShiftCount = largeShiftCount;
		}

		private static double[] nan(int n) {
			double[] d = new double[n];
			Arrays.fill(d, Double.NaN);
			return d;
		}
	}

	/** A series (one row of spectra): neighbours along the series. */
	public static MapResult fit(double[] data, int pixels, double[] axis, BnFitSettings settings, int threads,
		Progress progress)
	{
		return fit(data, pixels, pixels, axis, settings, threads, progress);
	}

	/**
	 * @param data pixels x channels, C order (pixel-major)
	 * @param nx pixels per map row (for the neighbour comparison of the spike removal; a series: pixels)
	 * @param axis ascending shift axis (cm-1), length channels
	 */
	public static MapResult fit(double[] data, int pixels, int nx, double[] axis, BnFitSettings settings, int threads,
		Progress progress)
	{
		int n = axis.length;
		if ((long) pixels * n != data.length) throw new IllegalArgumentException("data length " + data.length +
			" is not " + pixels + " x " + n);
		SpectrumTiles src = pixels % nx == 0 ? SpectrumTiles.of(data, pixels / nx, nx, n) : SpectrumTiles.of(data, 1,
			pixels, n);
		return fit(src, nx, axis, settings, threads, progress);
	}

	/**
	 * A map read in tiles of rows ({@link SpectrumTiles#tileRows}; a map in memory is one tile): pass 1 finds the
	 * missing pixels and each pixel's sum, pass 2 removes the spikes of each tile (with one row of neighbours above
	 * and below) and adds the cleaned spectra to the mean in pixel order, pass 3 cleans each tile again and fits its
	 * pixels. The numbers are those of the whole map in memory, to the bit; memory is a few tiles and the per-pixel
	 * results.
	 */
	public static MapResult fit(SpectrumTiles src, double[] axis, BnFitSettings settings, int threads,
		Progress progress)
	{
		return fit(src, src.columns(), axis, settings, threads, progress);
	}

	private static MapResult fit(SpectrumTiles src, int nx, double[] axis, BnFitSettings settings, int threads,
		Progress progress)
	{
		if (src.channels() != axis.length) throw new IllegalArgumentException("spectra of " + src.channels()
			+ " channels do not match the " + axis.length + " of the shift axis");
		if (src.pixels() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("map of " + src.pixels()
			+ " pixels is too large for its result images");
		Tiles t = new Tiles(src, nx, new BnFitter(settings, axis), settings);
		t.missingAndSums();
		double[] mean = t.cleanedMean(threads);
		BnSpectrumFit meanFit = t.meanFitter.fit(mean, 0, null, BnFitter.Mode.DETECT, true);
		MapResult res = new MapResult(t.pixels, meanFit);
		System.arraycopy(t.missing, 0, res.missing, 0, t.pixels);
		int failed = t.fitPixels(res, axis, threads, progress);
		int sp = 0, large = 0;
		for (int p = 0; p < t.pixels; p++) {
			res.spikes[p] = t.spikes[p];
			sp += t.spikes[p];
			if (res.largeShift[p]) large++;
		}
		progress.update(1, "Raman map fitted");
		return res.counted(failed, t.pixels - t.valid, sp, large);
	}

	/** The passes over the tiles of one map, and what they share. */
	private static final class Tiles {
		final SpectrumTiles src;
		final BnFitter meanFitter;
		final BnFitSettings settings;
		final int nx, n, i0, nw, pixels, tile, rows;
		final boolean[] missing;
		final double[] sums;
		final int[] spikes;
		int valid;
		/** The cleaned fit windows of the last tile cleaned (kept for pass 3 when the map is one tile). */
		double[] clean;
		int cleanRow = -1;
		/** A streamed source's read buffer: a tile with a row above and below. */
		final double[] buf;

		Tiles(SpectrumTiles src, int nx, BnFitter meanFitter, BnFitSettings settings) {
			this.src = src;
			this.nx = nx;
			this.meanFitter = meanFitter;
			this.settings = settings;
			n = src.channels();
			i0 = meanFitter.firstChannel();
			nw = meanFitter.channels();
			pixels = (int) src.pixels();
			rows = src.rows();
			tile = SpectrumTiles.tileRows(src);
			missing = new boolean[pixels];
			sums = new double[pixels];
			spikes = new int[pixels];
			buf = src.streamed() ? new double[(int) Math.min(Integer.MAX_VALUE - 8, (long) Math.min(rows, tile + 2)
				* src.columns() * n)] : null;
		}

		/** Pass 1: the pixels with a missing value, and each pixel's sum over the fit window. */
		void missingAndSums() {
			int cols = src.columns();
			for (int r0 = 0; r0 < rows; r0 += tile) {
				int nr = Math.min(tile, rows - r0);
				double[] data = src.read(r0, nr, buf);
				long origin = src.offset(r0) - (long) r0 * cols * n;
				for (int p = r0 * cols; p < (r0 + nr) * cols; p++) {
					int off = (int) (origin + (long) p * n);
					boolean ok = true;
					for (int k = 0; k < n && ok; k++) if (!Double.isFinite(data[off + k])) ok = false;
					missing[p] = !ok;
					if (!ok) {
						sums[p] = Double.NaN;
						continue;
					}
					valid++;
					double t = 0;
					for (int k = 0; k < nw; k++) t += data[off + i0 + k];
					sums[p] = t;
				}
			}
			if (valid == 0) throw new IllegalArgumentException("every spectrum of the map has missing values");
		}

		/**
		 * The cleaned fit windows of rows [r0, r0 + nr) (spikes against the neighbours): read with a row above and
		 * below, into {@link #clean} (pixel p at (p - r0 * columns) * nw).
		 */
		void cleanTile(int r0, int nr, int threads) {
			if (cleanRow == r0 && clean != null) return;
			int cols = src.columns(), h0 = Math.max(0, r0 - 1), h1 = Math.min(rows, r0 + nr + 1);
			double[] data = src.read(h0, h1 - h0, buf);
			long origin = src.offset(h0) - (long) h0 * cols * n;
			int first = r0 * cols, count = nr * cols;
			if (clean == null || clean.length < count * nw) clean = new double[count * nw];
			double[] out = clean;
			Parallel.forRange(count, threads, (from, to) -> {
				MapSpikes ms = new MapSpikes(nw);
				double[] b = new double[nw];
				for (int i = from; i < to; i++) {
					int p = first + i;
					if (missing[p]) continue;
					spikes[p] = settings.despike ? ms.clean(data, origin, n, i0, pixels, nx, p, sums, missing, b) : 0;
					if (!settings.despike) System.arraycopy(data, (int) (origin + (long) p * n) + i0, b, 0, nw);
					System.arraycopy(b, 0, out, i * nw, nw);
				}
			});
			cleanRow = r0;
		}

		/** Pass 2: the mean of the cleaned spectra over pixels without missing values, added in pixel order. */
		double[] cleanedMean(int threads) {
			double[] mean = new double[n];
			int cols = src.columns();
			for (int r0 = 0; r0 < rows; r0 += tile) {
				int nr = Math.min(tile, rows - r0);
				cleanTile(r0, nr, threads);
				for (int i = 0; i < nr * cols; i++) if (!missing[r0 * cols + i]) for (int k = 0; k < nw; k++)
					mean[i0 + k] += clean[i * nw + k];
			}
			for (int k = 0; k < nw; k++) mean[i0 + k] /= valid;
			return mean;
		}

		/** Pass 3: per pixel the areas and the small h-BN shift / width change with the mean's shapes; the number of
		 * pixels that failed. */
		int fitPixels(MapResult res, double[] axis, int threads, Progress progress) {
			AtomicInteger done = new AtomicInteger();
			int[] failedCount = new int[1];
			Object lock = new Object();
			int cols = src.columns();
			BnSpectrumFit meanFit = res.mean;
			for (int r0 = 0; r0 < rows; r0 += tile) {
				int nr = Math.min(tile, rows - r0), first = r0 * cols;
				cleanTile(r0, nr, threads);
				double[] cl = clean;
				Parallel.forRange(nr * cols, threads, (from, to) -> {
					BnFitter f = new BnFitter(settings, axis);
					BnPixelFitter pf = new BnPixelFitter(settings.model, f.x(), f.smoother(), meanFit.best);
					BnPixelFitter.Pixel px = new BnPixelFitter.Pixel();
					double[] y = new double[nw];
					int localFailed = 0;
					for (int i = from; i < to; i++) {
						int p = first + i;
						if (progress.cancelled()) throw new IllegalStateException("cancelled");
						if (missing[p]) continue;
						System.arraycopy(cl, i * nw, y, 0, nw);
						boolean ok;
						try {
							ok = pf.fit(y, px);
						}
						catch (RuntimeException e) {
							ok = false;
						}
						if (!ok || !Double.isFinite(px.reducedChi2) || !Double.isFinite(px.hbnArea)) {
							res.failed[p] = true;
							localFailed++;
							continue;
						}
						store(res, p, px, meanFit, settings);
						int d = done.incrementAndGet();
						if ((d & 1023) == 0) progress.update(d / (double) pixels, "Raman map: " + d + " of " + pixels
							+ " pixels");
					}
					synchronized (lock) {
						failedCount[0] += localFailed;
					}
				});
			}
			return failedCount[0];
		}
	}

	private static void store(MapResult res, int p, BnPixelFitter.Pixel r, BnSpectrumFit mean, BnFitSettings s) {
		// positions and widths of the other bands are the mean spectrum's (not measured per pixel)
		res.hbnPosition[p] = r.hbnPosition;
		res.hbnFwhm[p] = r.hbnFwhm;
		res.hbnArea[p] = r.hbnArea;
		res.cbnPosition[p] = mean.position(BnBands.CBN_TO);
		res.cbnFwhm[p] = mean.fwhm(BnBands.CBN_TO);
		res.cbnArea[p] = r.cbnArea;
		res.loPosition[p] = mean.position(BnBands.CBN_LO);
		res.loFwhm[p] = mean.fwhm(BnBands.CBN_LO);
		res.loArea[p] = r.loArea;
		// no h-BN in this pixel (area not positive): the ratio is undefined here
		boolean h = r.hbnArea > 0;
		res.ratio[p] = h ? r.ratio : Double.NaN;
		res.ratioSd[p] = h ? r.ratioSd : Double.NaN;
		res.largeShift[p] = r.largeShift;
		res.cbnDetected[p] = r.cbnAreaSd > 0 && r.cbnArea > s.significance * r.cbnAreaSd;
		// crystallite size: the Lorentzian part of the mean's h-BN width, changed by this pixel's width change
		double dl = r.hbnFwhm - mean.fwhm(BnBands.HBN);
		double fl = mean.hbnLorentzianFwhm + dl;
		res.crystalliteSize[p] = mean.flags.contains(BnFitter.SIZE_LOWER_BOUND) || !h ? Double.NaN : s.size.size(fl);
		res.reducedChi2[p] = r.reducedChi2;
	}
}
