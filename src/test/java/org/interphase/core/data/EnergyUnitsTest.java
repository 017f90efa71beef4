package org.interphase.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The energy spellings readers meet, with the case of the prefix where it decides (meV against MeV). */
class EnergyUnitsTest {
	@Test
	void spellingsAndFactors() {
		for (String u : new String[] { "eV", "ev", "EV", " eV ", "electron volts", "electronvolt" }) assertEquals(1,
			EnergyUnits.eV(u), u);
		for (String u : new String[] { "keV", "KeV", "kev", "kiloelectronvolts" }) assertEquals(1e3, EnergyUnits.eV(u), u);
		assertEquals(1e-3, EnergyUnits.eV("meV"));
		assertEquals(1e-3, EnergyUnits.eV("mev"), "all lower case, as some files write it: milli");
		assertEquals(1e6, EnergyUnits.eV("MeV"));
		for (String u : new String[] { null, "", "nm", "1/nm", "cm-1", "counts", "V", "e" }) {
			assertTrue(Double.isNaN(EnergyUnits.eV(u)), String.valueOf(u));
			assertFalse(EnergyUnits.isEnergy(u), String.valueOf(u));
		}
		assertEquals("keV", EnergyUnits.normalise("kev"));
		assertEquals("eV", EnergyUnits.normalise("electron volts"));
		assertEquals("meV", EnergyUnits.normalise("mev"));
		assertEquals("counts", EnergyUnits.normalise(" counts "));
	}
}
