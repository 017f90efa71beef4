package org.interphase.io.renishaw;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WiRE property sets ("PSET" streams in WXDA, WXDM, WXCS, WXIS, ZLDC blocks): typed entries, each with a
 * 16-bit key; key names come as separate 'k' entries, possibly at another nesting level, so values are named
 * through one dictionary per block. Nested sets ('p') give paths "outer/inner". Compressed entries are skipped.
 * Reads defensively: a malformed set stops the walk and returns what was read so far.
 */
final class Pset {
	private Pset() {}

	private static final int MAGIC = 0x54455350; // "PSET"

	private static final class Value {
		final int[] path;
		final Object value;

		Value(int[] path, Object value) {
			this.path = path;
			this.value = value;
		}
	}

	static Map<String, Object> read(ByteBuffer b) {
		Map<Integer, String> keys = new HashMap<>();
		List<Value> values = new ArrayList<>();
		try {
			if (b.remaining() < 8 || b.getInt(0) != MAGIC) return new LinkedHashMap<>();
			long size = b.getInt(4) & 0xffffffffL;
			int end = (int) Math.min(b.limit(), 8 + size);
			walk(b, 8, end, new int[0], keys, values, 0);
		}
		catch (RuntimeException e) {
			// malformed: keep what was read
		}
		Map<String, Object> out = new LinkedHashMap<>();
		for (Value v : values) {
			StringBuilder p = new StringBuilder();
			for (int id : v.path) {
				if (p.length() > 0) p.append('/');
				p.append(keys.getOrDefault(id, "#" + id));
			}
			out.putIfAbsent(p.toString(), v.value);
		}
		return out;
	}

	private static void walk(ByteBuffer b, int pos, int end, int[] path, Map<Integer, String> keys, List<Value> values,
		int depth)
	{
		if (depth > 16) return;
		while (pos + 4 <= end) {
			char type = (char) (b.get(pos) & 0xff);
			int flag = b.get(pos + 1) & 0xff;
			int key = b.getShort(pos + 2) & 0xffff;
			pos += 4;
			int[] here = append(path, key);
			if (flag == 64) { // compressed
				long n = b.getInt(pos) & 0xffffffffL;
				pos += 4;
				if (n > end - pos) return;
				pos += (int) n;
				continue;
			}
			if (flag == 128) { // array of a single type
				long count = b.getInt(pos) & 0xffffffffL;
				pos += 4;
				int w = width(type);
				if (w == 0 || count * w > end - pos) return;
				if (count <= 16) {
					double[] a = new double[(int) count];
					for (int i = 0; i < count; i++) a[i] = single(b, pos + i * w, type).doubleValue();
					values.add(new Value(here, a.length == 1 ? (Object) a[0] : java.util.Arrays.toString(a)));
				}
				pos += (int) (count * w);
				continue;
			}
			if (flag != 0) return;
			int w = width(type);
			if (w > 0) {
				if (w > end - pos) return;
				Number v = single(b, pos, type);
				if (!(v instanceof Double) || Double.isFinite(v.doubleValue())) values.add(new Value(here, v));
				pos += w;
				continue;
			}
			if (pos + 4 > end) return;
			long n = b.getInt(pos) & 0xffffffffL;
			pos += 4;
			if (n > end - pos) return;
			int len = (int) n;
			switch (type) {
				case 'k': {
					keys.put(key, string(b, pos, len));
					break;
				}
				case 'u': {
					values.add(new Value(here, string(b, pos, len)));
					break;
				}
				case 'p': {
					walk(b, pos, pos + len, here, keys, values, depth + 1);
					break;
				}
				case 'b':
					break;
				default:
					return;
			}
			pos += len;
		}
	}

	private static int[] append(int[] a, int v) {
		int[] r = java.util.Arrays.copyOf(a, a.length + 1);
		r[a.length] = v;
		return r;
	}

	private static int width(char type) {
		switch (type) {
			case 'c':
			case '?':
				return 1;
			case 's':
				return 2;
			case 'i':
			case 'r':
				return 4;
			case 'w':
			case 'q':
			case 't':
				return 8;
			default:
				return 0;
		}
	}

	private static Number single(ByteBuffer b, int pos, char type) {
		switch (type) {
			case 'c':
				return (int) b.get(pos);
			case '?':
				return b.get(pos) & 0xff;
			case 's':
				return (int) b.getShort(pos);
			case 'i':
				return b.getInt(pos);
			case 'r':
				return (double) b.getFloat(pos);
			case 'w':
			case 't':
				return b.getLong(pos);
			case 'q':
				return b.getDouble(pos);
			default:
				return Double.NaN;
		}
	}

	private static String string(ByteBuffer b, int pos, int len) {
		byte[] s = new byte[len];
		for (int i = 0; i < len; i++) s[i] = b.get(pos + i);
		return new String(s, StandardCharsets.UTF_8).replace("\u0000", "");
	}
}
