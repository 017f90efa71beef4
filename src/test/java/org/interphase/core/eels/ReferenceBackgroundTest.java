package org.interphase.core.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** References as distributed: background-subtracted ones detected and used as they are, any pre-edge length. */
class ReferenceBackgroundTest {
	/** A white-line-like edge: Gaussian L3 / L2 and a step, on [start, 505] eV at 0.1 eV, optional power law. */
	static double[][] edge(double start, double bg, long seed) {
		Random rnd = new Random(seed);
		int n = (int) Math.round((505 - start) / 0.1) + 1;
		double[] e = new double[n], c = new double[n];
		for (int k = 0; k < n; k++) {
			e[k] = start + 0.1 * k;
			double s = 20000 * (Math.exp(-0.5 * Math.pow((e[k] - 458) / 0.8, 2)) + 0.8 * Math.exp(-0.5 * Math.pow((e[k] -
				463.5) / 1.0, 2)) + 0.1 / (1 + Math.exp(-(e[k] - 457.5) / 0.4)));
			double b = bg * Math.pow(e[k] / 455, -3.5);
			double mean = s + b;
			c[k] = mean + Math.sqrt(Math.max(mean, 1)) * rnd.nextGaussian();
		}
		return new double[][] { e, c };
	}

	@Test
	void backgroundSubtractedReferenceIsUsedAsItIs() {
		double[][] r = edge(440, 0, 1);
		// a database spectrum: background removed, noise of the original kept
		Random rnd = new Random(2);
		for (int k = 0; k < r[1].length; k++) r[1][k] += 150 * rnd.nextGaussian();
		Reference ref = Reference.prepare("Ti4+", r[0], r[1], 425, 451, 451, 477);
		assertEquals(Reference.Background.NONE, ref.background);
		assertEquals(17, ref.preEdge, 1.0);
		// unit area in the window, peak where the white line is
		assertTrue(ref.value(458) > 5 * ref.value(468), ref.value(458) + " " + ref.value(468));
	}

	@Test
	void noPreEdgeAtAll() {
		double[][] r = edge(456, 0, 3);
		Reference ref = Reference.prepare("Ti4+", r[0], r[1], 425, 451, 451, 477);
		assertEquals(Reference.Background.NONE, ref.background);
		assertEquals(0, ref.value(452), 0); // zero before its first channel
	}

	@Test
	void backgroundIsFittedInTheWindowOrInItsOwnPreEdge() {
		double[][] r = edge(420, 60000, 4);
		Reference a = Reference.prepare("Ti4+", r[0], r[1], 425, 451, 451, 477);
		assertEquals(Reference.Background.FITTED, a.background);
		double[][] s = edge(449, 60000, 5);
		Reference b = Reference.prepare("Ti4+", s[0], s[1], 425, 451, 451, 477);
		assertEquals(Reference.Background.FITTED_OWN_PRE_EDGE, b.background);
		assertTrue(b.alternative != null, "a short pre-edge gives an alternative extrapolation");
		// both close to the true shape at the L3 maximum relative to L2
		double ra = a.value(458) / a.value(463.5), rb = b.value(458) / b.value(463.5);
		assertEquals(1 / 0.8, ra, 0.1);
		assertEquals(1 / 0.8, rb, 0.25);
	}

	@Test
	void backgroundWithoutPreEdgeIsRefusedWithTheReason() {
		double[][] r = edge(457.9, 200000, 6);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reference.prepare("Ti3+", r[0],
			r[1], 425, 451, 451, 477));
		assertTrue(e.getMessage().contains("Ti3+") && e.getMessage().contains("pre-edge"), e.getMessage());
	}
}
