package org.interphase.io.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The container of a TIFF (and BigTIFF) file: byte order and the chain of image file directories with their
 * tags. Every offset and count is checked against the file length; the IFD chain is bounded and loops in it are
 * detected, so a hostile file fails with a {@link TiffFormatException} naming the byte offset.
 */
public final class TiffFile {
	public static final int MAX_PAGES = 100_000;
	public static final int MAX_ENTRIES = 10_000;
	/** Most tag entries over all IFDs (overlapping IFDs could otherwise make parsing quadratic). */
	public static final long MAX_TOTAL_ENTRIES = 2_000_000;
	private long totalEntries;

	/** A malformed TIFF structure at a byte offset. */
	public static final class TiffFormatException extends RuntimeException {
		private static final long serialVersionUID = 1L;

		public TiffFormatException(String message, long offset) {
			super(message + (offset >= 0 ? " (at byte " + offset + ")" : ""));
		}
	}

	/** One tag of an IFD: type, count and where its value bytes are. */
	public static final class Tag {
		public final int id, type;
		public final long count, valueOffset;

		Tag(int id, int type, long count, long valueOffset) {
			this.id = id;
			this.type = type;
			this.count = count;
			this.valueOffset = valueOffset;
		}
	}

	/** One image file directory (a page). */
	public final class Ifd {
		public final long offset;
		public final Map<Integer, Tag> tags = new TreeMap<>();

		Ifd(long offset) {
			this.offset = offset;
		}

		public boolean has(int id) {
			return tags.containsKey(id);
		}

		/** Integer values of a tag (BYTE, SHORT, LONG, LONG8, signed variants); null when absent. */
		public long[] longs(int id) {
			Tag t = tags.get(id);
			if (t == null) return null;
			int n = checkedCount(t, 1 << 26);
			long[] v = new long[n];
			for (int i = 0; i < n; i++) v[i] = (long) value(t, i);
			return v;
		}

		public long longValue(int id, long dflt) {
			long[] v = longs(id);
			return v == null || v.length == 0 ? dflt : v[0];
		}

		/** Numeric values as doubles (rationals divided); null when absent. */
		public double[] doubles(int id) {
			Tag t = tags.get(id);
			if (t == null) return null;
			int n = checkedCount(t, 1 << 26);
			double[] v = new double[n];
			for (int i = 0; i < n; i++) v[i] = value(t, i);
			return v;
		}

		public double doubleValue(int id, double dflt) {
			double[] v = doubles(id);
			return v == null || v.length == 0 ? dflt : v[0];
		}

		/** The raw bytes of a tag's value. */
		public byte[] bytes(int id) {
			Tag t = tags.get(id);
			if (t == null) return null;
			long len = t.count * typeSize(t.type);
			if (len > Integer.MAX_VALUE - 16) throw new TiffFormatException("tag " + id + " too large", t.valueOffset);
			byte[] b = new byte[(int) len];
			ByteBuffer d = buf.duplicate();
			d.position((int) t.valueOffset);
			d.get(b);
			return b;
		}

		/** ASCII / UTF-8 text of a tag (up to the first NUL at the end); null when absent. */
		public String text(int id) {
			byte[] b = bytes(id);
			if (b == null) return null;
			int n = b.length;
			while (n > 0 && b[n - 1] == 0) n--;
			String s = new String(b, 0, n, StandardCharsets.UTF_8);
			if (s.indexOf('\uFFFD') >= 0) s = new String(b, 0, n, StandardCharsets.ISO_8859_1);
			return s;
		}

		private int checkedCount(Tag t, int max) {
			if (t.count > max) throw new TiffFormatException("tag " + t.id + " has " + t.count + " values", t.valueOffset);
			return (int) t.count;
		}

		private double value(Tag t, int i) {
			long at = t.valueOffset + (long) i * typeSize(t.type);
			int p = (int) at;
			switch (t.type) {
				case 1:
				case 2:
				case 7: return buf.get(p) & 0xff;
				case 6: return buf.get(p);
				case 3: return buf.getShort(p) & 0xffff;
				case 8: return buf.getShort(p);
				case 4:
				case 13: return buf.getInt(p) & 0xffffffffL;
				case 9: return buf.getInt(p);
				case 5: {
					long num = buf.getInt(p) & 0xffffffffL;
					long den = buf.getInt(p + 4) & 0xffffffffL;
					return den == 0 ? Double.NaN : (double) num / den;
				}
				case 10: {
					int num = buf.getInt(p);
					int den = buf.getInt(p + 4);
					return den == 0 ? Double.NaN : (double) num / den;
				}
				case 11: return buf.getFloat(p);
				case 12: return buf.getDouble(p);
				case 16:
				case 17:
				case 18: return buf.getLong(p);
				default: return Double.NaN;
			}
		}
	}

	public final ByteBuffer buf;
	public final ByteOrder order;
	public final boolean bigTiff;
	public final List<Ifd> pages = new ArrayList<>();

	private TiffFile(ByteBuffer buffer) {
		long len = buffer.limit();
		if (len < 8) throw new TiffFormatException("file too short for a TIFF header", 0);
		byte a = buffer.get(0), b = buffer.get(1);
		if (a == 'I' && b == 'I') order = ByteOrder.LITTLE_ENDIAN;
		else if (a == 'M' && b == 'M') order = ByteOrder.BIG_ENDIAN;
		else throw new TiffFormatException("not a TIFF file (no II/MM byte-order mark)", 0);
		this.buf = buffer.duplicate().order(order);
		int magic = buf.getShort(2) & 0xffff;
		long first;
		if (magic == 42) {
			bigTiff = false;
			first = buf.getInt(4) & 0xffffffffL;
		}
		else if (magic == 43) {
			bigTiff = true;
			if (len < 16) throw new TiffFormatException("file too short for a BigTIFF header", 0);
			first = buf.getLong(8);
		}
		else throw new TiffFormatException("not a TIFF file (magic number " + magic + ")", 2);
		Set<Long> seen = new HashSet<>();
		long next = first;
		while (next != 0) {
			if (!seen.add(next)) throw new TiffFormatException("IFD chain loops back to byte " + next, next);
			if (pages.size() >= MAX_PAGES) throw new TiffFormatException("more than " + MAX_PAGES + " pages", next);
			next = readIfd(next);
		}
		if (pages.isEmpty()) throw new TiffFormatException("TIFF holds no image directory", 4);
	}

	public static TiffFile parse(ByteBuffer buf) {
		return new TiffFile(buf);
	}

	static int typeSize(int type) {
		switch (type) {
			case 1: case 2: case 6: case 7: return 1;
			case 3: case 8: return 2;
			case 4: case 9: case 11: case 13: return 4;
			case 5: case 10: case 12: case 16: case 17: case 18: return 8;
			default: return 1;
		}
	}

	private long readIfd(long at) {
		long len = buf.limit();
		int countSize = bigTiff ? 8 : 2;
		int entrySize = bigTiff ? 20 : 12;
		int offSize = bigTiff ? 8 : 4;
		if (at < 8 || at + countSize > len) throw new TiffFormatException("IFD offset " + at +
			" lies outside the file (" + len + " bytes)", at);
		long n = bigTiff ? buf.getLong((int) at) : buf.getShort((int) at) & 0xffff;
		if (n > MAX_ENTRIES || at + countSize + n * entrySize + offSize > len) throw new TiffFormatException("IFD with " +
			n + " entries runs past the end of the file", at);
		totalEntries += n;
		if (totalEntries > MAX_TOTAL_ENTRIES) throw new TiffFormatException("more than " + MAX_TOTAL_ENTRIES +
			" tag entries in the IFD chain", at);
		Ifd ifd = new Ifd(at);
		long p = at + countSize;
		for (int i = 0; i < n; i++, p += entrySize) {
			int id = buf.getShort((int) p) & 0xffff;
			int type = buf.getShort((int) p + 2) & 0xffff;
			long count = bigTiff ? buf.getLong((int) p + 4) : buf.getInt((int) p + 4) & 0xffffffffL;
			long size = typeSize(type);
			if (count < 0 || count > len) throw new TiffFormatException("tag " + id + " claims " + count + " values",
				p);
			long bytes = count * size;
			long valueAt;
			if (bytes <= offSize) valueAt = p + (bigTiff ? 12 : 8);
			else {
				valueAt = bigTiff ? buf.getLong((int) p + 12) : buf.getInt((int) p + 8) & 0xffffffffL;
				if (valueAt < 0 || valueAt + bytes > len) throw new TiffFormatException("tag " + id + " value (" + bytes +
					" bytes at " + valueAt + ") lies outside the file", p);
			}
			ifd.tags.put(id, new Tag(id, type, count, valueAt));
		}
		pages.add(ifd);
		return bigTiff ? buf.getLong((int) p) : buf.getInt((int) p) & 0xffffffffL;
	}
}
