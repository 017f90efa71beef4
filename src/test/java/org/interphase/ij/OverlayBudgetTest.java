package org.interphase.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.data.Signal;
import org.interphase.core.result.OverlayShape;

/** Issue 20, defect 3: an overlay is drawn within a memory budget (downsampled), not at the input's full size. */
class OverlayBudgetTest {
	@TempDir
	Path dir;

	@Test
	void aWideImageIsDownsampledToTheBudget() throws Exception {
		int w = 9000, h = 40;
		double[] d = new double[w * h];
		for (int i = 0; i < d.length; i++) d[i] = (i % w) < w / 2 ? 10 : 200;
		Path png = dir.resolve("o.png");
		OverlayRenderer.savePng(Signal.image("wide", w, h, d, 1, "nm"), List.of(OverlayShape.polyline("front", new double[] {
			4500, 4500 }, new double[] { 0, 39 }, "#ff0000")), png);
		BufferedImage img = ImageIO.read(png.toFile());
		assertTrue(img.getWidth() <= OverlayRenderer.MAX_SIDE, "width " + img.getWidth());
		assertEquals(3000, img.getWidth());
		assertEquals(14, img.getHeight());
		// the image content survives the block means: dark left half, bright right half
		assertTrue((img.getRGB(100, 7) & 0xff) < 50 && (img.getRGB(2900, 7) & 0xff) > 200);
	}
}
