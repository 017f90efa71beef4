package org.interphase.core.diffraction;

import java.util.List;

import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.synth.diffraction.SaedGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("explore")
class Explore2Test {
	@Test
	void explore() {
		for (boolean poisson : new boolean[] { false, true }) for (double cf : new double[] { 0.0, 0.3, 0.6 }) {
			SaedGenerator.Config c = new SaedGenerator.Config();
			c.phase = PhaseLibrary.get("LATP");
			c.zone = new int[] { 1, 0, 0 };
			c.crystallineFraction = cf;
			c.poisson = poisson;
			c.pixelPerNm = 0.045;
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Options o = new SaedPipeline.Options();
			o.pixelPerNm = c.pixelPerNm;
			o.phases = List.of(c.phase);
			o.qMin = p.qMin;
			o.qMax = p.qMax;
			o.fractionOnly = true;
			o.centerX = p.centerX - 0.5;
			o.centerY = p.centerY - 0.5;
			o.ellipticity = 0;
			SaedPipeline.Result r = SaedPipeline.analyze(p.image, p.width, p.height, o);
			System.out.printf("poisson %b cf truth %.4f found %.4f +- %.4f rLo %.1f rHi %.1f%n", poisson,
				p.crystallineFraction, r.crystallineFraction, r.crystallineFractionSigma, r.rLo, r.rHi);
			if (cf == 0.0 && poisson) {
				for (int i = 20; i < 130; i += 6) System.out.printf("   r %.1f mean %.2f median-based bg %.2f used %.2f%n", r.radii[i], r.profile[i], r.background[i], 0.0);
			}
		}
	}
}
