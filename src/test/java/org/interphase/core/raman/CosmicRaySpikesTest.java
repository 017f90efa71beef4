package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.synth.raman.RamanSpectrumGenerator;
import org.interphase.synth.raman.RamanSpectrumGenerator.Spectrum;
import org.junit.jupiter.api.Test;

class CosmicRaySpikesTest {
	@Test
	void removesSpikesAndLeavesBandsAlone() {
		int found = 0, made = 0;
		for (long seed = 1; seed <= 40; seed++) {
			Spectrum s = new RamanSpectrumGenerator(seed).spikes(3).crystalliteNm(40).spectrum(); // narrow bands, FWHM 12
			double[] y = s.counts.clone();
			CosmicRaySpikes c = new CosmicRaySpikes();
			int n = c.remove(y);
			made += s.spikes;
			found += n;
			for (int i = 0; i < y.length; i++) {
				// after removal no channel is far above the noise-free spectrum
				double sigma = Math.sqrt(s.clean[i]) + 5;
				assertTrue(y[i] - s.clean[i] < 8 * sigma, "seed " + seed + " channel " + i + " still " + (y[i] - s.clean[i]) +
					" above truth");
				// channels not hit by a spike (and not next to one) are unchanged
				boolean near = s.spikeChannels[i] || (i > 0 && s.spikeChannels[i - 1]) || (i + 1 < y.length &&
					s.spikeChannels[i + 1]) || (i > 1 && s.spikeChannels[i - 2]) || (i + 2 < y.length && s.spikeChannels[i +
						2]);
				if (!near) assertEquals(s.counts[i], y[i], 0, "seed " + seed + ": clean channel " + i + " (" + s.shift[i] +
					" cm-1) was changed");
			}
		}
		// overlapping spikes count once; allow a few merges
		assertTrue(found <= made && found >= made - 4, "found " + found + " of " + made);
	}

	@Test
	void noFalseSpikesOnCleanBrightSpectra() {
		for (long seed = 100; seed < 130; seed++) {
			Spectrum s = new RamanSpectrumGenerator(seed).spikes(0).hbnHeight(60000).crystalliteNm(60).spectrum();
			double[] y = s.counts.clone();
			assertEquals(0, new CosmicRaySpikes().remove(y), "seed " + seed);
		}
	}

	@Test
	void constantDataHasNoSpikes() {
		double[] y = new double[100];
		java.util.Arrays.fill(y, 5);
		assertEquals(0, new CosmicRaySpikes().remove(y));
		assertFalse(new CosmicRaySpikes().replaced(3));
	}
}
