package org.interphase.analysis.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.core.xps.XpsTemplate;
import org.interphase.io.Readers;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.xps.XpsSpectrumGenerator;
import org.interphase.demo.DemoRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XpsFitAnalysisTest {
	private final XpsFitAnalysis a = new XpsFitAnalysis();
	private final AnalysisContext ctx = new AnalysisContext(AnalysisContext.quiet().progress, 2);

	/** The fit window's content: a plot a CasaXPS user reads and the component table, from the same fit. */
	@Test
	void figureAndComponentTableOfOneTi2pFit() throws Exception {
		XpsSpectrumGenerator.Spectrum sp = XpsSpectrumGenerator.ti2p(0.3).peakCounts(1e4).generate(5);
		Dataset d = sp.dataset("Ti 2p", 1486.6);
		// one model (no ensemble): the table's area % is then the fraction row (with the ensemble the fraction is the
		// BIC-weighted mean over the variants and the table shows the winning variant)
		AnalysisResult r = a.analyze(d, a.parameters(Map.of("shift", "0", "mc-samples", "20", "model-ensemble", "off")), ctx);
		org.interphase.core.result.Figure f = r.figures().get(0);
		assertTrue(f.reversedX(), "binding energy falls to the right");
		List<String> names = new ArrayList<>();
		for (org.interphase.core.result.Figure.Series s : f.series()) names.add(s.name);
		assertEquals(List.of("data", "background", "Ti4+", "Ti3+", "envelope"), names.subList(0, 5));
		assertTrue(names.get(5).startsWith("residuals (+"), names.toString());
		double dataMax = 0, resMin = Double.POSITIVE_INFINITY;
		for (double v : f.series().get(0).y) dataMax = Math.max(dataMax, v);
		for (double v : f.series().get(5).y) resMin = Math.min(resMin, v);
		assertTrue(resMin > dataMax, "the residual band lies above the spectrum");

		assertEquals(1, r.tables().size());
		org.interphase.core.result.Table t = r.tables().get(0);
		assertEquals("XPS components", t.title);
		assertEquals(2, t.size());
		double pct = 0;
		for (int i = 0; i < t.size(); i++) {
			String state = (String) t.cell(i, "state");
			String reg = "component:" + state;
			assertEquals(r.find("position", reg).value, (Double) t.cell(i, "position"), 1e-12);
			assertEquals(r.find("position", reg).uncertainty, (Double) t.cell(i, "position_sd"), 1e-12);
			assertEquals(r.find("fwhm", reg).value, (Double) t.cell(i, "fwhm"), 1e-12);
			assertEquals(r.find("area", reg).value, (Double) t.cell(i, "area"), 1e-9);
			assertEquals(r.find("area", reg).uncertainty, (Double) t.cell(i, "area_sd"), 1e-9);
			// one component per state: area % is the fraction, its sd the reported (Monte-Carlo) one
			assertEquals(100 * r.find("fraction", reg).value, (Double) t.cell(i, "area_pct"), 1e-9);
			assertEquals(100 * r.find("fraction", reg).uncertainty, (Double) t.cell(i, "area_pct_sd"), 1e-9);
			pct += (Double) t.cell(i, "area_pct");
		}
		assertEquals(100, pct, 1e-9);
		assertEquals("free in [458, 460.4]", t.cell(0, "position_constraint"));
		assertTrue(((String) t.cell(1, "position_constraint")).startsWith("= Ti4+_center - Ti3+_shift (Ti3+_shift 1.2"),
			(String) t.cell(1, "position_constraint"));
		assertTrue(((String) t.cell(1, "position_constraint")).endsWith("in [0.8, 1.6])"));
		assertTrue(((String) t.cell(1, "fwhm_constraint")).startsWith("= Ti4+_fwhm + Ti3+_broadening (Ti3+_broadening "),
			(String) t.cell(1, "fwhm_constraint"));
		assertTrue(((String) t.cell(1, "fwhm_constraint")).endsWith("in [0, 0.8])"), (String) t.cell(1, "fwhm_constraint"));
		assertEquals("free >= 0", t.cell(1, "area_constraint"));
		assertTrue(((String) t.cell(0, "other_constraints")).contains("ratio fixed 0.5"), (String) t.cell(0, "other_constraints"));
	}

	@Test
	void registered() {
		assertTrue(Analyses.byCommand("xps-fit") instanceof XpsFitAnalysis);
		assertFalse(a.worksOnImages());
		assertEquals("XPS Peak Fit", a.title());
	}

	private static String sampleOf(Path f) {
		return f.getFileName().toString().substring(0, f.getFileName().toString().indexOf('_'));
	}

	/**
	 * |fit - truth| / sigma of a demo Ti3+ fraction; fails beyond 0.015 and 3.5 stated sigma (the default model
	 * frees the Ti3+ width and its Coster-Kronig broadening, issue 15, so sigma on these spectra is 0.01-0.03).
	 */
	private static double check(double truth, ResultRow fr, Path f) {
		double e = Math.abs(fr.value - truth);
		assertTrue(e <= Math.max(0.015, 3.5 * fr.uncertainty), f + ": Ti3+ " + fr.value + " +- " + fr.uncertainty +
			", truth " + truth);
		return e / fr.uncertainty;
	}

	@Test
	void demoFilesGiveTheTruthThroughTheReaders(@TempDir Path dir) throws Exception {
		List<DemoJob> jobs = DemoRegistry.writeDemo(a, new DemoContext(dir, DemoSamples.all(), 7, false));
		int ti = 0, b = 0, he = 0;
		List<AnalysisResult> depth = new ArrayList<>();
		List<Double> zScores = new ArrayList<>();
		for (DemoJob j : jobs) {
			for (Path f : j.inputs) {
				assertTrue(Files.exists(f));
				Dataset d = Readers.read(f);
				Map<String, String> prm = new java.util.HashMap<>(j.params);
				prm.put("mc-samples", "20"); // keeps the test fast; the demo itself uses the default 100
				Params p = a.parameters(prm);
				AnalysisResult r = a.analyze(d, p, ctx);
				DemoSample s = DemoSamples.byId(sampleOf(f));
				assertNotNull(r.find("reduced_chi2"));
				assertEquals(0, r.find("shift_applied").value, 0);
				assertEquals("fit", r.figures().get(0).id);
				if (f.toString().contains("hv")) {
					// every HE-XPS file gives its sample's truth at its photon energy; the series of LATP-bare-100c is checked below
					double hv = r.find("photon_energy").value;
					ResultRow ti3 = r.find("fraction", "component:Ti3+");
					zScores.add(check(s.truth(DemoSamples.xpsTi3FractionAt(hv)), ti3, f));
					if (s.id.equals("LATP-bare-100c")) depth.add(r);
					else he++;
					continue;
				}
				if (p.text("preset").equals("ti2p")) {
					ResultRow fr = r.find("fraction", "component:Ti3+");
					System.out.println("demo " + f.getFileName() + " Ti3+ truth " + s.truth(DemoSamples.XPS_TI3_FRACTION) + " fit " + fr.value + " +- " + fr.uncertainty);
					// within 0.015 or 2 stated σ: the default model frees the Ti3+ width and its own Coster–Kronig
					// broadening (issue 15), whose σ on these spectra is ~0.010 (0.015 was the tied-width precision)
					zScores.add(check(s.truth(DemoSamples.XPS_TI3_FRACTION), fr, f));
					assertTrue(fr.uncertainty > 0 && fr.uncertainty < 0.02, "sigma " + fr.uncertainty);
					assertNotNull(r.find("position", "component:Ti4+"));
					assertNotNull(r.find("fwhm", "component:Ti4+"));
					assertNotNull(r.find("area", "component:Ti4+"));
					assertEquals(2.45, r.find("imfp").value, 0.1);
					ti++;
				}
				else {
					assertEquals(s.truth(DemoSamples.XPS_B2O3_FRACTION), r.find("fraction", "component:B2O3").value, 0.02);
					b++;
				}
			}
		}
		// 17 Ti 2p files: one in three may stray beyond 1 sigma and one in twenty beyond 2, none beyond 3.5
		long within2 = zScores.stream().filter(z -> z <= 2).count();
		assertTrue(within2 >= 0.8 * zScores.size(), within2 + " of " + zScores.size() + " Ti3+ fractions within 2 sigma: " +
			zScores);
		assertEquals(4, ti);
		assertEquals(1, b);
		assertEquals(3, depth.size());
		assertEquals(9, he);
		List<ResultRow> sum = a.summarize("LATP-bare-100c", depth);
		assertFalse(sum.isEmpty());
		double last = 1, lastDepth = 0;
		DemoSample bare = DemoSamples.byId("LATP-bare-100c");
		for (double e : DemoSamples.XPS_HE_PHOTON_ENERGIES) {
			double[] d = { e, bare.truth(DemoSamples.xpsTi3FractionAt(e)) };
			String hv = String.format(java.util.Locale.ROOT, "hv=%.1f", d[0]);
			ResultRow fr = null, de = null;
			for (ResultRow r : sum) {
				if (r.region.equals(hv + ";component:Ti3+")) fr = r;
				if (r.region.equals(hv) && r.quantity.equals("information_depth")) de = r;
			}
			assertNotNull(fr, hv);
			System.out.println("depth series " + hv + " truth " + d[1] + " fit " + fr.value + " +- " + fr.uncertainty);
			assertEquals(d[1], fr.value, Math.max(0.02, 2 * fr.uncertainty), hv); // see the Ti 2p demo files above
			assertTrue(fr.value < last && de.value > lastDepth);
			last = fr.value;
			lastDepth = de.value;
		}
	}

	@Test
	void chargeReferenceFromTheC1sRegionAndATemplateFile(@TempDir Path dir) throws Exception {
		double charge = 1.3;
		XpsSpectrumGenerator.Spectrum ti = XpsSpectrumGenerator.ti2p(0.3).chargeShift(charge).generate(5);
		XpsSpectrumGenerator.Spectrum c = new XpsSpectrumGenerator().range(278, 296, 0.1)
			.add(new XpsSpectrumGenerator.Line("C-C", 284.8, 1.2, 1)).chargeShift(charge).peakCounts(5000).generate(6);
		Signal s1 = ti.dataset("Ti 2p", 1486.6).primary(), s2 = c.dataset("C 1s", 1486.6).primary();
		Dataset d = new Dataset("two-regions.vms", "synthetic", List.of(s2, s1), Map.of());
		Path tpl = dir.resolve("ti.json");
		XpsTemplate.preset("ti2p").save(tpl);
		AnalysisResult r = a.analyze(d, a.parameters(Map.of("template", tpl.toString(), "mc-samples", "0")), ctx);
		assertEquals(-charge, r.find("shift_applied").value, 0.03);
		assertEquals("C 1s=284.8", r.find("shift_applied").label);
		assertEquals(459.3, r.find("position", "component:Ti4+").value, 0.05);
		assertEquals(0.3, r.find("fraction", "component:Ti3+").value, 0.015);
		// the statistical part by covariance, plus the model ensemble (the analysis' default since issue 15)
		assertTrue(r.find("uncertainty_method").label.startsWith("covariance+model-ensemble:"), r.find("uncertainty_method").label);
		// atomic ratio Ti/C with the Scofield table: generated areas are known, so the ratio is too
		AnalysisResult rr = a.analyze(d, a.parameters(Map.of("mc-samples", "0", "ratio-to", "C 1s")), ctx);
		ResultRow ratio = rr.find("atomic_ratio");
		assertNotNull(ratio);
		assertEquals("Ti 2p/C 1s", ratio.label);
		double truth = (ti.peakArea / 7.81) / (c.peakArea / 1.0);
		// 5 %: the three empty C 1s states of the preset are bounded at zero area and pick up positive noise
		assertEquals(truth, ratio.value, 0.05 * truth, ratio.toString());
		assertTrue(ratio.uncertainty > 0 && ratio.uncertainty < 0.05 * ratio.value, ratio.toString());
	}

	/**
	 * A sputter depth profile written as VAMAS (five Ti 2p blocks, etch time 0-240 s as the experimental variable,
	 * Ti3+ falling from 0.6 to 0.05 into the bulk, seeded noise): every level is fitted and reported under
	 * level:i with its etch time; --levels first gives the old single-spectrum rows of level 0.
	 */
	@Test
	void sputterDepthProfileGivesOneFitPerLevel(@TempDir Path dir) throws Exception {
		double[] truth = { 0.6, 0.45, 0.3, 0.15, 0.05 };
		List<Signal> blocks = new ArrayList<>();
		for (int i = 0; i < truth.length; i++) {
			Signal s = XpsSpectrumGenerator.ti2p(truth[i]).generate(20 + i).dataset("Ti 2p", 1486.6).primary();
			blocks.add(s.withMetadata(org.interphase.io.vamas.VamasWriter.VARIABLE + "Etch Time", String.valueOf(60 * i))
				.withMetadata(org.interphase.io.vamas.VamasWriter.VARIABLE_UNIT + "Etch Time", "s"));
		}
		Path f = dir.resolve("profile.vms");
		org.interphase.io.vamas.VamasWriter.write(f, blocks, 1486.6);
		Dataset d = Readers.read(f);
		AnalysisResult r = a.analyze(d, a.parameters(Map.of("mc-samples", "0", "shift", "0")), ctx);
		for (int i = 0; i < truth.length; i++) {
			ResultRow lv = r.find("level_value", "level:" + i);
			assertNotNull(lv, "level " + i);
			assertEquals(60.0 * i, lv.value, 0);
			assertEquals("s", lv.unit);
			assertEquals("Etch Time", lv.label);
			ResultRow ti3 = r.find("fraction", "level:" + i + ";component:Ti3+");
			System.out.println("depth level " + i + " truth " + truth[i] + " fit " + ti3.value + " +- " + ti3.uncertainty);
			assertEquals(truth[i], ti3.value, Math.max(0.015, 2 * ti3.uncertainty), ti3.toString()); // see the demo test
			assertTrue(ti3.uncertainty > 0 && ti3.uncertainty < 0.02, ti3.toString());
		}
		assertNull(r.find("fraction", "component:Ti3+"));
		assertEquals(5, r.tables().get(0).size());
		assertEquals(0.6, (Double) r.tables().get(0).cell(0, "Ti3+_fraction"), 0.015);
		assertTrue(r.figures().stream().anyMatch(g -> g.id.equals("depth-profile")));
		// only the first level, as before
		AnalysisResult first = a.analyze(d, a.parameters(Map.of("mc-samples", "0", "shift", "0", "levels", "first")),
			ctx);
		assertEquals(r.find("fraction", "level:0;component:Ti3+").value, first.find("fraction", "component:Ti3+").value,
			1e-12);
		assertNull(first.find("level_value", "level:0"));
	}

	@Test
	void badInputIsAClearErrorOrAFlag() throws Exception {
		XpsSpectrumGenerator.Spectrum ti = XpsSpectrumGenerator.ti2p(0.3).generate(5);
		double[] y = ti.counts.clone();
		y[40] = Double.NaN;
		Dataset nan = Dataset.of("nan.csv", "text", Signal.spectrum("x", new Axis("Binding Energy", y.length, -0.1, 471, "eV"), y));
		AnalysisException e = assertThrows(AnalysisException.class, () -> a.analyze(nan, a.parameters(Map.of()), ctx));
		assertTrue(e.getMessage().contains("NaN"), e.getMessage());
		Dataset ok = ti.dataset("Ti 2p", 1486.6);
		e = assertThrows(AnalysisException.class, () -> a.analyze(ok, a.parameters(Map.of("preset", "cu2p")), ctx));
		assertTrue(e.getMessage().contains("not in the data"), e.getMessage());
		// negative counts: analysed, but every row flagged
		double[] neg = ti.counts.clone();
		neg[3] = -5;
		Dataset nd = Dataset.of("neg.csv", "text", Signal.spectrum("x", new Axis("Binding Energy", neg.length, -0.1, 471, "eV"), neg));
		AnalysisResult r = a.analyze(nd, a.parameters(Map.of("mc-samples", "0")), ctx);
		assertTrue(r.find("fraction", "component:Ti3+").flags.contains(XpsFitAnalysis.NEGATIVE_COUNTS));
		// very low counts: low-snr flag on the fraction
		XpsSpectrumGenerator.Spectrum weak = XpsSpectrumGenerator.ti2p(0.3).peakCounts(30).generate(9);
		r = a.analyze(weak.dataset("Ti 2p", 1486.6), a.parameters(Map.of("mc-samples", "0")), ctx);
		assertTrue(r.find("fraction", "component:Ti3+").flags.contains("low-snr"));
	}

	@Test
	void mapGivesFractionImages() throws Exception {
		int h = 3, w = 4;
		double[] be = null, cube = null;
		for (int p = 0; p < h * w; p++) {
			XpsSpectrumGenerator.Spectrum s = XpsSpectrumGenerator.ti2p(0.57).peakCounts(2000).generate(300 + p);
			if (cube == null) {
				be = s.be;
				cube = new double[h * w * be.length];
			}
			System.arraycopy(s.counts, 0, cube, p * be.length, be.length);
		}
		List<Axis> axes = List.of(new Axis("y", h, 5, 0, "µm"), new Axis("x", w, 5, 0, "µm"),
			new Axis("Binding Energy", be.length, be[1] - be[0], be[0], "eV"));
		Dataset d = Dataset.of("map.vms", "synthetic", new Signal("Ti 2p map", "float64", new int[] {h, w, be.length}, axes, cube));
		AnalysisResult r = a.analyze(d, a.parameters(Map.of("mc-samples", "0")), ctx);
		assertEquals(2, r.maps().size());
		Signal ti3 = r.maps().get(1);
		assertEquals("fraction_Ti3+", ti3.name);
		assertEquals(5, ti3.axis(1).scale, 0);
		assertEquals(0.57, r.find("fraction_map_mean", "component:Ti3+").value, 0.02);
		assertEquals(0.57, r.find("fraction", "component:Ti3+").value, 0.01);
		assertEquals(h * w, r.find("n_pixels_converged").value, 0);
	}
}
