package org.interphase.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class SelectionTest {
	@Test
	void everyRankOfRandomDataWithTiesMatchesTheSortedArray() {
		SplittableRandom r = new SplittableRandom(3);
		for (int trial = 0; trial < 200; trial++) {
			int n = 1 + r.nextInt(60);
			double[] a = new double[n + 5];
			for (int i = 0; i < a.length; i++) a[i] = r.nextInt(8); // many ties
			double[] sorted = Arrays.copyOf(a, n);
			Arrays.sort(sorted);
			for (int k = 0; k < n; k++) assertEquals(sorted[k], Selection.kth(Arrays.copyOf(a, a.length), n, k), "n " + n +
				" k " + k);
		}
	}
}
