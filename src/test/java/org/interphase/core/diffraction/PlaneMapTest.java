package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PlaneMapTest {
	@Test
	void recoversAnEllipticalRotatedMapFromNoisyPairs() {
		// 20 px per 1/Å, rotated 30°, 3 % stretched along x
		double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
		double t11 = 20.6 * c, t12 = -20.6 * s, t21 = 20 * s, t22 = 20 * c;
		Random rnd = new Random(5);
		List<double[][]> pairs = new ArrayList<>();
		for (int h = -3; h <= 3; h++) for (int k = -3; k <= 3; k++) {
			double a = 0.12 * h, b = 0.2 * k + 0.05 * h;
			pairs.add(new double[][] { { a, b }, { t11 * a + t12 * b + 0.05 * rnd.nextGaussian(), t21 * a + t22 * b + 0.05
				* rnd.nextGaussian() } });
		}
		PlaneMap m = PlaneMap.fit(pairs);
		assertEquals(t11, m.t11, 0.05);
		assertEquals(t12, m.t12, 0.05);
		assertEquals(t21, m.t21, 0.05);
		assertEquals(t22, m.t22, 0.05);
		assertEquals(Math.hypot(t11, t21), m.scaleA(), 0.05);
		assertEquals(t11 * 0.3 + t12 * 0.4, m.x(0.3, 0.4), 0.05);
	}

	@Test
	void collinearReflectionsGiveNoMap() {
		List<double[][]> pairs = new ArrayList<>();
		for (int h = 1; h <= 5; h++) pairs.add(new double[][] { { 0.1 * h, 0.2 * h }, { 3.0 * h, 1.0 * h } });
		assertNull(PlaneMap.fit(pairs));
		assertNull(PlaneMap.fit(List.of()));
	}
}
