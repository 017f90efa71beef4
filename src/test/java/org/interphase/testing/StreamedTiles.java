package org.interphase.testing;

import org.interphase.core.data.Axis;
import org.interphase.core.data.SpectrumTiles;

/**
 * A map in memory served as if streamed: every read copies the rows into the caller's buffer (a fresh array when
 * none), so the tile code paths of a file are exercised without one.
 */
public final class StreamedTiles implements SpectrumTiles {
	private final double[] data;
	private final int rows, columns, channels;
	private final Axis channelAxis;
	/** The most rows one read asked for. */
	public int largestRead;

	public StreamedTiles(double[] data, int rows, int columns, int channels) {
		this(data, rows, columns, Axis.pixels("channel", channels));
	}

	/** With its channel axis (an EELS energy loss axis). */
	public StreamedTiles(double[] data, int rows, int columns, Axis channelAxis) {
		this.data = data;
		this.rows = rows;
		this.columns = columns;
		this.channels = channelAxis.size;
		this.channelAxis = channelAxis;
	}

	@Override
	public Axis channelAxis() {
		return channelAxis;
	}

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
	public synchronized double[] read(int row, int count, double[] buf) {
		largestRead = Math.max(largestRead, count);
		int len = count * columns * channels;
		double[] out = buf != null && buf.length >= len ? buf : new double[len];
		// poison what the read does not cover: a tile code reading outside its rows fails the comparison
		java.util.Arrays.fill(out, Double.NaN);
		System.arraycopy(data, row * columns * channels, out, 0, len);
		return out;
	}

	@Override
	public long offset(int row) {
		return 0;
	}
}
