package org.interphase.core.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The EELS mapping result is built once from the run's builder, and its copy keeps every field (issue 21 item 7). */
class EelsResultCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == List.class) return List.of("a warning", "another");
		if (t == String[].class) return new String[] { "flag" };
		if (t == boolean[].class) return new boolean[] { true };
		if (t == double[][].class) return new double[][] { { 1, 2 } };
		if (t == PowerLawBackground[].class) return new PowerLawBackground[] { PowerLawBackground.NONE };
		if (t == Reference[].class) return new Reference[2];
		return null;
	};

	@Test
	void toBuilderKeepsEveryFieldAndTheWarningsCannotBeChanged() throws Exception {
		ValenceMapper.Result.Builder b = new ValenceMapper.Result.Builder(3);
		b.warnings.add("first");
		// the NaN-filled arrays cannot be shifted by EveryField: zeros first
		for (double[] a : new double[][] { b.fraction, b.fractionSd, b.chi2r, b.oIntensity, b.exponent }) Arrays.fill(a, 0);
		ValenceMapper.Result r = EveryField.changeAll(b.build(), OTHERS);
		ValenceMapper.Result c = r.toBuilder().build();
		EveryField.assertSame(r, c, "warnings");
		assertEquals(r.warnings, c.warnings);
		assertThrows(UnsupportedOperationException.class, () -> c.warnings.add("x"));
	}

	@Test
	void theBuilderChangedAfterBuildLeavesTheWarningsAlone() {
		ValenceMapper.Result.Builder b = new ValenceMapper.Result.Builder(2);
		b.warnings.add("one");
		b.commonShift = 0.5;
		ValenceMapper.Result r = b.build();
		b.warnings.add("two");
		b.commonShift = 1;
		assertEquals(List.of("one"), r.warnings);
		assertEquals(0.5, r.commonShift);
	}
}
