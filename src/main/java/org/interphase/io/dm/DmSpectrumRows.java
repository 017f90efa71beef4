package org.interphase.io.dm;

import java.io.IOException;
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
 * fastest. Energy-fastest files decode one contiguous run per tile ({@link RawDecoder.Cursor}); energy-slowest (or
 * middle) ones as the whole-file read moves them, a block of channel planes at a time
 * ({@link RawDecoder#moveToFastest}). Values are converted exactly as the whole-file read converts them, so the
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
			checkStillHolds(first + count - 1L);
			if (spectral == 0) new Cursor(bytes, offset + (long) first * ch * type.bytes, (long) count * ch, type).read(0,
				count * ch, out, 0);
			else if (count < SHORT_RUN) {
				// a few spectra: each spectrum's channels from one window, channel plane by channel plane
				long[] sorted = new long[count];
				for (int j = 0; j < count; j++) sorted[j] = (long) (first + j) << 32 | j;
				gatherAcrossPlanes(sorted, out);
			}
			else {
				// source [above][channels][below] -> spectra [above][below][channels], in tiles of planes and pixels
				Cursor c = new Cursor(bytes, offset, pixels() * ch, type);
				double[] tile = RawDecoder.moveTile();
				for (int i = first; i < first + count;) {
					int a = i / below, b = i % below, len = Math.min(RawDecoder.TILE_PIXELS, Math.min(below - b, first + count
						- i));
					RawDecoder.moveToFastest(c, ch, below, a, b, len, tile, out, (i - first) * ch);
					i += len;
				}
			}
		}
		catch (IOException | RuntimeException e) {
			throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
		}
		return out;
	}

	/**
	 * The spectra in file order (energy-fastest: one run each; energy-slowest: a block of channel planes at a time),
	 * each to its place.
	 */
	@Override
	public void gather(int[] which, int from, int count, double[] out) {
		if (count == 0) return;
		int ch = channels();
		long[] sorted = new long[count];
		for (int j = 0; j < count; j++) sorted[j] = (long) which[from + j] << 32 | j;
		Arrays.sort(sorted);
		try {
			checkStillHolds(sorted[count - 1] >>> 32);
			if (spectral != 0) gatherAcrossPlanes(sorted, out);
			else {
				Cursor c = new Cursor(bytes, offset, pixels() * ch, type);
				for (long p : sorted) c.read((p >>> 32) * ch, ch, out, (int) p * ch);
			}
		}
		catch (IOException | RuntimeException e) {
			throw StreamReads.unreadable(file, count + " spectra from spectrum " + which[from], e);
		}
	}

	/**
	 * Before reading spectra up to {@code last}: the file still holds the end of the last slab of channel planes (of
	 * spectra, when energy-fastest) read, else an IOException naming where it ends now.
	 */
	private void checkStillHolds(long last) throws IOException {
		bytes.checkStillHolds(offset + (last / below + 1) * below * channels() * type.bytes);
	}

	/**
	 * Energy-slowest spectra (index in the high, place in out in the low 32 bits, ascending): per block of spectra
	 * and of channels, spectrum by spectrum the block's channels from one window of the file ({@link FileBytes#gather}),
	 * so that the reads stay in the block's channel planes and the writes in a block that stays in the cache.
	 */
	private void gatherAcrossPlanes(long[] sorted, double[] out) {
		int ch = channels();
		long plane = (long) below * type.bytes;
		long[] at = new long[Math.min(sorted.length, GATHER_SPECTRA)];
		for (int j0 = 0; j0 < sorted.length; j0 += GATHER_SPECTRA) {
			int jn = Math.min(sorted.length - j0, GATHER_SPECTRA);
			for (int j = 0; j < jn; j++) {
				long i = sorted[j0 + j] >>> 32;
				at[j] = offset + (i / below * ch * below + i % below) * type.bytes;
			}
			for (int k0 = 0; k0 < ch; k0 += CHANNEL_BLOCK) {
				int kn = Math.min(ch - k0, CHANNEL_BLOCK);
				for (int j = 0; j < jn; j++) bytes.gather(at[j] + k0 * plane, plane, kn, type, out, (int) sorted[j0 + j] * ch
					+ k0);
			}
		}
	}

	/** Channels read together, plane by plane, when spectra are gathered. */
	private static final int CHANNEL_BLOCK = 64;

	/** Spectra gathered together (their values of a block of channels stay in the cache). */
	private static final int GATHER_SPECTRA = 256;

	/** Runs of fewer spectra than this are gathered spectrum by spectrum instead of in tiles of planes. */
	private static final int SHORT_RUN = 16;
}
