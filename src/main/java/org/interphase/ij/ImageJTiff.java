package org.interphase.ij;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.interphase.core.data.Signal;

/** Writes images as calibrated ImageJ TIFF (the demo's images, the batch's result maps). */
public final class ImageJTiff {
	private ImageJTiff() {}

	/** A 2D or 3D signal as a 32-bit ImageJ TIFF with its spatial calibration and optional Info text. */
	public static void write(Signal s, Path file, String info) throws IOException {
		ImagePlus imp = ImagePlusData.toImagePlus(s);
		if (info != null) imp.setProperty("Info", info);
		Files.createDirectories(file.toAbsolutePath().getParent());
		boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString())
			: new FileSaver(imp).saveAsTiff(file.toString());
		if (!ok) throw new IOException(file + ": could not be written");
	}
}
