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
import org.interphase.io.dm.DmReader;
import org.interphase.io.dm.MappedFrames;
import org.interphase.io.tia.TiaFrameStream;
import org.interphase.io.tia.TiaReader;
import org.interphase.io.tiff.TiffReader;
import org.interphase.io.tiff.TiffStackStream;

/**
 * Series read frame by frame instead of whole: a TIFF stack, a TIA .ser image series or a DM3/DM4 stack that would not
 * fit in memory (more than half of -Xmx
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
	 * Whether {@code values} numbers held as 8-byte doubles would take more than half of the heap Java may use
	 * (-Xmx). The heap Java may use, not what is free at this moment: whether a file is streamed must not depend on
	 * what else the JVM happens to hold (an analysis that needs the data whole would get another dataset).
	 */
	public static boolean exceedsHeap(long values) {
		return values * 8 > Runtime.getRuntime().maxMemory() * 0.5;
	}

	/** A file whose every byte could become one 8-byte number and still fit is read whole without a look inside. */
	public static boolean fitsWithoutALook(long fileSize) {
		return fileSize < Integer.MAX_VALUE - 8 && !exceedsHeap(fileSize);
	}

	/**
	 * The one rule for spectra (EELS spectrum images and line scans, Raman and XPS maps): whether {@code values}
	 * numbers are read in tiles of rows instead of whole, in the {@link #mode()} (always, never, or auto: more than
	 * half of -Xmx as 8-byte numbers, or more than one array holds).
	 */
	public static boolean streamSpectra(long values) {
		String mode = mode();
		if (mode.equals("never")) return false;
		return mode.equals("always") || values > Integer.MAX_VALUE - 16 || exceedsHeap(values);
	}

	/**
	 * The file as a streamed series when its reader is the TIFF reader, it is a streamable stack, and it would not
	 * fit in memory as numbers (or streaming is forced); null otherwise (the whole-file reader takes it).
	 */
	public static Dataset openIfTooLarge(Path file, DatasetReader reader) throws IOException {
		String mode = mode();
		boolean tiff = reader instanceof TiffReader, tia = reader instanceof TiaReader, dm = reader instanceof DmReader;
		if (mode.equals("never") || !tiff && !tia && !dm) return null;
		long size = Files.size(file);
		if (!mode.equals("always") && fitsWithoutALook(size)) return null;
		FrameSource s;
		try {
			s = tiff ? TiffStackStream.open(file) : tia ? TiaFrameStream.open(file) : MappedFrames.dm(file);
		}
		catch (IOException | RuntimeException e) {
			return null; // a damaged file: the whole-file reader says what is wrong, in its words
		}
		if (s == null || s.frames() < 2) return null;
		long per = (long) s.width() * s.height(), total = per * s.frames();
		boolean tooLarge = size > Integer.MAX_VALUE - 8 || total > Integer.MAX_VALUE - 16 || exceedsHeap(total + per);
		if (!tooLarge && !mode.equals("always")) return null;
		if (tiff) return dataset(file, (TiffStackStream) s);
		if (tia) {
			TiaFrameStream t = (TiaFrameStream) s;
			Dataset d = dataset(file, file.getFileName().toString(), "TIA (streamed)", s, t.pixelSize, t.unit);
			for (java.util.Map.Entry<String, Object> e : t.metadata.entrySet()) d = d.withMetadata(e.getKey(), e
				.getValue());
			return d;
		}
		MappedFrames m = (MappedFrames) s;
		Axis x = m.axes().get(2);
		boolean calibrated = x.scale > 0 && !x.units.isEmpty();
		return dataset(file, m.name(), "DM (streamed)", s, calibrated ? x.scale : 0, x.units);
	}

	/** The streamed series as a dataset: the first frame as the primary signal, the frames in the metadata. */
	public static Dataset dataset(Path file, TiffStackStream s) {
		return dataset(file, file.getFileName().toString(), "TIFF (streamed)", s, s.pixelSize, s.unit).withMetadata(
			"tiff.pages", s.frames());
	}

	private static Dataset dataset(Path file, String name, String format, FrameSource s, double pixelSize,
		String pixelUnit)
	{
		double px = pixelSize > 0 ? pixelSize : 1;
		String unit = pixelSize > 0 ? pixelUnit : "px";
		Signal first = Signal.image(name, s.width(), s.height(), s.frame(0, null), px, unit);
		Dataset d = Dataset.of(file.toString(), format, first).withMetadata(FrameSource.KEY, s).withMetadata(
			"stream.frames", s.frames());
		if (pixelSize > 0) d = d.withMetadata(MetadataKeys.PIXEL_SIZE, pixelSize).withMetadata(
			MetadataKeys.PIXEL_SIZE_UNIT, unit);
		return d;
	}
}
