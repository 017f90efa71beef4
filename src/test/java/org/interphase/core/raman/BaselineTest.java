package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.synth.raman.RamanSpectrumGenerator;
import org.interphase.synth.raman.RamanSpectrumGenerator.Spectrum;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class BaselineTest {
	/** Every method recovers the fluorescence under the bands to a small fraction of the band heights. */
	@ParameterizedTest
	@EnumSource(BaselineMethod.class)
	void recoversFluorescenceUnderBands(BaselineMethod method) {
		Spectrum s = new RamanSpectrumGenerator(11).spikes(0).spectrum();
		double[] x = s.shift;
		double step = Math.abs(x[x.length - 1] - x[0]) / (x.length - 1);
		Baseline b = new Baseline(method, Baseline.autoLambda(60, step, Baseline.AUTO_FACTOR), 4, x);
		double[] z = new double[x.length];
		b.estimate(s.counts, z);
		double hbnHeight = s.band(RamanSpectrumGenerator.HBN).height();
		double worst = 0, mean = 0;
		for (int i = 20; i < x.length - 20; i++) {
			double e = z[i] - s.baseline[i];
			worst = Math.max(worst, Math.abs(e));
			mean += e;
		}
		mean /= x.length - 40;
		// the baseline error stays below 5 % of the main band and on average below 1.5 %
		assertTrue(worst < 0.05 * hbnHeight, method + ": worst baseline error " + worst);
		assertTrue(Math.abs(mean) < 0.015 * hbnHeight, method + ": mean baseline error " + mean);
	}

	@Test
	void autoLambdaFollowsTheDocumentedRule() {
		// 60 cm-1 bands on a 1 cm-1 grid, factor 4: (240 / 2 pi)^4
		assertEquals(Math.pow(240 / (2 * Math.PI), 4), Baseline.autoLambda(60, 1, 4), 1e-6);
		// a finer grid needs a larger lambda for the same physical smoothness
		assertTrue(Baseline.autoLambda(60, 0.5, 4) > 15 * Baseline.autoLambda(60, 1, 4));
	}
}
