package org.interphase.core.diffraction.crystal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.interphase.core.diffraction.ElectronWavelength;
import org.junit.jupiter.api.Test;

class CrystallographyTest {

	@Test
	void relativisticWavelength() {
		assertEquals(2.5079, ElectronWavelength.picometre(200), 0.00006);
		assertEquals(1.9687, ElectronWavelength.picometre(300), 0.00006);
		assertEquals(3.7014, ElectronWavelength.picometre(100), 0.0002);
	}

	@Test
	void spaceGroupOrders() {
		assertEquals(36, SpaceGroup.of("R-3c").order());
		assertEquals(192, SpaceGroup.of("Fm-3m").order());
		assertEquals(96, SpaceGroup.of("Im-3m").order());
		assertEquals(96, SpaceGroup.of("F-43m").order());
		assertEquals(24, SpaceGroup.of("P6_3/mmc").order());
		assertEquals(24, SpaceGroup.of("P6/mmm").order());
		assertEquals(12, SpaceGroup.of("R-3c").laueRotations().size());
	}

	@Test
	void latpReflectionConditionsFollowFromStructureFactor() {
		Phase latp = PhaseLibrary.get("LATP");
		assertEquals(6 + 12 + 18 + 36 + 36, latp.atomsInCell());
		// forbidden by the c glide / centring
		assertFalse(latp.allowed(1, 0, 1));
		assertFalse(latp.allowed(0, 0, 3));
		assertFalse(latp.allowed(1, -1, 1)); // h -h 0 l needs l even
		assertFalse(latp.allowed(0, 0, 3 * 3)); // 000l: l = 6n
		assertTrue(latp.allowed(0, 0, 6));
		assertTrue(latp.allowed(0, 1, 2));
		assertTrue(latp.allowed(1, 0, 4));
		assertTrue(latp.allowed(1, 1, 0));
		assertTrue(latp.allowed(1, 1, 3));
		// every allowed reflection obeys the International Tables conditions
		for (Reflection r : latp.reflections(1.5)) {
			int h = r.h, k = r.k, l = r.l;
			assertEquals(0, Math.floorMod(-h + k + l, 3), r.toString());
			if (h == -k) assertEquals(0, Math.floorMod(l, 2), r.toString());
			if (h == 0 && k == 0) assertEquals(0, Math.floorMod(l, 6), r.toString());
		}
		List<Reflection> fam = latp.families(2.4);
		double[] expected = { 6.018, 4.256, 4.256, 3.629, 3.475, 3.475, 3.009 }; // (202) and (006) overlap
		for (int i = 0; i < expected.length; i++) assertEquals(expected[i], fam.get(i).d, 0.002, fam.get(i)
			.toString());
		assertEquals("0 1 2", fam.get(0).hklText());
	}

	@Test
	void fccAndBccAbsences() {
		Phase au = PhaseLibrary.get("Au");
		assertTrue(au.allowed(1, 1, 1));
		assertTrue(au.allowed(2, 0, 0));
		assertFalse(au.allowed(1, 0, 0));
		assertFalse(au.allowed(1, 1, 0));
		assertEquals(4.0782 / Math.sqrt(3), au.families(1).get(0).d, 1e-9);
		assertEquals(8, au.families(1).get(0).multiplicity);
		Phase li = PhaseLibrary.get("Li");
		assertTrue(li.allowed(1, 1, 0));
		assertFalse(li.allowed(1, 0, 0));
		Phase hbn = PhaseLibrary.get("h-BN");
		assertTrue(hbn.allowed(0, 0, 2));
		assertFalse(hbn.allowed(0, 0, 1));
		assertEquals(6.661 / 2, hbn.families(1).get(0).d, 1e-9);
		Phase lif = PhaseLibrary.get("LiF");
		// rock salt: (111) weak but allowed (f_F - f_Li), (200) strong
		assertTrue(lif.intensity(2, 0, 0) > lif.intensity(1, 1, 1));
		Phase cbn = PhaseLibrary.get("c-BN");
		assertFalse(cbn.allowed(2, 1, 0));
		assertTrue(cbn.allowed(2, 0, 0)); // zinc blende 200 allowed (f_B - f_N)
	}

	@Test
	void metricAndAngles() {
		UnitCell hex = UnitCell.hexagonal(3, 5);
		assertEquals(60, hex.angleBetweenReflections(new int[] { 1, 0, 0 }, new int[] { 0, 1, 0 }), 1e-9);
		assertEquals(120, hex.angleBetweenDirections(new int[] { 1, 0, 0 }, new int[] { 0, 1, 0 }), 1e-9);
		assertEquals(3 * Math.sqrt(3) / 2, hex.d(1, 0, 0), 1e-12);
		assertThrows(IllegalArgumentException.class, () -> new UnitCell(1, 1, 1, 10, 10, 170));
	}

	@Test
	void parsesSymmetryOperations() {
		SymOp op = SymOp.parse("-x+y, 1/2+x, -z+0.25");
		double[] p = op.apply(new double[] { 0.1, 0.2, 0.3 });
		assertEquals(0.1, p[0], 1e-12);
		assertEquals(0.6, p[1], 1e-12);
		assertEquals(-0.05, p[2], 1e-12);
		assertThrows(IllegalArgumentException.class, () -> SymOp.parse("x,y"));
		assertThrows(IllegalArgumentException.class, () -> SymOp.parse("x,x,z"));
		assertThrows(IllegalArgumentException.class, () -> SymOp.parse("x,y,q"));
	}
}
