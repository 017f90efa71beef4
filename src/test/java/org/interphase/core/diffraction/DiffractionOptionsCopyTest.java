package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.core.diffraction.xrd.XrdAnalyzer;
import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The copies of the diffraction options keep every field, including one added later (issue 21 item 7). */
class DiffractionOptionsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == org.interphase.core.diffraction.crystal.Phase.class) return PhaseLibrary.get("Au");
		if (t == org.interphase.core.diffraction.xrd.XrayWavelength.class) return org.interphase.core.diffraction.xrd
			.XrayWavelength.parse("1.540598", "p");
		if (t == List.class) return new ArrayList<>(List.of(PhaseLibrary.get("LATP")));
		return instance(t);
	};

	/** Any other value object: an instance made without its constructor (identity is what a copy keeps). */
	static Object instance(Class<?> t) {
		try {
			java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
			f.setAccessible(true);
			return ((sun.misc.Unsafe) f.get(null)).allocateInstance(t);
		}
		catch (ReflectiveOperationException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void saedOptionsToBuilderKeepsEveryField() throws Exception {
		SaedPipeline.Options o = EveryField.changeAll(new SaedPipeline.Options(), OTHERS);
		EveryField.assertSame(o, o.toBuilder().build());
	}

	@Test
	void seriesOptionsToBuilderKeepsEveryField() throws Exception {
		SeriesAnalyzer.Options o = EveryField.changeAll(new SeriesAnalyzer.Options(), OTHERS);
		EveryField.assertSame(o, o.toBuilder().build());
	}

	@Test
	void xrdOptionsToBuilderKeepsEveryField() throws Exception {
		XrdAnalyzer.Options o = EveryField.changeAll(new XrdAnalyzer.Options(), OTHERS);
		EveryField.assertSame(o, o.toBuilder().build());
	}
}
