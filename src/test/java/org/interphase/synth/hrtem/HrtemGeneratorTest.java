package org.interphase.synth.hrtem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HrtemGeneratorTest {
	@Test
	void seededAndCalibrated() {
		HrtemGenerator a = HrtemGenerator.latp(7, 3), b = HrtemGenerator.latp(7, 3);
		a.width = a.height = b.width = b.height = 128;
		HrtemGenerator.Result ra = a.generate(), rb = b.generate();
		assertArrayEquals(ra.image().data(), rb.image().data(), "same seed, same image");
		assertEquals("nm", ra.image().lastAxis().units);
		assertEquals(0.03, ra.image().lastAxis().scale, 1e-12);
	}

	@Test
	void truthMatchesTheRegions() {
		HrtemGenerator g = HrtemGenerator.latp(7, 4);
		g.tiltDeg = 0;
		g.curvatureRadiusNm = Double.POSITIVE_INFINITY;
		g.thicknessVariation = 0;
		g.driftPxPerRow = 0;
		HrtemGenerator.Result r = g.generate();
		assertEquals(7, r.truth.thicknessMeanNm, 1e-9);
		// a column crosses 7 nm / 0.03 nm = 233 coating pixels
		int coat = 0;
		for (int y = 0; y < g.height; y++) if (r.truth.region[y * g.width + 100] == 1) coat++;
		assertEquals(233.3, coat, 1.5);
		assertTrue(r.truth.crystallineFraction > 0.2 && r.truth.crystallineFraction < 0.5);
	}
}
