package org.interphase.core.xps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
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

	static double[][] physicsMap() {
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
		return new double[][] {be, cube};
	}

	@Test
	void tilesGiveTheWholeMapToTheBit() {
		double[][] m = physicsMap();
		double[] be = m[0], cube = m[1];
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

	/** The pipeline (region, charge, map, summed-spectrum ensemble) on a map dataset read in tiles. */
	@Test
	void pipelineOnATiledDatasetGivesTheWholeOnesResult() {
		double[][] m = physicsMap();
		double[] be = m[0], cube = m[1];
		int n = be.length;
		List<Axis> axes = List.of(new Axis("Y", NY, 2, 0, "um"), new Axis("X", NX, 2, 0, "um"), new Axis("Binding Energy",
			be, "eV"));
		Dataset whole = Dataset.of("map.csv", "test", new Signal("Ti 2p", "float64", new int[] {NY, NX, n}, axes, cube));
		Signal first = new Signal("Ti 2p", "float64", new int[] {1, NX, n}, List.of(new Axis("Y", 1, 2, 0, "um"),
			axes.get(1), axes.get(2)), Arrays.copyOf(cube, NX * n));
		Dataset tiled = Dataset.of("map.csv", "test", first).withMetadata(SpectrumTiles.KEY, new StreamedTiles(cube, NY,
			NX, n));
		XpsPipelineOptions o = XpsPipelineOptions.builder().template(XpsTemplate.preset("ti2p")).shift(0).ensemble(false)
			.build();
		XpsPipelineResult a = XpsPipeline.run(whole, o);
		System.setProperty(SpectrumTiles.TILE_ROWS_PROPERTY, "2");
		XpsPipelineResult b = XpsPipeline.run(tiled, o);
		assertEquals(XpsPipelineResult.Kind.MAP, b.kind);
		assertEquals(NY, b.map.height);
		same(a.map, b.map, "pipeline, tiles of 2 rows");
		for (int k = 0; k < a.mapSummaries.size(); k++) {
			assertEquals(a.mapSummaries.get(k).mean, b.mapSummaries.get(k).mean, 0);
			assertEquals(a.mapSummaries.get(k).sd, b.mapSummaries.get(k).sd, 0);
		}
		assertArrayEquals(a.region.sum(), b.region.sum(), 0);
	}
}
