package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The copies of the diffraction results and their builders keep every field (issue 21 item 7). */
class DiffractionResultsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == boolean[].class) return new boolean[] { true, false };
		if (t == List.class) return new ArrayList<>(List.of("an element"));
		if (t == int[].class) return new int[] { 1, 2 };
		if (t == PhaseFractions.Measurement[].class) return new PhaseFractions.Measurement[1];
		return DiffractionOptionsCopyTest.instance(t);
	};

	@Test
	void seriesFractionOptionsToBuilderKeepsEveryField() throws Exception {
		SeriesFraction.Options o = EveryField.changeAll(new SeriesFraction.Options(), OTHERS);
		EveryField.assertSame(o, o.toBuilder().build());
	}

	@Test
	void seriesResultToBuilderKeepsEveryField() throws Exception {
		SeriesAnalyzer.Result r = EveryField.changeAll(new SeriesAnalyzer.Result.Builder().build(), OTHERS);
		SeriesAnalyzer.Result c = r.toBuilder().build();
		// the warnings are the copy's own unmodifiable list: compared by content
		EveryField.assertSame(r, c, "warnings");
		assertEquals(r.warnings, c.warnings);
	}

	@Test
	void calibratedPhasePlanKeepsEveryOtherField() throws Exception {
		PhaseFractions o = EveryField.changeAll((PhaseFractions) DiffractionOptionsCopyTest.instance(PhaseFractions.class),
			OTHERS);
		Constructor<PhaseFractions> k = PhaseFractions.class.getDeclaredConstructor(PhaseFractions.class, double.class,
			double.class, double.class);
		k.setAccessible(true);
		PhaseFractions c = k.newInstance(o, o.kappa, o.kappaSigma, o.tau);
		EveryField.assertSame(o, c);
	}
}
