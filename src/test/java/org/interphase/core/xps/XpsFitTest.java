package org.interphase.core.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.synth.xps.XpsSpectrumGenerator;
import org.junit.jupiter.api.Test;

class XpsFitTest {
	@Test
	void scratch() {
		XpsTemplate t = XpsTemplate.preset("ti2p");
		for (double f : new double[] {0, 0.02, 0.14, 0.3, 0.57, 0.7}) {
			XpsSpectrumGenerator.Spectrum s = XpsSpectrumGenerator.ti2p(f).peakCounts(1e4).generate(42);
			long t0 = System.nanoTime();
			XpsFitResult r = XpsFit.fit(s.be, s.counts, t, new XpsFit.Options());
			long t1 = System.nanoTime();
			XpsFitResult.State ti3 = r.state("Ti3+");
			System.out.printf("f=%.3f fit=%.4f +- %.4f conv=%s redchi=%.3f pos4=%.3f evals=%d %.2f ms bound=%s%n", f, ti3.fraction,
				ti3.fractionSdCovariance, r.fit.converged(), r.fit.reducedChiSquare(), r.state("Ti4+").position,
				r.fit.evaluations(), (t1 - t0) / 1e6, r.fit.atBound());
		}
		XpsSpectrumGenerator.Spectrum s = XpsSpectrumGenerator.ti2p(0.3).peakCounts(1e4).generate(7);
		for (String bg : new String[] {"shirley", "shirley-active", "tougaard", "linear", "polynomial"}) {
			XpsFitResult r = XpsFit.fit(s.be, s.counts, t, new XpsFit.Options().background(XpsFit.Background.parse(bg)).monteCarlo(50, 3));
			XpsFitResult.State ti3 = r.state("Ti3+");
			System.out.printf("%s fit=%.4f +- %.4f (mc %.4f) conv=%s redchi=%.3f%n", bg, ti3.fraction, ti3.fractionSdCovariance,
				ti3.fractionSdMonteCarlo, r.fit.converged(), r.fit.reducedChiSquare());
		}
	}
}
