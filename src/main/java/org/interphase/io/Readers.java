package org.interphase.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;

/**
 * Picks the reader for a file by its first bytes and name and reads it. Readers are tried in order, so
 * specific formats come before generic ones. Files no reader knows go to Bio-Formats when it is on the class
 * path (inside Fiji), otherwise the error says so.
 */
public final class Readers {
	private Readers() {}

	private static final List<DatasetReader> ALL = Collections.unmodifiableList(create());

	private static List<DatasetReader> create() {
		List<DatasetReader> r = new ArrayList<>();
		// Microscopy formats (issue 3, branch formats-micro)
		r.add(new org.interphase.io.dm.DmReader());
		r.add(new org.interphase.io.tia.TiaReader());
		r.add(new org.interphase.io.tiff.TiffReader());

		// Spectroscopy formats (issue 3, branch formats-spectro)
		r.add(new org.interphase.io.msa.MsaReader());
		r.add(new org.interphase.io.vamas.VamasReader());
		r.add(new org.interphase.io.renishaw.WdfReader());
		r.add(new org.interphase.io.horiba.LabSpecXmlReader());
		r.add(new org.interphase.io.trivista.TriVistaReader());
		r.add(new org.interphase.io.specs.SpecsXyReader());
		r.add(new org.interphase.io.specs.SpecsLab2XmlReader());
		r.add(new org.interphase.io.phi.PhiSpeReader());

		// Raman text maps (issue 8); vendor text exports (issue 19)
		r.add(new org.interphase.io.bwtek.BwSpecReader());
		r.add(new org.interphase.io.renishaw.WireTextReader());
		r.add(new org.interphase.io.labspec.LabSpecTextReader());

		// EELS line-scan matrices (issue 7)
		r.add(new org.interphase.io.csvmatrix.CsvMatrix());
		r.add(new org.interphase.io.csvmatrix.EelsTextTable());

		// Diffraction: 1D X-ray powder patterns (issue 9); text only when .xy/.xye or a header names 2-theta
		r.add(new org.interphase.io.xrd.XrdmlReader());
		r.add(new org.interphase.io.xrd.XrdTextReader());

		// Generic fallbacks (decimal-comma columns first: the generic reader would split at the commas)
		r.add(new org.interphase.io.text.DecimalCommaTextReader());
		r.addAll(GenericImageReader.installed()); // ImageJ's opener (org.interphase.ij), found by ServiceLoader
		r.add(new TextSpectrumReader());
		return r;
	}

	public static List<DatasetReader> all() {
		return ALL;
	}

	/** The first bytes of a file (up to 4 KiB). */
	public static byte[] head(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.readNBytes(4096);
		}
	}

	/** The reader that takes this file, or null. */
	public static DatasetReader find(Path file) throws IOException {
		byte[] head = head(file);
		for (DatasetReader r : ALL) if (r.canRead(file, head)) return r;
		return null;
	}

	/**
	 * Reads files of one series (an in-situ time series, an SEM series) as one stack (frame, y, x): every file's
	 * primary signal must be a 2D image of the same size. Calibration comes from the first file. Single spectra
	 * (one file per probe position) become a line scan ({@link SpectrumSeries}).
	 */
	public static Dataset readSeries(List<Path> files, String source) throws IOException {
		if (files.isEmpty()) throw new InputFormatException(source + ": the series holds no files");
		// single spectra (an EMSA export of an EELS line scan, one file per position): a (position, energy) scan
		if (read(files.get(0)).primary().ndim() == 1) return SpectrumSeries.stack(files, source);
		Signal first = null;
		double[] data = null;
		int frame = 0;
		for (Path f : files) {
			Signal s = read(f).primary();
			if (s.ndim() != 2) throw new InputFormatException(f + ": a series frame must be a 2D image, not " + s
				.ndim() + "D");
			if (first == null) {
				first = s;
				long total = (long) s.length() * files.size();
				if (total > Integer.MAX_VALUE - 8) throw new InputFormatException(source + ": series too large (" + total +
					" values)");
				data = new double[(int) total];
			}
			else if (s.width() != first.width() || s.height() != first.height()) throw new InputFormatException(f +
				": frame size " + s.width() + "x" + s.height() + " differs from the first frame's " + first.width() + "x" +
				first.height());
			System.arraycopy(s.data(), 0, data, frame * (int) first.length(), (int) first.length());
			frame++;
		}
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("frame", files.size(), 1, 0, ""));
		axes.addAll(first.axes());
		Signal stack = new Signal(first.name, first.dtype, new int[] { files.size(), first.height(), first.width() },
			axes, data, null, first.metadata());
		List<Signal> signals = new ArrayList<>();
		signals.add(stack);
		java.util.Map<String, Object> md = new java.util.LinkedHashMap<>();
		md.put("series_files", files.size());
		md.put("series_first", files.get(0).getFileName().toString());
		return new Dataset(source, "series", signals, md);
	}

	/**
	 * Reads a file, a DM or TIA spectrum image or line scan in tiles whatever its size (unless streaming is off): the
	 * low-loss scan of a core-loss image that is streamed (issue 23) has as many spectra.
	 */
	public static Dataset readInTiles(Path file) throws IOException {
		DatasetReader r = Files.isRegularFile(file) && Files.size(file) > 0 ? find(file) : null;
		Dataset tiles = r == null ? null : SpectrumStreams.openAnySize(file, r);
		return tiles != null ? tiles : read(file);
	}

	/** Reads a file; the exception message names the file and the problem. */
	public static Dataset read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new InputFormatException(file + ": not a file");
		if (Files.size(file) == 0) throw new InputFormatException(file + ": empty file");
		DatasetReader r = find(file);
		if (r == null) {
			Dataset viaBioFormats = BioFormatsBridge.tryRead(file);
			if (viaBioFormats != null) return viaBioFormats;
			throw new InputFormatException(file + ": unknown format (no Interphase reader takes it; " +
				BioFormatsBridge.status() + ")");
		}
		// a stack too large for memory is streamed frame by frame (the SAED series reads it so)
		Dataset streamed = FrameStreams.openIfTooLarge(file, r);
		if (streamed != null) return streamed;
		// a spectrum image too large for memory is read in tiles of rows (eels-valence maps it so)
		Dataset tiles = SpectrumStreams.openIfTooLarge(file, r);
		if (tiles != null) return tiles;
		try {
			ImageChecks.check(file, r);
			return r.read(file);
		}
		catch (InputFormatException e) {
			String m = e.getMessage();
			if (m != null && ReadFailure.isRaw(m)) throw new InputFormatException(ReadFailure.words(file, r.format(), e), e);
			throw m != null && m.contains(file.getFileName().toString()) ? e : new InputFormatException(file + ": " +
				m, e);
		}
		catch (IOException | RuntimeException e) {
			throw new InputFormatException(ReadFailure.words(file, r.format(), e), e);
		}
		catch (OutOfMemoryError e) {
			throw new InputFormatException(file + ": " + r.format() + " header asks for more memory than is sensible",
				e);
		}
	}
}
