package org.interphase.ij;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.io.FileSaver;

import org.interphase.core.result.Figure;
import org.interphase.render.FigureSvg;

/**
 * Turns a core {@link Figure} into an ImageJ {@link Plot}: Fiji shows it, the command line and the report save it
 * as PNG, so every figure looks the same wherever it was made.
 */
public final class FigureRenderer {
	private FigureRenderer() {}

	private static final Color[] PALETTE = { new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(
		0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f) };

	public static Plot toPlot(Figure f) {
		Plot plot = new Plot(f.title, f.xLabel, f.yLabel);
		plot.setSize(640, 400);
		StringBuilder legend = new StringBuilder();
		int i = 0;
		for (Figure.Series s : f.series()) {
			Color c = s.color.isEmpty() ? PALETTE[i % PALETTE.length] : Color.decode(s.color);
			plot.setColor(c, c);
			plot.setLineWidth(s.style == Figure.Style.LINE ? 1.5f : 1f);
			switch (s.style) {
				case LINE:
					plot.addPoints(s.x, s.y, Plot.LINE);
					break;
				case BARS:
					plot.addPoints(s.x, s.y, Plot.BAR);
					break;
				case ERROR_BARS:
					plot.addPoints(s.x, s.y, s.yError, Plot.CIRCLE);
					break;
				default:
					plot.addPoints(s.x, s.y, Plot.CIRCLE);
			}
			if (legend.length() > 0) legend.append('\n');
			legend.append(s.name == null ? "" : s.name);
			i++;
		}
		// the same limits as the SVG figure: data range in x, data range (error bars included) +- 5 % in y
		double[] lim = FigureSvg.limits(f);
		if (f.reversedX()) plot.setLimits(lim[1], lim[0], lim[2], lim[3]);
		else plot.setLimits(lim[0], lim[1], lim[2], lim[3]);
		if (f.series().size() > 1) {
			plot.setColor(Color.BLACK);
			plot.addLegend(legend.toString());
		}
		return plot;
	}

	public static void savePng(Figure f, Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		ImagePlus imp = toPlot(f).getImagePlus();
		if (!new FileSaver(imp).saveAsPng(file.toString())) throw new IOException(file + ": could not write the PNG");
	}
}
