package org.interphase.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.eels.SpectrumRows;
import org.interphase.io.dm.DmReader;
import org.interphase.io.dm.DmSpectrumRows;

/**
 * Spectrum images read in tiles of rows instead of whole (issue 23), decided as {@link FrameStreams} decides for
 * TIFF stacks: a DM3/DM4 spectrum image whose spectra would take more than half of -Xmx as 8-byte numbers (or
 * any, with {@code -Dinterphase.stream=always} or {@code INTERPHASE_STREAM=always}; {@code never} turns it off)
 * becomes a dataset whose {@link SpectrumRows} (metadata {@link SpectrumRows#KEY}) reads the rows from the mapped
 * file, and whose primary signal holds the spatial axes only (one channel of zeros per pixel). eels-valence maps
 * it tile by tile with the same result as the whole image; the batch refuses it, with the reason, for an
 * analysis that needs the spectra whole. See docs/scale.md.
 */
public final class SpectrumStreams {
	private SpectrumStreams() {}

	/** The file as a streamed spectrum image when it is one and does not fit (or streaming is forced); else null. */
	public static Dataset openIfTooLarge(Path file, DatasetReader reader) throws IOException {
		String mode = FrameStreams.mode();
		if (mode.equals("never") || !(reader instanceof DmReader)) return null;
		long max = Runtime.getRuntime().maxMemory(), size = Files.size(file);
		// samples of at least one byte: a file that fits as 8-byte numbers is read whole without a look inside
		if (!mode.equals("always") && size * 8 < max * 0.5) return null;
		DmSpectrumRows rows;
		try {
			rows = DmSpectrumRows.open(file);
		}
		catch (IOException | RuntimeException e) {
			return null; // a damaged file: the whole-file reader says what is wrong, in its words
		}
		if (rows == null) return null;
		long values = (long) rows.spectra() * rows.energy().length;
		if (!mode.equals("always") && values * 8 <= max * 0.5) return null;
		return dataset(file, rows);
	}

	/** The streamed spectrum image as a dataset: spatial axes in the primary signal, the rows in the metadata. */
	public static Dataset dataset(Path file, DmSpectrumRows rows) {
		List<Axis> axes = rows.axes();
		Axis e = axes.get(2);
		Axis one = new Axis(e.name, 1, e.scale, e.offset, e.units);
		Signal stand = new Signal(rows.name(), "float64", new int[] { rows.height(), rows.width(), 1 }, List.of(axes.get(
			0), axes.get(1), one), new double[rows.spectra()]);
		return Dataset.of(file.toString(), "DM (streamed)", stand).withMetadata(SpectrumRows.KEY, rows).withMetadata(
			"stream.spectra", rows.spectra()).withMetadata("stream.tile_spectra", rows.tileSpectra());
	}
}
