package org.interphase.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParamsTest {
	private final List<Param> spec = List.of(Param.number("pixel-size", Double.NaN, "µm", "pixel size"), Param
		.integer("profiles", 200, "normals"), Param.choice("surface-side", "auto", "side", "auto", "top", "bottom"),
		Param.flag("despike", "remove spikes"), Param.repeatable("ref", "references"));

	@Test
	void defaultsAndGivenValues() {
		Params p = new Params(spec, Map.of("profiles", "50", "ref", "Ti3+=a.msa;Ti4+=b.msa"));
		assertTrue(Double.isNaN(p.number("pixel-size")));
		assertFalse(p.isSet("pixel-size"));
		assertEquals(50, p.integer("profiles"));
		assertEquals("auto", p.text("surface-side"));
		assertFalse(p.flag("despike"));
		assertEquals(List.of("Ti3+=a.msa", "Ti4+=b.msa"), p.list("ref"));
		assertTrue(p.with("despike", "").flag("despike"), "a bare flag means true");
	}

	@Test
	void badValuesAreRefusedWithTheirName() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Params(spec, Map.of(
			"pixel-size", "abc")));
		assertTrue(e.getMessage().contains("pixel-size"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new Params(spec, Map.of("profiles", "1.5")));
		assertThrows(IllegalArgumentException.class, () -> new Params(spec, Map.of("surface-side", "diagonal")));
		assertThrows(IllegalArgumentException.class, () -> new Params(spec, Map.of("despike", "maybe")));
		IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> new Params(spec, Map.of(
			"pixelsize", "1")));
		assertTrue(u.getMessage().contains("unknown parameter 'pixelsize'"), u.getMessage());
	}

	@Test
	void macroKeysAndLabelsFollowTheCommandLineName() {
		Param p = spec.get(0);
		assertEquals("pixel_size", p.macroKey());
		assertEquals("Pixel_size", p.dialogLabel());
		assertThrows(IllegalArgumentException.class, () -> Param.number("Pixel Size", 1, "", ""));
	}

	@Test
	void everyRegisteredAnalysisHasUniqueNamesAndSafeKeys() {
		java.util.Set<String> commands = new java.util.HashSet<>(), titles = new java.util.HashSet<>();
		for (Analysis a : Analyses.all()) {
			assertTrue(commands.add(a.command()), "duplicate command " + a.command());
			assertTrue(titles.add(a.title()), "duplicate Fiji title " + a.title());
			assertTrue(List.of("sem", "hrtem", "xps", "eels", "raman", "diffraction").contains(a.technique()), a
				.technique());
			java.util.Set<String> firstWords = new java.util.HashSet<>();
			for (Param p : a.params()) {
				assertTrue(firstWords.add(p.macroKey()), a.command() + ": duplicate macro key " + p.macroKey());
				assertFalse(List.of("out", "db", "sample", "sample-sheet", "threads", "quiet", "help", "file", "preview",
					"save").contains(p.key), a.command() + ": parameter " + p.key + " clashes with a common option");
			}
			Params.defaults(a.params()); // defaults must validate
		}
		for (String c : List.of("sem-depth", "hrtem-thickness", "hrtem-crystallinity", "xps-fit", "eels-valence",
			"raman-bn", "saed"))
			assertTrue(commands.contains(c), "contract command missing: " + c);
	}
}
