package org.interphase.io.tiff;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;

/**
 * A small independent TIFF writer for tests: one page, strips or tiles, none / PackBits / Deflate,
 * horizontal predictor, either byte order, extra tags. Written at run time into a temporary folder.
 */
final class TiffTestWriter {
	ByteOrder order = ByteOrder.LITTLE_ENDIAN;
	int width, height, spp = 1, bits = 8, sampleFormat = 1, compression = 1, predictor = 1, tile = 0,
		rowsPerStrip = 0, photometric = -1;
	/** samples in C order (y, x, s). */
	double[] samples;
	final Map<Integer, Object[]> extra = new TreeMap<>(); // tag -> {type, count, byte[] value}

	void ascii(int tag, String s) {
		byte[] b = (s + "\0").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		extra.put(tag, new Object[] { 2, b.length, b });
	}

	void rational(int tag, long num, long den) {
		ByteBuffer b = ByteBuffer.allocate(8).order(order);
		b.putInt((int) num).putInt((int) den);
		extra.put(tag, new Object[] { 5, 1, b.array() });
	}

	private int bps() {
		return bits / 8;
	}

	private void put(ByteBuffer b, double v) {
		if (sampleFormat == 3) {
			if (bits == 32) b.putFloat((float) v);
			else b.putDouble(v);
		}
		else if (bits == 8) b.put((byte) (long) v);
		else if (bits == 16) b.putShort((short) (long) v);
		else b.putInt((int) (long) v);
	}

	/** Raw bytes of a chunk (cw x ch, zero padded), predictor applied. */
	private byte[] chunk(int x0, int y0, int cw, int ch) {
		ByteBuffer b = ByteBuffer.allocate(cw * ch * spp * bps()).order(order);
		for (int y = 0; y < ch; y++) {
			double[] prev = new double[spp];
			for (int x = 0; x < cw; x++)
				for (int s = 0; s < spp; s++) {
					int gx = x0 + x, gy = y0 + y;
					double v = gx < width && gy < height ? samples[(gy * width + gx) * spp + s] : 0;
					if (predictor == 2) {
						double d = v - prev[s];
						prev[s] = v;
						v = d;
					}
					put(b, v);
				}
		}
		return b.array();
	}

	private byte[] compress(byte[] raw) {
		if (compression == 1) return raw;
		if (compression == 8) {
			Deflater d = new Deflater();
			d.setInput(raw);
			d.finish();
			ByteArrayOutputStream o = new ByteArrayOutputStream();
			byte[] buf = new byte[4096];
			while (!d.finished()) o.write(buf, 0, d.deflate(buf));
			d.end();
			return o.toByteArray();
		}
		if (compression == 32773) return packBits(raw);
		throw new IllegalArgumentException("compression " + compression);
	}

	static byte[] packBits(byte[] in) {
		ByteArrayOutputStream o = new ByteArrayOutputStream();
		int i = 0;
		while (i < in.length) {
			int run = 1;
			while (i + run < in.length && run < 128 && in[i + run] == in[i]) run++;
			if (run >= 3) {
				o.write(1 - run);
				o.write(in[i]);
				i += run;
			}
			else {
				int start = i;
				int n = 0;
				while (i < in.length && n < 128) {
					if (i + 2 < in.length && in[i] == in[i + 1] && in[i] == in[i + 2]) break;
					i++;
					n++;
				}
				o.write(n - 1);
				o.write(in, start, n);
			}
		}
		return o.toByteArray();
	}

	byte[] write() {
		List<byte[]> chunks = new ArrayList<>();
		int cw = tile > 0 ? tile : width;
		int ch = tile > 0 ? tile : (rowsPerStrip > 0 ? rowsPerStrip : height);
		for (int y = 0; y < height; y += ch)
			for (int x = 0; x < width; x += cw) {
				int rows = tile > 0 ? ch : Math.min(ch, height - y);
				chunks.add(compress(chunk(x, y, cw, rows)));
			}
		Map<Integer, Object[]> tags = new TreeMap<>(extra);
		tags.put(256, new Object[] { 4, 1, longs(width) });
		tags.put(257, new Object[] { 4, 1, longs(height) });
		short[] b = new short[spp];
		java.util.Arrays.fill(b, (short) bits);
		tags.put(258, new Object[] { 3, spp, shorts(b) });
		tags.put(259, new Object[] { 3, 1, shorts(new short[] { (short) compression }) });
		tags.put(262, new Object[] { 3, 1, shorts(new short[] { (short) (photometric >= 0 ? photometric : spp >= 3 ? 2
			: 1) }) });
		tags.put(277, new Object[] { 3, 1, shorts(new short[] { (short) spp }) });
		tags.put(339, new Object[] { 3, spp, shorts(fill(spp, sampleFormat)) });
		if (predictor != 1) tags.put(317, new Object[] { 3, 1, shorts(new short[] { (short) predictor }) });
		long[] counts = new long[chunks.size()];
		for (int i = 0; i < counts.length; i++) counts[i] = chunks.get(i).length;
		int offTag = tile > 0 ? 324 : 273, cntTag = tile > 0 ? 325 : 279;
		if (tile > 0) {
			tags.put(322, new Object[] { 4, 1, longs(tile) });
			tags.put(323, new Object[] { 4, 1, longs(tile) });
		}
		else tags.put(278, new Object[] { 4, 1, longs(ch) });
		tags.put(offTag, new Object[] { 4, counts.length, longs(new long[counts.length]) }); // placeholder
		tags.put(cntTag, new Object[] { 4, counts.length, longs(counts) });
		// layout: header(8) | pixel chunks | tag values | IFD
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M');
		out.write(order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M');
		ByteBuffer h = ByteBuffer.allocate(6).order(order);
		h.putShort((short) 42).putInt(0);
		out.write(h.array(), 0, 6);
		long[] offs = new long[chunks.size()];
		for (int i = 0; i < offs.length; i++) {
			offs[i] = out.size();
			out.write(chunks.get(i), 0, chunks.get(i).length);
		}
		tags.put(offTag, new Object[] { 4, offs.length, longs(offs) });
		Map<Integer, Long> valueAt = new TreeMap<>();
		for (Map.Entry<Integer, Object[]> e : tags.entrySet()) {
			byte[] v = (byte[]) e.getValue()[2];
			if (v.length > 4) {
				if (out.size() % 2 == 1) out.write(0);
				valueAt.put(e.getKey(), (long) out.size());
				out.write(v, 0, v.length);
			}
		}
		if (out.size() % 2 == 1) out.write(0);
		long ifd = out.size();
		ByteBuffer d = ByteBuffer.allocate(2 + 12 * tags.size() + 4).order(order);
		d.putShort((short) tags.size());
		for (Map.Entry<Integer, Object[]> e : tags.entrySet()) {
			byte[] v = (byte[]) e.getValue()[2];
			d.putShort((short) (int) e.getKey()).putShort((short) (int) (Integer) e.getValue()[0]).putInt(
				((Number) e.getValue()[1]).intValue());
			if (v.length > 4) d.putInt((int) (long) valueAt.get(e.getKey()));
			else {
				byte[] four = new byte[4];
				System.arraycopy(v, 0, four, 0, v.length);
				d.put(four);
			}
		}
		d.putInt(0);
		out.write(d.array(), 0, d.capacity());
		byte[] all = out.toByteArray();
		ByteBuffer.wrap(all).order(order).putInt(4, (int) ifd);
		return all;
	}

	private static short[] fill(int n, int v) {
		short[] s = new short[n];
		java.util.Arrays.fill(s, (short) v);
		return s;
	}

	private byte[] longs(long... v) {
		ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
		for (long x : v) b.putInt((int) x);
		return b.array();
	}

	private byte[] shorts(short[] v) {
		ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(order);
		for (short x : v) b.putShort(x);
		return b.array();
	}
}
