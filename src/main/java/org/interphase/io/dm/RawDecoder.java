package org.interphase.io.dm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

import org.interphase.core.Parallel;

/**
 * Bulk conversion of typed binary arrays to double[]: one call per array through the NIO views, never one
 * stream call per element. Shared by the DM, TIA and TIFF readers.
 */
public final class RawDecoder {
	private RawDecoder() {}

	/** Element types the readers know, with their numpy names. */
	public enum Type {
		INT8("int8", 1), UINT8("uint8", 1), INT16("int16", 2), UINT16("uint16", 2), INT32("int32", 4),
		UINT32("uint32", 4), INT64("int64", 8), UINT64("uint64", 8), FLOAT32("float32", 4), FLOAT64("float64", 8),
		BOOL("bool", 1);

		public final String numpy;
		public final int bytes;

		Type(String numpy, int bytes) {
			this.numpy = numpy;
			this.bytes = bytes;
		}
	}

	/**
	 * Decodes {@code count} values of type t starting at {@code offset} of buf (absolute, buf unchanged) into
	 * out[outStart..], every {@code stride}-th element of the source taken when stride &gt; 1 (used to split
	 * interleaved complex or RGB data).
	 */
	public static void decode(ByteBuffer buf, long offset, Type t, ByteOrder order, int count, double[] out,
		int outStart, int stride)
	{
		if (count == 0) return;
		long need = offset + (long) t.bytes * ((long) (count - 1) * stride + 1);
		if (offset < 0 || need > buf.limit()) throw new IndexOutOfBoundsException("data run from byte " + offset +
			" to " + need + " is beyond the end (" + buf.limit() + ")");
		ByteBuffer b = buf.duplicate().order(order);
		b.position((int) offset);
		b = b.slice().order(order);
		switch (t) {
			case UINT8:
			case BOOL:
				for (int i = 0; i < count; i++) out[outStart + i] = b.get(i * stride) & 0xff;
				break;
			case INT8:
				for (int i = 0; i < count; i++) out[outStart + i] = b.get(i * stride);
				break;
			case INT16: {
				short[] a = new short[(count - 1) * stride + 1];
				b.asShortBuffer().get(a);
				for (int i = 0; i < count; i++) out[outStart + i] = a[i * stride];
				break;
			}
			case UINT16: {
				short[] a = new short[(count - 1) * stride + 1];
				b.asShortBuffer().get(a);
				for (int i = 0; i < count; i++) out[outStart + i] = a[i * stride] & 0xffff;
				break;
			}
			case INT32: {
				int[] a = new int[(count - 1) * stride + 1];
				b.asIntBuffer().get(a);
				for (int i = 0; i < count; i++) out[outStart + i] = a[i * stride];
				break;
			}
			case UINT32: {
				int[] a = new int[(count - 1) * stride + 1];
				b.asIntBuffer().get(a);
				for (int i = 0; i < count; i++) out[outStart + i] = a[i * stride] & 0xffffffffL;
				break;
			}
			case INT64: {
				long[] a = new long[(count - 1) * stride + 1];
				b.asLongBuffer().get(a);
				for (int i = 0; i < count; i++) out[outStart + i] = a[i * stride];
				break;
			}
			case UINT64: {
				long[] a = new long[(count - 1) * stride + 1];
				b.asLongBuffer().get(a);
				for (int i = 0; i < count; i++) {
					long v = a[i * stride];
					out[outStart + i] = v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
				}
				break;
			}
			case FLOAT32: {
				float[] a = new float[(count - 1) * stride + 1];
				b.asFloatBuffer().get(a);
				for (int i = 0; i < count; i++) out[outStart + i] = a[i * stride];
				break;
			}
			case FLOAT64: {
				if (stride == 1) {
					b.asDoubleBuffer().get(out, outStart, count);
				}
				else {
					double[] a = new double[(count - 1) * stride + 1];
					b.asDoubleBuffer().get(a);
					for (int i = 0; i < count; i++) out[outStart + i] = a[i * stride];
				}
				break;
			}
			default:
				throw new IllegalArgumentException("unknown type " + t);
		}
	}

	/**
	 * Reads runs of one typed array held in a buffer (usually the memory-mapped file) into double[]: a bulk copy
	 * through the typed NIO view into a small scratch array, then one tight conversion loop; no per-element
	 * buffer calls. Over {@link FileBytes} the elements are at long positions: the cursor views up to
	 * {@link FileBytes#MAX_RUN} bytes of the array at a time (one {@link FileBytes#slice}: an array up to 1 GiB
	 * in one view) and takes the next view when a read leaves it. Holds positions, so each thread uses its own
	 * cursor.
	 */
	public static final class Cursor {
		/** Most elements converted per bulk copy (bounds the scratch arrays). */
		static final int CHUNK = 1 << 14;
		private final FileBytes bytes;
		private final long offset;
		private final Type t;
		private final long count;
		/** Elements [first, first + held) are in the view b. */
		private long first;
		private int held;
		private ByteBuffer b;
		private ShortBuffer sv;
		private IntBuffer iv;
		private LongBuffer lv;
		private FloatBuffer fv;
		private DoubleBuffer dv;
		private byte[] ba;
		private short[] sa;
		private int[] ia;
		private long[] la;
		private float[] fa;

		/** A cursor over {@code count} elements of type t from byte {@code offset} of buf (which is not changed). */
		public Cursor(ByteBuffer buf, long offset, long count, Type t, ByteOrder order) {
			this(FileBytes.of(buf, order), offset, count, t);
		}

		/** A cursor over {@code count} elements of type t from byte {@code offset} of bytes, in their byte order. */
		public Cursor(FileBytes bytes, long offset, long count, Type t) {
			if (offset < 0 || count < 0 || count > (bytes.length() - offset) / t.bytes)
				throw new IndexOutOfBoundsException("data run of " + count + " " + t.numpy + " from byte " + offset +
					" is beyond the end (" + bytes.length() + ")");
			this.bytes = bytes;
			this.offset = offset;
			this.t = t;
			this.count = count;
			int scratch = (int) Math.min(CHUNK, count);
			switch (t) {
				case INT8: case UINT8: case BOOL: ba = new byte[scratch]; break;
				case INT16: case UINT16: sa = new short[scratch]; break;
				case INT32: case UINT32: ia = new int[scratch]; break;
				case INT64: case UINT64: la = new long[scratch]; break;
				case FLOAT32: fa = new float[scratch]; break;
				case FLOAT64: break;
				default: throw new IllegalArgumentException("unknown type " + t);
			}
		}

		/** Views elements from {@code index} on: as many as one slice of the bytes holds. */
		private void view(long index) {
			long n = Math.min(count - index, FileBytes.MAX_RUN / t.bytes);
			b = bytes.slice(offset + index * t.bytes, n * t.bytes);
			first = index;
			held = (int) n;
			switch (t) {
				case INT16: case UINT16: sv = b.asShortBuffer(); break;
				case INT32: case UINT32: iv = b.asIntBuffer(); break;
				case INT64: case UINT64: lv = b.asLongBuffer(); break;
				case FLOAT32: fv = b.asFloatBuffer(); break;
				case FLOAT64: dv = b.asDoubleBuffer(); break;
				default: break;
			}
		}

		/** Elements [index, index + n) to out[off..]. */
		public void read(long index, int n, double[] out, int off) {
			if (index < 0 || n < 0 || index + n > count) throw new IndexOutOfBoundsException("elements " + index + ".." +
				(index + n) + " of " + count);
			while (n > 0) {
				int m = Math.min(n, CHUNK);
				if (index < first || index + m > first + held) view(index);
				chunk((int) (index - first), m, out, off);
				index += m;
				off += m;
				n -= m;
			}
		}

		private void chunk(int index, int n, double[] out, int off) {
			switch (t) {
				case UINT8:
				case BOOL:
					b.position(index);
					b.get(ba, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = ba[i] & 0xff;
					break;
				case INT8:
					b.position(index);
					b.get(ba, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = ba[i];
					break;
				case INT16:
					sv.position(index);
					sv.get(sa, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = sa[i];
					break;
				case UINT16:
					sv.position(index);
					sv.get(sa, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = sa[i] & 0xffff;
					break;
				case INT32:
					iv.position(index);
					iv.get(ia, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = ia[i];
					break;
				case UINT32:
					iv.position(index);
					iv.get(ia, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = ia[i] & 0xffffffffL;
					break;
				case INT64:
					lv.position(index);
					lv.get(la, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = la[i];
					break;
				case UINT64:
					lv.position(index);
					lv.get(la, 0, n);
					for (int i = 0; i < n; i++) {
						long v = la[i];
						out[off + i] = v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
					}
					break;
				case FLOAT32:
					fv.position(index);
					fv.get(fa, 0, n);
					for (int i = 0; i < n; i++) out[off + i] = fa[i];
					break;
				case FLOAT64:
					dv.position(index);
					dv.get(out, off, n);
					break;
				default:
					throw new IllegalArgumentException("unknown type " + t);
			}
		}
	}

	/** Arrays below this many elements are decoded on the calling thread. */
	static final int PARALLEL_MIN = 1 << 20;
	/** Tile of the reordering decode: pixels per run read from one plane, planes per tile. */
	static final int TILE_PIXELS = 1024, TILE_PLANES = 64;

	/**
	 * Decodes an array stored with dimensions {@code dims} (fastest first, product at most 2^31 - 1, checked by
	 * the caller) into a new C-order double[] in which dimension {@code moved} has become the fastest, the others
	 * keeping their order: a spectrum image stored energy-slowest (x, y, energy) comes out as (y, x, energy).
	 * Conversion and reordering are one pass in cache-sized tiles straight from buf, spread over
	 * {@code threads}; {@code moved <= 0} decodes in file order.
	 */
	public static double[] decodeMovingToFastest(ByteBuffer buf, long offset, Type t, ByteOrder order, long[] dims,
		int moved, int threads)
	{
		long total = checkedProduct(dims, Integer.MAX_VALUE - 16);
		if (total < 0) throw new IllegalArgumentException("dimensions hold too many values");
		final int n = (int) total;
		// bounds checked once here; the per-thread cursors check again
		new Cursor(buf, offset, n, t, order);
		double[] out = new double[n];
		int below = 1; // values per plane of the moved dimension
		for (int i = 0; i < Math.max(0, moved); i++) below *= (int) dims[i];
		final int s = moved > 0 ? (int) dims[moved] : 1;
		final int th = n < PARALLEL_MIN ? 1 : Math.max(1, threads);
		if (moved <= 0 || s == 1 || below == 1) {
			int pieces = th == 1 ? 1 : th * 4;
			Parallel.forRange(pieces, th, (from, to) -> {
				Cursor c = new Cursor(buf, offset, n, t, order);
				int a = (int) ((long) n * from / pieces), z = (int) ((long) n * to / pieces);
				c.read(a, z - a, out, a);
			});
			return out;
		}
		final int bl = below;
		final int above = n / (s * below);
		final int bTiles = (below + TILE_PIXELS - 1) / TILE_PIXELS;
		// source [above][s][below] -> out [above][below][s]; each task owns a block of output rows
		Parallel.forRange(above * bTiles, th, (from, to) -> {
			Cursor c = new Cursor(buf, offset, n, t, order);
			double[] tile = moveTile();
			for (int k = from; k < to; k++) {
				int a = k / bTiles;
				int b0 = (k % bTiles) * TILE_PIXELS;
				int bn = Math.min(bl, b0 + TILE_PIXELS) - b0;
				moveToFastest(c, s, bl, a, b0, bn, tile, out, a * s * bl + b0 * s);
			}
		});
		return out;
	}

	/** The work array of {@link #moveToFastest}. */
	static double[] moveTile() {
		return new double[TILE_PLANES * (TILE_PIXELS + 8)];
	}

	/**
	 * Pixels {@code b0 .. b0 + bn - 1} (bn at most {@link #TILE_PIXELS}) of block {@code a} of an array stored
	 * [above][s][below] into {@code out[outStart + b * s + e]}, the s values of each pixel contiguous:
	 * {@link #TILE_PLANES} planes at a time read into tile ({@link #moveTile}), then written pixel by pixel.
	 */
	static void moveToFastest(Cursor c, int s, int below, int a, int b0, int bn, double[] tile, double[] out,
		int outStart)
	{
		moveToFastest(c, s, below, a, b0, bn, tile, out, outStart, 0, s);
	}

	/** {@link #moveToFastest} of planes {@code [from, to)} only: the other values of each pixel are not written. */
	static void moveToFastest(Cursor c, int s, int below, int a, int b0, int bn, double[] tile, double[] out,
		int outStart, int from, int to)
	{
		// tile rows padded by one cache line: rows 4 KiB apart would share cache sets
		final int row = TILE_PIXELS + 8;
		long base = (long) a * s * below;
		for (int e0 = from; e0 < to; e0 += TILE_PLANES) {
			int en = Math.min(to, e0 + TILE_PLANES) - e0;
			for (int e = 0; e < en; e++) c.read(base + (long) (e0 + e) * below + b0, bn, tile, e * row);
			for (int b = 0; b < bn; b++) {
				int dst = outStart + b * s + e0;
				for (int e = 0; e < en; e++) out[dst + e] = tile[e * row + b];
			}
		}
	}

	/** Convenience: a new array of count values. */
	public static double[] decode(ByteBuffer buf, long offset, Type t, ByteOrder order, int count) {
		double[] out = new double[count];
		decode(buf, offset, t, order, count, out, 0, 1);
		return out;
	}

	/**
	 * Refuses to allocate {@code doubles} values when they would not fit in the free heap (with a margin), so
	 * that a large or hostile file gives a clear message instead of an OutOfMemoryError.
	 */
	public static void ensureHeap(long doubles, String what) {
		Runtime rt = Runtime.getRuntime();
		long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		long need = doubles * 8;
		if (doubles < 0 || need > free * 0.8) throw new IllegalArgumentException(what + " needs " + need / (1 << 20) +
			" MB of memory but only about " + free / (1 << 20) + " MB are free (raise -Xmx)");
	}

	/** Product of the sizes, or -1 when it exceeds {@code limit} (or any size is negative). */
	public static long checkedProduct(long[] sizes, long limit) {
		long n = 1;
		for (long s : sizes) {
			if (s < 0) return -1;
			if (s != 0 && n > limit / s) return -1;
			n *= s;
		}
		return n;
	}
}
