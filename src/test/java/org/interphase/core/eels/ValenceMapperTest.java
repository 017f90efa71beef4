package org.interphase.core.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.core.data.Signal;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Accuracy of the whole chain against the generator's truth (issue 7 targets). */
class ValenceMapperTest {
	static double[][][] refs(EelsLineScanGenerator.Config c) {
		Signal r3 = EelsLineScanGenerator.reference(true, c, c.seed + 100), r4 = EelsLineScanGenerator.reference(false, c,
			c.seed + 200);
		return new double[][][] { { r3.lastAxis().values(), r3.row(0) }, { r4.lastAxis().values(), r4.row(0) } };
	}

	static ValenceMapper.Spectra spectra(Signal s) {
		return new ValenceMapper.Spectra(s.data(), s.count(1), s.lastAxis().values());
	}

	static ValenceMapper.Result run(EelsLineScanGenerator.LineScan ls, EelsLineScanGenerator.Config c,
		ValenceMapper.Options o, boolean lowLoss)
	{
		return ValenceMapper.run(spectra(ls.coreLoss), lowLoss ? spectra(ls.lowLoss) : null, refs(c), o, null);
	}

	static ValenceProfile.Crossing depth(EelsLineScanGenerator.LineScan ls, ValenceMapper.Result r) {
		double[] itf = ValenceProfile.interface50(ls.x, r.tiIntensity, r.tiSd);
		double[] d = new double[ls.x.length];
		for (int i = 0; i < d.length; i++) d[i] = ls.x[i] - itf[0];
		assertEquals(ls.interfaceNm, itf[0], 0.5, "interface position");
		return ValenceProfile.fit(d, r.fraction, r.fractionSd, itf[1]);
	}

	/**
	 * Per-position fraction within 0.05 and the 0.5-crossing depth within 1 nm across seeds, background
	 * exponents 2-4, steps 0.5-1 nm, the three alignment routes (O K edge, zero-loss peak, per-spectrum shift),
	 * with +-0.5 eV random drift per position.
	 */
	@ParameterizedTest
	@CsvSource({ "1, 3.0, 24, 0.75, o-k", "2, 2.0, 16, 0.5, o-k", "3, 4.0, 24, 1.0, zlp", "4, 2.5, 16, 0.75, zlp",
		"5, 3.5, 24, 0.5, per-spectrum", "6, 3.0, 16, 1.0, per-spectrum" })
	void fractionAndDepthMatchTheTruth(long seed, double r, double depthNm, double step, String route) {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = seed;
		c.exponent = r;
		c.depthNm = depthNm;
		c.stepNm = step;
		c.positions = (int) Math.round(55 / step);
		c.positions = Math.min(80, Math.max(40, c.positions));
		c.oxygen = !route.equals("per-spectrum");
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		ValenceMapper.Options o = ValenceMapper.Options.builder().threads(2).build();
		ValenceMapper.Result res = run(ls, c, o, route.equals("zlp"));
		// without a low-loss scan or O K the drift is now measured on the Ti L edge itself (a robust line through
		// per-spectrum fits) before the references are matched
		assertEquals(route.equals("zlp") ? "zero-loss" : route.equals("o-k") ? "O K edge" : "Ti L drift line",
			res.alignedBy);
		int n = 0;
		double maxErr = 0;
		for (int i = 0; i < c.positions; i++) {
			if (Double.isNaN(ls.fraction[i]) || ls.tiPresence[i] < 0.5) continue;
			assertTrue(res.tiPresent[i], "Ti found at position " + i);
			maxErr = Math.max(maxErr, Math.abs(res.fraction[i] - ls.fraction[i]));
			n++;
		}
		assertTrue(n > 30);
		assertTrue(maxErr < 0.05, "largest per-position error " + maxErr);
		ValenceProfile.Crossing cr = depth(ls, res);
		assertNotNull(cr);
		assertEquals(depthNm, cr.depth, 1.0, "depth");
		assertTrue(cr.depthSd > 0 && cr.depthSd < 1.5, "depth sd " + cr.depthSd);
	}

	/** The depth's error bar is honest: over 8 seeds the errors have an rms z-score below 2 and the mean error is small. */
	@Test
	void depthUncertaintyCoverage() {
		double z2 = 0, sumErr = 0;
		int n = 8;
		for (int s = 0; s < n; s++) {
			EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
			c.seed = 100 + s;
			c.positions = 60;
			c.depthNm = s % 2 == 0 ? 24 : 16;
			EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
			ValenceProfile.Crossing cr = depth(ls, run(ls, c, new ValenceMapper.Options(), false));
			double err = cr.depth - c.depthNm;
			z2 += err * err / (cr.depthSd * cr.depthSd);
			sumErr += err;
		}
		double rmsZ = Math.sqrt(z2 / n);
		assertTrue(rmsZ < 2, "depth rms z " + rmsZ);
		assertTrue(Math.abs(sumErr / n) < 0.5, "mean depth error " + sumErr / n);
	}

	/** Shifting every spectrum by a random +-0.5 eV leaves the fractions unchanged (alignment works). */
	@Test
	void randomDriftDoesNotChangeTheResult() {
		for (boolean zlp : new boolean[] { false, true }) {
			EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
			c.seed = 21;
			c.positions = 50;
			c.driftEv = 0;
			c.slowDriftEv = 0;
			ValenceMapper.Options o = new ValenceMapper.Options();
			ValenceMapper.Result still = run(EelsLineScanGenerator.lineScan(c), c, o, zlp);
			c.driftEv = 0.5;
			EelsLineScanGenerator.LineScan drifting = EelsLineScanGenerator.lineScan(c);
			ValenceMapper.Result moved = run(drifting, c, o, zlp);
			for (int i = 0; i < c.positions; i++) {
				if (!still.tiPresent[i] || drifting.tiPresence[i] < 0.5) continue;
				// same seed: the noise differs only through the shifted means, so allow 3 sigma
				assertEquals(still.fraction[i], moved.fraction[i], Math.max(0.02, 3 * still.fractionSd[i]),
					"position " + i + (zlp ? " (zlp)" : " (O K)"));
				assertEquals(drifting.drift[i] - mean(drifting.drift, drifting.tiPresence) * (zlp ? 0 : 1), moved
					.alignShift[i], zlp ? 0.02 : 0.08, "alignment shift " + i);
			}
		}
	}

	private static double mean(double[] v, double[] w) {
		double s = 0;
		int n = 0;
		for (int i = 0; i < v.length; i++) if (w[i] > 0.5) {
			s += v[i];
			n++;
		}
		return s / n;
	}

	/** A Ti4+-only scan (pristine / BN-protected) reports "never Ti3+-dominant" and depth 0, not noise. */
	@Test
	void ti4OnlyScanGivesDepthZero() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 9;
		c.depthNm = 0;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		ValenceMapper.Result r = run(ls, c, new ValenceMapper.Options(), false);
		ValenceProfile.Crossing cr = depth(ls, r);
		assertTrue(cr.neverDominant);
		assertEquals(0, cr.depth, 0);
		for (int i = 0; i < c.positions; i++) if (r.tiPresent[i]) assertTrue(r.fraction[i] < 0.3);
	}

	/** Reference-free L3 centroid method: fractions within 0.1 of the truth when calibrated on pure spectra. */
	@Test
	void l3ShiftMethodWithinItsTolerance() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 12;
		c.depthNm = 20;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		ValenceMapper.Options.Builder b = ValenceMapper.Options.builder().method(ValenceMapper.Method.L3_SHIFT).l3Window(
			new double[] { 454.5, 461.5 });
		// calibration energies: L3 centroids of noiseless pure spectra in the same window
		EelsLineScanGenerator.Config pure = new EelsLineScanGenerator.Config();
		pure.poisson = false;
		Signal p3 = EelsLineScanGenerator.reference(true, pure, 1), p4 = EelsLineScanGenerator.reference(false, pure, 1);
		double[] e3 = p3.lastAxis().values();
		Reference r3 = Reference.prepare("Ti3+", e3, p3.row(0), 432, 450, 450, 476);
		Reference r4 = Reference.prepare("Ti4+", p4.lastAxis().values(), p4.row(0), 432, 450, 450, 476);
		ValenceMapper.Options o = b.l3Ti3(L3Centroid.centroid(r3, 454.5, 461.5)).l3Ti4(L3Centroid.centroid(r4, 454.5,
			461.5)).l3Ratio(L3Centroid.integral(r3, 454.5, 461.5) / L3Centroid.integral(r4, 454.5, 461.5)).build();
		assertTrue(o.l3Ti4 - o.l3Ti3 > 0.5, "calibration span " + (o.l3Ti4 - o.l3Ti3));
		ValenceMapper.Result r = ValenceMapper.run(spectra(ls.coreLoss), null, null, o, null);
		double maxErr = 0;
		for (int i = 0; i < c.positions; i++) if (ls.tiPresence[i] > 0.5) {
			maxErr = Math.max(maxErr, Math.abs(r.fraction[i] - ls.fraction[i]));
		}
		assertTrue(maxErr < 0.1, "L3 method largest error " + maxErr);
		assertEquals(20, depth(ls, r).depth, 1.5);
	}

	/** A scan whose energy scale is 3.5 eV off the references' (no zero-loss peak) is still quantified. */
	@Test
	void miscalibratedScanIsRecoveredByTheCoarseOffset() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 17;
		c.depthNm = 16;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		double[] e = ls.coreLoss.lastAxis().values();
		for (int k = 0; k < e.length; k++) e[k] -= 3.5;
		ValenceMapper.Result r = ValenceMapper.run(new ValenceMapper.Spectra(ls.coreLoss.data(), c.positions, e), null,
			refs(c), new ValenceMapper.Options(), null);
		assertEquals(-3.5, r.commonShift, 0.15);
		double maxErr = 0;
		for (int i = 0; i < c.positions; i++) if (ls.tiPresence[i] > 0.5) maxErr = Math.max(maxErr, Math.abs(
			r.fraction[i] - ls.fraction[i]));
		assertTrue(maxErr < 0.05, "largest error " + maxErr);
		assertEquals(16, depth(ls, r).depth, 1.0);
	}

	@Test
	void referencesFromTheScan() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 14;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		// near the interface (f ~ 0.92) and deep in the bulk (f ~ 0.03)
		ValenceMapper.Options o = ValenceMapper.Options.builder().referencePositions(new int[][] { { 12, 20 }, { 60,
			69 } }).build();
		ValenceMapper.Result r = ValenceMapper.run(spectra(ls.coreLoss), null, null, o, null);
		// fractions are relative to the chosen positions: 0.92 -> 1, 0.03 -> 0
		for (int i = 0; i < c.positions; i++) if (ls.tiPresence[i] > 0.5) {
			double expect = (ls.fraction[i] - 0.03) / (0.92 - 0.03);
			assertEquals(expect, r.fraction[i], 0.06, "position " + i);
		}
	}

	@Test
	void badInputIsRefusedWithAReason() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.positions = 10;
		c.energyStart = 300;
		c.channels = 1000; // 300-400 eV: no Ti L edge
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValenceMapper.run(spectra(
			ls.coreLoss), null, refs(new EelsLineScanGenerator.Config()), new ValenceMapper.Options(), null));
		assertTrue(e.getMessage().contains("no Ti L2,3 edge"), e.getMessage());
		// references that do not reach the fit window
		EelsLineScanGenerator.Config ok = new EelsLineScanGenerator.Config();
		ok.positions = 10;
		EelsLineScanGenerator.LineScan good = EelsLineScanGenerator.lineScan(ok);
		double[][][] r = refs(ok);
		for (int k = 0; k < 2; k++) {
			double[] en = r[k][0];
			for (int i = 0; i < en.length; i++) en[i] -= 60;
		}
		e = assertThrows(IllegalArgumentException.class, () -> ValenceMapper.run(spectra(good.coreLoss), null, r,
			new ValenceMapper.Options(), null));
		assertTrue(e.getMessage().contains("does not overlap"), e.getMessage());
		// MLLS without references
		e = assertThrows(IllegalArgumentException.class, () -> ValenceMapper.run(spectra(good.coreLoss), null, null,
			new ValenceMapper.Options(), null));
		assertTrue(e.getMessage().contains("reference"), e.getMessage());
	}

	@Test
	void emptyAndSaturatedSpectraAreFlagged() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.positions = 40;
		c.seed = 5;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		double[] d = ls.coreLoss.data();
		int ch = c.channels;
		java.util.Arrays.fill(d, 30 * ch, 31 * ch, 0);
		for (int k = 260; k < 300; k++) d[35 * ch + k] = 65535;
		ValenceMapper.Result r = run(ls, c, new ValenceMapper.Options(), false);
		assertTrue(r.flags[30].contains("empty-spectrum"), r.flags[30]);
		assertTrue(Double.isNaN(r.fraction[30]));
		assertTrue(r.flags[35].contains("saturated"), r.flags[35]);
	}

	/** Spectrum image: the fraction map matches the truth per pixel. */
	@Test
	void spectrumImageMap() {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 31;
		c.stepNm = 2;
		c.depthNm = 16;
		EelsLineScanGenerator.SpectrumImage si = EelsLineScanGenerator.spectrumImage(c, 6, 24);
		ValenceMapper.Options o = ValenceMapper.Options.builder().threads(2).build();
		ValenceMapper.Result r = ValenceMapper.run(spectra(si.coreLoss), null, refs(c), o, null);
		int n = 0;
		for (int p = 0; p < si.fraction.length; p++) {
			if (Double.isNaN(si.fraction[p]) || !r.tiPresent[p]) continue;
			assertEquals(si.fraction[p], r.fraction[p], 0.06, "pixel " + p);
			n++;
		}
		assertTrue(n > 100, n + " pixels compared");
	}
}
