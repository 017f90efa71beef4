package org.interphase.io.renishaw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.io.FrameStreams;
import org.interphase.io.StreamReads;

/**
 * A Renishaw WDF map too large for memory, read in tiles of rows from the DATA block (float32 spectra one after
 * another) with positional reads: the {@link SpectrumTiles} of the dataset {@link WdfReader} returns for it, whose
 * primary signal is the map's first row. When: {@link FrameStreams#streamSpectra}, the rule of every spectrum file
 * (docs/scale.md).
 */
final class WdfStream implements SpectrumTiles {
	private final Path file;
	private final long data;
	private final int rows, columns, points;
	private final boolean reversed;
	private final Axis rowAxis;

	WdfStream(Path file, long data, int rows, int columns, int points, boolean reversed, Axis rowAxis) {
		this.file = file;
		this.data = data;
		this.rows = rows;
		this.columns = columns;
		this.points = points;
		this.reversed = reversed;
		this.rowAxis = rowAxis;
	}

	/**
	 * The number of map rows when a map of {@code spectra} spectra of {@code points} points is to be streamed (its
	 * WMAP block gives a full grid of nx x ny = spectra), else -1 (read whole).
	 */
	static int rowsIfStreamed(FileChannel ch, WdfReader.Block wmap, boolean map, long points, long spectra)
		throws IOException
	{
		if (!map || wmap == null || wmap.size < 48 || !FrameStreams.streamSpectra(points * spectra)) return -1;
		ByteBuffer wb = WdfReader.read(ch, wmap.payload, 48);
		long nx = wb.getInt(32) & 0xffffffffL, ny = wb.getInt(36) & 0xffffffffL;
		return nx * ny == spectra && ny > 0 && ny < Integer.MAX_VALUE ? (int) ny : -1;
	}

	/** The map's first row as a (1, x, shift) signal: what the dataset shows besides its tiles. */
	Signal firstRow(String name, List<Axis> axes, Map<String, Object> meta) {
		Axis y = axes.get(0);
		Axis y1 = new Axis(y.name, 1, y.scale, y.offset, y.units);
		return new Signal(name, "float32", new int[] {1, columns, points}, List.of(y1, axes.get(1), axes.get(2)),
			read(0, 1, null), null, meta);
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
		return points;
	}

	@Override
	public Axis rowAxis() {
		return rowAxis;
	}

	@Override
	public double[] read(int row, int count, double[] buf) {
		long n = (long) count * columns * points;
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(count + " rows of " + file + " are too many "
			+ "for one tile");
		double[] out = buf != null && buf.length >= n ? buf : new double[(int) n];
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			if (!readFloats(ch, data + 4L * row * columns * points, out, (int) n)) throw new IOException(
				"unexpected end of file");
		}
		catch (IOException e) {
			throw StreamReads.unreadable(file, "WDF: map rows " + row + ".." + (row + count - 1) + " of " + rows, e);
		}
		if (reversed) for (int s = 0; s < count * columns; s++) reverse(out, s * points, points);
		return out;
	}

	/**
	 * Reads n little-endian float32 values from pos into out[0, n), in 4 MiB chunks (no full-size intermediate
	 * copy); false when the file ends first.
	 */
	static boolean readFloats(FileChannel ch, long pos, double[] out, int n) throws IOException {
		ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(4 << 20, 4L * n)).order(ByteOrder.LITTLE_ENDIAN);
		int done = 0;
		while (done < n) {
			chunk.clear();
			chunk.limit((int) Math.min(chunk.capacity(), 4L * (n - done)));
			while (chunk.hasRemaining()) if (ch.read(chunk, pos + chunk.position()) < 0) return false;
			chunk.flip();
			FloatBuffer fb = chunk.asFloatBuffer();
			int k = fb.remaining();
			for (int i = 0; i < k; i++) out[done + i] = fb.get(i);
			done += k;
			pos += 4L * k;
		}
		return true;
	}

	@Override
	public long offset(int row) {
		return 0;
	}

	private static void reverse(double[] a, int from, int n) {
		for (int i = from, j = from + n - 1; i < j; i++, j--) {
			double t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}
}
