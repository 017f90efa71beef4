package org.interphase.core.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The template JSON format does not change: every preset and two user files (one leaving most fields out) are
 * written byte for byte as the writer of 2026-12-07 wrote them (template-json/*.written.json, captured before
 * XpsTemplate became immutable), and what is written reads back to the same JSON.
 */
class XpsTemplateJsonTest {
	@Test
	void everyPresetIsWrittenAsBefore() throws IOException {
		for (String p : XpsTemplate.PRESETS) {
			String json = XpsTemplate.preset(p).toJson();
			assertEquals(resource("template-json/preset-" + p + ".written.json"), json, p);
			assertEquals(json, XpsTemplate.parse(new StringReader(json), p).toJson(), p + " read back");
		}
	}

	@Test
	void userFileWithMissingFieldsKeepsItsDefaultsAndNulls() throws IOException {
		XpsTemplate t = parse("template-json/sparse-user.json");
		assertEquals(resource("template-json/sparse-user.written.json"), t.toJson());
		assertEquals("shirley", t.background);
		assertNull(t.element);
		assertNull(t.backgroundSlope);
		assertNull(t.centerStarts);
		assertNull(t.notes);
		assertEquals(0, t.extra.size());
		assertEquals("GL_PRODUCT", t.components.get(0).shape);
		assertEquals("Ti3+", t.components.get(1).state());
		assertEquals("Ti4+", t.components.get(2).state());
		assertEquals(0, t.components.get(2).params.size());
		XpsTemplate.Setting fwhm = t.components.get(1).params.get("fwhm");
		assertNull(fwhm.value);
		assertNull(fwhm.min);
		assertEquals(Integer.valueOf(2), fwhm.stage);
		assertNull(t.components.get(1).params.get("center").link.factor);
		String json = t.toJson();
		assertEquals(json, XpsTemplate.parse(new StringReader(json), "again").toJson());
	}

	@Test
	void userFileIsWrittenAsBefore() throws IOException {
		assertEquals(resource("template-json/fe2p.written.json"), parse("/org/interphase/analysis/xps/fe2p.json")
			.toJson());
	}

	private static XpsTemplate parse(String name) throws IOException {
		try (InputStream in = XpsTemplateJsonTest.class.getResourceAsStream(name)) {
			return XpsTemplate.parse(new InputStreamReader(in, StandardCharsets.UTF_8), name);
		}
	}

	private static String resource(String name) throws IOException {
		try (InputStream in = XpsTemplateJsonTest.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}
}
