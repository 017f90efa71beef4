package org.interphase.io.dm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.io.StreamReads;
import org.interphase.io.StreamedSpectra;
import org.interphase.io.dm.RawDecoder.Cursor;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * A DM3/DM4 spectrum image read in tiles of rows straight from the mapped file (issue 23): spectra in C order
 * (y, x) with the energy axis last, as {@link DmReader} gives the whole image, whichever axis the file stores
 * fastest. Energy-fastest files decode one contiguous run per tile; energy-slowest (or middle) ones one run per
 * channel and row, moved into place. Values are converted exactly as the whole-file read converts them, so the
 * tiles hold the same numbers to the bit. Memory: the tiles only (the file is mapped, not loaded).
 */
public final class DmSpectrumRows implements StreamedSpectra {
	private final Path file;
	private final String name;
	private final ByteBuffer buf;
	private final long offset;
	private final Type type;
	private final ByteOrder order;
	private final int spectral, below;
	private final List<Axis> axes;

	DmSpectrumRows(Path file, String name, ByteBuffer buf, long offset, Type type, ByteOrder order, long[] dims,
		int spectral, List<Axis> axes)
	{
		this.file = file;
		this.name = name;
		this.buf = buf;
		this.offset = offset;
		this.type = type;
		this.order = order;
		this.spectral = spectral;
		this.axes = List.copyOf(axes);
		int b = 1;
		for (int i = 0; i < spectral; i++) b *= (int) dims[i];
		below = b;
	}

	/** The file's main spectrum image in tiles, or null when its main image is not a real spectrum image. */
	public static DmSpectrumRows open(Path file) throws java.io.IOException {
		return DmReader.spectrumRows(file);
	}

	@Override
	public String name() {
		return name;
	}

	/** The axes (y, x, energy) with their calibrations, as the whole-file read gives them. */
	@Override
	public List<Axis> axes() {
		return axes;
	}

	@Override
	public double[] spectra(int first, int count, double[] out) {
		int ch = channels();
		try {
			if (spectral == 0) new Cursor(buf, offset + (long) first * ch * type.bytes, (long) count * ch, type, order).read(
				0, count * ch, out, 0);
			else if (count < SHORT_RUN) {
				// a few spectra: value by value, each channel plane at a time
				long[] sorted = new long[count];
				for (int j = 0; j < count; j++) sorted[j] = (long) (first + j) << 32 | j;
				gatherAcrossPlanes(sorted, out);
			}
			else {
				// source [above][channels][below] -> spectra [above][below][channels], in tiles of planes and pixels
				Cursor c = new Cursor(buf, offset, pixels() * ch, type, order);
				double[] tile = RawDecoder.moveTile();
				for (int i = first; i < first + count;) {
					int a = i / below, b = i % below, len = Math.min(RawDecoder.TILE_PIXELS, Math.min(below - b, first + count
						- i));
					RawDecoder.moveToFastest(c, ch, below, a, b, len, tile, out, (i - first) * ch);
					i += len;
				}
			}
		}
		catch (RuntimeException e) {
			throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
		}
		return out;
	}

	/** The spectra in file order (energy-fastest: one run each; energy-slowest: plane by plane), each to its place. */
	@Override
	public void gather(int[] which, int from, int count, double[] out) {
		int ch = channels();
		long[] sorted = new long[count];
		for (int j = 0; j < count; j++) sorted[j] = (long) which[from + j] << 32 | j;
		Arrays.sort(sorted);
		try {
			if (spectral != 0) gatherAcrossPlanes(sorted, out);
			else {
				Cursor c = new Cursor(buf, offset, pixels() * ch, type, order);
				for (long p : sorted) c.read((int) (p >>> 32) * ch, ch, out, (int) p * ch);
			}
		}
		catch (RuntimeException e) {
			throw StreamReads.unreadable(file, count + " spectra from spectrum " + which[from], e);
		}
	}

	/**
	 * Energy-slowest spectra (index in the high, place in out in the low 32 bits, ascending) value by value: per
	 * block of spectra and of channels, plane by plane, so that the reads stay in one channel plane and the writes
	 * in a block that stays in the cache.
	 */
	private void gatherAcrossPlanes(long[] sorted, double[] out) {
		int ch = channels();
		long plane = (long) below * type.bytes;
		long[] at = new long[Math.min(sorted.length, GATHER_SPECTRA)];
		ByteBuffer d = buf.duplicate().order(order);
		for (int j0 = 0; j0 < sorted.length; j0 += GATHER_SPECTRA) {
			int jn = Math.min(sorted.length - j0, GATHER_SPECTRA);
			for (int j = 0; j < jn; j++) {
				int i = (int) (sorted[j0 + j] >>> 32);
				at[j] = offset + ((long) (i / below) * ch * below + i % below) * type.bytes;
			}
			for (int k0 = 0; k0 < ch; k0 += CHANNEL_BLOCK) {
				int kn = Math.min(ch, k0 + CHANNEL_BLOCK);
				for (int k = k0; k < kn; k++) for (int j = 0; j < jn; j++) out[(int) sorted[j0 + j] * ch + k] = valueAt(d,
					at[j] + k * plane, type);
			}
		}
	}

	/** Channels read together, plane by plane, when spectra are gathered. */
	private static final int CHANNEL_BLOCK = 64;

	/** Spectra gathered together (their values of a block of channels stay in the cache). */
	private static final int GATHER_SPECTRA = 256;

	/** Runs of fewer spectra than this are read value by value instead of in tiles of planes. */
	private static final int SHORT_RUN = 16;

	/** One value at a byte position, converted as {@link RawDecoder#decode} converts it. */
	private static double valueAt(ByteBuffer b, long position, Type t) {
		int p = (int) position;
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
}
