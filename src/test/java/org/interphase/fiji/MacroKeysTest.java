package org.interphase.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MacroKeysTest {
	@Test
	void keysOfARecordedOptionsString() {
		assertEquals(List.of("file", "sample", "pixel_size", "flip", "unit"), MacroKeys.keys(
			"file=[/data/a b=c.tif] sample=S1  pixel_size=0.5 flip unit=µm"));
		assertEquals(List.of("a"), MacroKeys.keys("a=[unclosed b=2"), "an unclosed bracket runs to the end");
		assertEquals(List.of(), MacroKeys.keys("   "));
	}

	@Test
	void anUnknownKeyIsNamedWithItsNearestKnownKey() {
		List<String> known = List.of("file", "sample", "pixel_size", "smoothing");
		assertNull(MacroKeys.unknown("file=[x] pixel_size=2 smoothing=40", known, "SEM Reaction Depth"));
		String m = MacroKeys.unknown("pixelsize=0.5 smoothng=3 colour=red", known, "SEM Reaction Depth");
		assertTrue(m.contains("unknown macro key 'pixelsize' (did you mean pixel_size?)"), m);
		assertTrue(m.contains("unknown macro key 'smoothng' (did you mean smoothing?)"), m);
		assertTrue(m.contains("unknown macro key 'colour'") && !m.contains("'colour' (did"), m);
		assertTrue(m.endsWith("SEM Reaction Depth takes: file, sample, pixel_size, smoothing"), m);
	}

	@Test
	void distanceIsLevenshtein() {
		assertEquals(3, MacroKeys.distance("kitten", "sitting"));
		assertEquals(0, MacroKeys.distance("", ""));
	}

	/** Issue 21: a typo of a former key ({@code pixelsize} for {@code pixel_size}) is pointed to the current key. */
	@Test
	void aTypoOfAFormerKeySuggestsTheCurrentKey() {
		String m = MacroKeys.unknown("file=[x] pixelsize=2", List.of("file", "pixel_size_um"), "SEM Reaction Depth",
			java.util.Map.of("pixel_size", "pixel_size_um"));
		assertTrue(m.contains("unknown macro key 'pixelsize' (did you mean pixel_size_um?)"), m);
	}
}
