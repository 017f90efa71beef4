package org.interphase.io.dm;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.interphase.io.dm.RawDecoder.Type;

/**
 * The tag tree of a DigitalMicrograph DM3 / DM4 file: groups of named (or unnamed, in lists) entries whose
 * values are groups, scalars, short structs or references to arrays left in the file. Positions are long: the tree
 * is read from the {@link FileBytes} of a file of any size (tags of in-situ series and spectrum images over 2 GiB
 * lie past their data). Parsing checks every count against the bytes left, bounds the depth, the number of tags
 * and the length of strings, so a hostile header fails with a {@link DmFormatException} carrying the byte offset.
 */
public final class DmTags {
	/** Deepest tag nesting accepted; real files stay below 15. */
	public static final int MAX_DEPTH = 64;
	/** Most tags accepted in one file; real files hold a few thousand. */
	public static final int MAX_TAGS = 2_000_000;
	/** Longest string tag (type 18) read; DM stores its text as short uint16 arrays. */
	static final long MAX_STRING = 1 << 24;

	/** A parse failure at a byte offset. */
	public static final class DmFormatException extends RuntimeException {
		private static final long serialVersionUID = 1L;
		public final long offset;

		DmFormatException(String message, long offset) {
			super(message + " (at byte " + offset + ")");
			this.offset = offset;
		}
	}

	/** A named entry of a group; unnamed entries (list items) have an empty name. */
	public static final class Entry {
		public final String name;
		public final Object value;

		Entry(String name, Object value) {
			this.name = name;
			this.value = value;
		}
	}

	/** A tag group: ordered entries, names not necessarily unique. */
	public static final class Group {
		public final List<Entry> entries = new ArrayList<>();

		/** The first entry of that name, or null. */
		public Object get(String name) {
			for (Entry e : entries)
				if (e.name.equals(name)) return e.value;
			return null;
		}

		public Group group(String name) {
			Object o = get(name);
			return o instanceof Group ? (Group) o : null;
		}

		/** Follows a path of names separated by '/'; null when any step is missing. */
		public Object path(String path) {
			Object cur = this;
			for (String p : path.split("/")) {
				if (!(cur instanceof Group)) return null;
				cur = ((Group) cur).get(p);
				if (cur == null) return null;
			}
			return cur;
		}

		public List<Object> items() {
			List<Object> out = new ArrayList<>();
			for (Entry e : entries) out.add(e.value);
			return out;
		}
	}

	/** An array left in the file: element layout, count and where its bytes are. */
	public static final class ArrayRef {
		/** Element type codes: one for simple arrays, the field types for arrays of structs. */
		public final int[] fieldTypes;
		public final long count;
		public final long offset;
		public final long byteLength;

		ArrayRef(int[] fieldTypes, long count, long offset, long byteLength) {
			this.fieldTypes = fieldTypes;
			this.count = count;
			this.offset = offset;
			this.byteLength = byteLength;
		}

		public boolean isSimple() {
			return fieldTypes.length == 1;
		}
	}

	public final int version;
	public final ByteOrder dataOrder;
	public final Group root;
	/** The file's bytes: the tag structure big-endian, the values in {@link #dataOrder} ({@link #data}). */
	final FileBytes bytes;
	/** The file's bytes in the data's byte order. */
	final FileBytes data;
	private final long length;
	private int tagCount;

	private DmTags(FileBytes file) {
		this.bytes = file.order(ByteOrder.BIG_ENDIAN);
		length = bytes.length();
		if (length < 16) throw new DmFormatException("file too short for a DM header", 0);
		version = bytes.getInt(0);
		if (version != 3 && version != 4) throw new DmFormatException("not a DM3/DM4 file: version field is " +
			version, 0);
		int pos;
		int order;
		if (version == 3) {
			order = bytes.getInt(8);
			pos = 12;
		}
		else {
			if (length < 20) throw new DmFormatException("file too short for a DM4 header", 0);
			order = bytes.getInt(12);
			pos = 16;
		}
		if (order != 0 && order != 1) throw new DmFormatException("byte order field is " + order +
			" (expected 0 or 1)", version == 3 ? 8 : 12);
		dataOrder = order == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		data = bytes.order(dataOrder);
		this.pos = pos;
		root = new Group();
		readGroupBody(root, 0);
	}

	/** Parses the tag tree of a whole DM file. */
	public static DmTags parse(FileBytes file) {
		return new DmTags(file);
	}

	private long pos;

	private void need(long n, String what) {
		if (n < 0 || pos + n > length) throw new DmFormatException("truncated: " + what + " needs " + n +
			" bytes but " + Math.max(0, length - pos) + " are left", pos);
	}

	private int u8() {
		need(1, "byte");
		return bytes.get(pos++) & 0xff;
	}

	private int u16() {
		need(2, "short");
		int v = bytes.getShort(pos) & 0xffff;
		pos += 2;
		return v;
	}

	/** A size / count field: 32-bit in DM3, 64-bit in DM4 (both big-endian). */
	private long size() {
		if (version == 3) {
			need(4, "size field");
			long v = bytes.getInt(pos) & 0xffffffffL;
			pos += 4;
			return v;
		}
		need(8, "size field");
		long v = bytes.getLong(pos);
		pos += 8;
		return v;
	}

	private void readGroupBody(Group g, int depth) {
		if (depth > MAX_DEPTH) throw new DmFormatException("tag groups nested deeper than " + MAX_DEPTH, pos);
		u8(); // sorted
		u8(); // open
		long start = pos;
		long n = size();
		// every tag takes at least 4 bytes (type, name length, '%%%%' or group header)
		if (n < 0 || n > (length - pos) / 4 + 1) throw new DmFormatException("tag group claims " + n +
			" tags, more than the file can hold", start);
		for (long i = 0; i < n; i++) {
			if (++tagCount > MAX_TAGS) throw new DmFormatException("more than " + MAX_TAGS + " tags", pos);
			long entryStart = pos;
			int kind = u8();
			if (kind == 0) break; // end marker (seen in some files)
			int nameLen = u16();
			need(nameLen, "tag name");
			String name = bytes.latin1(pos, nameLen);
			pos += nameLen;
			if (version == 4) size(); // total size of the tag, not needed when parsing in sequence
			if (kind == 20) {
				Group child = new Group();
				readGroupBody(child, depth + 1);
				g.entries.add(new Entry(name, child));
			}
			else if (kind == 21) {
				g.entries.add(new Entry(name, readData(name)));
			}
			else {
				throw new DmFormatException("unknown tag kind " + kind + " for tag '" + name + "'", entryStart);
			}
		}
	}

	private static int typeSize(int t, long at) {
		switch (t) {
			case 2: case 4: return 2;
			case 3: case 5: case 6: return 4;
			case 7: case 11: case 12: return 8;
			case 8: case 9: case 10: return 1;
			default:
				throw new DmFormatException("unknown DM data type " + t, at);
		}
	}

	/** Maps a DM tag element type to a decoder type. */
	public static Type decoderType(int t) {
		switch (t) {
			case 2: return Type.INT16;
			case 3: return Type.INT32;
			case 4: return Type.UINT16;
			case 5: return Type.UINT32;
			case 6: return Type.FLOAT32;
			case 7: return Type.FLOAT64;
			case 8: return Type.BOOL;
			case 9: return Type.INT8;
			case 10: return Type.UINT8;
			case 11: return Type.INT64;
			case 12: return Type.UINT64;
			default:
				throw new DmFormatException("unknown DM data type " + t, -1);
		}
	}

	private Object readData(String name) {
		long at = pos;
		need(4, "'%%%%' marker");
		if (bytes.getInt(pos) != 0x25252525) throw new DmFormatException("missing '%%%%' marker of tag '" + name + "'",
				pos);
		pos += 4;
		long ninfo = size();
		if (ninfo < 1 || ninfo > 100_000 || ninfo * (version == 3 ? 4 : 8) > length - pos)
			throw new DmFormatException("tag '" + name + "' has an info array of " + ninfo + " entries", at);
		long[] info = new long[(int) ninfo];
		for (int i = 0; i < ninfo; i++) info[i] = size();
		int t = (int) info[0];
		if (info[0] != t) throw new DmFormatException("tag '" + name + "' has type " + info[0], at);
		if (t == 15) {
			int[] fields = structFields(info, 1, at, name);
			return readStruct(fields);
		}
		if (t == 18) {
			if (ninfo < 2) throw new DmFormatException("string tag '" + name + "' without length", at);
			long len = info[1];
			need(len, "string");
			if (len > MAX_STRING) throw new DmFormatException("string tag '" + name + "' of " + len + " bytes", at);
			String s = bytes.latin1(pos, (int) len);
			pos += len;
			return s;
		}
		if (t == 20) {
			if (ninfo < 3) throw new DmFormatException("array tag '" + name + "' without element type", at);
			int et = (int) info[1];
			int[] fields;
			long count;
			if (et == 15) {
				fields = structFields(info, 2, at, name);
				int idx = 2 + 2 + 2 * fields.length;
				if (idx >= ninfo) throw new DmFormatException("array of structs '" + name + "' without count", at);
				count = info[idx];
			}
			else if (et == 20 || et == 18) {
				throw new DmFormatException("nested arrays in tag '" + name + "' are not supported", at);
			}
			else {
				fields = new int[] { et };
				count = info[2];
			}
			long elem = 0;
			for (int f : fields) elem += typeSize(f, at);
			if (count < 0 || (elem > 0 && count > (length - pos) / elem)) throw new DmFormatException(
				"array tag '" + name + "' claims " + count + " elements of " + elem + " bytes, more than the " +
					(length - pos) + " bytes left", at);
			long len = count * elem;
			ArrayRef ref = new ArrayRef(fields, count, pos, len);
			pos += len;
			return ref;
		}
		int size = typeSize(t, at);
		need(size, "value of tag '" + name + "'");
		double v = data.value(pos, decoderType(t));
		pos += size;
		if (t == 8) return v != 0;
		if (t == 6 || t == 7) return v;
		return (long) v;
	}

	private int[] structFields(long[] info, int from, long at, String name) {
		// [namelength, nfields, (fieldnamelength, fieldtype) * nfields]
		if (from + 1 >= info.length) throw new DmFormatException("struct tag '" + name + "' is incomplete", at);
		long nf = info[from + 1];
		if (nf < 0 || from + 2 + 2 * nf > info.length) throw new DmFormatException("struct tag '" + name +
			"' claims " + nf + " fields", at);
		int[] f = new int[(int) nf];
		for (int i = 0; i < nf; i++) {
			f[i] = (int) info[from + 2 + 2 * i + 1];
			typeSize(f[i], at);
		}
		return f;
	}

	private double[] readStruct(int[] fields) {
		double[] v = new double[fields.length];
		for (int i = 0; i < fields.length; i++) {
			int s = typeSize(fields[i], pos);
			need(s, "struct field");
			v[i] = data.value(pos, decoderType(fields[i]));
			pos += s;
		}
		return v;
	}

	/** A short uint16 / int8 / uint8 array as text (DM stores strings as arrays of UTF-16 code units). */
	public String text(ArrayRef a) {
		if (!a.isSimple() || a.count > 100_000) return null;
		int t = a.fieldTypes[0];
		int n = (int) a.count;
		StringBuilder sb = new StringBuilder(n);
		if (t == 4) {
			double[] v = RawDecoder.decode(data.slice(a.offset, 2L * n), 0, Type.UINT16, dataOrder, n);
			for (double c : v) if (c != 0) sb.append((char) c);
			return sb.toString();
		}
		if (t == 9 || t == 10) {
			double[] v = RawDecoder.decode(data.slice(a.offset, n), 0, Type.UINT8, dataOrder, n);
			for (double c : v) if (c != 0) sb.append((char) c);
			return sb.toString();
		}
		return null;
	}

	/** A short numeric array's values (null when too long or not simple). */
	public double[] numbers(ArrayRef a, int maxCount) {
		if (!a.isSimple() || a.count > maxCount) return null;
		return RawDecoder.decode(data.slice(a.offset, a.byteLength), 0, decoderType(a.fieldTypes[0]), dataOrder,
			(int) a.count);
	}
}
