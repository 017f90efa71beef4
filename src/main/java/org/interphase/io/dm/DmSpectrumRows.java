package org.interphase.io.dm;

import java.io.IOException;
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
 * tiles hold the same numbers to the bit. Positions are long ({@link FileBytes}): a spectrum image over 2 GiB is
 * read as a small one is. Memory: the tiles only (the file is mapped, not loaded).
 */
public final class DmSpectrumRows implements StreamedSpectra {
	private final Path file;
	private final String name;
	private final FileBytes bytes;
	private final long offset;
	private final Type type;
	private final int spectral, below;
	private final List<Axis> axes;

	/** @param bytes the file, in the data's byte order; {@code offset}: where the data array starts */
	DmSpectrumRows(Path file, String name, FileBytes bytes, long offset, Type type, long[] dims, int spectral,
		List<Axis> axes)
	{
		this.file = file;
		this.name = name;
		this.bytes = bytes;
		this.offset = offset;
		this.type = type;
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
			// the end of the last slab of channel planes (of spectra, when energy-fastest) read
			bytes.checkStillHolds(offset + ((first + count - 1L) / below + 1) * below * ch * type.bytes);
			if (spectral == 0) decode(offset + (long) first * ch * type.bytes, count * ch, out, 0);
			else {
				// source [above][channels][below] -> spectra [above][below][channels]
				double[] run = new double[CHANNEL_BLOCK * Math.min(count, below)];
				for (int i = first; i < first + count;) {
					int a = i / below, b = i % below, len = Math.min(below - b, first + count - i);
					if (len < SHORT_RUN) {
						// a few spectra (the reference-mismatch sums read one at a time): element by element
						for (int j = 0; j < len; j++) bytes.gather(offset + ((long) a * ch * below + b + j) * type.bytes, (long) below *
							type.bytes, ch, type, out, (i - first + j) * ch);
						i += len;
						continue;
					}
					// a block of channels decoded run by run, then written spectrum by spectrum (contiguous writes)
					for (int k0 = 0; k0 < ch; k0 += CHANNEL_BLOCK) {
						int kn = Math.min(ch, k0 + CHANNEL_BLOCK) - k0;
						for (int kk = 0; kk < kn; kk++) decode(offset + (((long) a * ch + k0 + kk) * below + b) * type.bytes, len,
							run, kk * len);
						for (int j = 0; j < len; j++) {
							int dst = (i - first + j) * ch + k0;
							for (int kk = 0; kk < kn; kk++) out[dst + kk] = run[kk * len + j];
						}
					}
					i += len;
				}
			}
		}
		catch (IOException | RuntimeException e) {
			throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
		}
		return out;
	}

	/** {@code count} values from byte {@code pos} of the file to out[at..]. */
	private void decode(long pos, int count, double[] out, int at) {
		RawDecoder.decode(bytes.slice(pos, (long) count * type.bytes), 0, type, bytes.order(), count, out, at, 1);
	}

	/** Channels moved together from the file's channel planes into the spectra. */
	private static final int CHANNEL_BLOCK = 64;

	/** Runs of fewer spectra than this are read element by element instead of one bulk decode per channel. */
	private static final int SHORT_RUN = 16;
}
