package org.interphase.core.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The copies of XPS options keep every field, including one added later (issue 21 item 7). */
class XpsOptionsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == XpsTemplate.class) return XpsTemplate.preset("b1s");
		if (t == XpsFit.Options.class) return new XpsFit.Options().endPoints(9);
		if (t == SensitivityFactors.class) return SensitivityFactors.builtIn();
		if (t == Imfp.class) return Imfp.hbn();
		return null;
	};

	@Test
	void fitOptionsCopyConstructorKeepsEveryField() throws Exception {
		XpsFit.Options o = EveryField.changeAll(new XpsFit.Options(), OTHERS);
		EveryField.assertSame(o, new XpsFit.Options(o));
		EveryField.assertSame(o, o.copy());
	}

	@Test
	void mapFitCopyDropsOnlyMonteCarloAndThreads() throws Exception {
		XpsFit.Options o = EveryField.changeAll(new XpsFit.Options(), OTHERS);
		XpsFit.Options c = XpsMapFit.copyWithoutMc(o);
		EveryField.assertSame(o, c, "mcSamples", "seed", "threads");
		assertEquals(0, c.mcSamples);
		assertEquals(1, c.seed);
		assertEquals(1, c.threads);
	}

	@Test
	void pipelineOptionsToBuilderKeepsEveryField() throws Exception {
		XpsPipelineOptions o = EveryField.changeAll(XpsPipelineOptions.builder().template(XpsTemplate.preset("ti2p"))
			.build(), OTHERS);
		XpsPipelineOptions c = o.toBuilder().build();
		// the fit settings are copied (a builder's later change must not reach a built object): compared by content
		EveryField.assertSame(o, c, "fit");
		EveryField.assertSame(o.fit, c.fit);
	}
}
