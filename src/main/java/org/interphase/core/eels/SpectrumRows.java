package org.interphase.core.eels;

/**
 * The spectra of a line scan or spectrum image (C order, a spectrum image's rows one after the other), read in
 * tiles of consecutive spectra: from an array in memory (one tile, no copy), or from the file a few rows at a time
 * so that memory stays bounded whatever the number of pixels (see docs/scale.md). {@link ValenceMapper} visits
 * the tiles in order and adds in the order of the spectra, so its results are the same to the bit whatever the
 * tile size. Reading is safe from one thread at a time.
 */
public interface SpectrumRows {
	/** The Dataset metadata key of a streamed spectrum image's rows (the primary signal then holds no spectra). */
	String KEY = "spectra.stream";

	/** The streamed spectra of a dataset, or null when its spectra are in memory. */
	static SpectrumRows in(org.interphase.core.data.Dataset d) {
		Object o = d.metadata().get(KEY);
		return o instanceof SpectrumRows ? (SpectrumRows) o : null;
	}

	/** Number of spectra. */
	int spectra();

	/** The energy axis (eV), one value per channel. */
	double[] energy();

	/** How many spectra one tile holds (all of them for a source in memory). */
	int tileSpectra();

	/**
	 * Spectra {@code first} to {@code first + count - 1}: the returned array holds spectrum i at
	 * {@link #offset(int) offset(first)} + (i - first) * channels. A source in memory returns its own array; a
	 * streamed one fills {@code buf} (at least count x channels long) and returns it. Read errors are thrown as
	 * {@link java.io.UncheckedIOException} naming the file.
	 */
	double[] read(int first, int count, double[] buf);

	/** Where spectrum {@code first} starts in the array {@link #read} returns. */
	int offset(int first);

	/** Whether spectra are read from a file (false: {@link #read} returns the array in memory, buf unused). */
	default boolean streamed() {
		return true;
	}

	/** The spectra in memory as one tile. */
	static SpectrumRows of(ValenceMapper.Spectra s) {
		return new InMemory(s, Math.max(1, s.n), false);
	}

	/**
	 * The spectra in memory read as if streamed, {@code tile} spectra at a time, each tile copied into the buffer:
	 * the test that tiles give the same results as the whole array, and a bound on the work arrays of a caller.
	 */
	static SpectrumRows tiled(ValenceMapper.Spectra s, int tile) {
		if (tile < 1) throw new IllegalArgumentException("a tile must hold at least one spectrum, not " + tile);
		return new InMemory(s, tile, true);
	}

	/** Spectra in an array: returned as they are, or (copied) copied tile by tile into the caller's buffer. */
	final class InMemory implements SpectrumRows {
		private final ValenceMapper.Spectra s;
		private final int tile;
		private final boolean copied;

		InMemory(ValenceMapper.Spectra s, int tile, boolean copied) {
			this.s = s;
			this.tile = tile;
			this.copied = copied;
		}

		@Override
		public int spectra() {
			return s.n;
		}

		@Override
		public double[] energy() {
			return s.energy;
		}

		@Override
		public int tileSpectra() {
			return tile;
		}

		@Override
		public double[] read(int first, int count, double[] buf) {
			if (!copied) return s.data;
			int ch = s.energy.length;
			System.arraycopy(s.data, first * ch, buf, 0, count * ch);
			return buf;
		}

		@Override
		public int offset(int first) {
			return copied ? 0 : first * s.energy.length;
		}

		@Override
		public boolean streamed() {
			return copied;
		}
	}
}
