package org.interphase.io.dm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.FrameSource;
import org.interphase.io.StreamedAxes;
import org.interphase.io.dm.RawDecoder.Type;
import org.interphase.io.StreamReads;

/**
 * A DM3/DM4 series of frames (frame, y, x) read frame by frame from the mapped file (issue 23), as
 * {@link org.interphase.io.tiff.TiffStackStream} reads a TIFF stack: each frame one run of typed values at its long
 * byte position in the {@link FileBytes} (files of any size: a series over 2 GiB is read as a small one is), decoded
 * into the caller's buffer with the values converted as the whole-file reader converts them. Nothing is kept per
 * frame. Safe from several threads at once.
 */
public final class MappedFrames implements FrameSource, StreamedAxes {
	private final Path file;
	private final String name;
	private final FileBytes bytes;
	private final long first, frameBytes;
	private final Type type;
	private final int width, height, frames;
	private final List<Axis> axes;

	/**
	 * @param bytes the file, in the data's byte order
	 * @param first byte position of the first frame; the others follow it
	 * @param axes (frame, y, x) as the whole-file read gives them
	 */
	MappedFrames(Path file, String name, FileBytes bytes, long first, Type type, List<Axis> axes) {
		this.file = file;
		this.name = name;
		this.bytes = bytes;
		this.first = first;
		this.type = type;
		this.axes = List.copyOf(axes);
		frames = axes.get(0).size;
		height = axes.get(1).size;
		width = axes.get(2).size;
		frameBytes = (long) width * height * type.bytes;
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
		return frames;
	}

	@Override
	public double[] frame(int f, double[] out) {
		int n = width * height;
		if (out == null) out = new double[n];
		long at = first + f * frameBytes;
		try {
			bytes.checkStillHolds(at + frameBytes);
			RawDecoder.decode(bytes.slice(at, frameBytes), 0, type, bytes.order(), n, out, 0, 1);
		}
		catch (IOException | RuntimeException e) {
			throw StreamReads.frameUnreadable(file, f, frames, e);
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
