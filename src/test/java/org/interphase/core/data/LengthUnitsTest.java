package org.interphase.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LengthUnitsTest {
	@Test
	void everySpellingOfAMicrometreAndAnAngstromIsOneUnit() {
		for (String u : new String[] { "\u00b5m", "\u03bcm", "um", "micron", "microns", "micrometer", "Micrometre", " um " }) {
			assertEquals(1e-6, LengthUnits.metres(u), 1e-18, u);
			assertEquals("\u00b5m", LengthUnits.normalise(u), u);
		}
		for (String u : new String[] { "\u00c5", "\u212b", "A", "a", "angstrom", "Angstroms" }) {
			assertEquals(0.1, LengthUnits.nm(u), 1e-12, u);
			assertEquals("\u00c5", LengthUnits.normalise(u), u);
		}
		assertEquals(1e3, LengthUnits.microns("mm"), 1e-9);
		assertEquals(1e-3, LengthUnits.microns("nanometre"), 1e-15);
		assertEquals(1e4, LengthUnits.microns("cm"), 1e-9);
		assertEquals(1e-3, LengthUnits.nm("pm"), 1e-15);
	}

	@Test
	void notALengthIsNaNAndKeepsItsSpelling() {
		for (String u : new String[] { "px", "", "eV", "1/nm", "inch", null }) assertTrue(Double.isNaN(LengthUnits.metres(u)), "" + u);
		assertEquals("eV", LengthUnits.normalise("eV"));
		assertEquals("px", LengthUnits.normalise("pixels"));
		assertEquals("px", LengthUnits.normalise(null));
	}

	@Test
	void reciprocalLengthsInEveryNotation() {
		assertEquals(1, LengthUnits.inverseNm("1/nm"), 1e-12);
		assertEquals(1, LengthUnits.inverseNm("nm^-1"), 1e-12);
		assertEquals(1, LengthUnits.inverseNm("nm-1"), 1e-12);
		assertEquals(1, LengthUnits.inverseNm("nm\u207b\u00b9"), 1e-12);
		assertEquals(10, LengthUnits.inverseNm("1/\u00c5"), 1e-9);
		assertEquals(10, LengthUnits.inverseNm("A^-1"), 1e-9);
		assertEquals(10, LengthUnits.inverseNm("1 / angstrom"), 1e-9);
		assertEquals(1e-3, LengthUnits.inverseNm("1/um"), 1e-15);
		assertEquals(1e3, LengthUnits.inverseNm("1/pm"), 1e-9);
		assertTrue(Double.isNaN(LengthUnits.inverseNm("nm")));
		assertTrue(Double.isNaN(LengthUnits.inverseNm("1/px")));
		assertTrue(Double.isNaN(LengthUnits.inverseNm(null)));
	}
}
