package org.interphase.io.dm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.io.StreamReads;
import org.interphase.io.StreamedSpectra;
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
			if (spectral == 0) RawDecoder.decode(buf, offset + (long) first * ch * type.bytes, type, order, count * ch, out,
				0, 1);
			else {
				// source [above][channels][below] -> spectra [above][below][channels]
				double[] run = new double[CHANNEL_BLOCK * Math.min(count, below)];
				ByteBuffer d = buf.duplicate().order(order);
				for (int i = first; i < first + count;) {
					int a = i / below, b = i % below, len = Math.min(below - b, first + count - i);
					if (len < SHORT_RUN) {
						// a few spectra (the reference-mismatch sums read one at a time): element by element
						for (int j = 0; j < len; j++) for (int k = 0; k < ch; k++) out[(i - first + j) * ch + k] = valueAt(d,
							offset + (((long) a * ch + k) * below + b + j) * type.bytes, type);
						i += len;
						continue;
					}
					// a block of channels decoded run by run, then written spectrum by spectrum (contiguous writes)
					for (int k0 = 0; k0 < ch; k0 += CHANNEL_BLOCK) {
						int kn = Math.min(ch, k0 + CHANNEL_BLOCK) - k0;
						for (int kk = 0; kk < kn; kk++) {
							long src = ((long) a * ch + k0 + kk) * below + b;
							RawDecoder.decode(buf, offset + src * type.bytes, type, order, len, run, kk * len, 1);
						}
						for (int j = 0; j < len; j++) {
							int dst = (i - first + j) * ch + k0;
							for (int kk = 0; kk < kn; kk++) out[dst + kk] = run[kk * len + j];
						}
					}
					i += len;
				}
			}
		}
		catch (RuntimeException e) {
			throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
		}
		return out;
	}

	/** Channels moved together from the file's channel planes into the spectra. */
	private static final int CHANNEL_BLOCK = 64;

	/** Runs of fewer spectra than this are read element by element instead of one bulk decode per channel. */
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
