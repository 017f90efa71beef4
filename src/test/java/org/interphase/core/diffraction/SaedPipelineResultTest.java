package org.interphase.core.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

/** The result's copy constructor keeps every field, so that a field added later cannot be forgotten in the copy. */
class SaedPipelineResultTest {
	@Test
	void copyKeepsEveryFieldSetToANonDefaultValue() throws Exception {
		SaedPipeline.Result fresh = new SaedPipeline.Result(), full = new SaedPipeline.Result();
		List<Field> fields = fields();
		assertTrue(fields.size() >= 40, "fields found: " + fields.size());
		for (Field f : fields) {
			f.set(full, nonDefault(f));
			assertFalse(Objects.deepEquals(f.get(fresh), f.get(full)), f.getName() + ": the test value is the default");
		}
		SaedPipeline.Result copy = new SaedPipeline.Result(full);
		for (Field f : fields) {
			Object a = f.get(full), b = f.get(copy);
			assertTrue(Objects.deepEquals(a, b), f.getName() + " not copied: " + a + " vs " + b);
			// containers are the copy's own: steps run on a copy (trial indexing) must not write into the original
			if (a instanceof List || a instanceof Map) assertNotSame(a, b, f.getName() + " shared with the original");
		}
	}

	@Test
	void scratchKeepsWhatIndexingReadsAndEmptiesItsOutputs() throws Exception {
		SaedPipeline.Result full = new SaedPipeline.Result();
		for (Field f : fields()) f.set(full, nonDefault(f));
		SaedPipeline.Result s = SaedPipeline.scratch(full);
		assertEquals(full.spots, s.spots);
		assertEquals(full.rings, s.rings);
		assertEquals(full.pixelPerNm, s.pixelPerNm);
		assertEquals(full.rHi, s.rHi);
		assertTrue(s.zones.isEmpty() && s.spotMatches.isEmpty() && s.ringMatches.isEmpty() && s.warnings.isEmpty());
		assertFalse(full.zones.isEmpty(), "clearing the scratch's outputs emptied the original's");
	}

	private static List<Field> fields() {
		List<Field> l = new ArrayList<>();
		for (Field f : SaedPipeline.Result.class.getDeclaredFields()) {
			if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
			f.setAccessible(true);
			l.add(f);
		}
		return l;
	}

	/** A value of the field's type that no fresh result holds. */
	private static Object nonDefault(Field f) throws Exception {
		Class<?> t = f.getType();
		String n = f.getName();
		if (t == boolean.class) return true;
		if (t == int.class) return 7 + n.length();
		if (t == long.class) return 123456789L + n.length();
		if (t == double.class) return 3.25 + n.length();
		if (t == String.class) return "set-" + n;
		if (t == double[].class) return new double[] { 1.5, n.length() };
		if (t == boolean[].class) return new boolean[] { true, false, true };
		if (List.class.isAssignableFrom(t)) return new ArrayList<>(List.of("element-of-" + n));
		if (Map.class.isAssignableFrom(t)) return new LinkedHashMap<>(Map.of("key-of-" + n, 1.0));
		if (t == PatternGeometry.class) return new PatternGeometry(12.5, 7.5, 0.01, 0.3, 0.05);
		// any other value object: an instance without running its constructor (identity is what the copy keeps)
		return unsafe().allocateInstance(t);
	}

	private static sun.misc.Unsafe unsafe() throws Exception {
		Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
		f.setAccessible(true);
		return (sun.misc.Unsafe) f.get(null);
	}
}
