package org.interphase.core.xps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.core.data.SpectrumTiles;
import org.interphase.testing.StreamedTiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An XPS map fitted in tiles of rows gives the whole map's per-pixel results to the bit (issue 23). */
class XpsMapTilesTest {
	static final int NY = 5, NX = 4;

	@AfterEach
	void clear() {
		System.clearProperty(SpectrumTiles.TILE_ROWS_PROPERTY);
	}

	@Test
	void tilesGiveTheWholeMapToTheBit() {
		double[] be = null, cube = null;
		for (int p = 0; p < NY * NX; p++) {
			// the stress generator (physics, not the demo's model), Ti3+ rising across the map
			XpsStressGenerator.Spectrum s = XpsStressGenerator.ti2p(100 + p, 0.05 + 0.5 * p / (NY * NX), 400, 0.1);
			if (cube == null) {
				be = s.be;
				cube = new double[NY * NX * be.length];
			}
			System.arraycopy(s.counts, 0, cube, p * be.length, be.length);
		}
		XpsTemplate t = XpsTemplate.preset("ti2p");
		XpsFit.Options o = new XpsFit.Options();
		XpsMapFit.Result whole = XpsMapFit.fit(be, cube, NY, NX, t, o, 2);
		assertTrue(whole.nConverged > NY * NX / 2, whole.nConverged + " converged");
		for (int rows : new int[] {1, 2, 3}) {
			System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, String.valueOf(rows));
			StreamedTiles src = new StreamedTiles(cube, NY, NX, be.length);
			same(whole, XpsMapFit.fit(be, src, t, o, 2), "tiles of " + rows + " rows (streamed)");
			assertEquals(rows, src.largestRead);
			same(whole, XpsMapFit.fit(be, cube, NY, NX, t, o, 1), "tiles of " + rows + " rows (memory)");
		}
	}

	static void same(XpsMapFit.Result a, XpsMapFit.Result b, String what) {
		assertEquals(a.sum.states.get(0).fraction, b.sum.states.get(0).fraction, 0, what);
		assertEquals(a.fraction.length, b.fraction.length, what);
		for (int k = 0; k < a.fraction.length; k++) {
			assertArrayEquals(a.fraction[k], b.fraction[k], 0, what);
			assertArrayEquals(a.fractionSd[k], b.fractionSd[k], 0, what);
		}
		assertArrayEquals(a.converged, b.converged, what);
	}
}
