package org.interphase.core.hrtem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The whole-image spectrum of {@link PhaseSpacings} sums the spectra of several squares; they were added in the order
 * the threads finished, so the spacings could differ in the last bits from run to run at two threads or more. Now
 * the same to the bit at any thread count (a 1536 px mosaic: four 1024 px squares).
 */
class PhaseSpacingsThreadsTest {
	@Test
	void spacingsAreTheSameToTheBitAtAnyThreadCount() {
		HrtemStress.Mosaic m = HrtemStress.mosaic(2003, 1536, 0.04);
		double[] one = run(m, 1), four = run(m, 4);
		assertTrue(one.length > 0, "the mosaic shows lattice spacings");
		assertArrayEquals(one, four, 0.0);
		assertArrayEquals(one, run(m, 3), 0.0);
	}

	private static double[] run(HrtemStress.Mosaic m, int threads) {
		List<PhaseSpacings.Spacing> sp = PhaseSpacings.builder().threads(threads).build().find(m.img, m.n, m.n);
		double[] out = new double[sp.size() * 2];
		for (int i = 0; i < sp.size(); i++) {
			out[2 * i] = sp.get(i).periodPx;
			out[2 * i + 1] = sp.get(i).sigmaPx;
		}
		return out;
	}
}
