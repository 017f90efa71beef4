package org.interphase.core.data;

/**
 * The spectra of a map (y, x, channel) read in tiles of rows: from an array in memory, or streamed from the file so
 * that a spectrum image larger than the heap is fitted tile by tile (a reader that streams puts its source in the
 * {@link Dataset}'s metadata under {@link #KEY}). One type for every technique: an XPS or Raman map, an EELS
 * spectrum image (rows y, columns x), an EELS line scan or series (rows = positions, one column). Spectrum i of the
 * map is row i / columns, column i % columns (C order). Reading is safe from several threads at once, each with its
 * own buffer. The model is {@link FrameSource} for image series.
 */
public interface SpectrumTiles {
	/** The Dataset metadata key of a streamed map's tiles. */
	String KEY = "spectra.stream";

	/** The system property that forces the rows per tile (tests: a small tile runs every tile path). */
	String TILE_ROWS_PROPERTY = "interphase.tileRows";

	int rows();

	int columns();

	int channels();

	/**
	 * Rows {@code [row, row + count)}: the returned array holds their spectra from {@link #offset(int)} on, pixel by
	 * pixel (x fastest), channels contiguous. A source in memory returns its own array without copying; a streamed one
	 * fills {@code buf} (at least count x columns() x channels() long; null: a new one) and returns it. Read errors
	 * are thrown as {@link java.io.UncheckedIOException} naming the file and the rows.
	 */
	double[] read(int row, int count, double[] buf);

	/**
	 * Rows as {@link #read}, for a step that uses only channels {@code [from, to)} of each spectrum: the other
	 * channels of the returned spectra may hold anything. A streamed source that stores the map channel plane by
	 * channel plane then reads only those planes; this default reads every channel.
	 */
	default double[] read(int row, int count, double[] buf, int from, int to) {
		return read(row, count, buf);
	}

	/** Where row {@code row} starts in the array {@link #read} returns for a read starting at that row. */
	long offset(int row);

	/** Whether rows are read from a file (false: {@link #read} returns the array in memory, buf unused). */
	default boolean streamed() {
		return true;
	}

	/** The axis of the map's rows (y) as the file gives it. */
	default Axis rowAxis() {
		return new Axis("y", rows(), 0, 0, "");
	}

	/** The channel axis (energy loss, binding energy, Raman shift) as the file gives it; channel numbers if unknown. */
	default Axis channelAxis() {
		return Axis.pixels("channel", channels());
	}

	/**
	 * Spectrum {@code i} alone (row i / columns, column i % columns) in {@code buf[0, channels)} (null or too short:
	 * a new array), for a caller that visits single spectra out of order. This default reads the spectrum's row; a
	 * streamed source may read the spectrum alone.
	 */
	default double[] spectrum(long i, double[] buf) {
		int row = (int) (i / columns()), ch = channels();
		double[] out = buf != null && buf.length >= ch ? buf : new double[ch];
		double[] y = read(row, 1, streamed() ? new double[columns() * ch] : null);
		System.arraycopy(y, (int) (offset(row) + (i % columns()) * ch), out, 0, ch);
		return out;
	}

	/**
	 * Spectra {@code which[from] .. which[from + count - 1]} (in any order) into {@code out}, spectrum which[from + j]
	 * at {@code out[j x channels()]}, for a caller that visits many single spectra out of order: a streamed source may
	 * read them in file order. This default reads them one at a time with {@link #spectrum}.
	 */
	default void gather(int[] which, int from, int count, double[] out) {
		int ch = channels();
		double[] y = new double[ch];
		for (int j = 0; j < count; j++) System.arraycopy(spectrum(which[from + j], y), 0, out, j * ch, ch);
	}

	default long pixels() {
		return (long) rows() * columns();
	}

	/** The same spectra read from this source, on another channel axis of the same size (e.g. keV given in eV). */
	default SpectrumTiles withChannelAxis(Axis axis) {
		if (axis.size != channels()) throw new IllegalArgumentException(axis.size + " channels for " + channels());
		SpectrumTiles s = this;
		return new SpectrumTiles() {
			@Override
			public int rows() {
				return s.rows();
			}

			@Override
			public int columns() {
				return s.columns();
			}

			@Override
			public int channels() {
				return s.channels();
			}

			@Override
			public double[] read(int row, int count, double[] buf) {
				return s.read(row, count, buf);
			}

			@Override
			public double[] read(int row, int count, double[] buf, int from, int to) {
				return s.read(row, count, buf, from, to);
			}

			@Override
			public long offset(int row) {
				return s.offset(row);
			}

			@Override
			public boolean streamed() {
				return s.streamed();
			}

			@Override
			public Axis rowAxis() {
				return s.rowAxis();
			}

			@Override
			public Axis channelAxis() {
				return axis;
			}

			@Override
			public double[] spectrum(long i, double[] buf) {
				return s.spectrum(i, buf);
			}

			@Override
			public void gather(int[] which, int from, int count, double[] out) {
				s.gather(which, from, count, out);
			}
		};
	}

	/** A map held in memory (y, x, channel), channel fastest. */
	static SpectrumTiles of(double[] data, int rows, int columns, int channels) {
		return of(data, rows, columns, Axis.pixels("channel", channels));
	}

	/** A map held in memory (y, x, channel), channel fastest, with its channel axis (e.g. the energy loss). */
	static SpectrumTiles of(double[] data, int rows, int columns, Axis channelAxis) {
		int channels = channelAxis.size;
		if ((long) rows * columns * channels != data.length) throw new IllegalArgumentException("map size " + rows + "x"
			+ columns + "x" + channels + " does not match " + data.length + " values");
		return new SpectrumTiles() {
			@Override
			public int rows() {
				return rows;
			}

			@Override
			public int columns() {
				return columns;
			}

			@Override
			public int channels() {
				return channels;
			}

			@Override
			public double[] read(int row, int count, double[] buf) {
				return data;
			}

			@Override
			public long offset(int row) {
				return (long) row * columns * channels;
			}

			@Override
			public boolean streamed() {
				return false;
			}

			@Override
			public Axis channelAxis() {
				return channelAxis;
			}

			@Override
			public void gather(int[] which, int from, int count, double[] out) {
				for (int j = 0; j < count; j++) System.arraycopy(data, which[from + j] * channels, out, j * channels,
					channels);
			}
		};
	}

	/** The streamed map of a dataset, or null when its spectra are in memory. */
	static SpectrumTiles in(Dataset d) {
		Object o = d.metadata().get(KEY);
		return o instanceof SpectrumTiles ? (SpectrumTiles) o : null;
	}

	/**
	 * Rows per tile: every row for a map in memory (one tile, no copy), else rows worth at most 64 MiB of numbers and
	 * a sixteenth of the heap Java may use (a fit holds a tile, its neighbour rows and its cleaned copy at once; at
	 * least one row); {@value #TILE_ROWS_PROPERTY} overrides both.
	 */
	static int tileRows(SpectrumTiles s) {
		Integer forced = Integer.getInteger(TILE_ROWS_PROPERTY);
		if (forced != null && forced > 0) return Math.min(forced, Math.max(1, s.rows()));
		if (!s.streamed()) return Math.max(1, s.rows());
		long perRow = (long) s.columns() * s.channels() * 8;
		long budget = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 16);
		return (int) Math.max(1, Math.min(s.rows(), budget / Math.max(1, perRow)));
	}
}
