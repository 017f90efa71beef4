package org.interphase.core.eels;

import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** Copies of the EELS options and results (builders) keep every field, including one added later (issue 21 item 7). */
class EelsOptionsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == int[][].class) return new int[][] { { 1, 4 }, { 9, 12 } };
		return null;
	};

	@Test
	void valenceOptionsToBuilderKeepsEveryField() throws Exception {
		ValenceMapper.Options o = EveryField.changeAll(new ValenceMapper.Options(), OTHERS);
		EveryField.assertSame(o, o.toBuilder().build());
	}
}
