package org.interphase.io.tia;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.FrameSource;
import org.interphase.io.InputFormatException;
import org.interphase.io.dm.FileBytes;
import org.interphase.io.dm.RawDecoder;
import org.interphase.io.StreamReads;

/**
 * A TIA .ser series of images (in-situ diffraction or image movies) read frame by frame from the file, never whole:
 * only the layout (the offsets of the frames) is kept, whatever the number of frames, and files beyond 2 GiB are
 * read too. Frames are presented top row first, as the whole-file reader does. Complex elements and spectra are not
 * streamed ({@link #open} returns null; the whole-file reader takes them).
 */
public final class TiaFrameStream implements FrameSource {
	private final Path file;
	private final SerLayout layout;
	/** Pixel size from the first element's calibration (nm, or 1/nm for a diffraction pattern), 0 when none. */
	public final double pixelSize;
	public final String unit;
	/** What the .emi beside the .ser says (instrument, camera length ...), empty without one. */
	public final Map<String, Object> metadata;
	private final StreamReads.Buffers buffers;

	private TiaFrameStream(Path file, SerLayout layout, double pixelSize, String unit, Map<String, Object> metadata) {
		this.file = file;
		this.layout = layout;
		this.pixelSize = pixelSize;
		this.unit = unit;
		this.metadata = metadata;
		buffers = new StreamReads.Buffers((int) layout.bytesPerElement, ByteOrder.LITTLE_ENDIAN);
	}

	/** The series of a .ser file (or of an .emi's first .ser), or null when it is not a streamable image series. */
	public static TiaFrameStream open(Path file) throws IOException {
		Path ser = file;
		if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".emi")) {
			ser = file.resolveSibling(file.getFileName().toString().replaceFirst("(?i)\\.emi$", "") + "_1.ser");
			if (!Files.isRegularFile(ser)) return null;
		}
		FileBytes b = FileBytes.map(ser, ByteOrder.LITTLE_ENDIAN);
		SerLayout l = SerLayout.read(b, ser.toString());
		for (int i = 0; i < l.valid; i++) l.dataStart(i, b.length(), ser.toString());
		if (!l.image || l.complex || l.valid < 2 || l.perElement > Integer.MAX_VALUE - 16 || l.bytesPerElement >
			Integer.MAX_VALUE - 16) return null;
		Path emi = TiaReader.emiFor(ser);
		Map<String, Object> meta = new LinkedHashMap<>();
		boolean diffraction = false;
		if (emi != null && Files.size(emi) <= 64L << 20) {
			TiaReader.Emi e = TiaReader.Emi.parse(Files.readAllBytes(emi));
			e.toMetadata(meta);
			meta.put("tia_emi", emi.getFileName().toString());
			diffraction = e.isDiffraction();
		}
		double px = l.dX * (diffraction ? 1e-9 : 1e9);
		boolean calibrated = Double.isFinite(px) && px > 0;
		return new TiaFrameStream(ser, l, calibrated ? px : 0, calibrated ? diffraction ? "1 / nm" : "nm" : "px", meta);
	}

	@Override
	public int width() {
		return layout.nx;
	}

	@Override
	public int height() {
		return layout.ny;
	}

	@Override
	public int frames() {
		return (int) layout.valid;
	}

	@Override
	public int offset(int f) {
		return 0;
	}

	@Override
	public Axis timeAxis() {
		if (layout.dims.size() == 1 && layout.dims.get(0).size == frames() && layout.dims.get(0).delta > 0 && layout
			.dims.get(0).units.toLowerCase(Locale.ROOT).startsWith("s")) return new Axis("time", frames(), layout.dims
				.get(0).delta, 0, "s");
		return FrameSource.super.timeAxis();
	}

	@Override
	public double[] frame(int f, double[] buf) {
		int n = (int) layout.perElement;
		double[] out = buf != null && buf.length >= n ? buf : new double[n];
		ByteBuffer b;
		try {
			b = buffers.read(file, layout.dataOffsets[f] + layout.header);
		}
		catch (IOException e) {
			throw StreamReads.frameUnreadable(file, f, frames(), e);
		}
		RawDecoder.decode(b, 0, layout.type, ByteOrder.LITTLE_ENDIAN, n, out, 0, 1);
		buffers.give(b);
		TiaReader.flipRows(out, 0, layout.nx, layout.ny);
		return out;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%s: %d frames of %dx%d, %s, streamed", file.getFileName(), frames(), width(),
			height(), layout.type.numpy);
	}
}
