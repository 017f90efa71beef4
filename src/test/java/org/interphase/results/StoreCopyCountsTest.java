package org.interphase.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** A copy of a store copy's counts keeps every count, including one added later (issue 21 item 7). */
class StoreCopyCountsTest {
	@Test
	void toBuilderKeepsEveryCount() throws Exception {
		StoreCopy.Counts c = EveryField.changeAll(new StoreCopy.Counts.Builder().build(), t -> null);
		StoreCopy.Counts copy = c.toBuilder().build();
		EveryField.assertSame(c, copy);
		assertEquals(c.toString(), copy.toString());
	}
}
