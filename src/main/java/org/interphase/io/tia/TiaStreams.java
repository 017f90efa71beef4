package org.interphase.io.tia;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.io.StreamReads;
import org.interphase.io.StreamedSpectra;
import org.interphase.io.dm.FileBytes;
import org.interphase.io.dm.RawDecoder;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * TIA (.ser) spectrum series (line scans, spectrum maps) read in tiles of rows from the mapped file, of any size
 * (issue 23: {@link FileBytes} at long positions);
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
		private final FileBytes bytes;
		private final long[] at;
		private final Type type;
		private final List<Axis> axes;

		Spectra(Path file, String name, FileBytes bytes, long[] at, Type type, List<Axis> axes) {
			this.file = file;
			this.name = name;
			this.bytes = bytes;
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
			long run = (long) ch * type.bytes;
			try {
				// a file cut after it was opened: named, instead of a fault inside the JVM
				long end = 0;
				for (int i = first; i < first + count; i++) end = Math.max(end, at[i] + run);
				bytes.checkStillHolds(end);
				for (int i = first; i < first + count; i++) RawDecoder.decode(bytes.slice(at[i], run), 0, type,
					ByteOrder.LITTLE_ENDIAN, ch, out, (i - first) * ch, 1);
			}
			catch (IOException | RuntimeException e) {
				throw StreamReads.unreadable(file, "spectra " + first + "-" + (first + count - 1), e);
			}
			return out;
		}
	}
}
