package org.interphase.ij;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.Opener;

import org.interphase.core.data.Dataset;
import org.interphase.io.GenericImageReader;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;

/**
 * Fallback for the common image formats ImageJ itself opens (TIFF, PNG, BMP, JPEG, GIF), keeping the ImageJ
 * calibration. Instrument-specific readers come first in {@link Readers}, which finds this one through
 * ServiceLoader (META-INF/services/org.interphase.io.GenericImageReader) so that io does not depend on ImageJ.
 */
public final class ImageJImageReader implements GenericImageReader {
	@Override
	public String format() {
		return "ImageJ image";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		boolean tiff = head.length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
			(head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42));
		boolean png = head.length >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
		boolean bmp = head.length >= 2 && head[0] == 'B' && head[1] == 'M';
		boolean jpg = head.length >= 2 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8;
		boolean gif = head.length >= 3 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F';
		if (tiff || png || bmp || jpg || gif) return true;
		return false && n.isEmpty();
	}

	/** ImageJ pads a truncated TIFF with zeros; refuse it instead of analysing made-up pixels. */
	static void checkTiffComplete(Path file) throws IOException {
		long size = java.nio.file.Files.size(file);
		ij.io.FileInfo[] info;
		try {
			info = new ij.io.TiffDecoder(file.getParent() == null ? "" : file.getParent().toString() + java.io.File
				.separator, file.getFileName().toString()).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			throw new InputFormatException(file + ": not a readable TIFF (" + e.getMessage() + ")", e);
		}
		if (info == null || info.length == 0) throw new InputFormatException(file + ": TIFF without images");
		for (ij.io.FileInfo fi : info) {
			long end;
			if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length == fi.stripLengths.length) {
				end = 0;
				for (int i = 0; i < fi.stripOffsets.length; i++) end = Math.max(end, (fi.stripOffsets[i] & 0xffffffffL) +
					(fi.stripLengths[i] & 0xffffffffL));
			}
			else if (fi.compression <= ij.io.FileInfo.COMPRESSION_NONE) end = fi.getOffset() + (long) fi.width * fi.height *
				Math.max(1, fi.getBytesPerPixel()) * Math.max(1, fi.nImages);
			else continue;
			if (end > size) throw new InputFormatException(file + ": truncated TIFF (image data end at byte " + end +
				", the file has " + size + ")");
		}
	}

	@Override
	public Dataset read(Path file) throws IOException {
		byte[] head = Readers.head(file);
		if (head.length >= 4 && (head[0] == 'I' || head[0] == 'M')) checkTiffComplete(file);
		ImagePlus imp = new Opener().openImage(file.toString());
		if (imp == null) throw new InputFormatException(file + ": ImageJ could not open it as an image");
		try {
			return ImagePlusData.toDataset(imp, file.toString());
		}
		finally {
			imp.close();
		}
	}
}
