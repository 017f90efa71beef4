package org.interphase.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.io.dm.DmReader;
import org.interphase.io.dm.DmSpectrumRows;
import org.interphase.io.tia.TiaReader;
import org.interphase.io.tia.TiaStreams;

/**
 * Spectrum images read in tiles of rows instead of whole (issue 23), decided by the rule for spectra,
 * {@link FrameStreams#streamSpectra}, which Renishaw WDF maps follow too: a DM3/DM4 spectrum image or a TIA
 * spectrum series (line scan, spectrum map) whose spectra would take more than half of -Xmx as 8-byte numbers (or
 * any, with {@code -Dinterphase.stream=always} or {@code INTERPHASE_STREAM=always}; {@code never} turns it off)
 * becomes a dataset whose {@link SpectrumTiles} (metadata {@link SpectrumTiles#KEY}) reads the rows from the mapped
 * file, and whose primary signal holds the spatial axes only (one channel of zeros per pixel). eels-valence maps
 * it tile by tile with the same result as the whole image; the batch refuses it, with the reason, for an
 * analysis that needs the spectra whole. See docs/scale.md.
 */
public final class SpectrumStreams {
	private SpectrumStreams() {}

	/** The file as a streamed spectrum image when it is one and does not fit (or streaming is forced); else null. */
	public static Dataset openIfTooLarge(Path file, DatasetReader reader) throws IOException {
		return open(file, reader, false);
	}

	/**
	 * The file as a streamed spectrum image whatever its size when it is one (a low-loss scan beside a streamed
	 * core-loss image: both are then read in tiles); null when it is none or streaming is off ({@code never}).
	 */
	public static Dataset openAnySize(Path file, DatasetReader reader) throws IOException {
		return open(file, reader, true);
	}

	private static Dataset open(Path file, DatasetReader reader, boolean anySize) throws IOException {
		String mode = FrameStreams.mode();
		boolean dm = reader instanceof DmReader;
		if (mode.equals("never") || !(dm || reader instanceof TiaReader)) return null;
		// samples of at least one byte: a file that fits as 8-byte numbers is read whole without a look inside
		long size = Files.size(file);
		if (!anySize && !mode.equals("always") && FrameStreams.fitsWithoutALook(size)) return null;
		StreamedSpectra tiles;
		try {
			tiles = dm ? DmSpectrumRows.open(file) : TiaStreams.spectra(file);
		}
		catch (IOException | RuntimeException e) {
			return null; // a damaged file: the whole-file reader says what is wrong, in its words
		}
		// TIA's whole-file reader maps the file in one buffer: a .ser past 2 GiB is streamed whatever the heap
		boolean beyondWholeRead = !dm && size > Integer.MAX_VALUE - 8;
		if (tiles == null || !(anySize || beyondWholeRead || FrameStreams.streamSpectra(tiles.pixels() * tiles
			.channels()))) return null;
		return dataset(file, tiles, tiles.name(), tiles.axes(), dm ? "DM" : "TIA");
	}

	/**
	 * The streamed spectrum image (axes y, x, energy) or line scan (x, energy) as a dataset: the spatial axes in the
	 * primary signal (one zero channel per pixel), the rows in the metadata.
	 */
	static Dataset dataset(Path file, SpectrumTiles tiles, String name, List<Axis> axes, String format) {
		int nd = axes.size();
		Axis e = axes.get(nd - 1);
		Axis one = new Axis(e.name, 1, e.scale, e.offset, e.units);
		int[] shape = nd == 3 ? new int[] { axes.get(0).size, axes.get(1).size, 1 } : new int[] { axes.get(0).size, 1 };
		List<Axis> stand = nd == 3 ? List.of(axes.get(0), axes.get(1), one) : List.of(axes.get(0), one);
		Signal s = new Signal(name, "float64", shape, stand, new double[(int) tiles.pixels()]);
		return Dataset.of(file.toString(), format + " (streamed)", s).withMetadata(SpectrumTiles.KEY, tiles)
			.withMetadata("stream.spectra", (int) tiles.pixels()).withMetadata("stream.tile_spectra", SpectrumTiles
				.tileRows(tiles) * tiles.columns());
	}
}
