package org.interphase.io.fuzz;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of a file's bytes, as damaged files come: truncation, byte flips, inflated size fields (a 2-,
 * 4- or 8-byte word in the header set to a huge or extreme value), a number in a text file made huge or negative,
 * and a chunk duplicated or cut out. One seed, one mutant: a finding is reproduced from its seed.
 */
public final class Mutator {
	private Mutator() {}

	public static final String[] KINDS = { "truncate", "flip", "inflate", "text-number", "splice" };

	public static byte[] mutate(byte[] in, long seed, String[] kindOut) {
		Random r = new Random(seed);
		String kind = KINDS[r.nextInt(KINDS.length)];
		if (kindOut != null) kindOut[0] = kind;
		byte[] b = in.clone();
		if (b.length == 0) return b;
		switch (kind) {
			case "truncate":
				return Arrays.copyOf(b, r.nextBoolean() ? r.nextInt(Math.min(b.length, 4096)) : r.nextInt(b.length));
			case "flip": {
				int n = 1 + r.nextInt(8);
				int region = r.nextBoolean() ? Math.min(b.length, 1024) : b.length;
				for (int i = 0; i < n; i++) b[r.nextInt(region)] ^= (byte) (1 << r.nextInt(8));
				return b;
			}
			case "inflate": {
				int region = Math.min(b.length, r.nextInt(4) == 0 ? b.length : 2048);
				int width = new int[] { 2, 4, 8 }[r.nextInt(3)];
				if (region <= width) return b;
				int at = r.nextInt(region - width);
				long[] values = { 0xFFFFL, 0x7FFFFFFFL, 0xFFFFFFFFL, 0x80000000L, 0x7FFFFFFFFFFFFFFFL, -1L, 0, 65535L * 65535L,
					1L << 40 };
				long v = values[r.nextInt(values.length)];
				boolean little = r.nextBoolean();
				for (int i = 0; i < width; i++) b[at + (little ? i : width - 1 - i)] = (byte) (v >>> (8 * i));
				return b;
			}
			case "text-number": {
				// a run of digits (a count, a size, a dimension in a text header) replaced by a huge or odd number
				int start = -1, tries = 0;
				while (tries++ < 50) {
					int i = r.nextInt(b.length);
					if (b[i] >= '0' && b[i] <= '9') {
						start = i;
						break;
					}
				}
				if (start < 0) return b;
				int s = start, e = start;
				while (s > 0 && b[s - 1] >= '0' && b[s - 1] <= '9') s--;
				while (e < b.length && b[e] >= '0' && b[e] <= '9') e++;
				String[] repl = { "99999999999", "2147483647", "-1", "1e308", "NaN", "0", "4294967296", "" };
				byte[] x = repl[r.nextInt(repl.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
				byte[] out = new byte[b.length - (e - s) + x.length];
				System.arraycopy(b, 0, out, 0, s);
				System.arraycopy(x, 0, out, s, x.length);
				System.arraycopy(b, e, out, s + x.length, b.length - e);
				return out;
			}
			default: {
				// splice: cut a chunk out, or repeat one
				int a = r.nextInt(b.length), len = 1 + r.nextInt(Math.max(1, Math.min(4096, b.length - a)));
				len = Math.min(len, b.length - a);
				if (r.nextBoolean()) {
					byte[] out = new byte[b.length - len];
					System.arraycopy(b, 0, out, 0, a);
					System.arraycopy(b, a + len, out, a, b.length - a - len);
					return out;
				}
				byte[] out = new byte[b.length + len];
				System.arraycopy(b, 0, out, 0, a + len);
				System.arraycopy(b, a, out, a + len, b.length - a);
				return out;
			}
		}
	}
}
