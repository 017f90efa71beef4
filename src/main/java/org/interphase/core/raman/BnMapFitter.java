package org.interphase.core.raman;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.interphase.core.Parallel;
import org.interphase.core.fit.Parameters;
import org.interphase.core.progress.Progress;

/**
 * Fits every spectrum of a map or series. The mean spectrum (over pixels without missing values) is fitted
 * first with band detection; its best parameters start every pixel, with the LATP band positions and widths and
 * the line-shape mixing parameters held at the mean-spectrum values (the substrate and the instrument do not
 * change from pixel to pixel; only intensities do), and c-BN free only when the mean spectrum shows it. Pixels
 * run in parallel ({@link Parallel#forRange}), each thread with its own {@link BnFitter}; results go to primitive
 * per-pixel arrays. A pixel whose fit throws or does not converge is "failed" (NaN everywhere); pixels with
 * missing values are "missing"; a pixel without a positive h-BN area has no ratio (NaN) but its other bands.
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
		public final boolean[] failed, missing;
		public int failedCount, missingCount, spikesTotal;

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
		}

		private static double[] nan(int n) {
			double[] d = new double[n];
			Arrays.fill(d, Double.NaN);
			return d;
		}
	}

	/**
	 * @param data pixels x channels, C order (pixel-major)
	 * @param axis ascending shift axis (cm-1), length channels
	 */
	public static MapResult fit(double[] data, int pixels, double[] axis, BnFitSettings settings, int threads,
		Progress progress)
	{
		int n = axis.length;
		if ((long) pixels * n != data.length) throw new IllegalArgumentException("data length " + data.length +
			" is not " + pixels + " x " + n);
		boolean[] missing = new boolean[pixels];
		double[] mean = new double[n];
		int valid = 0;
		for (int p = 0; p < pixels; p++) {
			int off = p * n;
			boolean ok = true;
			for (int k = 0; k < n && ok; k++) if (!Double.isFinite(data[off + k])) ok = false;
			missing[p] = !ok;
			if (!ok) continue;
			valid++;
			for (int k = 0; k < n; k++) mean[k] += data[off + k];
		}
		if (valid == 0) throw new IllegalArgumentException("every spectrum of the map has missing values");
		for (int k = 0; k < n; k++) mean[k] /= valid;
		BnFitter meanFitter = new BnFitter(settings, axis);
		BnSpectrumFit meanFit = meanFitter.fit(mean, 0, null, BnFitter.Mode.DETECT, true);
		MapResult res = new MapResult(pixels, meanFit);
		System.arraycopy(missing, 0, res.missing, 0, pixels);
		res.missingCount = pixels - valid;
		Parameters template = pixelTemplate(settings.model, meanFit.best);
		AtomicInteger done = new AtomicInteger();
		int[] failedCount = new int[1];
		Object lock = new Object();
		Parallel.forRange(pixels, threads, (from, to) -> {
			BnFitter f = new BnFitter(settings, axis);
			int localFailed = 0;
			for (int p = from; p < to; p++) {
				if (progress.cancelled()) throw new IllegalStateException("cancelled");
				if (missing[p]) continue;
				BnSpectrumFit r;
				try {
					r = f.fit(data, p * n, template, BnFitter.Mode.ONE_PASS, false);
				}
				catch (RuntimeException e) {
					r = null;
				}
				if (r == null || !r.converged || !Double.isFinite(r.reducedChi2) || !Double.isFinite(r.area(BnBands.HBN))) {
					res.failed[p] = true;
					localFailed++;
					if (r != null) res.spikes[p] = r.spikes;
					continue;
				}
				store(res, p, r);
				int d = done.incrementAndGet();
				if ((d & 255) == 0) progress.update(d / (double) pixels, "Raman map: " + d + " of " + pixels + " pixels");
			}
			synchronized (lock) {
				failedCount[0] += localFailed;
			}
		});
		res.failedCount = failedCount[0];
		int sp = 0;
		for (int p = 0; p < pixels; p++) sp += res.spikes[p];
		res.spikesTotal = sp;
		progress.update(1, "Raman map fitted");
		return res;
	}

	/** Start of every pixel: the mean fit with substrate shapes and mixing parameters fixed. */
	static Parameters pixelTemplate(BnModel m, Parameters meanBest) {
		Parameters t = meanBest.copy();
		for (BnBands b : m.bands()) {
			if (b.isSubstrate()) {
				t.get(b.id + "_center").fixed();
				for (String w : m.widthParameters(b)) t.get(w).fixed();
			}
			for (String w : m.mixingParameters(b)) t.get(w).fixed();
		}
		return t;
	}

	private static void store(MapResult res, int p, BnSpectrumFit r) {
		res.hbnPosition[p] = r.position(BnBands.HBN);
		res.hbnFwhm[p] = r.fwhm(BnBands.HBN);
		res.hbnArea[p] = r.area(BnBands.HBN);
		res.cbnPosition[p] = r.position(BnBands.CBN_TO);
		res.cbnFwhm[p] = r.fwhm(BnBands.CBN_TO);
		res.cbnArea[p] = r.area(BnBands.CBN_TO);
		res.loPosition[p] = r.position(BnBands.CBN_LO);
		res.loFwhm[p] = r.fwhm(BnBands.CBN_LO);
		res.loArea[p] = r.area(BnBands.CBN_LO);
		// no h-BN in this pixel (area not positive): the ratio is undefined here
		boolean h = r.area(BnBands.HBN) > 0;
		res.ratio[p] = h ? r.ratio : Double.NaN;
		res.ratioSd[p] = h ? r.ratioSd : Double.NaN;
		res.crystalliteSize[p] = r.crystalliteSize;
		res.reducedChi2[p] = r.reducedChi2;
		res.spikes[p] = r.spikes;
	}
}
