package org.interphase.core.diffraction;

import java.util.List;

import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.synth.diffraction.SaedGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("explore")
@org.junit.jupiter.api.Disabled("exploration printout; run by hand")
class ExploreTest {
	@Test
	void explore() {
		String[] ph = { "Au", "LATP", "LATP", "LATP" };
		int[][] zones = { null, null, { 2, -2, -1 }, { 1, 0, 0 } };
		for (int rep = 0; rep < 2; rep++) for (int k = 0; k < 4; k++) for (boolean stop : new boolean[] { false, true }) {
			SaedGenerator.Config c = new SaedGenerator.Config();
			c.phase = PhaseLibrary.get(ph[k]);
			c.zone = zones[k];
			c.beamStop = stop;
			c.ellipticity = 0.02;
			c.seed = 5 + k;
			c.pixelPerNm = ph[k].equals("Au") ? 0.06 : 0.045;
			long t0 = System.nanoTime();
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			long t1 = System.nanoTime();
			SaedPipeline.Options o = new SaedPipeline.Options();
			o.pixelPerNm = c.pixelPerNm;
			o.phases = List.of(c.phase);
			o.qMin = p.qMin;
			o.qMax = p.qMax;
			SaedPipeline.Result r = SaedPipeline.analyze(p.image, p.width, p.height, o);
			long t2 = System.nanoTime();
			System.out.printf("%s zone=%s stop=%b  gen %.0f ms analyze %.0f ms%n", ph[k], zones[k] == null ? "rings"
				: java.util.Arrays.toString(zones[k]), stop, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
			System.out.printf("  centre truth %.3f %.3f  found %.3f %.3f (sig %.3f)%n", p.centerX, p.centerY,
				r.geometry.cx + 0.5, r.geometry.cy + 0.5, r.centerSigma);
			System.out.printf("  ellipticity truth %.4f found %.4f +- %.4f from %s, angle %.1f%n", p.ellipticity,
				r.geometry.ellipticity, r.ellipticitySigma, r.ellipseFrom, Math.toDegrees(r.geometry.angle));
			System.out.printf("  cf truth %.4f found %.4f +- %.4f  rLo %.1f rHi %.1f%n", p.crystallineFraction,
				r.crystallineFraction, r.crystallineFractionSigma, r.rLo, r.rHi);
			System.out.printf("  rings %d spots %d warnings %s %s truthspots %d%n", r.rings.size(), r.spots.size(), r.warnings, r.timings, p.features.size());
			for (int i = 0; i < Math.min(8, r.rings.size()); i++) {
				Ring ring = r.rings.get(i);
				System.out.printf("    ring r=%.2f d=%.4f cv=%.2f %s%n", ring.radius, r.geometry.dSpacing(ring.radius),
					ring.azimuthalCv, RingIndexer.describe(r.ringMatches.get(i)));
			}
			for (ZoneAxisIndexer.Solution z : r.zones) System.out.printf("    zone [%s] misfit %.2f score %.3f matched %d/%d%n",
				z.uvwText(), z.misfitDeg, z.score, z.matched, z.observed);
		}
	}
}
