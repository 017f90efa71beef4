package org.interphase.core.diffraction.crystal;

/** Small 3x3 matrix helpers. */
final class Mat3 {
	private Mat3() {}

	static double det(double[][] m) {
		return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] *
			m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
	}

	static double[][] inverse(double[][] m) {
		double d = det(m);
		double[][] r = new double[3][3];
		for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
			int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
			r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / d;
		}
		return r;
	}

	static double[][] transpose(double[][] m) {
		double[][] r = new double[3][3];
		for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) r[i][j] = m[j][i];
		return r;
	}

	static double[][] multiply(double[][] p, double[][] q) {
		double[][] r = new double[3][3];
		for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) r[i][j] += p[i][k] *
			q[k][j];
		return r;
	}

	static double[][] copy(double[][] m) {
		return new double[][] { m[0].clone(), m[1].clone(), m[2].clone() };
	}
}
