package org.interphase.core.raman;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.interphase.core.Parallel;
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
		public int failedCount, missingCount, spikesTotal, largeShiftCount;

		MapResult(int pixels, BnSpectrumFit mean) {
			this.pixels = pixels;
			this.mean = mean;
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
		BnFitter meanFitter = new BnFitter(settings, axis);
		int i0 = meanFitter.firstChannel(), nw = meanFitter.channels();
		boolean[] missing = new boolean[pixels];
		double[] sums = new double[pixels];
		int valid = 0;
		for (int p = 0; p < pixels; p++) {
			int off = p * n;
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
		if (valid == 0) throw new IllegalArgumentException("every spectrum of the map has missing values");
		// 1. spikes: each pixel against its neighbours, into a cleaned copy of the fit window
		double[] clean = new double[pixels * nw];
		int[] spikes = new int[pixels];
		Parallel.forRange(pixels, threads, (from, to) -> {
			MapSpikes ms = new MapSpikes(nw);
			double[] buf = new double[nw];
			for (int p = from; p < to; p++) {
				if (missing[p]) continue;
				spikes[p] = settings.despike ? ms.clean(data, n, i0, pixels, nx, p, sums, missing, buf) : 0;
				if (!settings.despike) System.arraycopy(data, p * n + i0, buf, 0, nw);
				System.arraycopy(buf, 0, clean, p * nw, nw);
			}
		});
		// 2. the mean spectrum, fitted with detection: positions and widths of every band
		double[] mean = new double[n];
		for (int p = 0; p < pixels; p++) if (!missing[p]) for (int k = 0; k < nw; k++) mean[i0 + k] += clean[p * nw + k];
		for (int k = 0; k < nw; k++) mean[i0 + k] /= valid;
		BnSpectrumFit meanFit = meanFitter.fit(mean, 0, null, BnFitter.Mode.DETECT, true);
		MapResult res = new MapResult(pixels, meanFit);
		System.arraycopy(missing, 0, res.missing, 0, pixels);
		res.missingCount = pixels - valid;
		// 3. per pixel: areas and the small h-BN shift / width change with the mean's shapes (BnPixelFitter)
		AtomicInteger done = new AtomicInteger();
		int[] failedCount = new int[1];
		Object lock = new Object();
		Parallel.forRange(pixels, threads, (from, to) -> {
			BnFitter f = new BnFitter(settings, axis);
			BnPixelFitter pf = new BnPixelFitter(settings.model, f.x(), f.smoother(), meanFit.best);
			BnPixelFitter.Pixel px = new BnPixelFitter.Pixel();
			double[] y = new double[nw];
			int localFailed = 0;
			for (int p = from; p < to; p++) {
				if (progress.cancelled()) throw new IllegalStateException("cancelled");
				if (missing[p]) continue;
				System.arraycopy(clean, p * nw, y, 0, nw);
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
				if ((d & 1023) == 0) progress.update(d / (double) pixels, "Raman map: " + d + " of " + pixels + " pixels");
			}
			synchronized (lock) {
				failedCount[0] += localFailed;
			}
		});
		res.failedCount = failedCount[0];
		int sp = 0, large = 0;
		for (int p = 0; p < pixels; p++) {
			res.spikes[p] = spikes[p];
			sp += spikes[p];
			if (res.largeShift[p]) large++;
		}
		res.spikesTotal = sp;
		res.largeShiftCount = large;
		progress.update(1, "Raman map fitted");
		return res;
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
