package org.interphase.io.tia;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.io.StreamReads;
import org.interphase.io.StreamedSpectra;
import org.interphase.io.dm.RawDecoder;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * TIA (.ser) spectrum series (line scans, spectrum maps) read in tiles of rows from the mapped file (issue 23);
 * image series stream frame by frame through {@link TiaFrameStream}. Each
 * element is decoded exactly as {@link TiaReader} does for the whole file, so the numbers are the same to the bit.
 */
public final class TiaStreams {
	private TiaStreams() {}

	/** The file's main series as spectra in tiles, or null when it is not a real-valued spectrum series. */
	public static Spectra spectra(Path file) throws java.io.IOException {
		Object d = TiaReader.describe(file);
		return d instanceof Spectra ? (Spectra) d : null;
	}

	/**
	 * A spectrum series, one element per spectrum: a map (y, x, energy) in rows y of x spectra, or a line scan (x,
	 * energy) in rows of one spectrum.
	 */
	public static final class Spectra implements StreamedSpectra {
		private final Path file;
		private final String name;
		private final ByteBuffer buf;
		private final long[] at;
		private final Type type;
		private final List<Axis> axes;

		Spectra(Path file, String name, ByteBuffer buf, long[] at, Type type, List<Axis> axes) {
			this.file = file;
			this.name = name;
			this.buf = buf;
			this.at = at;
			this.type = type;
			this.axes = List.copyOf(axes);
			if (columns() < 1 || at.length != (long) rows() * columns()) throw new IllegalArgumentException(file + ": " +
				at.length + " spectra do not fill " + rows() + " rows of " + columns());
		}

		@Override
		public String name() {
			return name;
		}

		@Override
		public List<Axis> axes() {
			return axes;
		}

		@Override
		public double[] spectra(int first, int count, double[] out) {
			int ch = channels();
			try {
				for (int i = first; i < first + count; i++) RawDecoder.decode(buf, at[i], type, ByteOrder.LITTLE_ENDIAN, ch,
					out, (i - first) * ch, 1);
			}
			catch (RuntimeException e) {
				throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
			}
			return out;
		}
	}
}
