package org.interphase.core.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The copies of a template and its parts keep every field, including one added later (issue 21 item 7). */
class XpsTemplateCopyTest {
	static final XpsTemplate.LinkSpec LINK = XpsTemplate.LinkSpec.builder().ref("Ti4+_fwhm").build();
	static final XpsTemplate.Setting SETTING = XpsTemplate.Setting.builder().value(0.5).build();
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == Double.class) return Double.valueOf(2.5);
		if (t == Integer.class) return Integer.valueOf(2);
		if (t == Boolean.class) return Boolean.FALSE;
		if (t == XpsTemplate.LinkSpec.class) return LINK;
		if (t == Map.class) return Map.of("split", SETTING);
		if (t == List.class) return List.of(XpsTemplate.ComponentSpec.builder().name("Ti3+").build());
		return null;
	};

	@Test
	void linkToBuilderKeepsEveryField() throws Exception {
		XpsTemplate.LinkSpec l = EveryField.changeAll(XpsTemplate.LinkSpec.builder().build(), OTHERS);
		EveryField.assertSame(l, l.toBuilder().build());
	}

	@Test
	void settingToBuilderKeepsEveryField() throws Exception {
		XpsTemplate.Setting s = EveryField.changeAll(XpsTemplate.Setting.builder().build(), OTHERS);
		EveryField.assertSame(s, s.toBuilder().build());
	}

	@Test
	void componentToBuilderKeepsEveryField() throws Exception {
		XpsTemplate.ComponentSpec c = EveryField.changeAll(XpsTemplate.preset("ti2p").components.get(0), OTHERS);
		XpsTemplate.ComponentSpec copy = c.toBuilder().build();
		// the settings are copied into an unmodifiable map: compared by content
		EveryField.assertSame(c, copy, "params");
		assertEquals(c.params, copy.params);
	}

	@Test
	void templateToBuilderKeepsEveryField() throws Exception {
		XpsTemplate t = EveryField.changeAll(XpsTemplate.preset("b1s"), OTHERS);
		XpsTemplate copy = t.toBuilder().build();
		// components and extra parameters are copied into unmodifiable collections: compared by content
		EveryField.assertSame(t, copy, "components", "extra");
		assertEquals(t.components, copy.components);
		assertEquals(t.extra, copy.extra);
	}

	@Test
	void aReadTemplateCannotBeChangedNorByItsBuilder() {
		XpsTemplate t = XpsTemplate.preset("ti2p");
		String json = t.toJson();
		assertThrows(UnsupportedOperationException.class, () -> t.components.remove(0));
		assertThrows(UnsupportedOperationException.class, () -> t.extra.clear());
		assertThrows(UnsupportedOperationException.class, () -> t.components.get(0).params.clear());
		double[] window = t.window.clone();
		XpsTemplate.Builder b = t.toBuilder().window(window).extra(null).components(null).component(t.components.get(1))
			.background("linear");
		XpsTemplate u = b.build();
		window[0] = 0;
		b.component(t.components.get(0)).name("other");
		assertEquals(json, t.toJson());
		assertEquals(t.window[0], u.window[0]);
		assertEquals(List.of(t.components.get(1)), u.components);
		assertEquals("linear", u.background);
		assertEquals(t.name, u.name);
	}
}
