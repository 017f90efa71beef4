package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class LatticeNodesTest {
	@Test
	void aSingleRowIsOneLineThroughTheCentre() {
		assertTrue(LatticeNodes.singleRow(new double[][] { { 10, 5 }, { -10, -5 }, { 20.5, 10 }, { -30, -15.4 } }));
		assertFalse(LatticeNodes.singleRow(new double[][] { { 10, 5 }, { -10, -5 }, { 20, 10 }, { 5, -12 } }));
	}

	/**
	 * Sparse counts (0.2 per px): no node of a pure-noise image stands out at 6 sigma (the Gaussian noise of the box read
	 * several per 10^4 nodes as spots), while a spot of 60 counts does, with its net intensity within its noise.
	 */
	@Test
	void sparseCountsGiveNoFalseNodesAndAWeakSpotIsMeasured() {
		int w = 200, h = 200;
		double[] img = new double[w * h];
		Random r = new Random(5);
		double level = 0.2, sigma = 1.5, total = 60;
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double spot = total / (2 * Math.PI * sigma * sigma) * Math.exp(-((x - 100) * (x - 100) + (y - 60) * (y - 60)) / (2
				* sigma * sigma));
			img[y * w + x] = SaedStressGenerator.poisson(r, level + spot);
		}
		LatticeNodes.Image im = new LatticeNodes.Image(img, w, h, null, sigma);
		int falseNodes = 0;
		for (int y = 10; y < h - 10; y++) for (int x = 10; x < w - 10; x++) {
			if (Math.hypot(x - 100, y - 60) < 12) continue;
			if (LatticeNodes.Image.significant(im.measure(x, y), 6)) falseNodes++;
		}
		assertEquals(0, falseNodes);
		double[] m = im.measure(100, 60);
		assertTrue(LatticeNodes.Image.significant(m, 6));
		// the 5 x 5 box holds 87 % of a sigma-1.5 spot
		assertEquals(0.87 * total, m[0], 3 * Math.sqrt(total));
	}
}
