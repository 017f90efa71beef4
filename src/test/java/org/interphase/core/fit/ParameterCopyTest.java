package org.interphase.core.fit;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/**
 * Parameter stays mutable (the lmfit-like parameter that templates and fits set in place), so its hand-written
 * copy() is what must not miss a field added later (issue 21 item 7).
 */
class ParameterCopyTest {
	@Test
	void copyKeepsEveryField() throws Exception {
		Parameter p = EveryField.changeAll(new Parameter("a_center", 1).bounds(0, 2), t -> t == Link.class ? Link.equalTo(
			"b_center") : null);
		EveryField.assertSame(p, p.copy());
	}
}
