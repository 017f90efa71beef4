package org.interphase.analysis.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.demo.BenchContext;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.io.csvmatrix.CsvMatrix;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.interphase.demo.DemoRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's path end to end: demo files on disk, read through Readers, rows as in the contract. */
class EelsValenceAnalysisTest {
	@TempDir
	Path dir;

	final Analysis a = Analyses.byCommand("eels-valence");

	AnalysisResult run(Path file, Map<String, String> params) throws Exception {
		Dataset d = Readers.read(file);
		return a.analyze(d, a.parameters(params), new AnalysisContext(null, 2));
	}

	@Test
	void registered() {
		assertNotNull(a);
		assertTrue(a.available());
		assertEquals("eels", a.technique());
		assertEquals("EELS", a.menu());
		assertEquals("EELS Ti Valence", a.title());
		assertFalse(a.worksOnImages());
	}

	/** Demo: every sample's ti3_dominant_depth within 1 nm of DemoSamples' truth; Ti4+-only samples give 0. */
	@Test
	void demoDepthsMatchTheSamples() throws Exception {
		List<DemoJob> jobs = DemoRegistry.writeDemo(a, new DemoContext(dir, DemoSamples.all(), 7, true));
		assertEquals(1, jobs.size());
		DemoJob job = jobs.get(0);
		assertEquals(DemoSamples.all().size(), job.inputs.size());
		for (Path in : job.inputs) assertFalse(in.toString().contains("ref-ti"), "references are not inputs");
		for (Path in : job.inputs) {
			String id = in.getFileName().toString().split("_")[0];
			DemoSample s = DemoSamples.byId(id);
			AnalysisResult r = run(in, job.params);
			ResultRow depth = r.find("ti3_dominant_depth");
			double truth = s.truth(DemoSamples.EELS_TI3_DEPTH_NM);
			assertEquals(truth, depth.value, 1.0, id);
			assertEquals("nm", depth.unit);
			if (truth == 0) assertTrue(depth.flags.contains("never-ti3-dominant"), depth.flags);
			else assertTrue(depth.hasUncertainty() && depth.uncertainty < 1.5, id + " sd " + depth.uncertainty);
			// per position: fraction and distance, region position:i
			ResultRow f0 = null;
			int positions = 0;
			for (ResultRow row : r.rows()) if (row.quantity.equals("ti3_fraction")) {
				assertTrue(row.region.startsWith("position:"));
				assertEquals("fraction", row.unit);
				assertNotNull(r.find("distance", row.region));
				positions++;
				if (f0 == null && !Double.isNaN(row.value)) f0 = row;
			}
			assertEquals(48, positions);
			assertNotNull(r.find("interface_position"));
			assertNotNull(r.find("common_energy_shift"));
			assertTrue(r.figures().stream().anyMatch(f -> f.id.equals("ti3-profile")));
			assertTrue(r.figures().stream().anyMatch(f -> f.id.equals("spectrum-fit")));
		}
	}

	@Test
	void summaryOverScansOfOneSample() {
		AnalysisResult a1 = new AnalysisResult().add(ResultRow.of("ti3_dominant_depth", 24, 0.2, "nm"));
		AnalysisResult a2 = new AnalysisResult().add(ResultRow.of("ti3_dominant_depth", 23, 0.2, "nm"));
		AnalysisResult a3 = new AnalysisResult().add(ResultRow.of("ti3_dominant_depth", 0, Double.NaN, "nm").flag(
			"never-ti3-dominant"));
		List<ResultRow> rows = a.summarize("S", List.of(a1, a2, a3));
		ResultRow m = rows.stream().filter(r -> r.quantity.equals("ti3_dominant_depth_mean")).findFirst().get();
		assertEquals(23.5, m.value, 1e-9);
		assertEquals(0.5, m.uncertainty, 1e-9); // scatter's standard error beats 0.14
		assertEquals(1, rows.stream().filter(r -> r.quantity.equals("n_scans_never_ti3_dominant")).findFirst().get()
			.value, 0);
	}

	@Test
	void uncalibratedScanIsFlagged() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.positions = 40;
		c.seed = 4;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		List<Axis> axes = new ArrayList<>(ls.coreLoss.axes());
		axes.set(0, Axis.pixels("position", c.positions));
		Path f = dir.resolve("S_eels_px.csv");
		CsvMatrix.write(f, ls.coreLoss.withAxes(axes));
		Map<String, String> p = refs(c);
		AnalysisResult r = run(f, p);
		ResultRow depth = r.find("ti3_dominant_depth");
		assertEquals("px", depth.unit);
		assertTrue(depth.flags.contains("uncalibrated"), depth.flags);
		// depth 24 nm at 0.75 nm steps = 32 positions
		assertEquals(24 / 0.75, depth.value, 1.0 / 0.75 + 0.5);
	}

	@Test
	void referencesFromScanAndL3MethodAndLowLoss() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 8;
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		Path f = dir.resolve("S_eels_linescan.csv"), low = dir.resolve("S_eels_lowloss.csv");
		CsvMatrix.write(f, ls.coreLoss);
		CsvMatrix.write(low, ls.lowLoss);
		Map<String, String> p = new HashMap<>();
		p.put("ref-positions", "12:20,60:69");
		AnalysisResult r = run(f, p);
		assertTrue(r.find("ti3_dominant_depth").flags.contains("references-from-scan"));
		Map<String, String> q = refs(c);
		q.put("low-loss", low.toString());
		AnalysisResult z = run(f, q);
		assertEquals("zero-loss", z.find("common_energy_shift").label);
		assertEquals(24, z.find("ti3_dominant_depth").value, 1.0);
		for (int i = 0; i < c.positions; i++) assertEquals(ls.drift[i], z.find("energy_shift", "position:" + i).value,
			0.03);
		Map<String, String> l3 = refs(c);
		l3.put("method", "l3-shift");
		AnalysisResult m = run(f, l3);
		assertEquals(24, m.find("ti3_dominant_depth").value, 1.5);
	}

	@Test
	void spectrumImageGivesCalibratedMaps() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = 3;
		c.stepNm = 2;
		c.depthNm = 16;
		Path f = dir.resolve("S_eels_si.csv");
		CsvMatrix.write(f, EelsLineScanGenerator.spectrumImage(c, 4, 20).coreLoss);
		AnalysisResult r = run(f, refs(c));
		Signal map = r.maps().get(0);
		assertEquals("ti3_fraction", map.name);
		assertEquals(4, map.height());
		assertEquals(20, map.width());
		assertEquals(2, map.axis(1).scale, 1e-9);
		assertEquals("nm", map.axis(1).units);
		assertNotNull(r.find("ti3_fraction_mean"));
		assertNotNull(r.find("ti3_fraction", "x=19;y=3"));
	}

	@Test
	void badInputMessages() throws Exception {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.positions = 10;
		c.energyStart = 500;
		c.channels = 600; // O K only, no Ti
		Path f = dir.resolve("S_eels_noti.csv");
		CsvMatrix.write(f, EelsLineScanGenerator.lineScan(c).coreLoss);
		AnalysisException e = assertThrows(AnalysisException.class, () -> run(f, refs(new EelsLineScanGenerator
			.Config())));
		assertTrue(e.getMessage().contains("no Ti L2,3 edge"), e.getMessage());
		Map<String, String> one = new HashMap<>();
		one.put("ref", "Ti3+=" + dir.resolve("nothing.csv"));
		EelsLineScanGenerator.Config ok = new EelsLineScanGenerator.Config();
		ok.positions = 10;
		Path g = dir.resolve("S_eels_ok.csv");
		CsvMatrix.write(g, EelsLineScanGenerator.lineScan(ok).coreLoss);
		e = assertThrows(AnalysisException.class, () -> run(g, one));
		assertTrue(e.getMessage().contains("nothing.csv"), e.getMessage());
		Map<String, String> win = refs(ok);
		win.put("fit-window", "470,460");
		e = assertThrows(AnalysisException.class, () -> run(g, win));
		assertTrue(e.getMessage().contains("fit-window"), e.getMessage());
		// an energy axis without calibration
		Signal s = new Signal("x", "float64", new int[] { 2, 50 }, List.of(Axis.pixels("p", 2), Axis.pixels("ch", 50)),
			new double[100]);
		e = assertThrows(AnalysisException.class, () -> a.analyze(Dataset.of("x", "t", s), a.parameters(refs(ok)),
			AnalysisContext.quiet()));
		assertTrue(e.getMessage().contains("not calibrated"), e.getMessage());
	}

	@Test
	void energyFirstSpectrumImageIsTransposed() throws Exception {
		double[] d = new double[3 * 2 * 2];
		for (int i = 0; i < d.length; i++) d[i] = i;
		Signal s = new Signal("si", "float64", new int[] { 3, 2, 2 }, List.of(new Axis("E", 3, 1, 450, "eV"), new Axis(
			"y", 2, 1, 0, "nm"), new Axis("x", 2, 1, 0, "nm")), d);
		Signal t = EelsValenceAnalysis.moveEnergyLast(s);
		assertEquals("eV", t.lastAxis().units);
		assertEquals(3, t.size(2));
		// value at (E=1, y=1, x=0) = 1*4 + 1*2 + 0 = 6 now at (y=1, x=0, E=1)
		assertEquals(6, t.data()[(1 * 2 + 0) * 3 + 1], 0);
	}

	@Test
	void keVAndMeVAxesBecomeEv() throws Exception {
		for (String[] u : new String[][] { { "keV", "1000" }, { "meV", "0.001" }, { "mev", "0.001" } }) {
			double f = Double.parseDouble(u[1]);
			Signal s = new Signal("s", "float64", new int[] { 4 }, List.of(new Axis("E", 4, 2, 400, u[0])), new double[4]);
			Axis e = EelsValenceAnalysis.moveEnergyLast(s).lastAxis();
			assertEquals("eV", e.units, u[0]);
			assertEquals(400 * f, e.offset, 1e-9 * f, u[0]);
			assertEquals(2 * f, e.scale, 1e-12 * f, u[0]);
		}
	}

	@Test
	void benchReportsThroughput() throws Exception {
		ByteArrayOutputStream b = new ByteArrayOutputStream();
		DemoRegistry.bench(a, new BenchContext(new PrintStream(b, true, "UTF-8"), 2, true));
		String out = b.toString("UTF-8");
		assertTrue(out.contains("spectra/s"), out);
	}

	/** The real SrTiO3 spectrum (Ti4+ only) comes out Ti4+-dominated, when a DM3 reader is on the class path. */
	@Test
	void realSrTiO3IsTi4Dominated() throws Exception {
		Path f = reference("eels/EELS_STO.dm3");
		Assumptions.assumeTrue(f != null, "reference data not found (interphase.reference, ../shared/reference-data)");
		Assumptions.assumeTrue(Readers.find(f) != null, "no DM3 reader on this branch yet");
		Dataset d = Readers.read(f);
		// MLLS with the synthetic TiO2 / Ti2O3 standards (common shift absorbs the calibration difference)
		AnalysisResult r;
		try {
			EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
			r = a.analyze(d, a.parameters(refs(c)), AnalysisContext.quiet());
		}
		catch (AnalysisException e) {
			throw new AssertionError("EELS_STO.dm3 failed: " + e.getMessage(), e);
		}
		ResultRow f3 = r.find("ti3_fraction");
		assertNotNull(f3);
		assertTrue(f3.value < 0.5, "SrTiO3 is Ti4+: Ti3+ fraction " + f3.value);
		assertEquals("Ti4+", r.find("dominant_valence").label);
	}

	static Path reference(String rel) {
		return org.interphase.testing.ReferenceData.fileOrNull(rel);
	}

	/** Synthetic Ti2O3 / TiO2 standards written to the temp folder, as --ref values. */
	Map<String, String> refs(EelsLineScanGenerator.Config c) throws Exception {
		Path r3 = dir.resolve("ref3.csv"), r4 = dir.resolve("ref4.csv");
		if (!Files.exists(r3)) {
			CsvMatrix.write(r3, EelsLineScanGenerator.reference(true, c, 101));
			CsvMatrix.write(r4, EelsLineScanGenerator.reference(false, c, 102));
		}
		Map<String, String> p = new HashMap<>();
		p.put("ref", "Ti3+=" + r3 + ";Ti4+=" + r4);
		return p;
	}
}
