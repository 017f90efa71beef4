package org.interphase.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the streaming readers (TIFF stacks, TIA and DM series, DM/TIA spectrum images, WDF maps) share to read one
 * frame or tile from their file: positional reads (several threads on one file, no shared position), a pool of
 * frame-sized buffers, and the error that names the file and the frame or rows that could not be read.
 */
public final class StreamReads {
	private StreamReads() {}

	/** Fills the rest of b with the file's bytes from {@code pos + b.position()} on; names the byte where it ends. */
	public static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
		while (b.hasRemaining()) {
			if (ch.read(b, pos + b.position()) < 0) throw new IOException("truncated at byte " + (pos + b.position()));
		}
	}

	/** The error of a streamed read: the file, what could not be read ("frame 3 of 10", "spectra 0-15") and why. */
	public static UncheckedIOException unreadable(Path file, String what, Exception e) {
		String message = file + ": " + what + " could not be read (" + e.getMessage() + ")";
		return new UncheckedIOException(message, e instanceof IOException ? (IOException) e : new IOException(message, e));
	}

	/** {@link #unreadable} for frame f (counted from 0) of a series of {@code frames}. */
	public static UncheckedIOException frameUnreadable(Path file, int f, int frames, Exception e) {
		return unreadable(file, "frame " + (f + 1) + " of " + frames, e);
	}

	/**
	 * Frame-sized read buffers, reused: at most one per thread reading at a time (the analysis' thread pools are new
	 * for every call, so a buffer per thread would be allocated again for every frame, and off-heap buffers are
	 * freed only by a collection: 3x slower at 2048²).
	 */
	public static final class Buffers {
		private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
		private final int bytes;
		private final ByteOrder order;

		public Buffers(int bytes, ByteOrder order) {
			this.bytes = bytes;
			this.order = order;
		}

		/** A cleared buffer of the frame's size; give it back with {@link #give} once decoded. */
		public ByteBuffer take() {
			ByteBuffer b = free.poll();
			if (b == null) b = ByteBuffer.allocateDirect(bytes).order(order);
			b.clear();
			return b;
		}

		public void give(ByteBuffer b) {
			free.offer(b);
		}

		/** The frame's bytes from {@code pos} on, flipped for decoding; IOException naming the byte where it ends. */
		public ByteBuffer read(Path file, long pos) throws IOException {
			ByteBuffer b = take();
			try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
				readFully(ch, b, pos);
			}
			catch (IOException e) {
				give(b);
				throw e;
			}
			b.flip();
			return b;
		}
	}
}
