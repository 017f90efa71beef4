package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrystalliteSizeTest {
	@Test
	void nemanichRelationRoundTrips() {
		CrystalliteSize c = CrystalliteSize.nemanich();
		// 1417 / La(Å) + 8.7: La = 10 nm = 100 Å gives 22.87 cm-1
		assertEquals(22.87, c.fwhm(10), 1e-9);
		assertEquals(10, c.size(22.87), 1e-9);
		// dLa/dFWHM = -slope / excess^2
		assertEquals(141.7 * 0.5 / (14.17 * 14.17), c.sizeUncertainty(22.87, 0.5), 1e-12);
		assertTrue(Double.isNaN(c.size(8)));
		assertTrue(CrystalliteSize.inCalibratedRange(10));
		assertFalse(CrystalliteSize.inCalibratedRange(100));
	}

	@Test
	void shiftConversion() {
		assertEquals(1000, RamanShift.fromWavelength(RamanShift.toWavelength(1000, 532), 532), 1e-9);
		assertEquals(561.89, RamanShift.toWavelength(1000, 532), 0.01);
	}
}
