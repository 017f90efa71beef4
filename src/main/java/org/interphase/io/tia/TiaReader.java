package org.interphase.io.tia;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;
import org.interphase.io.dm.DmMetadata;
import org.interphase.io.dm.DmReader;
import org.interphase.io.dm.FileBytes;
import org.interphase.io.dm.RawDecoder;
import org.interphase.io.dm.RawDecoder.Type;

/**
 * FEI / Thermo Fisher TIA files: the {@code .ser} series (images, diffraction patterns, spectra, line scans and
 * spectrum maps) and the {@code .emi} file holding the acquisition metadata as XML. Opening the {@code .emi}
 * reads {@code <name>_1.ser} (and {@code _2}, ...) with the metadata; a {@code .ser} alone reads with what it
 * has.
 * <p>
 * Calibrations follow HyperSpy / RosettaSciIO, including their quirk: the scale of a data element is converted
 * from SI (m or 1/m) to nm or 1/nm, but its offset is reported as stored (in m or 1/m). The physically
 * consistent offset is kept in the signal metadata as {@code tia_offset_converted}. Without the .emi, 2D data
 * are taken as real-space (nm), as HyperSpy does.
 */
public final class TiaReader implements DatasetReader {
	@Override
	public String format() {
		return "TIA";
	}

	static boolean isSer(byte[] h) {
		return h.length >= 30 && (h[0] & 0xff) == 0x49 && (h[1] & 0xff) == 0x49 && (h[2] & 0xff) == 0x97 &&
			(h[3] & 0xff) == 0x01;
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		if (isSer(head)) return true;
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".emi");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		String n = file.getFileName().toString();
		if (n.toLowerCase(Locale.ROOT).endsWith(".emi")) return readEmi(file);
		Map<String, Object> meta = new LinkedHashMap<>();
		Path emi = emiFor(file);
		Emi e = null;
		if (emi != null) {
			e = Emi.parse(Files.readAllBytes(emi));
			meta.put("tia_emi", emi.getFileName().toString());
		}
		else meta.put("notes", "no .emi beside the .ser: calibration units guessed (m taken as nm), no " +
			"microscope metadata");
		Signal s = readSer(file, e);
		if (e != null) e.toMetadata(meta);
		meta.putIfAbsent(MetadataKeys.ACQUISITION_DATE, s.metadata().get("tia_time"));
		putPixelSize(meta, s);
		List<Signal> l = new ArrayList<>();
		l.add(s);
		return new Dataset(file.toString(), "TIA", l, meta);
	}

	static Path emiFor(Path ser) {
		String n = ser.getFileName().toString();
		Matcher m = Pattern.compile("(.*)_\\d+\\.ser$", Pattern.CASE_INSENSITIVE).matcher(n);
		if (!m.matches()) return null;
		Path p = ser.resolveSibling(m.group(1) + ".emi");
		return Files.isRegularFile(p) ? p : null;
	}

	private Dataset readEmi(Path file) throws IOException {
		if (Files.size(file) > 64L << 20) throw new InputFormatException(file + ": .emi file larger than 64 MB");
		Emi e = Emi.parse(Files.readAllBytes(file));
		String base = file.getFileName().toString().replaceFirst("(?i)\\.emi$", "");
		List<Signal> signals = new ArrayList<>();
		for (int i = 1; i <= 64; i++) {
			Path ser = file.resolveSibling(base + "_" + i + ".ser");
			if (!Files.isRegularFile(ser)) break;
			try {
				signals.add(readSer(ser, e));
			}
			catch (InputFormatException ex) {
				throw new InputFormatException(file + ": " + ex.getMessage(), ex);
			}
		}
		if (signals.isEmpty()) throw new InputFormatException(file + ": TIA .emi without its data file " + base +
			"_1.ser beside it");
		Map<String, Object> meta = new LinkedHashMap<>();
		e.toMetadata(meta);
		meta.putIfAbsent(MetadataKeys.ACQUISITION_DATE, signals.get(0).metadata().get("tia_time"));
		putPixelSize(meta, signals.get(0));
		return new Dataset(file.toString(), "TIA", signals, meta);
	}

	private static void putPixelSize(Map<String, Object> meta, Signal s) {
		if (s.ndim() >= 2 && s.lastAxis().name.equals("x") && s.lastAxis().isCalibrated()) {
			meta.put(MetadataKeys.PIXEL_SIZE, s.lastAxis().scale);
			meta.put(MetadataKeys.PIXEL_SIZE_UNIT, s.lastAxis().units);
		}
	}

	/** SI unit of a TIA dimension to (factor, display unit); HyperSpy converts m to nm. */
	private static String convertUnit(String u, double[] factor) {
		String l = u == null ? "" : u.trim().toLowerCase(Locale.ROOT);
		if (l.equals("meters") || l.equals("m") || l.equals("meter")) {
			factor[0] = 1e9;
			return "nm";
		}
		if (l.equals("1/meters") || l.equals("1/m")) {
			factor[0] = 1e-9;
			return "1 / nm";
		}
		factor[0] = 1;
		return u == null ? "" : u.trim();
	}

	Signal readSer(Path file, Emi emi) throws IOException {
		try {
			return readSerChecked(file, emi);
		}
		catch (IllegalArgumentException e) {
			throw new InputFormatException(file + ": " + e.getMessage(), e);
		}
	}

	private Signal readSerChecked(Path file, Emi emi) throws IOException {
		return readSerChecked(file, emi, null);
	}

	/**
	 * The main spectrum series of the file (the .ser, or the .emi's first) described without decoding its data, to
	 * be read in tiles of spectra ({@link TiaStreams.Spectra}), or null. Image series stream through
	 * {@link TiaFrameStream}, which also reads files past 2 GiB.
	 */
	static Object describe(Path file) throws IOException {
		Path ser = file;
		Emi e = null;
		String n = file.getFileName().toString();
		if (n.toLowerCase(Locale.ROOT).endsWith(".emi")) {
			if (Files.size(file) > 64L << 20) return null;
			e = Emi.parse(Files.readAllBytes(file));
			ser = file.resolveSibling(n.replaceFirst("(?i)\\.emi$", "") + "_1.ser");
			if (!Files.isRegularFile(ser)) return null;
		}
		else {
			Path emi = emiFor(file);
			if (emi != null) e = Emi.parse(Files.readAllBytes(emi));
		}
		Object[] d = new Object[1];
		try {
			new TiaReader().readSerChecked(ser, e, d);
		}
		catch (IllegalArgumentException | InputFormatException ex) {
			return null; // the whole-file reader says what is wrong, in its words
		}
		return d[0];
	}

	/** With {@code describe} not null: the data are not decoded, a streamable series is described in describe[0]. */
	private Signal readSerChecked(Path file, Emi emi, Object[] describe) throws IOException {
		// a series only described for streaming is read at long positions (any size); a whole read maps it (< 2 GiB)
		ByteBuffer b = describe != null ? null : DmReader.map(file).order(ByteOrder.LITTLE_ENDIAN);
		FileBytes fb = b != null ? FileBytes.of(b, ByteOrder.LITTLE_ENDIAN) : FileBytes.map(file, ByteOrder.LITTLE_ENDIAN);
		long len = fb.length();
		String f = file.toString();
		SerLayout l = SerLayout.read(fb, f);
		int version = l.version, tagType = l.tagType, nx = l.nx, ny = l.ny, ty = l.elementType;
		long valid = l.valid, per = l.perElement;
		boolean image = l.image, complex = l.complex;
		double offX = l.offX, dX = l.dX, offY = l.offY, dY = l.dY;
		Type t = l.type;
		List<SerLayout.Dim> dims = l.dims;
		long[] tagOffsets = l.tagOffsets;
		if (describe == null && per * valid > Integer.MAX_VALUE - 16) throw new InputFormatException(f + ": TIA " +
			"elements of " + nx + "x" + ny + " x " + valid + " are too many numbers to read whole (more than 2^31)");
		if (describe == null) RawDecoder.ensureHeap(per * valid * (complex ? 2 : 1), "TIA series of " + valid + " x " +
			nx + "x" + ny);
		double[] data = describe != null ? null : new double[(int) (per * valid)];
		double[] imag = complex && describe == null ? new double[data.length] : null;
		// described only: the offsets are checked where they are kept, below
		for (int i = 0; describe == null && i < valid; i++) {
			long at = l.dataStart(i, len, f);
			if (complex) {
				RawDecoder.decode(b, at, t, ByteOrder.LITTLE_ENDIAN, (int) per, data, (int) (i * per), 2);
				RawDecoder.decode(b, at + t.bytes, t, ByteOrder.LITTLE_ENDIAN, (int) per, imag, (int) (i * per), 2);
			}
			else RawDecoder.decode(b, at, t, ByteOrder.LITTLE_ENDIAN, (int) per, data, (int) (i * per), 1);
		}
		// TIA stores image rows bottom to top; present them top to bottom (as HyperSpy does)
		if (image && ny > 1 && describe == null) {
			for (int i = 0; i < valid; i++) {
				flipRows(data, (int) (i * per), nx, ny);
				if (imag != null) flipRows(imag, (int) (i * per), nx, ny);
			}
		}
		// shape: navigation dims (series dims, slowest first as TIA lists them fastest first), then element dims
		List<Axis> axes = new ArrayList<>();
		List<Integer> shape = new ArrayList<>();
		Map<String, Object> sm = new LinkedHashMap<>();
		long navCount = 1;
		for (SerLayout.Dim d : dims) navCount *= Math.max(1, d.size);
		boolean navMatches = navCount == valid;
		if (valid > 1) {
			if (navMatches && dims.size() >= 1) {
				String[] nn = dims.size() == 1 ? new String[] { image ? "frame" : "x" } : new String[] { "y", "x" };
				for (int k = dims.size() - 1; k >= 0; k--) {
					SerLayout.Dim d = dims.get(k);
					double[] fac = new double[1];
					String u = convertUnit(d.units, fac);
					String name = dims.size() <= 2 ? nn[dims.size() - 1 - k] : "nav" + k;
					axes.add(new Axis(name, d.size, d.delta * fac[0], d.offset * fac[0], u));
					shape.add(d.size);
				}
			}
			else {
				axes.add(new Axis(image ? "frame" : "index", (int) valid, 1, 0, ""));
				shape.add((int) valid);
			}
		}
		boolean diffraction = emi != null && emi.isDiffraction();
		if (image) {
			double[] fac = new double[1];
			String u = convertUnit(diffraction ? "1/meters" : "meters", fac);
			axes.add(new Axis("y", ny, dY * fac[0], offY, u));
			axes.add(new Axis("x", nx, dX * fac[0], offX, u));
			shape.add(ny);
			shape.add(nx);
			sm.put("tia_offset_converted", "y " + offY * fac[0] + " " + u + ", x " + offX * fac[0] + " " + u);
		}
		else {
			axes.add(new Axis("energy", nx, dX, offX, "eV"));
			shape.add(nx);
		}
		// time tag of the first element
		long tg = tagOffsets[0];
		if (tg > 0 && tg + 6 <= len) {
			int tt = fb.getShort(tg) & 0xffff;
			if (tt == 0x4152 || tt == 0x4142) {
				long secs = fb.getInt(tg + 2) & 0xffffffffL;
				if (secs > 0) sm.put("tia_time", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.ofEpochSecond(secs)
					.atOffset(ZoneOffset.UTC).toLocalDateTime()));
			}
		}
		sm.put("tia_series_version", "0x" + Integer.toHexString(version));
		sm.put("tia_tag_type", "0x" + Integer.toHexString(tagType));
		int[] sh = shape.stream().mapToInt(Integer::intValue).toArray();
		String name = file.getFileName().toString().replaceFirst("(?i)\\.ser$", "");
		if (describe != null) {
			long[] at = new long[(int) valid];
			for (int i = 0; i < valid; i++) at[i] = l.dataStart(i, len, f);
			if (!complex && valid > 1 && !image && navMatches && (sh.length == 2 || sh.length == 3))
				describe[0] = new TiaStreams.Spectra(file, name, fb, at, t, axes);
			return null;
		}
		return new Signal(name, complex ? (ty == 9 ? "complex64" : "complex128") : t.numpy, sh, axes, data, imag,
			sm);
	}

	/** Reverses the order of the h rows of w values starting at a[start] (TIA stores rows bottom to top). */
	static void flipRows(double[] a, int start, int w, int h) {
		double[] tmp = new double[w];
		for (int y = 0; y < h / 2; y++) {
			int top = start + y * w, bottom = start + (h - 1 - y) * w;
			System.arraycopy(a, top, tmp, 0, w);
			System.arraycopy(a, bottom, a, top, w);
			System.arraycopy(tmp, 0, a, bottom, w);
		}
	}

	/** The XML metadata of a TIA .emi file (found by its markers inside the binary file). */
	static final class Emi {
		final Map<String, String> values = new LinkedHashMap<>();
		final Map<String, String[]> described = new LinkedHashMap<>();

		static Emi parse(byte[] bytes) {
			Emi e = new Emi();
			String s = new String(bytes, StandardCharsets.ISO_8859_1);
			int a = s.indexOf("<ObjectInfo>");
			int z = s.indexOf("</ObjectInfo>", Math.max(a, 0));
			if (a < 0 || z < 0) return e;
			String x = s.substring(a, z);
			Matcher m = Pattern.compile("<Data><Label>([^<]*)</Label><Value>([^<]*)</Value><Unit>([^<]*)</Unit>")
				.matcher(x);
			while (m.find() && e.described.size() < 500) e.described.put(m.group(1).trim(), new String[] { m.group(2)
				.trim(), m.group(3).trim() });
			Matcher v = Pattern.compile("<([A-Za-z][A-Za-z0-9]*)>([^<]+)</\\1>").matcher(x);
			while (v.find() && e.values.size() < 500) e.values.putIfAbsent(v.group(1), v.group(2).trim());
			return e;
		}

		boolean isDiffraction() {
			String[] mode = described.get("Mode");
			return mode != null && mode[0].toLowerCase(Locale.ROOT).contains("diffraction");
		}

		private static double number(String s) {
			if (s == null) return Double.NaN;
			Matcher m = Pattern.compile("[-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?").matcher(s);
			return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
		}

		void toMetadata(Map<String, Object> m) {
			String[] mic = described.get("Microscope");
			if (mic != null) DmMetadata.put(m, MetadataKeys.INSTRUMENT, mic[0].replaceFirst("^Microscope\\s+", ""));
			double kv = number(values.get("AcceleratingVoltage")) / 1000;
			if (!Double.isFinite(kv)) kv = number(described.containsKey("High tension") ? described.get(
				"High tension")[0] : null);
			if (Double.isFinite(kv) && kv > 0) m.put(MetadataKeys.BEAM_ENERGY_KV, kv);
			double mag = number(values.get("Magnification"));
			if (Double.isFinite(mag) && mag > 0) m.put(MetadataKeys.MAGNIFICATION, mag);
			String[] cl = described.get("Camera length");
			if (cl != null && isDiffraction() || cl != null && mode().contains("STEM")) {
				double v = number(cl[0]);
				double f = cl[1].trim().equals("m") ? 1000 : cl[1].trim().equals("mm") ? 1 : 1000;
				if (Double.isFinite(v) && v > 0) m.put(MetadataKeys.CAMERA_LENGTH, v * f);
			}
			double ex = number(values.get("DwellTimePath"));
			if (Double.isFinite(ex)) m.put(MetadataKeys.EXPOSURE_S, ex);
			String date = values.get("AcquireDate");
			if (date != null) {
				Matcher d = Pattern.compile("\\w{3}\\s+(\\w{3})\\s+(\\d{1,2})\\s+(\\d{1,2}:\\d{2}:\\d{2})\\s+(\\d{4})")
					.matcher(date);
				if (d.find()) {
					String iso = DmMetadata.isoDate(d.group(2) + " " + d.group(1) + " " + d.group(4));
					if (iso != null) m.put(MetadataKeys.ACQUISITION_DATE, iso + "T" + DmMetadata.isoTime(d.group(3)));
				}
			}
			m.put("acquisition_mode", mode().contains("STEM") ? "STEM" : "TEM");
			for (Map.Entry<String, String[]> e : described.entrySet())
				m.putIfAbsent("emi." + e.getKey(), e.getValue()[1].isEmpty() ? e.getValue()[0] : e.getValue()[0] + " " +
					e.getValue()[1]);
			for (Map.Entry<String, String> e : values.entrySet())
				if (!e.getKey().equals("Label") && !e.getKey().equals("Value") && !e.getKey().equals("Unit")) m
					.putIfAbsent("emi." + e.getKey(), e.getValue());
		}

		private String mode() {
			String[] mode = described.get("Mode");
			return mode == null ? "" : mode[0];
		}
	}
}
