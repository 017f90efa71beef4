package org.interphase.core.hrtem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.interphase.synth.hrtem.HrtemGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thickness against the generator's truth: within 0.3 nm or 1 px (issue 5). */
class CoatingThicknessTest {
	private static CoatingThickness.Result run(HrtemGenerator g) {
		HrtemGenerator.Result r = g.generate();
		CoatingThickness ct = CoatingThickness.builder().threads(2).build();
		return ct.measure(r.image().data(), g.width, g.height);
	}

	@ParameterizedTest(name = "{0} nm, {1}, tilt {2}, R {3} nm, px {4} nm, {5}")
	@CsvSource({
		"3, AMORPHOUS, 12, Infinity, 0.03, VACUUM, 1",
		"7, MOSAIC, 52, 60, 0.03, VACUUM, 2",
		"7, AMORPHOUS, -35, 80, 0.03, CARBON, 3",
		"15, AMORPHOUS, 100, 60, 0.045, VACUUM, 4",
		"20, MOSAIC, 170, Infinity, 0.05, CARBON, 5" })
	void thicknessWithinTarget(double nm, String coating, double tilt, double radius, double px, String outside,
		long seed)
	{
		HrtemGenerator g = HrtemGenerator.latp(nm, seed);
		g.coating = HrtemGenerator.Coating.valueOf(coating);
		g.outside = HrtemGenerator.Outside.valueOf(outside);
		g.tiltDeg = tilt;
		g.curvatureRadiusNm = radius;
		g.pixelNm = px;
		if (nm > 10) g.interfaceShift = nm > 15 ? 0.34 : 0.3;
		HrtemGenerator.Result truth = g.generate();
		CoatingThickness ct = CoatingThickness.builder().threads(2).build();
		CoatingThickness.Result r = ct.measure(truth.image().data(), g.width, g.height);
		assertTrue(r.layerFound, r.message);
		double tol = Math.max(0.3, px);
		assertEquals(truth.truth.thicknessMeanNm, r.mean * px, tol, "mean thickness, nm");
		assertTrue(r.nValid >= 100, "most of 200 profiles fitted: " + r.nValid);
		// the spread along the edge is the generator's +-4 % variation plus noise, not a wrong edge
		assertTrue(r.sd * px < 0.1 * nm + 0.2, "sd " + r.sd * px);
		assertTrue(r.sem > 0 && r.sem * px < 0.3, "uncertainty of the mean " + r.sem * px);
		// the mean should sit within a few uncertainties of the truth (honest error bars)
		assertTrue(Math.abs(truth.truth.thicknessMeanNm - r.mean * px) < 4 * r.sem * px + 0.1, "error vs sem");
	}

	@Test
	void sameThicknessWhenRotated() {
		HrtemGenerator g = HrtemGenerator.latp(5, 21);
		g.width = 448;
		g.height = 384;
		HrtemGenerator.Result a = g.generate();
		double[] img = a.image().data();
		int w = g.width, h = g.height;
		// rotate by 90 degrees: new(x', y') = old(y', w - 1 - x'), size h x w
		double[] rot = new double[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) rot[(w - 1 - x) * h + y] = img[y * w + x];
		CoatingThickness ct = CoatingThickness.builder().threads(2).build();
		double t0 = ct.measure(img, w, h).mean * g.pixelNm;
		double t1 = ct.measure(rot, h, w).mean * g.pixelNm;
		assertEquals(t0, t1, 0.1, "rotated image gives the same thickness");
		assertEquals(a.truth.thicknessMeanNm, t1, 0.3);
	}

	@Test
	void bareSurfaceIsFlagged() {
		HrtemGenerator g = HrtemGenerator.latp(0, 31);
		CoatingThickness.Result r = run(g);
		assertFalse(r.layerFound, "no coating on a bare surface");
		assertTrue(r.message.contains("no coating"), r.message);
	}

	@Test
	void amorphousOnlyImageHasNoInterface() {
		HrtemGenerator g = HrtemGenerator.latp(7, 32);
		g.amorphousOnly = true;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(g));
		assertTrue(e.getMessage().contains("no substrate"), e.getMessage());
	}

	@Test
	void userLineAlongTheInterface() {
		HrtemGenerator g = HrtemGenerator.latp(6, 41);
		g.tiltDeg = 20;
		HrtemGenerator.Result r = g.generate();
		// the straight interface of the generator passes through the centre shifted against the normal
		double t = Math.toRadians(g.tiltDeg), ux = Math.cos(t), uy = Math.sin(t), nx = -uy, ny = ux;
		double shift = g.interfaceShift * Math.min(g.width, g.height);
		double cx = g.width / 2.0 - shift * nx, cy = g.height / 2.0 - shift * ny;
		// drawn roughly: 2 px off the true interface, not the full length
		CoatingThickness ct = CoatingThickness.builder().threads(2).line(new double[] { cx - 180 * ux + 2 * nx, cy - 180 *
			uy + 2 * ny, cx + 180 * ux + 2 * nx, cy + 180 * uy + 2 * ny }).build();
		CoatingThickness.Result res = ct.measure(r.image().data(), g.width, g.height);
		assertTrue(res.layerFound);
		assertEquals(r.truth.thicknessMeanNm, res.mean * g.pixelNm, 0.3);
		assertEquals(360, res.edgeLength, 2);
	}

	@Test
	void userLineAcrossTheCoating() {
		HrtemGenerator g = HrtemGenerator.latp(6, 43);
		g.tiltDeg = 10;
		g.thicknessVariation = 0; // the local truth is then the mean
		g.driftPxPerRow = 0;
		HrtemGenerator.Result r = g.generate();
		double t = Math.toRadians(g.tiltDeg), ux = Math.cos(t), uy = Math.sin(t), nx = -uy, ny = ux;
		double shift = g.interfaceShift * Math.min(g.width, g.height);
		double cx = g.width / 2.0 - shift * nx, cy = g.height / 2.0 - shift * ny;
		// drawn like a DigitalMicrograph line: from the substrate across the coating into vacuum, 8 degrees off
		double a = Math.toRadians(8), dx = nx * Math.cos(a) - ny * Math.sin(a), dy = nx * Math.sin(a) + ny * Math.cos(a);
		CoatingThickness ct = CoatingThickness.builder().line(new double[] { cx - 60 * dx, cy - 60 * dy, cx + 300 * dx, cy +
			300 * dy }).build();
		CoatingThickness.Result res = ct.measure(r.image().data(), g.width, g.height);
		assertTrue(res.acrossLine);
		assertTrue(res.layerFound);
		// along the interface normal near the crossing, not along the tilted line (which would read 1/cos 8 = 1 % more)
		assertEquals(6.0, res.mean * g.pixelNm, 0.15);
		assertTrue(res.edgeLength < 200, "a short stretch around the line: " + res.edgeLength);
	}

	@Test
	void lineInVacuumGivesAMessage() {
		HrtemGenerator g = HrtemGenerator.latp(4, 42);
		g.tiltDeg = 0;
		g.curvatureRadiusNm = Double.POSITIVE_INFINITY;
		HrtemGenerator.Result r = g.generate();
		// along the bottom: vacuum only
		CoatingThickness ct = CoatingThickness.builder().line(new double[] { 40, 500, 470, 500 }).build();
		assertThrows(IllegalArgumentException.class, () -> ct.measure(r.image().data(), g.width, g.height));
	}
}
