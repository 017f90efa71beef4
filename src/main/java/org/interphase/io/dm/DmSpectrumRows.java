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
 * read as a small one is. An analysis reads the image several times: energy-slowest spectra are moved once and
 * kept within a fixed budget ({@link TransposedSpectra}), later reads copy them. Memory: the tiles and that budget
 * (the file is mapped, not loaded).
 */
public final class DmSpectrumRows implements StreamedSpectra {
	private final Path file;
	private final String name;
	private final FileBytes bytes;
	private final long offset;
	private final Type type;
	private final int spectral, below;
	private final List<Axis> axes;
	/** Energy-slowest: the first spectra kept once moved (null: energy-fastest, or no budget). */
	private final TransposedSpectra kept;

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
		kept = spectral == 0 ? null : TransposedSpectra.forImage(pixels(), channels(), type);
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
			else {
				// energy-slowest: the spectra kept from an earlier read are copied, the others moved and kept
				int end = first + count, k = kept == null ? first : Math.max(first, Math.min(end, kept.kept()));
				if (k > first) {
					if (kept.holds(first, k - first)) kept.copy(first, k - first, out, 0);
					else {
						moveToFastest(first, k - first, out, 0);
						kept.keep(first, k - first, out, 0);
					}
				}
				if (end > k) moveToFastest(k, end - k, out, (k - first) * ch);
			}
		}
		catch (IOException | RuntimeException e) {
			throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
		}
		return out;
	}

	/**
	 * Energy-slowest spectra: channels [from, to) only, the kept ones copied and the others read from those channel
	 * planes alone (not kept: a kept spectrum is whole). Energy-fastest ones, and short runs, are read whole.
	 */
	@Override
	public double[] spectra(int first, int count, double[] out, int from, int to) {
		int ch = channels();
		from = Math.max(0, from);
		to = Math.min(ch, to);
		if (spectral == 0 || count < SHORT_RUN || from == 0 && to == ch || from >= to) return spectra(first, count, out);
		try {
			checkStillHolds(first + count - 1L);
			int end = first + count, k = kept == null ? first : Math.max(first, Math.min(end, kept.kept()));
			if (k > first && kept.holds(first, k - first)) kept.copy(first, k - first, out, 0, from, to);
			else k = first;
			if (end > k) movePlanes(k, end - k, out, (k - first) * ch, from, to);
		}
		catch (IOException | RuntimeException e) {
			throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
		}
		return out;
	}

	/** Energy-slowest spectra [first, first + count) from the file to out[at..], channels contiguous. */
	private void moveToFastest(int first, int count, double[] out, int at) {
		int ch = channels();
		if (count < SHORT_RUN) {
			// a few spectra: each spectrum's channels from one window, channel plane by channel plane
			long[] sorted = new long[count];
			for (int j = 0; j < count; j++) sorted[j] = (long) (first + j) << 32 | (at / ch + j);
			gatherAcrossPlanes(sorted, sorted.length, out);
			return;
		}
		movePlanes(first, count, out, at, 0, ch);
	}

	/**
	 * Channels [from, to) of energy-slowest spectra [first, first + count) to out[at..]: source [above][channels][below]
	 * to spectra [above][below][channels], in tiles of planes and pixels.
	 */
	private void movePlanes(int first, int count, double[] out, int at, int from, int to) {
		int ch = channels();
		Cursor c = new Cursor(bytes, offset, pixels() * ch, type);
		double[] tile = RawDecoder.moveTile();
		for (int i = first; i < first + count;) {
			int a = i / below, b = i % below, len = Math.min(RawDecoder.TILE_PIXELS, Math.min(below - b, first + count - i));
			RawDecoder.moveToFastest(c, ch, below, a, b, len, tile, out, at + (i - first) * ch, from, to);
			i += len;
		}
	}

	/**
	 * The spectra in file order (energy-fastest: one run each; energy-slowest: those kept from an earlier read
	 * copied, the others a block of channel planes at a time, then kept), each to its place.
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
			if (spectral != 0) {
				// the kept ones copied; the others (still ascending) moved from the file
				int misses = 0;
				for (long p : sorted) {
					int i = (int) (p >>> 32);
					if (kept != null && i < kept.kept() && kept.holds(i, 1)) kept.copy(i, 1, out, (int) p * ch);
					else sorted[misses++] = p;
				}
				gatherAcrossPlanes(sorted, misses, out);
				if (kept != null) for (int j = 0; j < misses && (int) (sorted[j] >>> 32) < kept.kept(); j++) kept.keep(
					(int) (sorted[j] >>> 32), 1, out, (int) sorted[j] * ch);
			}
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
	 * The first {@code count} energy-slowest spectra of sorted (index in the high, place in out in the low 32 bits,
	 * ascending): per block of spectra
	 * and of channels, spectrum by spectrum the block's channels from one window of the file ({@link FileBytes#gather}),
	 * so that the reads stay in the block's channel planes and the writes in a block that stays in the cache.
	 */
	private void gatherAcrossPlanes(long[] sorted, int count, double[] out) {
		int ch = channels();
		long plane = (long) below * type.bytes;
		long[] at = new long[Math.min(count, GATHER_SPECTRA)];
		for (int j0 = 0; j0 < count; j0 += GATHER_SPECTRA) {
			int jn = Math.min(count - j0, GATHER_SPECTRA);
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
