package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class SmallMatrixTest {
	/** Normal matrices of random designs (badly scaled columns, as background and shift terms are): the inverse
	 * agrees with commons-math's LU, and A times it is the identity; in place and into another array alike. */
	@Test
	void invertsNormalMatricesLikeLu() {
		Random rnd = new Random(7);
		for (int trial = 0; trial < 200; trial++) {
			int q = 1 + rnd.nextInt(6), n = 40;
			double[] a = new double[q * q];
			double[] scale = new double[q];
			for (int c = 0; c < q; c++) scale[c] = Math.pow(10, rnd.nextInt(7) - 3);
			for (int i = 0; i < n; i++) {
				double[] row = new double[q];
				for (int c = 0; c < q; c++) row[c] = scale[c] * rnd.nextGaussian();
				for (int r = 0; r < q; r++) for (int c = 0; c < q; c++) a[r * q + c] += row[r] * row[c];
			}
			double[] out = new double[q * q];
			assertTrue(SmallMatrix.invert(a, out, q));
			double[][] m = new double[q][q];
			for (int r = 0; r < q; r++) for (int c = 0; c < q; c++) m[r][c] = a[r * q + c];
			RealMatrix lu = new LUDecomposition(new Array2DRowRealMatrix(m)).getSolver().getInverse();
			for (int r = 0; r < q; r++) for (int c = 0; c < q; c++)
				assertEquals(lu.getEntry(r, c), out[r * q + c], 1e-9 * Math.sqrt(Math.abs(lu.getEntry(r, r) * lu.getEntry(c,
					c))), "trial " + trial);
			for (int r = 0; r < q; r++) for (int c = 0; c < q; c++) {
				double s = 0;
				for (int k = 0; k < q; k++) s += a[r * q + k] * out[k * q + c];
				assertEquals(r == c ? 1 : 0, s * Math.sqrt(scaleOf(a, r, q) / scaleOf(a, c, q)), 1e-9);
			}
			double[] inPlace = a.clone();
			assertTrue(SmallMatrix.invert(inPlace, inPlace, q));
			for (int i = 0; i < q * q; i++) assertEquals(out[i], inPlace[i], 0);
		}
	}

	private static double scaleOf(double[] a, int i, int q) {
		return 1 / a[i * q + i];
	}

	@Test
	void singularMatrixIsRefused() {
		double[] a = { 1, 2, 2, 4 };
		assertFalse(SmallMatrix.invert(a, new double[4], 2));
		assertFalse(SmallMatrix.invert(new double[9], new double[9], 3));
	}

	@Test
	void pivotsOnAZeroDiagonal() {
		double[] a = { 0, 2, 3, 0 }, out = new double[4];
		assertTrue(SmallMatrix.invert(a, out, 2));
		assertEquals(0, out[0], 0);
		assertEquals(1.0 / 3, out[1], 1e-15);
		assertEquals(0.5, out[2], 1e-15);
		assertEquals(0, out[3], 0);
	}
}
