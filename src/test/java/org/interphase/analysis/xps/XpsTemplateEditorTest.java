package org.interphase.analysis.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.Param;
import org.interphase.cli.Main;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.core.xps.XpsTemplate;
import org.interphase.io.Readers;
import org.interphase.io.Writers;
import org.interphase.synth.xps.XpsSpectrumGenerator;

class XpsTemplateEditorTest {
	private final XpsFitAnalysis a = new XpsFitAnalysis();
	private final AnalysisContext ctx = new AnalysisContext(AnalysisContext.quiet().progress, 1);

	static Map<String, String> defaults(XpsTemplate t) {
		Map<String, String> m = new HashMap<>();
		for (Param p : XpsTemplateEditor.fields(t)) m.put(p.key, p.defaultValue);
		return m;
	}

	@Test
	void ti2pRowsShowTheTemplate() {
		XpsTemplate t = XpsTemplate.preset("ti2p");
		Map<String, String> d = defaults(t);
		assertEquals("459.3", d.get("ti4p-position"));
		assertEquals("458", d.get("ti4p-position-min"));
		assertEquals("free", d.get("ti4p-position-mode"));
		assertEquals("linked", d.get("ti3p-position-mode"));
		assertEquals("458.1", d.get("ti3p-position"), "a linked value shows where the link puts it");
		assertEquals("linked", d.get("ti3p-fwhm-mode"));
		assertEquals("fixed", d.get("ti4p-ratio-mode"));
		assertEquals("1.2", d.get("ti3p-shift-value"));
		assertEquals("shirley-active", d.get("background"));
		List<String> titles = new ArrayList<>();
		for (XpsTemplateEditor.Row r : XpsTemplateEditor.rows(t)) titles.add(r.title);
		assertEquals(List.of("Ti4+ (GL_PRODUCT doublet)", "Ti3+ (GL_PRODUCT doublet)",
			"Ti2+ (GL_PRODUCT doublet, optional)", "Ti0 (DONIACH_SUNJIC doublet, optional)", "Ti3+_shift",
			"Ti3+_broadening", "Ti_ck", "Ti3+_ck", "Ti3+_ck_difference", "Ti2+_shift", "Ti2+_broadening", "Background"), titles);
	}

	/** Every preset gets unique keys that ImageJ's macro option lookup cannot confuse with one another. */
	@Test
	void macroKeysAreSafeForEveryPreset() {
		for (String preset : XpsTemplate.PRESETS) {
			XpsTemplate t = XpsTemplate.preset(preset);
			List<String> keys = new ArrayList<>();
			for (Param p : XpsTemplateEditor.fields(t)) keys.add(p.macroKey());
			for (Param p : XpsTemplateEditor.fitParams()) keys.add(p.macroKey());
			for (String w : XpsTemplateEditor.WINDOW_KEYS) keys.add(w.replace('-', '_'));
			Set<String> unique = new HashSet<>(keys);
			assertEquals(keys.size(), unique.size(), preset + ": duplicate keys " + keys);
			for (String x : keys) for (String y : keys)
				if (!x.equals(y) && y.endsWith(x)) assertTrue(Character.isLetter(y.charAt(y.length() - x.length() - 1)),
					preset + ": key " + x + " would be read from " + y);
			// unchanged fields give back the template's fit settings
			XpsTemplate same = XpsTemplateEditor.apply(t, defaults(t));
			assertEquals(t.parameters(true, 0).toString(), same.parameters(true, 0).toString(), preset);
		}
		assertEquals("ti4p", XpsTemplateEditor.key("Ti4+"));
		assertEquals("no3m", XpsTemplateEditor.key("NO3-"));
		assertEquals("cu-cup", XpsTemplateEditor.key("Cu/Cu+"));
	}

	@Test
	void editingBoundsAndFixingAWidthGiveTheExpectedJson() {
		XpsTemplate t = XpsTemplate.preset("ti2p");
		Map<String, String> v = defaults(t);
		v.put("ti4p-position-min", "458.8");
		v.put("ti4p-position-max", "459.8");
		v.put("ti3p-fwhm-mode", "fixed");
		v.put("ti3p-fwhm", "1.5");
		v.put("background", "shirley");
		XpsTemplate e = XpsTemplateEditor.apply(t, v);
		JsonObject j = JsonParser.parseString(e.toJson()).getAsJsonObject();
		JsonObject ti4 = j.getAsJsonArray("components").get(0).getAsJsonObject().getAsJsonObject("params");
		JsonObject ti3 = j.getAsJsonArray("components").get(1).getAsJsonObject().getAsJsonObject("params");
		assertEquals(458.8, ti4.getAsJsonObject("center").get("min").getAsDouble());
		assertEquals(459.8, ti4.getAsJsonObject("center").get("max").getAsDouble());
		assertEquals(459.3, ti4.getAsJsonObject("center").get("value").getAsDouble());
		assertTrue(ti4.getAsJsonObject("center").get("vary").getAsBoolean());
		JsonObject w = ti3.getAsJsonObject("fwhm");
		assertEquals(1.5, w.get("value").getAsDouble());
		assertFalse(w.get("vary").getAsBoolean());
		assertFalse(w.has("link"), "a fixed width is no longer linked to Ti4+");
		assertTrue(ti3.getAsJsonObject("center").has("link"), "the Ti3+ position stays linked");
		assertEquals("shirley", j.get("background").getAsString());
		// and the fit honours it
		var p = e.parameters(false, 0);
		assertFalse(p.get("Ti3+_fwhm").vary);
		assertNull(p.get("Ti3+_fwhm").link);
		assertEquals(458.8, p.get("Ti4+_center").min);
	}

	@Test
	void invalidEditsAreRefusedWithTheFieldNamed() {
		XpsTemplate t = XpsTemplate.preset("ti2p");
		Map<String, String> v = defaults(t);
		v.put("ti4p-position", "462");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> XpsTemplateEditor.apply(t, v)).getMessage()
			.contains("Ti4+ position 462 lies outside its bounds"));
		Map<String, String> w = defaults(t);
		w.put("ti4p-fwhm-mode", "linked");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> XpsTemplateEditor.apply(t, w)).getMessage()
			.contains("links it to nothing"));
		Map<String, String> x = defaults(t);
		x.put("ti4p-fwhm-min", "abc");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> XpsTemplateEditor.apply(t, x)).getMessage()
			.contains("not a number"));
	}

	/** The window's fit (edited template as an object) and the command line with the saved template agree. */
	@Test
	void commandLineWithTheSavedTemplateGivesTheWindowsNumbers(@TempDir Path dir) throws Exception {
		XpsSpectrumGenerator.Spectrum sp = XpsSpectrumGenerator.ti2p(0.3).peakCounts(1e4).generate(11);
		Path file = dir.resolve("ti2p.csv");
		Writers.text(sp.dataset("S Ti 2p", 1486.6).primary(), file, "Binding Energy (eV)");
		XpsTemplate t = XpsTemplate.preset("ti2p");
		Map<String, String> v = defaults(t);
		v.put("ti3p-fwhm-mode", "fixed");
		v.put("ti3p-fwhm", "1.5");
		v.put("ti4p-position-min", "458.8");
		XpsTemplate e = XpsTemplateEditor.apply(t, v);
		Dataset d = Readers.read(file);
		AnalysisResult window = a.analyze(d, a.parameters(Map.of("shift", "0", "mc-samples", "20")), e, ctx);
		Path saved = dir.resolve("edited.json");
		e.save(saved);
		Path out = dir.resolve("out");
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		assertEquals(0, Main.run(new String[] { "xps-fit", "--out", out.toString(), "--quiet", "--threads", "1",
			"--template", saved.toString(), "--shift", "0", "--mc-samples", "20", file.toString() }, devnull, devnull));
		List<String> lines = Files.readAllLines(out.resolve("results.csv"));
		ResultRow w = window.rows().stream().filter(r -> r.quantity.equals("fraction") && r.label.equals("Ti3+"))
			.findFirst().orElseThrow();
		String cli = lines.stream().filter(l -> l.contains(",fraction,") && l.contains("component:Ti3+")).findFirst()
			.orElseThrow();
		String[] c = cli.split(",");
		assertEquals(w.value, Double.parseDouble(c[6]), 1e-12);
		assertEquals(w.uncertainty, Double.parseDouble(c[7]), 1e-12);
		ResultRow fw = window.rows().stream().filter(r -> r.quantity.equals("fwhm") && r.label.equals("Ti3+")).findFirst()
			.orElseThrow();
		assertEquals(1.5, fw.value, 1e-12, "the fixed Ti3+ width is kept");
	}

	/**
	 * The window's template, unedited, is the preset: same fit stages and the same model-ensemble fractions (the
	 * editor once dropped the "stage" of every free extra parameter, so Fit Window and `--preset` fitted the
	 * broadenings differently).
	 */
	@Test
	void anUneditedWindowTemplateFitsLikeThePreset() {
		for (String preset : List.of("ti2p", "b1s")) {
			XpsTemplate t = XpsTemplate.preset(preset);
			XpsTemplate w = XpsTemplateEditor.apply(t, Map.of());
			assertEquals(t.laterParameters(true), w.laterParameters(true), preset);
		}
		XpsTemplate t = XpsTemplate.preset("ti2p");
		XpsSpectrumGenerator.Spectrum sp = XpsSpectrumGenerator.ti2p(0.3).generate(11);
		org.interphase.core.xps.XpsFit.Options o = new org.interphase.core.xps.XpsFit.Options();
		org.interphase.core.xps.XpsEnsemble.Result a = org.interphase.core.xps.XpsEnsemble.fit(sp.be, sp.counts, t, o);
		org.interphase.core.xps.XpsEnsemble.Result b = org.interphase.core.xps.XpsEnsemble.fit(sp.be, sp.counts,
			XpsTemplateEditor.apply(t, Map.of()), o);
		for (int k = 0; k < a.fraction.length; k++) {
			assertEquals(a.fraction[k], b.fraction[k], 1e-12, a.states.get(k));
			assertEquals(a.fractionSdTotal[k], b.fractionSdTotal[k], 1e-12, a.states.get(k));
		}
	}

	/** A multi-sample VAMAS file offers its samples as the region choice; "all samples" passes no region. */
	@Test
	void theWindowOffersTheSamplesOfAMultiSampleFile() throws Exception {
		Path f = org.interphase.testing.ReferenceData.require("analysis").resolve("xps").resolve("Ti_references_irregular.vms");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(f), f + " absent");
		Param region = null;
		for (Param p : XpsTemplateEditor.fitParams(Readers.read(f))) if (p.key.equals("region")) region = p;
		assertEquals(Param.Kind.CHOICE, region.kind);
		assertEquals(List.of(XpsTemplateEditor.ALL_SAMPLES, "Ti metal", "TiO", "Ti2O3", "TiO2"), region.choices);
		assertFalse(XpsTemplateEditor.fitValues(Map.of("region", XpsTemplateEditor.ALL_SAMPLES)).containsKey("region"));
		assertEquals("TiO2", XpsTemplateEditor.fitValues(Map.of("region", "TiO2")).get("region"));
		// a one-sample file keeps the free-text region (block names, parts of them)
		XpsSpectrumGenerator.Spectrum sp = XpsSpectrumGenerator.ti2p(0.3).generate(3);
		for (Param p : XpsTemplateEditor.fitParams(sp.dataset("Ti 2p", 1486.6))) if (p.key.equals("region"))
			assertEquals(Param.Kind.TEXT, p.kind);
	}
}
