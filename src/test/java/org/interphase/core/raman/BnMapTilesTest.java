package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.interphase.core.data.SpectrumTiles;
import org.interphase.core.progress.Progress;
import org.interphase.testing.StreamedTiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Raman map fitted in tiles of rows gives the whole map's per-pixel results to the bit (issue 23), with spikes on
 * tile borders (the neighbour comparison reads the rows above and below) and a missing pixel.
 */
public class BnMapTilesTest {
	public static final int NY = 7, NX = 5, N = 700;

	@AfterEach
	void clear() {
		System.clearProperty(SpectrumTiles.TILE_ROWS_PROPERTY);
	}

	/** h-BN E2g and c-BN TO Lorentzians on a curved background, counting noise, cosmic-ray spikes; written here. */
	public static double[] map(double[] x) {
		Random r = new Random(23);
		double[] d = new double[NY * NX * N];
		for (int p = 0; p < NY * NX; p++) {
			double h = 4000 * (0.6 + 0.8 * r.nextDouble()), c = h * 0.3 * r.nextDouble(), pos = 1368 + 4 * r.nextDouble();
			for (int i = 0; i < N; i++) {
				double lh = 1 / (1 + Math.pow((x[i] - pos) / 9, 2)), lc = 1 / (1 + Math.pow((x[i] - 1056) / 8, 2));
				double bg = 800 + 0.3 * (x[i] - 900) + 2e-4 * Math.pow(x[i] - 1200, 2);
				double mu = bg + h * lh + c * lc;
				d[p * N + i] = Math.max(0, mu + Math.sqrt(mu) * r.nextGaussian());
			}
		}
		// spikes in the first and last row of tiles of 2 and 3 rows, and one inside
		for (int p : new int[] {5, 9, 10, 14, 17, 29}) d[p * N + 100 + p * 7] += 30000;
		d[12 * N + 40] = Double.NaN;
		return d;
	}

	public static double[] axis() {
		double[] x = new double[N];
		for (int i = 0; i < N; i++) x[i] = 880 + i * 1.0;
		return x;
	}

	@Test
	void tilesGiveTheWholeMapToTheBit() {
		double[] x = axis(), d = map(x);
		BnFitSettings s = BnFitSettings.defaults();
		BnMapFitter.MapResult whole = BnMapFitter.fit(d, NY * NX, NX, x, s, 2, Progress.NONE);
		assertTrue(whole.spikesTotal >= 5, "spikes found: " + whole.spikesTotal);
		assertEquals(1, whole.missingCount);
		for (int rows : new int[] {1, 3}) {
			System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, String.valueOf(rows));
			StreamedTiles src = new StreamedTiles(d, NY, NX, N);
			same(whole, BnMapFitter.fit(src, x, s, 2, Progress.NONE), "tiles of " + rows + " rows (streamed)");
			assertEquals(Math.min(NY, rows + 2), src.largestRead, "a tile and its two neighbour rows per read");
		}
		// a map in memory in tiles: the tile rows are offsets into the one array
		same(whole, BnMapFitter.fit(d, NY * NX, NX, x, s, 2, Progress.NONE), "tiles of 3 rows (memory)");
	}

	static void same(BnMapFitter.MapResult a, BnMapFitter.MapResult b, String what) {
		assertArrayEquals(a.mean.position, b.mean.position, 0, what);
		assertArrayEquals(a.mean.area, b.mean.area, 0, what);
		assertArrayEquals(a.hbnPosition, b.hbnPosition, 0, what);
		assertArrayEquals(a.hbnFwhm, b.hbnFwhm, 0, what);
		assertArrayEquals(a.hbnArea, b.hbnArea, 0, what);
		assertArrayEquals(a.cbnArea, b.cbnArea, 0, what);
		assertArrayEquals(a.loArea, b.loArea, 0, what);
		assertArrayEquals(a.ratio, b.ratio, 0, what);
		assertArrayEquals(a.ratioSd, b.ratioSd, 0, what);
		assertArrayEquals(a.crystalliteSize, b.crystalliteSize, 0, what);
		assertArrayEquals(a.reducedChi2, b.reducedChi2, 0, what);
		assertArrayEquals(a.spikes, b.spikes, what);
		assertArrayEquals(a.failed, b.failed, what);
		assertArrayEquals(a.missing, b.missing, what);
		assertArrayEquals(a.largeShift, b.largeShift, what);
		assertArrayEquals(a.cbnDetected, b.cbnDetected, what);
		assertEquals(a.spikesTotal, b.spikesTotal, what);
	}
}
