package org.interphase.io.dm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.interphase.io.dm.RawDecoder.Type;

/**
 * A file's bytes at long positions, in one byte order, for the readers whose files pass 2 GiB (DM series and
 * spectrum images, TIA series; issue 23). The file is mapped read-only: whole in one buffer when it is under 2 GiB
 * (as the readers always mapped it), else in overlapping windows {@link #STRIDE} apart, each up to 2 GiB long, so
 * that any run of up to {@link #MAX_RUN} bytes lies whole in one window (a longer run is mapped on its own). Only the
 * pages read are loaded. Safe from several threads at once.
 */
public final class FileBytes {
	/** Distance between the starts of two windows. */
	static final long STRIDE = 1L << 30;
	private static final int STRIDE_BITS = 30;
	/** Longest window: under Java's 2 GiB limit of one buffer. */
	static final long MAX_WINDOW = Integer.MAX_VALUE - 16;
	/** Longest run of bytes that always lies in one window (the windows' overlap). */
	public static final long MAX_RUN = MAX_WINDOW - STRIDE;

	private final Path file;
	private final long length;
	private final ByteBuffer[] windows;
	private final int last;
	private final ByteOrder order;

	private FileBytes(Path file, long length, ByteBuffer[] windows, ByteOrder order) {
		this.file = file;
		this.length = length;
		this.windows = windows;
		this.last = windows.length - 1;
		this.order = order;
	}

	/** The file mapped read-only, in one buffer under 2 GiB, in windows above. */
	public static FileBytes map(Path file, ByteOrder order) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			long size = ch.size();
			int n = size <= MAX_WINDOW ? 1 : (int) ((size - MAX_WINDOW + STRIDE - 1) / STRIDE) + 1;
			ByteBuffer[] w = new ByteBuffer[n];
			for (int k = 0; k < n; k++) {
				long start = k * STRIDE;
				w[k] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(size - start, MAX_WINDOW)).order(order);
			}
			return new FileBytes(file, size, w, order);
		}
	}

	/** Bytes already in one buffer (a file mapped whole by a reader that stops at 2 GiB). */
	public static FileBytes of(ByteBuffer b, ByteOrder order) {
		return new FileBytes(null, b.limit(), new ByteBuffer[] { b.duplicate().order(order) }, order);
	}

	/** The same bytes read in another byte order. */
	public FileBytes order(ByteOrder o) {
		if (o == order) return this;
		ByteBuffer[] w = new ByteBuffer[windows.length];
		for (int k = 0; k < w.length; k++) w[k] = windows[k].duplicate().order(o);
		return new FileBytes(file, length, w, o);
	}

	public ByteOrder order() {
		return order;
	}

	public long length() {
		return length;
	}

	/** The file these bytes are (null for bytes given in a buffer). */
	public Path file() {
		return file;
	}

	private ByteBuffer window(long pos) {
		return windows[(int) Math.min(pos >>> STRIDE_BITS, last)];
	}

	/** Where pos lies in its window; beyond the window's end (or negative) the buffer's get throws. */
	private int inWindow(long pos) {
		long at = pos - Math.min(pos >>> STRIDE_BITS, last) * STRIDE;
		return at < 0 || at > Integer.MAX_VALUE ? -1 : (int) at;
	}

	public byte get(long pos) {
		return window(pos).get(inWindow(pos));
	}

	public short getShort(long pos) {
		return window(pos).getShort(inWindow(pos));
	}

	public int getInt(long pos) {
		return window(pos).getInt(inWindow(pos));
	}

	public long getLong(long pos) {
		return window(pos).getLong(inWindow(pos));
	}

	public double getDouble(long pos) {
		return window(pos).getDouble(inWindow(pos));
	}

	/** {@code n} bytes from {@code pos} as ISO-8859-1 text. */
	public String latin1(long pos, int n) {
		byte[] b = new byte[n];
		slice(pos, n).get(b);
		return new String(b, StandardCharsets.ISO_8859_1);
	}

	/**
	 * The {@code n} bytes from {@code pos} as a buffer of their own (position 0, limit n, this byte order), for
	 * {@link RawDecoder}; IndexOutOfBoundsException when they are not all in the file.
	 */
	public ByteBuffer slice(long pos, long n) {
		if (pos < 0 || n < 0 || pos > length - n) throw new IndexOutOfBoundsException("bytes " + pos + " to " + (pos +
			n) + " are beyond the end (" + length + ")");
		if (n > MAX_RUN && windows.length > 1) return mapAlone(pos, n);
		int at = inWindow(pos);
		ByteBuffer d = window(pos).duplicate();
		d.limit(at + (int) n).position(at);
		return d.slice().order(order);
	}

	/** A run longer than the windows' overlap, mapped on its own (2 GiB at most). */
	private ByteBuffer mapAlone(long pos, long n) {
		if (n > MAX_WINDOW) throw new IllegalArgumentException("a run of " + n + " bytes is larger than 2 GiB");
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			return ch.map(FileChannel.MapMode.READ_ONLY, pos, n).order(order);
		}
		catch (IOException e) {
			throw new UncheckedIOException(file + ": " + e.getMessage(), e);
		}
	}

	/** One value at {@code pos}, converted as {@link RawDecoder#decode} converts it. */
	public double value(long pos, Type t) {
		return value(window(pos), inWindow(pos), t);
	}

	/**
	 * {@code count} values {@code stride} bytes apart from {@code pos} to out[at..] (the channels of one spectrum
	 * stored energy-slowest): the window found once when they all lie in one.
	 */
	public void gather(long pos, long stride, int count, Type t, double[] out, int at) {
		long span = (count - 1) * stride + t.bytes;
		if (span > MAX_RUN && windows.length > 1) {
			for (int i = 0; i < count; i++) out[at + i] = value(pos + i * stride, t);
			return;
		}
		ByteBuffer w = window(pos);
		int p = inWindow(pos);
		if (p < 0 || pos + span > length) throw new IndexOutOfBoundsException("values from byte " + pos + " to " + (pos +
			span) + " are beyond the end (" + length + ")");
		for (int i = 0; i < count; i++) out[at + i] = value(w, (int) (p + i * stride), t);
	}

	private static double value(ByteBuffer b, int p, Type t) {
		switch (t) {
			case UINT8:
			case BOOL:
				return b.get(p) & 0xff;
			case INT8:
				return b.get(p);
			case INT16:
				return b.getShort(p);
			case UINT16:
				return b.getShort(p) & 0xffff;
			case INT32:
				return b.getInt(p);
			case UINT32:
				return b.getInt(p) & 0xffffffffL;
			case INT64:
				return b.getLong(p);
			case UINT64: {
				long v = b.getLong(p);
				return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
			}
			case FLOAT32:
				return b.getFloat(p);
			case FLOAT64:
				return b.getDouble(p);
			default:
				throw new IllegalArgumentException("unknown type " + t);
		}
	}

	/**
	 * Before a read up to byte {@code end} of a file mapped earlier: an IOException naming where the file ends when it
	 * was cut since (reading the pages that are gone would fail inside the JVM, not with a message).
	 */
	public void checkStillHolds(long end) throws IOException {
		if (file == null) return;
		long now = Files.size(file);
		if (end > now) throw new IOException("truncated at byte " + now);
	}
}
