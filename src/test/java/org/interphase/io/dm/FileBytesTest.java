package org.interphase.io.dm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.interphase.io.dm.RawDecoder.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The windows of a file past 2 GiB: values that sit across a window's start or across 2^31 and 2^32, runs that end
 * the file, and a run longer than the windows' overlap read the bytes written there (a sparse 4.5 GB file,
 * five windows).
 */
class FileBytesTest {
	@TempDir
	Path dir;

	@Test
	void valuesAndRunsAcrossTheWindowsReadTheBytesWritten() throws IOException {
		long size = (9L << 29) + 13; // 4.5 GiB and an odd tail
		long[] at = { 5, FileBytes.STRIDE - 3, (1L << 31) - 5, (1L << 31) + 995, 3 * FileBytes.STRIDE - 1, (1L << 32) - 4,
			size - 8 };
		Path p = dir.resolve("big.bin");
		try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
			for (long a : at) ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, a * 31 + 7), a);
		}
		FileBytes le = FileBytes.map(p, ByteOrder.LITTLE_ENDIAN), be = le.order(ByteOrder.BIG_ENDIAN);
		assertEquals(size, le.length());
		for (long a : at) {
			long v = a * 31 + 7;
			assertEquals(v, le.getLong(a), "at " + a);
			assertEquals(Long.reverseBytes(v), be.getLong(a), "big-endian at " + a);
			assertEquals((int) v, le.getInt(a));
			assertEquals((double) v, le.value(a, Type.INT64), 0);
			assertEquals(v, le.slice(a, 8).getLong(0), "run at " + a);
			double[] d = RawDecoder.decode(le.slice(a - 4, 12), 0, Type.UINT32, ByteOrder.LITTLE_ENDIAN, 3);
			assertEquals((double) (v & 0xffffffffL), d[1], 0, "decoded run at " + a);
		}
		// values a stride apart: in one window (1000 bytes), across windows (from byte 5 to just before 2^32)
		double[] two = new double[2];
		le.gather(at[2], 1000, 2, Type.INT64, two, 0);
		assertEquals(at[2] * 31 + 7, two[0], 0);
		assertEquals(at[3] * 31 + 7, two[1], 0);
		le.gather(at[0], at[5] - at[0], 2, Type.INT64, two, 0);
		assertEquals(at[0] * 31 + 7, two[0], 0);
		assertEquals(at[5] * 31 + 7, two[1], 0);
		assertThrows(IndexOutOfBoundsException.class, () -> le.gather(size - 16, 8, 3, Type.INT64, new double[3], 0));
		// a run longer than the windows' overlap (1.5 GiB from just before 2^31), mapped on its own
		long from = (1L << 31) - 5, n = 3L << 29, inside = 3 * FileBytes.STRIDE - 1;
		ByteBuffer run = le.slice(from, n);
		assertEquals(n, run.limit());
		assertEquals(from * 31 + 7, run.getLong(0));
		assertEquals(inside * 31 + 7, run.getLong((int) (inside - from)));
		assertThrows(IndexOutOfBoundsException.class, () -> le.slice(size - 4, 8));
		assertThrows(IndexOutOfBoundsException.class, () -> le.getLong(size - 4));
		assertThrows(IndexOutOfBoundsException.class, () -> le.getInt(-1));
	}
}
