package org.interphase.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.Figure;
import org.interphase.ij.FigureRenderer;

/** Issue 20, defect 3: figures are drawn within a budget; the drawn envelope keeps every extreme. */
class FigureBudgetTest {
	@TempDir
	Path dir;

	@Test
	void aMillionPointLineIsDrawnFromItsEnvelope() throws Exception {
		int n = 1_000_000;
		double[] x = new double[n], y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = i;
			y[i] = Math.sin(i * 1e-4) + ((i * 2654435761L) % 1000) * 1e-4;
		}
		y[123_457] = 50; // one spike, as a cosmic ray
		y[876_543] = -50;
		Figure f = new Figure("big", "big", "x", "y").line("signal", x, y, "").points("marks", x, y, null, "");
		Figure small = FigureBudget.limit(f);
		Figure.Series line = small.series().get(0), marks = small.series().get(1);
		assertTrue(line.x.length <= FigureBudget.MAX_LINE, "line points " + line.x.length);
		assertEquals(FigureBudget.MAX_POINTS, marks.x.length);
		double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
		for (double v : line.y) {
			max = Math.max(max, v);
			min = Math.min(min, v);
		}
		assertEquals(50, max, 0, "the spike is drawn");
		assertEquals(-50, min, 0);
		assertEquals(0, line.x[0], 0);
		assertEquals(n - 1, line.x[line.x.length - 1], 0);
		for (int i = 1; i < line.x.length; i++) assertTrue(line.x[i] > line.x[i - 1], "order kept");
		Path svg = dir.resolve("f.svg"), png = dir.resolve("f.png");
		FigureSvg.save(small, svg);
		FigureRenderer.savePng(small, png);
		assertTrue(Files.size(svg) < 2_000_000, "svg " + Files.size(svg) + " bytes");
		assertTrue(Files.size(png) > 1000);
		Figure ok = new Figure("s", "s", "x", "y").line("a", new double[] { 1, 2 }, new double[] { 3, 4 }, "");
		assertSame(ok, FigureBudget.limit(ok), "a small figure is drawn as it is");
	}
}
