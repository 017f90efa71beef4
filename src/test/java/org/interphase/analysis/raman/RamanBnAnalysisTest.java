package org.interphase.analysis.raman;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.raman.RamanShift;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.raman.RamanSpectrumGenerator;
import org.interphase.testing.ReferenceData;
import org.interphase.demo.DemoRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RamanBnAnalysisTest {
	final RamanBnAnalysis a = new RamanBnAnalysis();
	final AnalysisContext ctx = new AnalysisContext(null, 2);

	@TempDir
	Path dir;

	Params defaults() {
		return Params.defaults(a.params());
	}

	@Test
	void registered() {
		assertTrue(Analyses.byCommand("raman-bn") instanceof RamanBnAnalysis);
		assertFalse(a.worksOnImages());
		assertEquals("Raman BN Phase Fit", a.title());
	}

	@Test
	void singleSpectrumGivesTheContractRows() throws Exception {
		RamanSpectrumGenerator g = new RamanSpectrumGenerator(3).hbnHeight(1e5);
		RamanSpectrumGenerator.Spectrum s = g.spectrum();
		AnalysisResult r = a.analyze(Dataset.of("x.txt", "test", s.signal("s")), defaults(), ctx);
		for (String q : List.of("hbn_position", "hbn_fwhm", "hbn_area", "cbn_position", "cbn_fwhm", "cbn_area",
			"cbn_hbn_area_ratio", "hbn_crystallite_size", "cbn_lo_position", "cbn_lo_fwhm", "cbn_lo_area", "spikes_removed",
			"reduced_chi2", "baseline", "hbn_fraction")) assertNotNull(r.find(q), q);
		assertEquals(1370, r.find("hbn_position").value, 0.5);
		assertEquals("cm-1", r.find("hbn_position").unit);
		assertEquals("nm", r.find("hbn_crystallite_size").unit);
		assertEquals(0.12, r.find("cbn_hbn_area_ratio").value, 0.12 * 0.03);
		assertTrue(r.find("cbn_hbn_area_ratio").hasUncertainty());
		assertTrue(r.find("baseline").label.startsWith("arpls"), r.find("baseline").label);
		assertEquals("fit", r.figures().get(0).id);
	}

	/** A spectrum on a wavelength axis is converted with the laser wavelength; without it, refused. */
	@Test
	void nanometreAxis() throws Exception {
		RamanSpectrumGenerator.Spectrum s = new RamanSpectrumGenerator(4).hbnHeight(1e5).spectrum();
		double[] nm = new double[s.shift.length];
		for (int i = 0; i < nm.length; i++) nm[i] = RamanShift.toWavelength(s.shift[i], 532);
		Signal sig = Signal.spectrum("s", new Axis("wavelength", nm, "nm"), s.counts.clone());
		Dataset d = Dataset.of("nm.txt", "test", sig).withMetadata(MetadataKeys.LASER_WAVELENGTH_NM, 532.0);
		AnalysisResult inNm = a.analyze(d, defaults(), ctx);
		AnalysisResult inCm = a.analyze(Dataset.of("cm.txt", "test", s.signal("s")), defaults(), ctx);
		assertEquals(inCm.find("hbn_position").value, inNm.find("hbn_position").value, 1e-6);
		AnalysisException e = assertThrows(AnalysisException.class, () -> a.analyze(Dataset.of("nolaser.txt", "test",
			sig), defaults(), ctx));
		assertTrue(e.getMessage().contains("laser"), e.getMessage());
	}

	@Test
	void badInputsAreRefusedClearly() {
		double[] x = new double[500], y = new double[500];
		for (int i = 0; i < 500; i++) {
			x[i] = 200 + i;
			y[i] = 100 + i % 7;
		}
		AnalysisException e = assertThrows(AnalysisException.class, () -> a.analyze(Dataset.of("low.txt", "test", Signal
			.spectrum("s", new Axis("shift", x, "cm-1"), y)), defaults(), ctx));
		assertTrue(e.getMessage().contains("low.txt") && e.getMessage().contains("h-BN"), e.getMessage());
		e = assertThrows(AnalysisException.class, () -> a.analyze(Dataset.of("px.txt", "test", Signal.spectrum("s", Axis
			.pixels("channel", 500), y)), defaults(), ctx));
		assertTrue(e.getMessage().contains("not calibrated"), e.getMessage());
		e = assertThrows(AnalysisException.class, () -> a.analyze(Dataset.of("w.txt", "test", new RamanSpectrumGenerator(1)
			.spectrum().signal("s")), defaults().with("window", "1300"), ctx));
		assertTrue(e.getMessage().contains("window"), e.getMessage());
		// a spectrum that reaches h-BN but not c-BN TO: fitted, clipped, and told why there is no ratio
		AnalysisResult part = assertDoesNotThrow(() -> a.analyze(Dataset.of("part.txt", "test", new RamanSpectrumGenerator(
			1).range(1200, 1500).spectrum().signal("s")), defaults(), ctx));
		assertEquals(1370, part.find("hbn_position").value, 0.5);
		assertTrue(part.find("hbn_position").flags.contains("window-clipped"));
		assertEquals(null, part.find("cbn_hbn_area_ratio"));
		assertTrue(part.warnings().get(0).contains("c-BN TO"), part.warnings().toString());
	}

	/** The demo files (LabSpec text) read back through the readers and give the demo truth. */
	@Test
	void demoFilesRunEndToEnd() throws Exception {
		DemoContext dc = new DemoContext(dir, DemoSamples.all(), 7, true);
		List<DemoJob> jobs = DemoRegistry.writeDemo(a, dc);
		assertEquals(1, jobs.size());
		Map<String, Path> files = jobs.get(0).inputs.stream().collect(Collectors.toMap(p -> p.getFileName().toString(),
			p -> p));
		assertTrue(files.containsKey("LATP-BN-500c_raman_01.txt") && files.containsKey("LATP-BN-500c_raman_map.txt") &&
			files.containsKey("LATP-bare-0c_raman_01.txt"), files.keySet().toString());
		double truth = DemoSamples.byId("LATP-BN-500c").truth(DemoSamples.RAMAN_CBN_HBN_RATIO);

		Dataset spec = Readers.read(files.get("LATP-BN-500c_raman_01.txt"));
		assertEquals(532, spec.number(MetadataKeys.LASER_WAVELENGTH_NM), 1e-9);
		AnalysisResult rs = a.analyze(spec, defaults(), ctx);
		ResultRow ratio = rs.find("cbn_hbn_area_ratio");
		assertTrue(Math.abs(ratio.value - truth) < 3 * ratio.uncertainty, ratio.toString());
		assertEquals(1370, rs.find("hbn_position").value, 0.5);

		AnalysisResult rm = a.analyze(Readers.read(files.get("LATP-BN-500c_raman_map.txt")), defaults(), ctx);
		assertEquals(64, rm.find("fitted_pixels").value, 0);
		assertEquals(0, rm.find("failed_pixels").value, 0);
		assertEquals(truth, rm.find("cbn_hbn_area_ratio").value, 0.1 * truth);
		assertEquals(truth, rm.find("cbn_hbn_area_ratio", "mean-spectrum").value, 0.1 * truth);
		assertEquals(6, rm.maps().size()); // + cbn_hbn_area_ratio_sigma (per-pixel uncertainty)
		Signal ratioMap = rm.maps().stream().filter(m -> m.name.equals("cbn_hbn_area_ratio")).findFirst().get();
		assertEquals(8, ratioMap.width());
		assertEquals("µm", ratioMap.axis(1).units);
		// 64 pixels: per-pixel rows are written
		assertNotNull(rm.find("cbn_hbn_area_ratio", "x=3;y=5"));

		AnalysisResult rb = a.analyze(Readers.read(files.get("LATP-bare-0c_raman_01.txt")), defaults(), ctx);
		assertTrue(rb.find("hbn_position").flags.contains("no-hbn-detected"));
		assertTrue(Double.isNaN(rb.find("cbn_hbn_area_ratio").value));
	}

	/** A saved template reproduces the fit when loaded; edits to it change the model; bad ones are refused. */
	@Test
	void templatesSaveAndLoad() throws Exception {
		Dataset d = Dataset.of("t.txt", "test", new RamanSpectrumGenerator(5).hbnHeight(1e5).spectrum().signal("s"));
		Path t = dir.resolve("bn.json");
		AnalysisResult saved = a.analyze(d, defaults().with("save-template", t.toString()), ctx);
		assertTrue(Files.isRegularFile(t));
		AnalysisResult loaded = a.analyze(d, defaults().with("template", t.toString()), ctx);
		assertEquals(saved.find("cbn_hbn_area_ratio").value, loaded.find("cbn_hbn_area_ratio").value, 1e-12);
		assertNotNull(saved.find("area", "component:LATP-1097"));
		// switch the broad LATP band off and narrow the h-BN window
		Files.writeString(t, "{\"bands\": {\"latp1097\": {\"enabled\": false}, \"hbn\": {\"min_position\": 1360, " +
			"\"max_position\": 1380}}}");
		AnalysisResult edited = a.analyze(d, defaults().with("template", t.toString()), ctx);
		assertEquals(null, edited.find("area", "component:LATP-1097"));
		assertEquals(1370, edited.find("hbn_position").value, 0.5);
		Files.writeString(t, "{\"bands\": {\"wurtzite\": {}}}");
		AnalysisException e = assertThrows(AnalysisException.class, () -> a.analyze(d, defaults().with("template", t
			.toString()), ctx));
		assertTrue(e.getMessage().contains("wurtzite"), e.getMessage());
		Files.writeString(t, "{\"bands\": {\"hbn\": {\"position\": 1400}}}");
		e = assertThrows(AnalysisException.class, () -> a.analyze(d, defaults().with("template", t.toString()), ctx));
		assertTrue(e.getMessage().contains("hbn"), e.getMessage());
	}

	/** Missing pixels in a map are counted and flagged, not fatal. */
	@Test
	void mapWithMissingPixels() throws Exception {
		RamanSpectrumGenerator.MapData m = new RamanSpectrumGenerator(12).map(3, 4);
		double[] d = m.signal.data().clone();
		int n = m.signal.size(2);
		java.util.Arrays.fill(d, 5 * n, 6 * n, Double.NaN);
		Signal s = new Signal("m", "float64", m.signal.shape(), m.signal.axes(), d);
		AnalysisResult r = a.analyze(Dataset.of("m.txt", "test", s), defaults(), ctx);
		assertEquals(1, r.find("missing_pixels").value, 0);
		assertTrue(r.find("hbn_position").flags.contains("missing-pixels"));
		assertTrue(r.find("hbn_position", "x=1;y=1").flags.contains("missing-pixels"));
		assertFalse(r.warnings().isEmpty());
	}

	/** Real instrument files run end to end where a reader for them is on the class path. */
	@Test
	void referenceFilesEndToEnd() throws IOException {
		Path ref = ReferenceData.require().resolve("raman");
		Assumptions.assumeTrue(Files.isDirectory(ref), "no raman reference folder");
		List<Path> files;
		try (Stream<Path> st = Files.list(ref)) {
			files = st.filter(p -> !p.toString().endsWith(".json") && !p.toString().endsWith(".md")).sorted().collect(
				Collectors.toList());
		}
		int run = 0;
		for (Path f : files) {
			Dataset d;
			try {
				d = Readers.read(f);
			}
			catch (InputFormatException e) {
				System.out.println("SKIPPED " + f.getFileName() + ": no reader on this branch (" + e.getMessage() + ")");
				continue;
			}
			run++;
			try {
				AnalysisResult r = a.analyze(d, defaults(), ctx);
				assertNotNull(r.find("hbn_position"), f.toString());
			}
			catch (AnalysisException e) {
				// a clear refusal naming the file (e.g. the spectrum does not reach the h-BN band)
				assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
			}
		}
		Assumptions.assumeTrue(run > 0, "no Raman instrument reader (wdf, xml, tvf) on this branch yet");
	}
}
