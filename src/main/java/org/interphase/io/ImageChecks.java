package org.interphase.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Header checks before an image is handed to a decoder that would print to the console or invent pixels: a BMP
 * whose header promises more pixel data than the file holds, or a compression BMP does not have, is refused here
 * (ImageJ's BMP reader prints "Scan line ended prematurely" and javax.imageio's stack trace for them).
 */
final class ImageChecks {
	private ImageChecks() {}

	static void check(Path file, DatasetReader r) throws IOException {
		if (!(r instanceof GenericImageReader)) return;
		byte[] h = Readers.head(file);
		if (h.length >= 2 && h[0] == 'B' && h[1] == 'M') bmp(file, h);
	}

	private static int u32(byte[] b, int at) {
		return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
	}

	private static int u16(byte[] b, int at) {
		return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
	}

	static void bmp(Path file, byte[] h) throws IOException {
		long size = Files.size(file);
		if (h.length < 54) throw new InputFormatException(file + ": BMP: the header is cut short (the file is " +
			"truncated)");
		long offset = u32(h, 10) & 0xffffffffL;
		int headerSize = u32(h, 14);
		if (headerSize < 40) return; // old OS/2 header: let the decoder judge
		long w = u32(h, 18), hh = Math.abs((long) u32(h, 22));
		int bits = u16(h, 28), compression = u32(h, 30);
		if (w <= 0 || hh <= 0 || w > 1 << 16 || hh > 1 << 16) throw new InputFormatException(file + ": BMP: image size " +
			w + " x " + hh + " is not sensible (damaged header)");
		if (compression < 0 || compression > 6) throw new InputFormatException(file + ": BMP: unknown compression " +
			"code " + compression + " (damaged header)");
		if (bits != 1 && bits != 4 && bits != 8 && bits != 16 && bits != 24 && bits != 32) throw new InputFormatException(
			file + ": BMP: " + bits + " bits per pixel is not a BMP depth (damaged header)");
		if (compression == 0 || compression == 3) {
			long row = ((w * bits + 31) / 32) * 4;
			long need = offset + row * hh;
			if (offset < 54 || need > size) throw new InputFormatException(file + ": BMP: the header promises " + w + " x " +
				hh + " pixels (" + need + " bytes) but the file has " + size + " bytes: it is truncated or damaged");
		}
	}
}
