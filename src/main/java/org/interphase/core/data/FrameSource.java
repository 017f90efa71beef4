package org.interphase.core.data;

import org.interphase.core.Parallel;

/**
 * The frames of a series (frame, y, x), read one at a time: from an array in memory, or streamed from the file
 * so that memory stays constant in the number of frames (a reader that streams puts its source in the
 * {@link Dataset}'s metadata under {@link #KEY}, with the first frame as the primary signal). Reading frames is
 * safe from several threads at once, each with its own buffer.
 */
public interface FrameSource {
	/** The Dataset metadata key of a streamed series' frame source. */
	String KEY = "frames.stream";

	int width();

	int height();

	int frames();

	/**
	 * Frame {@code f}: the returned array holds it at {@link #offset(int)} (y-major, width() x height()). A source in
	 * memory returns its own array without copying; a streamed one fills {@code buf} (width() x height() long) and
	 * returns it. Read errors are thrown as {@link java.io.UncheckedIOException} naming the file and frame.
	 */
	double[] frame(int f, double[] buf);

	/** Where frame {@code f} starts in the array {@link #frame} returns. */
	int offset(int f);

	/** The time axis of the frames (scale and units as the file gives them; scale 0 when unknown). */
	default Axis timeAxis() {
		return new Axis("frame", frames(), 0, 0, "");
	}

	/** A series held in memory (frame, y, x). */
	static FrameSource of(double[] stack, int w, int h, int frames) {
		return new FrameSource() {
			@Override
			public int width() {
				return w;
			}

			@Override
			public int height() {
				return h;
			}

			@Override
			public int frames() {
				return frames;
			}

			@Override
			public double[] frame(int f, double[] buf) {
				return stack;
			}

			@Override
			public int offset(int f) {
				return f * w * h;
			}

			@Override
			public boolean streamed() {
				return false;
			}
		};
	}

	/** The streamed frame source of a dataset, or null when its frames are in memory. */
	static FrameSource in(Dataset d) {
		Object o = d.metadata().get(KEY);
		return o instanceof FrameSource ? (FrameSource) o : null;
	}

	/** Whether frames are read from a file (false: {@link #frame} returns the array in memory, buf unused). */
	default boolean streamed() {
		return true;
	}

	/**
	 * The sum of all frames into {@code sum} (w x h), the first pass of a two-pass series analysis: frames are read
	 * {@code threads} at a time in parallel and added pixel by pixel in frame order, so the sum is the same to the
	 * bit as a loop over the frames in memory, and memory is {@code threads} frames whatever their number.
	 */
	static void sum(FrameSource src, double[] sum, int threads) {
		int n = src.width() * src.height(), frames = src.frames();
		int t = Math.max(1, Math.min(threads, frames));
		double[][] bufs = new double[t][], arr = new double[t][];
		int[] offs = new int[t];
		for (int f0 = 0; f0 < frames; f0 += t) {
			int k = Math.min(t, frames - f0), first = f0;
			Parallel.forRange(k, k, (a, b) -> {
				for (int j = a; j < b; j++) {
					if (bufs[j] == null && src.streamed()) bufs[j] = new double[n];
					arr[j] = src.frame(first + j, bufs[j]);
					offs[j] = src.offset(first + j);
				}
			});
			Parallel.forRange(n, threads, (from, to) -> {
				for (int j = 0; j < k; j++) {
					double[] a = arr[j];
					for (int i = from, q = offs[j] + from; i < to; i++, q++) sum[i] += a[q];
				}
			});
		}
	}
}
