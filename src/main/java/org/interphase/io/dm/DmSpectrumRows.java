package org.interphase.io.dm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.eels.SpectrumRows;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * A DM3/DM4 spectrum image read in tiles of rows straight from the mapped file (issue 23): spectra in C order
 * (y, x) with the energy axis last, as {@link DmReader} gives the whole image, whichever axis the file stores
 * fastest. Energy-fastest files decode one contiguous run per tile; energy-slowest (or middle) ones one run per
 * channel and row, moved into place. Values are converted exactly as the whole-file read converts them, so the
 * tiles hold the same numbers to the bit. Memory: the tiles only (the file is mapped, not loaded).
 */
public final class DmSpectrumRows implements SpectrumRows {
	/** Rows of pixels per tile unless told (-Dinterphase.tileRows=N, for tests); about 64 MB of doubles. */
	static final long TILE_BYTES = 64L << 20;

	private final Path file;
	private final String name;
	private final ByteBuffer buf;
	private final long offset;
	private final Type type;
	private final ByteOrder order;
	private final int spectral, channels, width, height, below;
	private final List<Axis> axes;
	private final double[] energy;
	private int tileRows;

	DmSpectrumRows(Path file, String name, ByteBuffer buf, long offset, Type type, ByteOrder order, long[] dims,
		int spectral, List<Axis> axes)
	{
		this.file = file;
		this.name = name;
		this.buf = buf;
		this.offset = offset;
		this.type = type;
		this.order = order;
		this.spectral = spectral;
		this.axes = List.copyOf(axes);
		channels = (int) dims[spectral];
		height = axes.get(0).size;
		width = axes.get(1).size;
		int b = 1;
		for (int i = 0; i < spectral; i++) b *= (int) dims[i];
		below = b;
		energy = axes.get(2).values();
		long perRow = (long) width * channels * 8;
		tileRows = (int) Math.max(1, Math.min(height, TILE_BYTES / Math.max(1, perRow)));
		String forced = System.getProperty("interphase.tileRows");
		if (forced != null) tileRows = Math.max(1, Integer.parseInt(forced.trim()));
	}

	/** The file's main spectrum image in tiles, or null when its main image is not a real spectrum image. */
	public static DmSpectrumRows open(Path file) throws java.io.IOException {
		return DmReader.spectrumRows(file);
	}

	/** The same source with {@code rows} rows of pixels per tile. */
	public DmSpectrumRows tileRows(int rows) {
		if (rows < 1) throw new IllegalArgumentException("a tile must hold at least one row, not " + rows);
		tileRows = rows;
		return this;
	}

	public String name() {
		return name;
	}

	/** The axes (y, x, energy) with their calibrations, as the whole-file read gives them. */
	public List<Axis> axes() {
		return axes;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	@Override
	public int spectra() {
		return width * height;
	}

	@Override
	public double[] energy() {
		return energy.clone();
	}

	@Override
	public int tileSpectra() {
		return tileRows * width;
	}

	@Override
	public double[] read(int first, int count, double[] out) {
		int ch = channels;
		try {
			if (spectral == 0) RawDecoder.decode(buf, offset + (long) first * ch * type.bytes, type, order, count * ch, out,
				0, 1);
			else {
				// source [above][channels][below] -> spectra [above][below][channels]
				double[] run = new double[Math.min(count, below)];
				for (int i = first; i < first + count;) {
					int a = i / below, b = i % below, len = Math.min(below - b, first + count - i);
					for (int k = 0; k < ch; k++) {
						long src = ((long) a * ch + k) * below + b;
						RawDecoder.decode(buf, offset + src * type.bytes, type, order, len, run, 0, 1);
						for (int j = 0; j < len; j++) out[(i - first + j) * ch + k] = run[j];
					}
					i += len;
				}
			}
		}
		catch (RuntimeException e) {
			throw new java.io.UncheckedIOException(new java.io.IOException(file + ": spectra " + first + "-" + (first +
				count - 1) + ": " + e.getMessage(), e));
		}
		return out;
	}

	@Override
	public int offset(int first) {
		return 0;
	}
}
