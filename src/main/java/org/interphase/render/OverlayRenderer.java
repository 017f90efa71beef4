package org.interphase.render;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.PolygonRoi;
import ij.gui.Roi;
import ij.io.FileSaver;

import org.interphase.core.data.Signal;
import org.interphase.core.result.Shape;
import org.interphase.io.ImagePlusData;

/** Draws an analysis' shapes on its input image: as ImageJ ROIs in Fiji, flattened to PNG on the command line. */
public final class OverlayRenderer {
	private OverlayRenderer() {}

	public static Roi toRoi(Shape s) {
		Roi roi;
		switch (s.kind) {
			case POLYGON:
				roi = new PolygonRoi(s.x, s.y, s.x.length, Roi.POLYGON);
				break;
			case POINTS:
				roi = new PointRoi(s.x, s.y, s.x.length);
				break;
			case LINE:
				roi = s.x.length == 2 ? new Line(s.x[0], s.y[0], s.x[1], s.y[1]) : new PolygonRoi(s.x, s.y, s.x.length,
					Roi.POLYLINE);
				break;
			default:
				roi = new PolygonRoi(s.x, s.y, s.x.length, Roi.POLYLINE);
		}
		roi.setName(s.name);
		roi.setStrokeColor(Color.decode(s.color));
		roi.setStrokeWidth(1.5);
		return roi;
	}

	public static Overlay toOverlay(List<Shape> shapes) {
		Overlay o = new Overlay();
		for (Shape s : shapes) o.add(toRoi(s));
		return o;
	}

	public static void savePng(Signal image, List<Shape> shapes, Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		ImagePlus imp = ImagePlusData.toImagePlus(image);
		imp.getProcessor().resetMinAndMax();
		imp.setProcessor(imp.getProcessor().convertToByte(true).convertToRGB());
		imp.setOverlay(toOverlay(shapes));
		ImagePlus flat = imp.flatten();
		if (!new FileSaver(flat).saveAsPng(file.toString())) throw new IOException(file + ": could not write the PNG");
	}
}
