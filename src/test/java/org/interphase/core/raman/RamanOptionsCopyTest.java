package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of Raman settings and band windows (builders, the JSON template) keep every field (issue 21 item 7). */
class RamanOptionsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == BnModel.class) return new BnModel(BnModel.LineShape.VOIGT, false, 800, 1700);
		if (t == CrystalliteSize.class) return new CrystalliteSize(120, 6);
		return null;
	};

	@Test
	void bandWindowBuilderAndTemplateFileKeepEveryField(@TempDir Path dir) throws Exception {
		BandWindow w = EveryField.changeAll(BandWindow.of(BnBands.CBN_TO), OTHERS);
		EveryField.assertSame(w, w.toBuilder().build());
		Path f = dir.resolve("t.json");
		new RamanTemplate(Map.of(BnBands.CBN_TO, w)).write(f);
		RamanTemplate back = RamanTemplate.read(f);
		EveryField.assertSame(w, back.windows().get(BnBands.CBN_TO));
		EveryField.assertSame(BandWindow.of(BnBands.HBN), back.windows().get(BnBands.HBN));
	}

	@Test
	void templateFieldsMissingFromTheFileKeepTheBuiltInValues(@TempDir Path dir) throws Exception {
		Path f = dir.resolve("t.json");
		Files.writeString(f, "{\"bands\": {\"hbn\": {\"position\": 1370, \"max_fwhm\": null}, \"latp1097\": {\"enabled\": false}}}");
		RamanTemplate t = RamanTemplate.read(f);
		BandWindow h = t.windows().get(BnBands.HBN);
		EveryField.assertSame(BandWindow.of(BnBands.HBN).toBuilder().position(1370).build(), h);
		assertEquals(false, t.windows().get(BnBands.LATP_1097).enabled);
	}

	@Test
	void fitSettingsToBuilderKeepsEveryField() throws Exception {
		BnFitSettings s = EveryField.changeAll(BnFitSettings.defaults(), OTHERS);
		EveryField.assertSame(s, s.toBuilder().build());
	}

	@Test
	void modelWithAnotherWindowKeepsShapeSubstrateAndTemplate() {
		RamanTemplate t = RamanTemplate.builtIn();
		BnModel m = new BnModel(BnModel.LineShape.PSEUDO_VOIGT, false, 900, 1600, t, 4);
		BnModel c = m.withWindow(950, 1500, Double.NaN);
		assertEquals(m.lineShape(), c.lineShape());
		assertEquals(m.substrateBands(), c.substrateBands());
		assertSame(m.template(), c.template());
		assertEquals(950, c.low());
		assertEquals(1500, c.high());
		assertEquals(Double.NaN, c.instrumentFwhm());
	}
}
