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

/**
 * The result's builder (toBuilder, the copy the pipeline's trial indexing runs on) and build() keep every field, so
 * that a field added later cannot be forgotten in either copy.
 */
class SaedPipelineResultTest {
	@Test
	void toBuilderAndBuildKeepEveryFieldSetToANonDefaultValue() throws Exception {
		SaedPipeline.Result fresh = new SaedPipeline.Result.Builder().build(), full = new SaedPipeline.Result.Builder()
			.build();
		List<Field> fields = fields();
		assertTrue(fields.size() >= 40, "fields found: " + fields.size());
		for (Field f : fields) {
			f.set(full, nonDefault(f));
			assertFalse(Objects.deepEquals(f.get(fresh), f.get(full)), f.getName() + ": the test value is the default");
		}
		SaedPipeline.Result.Builder b = full.toBuilder();
		SaedPipeline.Result copy = b.build();
		for (Field f : fields) {
			Object a = f.get(full), c = f.get(copy);
			assertTrue(Objects.deepEquals(a, c), f.getName() + " not copied: " + a + " vs " + c);
			// containers are the builder's own: steps run on it (trial indexing) must not write into the original
			Field bf = SaedPipeline.Result.Builder.class.getDeclaredField(f.getName());
			bf.setAccessible(true);
			if (a instanceof List || a instanceof Map) assertNotSame(a, bf.get(b), f.getName() + " shared with the original");
		}
	}

	@Test
	void scratchKeepsWhatIndexingReadsAndEmptiesItsOutputs() throws Exception {
		SaedPipeline.Result done = new SaedPipeline.Result.Builder().build();
		for (Field f : fields()) f.set(done, nonDefault(f));
		SaedPipeline.Result.Builder full = done.toBuilder();
		SaedPipeline.Result.Builder s = SaedPipeline.scratch(full);
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
