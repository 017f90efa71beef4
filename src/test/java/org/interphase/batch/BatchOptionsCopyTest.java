package org.interphase.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.interphase.core.progress.Progress;
import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** A copy of the batch options keeps every field, including one added later (issue 21 item 7). */
class BatchOptionsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == Path.class) return Path.of("elsewhere");
		if (t == Shard.class) return Shard.parse("2/3");
		if (t == Progress.class) return (Progress) (f, m) -> {};
		if (t == Map.class) return Map.of("offset", "10");
		if (t == Consumer.class) return (Consumer<String>) w -> {};
		return null;
	};

	@Test
	void toBuilderKeepsEveryField() throws Exception {
		BatchOptions o = EveryField.changeAll(BatchOptions.builder().build(), OTHERS);
		BatchOptions c = o.toBuilder().build();
		// the parameters are copied into an unmodifiable map: compared by content
		EveryField.assertSame(o, c, "params");
		assertEquals(o.params, c.params);
	}

	@Test
	void parametersKeepTheirOrderAndCannotBeChanged() {
		BatchOptions.Builder b = BatchOptions.builder().param("b", "1").param("a", "2");
		BatchOptions o = b.build();
		b.param("c", "3");
		assertEquals("[b, a]", o.params.keySet().toString());
		assertThrows(UnsupportedOperationException.class, () -> o.params.put("x", "y"));
	}
}
