package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The hot loop of every line ({@link Shape#addLine}) walks uniform grids without an exp per point; it must give
 * the values of the line shape itself on any axis: ascending, descending, uneven, with the centre inside, near
 * an end or outside.
 */
class ShapeAddLineTest {
	private static double[] grid(double x0, double step, int n) {
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = x0 + i * step;
		return x;
	}

	/** Worst |added - area * value| relative to the line's height, and checks out was only added to. */
	private static double worstError(Shape shape, double[] x, double area, double c, double[] s) {
		double[] out = new double[x.length];
		java.util.Arrays.fill(out, 1.0);
		shape.addLine(x, area, c, s, 0, out);
		double height = area * shape.value(c, c, s, 0), worst = 0;
		for (int i = 0; i < x.length; i++) {
			double expect = area * shape.value(x[i], c, s, 0);
			worst = Math.max(worst, Math.abs(out[i] - 1.0 - expect) / height);
		}
		return worst;
	}

	@Test
	void uniformGridsMatchTheLineShape() {
		Random rnd = new Random(7);
		for (Shape shape : new Shape[] { Shape.GL_PRODUCT, Shape.GAUSSIAN }) {
			for (int t = 0; t < 400; t++) {
				int n = 3 + rnd.nextInt(1200);
				double step = (rnd.nextBoolean() ? 1 : -1) * (0.005 + rnd.nextDouble() * 0.5);
				double x0 = 400 + rnd.nextDouble() * 200;
				double[] x = grid(x0, step, n);
				double lo = Math.min(x[0], x[n - 1]), hi = Math.max(x[0], x[n - 1]);
				double c = lo - 5 + rnd.nextDouble() * (hi - lo + 10); // also outside the range
				double[] s = { 0.05 + rnd.nextDouble() * 4, rnd.nextDouble() };
				double e = worstError(shape, x, 1e4 * rnd.nextDouble(), c, s);
				assertTrue(e < 1e-12, shape + " n " + n + " step " + step + " c " + c + " fwhm " + s[0] + ": " + e);
			}
		}
	}

	/** The Doniach–Šunjić fast path (constants out of the point loop) gives LineShapes' values. */
	@Test
	void doniachSunjicFastPathMatchesTheLineShape() {
		double[] x = grid(448, 0.05, 400);
		for (double[] s : new double[][] {{0.5, 0.1, 0.7}, {0.3, 0.25, 1.2}, {0.8, 0.0, 0.0}, {0.4, 0.2, 0.0}}) {
			double[] out = new double[x.length];
			Shape.DONIACH_SUNJIC.addLine(x, 2.5, 453.9, s, 0, out);
			for (int i = 0; i < x.length; i++) {
				double expect = 2.5 * Shape.DONIACH_SUNJIC.value(x[i], 453.9, s, 0);
				assertEquals(expect, out[i], 1e-12 * Math.max(1, Math.abs(expect)), "x " + x[i] + " params " + java.util.Arrays.toString(s));
			}
		}
	}

	@Test
	void unevenAxesFallBackToTheDirectValues() {
		double[] x = grid(450, 0.1, 300);
		x[170] += 0.013; // one point off the grid just right of the centre
		for (int i = 0; i < 60; i++) x[i] = 450 + 0.1 * i - 0.004 * Math.sin(i); // an uneven stretch on the left
		double[] s = { 1.5, 0.3 };
		assertEquals(0, worstError(Shape.GL_PRODUCT, x, 2e3, 463.02, s), 1e-12);
		assertEquals(0, worstError(Shape.GL_PRODUCT, x, 2e3, 455.5, s), 1e-12);
		assertEquals(0, worstError(Shape.GAUSSIAN, x, 2e3, 455.5, s), 1e-12);
		double[] two = { 1.0, 2.0 };
		assertEquals(0, worstError(Shape.GL_PRODUCT, two, 1, 1.4, s), 1e-15);
	}
}
