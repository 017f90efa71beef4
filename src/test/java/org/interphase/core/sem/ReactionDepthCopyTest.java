package org.interphase.core.sem;

import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The copies of the SEM depth options, result and front fit keep every field (issue 21 item 7). */
class ReactionDepthCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == Integer.class) return 1;
		if (t == boolean[].class) return new boolean[] { true };
		if (t == int[].class) return new int[] { 2 };
		if (t == FrontFit[].class) return new FrontFit[] { FrontFit.NONE };
		if (t == Surface.class) return Surface.fromPolyline(new double[] { 0, 40 }, new double[] { 5, 5 }, 4, 10, 0, 1);
		if (t == DepthStatistics.class) return DepthStatistics.of(new double[] { 1, 2, 3 }, true, 1);
		return null;
	};

	@Test
	void optionsToBuilderKeepsEveryField() throws Exception {
		ReactionDepth.Options o = EveryField.changeAll(new ReactionDepth.Options(), OTHERS);
		EveryField.assertSame(o, o.toBuilder().build());
	}

	@Test
	void resultToBuilderKeepsEveryField() throws Exception {
		ReactionDepth.Result r = EveryField.changeAll(new ReactionDepth.Result.Builder().build(), OTHERS);
		EveryField.assertSame(r, r.toBuilder().build());
	}

	@Test
	void frontFitWithItsSplitKeepsEveryOtherField() throws Exception {
		FrontFit f = EveryField.changeAll(new FrontFit(1, 2, 3, 4, 5, 6, 7, true), OTHERS);
		FrontFit s = f.split(8, 9);
		EveryField.assertSame(f, s, "splitLayer", "splitBulk");
		org.junit.jupiter.api.Assertions.assertEquals(8, s.splitLayer);
		org.junit.jupiter.api.Assertions.assertEquals(9, s.splitBulk);
	}
}
