package org.interphase.io.dm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
