package org.interphase.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SignalTest {
	@Test
	void colourImageBecomesLuminanceWithItsSpatialAxes() {
		List<Axis> axes = List.of(new Axis("y", 1, 0.5, 0, "nm"), new Axis("x", 2, 0.25, 1, "nm"), new Axis("channel", 3,
			1, 0, ""));
		Signal rgb = new Signal("c", "rgb8", new int[] { 1, 2, 3 }, axes, new double[] { 255, 0, 0, 10, 20, 30 });
		assertTrue(rgb.isColour());
		Signal g = rgb.luminance();
		assertFalse(g.isColour());
		assertArrayEquals(new int[] { 1, 2 }, g.shape());
		assertEquals(0.299 * 255, g.data()[0], 1e-12);
		assertEquals(0.299 * 10 + 0.587 * 20 + 0.114 * 30, g.data()[1], 1e-12);
		assertEquals(0.25, g.axis(1).scale, 0);
		assertEquals(1, g.axis(1).offset, 0);
		assertEquals("nm", g.axis(0).units);
		assertEquals(2, g.width());
	}

	@Test
	void greyImagesAndSpectrumImagesAreLeftAlone() {
		Signal img = Signal.image("g", 2, 2, new double[4], 1, "px");
		assertSame(img, img.luminance());
		List<Axis> si = List.of(new Axis("y", 1, 1, 0, "nm"), new Axis("x", 1, 1, 0, "nm"), new Axis("energy", 3, 1, 450,
			"eV"));
		Signal s = new Signal("si", "float32", new int[] { 1, 1, 3 }, si, new double[3]);
		assertFalse(s.isColour());
		assertSame(s, s.luminance());
	}
}
