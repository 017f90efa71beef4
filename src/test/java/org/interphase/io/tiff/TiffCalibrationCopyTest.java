package org.interphase.io.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** A copy of a TIFF calibration keeps every field, including one added later (issue 21 item 7). */
class TiffCalibrationCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == Map.class) return Map.of("tiff.Make", "FEI");
		if (t == List.class) return List.of("a note");
		return null;
	};

	@Test
	void toBuilderKeepsEveryField() throws Exception {
		TiffMetadata.Calibration c = EveryField.changeAll(new TiffMetadata.Calibration(), OTHERS);
		TiffMetadata.Calibration copy = c.toBuilder().build();
		// metadata and notes are copied into unmodifiable ones: compared by content
		EveryField.assertSame(c, copy, "meta", "notes");
		assertEquals(c.meta, copy.meta);
		assertEquals(c.notes, copy.notes);
		assertThrows(UnsupportedOperationException.class, () -> copy.notes.add("x"));
	}
}
