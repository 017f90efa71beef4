package org.interphase.io.dm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.FrameSource;
import org.interphase.io.StreamedAxes;
import org.interphase.io.dm.RawDecoder.Type;
import org.interphase.io.StreamReads;

/**
 * A series of frames read frame by frame from a mapped file (issue 23), as
 * {@link org.interphase.io.tiff.TiffStackStream} reads a TIFF stack: each frame one run of typed values at its
 * byte position, decoded into the caller's buffer (and its rows flipped for TIA, which stores them bottom-up),
 * values converted as the whole-file readers convert them. DM3/DM4 (frame, y, x) stacks ({@link #dm}) and TIA
 * image series ({@code io.tia.TiaStreams#frames}). Safe from several threads at once.
 */
public final class MappedFrames implements FrameSource, StreamedAxes {
	private final Path file;
	private final String name;
	private final ByteBuffer buf;
	private final long[] at;
	private final Type type;
	private final ByteOrder order;
	private final int width, height;
	private final boolean flip;
	private final List<Axis> axes;

	/**
	 * @param at byte position of each frame in buf
	 * @param flip the frames' rows are stored bottom to top (TIA)
	 * @param axes (frame, y, x) as the whole-file read gives them
	 */
	public MappedFrames(Path file, String name, ByteBuffer buf, long[] at, Type type, ByteOrder order, boolean flip,
		List<Axis> axes)
	{
		this.file = file;
		this.name = name;
		this.buf = buf;
		this.at = at;
		this.type = type;
		this.order = order;
		this.flip = flip;
		this.axes = List.copyOf(axes);
		height = axes.get(1).size;
		width = axes.get(2).size;
	}

	/** The DM3/DM4 file's main image as a series of frames, or null when it is not a real (frame, y, x) stack. */
	public static MappedFrames dm(Path file) throws java.io.IOException {
		return DmReader.frames(file);
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
	public int width() {
		return width;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public int frames() {
		return at.length;
	}

	@Override
	public double[] frame(int f, double[] out) {
		if (out == null) out = new double[width * height];
		try {
			RawDecoder.decode(buf, at[f], type, order, width * height, out, 0, 1);
		}
		catch (RuntimeException e) {
			throw StreamReads.frameUnreadable(file, f, at.length, e);
		}
		if (flip) flipRows(out, 0, width, height);
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

	/** Reverses the order of the h rows of w values starting at a[start]. */
	public static void flipRows(double[] a, int start, int w, int h) {
		double[] tmp = new double[w];
		for (int y = 0; y < h / 2; y++) {
			int top = start + y * w, bottom = start + (h - 1 - y) * w;
			System.arraycopy(a, top, tmp, 0, w);
			System.arraycopy(a, bottom, a, top, w);
			System.arraycopy(tmp, 0, a, bottom, w);
		}
	}
}
