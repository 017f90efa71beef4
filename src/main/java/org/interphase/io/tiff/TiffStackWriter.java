package org.interphase.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes a float32 stack frame by frame, uncompressed, one strip per page (classic TIFF, or BigTIFF past 4 GiB),
 * with Fiji's description ({@code images=}, {@code frames=}, {@code finterval=}) on the first page: the in-situ
 * series of the streaming bench and tests, written without ever holding more than one frame.
 */
public final class TiffStackWriter implements AutoCloseable {
	private final FileChannel ch;
	private final int width, height, frames;
	private final boolean big;
	private final byte[] description;
	private int written;
	private long pos;

	public TiffStackWriter(Path file, int width, int height, int frames, double frameIntervalS) throws IOException {
		this(file, width, height, frames, frameIntervalS, 4L * width * height * frames > (1L << 32) - (1L << 24));
	}

	/** With {@code big}: BigTIFF whatever the size (for tests). */
	TiffStackWriter(Path file, int width, int height, int frames, double frameIntervalS, boolean big)
		throws IOException
	{
		this.width = width;
		this.height = height;
		this.frames = frames;
		this.big = big;
		this.description = (String.format(Locale.ROOT, "ImageJ=1.54f\nimages=%d\nframes=%d\n", frames, frames) +
			(frameIntervalS > 0 ? String.format(Locale.ROOT, "finterval=%s\n", frameIntervalS) : "") + "\0").getBytes(
				StandardCharsets.US_ASCII);
		ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
			StandardOpenOption.WRITE);
		ByteBuffer h = ByteBuffer.allocate(big ? 16 : 8).order(ByteOrder.LITTLE_ENDIAN);
		h.put((byte) 'I').put((byte) 'I');
		if (big) h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(16);
		else h.putShort((short) 42).putInt(8);
		h.flip();
		write(h);
	}

	private void write(ByteBuffer b) throws IOException {
		while (b.hasRemaining()) pos += ch.write(b, pos);
	}

	/** Appends the next frame (y-major, width x height). */
	public void frame(float[] pixels) throws IOException {
		if (written >= frames) throw new IllegalStateException("all " + frames + " frames are written");
		boolean first = written == 0;
		int entries = first ? 11 : 10;
		int entry = big ? 20 : 12;
		long ifdSize = (big ? 8 : 2) + (long) entries * entry + (big ? 8 : 4);
		long descAt = pos + ifdSize;
		long dataAt = descAt + (first ? description.length : 0);
		long frameBytes = 4L * width * height;
		long next = written + 1 < frames ? dataAt + frameBytes : 0;
		ByteBuffer ifd = ByteBuffer.allocate((int) ifdSize).order(ByteOrder.LITTLE_ENDIAN);
		if (big) ifd.putLong(entries);
		else ifd.putShort((short) entries);
		entry(ifd, 256, 4, 1, width);
		entry(ifd, 257, 4, 1, height);
		entry(ifd, 258, 3, 1, 32);
		entry(ifd, 259, 3, 1, 1);
		entry(ifd, 262, 3, 1, 1);
		if (first) entry(ifd, 270, 2, description.length, descAt);
		entry(ifd, 273, big ? 16 : 4, 1, dataAt);
		entry(ifd, 277, 3, 1, 1);
		entry(ifd, 278, 4, 1, height);
		entry(ifd, 279, big ? 16 : 4, 1, frameBytes);
		entry(ifd, 339, 3, 1, 3);
		if (big) ifd.putLong(next);
		else ifd.putInt((int) next);
		ifd.flip();
		write(ifd);
		if (first) write(ByteBuffer.wrap(description));
		ByteBuffer px = ByteBuffer.allocate((int) frameBytes).order(ByteOrder.LITTLE_ENDIAN);
		px.asFloatBuffer().put(pixels, 0, width * height);
		write(px);
		written++;
	}

	private void entry(ByteBuffer b, int tag, int type, long count, long value) {
		b.putShort((short) tag).putShort((short) type);
		if (big) {
			b.putLong(count);
			if (type == 3) b.putShort((short) value).putShort((short) 0).putInt(0);
			else b.putLong(value);
		}
		else {
			b.putInt((int) count);
			if (type == 3) b.putShort((short) value).putShort((short) 0);
			else b.putInt((int) value);
		}
	}

	@Override
	public void close() throws IOException {
		ch.close();
		if (written != frames) throw new IOException("TIFF stack closed after " + written + " of " + frames + " frames");
	}
}
