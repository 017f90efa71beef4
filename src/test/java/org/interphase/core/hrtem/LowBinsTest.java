package org.interphase.core.hrtem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.jtransforms.fft.DoubleFFT_2D;
import org.junit.jupiter.api.Test;

/** The direct low-frequency DFT gives the FFT's power at every bin it covers (odd and even block sizes). */
class LowBinsTest {
	@Test
	void matchesTheFftPower() {
		for (int b : new int[] { 48, 81 }) {
			Random rnd = new Random(b);
			double[] c = new double[b * b], full = new double[2 * b * b];
			for (int i = 0; i < c.length; i++) full[i] = c[i] = rnd.nextGaussian() + Math.cos(0.9 * i % b);
			new DoubleFFT_2D(b, b).realForwardFull(full);
			int k = 9;
			LowBins lb = new LowBins(b, k);
			lb.transform(c);
			for (int ky = -1; ky <= k; ky++) for (int kx = -k; kx <= k; kx++) {
				int i = ((ky + b) % b) * b + (kx + b) % b;
				double p = full[2 * i] * full[2 * i] + full[2 * i + 1] * full[2 * i + 1];
				assertEquals(p, lb.at(kx, ky), 1e-9 * Math.max(1, p), "b " + b + " bin " + kx + "," + ky);
			}
		}
	}
}
