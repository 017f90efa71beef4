package org.interphase.io.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.Axis;
import org.interphase.core.data.FrameSource;
import org.interphase.io.StreamReads;

/**
 * A TIFF stack read frame by frame from the file, never whole: classic TIFF and BigTIFF, uncompressed strips,
 * one gray sample of 8/16/32-bit integers or 32/64-bit floats per pixel, every page of one size and type (the
 * in-situ movies microscopes and Fiji write). Fiji's stacks larger than 4 GiB (one IFD, {@code images=N} in the
 * description, frames one after another) are read too. Only the frames' positions are kept: memory is that of
 * the frame buffers of the readers' threads, whatever the number of frames. Anything else (compressed pages,
 * tiles, colour) is not streamable: {@link #open} returns null and the whole-file reader takes the file.
 */
public final class TiffStackStream implements FrameSource {
	private final Path file;
	private final ByteOrder order;
	private final int width, height, bits, sampleFormat, frames;
	/** Start of each frame (strips contiguous) ... */
	private final long[] frameStart;
	/** ... or of every strip of every frame, when a frame's strips are scattered (null otherwise). */
	private final long[][] stripOffsets, stripCounts;
	/** From the first page: pixel size (0 when not given), its unit, frame interval and its unit. */
	public final double pixelSize, frameInterval;
	public final String unit, timeUnit, description;
	/** Frame-sized read buffers, reused. */
	private final StreamReads.Buffers buffers;

	private TiffStackStream(Path file, ByteOrder order, int width, int height, int bits, int sampleFormat,
		long[] frameStart, long[][] stripOffsets, long[][] stripCounts, double pixelSize, String unit,
		double frameInterval, String timeUnit, String description)
	{
		this.file = file;
		this.order = order;
		this.width = width;
		this.height = height;
		this.bits = bits;
		this.sampleFormat = sampleFormat;
		this.frames = frameStart != null ? frameStart.length : stripOffsets.length;
		this.frameStart = frameStart;
		this.stripOffsets = stripOffsets;
		this.stripCounts = stripCounts;
		this.pixelSize = pixelSize;
		this.unit = unit;
		this.frameInterval = frameInterval;
		this.timeUnit = timeUnit;
		this.description = description;
		buffers = new StreamReads.Buffers(width * height * (bits / 8), order);
	}

	/** One page's tags that matter here. */
	private static final class Page {
		int width, height, bits = 1, compression = 1, spp = 1, planar = 1, sampleFormat = 1, subfile;
		long rowsPerStrip = Long.MAX_VALUE;
		long[] offsets, counts;
		boolean tiled;
		String description = "";
		double xres;
		int resUnit = 2;
	}

	/** The file as a streamable stack, or null when it is not one (see the class comment). */
	public static TiffStackStream open(Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer h = read(ch, 0, 16, ByteOrder.LITTLE_ENDIAN);
			if (h.remaining() < 8) return null;
			ByteOrder order;
			if (h.get(0) == 'I' && h.get(1) == 'I') order = ByteOrder.LITTLE_ENDIAN;
			else if (h.get(0) == 'M' && h.get(1) == 'M') order = ByteOrder.BIG_ENDIAN;
			else return null;
			h.order(order);
			int magic = h.getShort(2) & 0xffff;
			boolean big = magic == 43;
			if (magic != 42 && !big) return null;
			long ifd = big ? h.getLong(8) : h.getInt(4) & 0xffffffffL;
			List<Page> pages = new ArrayList<>();
			long size = ch.size();
			java.util.Set<Long> seen = new java.util.HashSet<>();
			while (ifd != 0) {
				if (ifd < 8 || ifd >= size || !seen.add(ifd)) throw new IOException(file + ": TIFF: damaged page chain " +
					"(IFD at " + ifd + ")");
				Page p = new Page();
				ifd = page(ch, ifd, big, order, p);
				if ((p.subfile & 1) == 0) pages.add(p); // reduced-resolution pages (thumbnails) are skipped
			}
			if (pages.isEmpty()) return null;
			Page first = pages.get(0);
			for (Page p : pages) {
				if (p.tiled || p.compression != 1 || p.spp != 1 || p.offsets == null || p.counts == null || p.width !=
					first.width || p.height != first.height || p.bits != first.bits || p.sampleFormat != first.sampleFormat)
					return null;
			}
			boolean floats = first.sampleFormat == 3;
			if (!(floats ? first.bits == 32 || first.bits == 64 : first.bits == 8 || first.bits == 16 || first.bits ==
				32)) return null;
			long frameBytes = (long) first.width * first.height * (first.bits / 8);
			if (frameBytes > Integer.MAX_VALUE - 16) return null;
			int imagejImages = intOf(first.description, "images");
			long[] starts = null;
			long[][] so = null, sc = null;
			if (pages.size() == 1 && imagejImages > 1) {
				// Fiji's large stack: one IFD, the frames one after another from the first strip
				if (!contiguous(first, frameBytes)) return null;
				starts = new long[imagejImages];
				for (int i = 0; i < imagejImages; i++) starts[i] = first.offsets[0] + i * frameBytes;
			}
			else {
				boolean allContiguous = true;
				for (Page p : pages) allContiguous &= contiguous(p, frameBytes);
				if (allContiguous) {
					starts = new long[pages.size()];
					for (int i = 0; i < starts.length; i++) starts[i] = pages.get(i).offsets[0];
				}
				else {
					so = new long[pages.size()][];
					sc = new long[pages.size()][];
					for (int i = 0; i < so.length; i++) {
						Page p = pages.get(i);
						long sum = 0;
						for (long c : p.counts) sum += c;
						if (sum < frameBytes) throw new IOException(file + ": TIFF page " + i + " holds " + sum + " bytes of " +
							frameBytes);
						so[i] = p.offsets;
						sc[i] = p.counts;
					}
				}
			}
			long last = starts != null ? starts[starts.length - 1] + frameBytes : 0;
			if (last > size) throw new IOException(file + ": TIFF: truncated (frame " + (starts.length - 1) + " ends at " +
				"byte " + last + " of " + size + ")");
			double px = 0;
			String unit = "px";
			String u = textOf(first.description, "unit");
			if (first.xres > 0) {
				px = 1 / first.xres;
				if (u != null && !u.isEmpty()) unit = u.replace("\\u00B5", "µ").replace("micron", "µm");
				else if (first.resUnit == 3) unit = "cm";
				else if (first.resUnit == 2) unit = "inch";
				else px = 0;
			}
			double fi = doubleOf(first.description, "finterval");
			String tu = textOf(first.description, "tunit");
			return new TiffStackStream(file, order, first.width, first.height, first.bits, first.sampleFormat, starts, so,
				sc, px, unit, fi > 0 ? fi : 0, tu != null && !tu.isEmpty() ? tu : "s", first.description);
		}
	}

	private static boolean contiguous(Page p, long frameBytes) {
		long sum = 0;
		for (int i = 0; i < p.offsets.length; i++) {
			if (i > 0 && p.offsets[i] != p.offsets[i - 1] + p.counts[i - 1]) return false;
			sum += p.counts[i];
		}
		return sum >= frameBytes || p.offsets.length == 1;
	}

	/** Reads one IFD into p; returns the next IFD's offset. */
	private static long page(FileChannel ch, long ifd, boolean big, ByteOrder order, Page p) throws IOException {
		ByteBuffer c = read(ch, ifd, big ? 8 : 2, order);
		long n = big ? c.getLong(0) : c.getShort(0) & 0xffff;
		int entry = big ? 20 : 12;
		if (n <= 0 || n > 10000) throw new IOException("TIFF: damaged IFD at " + ifd + " (" + n + " entries)");
		long at = ifd + (big ? 8 : 2);
		ByteBuffer e = read(ch, at, (int) n * entry + (big ? 8 : 4), order);
		for (int i = 0; i < n; i++) {
			int o = i * entry;
			int tag = e.getShort(o) & 0xffff, type = e.getShort(o + 2) & 0xffff;
			long count = big ? e.getLong(o + 4) : e.getInt(o + 4) & 0xffffffffL;
			int valueAt = o + (big ? 12 : 8);
			switch (tag) {
				case 254: p.subfile = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 256: p.width = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 257: p.height = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 258: p.bits = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 259: p.compression = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 270: p.description = text(ch, e, valueAt, count, big, order); break;
				case 273: p.offsets = array(ch, e, valueAt, type, count, big, order); break;
				case 277: p.spp = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 278: p.rowsPerStrip = scalar(ch, e, valueAt, type, count, big, order); break;
				case 279: p.counts = array(ch, e, valueAt, type, count, big, order); break;
				case 282: {
					long[] r = array(ch, e, valueAt, 4, 2 * count, big, order); // RATIONAL: two LONGs
					p.xres = r.length >= 2 && r[1] != 0 ? (double) r[0] / r[1] : 0;
					break;
				}
				case 284: p.planar = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 296: p.resUnit = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				case 322: case 323: case 324: case 325: p.tiled = true; break;
				case 339: p.sampleFormat = (int) scalar(ch, e, valueAt, type, count, big, order); break;
				default: break;
			}
		}
		int next = (int) n * entry;
		return big ? e.getLong(next) : e.getInt(next) & 0xffffffffL;
	}

	private static int typeSize(int type) {
		switch (type) {
			case 1: case 2: case 6: case 7: return 1;
			case 3: case 8: return 2;
			case 4: case 9: case 11: case 13: return 4;
			default: return 8;
		}
	}

	private static long scalar(FileChannel ch, ByteBuffer e, int at, int type, long count, boolean big, ByteOrder o)
		throws IOException
	{
		long[] a = array(ch, e, at, type, Math.min(count, 1), big, o);
		return a.length == 0 ? 0 : a[0];
	}

	private static long[] array(FileChannel ch, ByteBuffer e, int at, int type, long count, boolean big, ByteOrder o)
		throws IOException
	{
		int ts = typeSize(type);
		if (count < 0 || count > 1 << 24) throw new IOException("TIFF: damaged tag (" + count + " values)");
		long bytes = count * ts;
		ByteBuffer v;
		int base;
		if (bytes <= (big ? 8 : 4)) {
			v = e;
			base = at;
		}
		else {
			long off = big ? e.getLong(at) : e.getInt(at) & 0xffffffffL;
			v = read(ch, off, (int) bytes, o);
			base = 0;
		}
		long[] out = new long[(int) count];
		for (int i = 0; i < count; i++) {
			int q = base + i * ts;
			switch (ts) {
				case 1: out[i] = v.get(q) & 0xff; break;
				case 2: out[i] = v.getShort(q) & 0xffff; break;
				case 4: out[i] = v.getInt(q) & 0xffffffffL; break;
				default: out[i] = v.getLong(q);
			}
		}
		return out;
	}

	private static String text(FileChannel ch, ByteBuffer e, int at, long count, boolean big, ByteOrder o)
		throws IOException
	{
		if (count > 1 << 20) return "";
		long[] b = array(ch, e, at, 1, count, big, o);
		byte[] s = new byte[b.length];
		for (int i = 0; i < b.length; i++) s[i] = (byte) b[i];
		int len = s.length;
		while (len > 0 && s[len - 1] == 0) len--;
		return new String(s, 0, len, StandardCharsets.UTF_8);
	}

	private static String textOf(String description, String key) {
		Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(description);
		return m.find() ? m.group(1).trim() : null;
	}

	private static int intOf(String description, String key) {
		try {
			String t = textOf(description, key);
			return t == null ? 0 : Integer.parseInt(t);
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}

	private static double doubleOf(String description, String key) {
		try {
			String t = textOf(description, key);
			return t == null ? 0 : Double.parseDouble(t);
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}

	private static ByteBuffer read(FileChannel ch, long pos, int len, ByteOrder order) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(len).order(order);
		while (b.hasRemaining()) {
			int n = ch.read(b, pos + b.position());
			if (n < 0) break;
		}
		b.flip();
		if (b.limit() < len) throw new IOException("TIFF: truncated (" + len + " bytes at " + pos + " asked, " + b
			.limit() + " there)");
		return b;
	}

	@Override
	public int width() {
		return width;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public int frames() {
		return frames;
	}

	@Override
	public int offset(int f) {
		return 0;
	}

	@Override
	public Axis timeAxis() {
		return new Axis("time", frames, frameInterval, 0, frameInterval > 0 ? timeUnit : "");
	}

	@Override
	public double[] frame(int f, double[] buf) {
		int n = width * height;
		double[] out = buf != null && buf.length >= n ? buf : new double[n];
		ByteBuffer b = buffers.take();
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			if (frameStart != null) StreamReads.readFully(ch, b, frameStart[f]);
			else {
				for (int s = 0; s < stripOffsets[f].length && b.hasRemaining(); s++) {
					int len = (int) Math.min(stripCounts[f][s], b.remaining());
					ByteBuffer part = b.slice();
					part.limit(len);
					StreamReads.readFully(ch, part, stripOffsets[f][s]);
					b.position(b.position() + len);
				}
			}
		}
		catch (IOException e) {
			buffers.give(b);
			throw StreamReads.frameUnreadable(file, f, frames, e);
		}
		b.flip();
		decode(b, out, n);
		buffers.give(b);
		return out;
	}

	private void decode(ByteBuffer b, double[] out, int n) {
		b.order(order);
		if (sampleFormat == 3) {
			if (bits == 32) {
				java.nio.FloatBuffer fb = b.asFloatBuffer();
				for (int i = 0; i < n; i++) out[i] = fb.get(i);
			}
			else b.asDoubleBuffer().get(out, 0, n);
			return;
		}
		boolean signed = sampleFormat == 2;
		switch (bits) {
			case 8:
				for (int i = 0; i < n; i++) out[i] = signed ? b.get(i) : b.get(i) & 0xff;
				break;
			case 16: {
				java.nio.ShortBuffer sb = b.asShortBuffer();
				for (int i = 0; i < n; i++) out[i] = signed ? sb.get(i) : sb.get(i) & 0xffff;
				break;
			}
			default: {
				java.nio.IntBuffer ib = b.asIntBuffer();
				for (int i = 0; i < n; i++) out[i] = signed ? ib.get(i) : ib.get(i) & 0xffffffffL;
			}
		}
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s: %d frames of %dx%d, %d-bit %s, streamed", file.getFileName(), frames,
			width, height, bits, sampleFormat == 3 ? "float" : sampleFormat == 2 ? "signed" : "unsigned");
	}
}
