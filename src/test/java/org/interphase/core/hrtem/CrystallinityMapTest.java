package org.interphase.core.hrtem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.synth.hrtem.HrtemGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Crystalline area fraction within 0.05 of the truth (issue 5); amorphous gives ~0. */
class CrystallinityMapTest {
	@ParameterizedTest(name = "{0}, px {1} nm, seed {2}")
	@CsvSource({ "AMORPHOUS, 0.03, 1", "AMORPHOUS, 0.045, 2", "MOSAIC, 0.03, 3", "MOSAIC, 0.045, 4" })
	void fractionWithinTarget(String coating, double px, long seed) {
		HrtemGenerator g = HrtemGenerator.latp(7, seed);
		g.coating = HrtemGenerator.Coating.valueOf(coating);
		g.pixelNm = px;
		g.tiltDeg = 12 + 40 * seed;
		g.curvatureRadiusNm = 60;
		HrtemGenerator.Result r = g.generate();
		CrystallinityMap cm = CrystallinityMap.builder().threshold(0.5).threads(2).build();
		CrystallinityMap.Result res = cm.compute(r.image().data(), g.width, g.height);
		assertEquals(r.truth.crystallineFraction, res.crystallineFraction, 0.05);
		assertTrue(res.crystallineUncertainty > 0 && res.crystallineUncertainty < 0.1);
		// the map: values 0/1/2, substrate corner crystalline, vacuum corner amorphous
		for (double v : res.classMap) assertTrue(v == 0 || v == 1 || v == 2);
		assertEquals(res.mapW * res.mapH, res.classMap.length);
	}

	@Test
	void amorphousOnlyIsZero() {
		HrtemGenerator g = HrtemGenerator.latp(7, 9);
		g.amorphousOnly = true;
		HrtemGenerator.Result r = g.generate();
		CrystallinityMap.Result res = new CrystallinityMap().compute(r.image().data(), g.width, g.height);
		assertTrue(res.crystallineFraction < 0.01, "amorphous image: " + res.crystallineFraction + " periods " + java.util.Arrays
			.toString(res.periodsPx) + " window " + res.window + " significant " + res.significantWindows + " of " + res.metric.length);
	}

	@Test
	void crystalOnlyIsOne() {
		HrtemGenerator g = HrtemGenerator.latp(0, 10);
		g.interfaceShift = -0.6; // substrate everywhere
		g.width = g.height = 256;
		HrtemGenerator.Result r = g.generate();
		assertEquals(1.0, r.truth.crystallineFraction, 1e-9);
		CrystallinityMap.Result res = new CrystallinityMap().compute(r.image().data(), 256, 256);
		assertTrue(res.crystallineFraction > 0.97, "crystal: " + res.crystallineFraction);
		assertEquals(0, res.polycrystallineFraction, 0.05, "one lattice is not polycrystalline");
	}

	@Test
	void selectGivesTheSortedElement() {
		java.util.Random r = new java.util.Random(5);
		for (int n = 1; n < 60; n++) {
			double[] a = new double[n + 3];
			for (int i = 0; i < a.length; i++) a[i] = r.nextInt(7) + r.nextDouble() * (n % 3);
			double[] sorted = java.util.Arrays.copyOf(a, n);
			java.util.Arrays.sort(sorted);
			for (int k = 0; k < n; k++) assertEquals(sorted[k], CrystallinityMap.select(a.clone(), n, k), 0);
		}
	}
}
