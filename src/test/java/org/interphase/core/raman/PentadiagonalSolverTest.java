package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PentadiagonalSolverTest {
	/** Multiplies (diag(w) + lambda D'D) z directly from the definition of D and compares with w y. */
	@Test
	void solvesTheWhittakerSystem() {
		int n = 37;
		double lambda = 123.4;
		double[] w = new double[n], y = new double[n], z = new double[n];
		java.util.SplittableRandom r = new java.util.SplittableRandom(3);
		for (int i = 0; i < n; i++) {
			w[i] = r.nextDouble() < 0.3 ? 0.01 : 1;
			y[i] = Math.sin(i * 0.3) * 10 + r.nextDouble();
		}
		new PentadiagonalSolver(n).solve(w, y, lambda, z);
		double[] dz = new double[n - 2];
		for (int k = 0; k < n - 2; k++) dz[k] = z[k] - 2 * z[k + 1] + z[k + 2];
		double[] dtdz = new double[n];
		for (int k = 0; k < n - 2; k++) {
			dtdz[k] += dz[k];
			dtdz[k + 1] -= 2 * dz[k];
			dtdz[k + 2] += dz[k];
		}
		for (int i = 0; i < n; i++) assertEquals(w[i] * y[i], w[i] * z[i] + lambda * dtdz[i], 1e-8);
	}

	@Test
	void straightLineIsItsOwnSmooth() {
		int n = 50;
		double[] w = new double[n], y = new double[n], z = new double[n];
		for (int i = 0; i < n; i++) {
			w[i] = 1;
			y[i] = 3 + 0.5 * i;
		}
		new PentadiagonalSolver(n).solve(w, y, 1e8, z);
		for (int i = 0; i < n; i++) assertEquals(y[i], z[i], 1e-6);
	}
}
