package org.interphase.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Checks that a copy (copy constructor, toBuilder().build()) keeps every field: each instance field of an object is
 * set by reflection to a value other than the one it has, and the copy must hold the new values. A field added to
 * the class later is covered without a change to the test.
 */
public final class EveryField {
	private EveryField() {}

	/** The instance fields of the class (not static, not synthetic). */
	public static List<Field> of(Class<?> c) {
		List<Field> out = new ArrayList<>();
		for (Field f : c.getDeclaredFields()) {
			if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
			f.setAccessible(true);
			out.add(f);
		}
		return out;
	}

	/**
	 * Sets every field of {@code o} to another value: numbers shifted, booleans flipped, enums to another constant,
	 * arrays and strings changed, other objects to {@code others.apply(type)} (a different instance).
	 */
	public static <T> T changeAll(T o, Function<Class<?>, Object> others) throws IllegalAccessException {
		for (Field f : of(o.getClass())) {
			Object before = f.get(o);
			f.set(o, changed(f.getType(), before, others));
			assertNotEquals(describe(before), describe(f.get(o)), f.getName() + " was not changed: extend EveryField");
		}
		return o;
	}

	static Object changed(Class<?> t, Object v, Function<Class<?>, Object> others) {
		if (t == double.class) return Double.isNaN((Double) v) ? 0.375 : (Double) v + 1.375;
		if (t == int.class) return (Integer) v + 3;
		if (t == long.class) return (Long) v + 7;
		if (t == boolean.class) return !(Boolean) v;
		if (t == String.class) return v + "-changed";
		if (t == double[].class) return v == null ? new double[] {1.25, 2.5} : Arrays.stream((double[]) v).map(x -> x + 1)
			.toArray();
		if (t.isEnum()) {
			for (Object c : t.getEnumConstants()) if (c != v) return c;
		}
		Object n = others.apply(t);
		assertTrue(n != null && n != v, "no other value of " + t + " for the test");
		return n;
	}

	/** Asserts that every field of {@code copy} equals that of {@code original} (arrays by content). */
	public static void assertSame(Object original, Object copy, String... except) throws IllegalAccessException {
		assertEquals(original.getClass(), copy.getClass());
		for (Field f : of(original.getClass())) {
			if (Arrays.asList(except).contains(f.getName())) continue;
			assertEquals(describe(f.get(original)), describe(f.get(copy)), "field " + f.getName() + " not copied");
		}
	}

	static String describe(Object v) {
		if (v instanceof double[]) return Arrays.toString((double[]) v);
		if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String || v instanceof Enum)
			return String.valueOf(v);
		return v.getClass().getName() + "@" + System.identityHashCode(v);
	}
}
