package org.interphase.io;

import org.interphase.core.data.Axis;
import org.interphase.core.data.SpectrumTiles;

/**
 * A DM or TIA spectrum image or line scan streamed from its mapped file, which reads runs of consecutive spectra
 * (C order): a tile of rows and a single spectrum are both such runs. Its axes are the whole-file read's, the
 * spatial ones first and the energy last; the map's rows, columns and channels are read from them.
 */
public interface StreamedSpectra extends SpectrumTiles, StreamedAxes {
	/** Rows of the map: the first spatial axis (a line scan is rows of one spectrum). */
	@Override
	default int rows() {
		return axes().get(0).size;
	}

	/** Spectra per row: the second spatial axis of a map, 1 for a line scan. */
	@Override
	default int columns() {
		return axes().size() == 3 ? axes().get(1).size : 1;
	}

	@Override
	default int channels() {
		return channelAxis().size;
	}

	/** Spectra {@code first} to {@code first + count - 1} into {@code out[0, count x channels)}, one after the other. */
	double[] spectra(int first, int count, double[] out);

	/**
	 * Spectra as {@link #spectra(int, int, double[])} of which only channels {@code [from, to)} are used (the others may
	 * hold anything); this default reads every channel.
	 */
	default double[] spectra(int first, int count, double[] out, int from, int to) {
		return spectra(first, count, out);
	}

	@Override
	default double[] read(int row, int count, double[] buf) {
		int n = count * columns() * channels();
		return spectra(row * columns(), count * columns(), buf != null && buf.length >= n ? buf : new double[n]);
	}

	@Override
	default double[] read(int row, int count, double[] buf, int from, int to) {
		int n = count * columns() * channels();
		return spectra(row * columns(), count * columns(), buf != null && buf.length >= n ? buf : new double[n], from,
			to);
	}

	@Override
	default double[] spectrum(long i, double[] buf) {
		return spectra((int) i, 1, buf != null && buf.length >= channels() ? buf : new double[channels()]);
	}

	@Override
	default long offset(int row) {
		return 0;
	}

	@Override
	default Axis rowAxis() {
		return axes().get(0);
	}

	@Override
	default Axis channelAxis() {
		return axes().get(axes().size() - 1);
	}
}
