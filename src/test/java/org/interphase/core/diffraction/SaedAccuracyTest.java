package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.core.diffraction.crystal.Reflection;
import org.interphase.synth.Noise;
import org.interphase.synth.diffraction.SaedGenerator;
import org.junit.jupiter.api.Test;

/** The accuracy targets on seeded synthetic patterns of the forward model. */
class SaedAccuracyTest {
	static final double CENTRE_TOL = 0.5, D_TOL = 0.005, CF_TOL = 0.05, ELL_TOL = 0.005;

	static SaedPipeline.Result run(SaedGenerator.Pattern p, SaedGenerator.Config c) {
		SaedPipeline.Options o = SaedPipeline.Options.builder().pixelPerNm(c.pixelPerNm).phases(List.of(c.phase))
			.qMin(p.qMin).qMax(p.qMax).build();
		return SaedPipeline.analyze(p.image, p.width, p.height, o);
	}

	static SaedGenerator.Config config(String phase, int[] zone, long seed) {
		Noise n = new Noise(seed);
		SaedGenerator.Config c = new SaedGenerator.Config();
		c.width = 224;
		c.height = 224;
		c.phase = PhaseLibrary.get(phase);
		c.zone = zone;
		c.seed = seed;
		c.beamStop = seed % 2 == 0;
		c.ellipticity = n.uniform(0, 0.03);
		c.ellipseAngleDeg = n.uniform(-90, 90);
		c.inPlaneDeg = n.uniform(0, 360);
		c.crystallineFraction = n.uniform(0.3, 0.8);
		c.pixelPerNm = phase.equals("Au") ? 0.065 : 0.05;
		c.qMax = 0.46 * c.width * c.pixelPerNm;
		return c;
	}

	@Test
	void ringPatterns() {
		String[] phases = { "Au", "LATP", "Au", "LATP" };
		for (int k = 0; k < phases.length; k++) {
			SaedGenerator.Config c = config(phases[k], null, 11 + k);
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Result r = run(p, c);
			String what = phases[k] + " rings, seed " + c.seed + ", beam stop " + c.beamStop;
			assertEquals(p.centerX, r.geometry.cx + 0.5, CENTRE_TOL, what);
			assertEquals(p.centerY, r.geometry.cy + 0.5, CENTRE_TOL, what);
			assertEquals(p.ellipticity, r.geometry.ellipticity, ELL_TOL, what);
			assertEquals(p.crystallineFraction, r.crystallineFraction, CF_TOL, what);
			assertTrue(r.rings.size() >= 2, what + ": rings " + r.rings.size());
			int indexed = 0;
			for (int i = 0; i < r.rings.size(); i++) {
				RingIndexer.Match m = r.ringMatches.get(i);
				if (m == null) continue;
				indexed++;
				double d = r.geometry.dSpacing(r.rings.get(i).radius);
				// the 0.5 % target is for resolved rings: skip rings with another family within 3 ring widths
				double q = 10 / m.family.d, wq = 3 * c.ringSigmaPx * c.pixelPerNm;
				boolean blended = false;
				for (Reflection f : c.phase.families(1.2)) if (Math.abs(10 / f.d - q) > 1e-9 && Math.abs(10 / f.d - q) < wq)
					blended = true;
				if (blended) continue;
				// the assigned family is one the generator drew, and d agrees with it within 0.5 %
				assertEquals(m.family.d, d, D_TOL * m.family.d, what + " " + m.label());
			}
			assertTrue(indexed >= 2, what + ": indexed " + indexed);
		}
	}

	/**
	 * Ring patterns on an amorphous halo (seeds 100-109, crystalline fraction 0.34-0.76 drawn): LATP's dense rings
	 * sit on the halo's flanks; a robust point-dropping background cut under the halo and read 0.59-0.71 whatever
	 * the truth. The joint fit of rings and a smooth diffuse curve reads LATP within 2.5 sigma (mean error below
	 * 0.03) and Au within 0.02; zone-axis spot patterns are unchanged (within 0.05).
	 */
	@Test
	void ringPatternsOnAHaloFollowTheTruth() {
		double mean = 0;
		StringBuilder log = new StringBuilder();
		for (long seed = 100; seed < 110; seed++) {
			SaedGenerator.Config c = config("LATP", null, seed);
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Result r = run(p, c);
			double e = r.crystallineFraction - p.crystallineFraction;
			log.append(String.format(java.util.Locale.ROOT, "LATP seed %d: %.3f +- %.3f truth %.3f%n", seed,
				r.crystallineFraction, r.crystallineFractionSigma, p.crystallineFraction));
			assertNotNull(r.diffuseRingRadii, "joint ring fit used");
			assertFalse(r.backgroundUncertain);
			assertTrue(Math.abs(e) <= 2.5 * r.crystallineFractionSigma && r.crystallineFractionSigma < 0.05, log.toString());
			mean += e / 10;
			SaedGenerator.Config ca = config("Au", null, seed);
			SaedGenerator.Pattern pa = SaedGenerator.generate(ca);
			assertEquals(pa.crystallineFraction, run(pa, ca).crystallineFraction, 0.02, "Au seed " + seed);
		}
		assertEquals(0, mean, 0.03, log.toString());
		// without phases the rings are not all known: the robust background, flagged where it cut under the halo,
		// with an uncertainty that covers the truth
		for (long seed = 100; seed < 104; seed++) {
			SaedGenerator.Config c = config("LATP", null, seed);
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Options o = SaedPipeline.Options.builder().pixelPerNm(c.pixelPerNm).qMin(p.qMin).qMax(p.qMax)
				.build();
			SaedPipeline.Result r = SaedPipeline.analyze(p.image, p.width, p.height, o);
			String what = "LATP rings without phases, seed " + seed + ": " + r.crystallineFraction + " +- "
				+ r.crystallineFractionSigma + " truth " + p.crystallineFraction;
			assertNull(r.diffuseRingRadii, what);
			assertTrue(r.backgroundUncertain, what);
			assertEquals(p.crystallineFraction, r.crystallineFraction, 1.5 * r.crystallineFractionSigma, what);
		}
		for (long seed = 100; seed < 104; seed++) {
			SaedGenerator.Config c = config("LATP", new int[] { 1, 0, 0 }, seed);
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Result r = run(p, c);
			assertFalse(r.backgroundUncertain);
			assertEquals(p.crystallineFraction, r.crystallineFraction, 0.05, "[1 0 0] seed " + seed);
		}
	}

	@Test
	void auRingsAreLabelledAsInTheTables() {
		SaedGenerator.Config c = config("Au", null, 3);
		SaedPipeline.Result r = run(SaedGenerator.generate(c), c);
		List<String> labels = new ArrayList<>();
		for (RingIndexer.Match m : r.ringMatches) if (m != null) labels.add(m.label());
		assertTrue(labels.contains("Au hkl=1 1 1"), labels.toString());
		assertTrue(labels.contains("Au hkl=2 0 0"), labels.toString());
	}

	@Test
	void zoneAxisSpotPatterns() {
		int[][] zones = { { 2, -2, -1 }, { 1, 0, 0 }, { 2, -2, -1 }, { 1, 0, 0 }, { 2, -2, -1 }, { 1, 0, 0 } };
		Phase latp = PhaseLibrary.get("LATP");
		int correct = 0;
		StringBuilder log = new StringBuilder();
		for (int k = 0; k < zones.length; k++) {
			SaedGenerator.Config c = config("LATP", zones[k], 40 + k);
			SaedGenerator.Pattern p = SaedGenerator.generate(c);
			SaedPipeline.Result r = run(p, c);
			String what = "zone " + java.util.Arrays.toString(zones[k]) + ", seed " + c.seed + ", beam stop " + c.beamStop;
			assertEquals(p.centerX, r.geometry.cx + 0.5, CENTRE_TOL, what);
			assertEquals(p.centerY, r.geometry.cy + 0.5, CENTRE_TOL, what);
			assertEquals(p.crystallineFraction, r.crystallineFraction, CF_TOL, what);
			assertFalse(r.zones.isEmpty(), what);
			ZoneAxisIndexer.Solution z = r.zones.get(0);
			log.append(what).append(" -> ").append(z.uvwText()).append(' ').append(z.matched).append('/').append(z.observed)
				.append(String.format(" %.3f", z.score)).append(r.zones.size() > 1 ? " alt " + r.zones.get(1).uvwText() +
					String.format(" %.3f", r.zones.get(1).score) : "").append("; ");
			if (ZoneAxisIndexer.equivalent(latp, z.uvw, zones[k])) {
				correct++;
				assertEquals(p.ellipticity, r.geometry.ellipticity, 2 * ELL_TOL, what);
				List<Double> errs = new ArrayList<>();
				for (int i = 0; i < r.spots.size(); i++) {
					int[] hkl = z.spotHkl[i];
					if (hkl == null) continue;
					Spot sp = r.spots.get(i);
					double[] v = r.geometry.corrected(sp.x, sp.y);
					double rad = Math.hypot(v[0], v[1]);
					double d = r.geometry.dSpacing(rad);
					double dRef = latp.cell.d(hkl[0], hkl[1], hkl[2]);
					// each spot within 0.5 % or within 3 of its own sigmas (weak spots near the beam-stop arm)
					double sd = d * Math.hypot(Math.hypot(sp.sigmaX, sp.sigmaY) / Math.sqrt(2), r.centerSigma) / rad;
					assertEquals(dRef, d, Math.max(D_TOL * dRef, 3 * sd), what + " spot " + i);
					errs.add(Math.abs(d / dRef - 1));
				}
				errs.sort(null);
				assertTrue(errs.get(errs.size() / 2) < 0.002, what + ": median d error " + errs.get(errs.size() / 2));
			}
		}
		assertTrue(correct >= zones.length * 0.95, "zone axis correct in " + correct + "/" + zones.length + ": " + log);
	}

	/**
	 * Thirteen LATP zone axes (low and higher index, 6-24 ZOLZ spots in the field), three seeds each (ellipticity,
	 * in-plane rotation, beam stop, crystalline fraction drawn): the zone is correct in at least 95 %. Zones that are
	 * symmetry-equivalent count as the same ([1 1 0] is [1 0 0] by the three-fold axis).
	 */
	@Test
	void zoneAxisOfManyOrientations() {
		int[][] zones = { { 0, 0, 1 }, { 1, 0, 0 }, { 1, 1, 0 }, { 1, -1, 0 }, { 2, -2, -1 }, { 1, 0, 1 }, { 0, 1, 1 },
			{ 1, 2, 0 }, { 2, -1, 0 }, { 1, 1, 1 }, { 2, 0, 1 }, { 1, 0, 2 }, { 2, 1, 0 } };
		Phase latp = PhaseLibrary.get("LATP");
		int correct = 0, n = 0;
		StringBuilder log = new StringBuilder();
		for (int[] zone : zones) for (long seed = 60; seed < 63; seed++) {
			SaedGenerator.Config c = config("LATP", zone, seed);
			SaedPipeline.Result r = run(SaedGenerator.generate(c), c);
			n++;
			String got = r.zones.isEmpty() ? "none" : r.zones.get(0).uvwText();
			if (!r.zones.isEmpty() && ZoneAxisIndexer.equivalent(latp, r.zones.get(0).uvw, zone)) correct++;
			else log.append(java.util.Arrays.toString(zone)).append(" seed ").append(seed).append(" -> ").append(got)
				.append("; ");
		}
		assertTrue(correct >= 0.95 * n, "zone axis correct in " + correct + "/" + n + ": " + log);
	}

	/**
	 * A high-index zone ([4 -4 1]) shows 3-6 spots: either no zone is claimed, or the claimed one is flagged (the
	 * runner-up within 2 % of its score, or the calibration resting on fewer than 8 spots).
	 */
	@Test
	void fewSpotsNeverGiveAnUnflaggedZone() {
		Phase latp = PhaseLibrary.get("LATP");
		for (long seed = 60; seed < 63; seed++) {
			SaedGenerator.Config c = config("LATP", new int[] { 4, -4, 1 }, seed);
			SaedPipeline.Result r = run(SaedGenerator.generate(c), c);
			if (r.zones.isEmpty()) continue;
			boolean right = ZoneAxisIndexer.equivalent(latp, r.zones.get(0).uvw, c.zone);
			assertTrue(right || ZoneAxisIndexer.ambiguous(r.zones) || r.zones.get(0).matched < 8, "seed " + seed + ": "
				+ r.zones.get(0).uvwText() + " " + r.zones.get(0).matched + " spots, runner-up " + (r.zones.size() > 1 ? r
					.zones.get(1).score / r.zones.get(0).score : "none"));
		}
	}

	@Test
	void amorphizationTimeWithinOneFrame() {
		amorphizationSeries(new int[] { 2, -2, -1 }, 77, CF_TOL, 160, 0.07);
	}

	/**
	 * A polycrystalline LATP film amorphizing: ring patterns on a growing halo (224 px, 0.05 1/nm per px), frames
	 * with the joint ring fit: each within 0.05, the amorphization time within one frame. (At 0.07 1/nm per px the
	 * rings merge and frames read up to 0.08 low at 0.8: docs.)
	 */
	@Test
	void ringSeriesAmorphizationTimeWithinOneFrame() {
		amorphizationSeries(null, 78, CF_TOL, 224, 0.05);
	}

	void amorphizationSeries(int[] zone, long seed, double frameTol, int size, double ppn) {
		SaedGenerator.Config c = config("LATP", zone, seed);
		c.width = size;
		c.height = size;
		c.pixelPerNm = ppn;
		c.qMax = 0.46 * c.width * c.pixelPerNm;
		c.meanCounts = 25;
		int frames = 11;
		double dt = 120, tHalf = 900;
		double[] truth = new double[frames];
		for (int i = 0; i < frames; i++) truth[i] = SaedGenerator.amorphizing(0.8, i * dt, tHalf);
		List<SaedGenerator.Pattern> s = SaedGenerator.series(c, truth);
		int n = c.width * c.height;
		double[] stack = new double[frames * n], sum = new double[n];
		for (int f = 0; f < frames; f++) {
			System.arraycopy(s.get(f).image, 0, stack, f * n, n);
			for (int i = 0; i < n; i++) sum[i] += s.get(f).image[i];
		}
		SaedPipeline.Options o = SaedPipeline.Options.builder().pixelPerNm(c.pixelPerNm).qMin(c.qMin).qMax(c.qMax)
			.phases(List.of(c.phase)).build();
		SaedPipeline.Result r = SaedPipeline.analyze(sum, c.width, c.height, o);
		SeriesFraction sf = new SeriesFraction(c.width, c.height, r.mask, r.geometry, r.radii.length, r.radii.length *
			(r.radii[1] - r.radii[0]), r.rLo, r.rHi, o.backgroundWindow, SeriesFraction.Options.builder().rings(
				r.diffuseRingRadii, r.diffuseRingSigma).build());
		assertEquals(zone == null, r.diffuseRingRadii != null, "joint ring fit for ring patterns only");
		double[] t = new double[frames], cf = new double[frames], sig = new double[frames];
		for (int f = 0; f < frames; f++) {
			double[] v = sf.fraction(stack, f * n, c.width);
			t[f] = f * dt;
			cf[f] = v[0];
			sig[f] = v[1];
			assertEquals(s.get(f).crystallineFraction, cf[f], frameTol, "frame " + f);
		}
		double[] cross = SeriesFraction.crossing(t, cf, sig, 0.5);
		assertNotNull(cross);
		assertEquals(tHalf, cross[0], dt, "amorphization time");
		assertTrue(cross[1] > 0 && cross[1] < dt, "sigma " + cross[1]);
	}

	@Test
	void centreConventionIsImageJs() {
		// a symmetric pattern whose centre is the middle of a 64 x 64 image: ImageJ puts it at (32, 32)
		int w = 64;
		double[] img = new double[w * w];
		for (int y = 0; y < w; y++) for (int x = 0; x < w; x++) {
			double r = Math.hypot(x - 31.5, y - 31.5);
			img[y * w + x] = 10 + 100 * Math.exp(-0.5 * Math.pow((r - 15) / 1.5, 2)) + 50 * Math.exp(-0.5 * Math.pow(
				(x - 31.5 - 8) / 1.2, 2) - 0.5 * Math.pow((y - 31.5 - 3) / 1.2, 2)) + 50 * Math.exp(-0.5 * Math.pow((x - 31.5 +
					8) / 1.2, 2) - 0.5 * Math.pow((y - 31.5 + 3) / 1.2, 2));
		}
		CentreFinder.Result c = CentreFinder.find(img, w, w, null, 1);
		assertEquals(32.0, c.x + 0.5, 0.05);
		assertEquals(32.0, c.y + 0.5, 0.05);
	}

	@Test
	void ellipseFitRecoversDistortion() {
		List<double[]> pts = new ArrayList<>();
		PatternGeometry g = new PatternGeometry(0, 0, 0.025, Math.toRadians(40), Double.NaN);
		for (int k = 0; k < 36; k++) {
			double a = 2 * Math.PI * k / 36;
			pts.add(g.toImage(50 * Math.cos(a), 50 * Math.sin(a)));
		}
		EllipseFit.Result e = EllipseFit.fit(pts);
		assertEquals(0.025, e.ellipticity, 1e-9);
		assertEquals(40, Math.toDegrees(e.angle) % 180 + (Math.toDegrees(e.angle) < 0 ? 180 : 0), 1e-6);
		assertEquals(50, Math.sqrt(e.a * e.b), 1e-9);
	}

	@Test
	void integratorConservesIntensityAndSplitsPixels() {
		int w = 101;
		double[] img = new double[w * w];
		java.util.Arrays.fill(img, 2.0);
		PatternGeometry g = new PatternGeometry(50, 50, 0, 0, Double.NaN);
		AzimuthalIntegrator ai = new AzimuthalIntegrator(w, w, g, null, 200, 80);
		double[] s = ai.sums(img, 2), c = ai.pixelCounts();
		double total = 0, pix = 0;
		for (int b = 0; b < s.length; b++) {
			total += s[b];
			pix += c[b];
		}
		assertEquals(2.0 * w * w, total, 1e-6 * total);
		assertEquals(w * w, pix, 1e-6 * pix);
		double[] mean = ai.integrate(img, 1);
		for (int b = 2; b < 100; b++) assertEquals(2.0, mean[b], 1e-9);
		// a flat disc: the number of pixels per radial bin grows as 2 pi r dr
		for (int b = 20; b < 90; b += 10) assertEquals(2 * Math.PI * (b + 0.5) * 0.4 * 0.4, c[b], 0.04 * c[b], "bin " + b);
	}

	@Test
	void flatImageIsNoPattern() {
		double[] img = new double[64 * 64];
		java.util.Arrays.fill(img, 513);
		SaedPipeline.Result r = SaedPipeline.analyze(img, 64, 64, new SaedPipeline.Options());
		assertTrue(r.noPattern);
		assertTrue(r.noPatternReason.contains("513"), r.noPatternReason);
	}

	@Test
	void uncalibratedSpotPatternCalibratesOnItsOwnZone() {
		SaedGenerator.Config c = config("LATP", new int[] { 1, 0, 0 }, 91);
		SaedGenerator.Pattern p = SaedGenerator.generate(c);
		SaedPipeline.Options o = SaedPipeline.Options.builder().calibrant(c.phase).phases(List.of(c.phase)).build();
		SaedPipeline.Result r = SaedPipeline.analyze(p.image, p.width, p.height, o);
		assertEquals(c.pixelPerNm, r.pixelPerNm, 0.005 * c.pixelPerNm);
		assertTrue(r.calibrationSource.startsWith("zone:"), r.calibrationSource);
		assertTrue(ZoneAxisIndexer.equivalent(c.phase, r.zones.get(0).uvw, c.zone));
		// a full zone pattern is a clean calibration (the flag is for patterns of a handful of spots)
		assertFalse(r.calibrationUncertain, r.warnings.toString());
	}

	@Test
	void ringCalibrationOnGold() {
		SaedGenerator.Config c = config("Au", null, 5);
		SaedGenerator.Pattern p = SaedGenerator.generate(c);
		SaedPipeline.Options o = SaedPipeline.Options.builder().calibrant(c.phase).phases(List.of(c.phase)).build();
		SaedPipeline.Result r = SaedPipeline.analyze(p.image, p.width, p.height, o);
		assertEquals("ring:Au", r.calibrationSource);
		assertEquals(c.pixelPerNm, r.pixelPerNm, 0.003 * c.pixelPerNm);
		List<Reflection> fam = c.phase.families(1);
		assertEquals(fam.get(0).d, r.geometry.dSpacing(r.rings.get(0).radius), D_TOL * fam.get(0).d);
	}
}
