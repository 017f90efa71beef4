package org.interphase.analysis.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.diffraction.PowerSpectrum;
import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.synth.hrtem.HrtemGenerator;
import org.junit.jupiter.api.Test;

/**
 * saed --fft: the power spectrum of an HRTEM image (the seeded lattice-fringe generator, LATP fringes of the [1 0 0]
 * zone: (0 1 2) 6.018 Å, (0 -1 4) 4.256 Å, (0 2 1) 3.629 Å) analysed as a pattern.
 */
class SaedFftTest {
	final SaedAnalysis a = new SaedAnalysis();
	final AnalysisContext ctx = new AnalysisContext(null, 2);
	static final Phase LATP = PhaseLibrary.get("LATP");
	static final int[][] HKL = { { 0, 1, 2 }, { 0, -1, 4 }, { 0, 2, 1 } };

	/** Fringes of the zone's reflections, their directions as in the crystal, rotated in the image by rot. */
	static HrtemGenerator fringes(double rot, long seed) {
		double[] g0 = LATP.cell.gCartesian(0, 1, 2);
		double[] d = new double[HKL.length], ang = new double[HKL.length];
		for (int i = 0; i < HKL.length; i++) {
			int[] h = HKL[i];
			d[i] = LATP.cell.d(h[0], h[1], h[2]);
			double[] g = LATP.cell.gCartesian(h[0], h[1], h[2]);
			double c = (g[0] * g0[0] + g[1] * g0[1] + g[2] * g0[2]) / Math.sqrt((g[0] * g[0] + g[1] * g[1] + g[2] * g[2]) *
				(g0[0] * g0[0] + g0[1] * g0[1] + g0[2] * g0[2]));
			ang[i] = rot + Math.signum(g0[1] * g[2] - g0[2] * g[1]) * Math.toDegrees(Math.acos(Math.max(-1, Math.min(1,
				c))));
		}
		HrtemGenerator gen = new HrtemGenerator();
		gen.width = 512;
		gen.height = 512;
		gen.pixelNm = 0.03;
		gen.spacingsA = d;
		gen.spacingAnglesDeg = ang;
		gen.interfaceShift = -0.6; // the whole field is the crystal
		gen.coatingNm = 0;
		gen.seed = seed;
		return gen;
	}

	static List<ResultRow> spots(AnalysisResult r) {
		List<ResultRow> out = new ArrayList<>();
		for (ResultRow row : r.rows()) if (row.quantity.equals("d_spacing") && row.region.startsWith("spot:")) out.add(row);
		return out;
	}

	/** For each true spacing, the closest measured spot d is within 0.5 %; returns the largest relative error. */
	static double checkSpacings(List<ResultRow> spots, double scale) {
		double worst = 0;
		for (int[] h : HKL) {
			double truth = LATP.cell.d(h[0], h[1], h[2]);
			double best = Double.MAX_VALUE;
			for (ResultRow s : spots) best = Math.min(best, Math.abs(s.value * scale / truth - 1));
			assertTrue(best < 0.005, "d " + truth + " A: closest spot off by " + best);
			worst = Math.max(worst, best);
		}
		return worst;
	}

	@Test
	void latticeFringesGiveTheirSpacingsWithin0_5Percent() throws Exception {
		double worst = 0;
		for (long seed = 1; seed <= 3; seed++) {
			HrtemGenerator gen = fringes(20 + 37 * seed, seed);
			Dataset ds = gen.generate().dataset;
			Map<String, String> p = new LinkedHashMap<>(Map.of("fft", "true", "phase", "LATP"));
			if (seed == 3) p.put("region", "40,60,300,260"); // 260 px square, padded to 512
			AnalysisResult r = a.analyze(ds, a.parameters(p), ctx);
			ResultRow px = r.find("pixel_size");
			assertEquals("fft", px.label);
			assertEquals(1 / (512 * 0.03), px.value, 1e-12, "1 / (N x pixel size)");
			assertEquals(256.5, r.find("center_x").value, 0, "zero frequency at N/2 (ImageJ convention)");
			assertEquals(256.5, r.find("center_y").value, 0);
			List<ResultRow> sp = spots(r);
			assertTrue(sp.size() >= 6 && sp.size() <= 8, "three fringes, Friedel pairs: " + sp.size() + " spots");
			for (ResultRow s : sp) assertTrue(s.label.startsWith("LATP hkl="), s.toString());
			worst = Math.max(worst, checkSpacings(sp, 1));
			assertNotNull(r.find("zone_axis"), "a zone is proposed");
			assertTrue(r.find("crystalline_fraction") == null, "no crystalline fraction of a spectrum");
			assertTrue(r.maps().stream().anyMatch(m -> m.name.equals("power spectrum")));
			assertTrue(r.shapes().stream().anyMatch(s -> s.name.equals("fft region")));
			String square = "power spectrum of the " + (seed == 3 ? "260x260" : "512x512");
			assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith(square)), r.warnings().toString());
		}
		System.out.println("saed --fft: largest d-spacing error " + worst);
	}

	@Test
	void uncalibratedImageIsFlaggedAndImagePixelCalibratesIt() throws Exception {
		HrtemGenerator gen = fringes(35, 4);
		double[] img = gen.generate().image().data();
		Dataset ds = Dataset.of("u.tif", "test", Signal.image("u", 512, 512, img, 1, "px"));
		AnalysisResult r = a.analyze(ds, a.parameters(Map.of("fft", "true", "phase", "LATP")), ctx);
		assertTrue(r.find("pixel_size").flags.contains("uncalibrated"));
		List<ResultRow> sp = spots(r);
		assertTrue(sp.size() >= 6);
		for (ResultRow s : sp) {
			assertEquals("1/px", s.unit);
			assertTrue(s.flags.contains("uncalibrated"), s.toString());
		}
		// 1/px of the spectrum: the period in image px is N x value, N = 512
		checkSpacings(sp, 512 * 0.3);
		AnalysisResult c = a.analyze(ds, a.parameters(Map.of("fft", "true", "phase", "LATP", "image-pixel", "0.03")), ctx);
		assertEquals("fft", c.find("pixel_size").label);
		checkSpacings(spots(c), 1);
	}

	@Test
	void badRegionsAreClearErrors() {
		Dataset ds = fringes(0, 1).generate().dataset;
		AnalysisException e = assertThrows(AnalysisException.class, () -> a.analyze(ds, a.parameters(Map.of("fft",
			"true", "region", "400,400,300,300")), ctx));
		assertTrue(e.getMessage().contains("not inside"), e.getMessage());
		e = assertThrows(AnalysisException.class, () -> a.analyze(ds, a.parameters(Map.of("fft", "true", "region",
			"1,2,3")), ctx));
		assertTrue(e.getMessage().contains("region"), e.getMessage());
		e = assertThrows(AnalysisException.class, () -> a.analyze(ds, a.parameters(Map.of("fft", "true", "region",
			"0,0,20,20")), ctx));
		assertTrue(e.getMessage().contains("too small"), e.getMessage());
	}

	@Test
	void spectrumSizeAndCentre() {
		// a pure cosine of period 16 px along x: peaks at +-N/16 from the zero frequency at (N/2, N/2)
		int w = 200, h = 150;
		double[] img = new double[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] = 100 + 10 * Math.cos(2 * Math.PI * x / 16);
		PowerSpectrum ps = PowerSpectrum.of(img, w, h, 0, 0, w, h, 0.1);
		assertEquals(150, ps.side);
		assertEquals(256, ps.size, "next power of two");
		assertEquals(25, ps.x0);
		assertEquals(1 / (256 * 0.1), ps.pixelPerNm, 1e-12);
		int n = ps.size, c = n / 2, k = n / 16;
		double peak = ps.image[c * n + c + k];
		assertEquals(peak, ps.image[c * n + c - k], 1e-9 * peak, "Friedel symmetric");
		for (int i = 0; i < n * n; i++) assertTrue(ps.image[i] <= peak * (1 + 1e-9), "the lattice peak is the maximum");
	}
}
