package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The direct beam's wing under a diffuse profile, and the first-last normalisation of a series. */
class BeamTailTest {
	/**
	 * A power-law or Lorentzian wing with a flat offset (the dark level given: its estimate is the pipeline's), under a
	 * Gaussian halo: the halo's area comes back within 8 %.
	 */
	@Test
	void wingUnderAHaloIsSeparated() {
		int n = 220;
		double[][] cases = { { 800, 2.2, 0, 0 }, { 300, 1.7, 6, 0 }, { 5000, 2.8, 3, 4 }, { 60, 2.0, 12, 0 } };
		for (double[] c : cases) {
			double[] b = new double[n], counts = new double[n], wing = new double[n];
			double haloArea = 0, haloIn = 0;
			for (int i = 0; i < n; i++) {
				double r = i + 0.5;
				counts[i] = 2 * Math.PI * r;
				wing[i] = c[0] * Math.pow(r * r + c[2] * c[2], -c[1] / 2) + c[3];
				double halo = 0.4 * Math.exp(-0.5 * Math.pow((r - 80) / 12, 2));
				b[i] = wing[i] + halo;
				if (r >= 20 && r <= 160) {
					haloIn += counts[i] * halo;
					haloArea += counts[i] * (b[i] - wing[i]);
				}
			}
			BeamTail.Fit f = BeamTail.fit(b, counts, 1, 20, 160, 215, Double.NaN, Double.NaN, c[3]);
			assertNotNull(f);
			double est = 0;
			for (int i = 20; i <= 159; i++) est += counts[i] * (b[i] - Math.min(b[i], f.curve[i]));
			assertEquals(haloIn, est, 0.08 * haloIn, "wing " + java.util.Arrays.toString(c) + ": p " + f.p + " r0 " + f.r0);
			assertEquals(haloArea, haloIn, 1e-9);
		}
	}

	/** Wing + two Gaussian halos (the second beyond the first), per bin; {profile, halo}. */
	static double[][] wingAndHalos(int n, double a, double p, double r0, double halo) {
		double[] b = new double[n], h = new double[n];
		for (int i = 0; i < n; i++) {
			double r = i + 0.5;
			h[i] = halo * (Math.exp(-0.5 * Math.pow((r - 80) / 12, 2)) + 0.3 * Math.exp(-0.5 * Math.pow((r - 140) / 16, 2)));
			b[i] = a * Math.pow(r * r + r0 * r0, -p / 2) + h[i];
		}
		return new double[][] { b, h };
	}

	/**
	 * Behind a beam stop the annulus starts on the halo's inner flank (50 px): the wing is fitted from the stop's rim
	 * (15 px) out to the corners, on both sides of the halos, and the halo's area over the annulus comes back within
	 * 3 % (the wing fitted on the annulus alone, maximising its inner area, took a flat shape under the flank).
	 */
	@Test
	void wingFromTheStopRimOnBothSidesOfTheHalo() {
		int n = 220;
		double[] counts = new double[n];
		for (int i = 0; i < n; i++) counts[i] = 2 * Math.PI * (i + 0.5);
		for (double[] c : new double[][] { { 400, 2.0, 4 }, { 1500, 2.6, 3 }, { 100, 1.7, 5 } }) {
			double[][] bh = wingAndHalos(n, c[0], c[1], c[2], 0.4);
			BeamTail.Fit f = BeamTail.fit(bh[0], counts, 1, 15, 50, 160, 215, Double.NaN, Double.NaN, 0);
			assertNotNull(f);
			double est = 0, truth = 0;
			for (int i = 50; i < 160; i++) {
				est += counts[i] * (bh[0][i] - Math.min(bh[0][i], f.curve[i]));
				truth += counts[i] * bh[1][i];
			}
			assertEquals(truth, est, 0.03 * truth, "wing " + java.util.Arrays.toString(c) + ": p " + f.p + " r0 " + f.r0);
			assertEquals(15.5, f.from, 1e-9);
		}
	}

	/**
	 * A series whose halo grows from almost nothing to several times the wing at the halo: one shape for all frames,
	 * from sums of frames jointly, gives the most amorphous frame's halo area within 3 %.
	 */
	@Test
	void seriesShapeFromTheFramesJointly() {
		int n = 220;
		double[] counts = new double[n];
		for (int i = 0; i < n; i++) counts[i] = 2 * Math.PI * (i + 0.5);
		double[] halos = { 0.01, 0.05, 0.2, 0.5, 1, 2 };
		double[][] bgs = new double[halos.length][];
		for (int k = 0; k < halos.length; k++) bgs[k] = wingAndHalos(n, 300, 2.2, 4, halos[k])[0];
		double[] s = BeamTail.sharedShape(bgs, counts, 1, 10, 10, 160, 215, new double[halos.length]);
		assertNotNull(s);
		assertEquals(2.2, s[0], 0.15, "p");
		// the frame with most halo, its wing's amplitude fitted with that shape: the halo's area within 3 %
		double[][] bh = wingAndHalos(n, 300, 2.2, 4, 2);
		BeamTail.Fit f = BeamTail.fit(bh[0], counts, 1, 10, 10, 160, 215, s[0], s[1], 0);
		double est = 0, truth = 0;
		for (int i = 10; i < 160; i++) {
			est += counts[i] * (bh[0][i] - Math.min(bh[0][i], f.curve[i]));
			truth += counts[i] * bh[1][i];
		}
		assertEquals(truth, est, 0.03 * truth, "p " + s[0] + " r0 " + s[1]);
	}

	@Test
	void fractionIsBraggOverBraggPlusHalo() {
		// one bin: total 100, diffuse 60 of which beam 40 -> Bragg 40, halo 20
		double[] r = BeamTail.fraction(new double[] { 100 }, new double[] { 1 }, new double[] { 60 }, new double[] { 40 },
			1, 0, 1);
		assertEquals(40 / 60.0, r[0], 1e-12);
		assertEquals(0.4, r[2], 1e-12);
	}

	@Test
	void firstLastNormalisation() {
		double[][] g = SeriesFraction.normaliseFirstLast(new double[] { 0.9, 0.5, 0.1 }, new double[] { 0.01, 0.02,
			0.01 });
		assertEquals(1, g[0][0], 1e-12);
		assertEquals(0.5, g[0][1], 1e-12);
		assertEquals(0, g[0][2], 1e-12);
		assertEquals(Math.sqrt(Math.pow(0.02 / 0.8, 2) + 2 * Math.pow(0.5 * 0.01 / 0.8, 2)), g[1][1], 1e-12);
		assertNull(SeriesFraction.normaliseFirstLast(new double[] { 0.5, 0.5 }, new double[] { 0, 0 }));
	}
}
