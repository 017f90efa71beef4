package org.interphase.io.tia;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.eels.SpectrumRows;
import org.interphase.io.StreamedAxes;
import org.interphase.io.dm.MappedFrames;
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

	private static java.io.UncheckedIOException error(Path file, String what, RuntimeException e) {
		return new java.io.UncheckedIOException(new java.io.IOException(file + ": " + what + " could not be read (" + e
			.getMessage() + ")", e));
	}

	/** A spectrum series ((y, x) or x, energy), one element per spectrum. */
	public static final class Spectra implements SpectrumRows, StreamedAxes {
		private final Path file;
		private final String name;
		private final ByteBuffer buf;
		private final long[] at;
		private final Type type;
		private final List<Axis> axes;
		private final double[] energy;
		private final int tile;

		Spectra(Path file, String name, ByteBuffer buf, long[] at, Type type, List<Axis> axes) {
			this.file = file;
			this.name = name;
			this.buf = buf;
			this.at = at;
			this.type = type;
			this.axes = List.copyOf(axes);
			energy = axes.get(axes.size() - 1).values();
			int row = axes.size() == 3 ? axes.get(1).size : 1;
			String forced = System.getProperty("interphase.tileRows");
			int rows = forced != null ? Math.max(1, Integer.parseInt(forced.trim())) : (int) Math.max(1, (64L << 20) /
				Math.max(1, (long) row * energy.length * 8));
			tile = (int) Math.max(1, Math.min(at.length, (long) rows * row));
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
		public int spectra() {
			return at.length;
		}

		@Override
		public double[] energy() {
			return energy.clone();
		}

		@Override
		public int tileSpectra() {
			return tile;
		}

		@Override
		public double[] read(int first, int count, double[] out) {
			int ch = energy.length;
			try {
				for (int i = first; i < first + count; i++) RawDecoder.decode(buf, at[i], type, ByteOrder.LITTLE_ENDIAN, ch,
					out, (i - first) * ch, 1);
			}
			catch (RuntimeException e) {
				throw error(file, "spectra " + first + "-" + (first + count - 1), e);
			}
			return out;
		}

		@Override
		public int offset(int first) {
			return 0;
		}
	}
}
