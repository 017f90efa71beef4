package org.interphase.analysis.hrtem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.ij.ImageJTiff;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.hrtem.HrtemGenerator;
import org.interphase.demo.DemoRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three HRTEM analyses through the contract: calibrated TIFF in, rows with units, flags, maps, demo. */
class HrtemAnalysesTest {
	@TempDir
	Path tmp;

	private static AnalysisResult run(String command, Dataset d, Map<String, String> p) throws AnalysisException {
		Analysis a = Analyses.byCommand(command);
		assertNotNull(a, command + " registered");
		assertTrue(a.available());
		return a.analyze(d, a.parameters(p), new AnalysisContext(null, 2));
	}

	private Dataset tiff(HrtemGenerator.Result r, String name) throws Exception {
		Path f = tmp.resolve(name);
		ImageJTiff.write(r.image(), f, null);
		return Readers.read(f);
	}

	@Test
	void thicknessFromCalibratedTiff() throws Exception {
		HrtemGenerator g = HrtemGenerator.latp(7, 101);
		g.coating = HrtemGenerator.Coating.MOSAIC;
		HrtemGenerator.Result r = g.generate();
		Dataset d = tiff(r, "bn_hrtem_01.tif");
		AnalysisResult res = run("hrtem-thickness", d, Map.of());
		ResultRow mean = res.find("thickness_mean");
		assertEquals("nm", mean.unit);
		assertEquals(r.truth.thicknessMeanNm, mean.value, 0.3);
		assertTrue(mean.uncertainty > 0 && mean.uncertainty < 0.3);
		assertFalse(mean.flags.contains("uncalibrated"));
		int n = (int) res.find("n_profiles").value;
		assertTrue(n >= 100);
		long perProfile = res.rows().stream().filter(x -> x.quantity.equals("thickness") && x.region.startsWith(
			"profile:")).count();
		assertEquals(n, perProfile);
		assertNotNull(res.find("thickness_sd"));
		assertEquals(2, res.figures().size());
		assertEquals(2, res.shapes().size());
		// the substrate spacings come out in Å
		List<ResultRow> sub = res.rows().stream().filter(x -> x.quantity.equals("substrate_fringe_spacing")).collect(
			java.util.stream.Collectors.toList());
		assertEquals("\u00C5", sub.get(0).unit);
		assertTrue(sub.stream().anyMatch(x -> Math.abs(x.value - 6.02) < 0.06), sub.toString());
	}

	@Test
	void uncalibratedImageIsFlaggedAndInPixels() throws Exception {
		HrtemGenerator g = HrtemGenerator.latp(5, 102);
		HrtemGenerator.Result r = g.generate();
		Signal px = Signal.image("x", g.width, g.height, r.image().data(), 1, "px");
		Dataset d = Dataset.of("plain.tif", "test", px);
		ResultRow mean = run("hrtem-thickness", d, Map.of()).find("thickness_mean");
		assertEquals("px", mean.unit);
		assertTrue(mean.flags.contains("uncalibrated"));
		assertEquals(r.truth.thicknessMeanNm / g.pixelNm, mean.value, 10);
		// the pixel size given by the user calibrates it
		ResultRow cal = run("hrtem-thickness", d, Map.of("pixel-size", "0.03")).find("thickness_mean");
		assertEquals("nm", cal.unit);
		assertEquals(r.truth.thicknessMeanNm, cal.value, 0.3);
	}

	@Test
	void bareSurfaceSaysNoLayer() throws Exception {
		HrtemGenerator g = HrtemGenerator.latp(0, 103);
		ResultRow mean = run("hrtem-thickness", Dataset.of("bare", "test", g.generate().image()), Map.of()).find(
			"thickness_mean");
		assertTrue(mean.flags.contains("no-layer-found"), mean.flags);
		assertEquals(0, mean.value, 0);
	}

	@Test
	void undecidedEdgeIsFlaggedWithItsReasonAndProfile() throws Exception {
		// the core could not decide where the interface is: no number, the flag, the reason, the averaged profile
		HrtemGenerator g = HrtemGenerator.latp(5, 7);
		g.width = g.height = 128;
		HrtemImage im = HrtemImage.of(Dataset.of("x", "test", g.generate().image()), Double.NaN);
		org.interphase.core.hrtem.CoatingThickness.Result r = org.interphase.core.hrtem.ThicknessResults.undecided(
			"the fringe amplitude shows no clear step", new double[] { -2, -1, 0, 1, 2 }, new double[] { 1, 1, 0.5, 0, 0 },
			new double[] { 0.8, 0.8, 0.85, 0.9, 0.9 });
		AnalysisResult out = CoatingThicknessAnalysis.result(r, im, "x");
		ResultRow mean = out.find("thickness_mean");
		assertTrue(Double.isNaN(mean.value), "no number: " + mean.value);
		assertTrue(mean.flags.contains(CoatingThicknessAnalysis.UNDECIDED), mean.flags);
		assertFalse(mean.flags.contains("no-layer-found"), mean.flags);
		assertTrue(out.warnings().stream().anyMatch(w -> w.contains("no clear step")), out.warnings().toString());
		assertTrue(out.figures().stream().anyMatch(f -> f.id.equals("averaged-profile")), "the profile to look at");
	}

	@Test
	void badInputGivesMessages() {
		HrtemGenerator g = HrtemGenerator.latp(7, 104);
		g.amorphousOnly = true;
		Dataset amorphous = Dataset.of("amorphous", "test", g.generate().image());
		AnalysisException e = assertThrows(AnalysisException.class, () -> run("hrtem-thickness", amorphous, Map.of()));
		assertTrue(e.getMessage().contains("no substrate"), e.getMessage());
		assertThrows(AnalysisException.class, () -> run("hrtem-thickness", amorphous, Map.of("line", "1,2,3")));
		assertThrows(AnalysisException.class, () -> run("hrtem-thickness", amorphous, Map.of("line",
			"-900,-900,-800,-900")));
		assertThrows(AnalysisException.class, () -> run("hrtem-crystallinity", amorphous, Map.of("phase", "unobtainium")));
		assertThrows(AnalysisException.class, () -> run("hrtem-crystallinity", amorphous, Map.of("window", "48")));
		Dataset spectrum = Dataset.of("s", "test", Signal.spectrum("s", org.interphase.core.data.Axis.pixels("e", 10),
			new double[10]));
		assertThrows(AnalysisException.class, () -> run("hrtem-fringes", spectrum, Map.of()));
	}

	@Test
	void crystallinityRowsAndMap() throws Exception {
		HrtemGenerator g = HrtemGenerator.latp(7, 105);
		g.coating = HrtemGenerator.Coating.MOSAIC;
		HrtemGenerator.Result r = g.generate();
		AnalysisResult res = run("hrtem-crystallinity", tiff(r, "m.tif"), Map.of("phase", "LATP+h-BN"));
		ResultRow f = res.find("crystalline_area_fraction");
		assertEquals("fraction", f.unit);
		assertEquals(r.truth.crystallineFraction, f.value, 0.05);
		List<ResultRow> spacings = res.rows().stream().filter(x -> x.quantity.equals("fringe_spacing")).collect(
			java.util.stream.Collectors.toList());
		assertFalse(spacings.isEmpty());
		assertTrue(spacings.stream().anyMatch(x -> x.label.equals("LATP hkl=0 1 2")), spacings.toString());
		Signal map = res.maps().get(0);
		assertEquals("crystallinity-map", map.name);
		assertEquals("nm", map.lastAxis().units);
		assertEquals(32 * 0.03, map.lastAxis().scale, 1e-6);
		for (double v : map.data()) assertTrue(v == 0 || v == 1 || v == 2);
	}

	@Test
	void fringeSpacingRowsWithAnglesAndLine() throws Exception {
		HrtemGenerator g = HrtemGenerator.latp(7, 106);
		g.tiltDeg = 0;
		g.curvatureRadiusNm = Double.POSITIVE_INFINITY;
		g.spacingAnglesDeg = new double[] { 0, 60 };
		g.driftPxPerRow = 0;
		HrtemGenerator.Result r = g.generate();
		Dataset d = tiff(r, "f.tif");
		AnalysisResult res = run("hrtem-fringes", d, Map.of("roi", "0,0,512,0,512,150,0,150", "phase", "LATP",
			"line", "20,60,300,60"));
		ResultRow s0 = res.find("fringe_spacing", "spot:0");
		assertEquals("\u00C5", s0.unit);
		assertEquals(6.02, s0.value, 0.01 * 6.02);
		assertEquals("LATP hkl=0 1 2", s0.label);
		assertEquals(0, res.find("fringe_angle", "spot:0").value % 180, 1.0);
		assertEquals(60, res.find("angle_between", "spot:0-1").value, 1.0);
		assertEquals(4.26, res.find("fringe_spacing", "spot:1").value, 0.01 * 4.26);
		// a horizontal line across vertical fringes (g along x): the period is 6.02 Å; the second lattice
		// (60 degrees) projects to 4.26 / cos 60 = 8.52 Å along x, which is weaker
		ResultRow line = res.find("fringe_spacing", "line");
		assertEquals(6.02, line.value, 0.02 * 6.02);
		assertTrue(line.uncertainty > 0);
	}

	@Test
	void demoWritesCalibratedImagesPerSample() throws Exception {
		List<DemoSample> samples = DemoSamples.all();
		DemoContext ctx = new DemoContext(tmp, samples, 7, true);
		List<DemoJob> jobs = DemoRegistry.writeDemo(Analyses.byCommand("hrtem-thickness"), ctx);
		assertEquals(1, jobs.size());
		List<Path> files = jobs.get(0).inputs;
		assertEquals(samples.size() + 1, files.size(), "two BN views");
		for (Path f : files) {
			assertTrue(Files.exists(f));
			assertTrue(f.getFileName().toString().matches("[A-Za-z0-9-]+_hrtem_0[12]\\.tif"), f.toString());
		}
		// the other two analyses reuse the same files
		assertEquals(files, DemoRegistry.writeDemo(Analyses.byCommand("hrtem-crystallinity"), ctx).get(0).inputs);
		// BN sample: 7 nm back from the file
		Path bn = files.stream().filter(p -> p.getFileName().toString().startsWith("LATP-BN-500c_hrtem_01")).findFirst()
			.get();
		Dataset d = Readers.read(bn);
		assertEquals(512, d.primary().width());
		ResultRow mean = run("hrtem-thickness", d, Map.of()).find("thickness_mean");
		assertEquals(7, mean.value, 0.4);
	}

	// ------------------------------------------------------------------------------------------ real data

	static Path referenceData() {
		return org.interphase.testing.ReferenceData.folder();
	}

	@Test
	void realTio2RutileLattice() throws Exception {
		Path ref = referenceData();
		org.junit.jupiter.api.Assumptions.assumeTrue(ref != null && Files.exists(ref.resolve("hrtem/TiO2_462eV.tif")),
			"reference data not found (set -Dinterphase.reference)");
		Dataset d = Readers.read(ref.resolve("hrtem/TiO2_462eV.tif"));
		// DM-exported TIFF: 0.06146 nm/px in Gatan private tags; a reader that does not read them leaves it
		// uncalibrated, and the user gives the pixel size
		double px = HrtemImage.of(d, Double.NaN).pixelNm;
		Map<String, String> p = Double.isNaN(px) ? Map.of("pixel-size", "0.06146342", "phase", "rutile") : Map.of(
			"phase", "rutile");
		if (!Double.isNaN(px)) assertEquals(0.06146, px, 1e-4, "calibration from the file");
		AnalysisResult res = run("hrtem-fringes", d, p);
		ResultRow s0 = res.find("fringe_spacing", "spot:0"), s1 = res.find("fringe_spacing", "spot:1");
		assertEquals("\u00C5", s0.unit);
		// two perpendicular ~3.2 Å fringes: rutile {110} on [001]
		assertEquals(3.2, s0.value, 0.15);
		assertEquals(3.2, s1.value, 0.15);
		assertTrue(Double.isFinite(s0.uncertainty) && s0.uncertainty > 0);
		assertEquals(90, res.find("angle_between", "spot:0-1").value, 1.5);
		assertTrue(res.rows().stream().anyMatch(x -> x.label.startsWith("rutile")), "labelled rutile");
	}

	@Test
	void realGrapheneHexagonalLattice() throws Exception {
		Path ref = referenceData();
		org.junit.jupiter.api.Assumptions.assumeTrue(ref != null && Files.exists(ref.resolve(
			"hrtem/graphene_flower_raw.tif")), "reference data not found (set -Dinterphase.reference)");
		Dataset d = Readers.read(ref.resolve("hrtem/graphene_flower_raw.tif"));
		AnalysisResult res = run("hrtem-fringes", d, Map.of());
		// uncalibrated file: spacings in px, flagged; three {100} reflections 60 degrees apart
		ResultRow s0 = res.find("fringe_spacing", "spot:0");
		assertEquals("px", s0.unit);
		assertTrue(s0.flags.contains("uncalibrated"));
		int hex = 0;
		for (int i = 1; i < 5; i++) {
			ResultRow si = res.find("fringe_spacing", "spot:" + i), ai = res.find("angle_between", "spot:0-" + i);
			if (si == null) break;
			if (Math.abs(si.value - s0.value) < 0.02 * s0.value && Math.abs(ai.value - 60) < 1.5) hex++;
		}
		assertEquals(2, hex, "the other two {100} reflections at 60 degrees");
		// graphene (100) = 2.13 Å gives the pixel size: ~0.022 nm/px for this image
		double pxNm = 0.213 / s0.value;
		assertTrue(pxNm > 0.015 && pxNm < 0.03, "pixel size " + pxNm);
		AnalysisResult cr = run("hrtem-crystallinity", d, Map.of());
		assertTrue(cr.find("crystalline_area_fraction").value > 0.7, "the lattice covers most of the image");
		// the crystallinity's distinct spacings: the three {100} reflections are one family of the same spacing
		ResultRow c0 = cr.find("fringe_spacing", "spot:0");
		assertTrue(c0 != null, "a spacing row");
		assertEquals(s0.value, c0.value, 0.02 * s0.value, "one {100} family at the fringe analysis' spacing");
	}
}
