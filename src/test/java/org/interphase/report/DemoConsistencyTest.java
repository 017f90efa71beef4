package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.batch.BatchOptions;
import org.interphase.batch.BatchRunner;
import org.interphase.core.xps.Imfp;
import org.interphase.results.ResultsDatabase;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.eels.EelsLineScanGenerator;
import org.interphase.demo.DemoRegistry;

/**
 * The demo's EELS and HE-XPS data (seed 42, full size, as {@code ./interphase demo} makes them) analysed as the demo
 * does and reported: the EELS &rarr; XPS check agrees on three samples and flags LATP-bare-100c, whose XPS and EELS
 * truths are the (mutually inconsistent) numbers of two papers.
 */
class DemoConsistencyTest {
	@TempDir
	Path dir;

	@Test
	void demoReportFlagsOneSampleAndAgreesOnThree() throws Exception {
		Path data = dir.resolve("data");
		Files.createDirectories(data);
		List<DemoSample> samples = DemoSamples.all();
		DemoContext ctx = new DemoContext(data, samples, 42, false);
		for (String cmd : new String[] { "xps-fit", "eels-valence" }) {
			Analysis a = Analyses.byCommand(cmd);
			for (DemoJob job : DemoRegistry.writeDemo(a, ctx)) {
				BatchOptions.Builder o = BatchOptions.builder();
				o.outDir(dir);
				o.threads(2);
				o.params(new LinkedHashMap<>(job.params));
				o.saveOutputs(false);
				o.sampleId(null);
				Path sheet = data.resolve("samples.csv");
				if (!Files.exists(sheet)) {
					List<org.interphase.results.SampleSheet.Entry> e = new ArrayList<>();
					for (DemoSample s : samples) e.add(org.interphase.results.SampleSheet.entry(s.id, s.id + "_*", s.attributes));
					org.interphase.results.SampleSheet.write(sheet, e);
				}
				o.sampleSheet(sheet);
				assertEquals(0, new BatchRunner(a, o.build()).run(job.inputs).failures().size(), cmd);
			}
		}
		Path report = dir.resolve("report");
		try (ResultsDatabase db = new ResultsDatabase(dir.resolve("interphase.db"))) {
			for (DemoSample s : samples) db.putSample(s.id, s.attributes);
			ReportWriter.write(db, report);
		}
		Map<String, List<String[]>> bySample = new TreeMap<>();
		List<String> lines = Files.readAllLines(report.resolve("eels-xps-consistency.csv"), StandardCharsets.UTF_8);
		for (String l : lines.subList(1, lines.size())) {
			String[] f = l.split(",", -1);
			bySample.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
		}
		StringBuilder log = new StringBuilder();
		for (String l : lines) log.append(l).append('\n');
		assertEquals(4, bySample.size(), log.toString());
		for (DemoSample s : samples) {
			List<String[]> rows = bySample.get(s.id);
			assertEquals(4, rows.size(), s.id + " has Al K-alpha and three HE photon energies\n" + log);
			for (String[] r : rows) {
				double z = Double.parseDouble(r[7]);
				if (s.id.equals("LATP-bare-100c")) {
					assertEquals("eels-xps-disagree", r[8], log.toString());
					assertTrue(z < -20, "XPS sees far less Ti3+ than the EELS profile predicts\n" + log);
				}
				else {
					assertEquals("", r[8], s.id + " agrees within 2 sigma\n" + log);
					assertTrue(Math.abs(z) <= 2, log.toString());
				}
			}
		}
		String html = Files.readString(report.resolve("report.html"), StandardCharsets.UTF_8);
		assertTrue(html.contains("eels-xps-disagree"));
		for (DemoSample s : samples) assertTrue(Files.exists(report.resolve("key-figures").resolve("depth-" + s.id +
			".svg")), s.id);
	}

	/** The demo's XPS truths of the three consistent samples are what XPS sees of the EELS truth profile. */
	@Test
	void xpsTruthsAreTheEelsTruthSeenThroughTheImfp() {
		for (DemoSample s : DemoSamples.all()) {
			EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
			c.depthNm = s.truth(DemoSamples.EELS_TI3_DEPTH_NM);
			double[] hv = { 1486.6, 3000, 4500, 6000 };
			for (double e : hv) {
				double truth = e < 2000 ? s.truth(DemoSamples.XPS_TI3_FRACTION) : s.truth(DemoSamples.xpsTi3FractionAt(e));
				double L = Imfp.latp().nm(Imfp.kineticEnergy(e, 459.3, 4.5)), sum = 0, dz = 0.002;
				for (double z = dz / 2; z < 40 * L; z += dz) sum += c.fraction(z) * Math.exp(-z / L) * dz;
				double seen = sum / L;
				if (s.id.equals("LATP-bare-100c")) assertTrue(seen - truth > 0.3, s.id + " " + e + ": " + seen);
				else assertEquals(seen, truth, 0.001, s.id + " " + e);
			}
		}
		assertFalse(DemoSamples.byId("LATP-bare-100c").truth(DemoSamples.XPS_TI3_FRACTION) > 0.6);
	}
}
