package org.interphase.io.dm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.FrameSource;
import org.interphase.io.StreamedAxes;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * A DM3/DM4 series of frames (frame, y, x) read frame by frame from the mapped file (issue 23), as
 * {@link org.interphase.io.tiff.TiffStackStream} reads a TIFF stack: each frame is one contiguous run in the file,
 * decoded into the caller's buffer, values converted as the whole-file read converts them. Safe from several
 * threads at once.
 */
public final class DmFrames implements FrameSource, StreamedAxes {
	private final Path file;
	private final String name;
	private final ByteBuffer buf;
	private final long offset;
	private final Type type;
	private final ByteOrder order;
	private final List<Axis> axes;
	private final int frames, height, width;

	DmFrames(Path file, String name, ByteBuffer buf, long offset, Type type, ByteOrder order, List<Axis> axes) {
		this.file = file;
		this.name = name;
		this.buf = buf;
		this.offset = offset;
		this.type = type;
		this.order = order;
		this.axes = List.copyOf(axes);
		frames = axes.get(0).size;
		height = axes.get(1).size;
		width = axes.get(2).size;
	}

	/** The file's main image as a series of frames, or null when it is not a real-valued (frame, y, x) stack. */
	public static DmFrames open(Path file) throws java.io.IOException {
		return DmReader.frames(file);
	}

	@Override
	public String name() {
		return name;
	}

	/** The axes (frame, y, x) with their calibrations, as the whole-file read gives them. */
	@Override
	public List<Axis> axes() {
		return axes;
	}

	@Override
	public int width() {
		return width;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public int frames() {
		return frames;
	}

	@Override
	public double[] frame(int f, double[] out) {
		int n = width * height;
		if (out == null) out = new double[n];
		try {
			RawDecoder.decode(buf, offset + (long) f * n * type.bytes, type, order, n, out, 0, 1);
		}
		catch (RuntimeException e) {
			throw new java.io.UncheckedIOException(new java.io.IOException(file + ": frame " + (f + 1) + " of " + frames +
				" could not be read (" + e.getMessage() + ")", e));
		}
		return out;
	}

	@Override
	public int offset(int f) {
		return 0;
	}

	@Override
	public Axis timeAxis() {
		return axes.get(0);
	}
}
