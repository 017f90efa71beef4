package org.interphase.synth.sem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator is deterministic, its truth matches its image, and its files read back calibrated. */
class SemCrossSectionGeneratorTest {
	@TempDir
	Path tmp;

	@Test
	void sameSeedSameImageOtherSeedOtherImage() {
		double[] a = new SemCrossSectionGenerator(9).size(120, 100).depth(30).generate().dataset.primary().data();
		double[] b = new SemCrossSectionGenerator(9).size(120, 100).depth(30).generate().dataset.primary().data();
		double[] c = new SemCrossSectionGenerator(10).size(120, 100).depth(30).generate().dataset.primary().data();
		assertArrayEquals(a, b);
		boolean differ = false;
		for (int i = 0; i < a.length; i++) if (a[i] != c[i]) differ = true;
		assertTrue(differ);
	}

	@Test
	void imageShowsLayerSurfaceAndBulkWhereTheTruthSays() {
		SemCrossSectionGenerator.Result g = new SemCrossSectionGenerator(1).size(300, 260).depth(80).depthVariation(0)
			.frontSigma(2).snr(1000).grain(0).drift(0).pores(0).cracks(0).databar(20, true).levels(0.8, 0.4).generate();
		double[] d = g.dataset.primary().data();
		int x = 150;
		int ys = (int) Math.round(g.surfaceY[x]);
		double full = 60000;
		assertEquals(0.06 * full, d[(ys - 10) * 300 + x], 0.02 * full); // outside
		assertEquals(0.4 * full, d[(ys + 40) * 300 + x], 0.02 * full); // layer
		assertEquals(0.8 * full, d[(ys + 120) * 300 + x], 0.02 * full); // bulk
		// 50 % point at the true depth
		double half = 0.6 * full;
		int k = ys;
		while (d[k * 300 + x] < half || k < ys + 10) k++;
		assertEquals(ys + 80, k, 1.5);
		assertEquals(80, g.meanDepthPx, 1e-9);
		assertEquals(20, ((Number) g.dataset.metadata().get(MetadataKeys.DATABAR_HEIGHT)).intValue());
		assertEquals(0, d[259 * 300 + 5], 0); // data bar background
	}

	@Test
	void tiffWrittenAsSixteenBitReadsBackCalibrated() throws Exception {
		SemCrossSectionGenerator.Result g = new SemCrossSectionGenerator(2).size(128, 96).depth(20).databar(0, false)
			.generate();
		Path f = tmp.resolve("x_sem_01.tif");
		SemTiff.write(g.dataset.primary(), 16, 0.125, "\u00B5m", f);
		Dataset d = Readers.read(f);
		assertEquals("uint16", d.primary().dtype);
		assertEquals(0.125, d.primary().lastAxis().scale, 1e-9);
		assertEquals("\u00B5m", d.primary().lastAxis().units);
		assertArrayEquals(g.dataset.primary().data(), d.primary().data());
		Path u = tmp.resolve("y_sem_01.tif");
		SemTiff.write(g.dataset.primary(), 8, 1, "px", u);
		assertTrue(!Readers.read(u).primary().lastAxis().isCalibrated());
	}
}
