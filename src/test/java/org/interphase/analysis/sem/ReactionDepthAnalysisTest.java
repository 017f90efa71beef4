package org.interphase.analysis.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Analyses;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.sem.SemCrossSectionGenerator;
import org.interphase.synth.sem.SemTiff;
import org.interphase.demo.DemoRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sem-depth analysis end to end: files, calibration, contract rows, flags, bad input, series, demo. */
class ReactionDepthAnalysisTest {
	static final String UM = "\u00B5m";
	final ReactionDepthAnalysis a = new ReactionDepthAnalysis();
	final AnalysisContext ctx = new AnalysisContext(null, 2);

	@TempDir
	Path tmp;

	static SemCrossSectionGenerator gen(long seed) {
		return new SemCrossSectionGenerator(seed).size(384, 320).depth(70).frontSigma(3).snr(6).databar(28, false);
	}

	AnalysisResult run(Dataset d, Map<String, String> p) throws AnalysisException {
		return a.analyze(d, a.parameters(p), ctx);
	}

	static double v(AnalysisResult r, String q) {
		ResultRow row = r.find(q);
		assertNotNull(row, q);
		return row.value;
	}

	@Test
	void registeredUnderTheContractNames() {
		assertTrue(Analyses.byCommand("sem-depth") instanceof ReactionDepthAnalysis);
		assertEquals("sem", a.technique());
		assertEquals("reaction-depth", a.name());
		assertEquals("Reaction Layer Depth", a.title());
		// macro keys: distinct, and none is the tail of another ("depth=" must not be found inside "max_depth=")
		Set<String> keys = new HashSet<>();
		for (Param p : a.params()) assertTrue(keys.add(p.dialogLabel().split(" ")[0].toLowerCase(Locale.ROOT)), p.key);
		for (String k : keys) for (String o : keys) if (!k.equals(o)) assertFalse(o.endsWith("_" + k) || o
			.startsWith(k + "="), k + " / " + o);
	}

	@Test
	void calibratedSixteenAndEightBitFilesInMicrons() throws Exception {
		for (int bits : new int[] { 16, 8 }) {
			SemCrossSectionGenerator.Result g = gen(100 + bits).bits(bits).tilt(8).generate();
			Path f = tmp.resolve("s_sem_" + bits + ".tif");
			SemTiff.write(g.dataset.primary(), bits, 0.25, UM, f);
			Dataset d = Readers.read(f);
			AnalysisResult r = run(d, Map.of());
			double truth = g.meanDepthPx * 0.25;
			System.out.printf("%d-bit file: mean %.3f um (truth %.3f) p95 %.3f (truth %.3f)%n", bits, v(r, "depth_mean"),
				truth, v(r, "depth_p95"), g.p95DepthPx * 0.25);
			assertEquals(UM, r.find("depth_mean").unit);
			assertEquals(0.25, v(r, "pixel_size"), 1e-6);
			assertEquals(truth, v(r, "depth_mean"), Math.max(0.02 * truth, 0.25));
			assertEquals(g.p95DepthPx * 0.25, v(r, "depth_p95"), Math.max(0.05 * g.p95DepthPx * 0.25, 0.5));
			assertFalse(r.find("depth_mean").flags.contains(Flags.UNCALIBRATED));
			assertEquals(28, v(r, "databar_height"), 1);
			for (String q : new String[] { "depth_mean", "depth_median", "depth_sd", "depth_p05", "depth_p95",
				"depth_max", "interface_length", "pixel_size", "front_width" }) assertTrue(Double.isFinite(v(r, q)), q);
			assertTrue(r.find("depth_mean").uncertainty > 0);
			assertTrue(r.find("depth_median").uncertainty > 0);
			// interface length ~ image width / cos(tilt)
			assertEquals(384 / Math.cos(Math.toRadians(8)) * 0.25, v(r, "interface_length"), 0.1 * 384 * 0.25);
			// front width: 10-90 % of a gaussian-blurred step = 2.563 sigma
			assertEquals(2.563 * 3 * 0.25, v(r, "front_width"), 0.35 * 2.563 * 3 * 0.25);
			long profiles = r.rows().stream().filter(x -> x.quantity.equals("depth") && x.region.startsWith("profile:"))
				.count();
			assertTrue(profiles >= 30, "per-profile rows: " + profiles);
			assertTrue(r.figures().stream().anyMatch(fg -> fg.id.equals("depth-profile")));
			assertTrue(r.shapes().stream().anyMatch(s -> s.name.equals("surface")));
			assertTrue(r.shapes().stream().anyMatch(s -> s.name.equals("reaction front")));
		}
	}

	@Test
	void uncalibratedImageIsFlaggedAndInPixels() throws Exception {
		SemCrossSectionGenerator.Result g = gen(7).pixelSize(1, "px").generate();
		AnalysisResult r = run(g.dataset, Map.of());
		ResultRow m = r.find("depth_mean");
		assertEquals("px", m.unit);
		assertTrue(m.flags.contains(Flags.UNCALIBRATED));
		assertEquals(g.meanDepthPx, m.value, Math.max(0.02 * g.meanDepthPx, 1));
	}

	@Test
	void pixelSizeOverrideConvertsUnits() throws Exception {
		SemCrossSectionGenerator.Result g = gen(8).pixelSize(1, "px").generate();
		AnalysisResult r = run(g.dataset, Map.of("pixel-size", "20", "unit", "nm"));
		assertEquals(UM, r.find("depth_mean").unit);
		assertEquals(0.02, v(r, "pixel_size"), 1e-12);
		assertEquals(g.meanDepthPx * 0.02, v(r, "depth_mean"), Math.max(0.02 * g.meanDepthPx * 0.02, 0.02));
		assertFalse(r.find("depth_mean").flags.contains(Flags.UNCALIBRATED));
		// a calibration in metres (instrument readers) is converted too
		Signal s = g.dataset.primary();
		List<Axis> axes = List.of(new Axis("y", s.height(), 5e-8, 0, "m"), new Axis("x", s.width(), 5e-8, 0, "m"));
		Dataset inM = g.dataset.withSignals(List.of(s.withAxes(axes)));
		assertEquals(0.05, v(run(inM, Map.of()), "pixel_size"), 1e-12);
	}

	@Test
	void databarFromMetadataAndParameter() throws Exception {
		SemCrossSectionGenerator.Result g = gen(9).databar(30, true).generate();
		assertEquals(30, v(run(g.dataset, Map.of()), "databar_height"), 0);
		assertEquals(40, v(run(g.dataset, Map.of("databar", "40")), "databar_height"), 0);
	}

	@Test
	void noLayerGivesZeroAndFlag() throws Exception {
		SemCrossSectionGenerator.Result g = gen(10).depth(0).pixelSize(0.5, UM).generate();
		AnalysisResult r = run(g.dataset, Map.of());
		ResultRow m = r.find("depth_mean");
		assertEquals(0, m.value, 0);
		assertTrue(m.flags.contains(Flags.NO_LAYER_FOUND), m.flags);
		assertEquals(0, v(r, "depth_p95"), 0);
	}

	@Test
	void userLineAndRegion() throws Exception {
		SemCrossSectionGenerator.Result g = gen(11).tilt(-11).generate();
		int n = g.surfaceX.length;
		String line = String.format(Locale.ROOT, "%.2f,%.2f,%.2f,%.2f", g.surfaceX[0] + 0.5, g.surfaceY[0] + 0.5,
			g.surfaceX[n - 1] + 0.5, g.surfaceY[n - 1] + 0.5);
		AnalysisResult r = run(g.dataset, Map.of("line", line));
		assertEquals(g.meanDepthPx * g.pixelSize, v(r, "depth_mean"), Math.max(0.02 * g.meanDepthPx, 1) * g.pixelSize);
		// the region: left half only
		AnalysisResult half = run(g.dataset, Map.of("roi", "0,0,192,0,192,292,0,292"));
		AnalysisResult whole = run(g.dataset, Map.of());
		assertEquals(0.5, v(half, "interface_length") / v(whole, "interface_length"), 0.08);
		double truthLeft = 0, wsum = 0;
		for (int t = 0; t < g.depthPx.length; t++) if (g.surfaceX[t] < 192 && g.weight[t] > 0) {
			truthLeft += g.depthPx[t] * g.weight[t];
			wsum += g.weight[t];
		}
		truthLeft /= wsum;
		assertEquals(truthLeft, v(half, "depth_mean"), Math.max(0.02 * truthLeft, 1));
	}

	@Test
	void badInputGivesClearMessages() {
		double[] blank = new double[200 * 150];
		Dataset b = Dataset.of("blank.tif", "t", Signal.image("b", 200, 150, blank, 1, "px"));
		AnalysisException e = assertThrows(AnalysisException.class, () -> run(b, Map.of()));
		assertTrue(e.getMessage().contains("blank"), e.getMessage());
		double[] sat = new double[200 * 150];
		java.util.Arrays.fill(sat, 255);
		sat[0] = 3;
		Dataset s = Dataset.of("sat.tif", "t", Signal.image("s", 200, 150, sat, 1, "px"));
		assertTrue(assertThrows(AnalysisException.class, () -> run(s, Map.of())).getMessage().contains("saturated"));
		Signal stack = new Signal("st", "uint8", new int[] { 3, 50, 60 }, List.of(Axis.pixels("frame", 3), Axis
			.pixels("y", 50), Axis.pixels("x", 60)), new double[3 * 50 * 60]);
		assertTrue(assertThrows(AnalysisException.class, () -> run(Dataset.of("stack.tif", "t", stack), Map.of()))
			.getMessage().contains("stack"));
		// noise only: no surface
		org.interphase.synth.Noise noise = new org.interphase.synth.Noise(3);
		double[] nz = new double[200 * 150];
		for (int i = 0; i < nz.length; i++) nz[i] = 1000 + 30 * noise.gaussian();
		Dataset ns = Dataset.of("noise.tif", "t", Signal.image("n", 200, 150, nz, 1, "px"));
		assertTrue(assertThrows(AnalysisException.class, () -> run(ns, Map.of())).getMessage().contains("surface"));
		SemCrossSectionGenerator.Result g = gen(12).generate();
		assertTrue(assertThrows(AnalysisException.class, () -> run(g.dataset, Map.of("roi",
			"5000,5000,6000,5000,6000,6000"))).getMessage().contains("outside"));
		assertThrows(AnalysisException.class, () -> run(g.dataset, Map.of("line", "1,2,3")));
		assertThrows(AnalysisException.class, () -> run(g.dataset, Map.of("line", "1,2,x,4")));
		assertThrows(IllegalArgumentException.class, () -> run(g.dataset, Map.of("surface-side", "up")));
	}

	@Test
	void seriesIsSummarisedPerSample() throws Exception {
		List<AnalysisResult> per = new ArrayList<>();
		double truth = 0;
		for (int k = 0; k < 3; k++) {
			SemCrossSectionGenerator.Result g = gen(20 + k).pixelSize(0.5, UM).side(SemCrossSectionGenerator.Side
				.values()[k]).size(320, 320).generate();
			per.add(run(g.dataset, Map.of()));
			truth += g.meanDepthPx * 0.5 / 3;
		}
		List<ResultRow> s = a.summarize("S1", per);
		Map<String, ResultRow> m = new LinkedHashMap<>();
		for (ResultRow r : s) m.put(r.quantity, r);
		assertEquals(truth, m.get("depth_mean").value, 0.02 * truth);
		assertEquals(3, m.get("n_images").value, 0);
		assertEquals(UM, m.get("depth_mean").unit);
		assertTrue(m.get("depth_mean").uncertainty > 0);
		assertEquals("", m.get("depth_mean").region);
		double len = 0;
		for (AnalysisResult r : per) len += v(r, "interface_length");
		assertEquals(len, m.get("interface_length").value, 1e-9);
		for (String q : new String[] { "depth_median", "depth_sd", "depth_p05", "depth_p95", "depth_max",
			"pixel_size", "front_width" }) assertTrue(m.containsKey(q), q);
	}

	@Test
	void demoSeriesMatchesTheSampleTruths() throws Exception {
		DemoContext dc = new DemoContext(tmp.resolve("demo"), DemoSamples.all(), 5, true);
		List<DemoJob> jobs = DemoRegistry.writeDemo(a, dc);
		assertEquals(1, jobs.size());
		assertEquals(DemoSamples.all().size(), jobs.get(0).inputs.size());
		for (Path f : jobs.get(0).inputs) {
			String id = f.getFileName().toString().split("_")[0];
			assertTrue(f.getFileName().toString().startsWith(id + "_sem_"));
			double truth = DemoSamples.byId(id).truth(DemoSamples.REACTION_DEPTH_UM);
			AnalysisResult r = a.analyze(Readers.read(f), a.parameters(jobs.get(0).params), ctx);
			ResultRow m = r.find("depth_mean");
			System.out.printf("demo %s: %.3f %s (truth %.3f) flags %s%n", id, m.value, m.unit, truth, m.flags);
			assertEquals(UM, m.unit);
			if (truth == 0) assertTrue(m.flags.contains(Flags.NO_LAYER_FOUND));
			else {
				assertFalse(m.flags.contains(Flags.NO_LAYER_FOUND));
				// the generator varies the depth +-10 % along the interface: the truth is the nominal depth
				assertEquals(truth, m.value, 0.06 * truth);
			}
		}
		assertTrue(Files.exists(dc.dataDir));
	}

	@Test
	void seriesWithoutLayerAndWithMixedUnits() throws Exception {
		List<AnalysisResult> none = new ArrayList<>();
		for (int k = 0; k < 2; k++) none.add(run(gen(40 + k).depth(0).pixelSize(0.5, UM).generate().dataset, Map.of()));
		Map<String, ResultRow> m = new LinkedHashMap<>();
		for (ResultRow r : a.summarize("S0", none)) m.put(r.quantity, r);
		assertEquals(0, m.get("depth_mean").value, 0);
		assertTrue(m.get("depth_mean").flags.contains(Flags.NO_LAYER_FOUND));
		// one calibrated and two uncalibrated images: the majority unit (px) is pooled, flagged mixed-units
		List<AnalysisResult> mixed = new ArrayList<>();
		mixed.add(run(gen(50).pixelSize(0.5, UM).generate().dataset, Map.of()));
		mixed.add(run(gen(51).pixelSize(1, "px").generate().dataset, Map.of()));
		mixed.add(run(gen(52).pixelSize(1, "px").generate().dataset, Map.of()));
		m.clear();
		for (ResultRow r : a.summarize("S2", mixed)) m.put(r.quantity, r);
		assertEquals("px", m.get("depth_mean").unit);
		assertEquals(2, m.get("n_images").value, 0);
		assertTrue(m.get("depth_mean").flags.contains("mixed-units"));
		assertTrue(m.get("depth_mean").flags.contains(Flags.UNCALIBRATED));
		assertEquals(70, m.get("depth_mean").value, 0.05 * 70);
	}

	@Test
	void colourImageWithChannelAxisIsMeasuredAsLuminance() throws Exception {
		SemCrossSectionGenerator.Result g = gen(60).pixelSize(0.5, UM).generate();
		Signal s = g.dataset.primary();
		int w = s.width(), h = s.height();
		double[] rgb = new double[w * h * 3];
		for (int i = 0; i < w * h; i++) for (int c = 0; c < 3; c++) rgb[3 * i + c] = s.data()[i] / 256;
		Signal colour = new Signal("rgb", "rgb8", new int[] { h, w, 3 }, List.of(s.axis(0), s.axis(1), new Axis(
			"channel", 3, 1, 0, "")), rgb);
		AnalysisResult r = run(g.dataset.withSignals(List.of(colour)), Map.of());
		assertEquals(g.meanDepthPx * 0.5, v(r, "depth_mean"), Math.max(0.02 * g.meanDepthPx, 1) * 0.5);
		assertEquals(0.5, v(r, "pixel_size"), 1e-12);
	}

	@Test
	void parametersValidate() {
		Params p = a.parameters(Map.of("profiles", "50", "averaging-width", "5"));
		assertEquals(50, p.integer("profiles"));
		assertThrows(IllegalArgumentException.class, () -> a.parameters(Map.of("profiles", "many")));
	}
}
