package org.interphase.synth.sem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.interphase.core.data.Signal;

/**
 * Writes a 2D signal as an uncompressed 8- or 16-bit grayscale TIFF as a microscope would (integers, not
 * floats), with an ImageJ description and resolution tags so ImageJ reads the pixel size back. For tests and the
 * bench, which need files like the instruments write. Values are rounded and clamped to the type's range.
 */
public final class SemTiff {
	private SemTiff() {}

	/**
	 * @param unit "µm", "nm" or "px" (px: no calibration written)
	 */
	public static void write(Signal s, int bits, double pixelSize, String unit, Path file) throws IOException {
		if (bits != 8 && bits != 16) throw new IllegalArgumentException("8 or 16 bits");
		int w = s.width(), h = s.height();
		int bpp = bits / 8;
		boolean cal = unit != null && !unit.equals("px") && pixelSize > 0;
		String ijUnit = "\u00B5m".equals(unit) ? "micron" : unit;
		byte[] desc = cal ? ("ImageJ=1.54f\nunit=" + ijUnit + "\n\0").getBytes(StandardCharsets.ISO_8859_1)
			: "ImageJ=1.54f\n\0".getBytes(StandardCharsets.ISO_8859_1);
		int nTags = cal ? 12 : 8;
		int ifdOff = 8;
		int ifdSize = 2 + nTags * 12 + 4;
		int descOff = ifdOff + ifdSize;
		int ratOff = descOff + desc.length;
		int dataOff = ratOff + (cal ? 16 : 0);
		long dataLen = (long) w * h * bpp;
		ByteBuffer hdr = ByteBuffer.allocate(dataOff).order(ByteOrder.LITTLE_ENDIAN);
		hdr.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOff);
		hdr.putShort((short) nTags);
		tag(hdr, 256, 4, 1, w);
		tag(hdr, 257, 4, 1, h);
		tag(hdr, 258, 3, 1, bits);
		tag(hdr, 259, 3, 1, 1);
		tag(hdr, 262, 3, 1, 1);
		tag(hdr, 270, 2, desc.length, descOff);
		tag(hdr, 273, 4, 1, dataOff);
		if (cal) {
			tag(hdr, 277, 3, 1, 1);
			tag(hdr, 278, 4, 1, h);
			tag(hdr, 279, 4, 1, (int) dataLen);
			tag(hdr, 282, 5, 1, ratOff);
			tag(hdr, 283, 5, 1, ratOff + 8);
		}
		else {
			tag(hdr, 279, 4, 1, (int) dataLen);
		}
		hdr.putInt(0);
		hdr.put(desc);
		if (cal) {
			long den = 1000000;
			long num = Math.round(den / pixelSize);
			for (int i = 0; i < 2; i++) hdr.putInt((int) num).putInt((int) den);
		}
		double[] d = s.data();
		ByteBuffer px = ByteBuffer.allocate((int) dataLen).order(ByteOrder.LITTLE_ENDIAN);
		double max = bits == 8 ? 255 : 65535;
		for (int i = 0; i < w * h; i++) {
			long v = Math.round(Math.max(0, Math.min(max, d[i])));
			if (bits == 8) px.put((byte) v);
			else px.putShort((short) v);
		}
		Files.createDirectories(file.toAbsolutePath().getParent());
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(hdr.array());
			out.write(px.array());
		}
	}

	private static void tag(ByteBuffer b, int tag, int type, int count, int value) {
		b.putShort((short) tag).putShort((short) type).putInt(count);
		if (type == 3 && count == 1) b.putShort((short) value).putShort((short) 0);
		else b.putInt(value);
	}
}
