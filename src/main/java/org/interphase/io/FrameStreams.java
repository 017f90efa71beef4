package org.interphase.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.FrameSource;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.data.Axis;
import org.interphase.io.dm.MappedFrames;
import org.interphase.io.dm.DmReader;
import org.interphase.io.tia.TiaReader;
import org.interphase.io.tia.TiaStreams;
import org.interphase.io.tiff.TiffReader;
import org.interphase.io.tiff.TiffStackStream;

/**
 * Series read frame by frame instead of whole: a TIFF stack that would not fit in memory (more than half of -Xmx
 * as 8-byte numbers, more than 2^31 samples or a file over 2 GiB; or any streamable
 * stack, with {@code -Dinterphase.stream=always} or {@code INTERPHASE_STREAM=always}; {@code never} turns it off)
 * becomes a dataset whose primary signal is the first frame and whose {@link FrameSource} (metadata
 * {@link FrameSource#KEY}) reads the frames from the file. The SAED series analysis reads it frame by frame; the
 * batch refuses it, with the reason, for an analysis that needs the stack whole. See docs/scale.md.
 */
public final class FrameStreams {
	private FrameStreams() {}

	/** "auto" (stream what does not fit), "always" or "never". */
	public static String mode() {
		String m = System.getProperty("interphase.stream");
		if (m == null) m = System.getenv("INTERPHASE_STREAM");
		return m == null ? "auto" : m.trim().toLowerCase(Locale.ROOT);
	}

	/**
	 * The file as a streamed series when its reader is the TIFF reader, it is a streamable stack, and it would not
	 * fit in memory as numbers (or streaming is forced); null otherwise (the whole-file reader takes it).
	 */
	public static Dataset openIfTooLarge(Path file, DatasetReader reader) throws IOException {
		String mode = mode();
		if ((reader instanceof DmReader || reader instanceof TiaReader) && !mode.equals("never")) return openSeries(file,
			mode, reader instanceof DmReader);
		if (mode.equals("never") || !(reader instanceof TiffReader)) return null;
		// the heap Java may use, not what is free at this moment: whether a file is streamed must not depend on what
		// else the JVM happens to hold (an analysis that needs the stack whole would get another dataset)
		long max = Runtime.getRuntime().maxMemory(), size = Files.size(file);
		// a file whose every byte could become one 8-byte number and still fit is read whole without a look inside
		if (!mode.equals("always") && size < Integer.MAX_VALUE - 8 && size * 8 < max * 0.5) return null;
		TiffStackStream s;
		try {
			s = TiffStackStream.open(file);
		}
		catch (IOException | RuntimeException e) {
			return null; // a damaged file: the whole-file reader says what is wrong, in its words
		}
		if (s == null || s.frames() < 2) return null;
		long per = (long) s.width() * s.height(), total = per * s.frames();
		boolean tooLarge = size > Integer.MAX_VALUE - 8 || total > Integer.MAX_VALUE - 16 || (total + per) *
			8 > max * 0.5;
		if (!tooLarge && !mode.equals("always")) return null;
		return dataset(file, s);
	}

	/** A DM3/DM4 or TIA series of frames (frame, y, x) streamed when it would not fit (or streaming is forced). */
	private static Dataset openSeries(Path file, String mode, boolean dm) throws IOException {
		long max = Runtime.getRuntime().maxMemory(), size = Files.size(file);
		if (!mode.equals("always") && size * 8 < max * 0.5) return null;
		MappedFrames s;
		try {
			s = dm ? MappedFrames.dm(file) : TiaStreams.frames(file);
		}
		catch (IOException | RuntimeException e) {
			return null; // a damaged file: the whole-file reader says what is wrong, in its words
		}
		if (s == null || s.frames() < 2) return null;
		long per = (long) s.width() * s.height(), total = per * s.frames();
		if (!mode.equals("always") && (total + per) * 8 <= max * 0.5) return null;
		Axis ax = s.axes().get(2);
		double px = ax.scale > 0 && !ax.units.isEmpty() ? ax.scale : 1;
		String unit = ax.scale > 0 && !ax.units.isEmpty() ? ax.units : "px";
		Signal first = Signal.image(s.name(), s.width(), s.height(), s.frame(0, null), px, unit);
		Dataset d = Dataset.of(file.toString(), (dm ? "DM" : "TIA") + " (streamed)", first).withMetadata(FrameSource.KEY, s).withMetadata(
			"stream.frames", s.frames());
		if (!unit.equals("px")) d = d.withMetadata(MetadataKeys.PIXEL_SIZE, px).withMetadata(MetadataKeys.PIXEL_SIZE_UNIT,
			unit);
		return d;
	}

	/** The streamed series as a dataset: the first frame as the primary signal, the frames in the metadata. */
	public static Dataset dataset(Path file, TiffStackStream s) {
		double px = s.pixelSize > 0 ? s.pixelSize : 1;
		String unit = s.pixelSize > 0 ? s.unit : "px";
		Signal first = Signal.image(file.getFileName().toString(), s.width(), s.height(), s.frame(0, null), px, unit);
		Dataset d = Dataset.of(file.toString(), "TIFF (streamed)", first).withMetadata(FrameSource.KEY, s)
			.withMetadata("stream.frames", s.frames()).withMetadata("tiff.pages", s.frames());
		if (s.pixelSize > 0) d = d.withMetadata(MetadataKeys.PIXEL_SIZE, s.pixelSize).withMetadata(
			MetadataKeys.PIXEL_SIZE_UNIT, unit);
		return d;
	}
}
