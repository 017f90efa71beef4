package org.interphase.core.sem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a stress image as an uncompressed TIFF the way the microscopes do, for the reader + analysis path of the
 * stress set: 8-bit (grey or palette) or 16-bit, with the calibration of a Thermo/FEI instrument (tag 34682 INI
 * text: PixelWidth in m, ResolutionY = image rows above the data bar), a Zeiss SmartSEM (tag 34118: "Image Pixel
 * Size = ... nm") or ImageJ (description unit=micron and X/YResolution). Independent of the project's writers.
 */
public final class StressTiff {
	private StressTiff() {}

	public enum Dialect { FEI, ZEISS, IMAGEJ }

	private static final class Entry {
		final int tag, type, count;
		final byte[] value;

		Entry(int tag, int type, int count, byte[] value) {
			this.tag = tag;
			this.type = type;
			this.count = count;
			this.value = value;
		}
	}

	private static byte[] shorts(int... v) {
		ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (int x : v) b.putShort((short) x);
		return b.array();
	}

	private static byte[] longs(long... v) {
		ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (long x : v) b.putInt((int) x);
		return b.array();
	}

	private static byte[] ascii(String s) {
		return (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * @param pixelSizeUm pixel size in µm
	 * @param databar rows of the data bar at the bottom (written into the FEI metadata)
	 */
	public static void write(double[] img, int w, int h, int bits, boolean palette, Dialect d, double pixelSizeUm,
		int databar, Path file) throws IOException
	{
		int bpp = bits / 8;
		List<Entry> e = new ArrayList<>();
		e.add(new Entry(256, 4, 1, longs(w)));
		e.add(new Entry(257, 4, 1, longs(h)));
		e.add(new Entry(258, 3, 1, shorts(bits)));
		e.add(new Entry(259, 3, 1, shorts(1)));
		e.add(new Entry(262, 3, 1, shorts(palette ? 3 : 1)));
		if (d == Dialect.IMAGEJ) e.add(new Entry(270, 2, 0, ascii("ImageJ=1.54f\nunit=micron\n")));
		e.add(new Entry(273, 4, 1, null)); // strip offset, filled below
		e.add(new Entry(277, 3, 1, shorts(1)));
		e.add(new Entry(278, 4, 1, longs(h)));
		e.add(new Entry(279, 4, 1, longs((long) w * h * bpp)));
		if (d == Dialect.IMAGEJ) {
			long den = 1000000, num = Math.round(den / pixelSizeUm);
			e.add(new Entry(282, 5, 1, longs(num, den)));
			e.add(new Entry(283, 5, 1, longs(num, den)));
		}
		if (palette) {
			int n = 1 << bits;
			int[] map = new int[3 * n];
			for (int c = 0; c < 3; c++) for (int i = 0; i < n; i++) map[c * n + i] = i * 65535 / (n - 1);
			e.add(new Entry(320, 3, 3 * n, shorts(map)));
		}
		if (d == Dialect.ZEISS) {
			String z = "\0\0\r\nAP_IMAGE_PIXEL_SIZE\r\nImage Pixel Size = " + String.format(Locale.ROOT, "%.4f", pixelSizeUm *
				1000) + " nm\r\nAP_MAG\r\nMag = 2.50 K X\r\nAP_ACTUALKV\r\nEHT = 15.00 kV\r\n";
			byte[] zb = z.getBytes(StandardCharsets.ISO_8859_1);
			e.add(new Entry(34118, 1, zb.length, zb));
		}
		if (d == Dialect.FEI) {
			String ini = String.format(Locale.ROOT, "[User]\r\nDate=12/07/2026\r\nTime=10:11:12 AM\r\n[Beam]\r\nHV=15000\r\n" +
				"[Scan]\r\nPixelWidth=%.6e\r\nPixelHeight=%.6e\r\nDwelltime=1e-06\r\n[Image]\r\nResolutionX=%d\r\n" +
				"ResolutionY=%d\r\n[PrivateFei]\r\nDatabarHeight=%d\r\n", pixelSizeUm * 1e-6, pixelSizeUm * 1e-6, w, h -
					databar, databar);
			e.add(new Entry(34682, 2, 0, ascii(ini)));
		}
		// layout: header, IFD, out-of-line values, pixels
		int ifdOff = 8, ifdSize = 2 + 12 * e.size() + 4;
		int off = ifdOff + ifdSize;
		int[] valueOff = new int[e.size()];
		for (int i = 0; i < e.size(); i++) {
			Entry x = e.get(i);
			if (x.value != null && x.value.length > 4) {
				valueOff[i] = off;
				off += x.value.length + (x.value.length & 1);
			}
		}
		int dataOff = off;
		long dataLen = (long) w * h * bpp;
		ByteBuffer b = ByteBuffer.allocate((int) (dataOff + dataLen)).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifdOff);
		b.putShort((short) e.size());
		for (int i = 0; i < e.size(); i++) {
			Entry x = e.get(i);
			byte[] v = x.tag == 273 ? longs(dataOff) : x.value;
			int count = x.count > 0 ? x.count : v.length;
			b.putShort((short) x.tag).putShort((short) x.type).putInt(count);
			if (v.length <= 4) {
				byte[] pad = new byte[4];
				System.arraycopy(v, 0, pad, 0, v.length);
				b.put(pad);
			}
			else b.putInt(valueOff[i]);
		}
		b.putInt(0);
		for (int i = 0; i < e.size(); i++) {
			Entry x = e.get(i);
			if (x.value != null && x.value.length > 4) {
				b.position(valueOff[i]);
				b.put(x.value);
			}
		}
		b.position(dataOff);
		double max = bits == 8 ? 255 : 65535;
		for (int i = 0; i < w * h; i++) {
			long v = Math.round(Math.max(0, Math.min(max, img[i])));
			if (bits == 8) b.put((byte) v);
			else b.putShort((short) v);
		}
		Files.write(file, b.array());
	}
}
