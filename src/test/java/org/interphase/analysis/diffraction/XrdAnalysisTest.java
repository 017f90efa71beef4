package org.interphase.analysis.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.cli.Main;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.io.xrd.XrdWriter;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.diffraction.XrdGenerator;
import org.interphase.demo.DemoRegistry;

/** The xrd command on the demo files: contract rows, flags, wavelength handling, and saed's answer to a 1D file. */
class XrdAnalysisTest {
	@TempDir
	Path tmp;

	final XrdAnalysis a = (XrdAnalysis) Analyses.byCommand("xrd");

	List<Path> demo() throws Exception {
		List<DemoJob> jobs = DemoRegistry.writeDemo(a, new DemoContext(tmp.resolve("data"), DemoSamples.all(), 7, true));
		assertEquals(1, jobs.size());
		assertEquals("LATP", jobs.get(0).params.get("phase"));
		return jobs.get(0).inputs;
	}

	static List<CSVRecord> csv(Path f) throws Exception {
		try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
			return new ArrayList<>(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)
				.getRecords());
		}
	}

	@Test
	void commandLineOnTheDemoSamples() throws Exception {
		List<Path> files = demo();
		assertEquals(3, files.size(), "one pattern per diffraction sample");
		assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".xrdml")));
		Path out = tmp.resolve("out");
		PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
		int code = Main.run(new String[] { "xrd", "--phase", "LATP", "--out", out.toString(), "--quiet", "--threads", "2",
			files.get(0).getParent().toString() }, quiet, quiet);
		assertEquals(0, code);
		List<CSVRecord> rows = csv(out.resolve("results.csv"));
		Map<String, Double> ci = new LinkedHashMap<>();
		for (CSVRecord r : rows) {
			assertEquals("diffraction", r.get("technique"));
			assertEquals("xrd", r.get("analysis"));
			if (r.get("quantity").equals("crystallinity_index")) {
				ci.put(r.get("sample_id"), Double.parseDouble(r.get("value")));
				assertEquals("fraction", r.get("unit"));
				assertTrue(Double.parseDouble(r.get("uncertainty")) > 0);
			}
		}
		for (DemoSample s : DemoSamples.all()) if (s.hasTruth(DemoSamples.XRD_CRYSTALLINITY)) assertEquals(s.truth(
			DemoSamples.XRD_CRYSTALLINITY), ci.get(s.id), 0.03, s.id);
		assertTrue(ci.get("LATP-bare-100c") < 0.2 && ci.get("LATP-BN-500c") > 0.7, ci.toString());
		// per peak rows, indexed
		assertTrue(rows.stream().anyMatch(r -> r.get("quantity").equals("d_spacing") && r.get("region").startsWith("peak:")
			&& r.get("label").startsWith("LATP hkl=1 1 3")));
		for (String q : new String[] { "two_theta", "peak_fwhm", "peak_area", "crystallite_size", "phase_match_score",
			"zero_shift", "wavelength", "amorphous_area", "crystalline_area" }) assertTrue(rows.stream().anyMatch(r -> r.get(
				"quantity").equals(q)), q);
		assertTrue(rows.stream().anyMatch(r -> r.get("region").equals("peak:0")));
		CSVRecord score = rows.stream().filter(r -> r.get("quantity").equals("phase_match_score") && r.get("sample_id")
			.equals("LATP-BN-500c")).findFirst().get();
		assertEquals("phase:LATP", score.get("region"));
		assertTrue(Double.parseDouble(score.get("value")) > 0.9);
		// the wavelength came from the files: no defaulted flag
		assertTrue(rows.stream().noneMatch(r -> r.get("flags").contains(XrdAnalysis.WAVELENGTH_DEFAULTED)));
		// figure saved
		try (var st = Files.walk(out)) {
			assertTrue(st.anyMatch(p -> p.getFileName().toString().contains("pattern")));
		}
	}

	@Test
	void folderWalksTakeTextOnlyWithATwoThetaHeader() throws Exception {
		Path raman = tmp.resolve("raman.txt"), xrd = tmp.resolve("p.csv"), xy = tmp.resolve("q.xy");
		Files.writeString(raman, "Raman Shift (cm-1)\tIntensity\n100\t5\n");
		Files.writeString(xrd, "2Theta,Intensity\n10,5\n");
		Files.writeString(xy, "10 5\n");
		assertTrue(!a.accepts(raman) && a.accepts(xrd) && a.accepts(xy));
	}

	@Test
	void saedNamesTheXrdCommandForA1dPattern() throws Exception {
		Path f = demo().get(0);
		Path out = tmp.resolve("saed");
		PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
		int code = Main.run(new String[] { "saed", "--phase", "LATP", "--out", out.toString(), "--quiet", f.toString() },
			quiet, quiet);
		assertEquals(3, code);
		String err = Files.readString(out.resolve("errors.csv"));
		assertTrue(err.contains("interphase xrd") && err.contains("XRD Pattern"), err);
	}

	/**
	 * A pattern of crystallinity 0.1 with LATP given: a weak_reflections_area row, included in crystalline_area and
	 * the index (closer to the truth than with weak-reflections=ignore, which adds no row); without a phase, none.
	 */
	@Test
	void weakReflectionsAreFittedOnlyForAMatchedPhaseAndCanBeSwitchedOff() throws Exception {
		Path f = tmp.resolve("low_xrd.xy");
		XrdGenerator.Pattern p = write(0.1, 2, f, Map.of("Wavelength", "1.540598"));
		AnalysisResult fit = a.analyze(Readers.read(f), a.parameters(Map.of("phase", "LATP")), AnalysisContext.quiet());
		AnalysisResult ign = a.analyze(Readers.read(f), a.parameters(Map.of("phase", "LATP", "weak-reflections",
			"ignore")), AnalysisContext.quiet());
		AnalysisResult none = a.analyze(Readers.read(f), a.parameters(Map.of()), AnalysisContext.quiet());
		ResultRow w = fit.find("weak_reflections_area");
		assertNotNull(w);
		assertTrue(w.value > 3 * w.uncertainty && w.label.contains("LATP"), w.toString());
		assertEquals(ign.find("crystalline_area").value + w.value, fit.find("crystalline_area").value, 1e-6);
		double e1 = Math.abs(fit.find("crystallinity_index").value - p.crystallinity);
		double e0 = Math.abs(ign.find("crystallinity_index").value - p.crystallinity);
		assertTrue(e1 < e0, e0 + " -> " + e1);
		assertNull(ign.find("weak_reflections_area"));
		assertNull(none.find("weak_reflections_area"));
		assertEquals(ign.find("crystallinity_index").value, none.find("crystallinity_index").value, 1e-12);
	}

	/** A generated LATP pattern of the given crystallinity written as .xy with these header lines. */
	static XrdGenerator.Pattern write(double crystallinity, long seed, Path f, Map<String, String> header)
		throws Exception
	{
		XrdGenerator.Config c = new XrdGenerator.Config();
		c.crystallinity = crystallinity;
		c.seed = seed;
		XrdGenerator.Pattern p = XrdGenerator.generate(c);
		XrdWriter.xy(f, p.twoTheta, p.counts, null, header);
		return p;
	}

	@Test
	void noPeaksWavelengthDefaultAndParameters() throws Exception {
		Path f = tmp.resolve("amorphous_xrd.xy");
		write(0, 4, f, Map.of());
		AnalysisResult r = a.analyze(Readers.read(f), a.parameters(Map.of("phase", "LATP")), AnalysisContext.quiet());
		ResultRow ci = r.find("crystallinity_index");
		assertEquals(0, ci.value, 0);
		assertTrue(ci.flags.contains(XrdAnalysis.NO_PEAKS), ci.flags);
		assertTrue(ci.uncertainty < 0.01);
		assertTrue(r.find("wavelength").flags.contains(XrdAnalysis.WAVELENGTH_DEFAULTED));
		assertTrue(r.warnings().stream().anyMatch(w -> w.contains("1.540598")));
		assertEquals(0, r.find("n_peaks").value, 0);

		// a crystalline pattern analysed with another wavelength: every d scales with lambda (Bragg)
		Path g = tmp.resolve("cryst_xrd.xy");
		write(0.7, 4, g, Map.of("Wavelength", "1.540598"));
		AnalysisResult cu = a.analyze(Readers.read(g), a.parameters(Map.of("zero-shift", "0", "kalpha2", "none")),
			AnalysisContext.quiet());
		// same fit model (no K-alpha2), another wavelength
		AnalysisResult co = a.analyze(Readers.read(g), a.parameters(Map.of("zero-shift", "0", "wavelength", "CoKa1",
			"kalpha2", "none")),
			AnalysisContext.quiet());
		double d1 = cu.find("d_spacing", "peak:0").value, d2 = co.find("d_spacing", "peak:0").value;
		assertEquals(1.78896 / 1.540598, d2 / d1, 1e-9);
		assertTrue(co.find("wavelength").label.contains("param"));
		assertNotNull(cu.find("crystallite_size", "peak:0"));
		assertTrue(cu.find("crystallite_size", "peak:0").flags.contains("instrument-width-not-subtracted"));
		// bad parameters are named
		assertThrows(AnalysisException.class, () -> a.analyze(Readers.read(g), a.parameters(Map.of("wavelength", "XyKa1")),
			AnalysisContext.quiet()));
		assertThrows(AnalysisException.class, () -> a.analyze(Readers.read(g), a.parameters(Map.of("zero-shift", "abc")),
			AnalysisContext.quiet()));
	}
}
