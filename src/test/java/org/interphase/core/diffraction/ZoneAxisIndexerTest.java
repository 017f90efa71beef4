package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.junit.jupiter.api.Test;

class ZoneAxisIndexerTest {
	static final Phase LATP = PhaseLibrary.get("LATP");

	static ZoneAxisIndexer.Solution solution(int[] uvw, double score) {
		return solution(uvw, score, 10);
	}

	static ZoneAxisIndexer.Solution solution(int[] uvw, double score, int matched) {
		return new ZoneAxisIndexer.Solution(LATP, uvw, 0.5, 0.01, score, matched, 10, new int[10][], 0.05, List.of());
	}

	@Test
	void aRunnerUpWithinTwoPercentMakesTheZoneAmbiguous() {
		assertTrue(ZoneAxisIndexer.ambiguous(List.of(solution(new int[] { -1, 1, 3 }, 1.065), solution(new int[] { 1, -1,
			3 }, 1.055))));
		assertFalse(ZoneAxisIndexer.ambiguous(List.of(solution(new int[] { 1, 0, 0 }, 1.07), solution(new int[] { -1, 1,
			1 }, 0.71))));
		// a runner-up explaining the same spots at 0.94 of the score: a geometric tie that only intensities and the
		// low-index prior decide (on the stress set such ties went wrong at 0.93-0.97), flagged since issue 18; with
		// fewer spots explained it is a clear second
		assertTrue(ZoneAxisIndexer.ambiguous(List.of(solution(new int[] { 0, 0, 1 }, 1.027), solution(new int[] { -4, 4,
			1 }, 0.968))));
		assertTrue(ZoneAxisIndexer.ambiguityReason(List.of(solution(new int[] { 0, 0, 1 }, 1.027), solution(new int[] { -4,
			4, 1 }, 0.968))).contains("explain the same 10 spots"));
		assertFalse(ZoneAxisIndexer.ambiguous(List.of(solution(new int[] { 0, 0, 1 }, 1.027), solution(new int[] { -4, 4,
			1 }, 0.968, 8))));
		// too few spots, or too few of them explained: not trusted alone
		assertTrue(ZoneAxisIndexer.ambiguous(List.of(solution(new int[] { 1, 0, 0 }, 1.07, 5))));
		assertTrue(ZoneAxisIndexer.ambiguous(List.of(new ZoneAxisIndexer.Solution(LATP, new int[] { 1, 0, 0 }, 0.5, 0.01,
			0.6, 9, 13, new int[13][], 0.05, List.of()))));
		assertFalse(ZoneAxisIndexer.ambiguous(List.of(solution(new int[] { 1, 0, 0 }, 1.07))));
		assertFalse(ZoneAxisIndexer.ambiguous(List.of()));
		assertTrue(ZoneAxisIndexer.ambiguous(List.of(solution(new int[] { 1, 0, 0 }, 0), solution(new int[] { 0, 0, 1 },
			0))));
	}

	@Test
	void symmetryEquivalentDirections() {
		// the three-fold axis along c takes [1 0 0] to [0 1 0] and [1 1 0] (hexagonal setting)
		assertTrue(ZoneAxisIndexer.equivalent(LATP, new int[] { 1, 0, 0 }, new int[] { 1, 1, 0 }));
		assertTrue(ZoneAxisIndexer.equivalent(LATP, new int[] { 2, -2, -1 }, new int[] { -2, 2, 1 }));
		assertFalse(ZoneAxisIndexer.equivalent(LATP, new int[] { 1, 0, 0 }, new int[] { 0, 0, 1 }));
	}
}
