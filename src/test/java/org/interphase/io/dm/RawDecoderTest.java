package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.interphase.io.dm.RawDecoder.Type;
import org.junit.jupiter.api.Test;

/** The fused decode + axis move against the plain decode followed by a transpose, for every element type. */
public class RawDecoderTest {
	private static ByteBuffer randomBytes(int n, long seed) {
		byte[] b = new byte[n];
		new Random(seed).nextBytes(b);
		return ByteBuffer.wrap(b);
	}

	/** Reference: dims fastest first; dimension {@code moved} becomes the fastest of the C-order result. */
	private static double[] reference(double[] src, long[] dims, int moved) {
		if (moved <= 0) return src.clone();
		int below = 1, above = 1;
		for (int i = 0; i < moved; i++) below *= (int) dims[i];
		for (int i = moved + 1; i < dims.length; i++) above *= (int) dims[i];
		int s = (int) dims[moved];
		double[] out = new double[src.length];
		for (int a = 0; a < above; a++)
			for (int e = 0; e < s; e++)
				for (int b = 0; b < below; b++) out[(a * below + b) * s + e] = src[(a * s + e) * below + b];
		return out;
	}

	private static void check(long[] dims, int moved, int threads) {
		long n = 1;
		for (long d : dims) n *= d;
		for (Type t : Type.values()) {
			if (t == Type.BOOL) continue; // bool is decoded as uint8 and normalised by the reader
			for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
				int offset = 13; // unaligned, as in real files
				ByteBuffer buf = randomBytes((int) (offset + n * t.bytes + 5), t.ordinal() * 31 + n);
				double[] plain = RawDecoder.decode(buf, offset, t, order, (int) n);
				if (t == Type.FLOAT32 || t == Type.FLOAT64) // NaN payloads compare equal either way
					for (int i = 0; i < plain.length; i++) if (Double.isNaN(plain[i])) plain[i] = Double.NaN;
				double[] got = RawDecoder.decodeMovingToFastest(buf, offset, t, order, dims, moved, threads);
				for (int i = 0; i < got.length; i++) if (Double.isNaN(got[i])) got[i] = Double.NaN;
				assertArrayEquals(reference(plain, dims, moved), got, 0, t + " " + order + " moved " + moved);
			}
		}
	}

	@Test
	void smallArraysAllLayouts() {
		check(new long[] { 5, 3, 7 }, 2, 1); // energy slowest
		check(new long[] { 7, 5, 3 }, 0, 1); // energy fastest: file order
		check(new long[] { 5, 3, 7 }, 1, 1); // middle dimension
		check(new long[] { 9 }, 0, 1);
		check(new long[] { 4, 3, 2, 6 }, 3, 2);
	}

	/** Above the parallel threshold, with partial tiles in both directions. */
	@Test
	void largeArraysOverThreads() {
		long[] dims = { 701, 3, 517 }; // 1.09 M values
		long n = dims[0] * dims[1] * dims[2];
		for (Type t : new Type[] { Type.FLOAT32, Type.UINT16, Type.INT32 }) {
			ByteBuffer buf = randomBytes((int) (n * t.bytes), 7);
			double[] plain = RawDecoder.decode(buf, 0, t, ByteOrder.LITTLE_ENDIAN, (int) n);
			for (int i = 0; i < plain.length; i++) if (Double.isNaN(plain[i])) plain[i] = Double.NaN;
			for (int moved : new int[] { 0, 2 }) {
				double[] got = RawDecoder.decodeMovingToFastest(buf, 0, t, ByteOrder.LITTLE_ENDIAN, dims, moved, 3);
				for (int i = 0; i < got.length; i++) if (Double.isNaN(got[i])) got[i] = Double.NaN;
				assertArrayEquals(reference(plain, dims, moved), got, 0, t + " moved " + moved);
			}
		}
	}

	@Test
	void runsPastTheEndAreRefused() {
		ByteBuffer buf = ByteBuffer.allocate(100);
		assertThrows(IndexOutOfBoundsException.class, () -> RawDecoder.decodeMovingToFastest(buf, 8, Type.FLOAT32,
			ByteOrder.LITTLE_ENDIAN, new long[] { 5, 5 }, 0, 1));
		RawDecoder.Cursor c = new RawDecoder.Cursor(buf, 0, 10, Type.INT16, ByteOrder.BIG_ENDIAN);
		assertThrows(IndexOutOfBoundsException.class, () -> c.read(5, 6, new double[6], 0));
	}
}
