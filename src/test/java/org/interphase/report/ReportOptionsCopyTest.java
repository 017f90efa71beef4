package org.interphase.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** A copy of the report options keeps every field, including one added later (issue 21 item 7). */
class ReportOptionsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> t == Set.class ? Set.of("depth-*") : null;

	@Test
	void toBuilderKeepsEveryField() throws Exception {
		ReportWriter.Options o = EveryField.changeAll(new ReportWriter.Options(), OTHERS);
		ReportWriter.Options c = o.toBuilder().build();
		// the figure sets are copied into unmodifiable ones: compared by content
		EveryField.assertSame(o, c, "figuresOff", "figuresOnly");
		assertEquals(o.figuresOff, c.figuresOff);
		assertEquals(o.figuresOnly, c.figuresOnly);
		assertThrows(UnsupportedOperationException.class, () -> c.figuresOff.add("x"));
	}
}
