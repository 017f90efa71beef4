package org.interphase.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.interphase.core.param.Setting;

/** Params under a former key (Param.formerly) and the values of core Settings (their own default when empty). */
class ParamsFormerKeysTest {
	private final List<Param> spec = List.of(Param.number("pixel-size-nm", Double.NaN, "nm", "pixel size").positive(1e6)
		.formerly("pixel-size"), Param.of(Setting.integer("profiles", 200, "", "profiles").range(1, 1000)));

	@Test
	void aFormerKeyGivesTheValueWithANote() {
		Params p = new Params(spec, Map.of("pixel-size", "0.05"));
		assertEquals(0.05, p.number("pixel-size-nm"));
		assertEquals("pixel-size", p.givenAs("pixel-size-nm"));
		assertEquals(1, p.deprecations().size());
		assertTrue(p.deprecations().get(0).contains("use --pixel-size-nm"), p.deprecations().get(0));
		assertEquals(p.deprecations(), p.with("profiles", "5").deprecations(), "a copy keeps the notes");
		assertEquals(Map.of("pixel-size-nm", "0.05", "profiles", "200"), p.asMap(), "stored under the new key");
		Params n = new Params(spec, Map.of("pixel-size-nm", "0.05"));
		assertTrue(n.deprecations().isEmpty());
		assertEquals("pixel-size-nm", n.givenAs("pixel-size-nm"));
	}

	@Test
	void bothKeysMustAgree() {
		Map<String, String> both = new java.util.LinkedHashMap<>();
		both.put("pixel-size", "0.05");
		both.put("pixel-size-nm", "0.1");
		Exception e = assertThrows(IllegalArgumentException.class, () -> new Params(spec, both));
		assertTrue(e.getMessage().contains("not both"), e.getMessage());
		both.put("pixel-size-nm", "0.05");
		assertEquals(0.05, new Params(spec, both).number("pixel-size-nm"));
	}

	@Test
	void settingsReadTheirDefaultWhenEmptyAndCheckTheirRange() {
		Setting profiles = Setting.integer("profiles", 200, "", "profiles").range(1, 1000);
		assertEquals(200, new Params(spec, Map.of("profiles", "")).integer(profiles));
		assertEquals(7, new Params(spec, Map.of("profiles", "7")).integer(profiles));
		Exception e = assertThrows(IllegalArgumentException.class, () -> new Params(spec, Map.of("profiles", "0"))
			.integer(profiles));
		assertTrue(e.getMessage().contains("[1, 1000]"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Setting.integer("x", 0, "", "x").range(1, 2),
			"a default outside its own range is refused at declaration");
	}
}
