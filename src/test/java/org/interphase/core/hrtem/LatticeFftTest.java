package org.interphase.core.hrtem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.interphase.synth.Noise;
import org.interphase.synth.hrtem.HrtemGenerator;
import org.junit.jupiter.api.Test;

/** Fringe spacings within 1 % (issue 5), angles, and honest uncertainties. */
class LatticeFftTest {
	@Test
	void latpSpacingsAndAngleFromTheSubstrate() {
		HrtemGenerator g = HrtemGenerator.latp(7, 5);
		g.spacingsA = new double[] { 6.018, 4.256 };
		g.spacingAnglesDeg = new double[] { 33, 33 + 70.5 };
		g.driftPxPerRow = 0;
		g.tiltDeg = 0;
		g.curvatureRadiusNm = Double.POSITIVE_INFINITY;
		HrtemGenerator.Result r = g.generate();
		// substrate occupies the top ~190 rows
		List<LatticeSpot> spots = new LatticeFft().find(r.image().data(), g.width, g.height, 0, 0, 512, 160);
		assertTrue(spots.size() >= 2, "two reflections: " + spots);
		double d0 = spots.get(0).periodPx * g.pixelNm * 10, d1 = spots.get(1).periodPx * g.pixelNm * 10;
		assertEquals(6.018, d0, 0.01 * 6.018);
		assertEquals(4.256, d1, 0.01 * 4.256);
		assertEquals(70.5, spots.get(0).angleTo(spots.get(1)), 1.0);
		assertEquals(33, spots.get(0).angleDeg, 1.0);
		for (int i = 0; i < 2; i++) {
			LatticeSpot s = spots.get(i);
			assertTrue(s.sigmaPeriodPx > 0 && s.sigmaPeriodPx < 0.01 * s.periodPx, "sigma " + s);
		}
	}

	@Test
	void hbnSpacingAnyOrientation() {
		for (double angle : new double[] { 0, 47, 91, 163 }) {
			HrtemGenerator g = HrtemGenerator.latp(0, 7 + (long) angle);
			g.spacingsA = new double[] { 3.33 };
			g.spacingAnglesDeg = new double[] { angle };
			g.width = g.height = 256;
			g.pixelNm = 0.025;
			g.driftPxPerRow = 0;
			g.interfaceShift = -0.45; // the substrate fills the field
			HrtemGenerator.Result r = g.generate();
			List<LatticeSpot> spots = new LatticeFft().find(r.image().data(), 256, 256);
			assertTrue(!spots.isEmpty(), "angle " + angle);
			LatticeSpot s = spots.get(0);
			assertEquals(3.33, s.periodPx * 0.25, 0.01 * 3.33, "angle " + angle);
			double da = Math.abs(s.angleDeg - angle) % 180;
			assertTrue(Math.min(da, 180 - da) < 1, "direction " + s.angleDeg + " vs " + angle);
			// the error is within 4 sigma
			assertTrue(Math.abs(s.periodPx * 0.25 - 3.33) < 4 * s.sigmaPeriodPx * 0.25 + 0.002, s.toString());
		}
	}

	@Test
	void pureNoiseHasNoReflections() {
		Noise n = new Noise(3);
		double[] img = new double[256 * 256];
		for (int i = 0; i < img.length; i++) img[i] = n.gaussian(100, 10);
		assertTrue(new LatticeFft().find(img, 256, 256).isEmpty());
	}

	@Test
	void lineProfilePeriod() {
		Noise n = new Noise(4);
		int w = 300, h = 40;
		double period = 7.37, a = Math.toRadians(25);
		double[] img = new double[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = 100 + 8 * Math.cos(2 * Math.PI * ((x +
			0.5) * Math.cos(a) + (y + 0.5) * Math.sin(a)) / period) + n.gaussian(0, 6);
		// a line along the fringe normal
		FringeProfile fp = new FringeProfile();
		FringeProfile.Result r = fp.measure(img, w, h, 10, 5, 10 + 260 * Math.cos(a), 5 + 260 * Math.sin(a) * 0.1);
		// the line is not exactly along the normal: the projected period is period / cos(angle between)
		double lx = 260 * Math.cos(a), ly = 26 * Math.sin(a), ll = Math.hypot(lx, ly);
		double cosB = (lx * Math.cos(a) + ly * Math.sin(a)) / ll;
		double expected = period / cosB;
		assertTrue(r.converged);
		assertEquals(expected, r.periodPx, 0.005 * expected);
		assertTrue(Math.abs(r.periodPx - expected) < 4 * r.sigmaPeriodPx + 1e-3, "sigma " + r.sigmaPeriodPx);
		assertEquals(expected, r.spectralPeriodPx, 0.02 * expected);
	}
}
