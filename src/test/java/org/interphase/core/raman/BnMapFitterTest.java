package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.core.progress.Progress;
import org.interphase.synth.raman.RamanSpectrumGenerator;
import org.junit.jupiter.api.Test;

class BnMapFitterTest {
	@Test
	void everyPixelFittedAgainstTruth() {
		int ny = 5, nx = 6, np = ny * nx;
		RamanSpectrumGenerator.MapData m = new RamanSpectrumGenerator(9).hbnHeight(5e4).map(ny, nx);
		double[] data = m.signal.data().clone();
		int n = m.signal.size(2);
		// one pixel with missing values
		data[7 * n + 10] = Double.NaN;
		BnMapFitter.MapResult r = BnMapFitter.fit(data, np, nx, m.signal.axis(2).values(), BnFitSettings.defaults(), 2,
			Progress.NONE);
		assertEquals(1, r.missingCount);
		assertTrue(r.missing[7] && Double.isNaN(r.ratio[7]));
		assertEquals(0, r.failedCount);
		double z2 = 0;
		int k = 0;
		for (int p = 0; p < np; p++) {
			if (p == 7) continue;
			assertEquals(m.hbnPosition[p], r.hbnPosition[p], 0.5, "pixel " + p);
			assertEquals(1, r.hbnFwhm[p] / m.hbnFwhm[p], 0.05, "pixel " + p);
			double z = (r.ratio[p] - m.ratio[p]) / r.ratioSd[p];
			assertTrue(Math.abs(z) < 4, "pixel " + p + ": ratio " + r.ratio[p] + " vs " + m.ratio[p] + " +- " + r.ratioSd[p]);
			assertEquals(1, r.ratio[p] / m.ratio[p], 0.12, "pixel " + p);
			z2 += z * z;
			k++;
		}
		assertTrue(z2 / k < 2.5, "pixel ratio errors exceed their stated uncertainty: mean z^2 " + z2 / k);
		assertTrue(r.mean.cbnDetected && r.mean.hbnDetected);
		assertTrue(r.spikesTotal <= m.spikes && r.spikesTotal >= m.spikes - 3, r.spikesTotal + " of " + m.spikes);
	}

	/** A map without c-BN: the mean spectrum decides, every pixel's ratio is consistent with zero. */
	@Test
	void mapWithoutCubicBn() {
		RamanSpectrumGenerator.MapData m = new RamanSpectrumGenerator(10).cbnRatio(0).map(4, 4);
		BnMapFitter.MapResult r = BnMapFitter.fit(m.signal.data(), 16, 4, m.signal.axis(2).values(), BnFitSettings
			.defaults(), 2, Progress.NONE);
		assertTrue(!r.mean.cbnDetected && r.mean.hbnDetected, r.mean.flags());
		assertEquals(0, r.failedCount);
		double sum = 0, w = 0;
		for (int p = 0; p < 16; p++) {
			assertTrue(Math.abs(r.ratio[p]) < 3.5 * r.ratioSd[p], "pixel " + p + ": " + r.ratio[p] + " +- " + r.ratioSd[p]);
			assertTrue(Double.isNaN(r.cbnPosition[p]), "no c-BN position without c-BN");
			sum += r.ratio[p] / (r.ratioSd[p] * r.ratioSd[p]);
			w += 1 / (r.ratioSd[p] * r.ratioSd[p]);
		}
		// the weighted mean over the map is consistent with zero too
		assertTrue(Math.abs(sum / w) < 3.5 / Math.sqrt(w), "map ratio " + sum / w + " +- " + 1 / Math.sqrt(w));
	}
}
