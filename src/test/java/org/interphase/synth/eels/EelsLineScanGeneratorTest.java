package org.interphase.synth.eels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EelsLineScanGeneratorTest {
	@Test
	void sameSeedSameData() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.positions = 8;
		c.seed = 3;
		double[] a = EelsLineScanGenerator.lineScan(c).coreLoss.data();
		double[] b = EelsLineScanGenerator.lineScan(c).coreLoss.data();
		assertArrayEquals(a, b);
		c.seed = 4;
		double[] d = EelsLineScanGenerator.lineScan(c).coreLoss.data();
		assertTrue(a[a.length / 2] != d[d.length / 2] || a[100] != d[100]);
	}

	@Test
	void truthProfileCrossesHalfAtTheDepth() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		for (double depth : new double[] { 16, 24 }) {
			c.depthNm = depth;
			assertEquals(0.5, c.fraction(depth), 1e-9);
			assertTrue(c.fraction(depth - 3) > 0.6 && c.fraction(depth + 3) < 0.4);
		}
		c.depthNm = 0;
		for (double d = 0; d < 60; d += 0.5) assertTrue(c.fraction(d) < 0.2, "Ti4+ everywhere stays below 0.5");
	}

	@Test
	void shapesHaveEqualAreaAndTi3IsLower() {
		TiL23Shapes s = new TiL23Shapes(0.5, 0.3);
		double a3 = 0, a4 = 0, c3 = 0, c4 = 0;
		for (double e = 452; e <= 478; e += 0.01) {
			a3 += s.ti3(e) * 0.01;
			a4 += s.ti4(e) * 0.01;
			if (e < 462) {
				c3 += s.ti3(e) * e;
				c4 += s.ti4(e) * e;
			}
		}
		assertEquals(1, a3, 1e-6);
		assertEquals(1, a4, 1e-6);
		double w3 = 0, w4 = 0;
		for (double e = 452; e < 462; e += 0.01) {
			w3 += s.ti3(e);
			w4 += s.ti4(e);
		}
		// the Ti3+ L3 centroid lies below the Ti4+ one (chemical shift)
		assertTrue(c3 / w3 < c4 / w4 - 0.4, "Ti3+ L3 centroid " + c3 / w3 + " vs Ti4+ " + c4 / w4);
	}

	@Test
	void driftAndInterfaceAreRecorded() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.positions = 30;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		for (double d : ls.drift) assertTrue(Math.abs(d) <= c.driftEv + c.slowDriftEv / 2 + 1e-9);
		assertTrue(Double.isNaN(ls.fraction[0]), "Li side has no Ti");
		assertEquals(30, ls.coreLoss.size(0));
		assertEquals("nm", ls.coreLoss.axis(0).units);
		assertEquals("eV", ls.coreLoss.lastAxis().units);
	}
}
