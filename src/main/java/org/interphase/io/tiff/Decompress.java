package org.interphase.io.tiff;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * TIFF strip / tile decompressors. Each writes into an output of the size the page geometry asks for and stops
 * there, so a hostile stream can neither grow memory nor loop.
 */
public final class Decompress {
	private Decompress() {}

	/** Copies src[off, off+len) of the buffer into a new array. */
	static byte[] slice(ByteBuffer buf, long off, int len) {
		byte[] b = new byte[len];
		ByteBuffer d = buf.duplicate();
		d.position((int) off);
		d.get(b);
		return b;
	}

	/** PackBits (Macintosh run-length) into out; returns bytes written. */
	public static int packBits(byte[] in, byte[] out) {
		int i = 0, o = 0;
		while (i < in.length && o < out.length) {
			int n = in[i++];
			if (n >= 0) {
				int c = Math.min(n + 1, Math.min(out.length - o, in.length - i));
				System.arraycopy(in, i, out, o, c);
				i += n + 1;
				o += c;
			}
			else if (n != -128) {
				if (i >= in.length) break;
				byte v = in[i++];
				int c = Math.min(1 - n, out.length - o);
				for (int k = 0; k < c; k++) out[o++] = v;
			}
		}
		return o;
	}

	/** TIFF LZW (MSB-first codes, 9 to 12 bits, early change) into out; returns bytes written. */
	public static int lzw(byte[] in, byte[] out) {
		int[] prefix = new int[4096];
		byte[] suffix = new byte[4096];
		int[] length = new int[4096];
		byte[] first = new byte[4096];
		for (int i = 0; i < 256; i++) {
			prefix[i] = -1;
			suffix[i] = (byte) i;
			length[i] = 1;
			first[i] = (byte) i;
		}
		int next = 258;
		int width = 9;
		long bitPos = 0;
		long totalBits = (long) in.length * 8;
		int o = 0;
		int old = -1;
		byte[] stack = new byte[4096];
		while (o < out.length && bitPos + width <= totalBits) {
			int code = 0;
			for (int k = 0; k < width; k++) {
				long bp = bitPos + k;
				code = (code << 1) | ((in[(int) (bp >>> 3)] >> (7 - (int) (bp & 7))) & 1);
			}
			bitPos += width;
			if (code == 257) break;
			if (code == 256) {
				next = 258;
				width = 9;
				old = -1;
				continue;
			}
			int emit;
			if (code < next && (code < 256 || code >= 258)) emit = code;
			else if (code == next && old >= 0) emit = -1; // KwKwK case
			else throw new IllegalArgumentException("LZW stream has an invalid code " + code);
			int entry = emit >= 0 ? emit : old;
			// write entry string (and for KwKwK, the first byte of old again)
			int n = 0;
			int c = entry;
			while (c >= 0 && n < stack.length) {
				stack[n++] = suffix[c];
				c = prefix[c];
			}
			for (int k = n - 1; k >= 0 && o < out.length; k--) out[o++] = stack[k];
			byte firstByte = first[entry];
			if (emit < 0 && o < out.length) out[o++] = firstByte;
			if (old >= 0 && next < 4096) {
				prefix[next] = old;
				suffix[next] = emit >= 0 ? firstByte : first[old];
				first[next] = first[old];
				length[next] = length[old] + 1;
				next++;
			}
			old = emit >= 0 ? emit : next - 1;
			if (next + 1 >= (1 << width) && width < 12) width++;
		}
		return o;
	}

	/** zlib / Deflate into out; returns bytes written. */
	public static int inflate(byte[] in, byte[] out) {
		Inflater inf = new Inflater();
		try {
			inf.setInput(in);
			int o = 0;
			int stalls = 0;
			while (o < out.length && !inf.finished()) {
				int n = inf.inflate(out, o, out.length - o);
				o += n;
				if (n == 0) {
					if (inf.needsInput() || inf.needsDictionary() || ++stalls > 4) break;
				}
			}
			return o;
		}
		catch (DataFormatException e) {
			throw new IllegalArgumentException("Deflate stream is corrupt: " + e.getMessage(), e);
		}
		finally {
			inf.end();
		}
	}
}
