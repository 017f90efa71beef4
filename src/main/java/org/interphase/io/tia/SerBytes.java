package org.interphase.io.tia;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The little-endian bytes of a TIA .ser file at long positions: a mapped file (read whole, up to 2 GiB) or a file
 * channel read a page at a time (streamed series of any size), so that one parser reads the layout of both.
 */
abstract class SerBytes {
	abstract long length();

	/** {@code n} bytes from {@code pos} as a little-endian buffer positioned at 0; the caller checked the range. */
	abstract ByteBuffer get(long pos, int n);

	int getInt(long pos) {
		return get(pos, 4).getInt(0);
	}

	short getShort(long pos) {
		return get(pos, 2).getShort(0);
	}

	long getLong(long pos) {
		return get(pos, 8).getLong(0);
	}

	double getDouble(long pos) {
		return get(pos, 8).getDouble(0);
	}

	String ascii(long pos, int n) {
		ByteBuffer b = get(pos, n);
		byte[] a = new byte[n];
		b.get(a);
		return new String(a, StandardCharsets.ISO_8859_1);
	}

	static SerBytes of(ByteBuffer mapped) {
		ByteBuffer m = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		return new SerBytes() {
			@Override
			long length() {
				return m.limit();
			}

			@Override
			ByteBuffer get(long pos, int n) {
				ByteBuffer d = m.duplicate().order(ByteOrder.LITTLE_ENDIAN);
				d.position((int) pos).limit((int) pos + n);
				return d.slice().order(ByteOrder.LITTLE_ENDIAN);
			}
		};
	}

	/** Reads through a channel in pages of 64 KiB, the last page kept (the header and offset array are read in order). */
	static SerBytes of(FileChannel ch) throws IOException {
		long size = ch.size();
		return new SerBytes() {
			private static final int PAGE = 1 << 16;
			private final ByteBuffer page = ByteBuffer.allocate(PAGE).order(ByteOrder.LITTLE_ENDIAN);
			private long pageStart = -1;

			@Override
			long length() {
				return size;
			}

			@Override
			ByteBuffer get(long pos, int n) {
				try {
					if (n > PAGE) return read(pos, n);
					if (pageStart < 0 || pos < pageStart || pos + n > pageStart + page.limit()) {
						page.clear();
						pageStart = pos;
						while (page.hasRemaining()) {
							if (ch.read(page, pageStart + page.position()) < 0) break;
						}
						page.flip();
						if (page.limit() < n) throw new IOException(n + " bytes at " + pos + " asked, " + page.limit() +
							" there");
					}
					ByteBuffer d = page.duplicate().order(ByteOrder.LITTLE_ENDIAN);
					d.position((int) (pos - pageStart)).limit((int) (pos - pageStart) + n);
					return d.slice().order(ByteOrder.LITTLE_ENDIAN);
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			}

			private ByteBuffer read(long pos, int n) throws IOException {
				ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
				while (b.hasRemaining()) {
					if (ch.read(b, pos + b.position()) < 0) throw new IOException(n + " bytes at " + pos + " asked");
				}
				b.flip();
				return b;
			}
		};
	}
}
