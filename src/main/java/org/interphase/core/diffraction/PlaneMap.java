package org.interphase.core.diffraction;

import java.util.List;

/**
 * The least-squares linear map from a zone's plane coordinates (a, b) in 1/Å to detector offsets (x, y) in px:
 * x = t11 a + t12 b, y = t21 a + t22 b. It holds the calibration, the in-plane rotation and any elliptical
 * distortion of a spot pattern in four numbers. Used to place the reflections of indexed phases on the detector
 * ({@link PhaseFractions}) and to measure the ellipse from an indexed zone ({@link SaedPipeline}).
 */
final class PlaneMap {
	final double t11, t12, t21, t22;

	private PlaneMap(double t11, double t12, double t21, double t22) {
		this.t11 = t11;
		this.t12 = t12;
		this.t21 = t21;
		this.t22 = t22;
	}

	/**
	 * The map fitted to pairs {{a, b}, {x, y}}, or null when the plane coordinates do not span the plane (all
	 * reflections on one line: the normal matrix's determinant below 1e-12 of the product of its diagonal).
	 */
	static PlaneMap fit(List<double[][]> pairs) {
		double saa = 0, sab = 0, sbb = 0, sxa = 0, sxb = 0, sya = 0, syb = 0;
		for (double[][] p : pairs) {
			double a = p[0][0], b = p[0][1], x = p[1][0], y = p[1][1];
			saa += a * a;
			sab += a * b;
			sbb += b * b;
			sxa += x * a;
			sxb += x * b;
			sya += y * a;
			syb += y * b;
		}
		double det = saa * sbb - sab * sab;
		if (!(det > 1e-12 * (saa * sbb))) return null;
		return new PlaneMap((sxa * sbb - sxb * sab) / det, (sxb * saa - sxa * sab) / det, (sya * sbb - syb * sab) / det,
			(syb * saa - sya * sab) / det);
	}

	double x(double a, double b) {
		return t11 * a + t12 * b;
	}

	double y(double a, double b) {
		return t21 * a + t22 * b;
	}

	/** Length in px of the unit plane vector along a (px per 1/Å along the first basis vector). */
	double scaleA() {
		return Math.hypot(t11, t21);
	}
}
