package org.interphase.ij;

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
import org.interphase.core.result.OverlayShape;

/** Draws an analysis' shapes on its input image: as ImageJ ROIs in Fiji, flattened to PNG on the command line. */
public final class OverlayRenderer {
	private OverlayRenderer() {}

	public static Roi toRoi(OverlayShape s) {
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

	public static Overlay toOverlay(List<OverlayShape> shapes) {
		Overlay o = new Overlay();
		for (OverlayShape s : shapes) o.add(toRoi(s));
		return o;
	}

	/**
	 * The longest side of a saved overlay: a larger image is averaged down in square blocks (and its shapes scaled)
	 * first, so drawing needs about 13 bytes per output pixel (under 250 MB) whatever the input's size; a 16000^2
	 * image ran out of memory before.
	 */
	public static final int MAX_SIDE = 4096;

	public static void savePng(Signal image, List<OverlayShape> shapes, Path file) throws IOException {
		int f = image.ndim() == 2 ? (int) Math.ceil(Math.max(image.width(), image.height()) / (double) MAX_SIDE) : 1;
		if (f > 1) {
			image = downsample(image, f);
			shapes = scaled(shapes, 1.0 / f);
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		ImagePlus imp = ImagePlusData.toImagePlus(image);
		imp.getProcessor().resetMinAndMax();
		imp.setProcessor(imp.getProcessor().convertToByte(true).convertToRGB());
		imp.setOverlay(toOverlay(shapes));
		ImagePlus flat = imp.flatten();
		if (!new FileSaver(flat).saveAsPng(file.toString())) throw new IOException(file + ": could not write the PNG");
	}

	/** Block means of f x f pixels (edge blocks over the pixels they hold). */
	static Signal downsample(Signal image, int f) {
		int w = image.width(), h = image.height(), ow = (w + f - 1) / f, oh = (h + f - 1) / f;
		double[] d = image.data(), out = new double[ow * oh];
		int[] n = new int[ow * oh];
		for (int y = 0; y < h; y++) {
			int row = (y / f) * ow;
			for (int x = 0; x < w; x++) {
				out[row + x / f] += d[y * w + x];
				n[row + x / f]++;
			}
		}
		for (int i = 0; i < out.length; i++) out[i] /= n[i];
		return Signal.image(image.name, ow, oh, out, image.lastAxis().scale * f, image.lastAxis().units);
	}

	static List<OverlayShape> scaled(List<OverlayShape> shapes, double k) {
		List<OverlayShape> out = new java.util.ArrayList<>();
		for (OverlayShape s : shapes) {
			float[] x = new float[s.x.length], y = new float[s.y.length];
			for (int i = 0; i < x.length; i++) x[i] = (float) (s.x[i] * k);
			for (int i = 0; i < y.length; i++) y[i] = (float) (s.y[i] * k);
			out.add(new OverlayShape(s.name, s.kind, x, y, s.color));
		}
		return out;
	}
}
