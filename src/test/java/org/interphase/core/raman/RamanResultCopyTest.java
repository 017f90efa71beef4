package org.interphase.core.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.interphase.core.fit.Parameters;
import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** Copies of the Raman fit results (builder, the map's counts) keep every field (issue 21 item 7). */
class RamanResultCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == List.class) return List.of("flag-a", "flag-b");
		if (t == Map.class) return Map.of("hbn", new double[] { 1, 2 });
		if (t == Parameters.class) return new Parameters();
		if (t == BnSpectrumFit.class) return new BnSpectrumFit.Builder().build();
		if (t == int[].class) return new int[] { 1, 2, 3 };
		if (t == boolean[].class) return new boolean[] { true, false, true };
		return null;
	};

	/** Result arrays start as NaN, which EveryField cannot shift: zeros first. */
	static <T> T withoutNaN(T o) throws IllegalAccessException {
		for (java.lang.reflect.Field f : EveryField.of(o.getClass())) {
			if (f.getType() == double[].class && f.get(o) != null) java.util.Arrays.fill((double[]) f.get(o), 0);
		}
		return o;
	}

	@Test
	void spectrumFitToBuilderKeepsEveryField() throws Exception {
		BnSpectrumFit f = EveryField.changeAll(withoutNaN(new BnSpectrumFit.Builder().build()), OTHERS);
		BnSpectrumFit c = f.toBuilder().build();
		// the lists are copied into unmodifiable ones: compared by content
		EveryField.assertSame(f, c, "flags", "components");
		assertEquals(f.flags, c.flags);
		assertEquals(f.components.keySet(), c.components.keySet());
		for (String k : f.components.keySet()) assertSame(f.components.get(k), c.components.get(k), k);
		assertThrows(UnsupportedOperationException.class, () -> c.flags.add("x"));
	}

	@Test
	void aBuilderChangedAfterBuildLeavesTheFitAlone() {
		BnSpectrumFit.Builder b = new BnSpectrumFit.Builder();
		BnSpectrumFit f = b.flag("one").build();
		b.area[0] = 5;
		b.flag("two");
		assertEquals(List.of("one"), f.flags);
		assertEquals(Double.NaN, f.area[0]);
	}

	@Test
	void mapResultWithCountsKeepsEveryPixelArray() throws Exception {
		BnMapFitter.MapResult m = EveryField.changeAll(withoutNaN(new BnMapFitter.MapResult(3, new BnSpectrumFit.Builder()
			.build())), OTHERS);
		BnMapFitter.MapResult c = m.counted(1, 2, 3, 4);
		EveryField.assertSame(m, c, "failedCount", "missingCount", "spikesTotal", "largeShiftCount");
		assertEquals(List.of(1, 2, 3, 4), List.of(c.failedCount, c.missingCount, c.spikesTotal, c.largeShiftCount));
	}
}
