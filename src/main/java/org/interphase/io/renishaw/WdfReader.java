package org.interphase.io.renishaw;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.data.SpectrumTiles;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * Renishaw WiRE {@code .wdf} files: a chain of blocks, each with a 4-character name, a uid and a 64-bit size.
 * <ul>
 * <li>{@code WDF1} (the 512-byte header): points per spectrum, number of spectra, measurement type (single,
 * series, map), laser wavenumber, start time, title.</li>
 * <li>{@code DATA}: float32 intensities, spectrum after spectrum. {@code XLST}: the spectral axis (Raman shift
 * in cm-1, non-uniform); WiRE stores it descending, we return it ascending (as RosettaSciIO does) and flip the
 * spectra with it.</li>
 * <li>{@code ORGN}: per-spectrum origins (X, Y, Z, time ...). A series gives shape (n, shift) with the axis
 * that varies (the Z of a depth series). {@code WMAP}: map geometry (offset, step, size for x and y) giving shape
 * (y, x, shift) with spatial axes in µm.</li>
 * <li>{@code WXDM}/{@code WXCS}/{@code WXDA}... property sets: flattened into metadata where readable; exposure
 * time × accumulations → {@code exposure_s}; laser wavenumber → {@code laser_wavelength_nm}.</li>
 * <li>{@code WHTL}: the white-light JPEG, decoded with javax.imageio into a second signal (y, x, rgb).</li>
 * </ul>
 * Every block size, count and array length is checked against the file before it is read.
 */
public final class WdfReader implements DatasetReader {
	private static final int MEASUREMENT_SINGLE = 1, MEASUREMENT_SERIES = 2, MEASUREMENT_MAP = 3;

	@Override
	public String format() {
		return "Renishaw WDF";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		return head.length >= 16 && head[0] == 'W' && head[1] == 'D' && head[2] == 'F' && head[3] == '1';
	}

	/** One block: name, uid, payload position (after the 16-byte block header) and payload size. */
	static final class Block {
		final String name;
		final long uid, payload, size;

		Block(String name, long uid, long payload, long size) {
			this.name = name;
			this.uid = uid;
			this.payload = payload;
			this.size = size;
		}
	}

	@Override
	public Dataset read(Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			return read(file, ch);
		}
	}

	private Dataset read(Path file, FileChannel ch) throws IOException {
		long fileSize = ch.size();
		List<Block> blocks = new ArrayList<>();
		long pos = 0;
		while (pos < fileSize) {
			if (pos + 16 > fileSize) throw new InputFormatException(file + ": WDF: " + (fileSize - pos) +
				" stray bytes at offset " + pos + " (truncated block header)");
			ByteBuffer h = read(ch, pos, 16);
			byte[] id = new byte[4];
			h.get(id);
			for (byte c : id) if (c < 32 || c > 126) throw new InputFormatException(file +
				": WDF: corrupt block header at offset " + pos + " (name bytes " + Arrays.toString(id) + ")");
			long uid = h.getInt() & 0xffffffffL;
			long size = h.getLong();
			String name = new String(id, StandardCharsets.US_ASCII);
			if (size < 16 || size > fileSize - pos) throw new InputFormatException(file + ": WDF: block '" + name +
				"' at offset " + pos + " claims " + size + " bytes but " + (fileSize - pos) +
				" are left in the file (truncated or corrupt)");
			blocks.add(new Block(name, uid, pos + 16, size - 16));
			pos += size;
		}
		Block hdr = find(blocks, "WDF1");
		if (hdr == null || blocks.get(0) != hdr || hdr.size < 496) throw new InputFormatException(file +
			": WDF: no 512-byte WDF1 header at the start");
		ByteBuffer hb = read(ch, hdr.payload, 496);
		long points = hb.getInt(60 - 16) & 0xffffffffL;
		long capacity = hb.getLong(64 - 16);
		long nSpectra = hb.getLong(72 - 16);
		long accumulations = hb.getInt(80 - 16) & 0xffffffffL;
		long xlstLength = hb.getInt(88 - 16) & 0xffffffffL;
		long nOrigins = hb.getInt(92 - 16) & 0xffffffffL;
		String app = cString(hb, 96 - 16, 24);
		int scanType = hb.getInt(128 - 16);
		int measurementType = hb.getInt(132 - 16);
		long timeStart = hb.getLong(136 - 16);
		int quantityUnit = hb.getInt(152 - 16);
		float laserWavenumber = hb.getFloat(156 - 16);
		String user = cString(hb, 208 - 16, 32);
		String title = cString(hb, 240 - 16, 160);

		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("title", title);
		meta.put("application", app);
		meta.put("username", user);
		meta.put("measurement_type", measurementType == 1 ? "single" : measurementType == 2 ? "series"
			: measurementType == 3 ? "map" : "unspecified (" + measurementType + ")");
		meta.put("scan_type", scanType(scanType));
		meta.put("points_per_spectrum", points);
		meta.put("spectra", nSpectra);
		meta.put("capacity", capacity);
		meta.put("accumulations_per_spectrum", accumulations);
		meta.put("intensity_unit", unitName(quantityUnit));
		if (laserWavenumber > 0 && Float.isFinite(laserWavenumber)) {
			meta.put("laser_wavenumber_cm-1", (double) laserWavenumber);
			meta.put(MetadataKeys.LASER_WAVELENGTH_NM, 1e7 / laserWavenumber);
		}
		String date = windowsFileTime(timeStart);
		if (date != null) meta.put(MetadataKeys.ACQUISITION_DATE, date);

		if (points == 0 || points > Integer.MAX_VALUE) throw new InputFormatException(file +
			": WDF: header gives " + points + " points per spectrum");
		if (xlstLength != points) throw new InputFormatException(file + ": WDF: header gives " + points +
			" points per spectrum but an XLST length of " + xlstLength);
		Block data = find(blocks, "DATA");
		if (data == null) throw new InputFormatException(file + ": WDF: no DATA block");
		long needed = points * 4;
		if (nSpectra <= 0 || nSpectra > data.size / needed) throw new InputFormatException(file + ": WDF: header gives " +
			nSpectra + " spectra of " + points + " points but the DATA block holds " + data.size + " bytes (" +
			data.size / needed + " spectra)");
		// a map too large for memory is read in tiles of rows when it is analysed (WdfStream, docs/scale.md)
		int streamRows = WdfStream.rowsIfStreamed(ch, find(blocks, "WMAP"), measurementType == MEASUREMENT_MAP, points,
			nSpectra);
		if (streamRows < 0 && points * nSpectra > Integer.MAX_VALUE - 8) throw new InputFormatException(file + ": WDF: " + points *
			nSpectra + " values are too many for one signal");
		int np = (int) points, ns = (int) nSpectra;

		// spectral axis
		Block xlst = find(blocks, "XLST");
		if (xlst == null) throw new InputFormatException(file + ": WDF: no XLST block (spectral axis)");
		if (xlst.size < 8 + 4L * np) throw new InputFormatException(file + ": WDF: XLST block holds " + xlst.size +
			" bytes, too few for " + np + " points");
		ByteBuffer xb = read(ch, xlst.payload, 8 + 4 * np);
		xb.getInt(); // data type
		int xUnit = xb.getInt();
		double[] x = new double[np];
		for (int i = 0; i < np; i++) x[i] = xb.getFloat();
		boolean reversed = np > 1 && x[0] > x[np - 1];
		if (reversed) reverse(x, 0, np);
		String xUnits = unitName(xUnit);
		String xName = xUnit == 1 ? "Raman Shift" : xUnit == 3 || xUnit == 5 ? "Wavelength" : xUnit == 2
			? "Wavenumber" : "Spectral";
		if (xUnit == 1) xUnits = "cm-1";
		meta.put("spectral_axis_reversed", reversed);

		// intensities
		// bulk reads in 4 MiB chunks straight into the double array (no full-size intermediate copy)
		double[] values = new double[streamRows > 0 ? 0 : np * ns];
		if (!WdfStream.readFloats(ch, data.payload, values, values.length)) throw new InputFormatException(file
			+ ": WDF: unexpected end of file in the DATA block");
		if (reversed && streamRows < 0) for (int s = 0; s < ns; s++) reverse(values, s * np, np);

		// origins
		Map<String, double[]> origins = new LinkedHashMap<>();
		Map<String, String> originUnits = new LinkedHashMap<>();
		Block orgn = find(blocks, "ORGN");
		if (orgn != null && orgn.size >= 4) {
			ByteBuffer ob = read(ch, orgn.payload, 4);
			long count = ob.getInt() & 0xffffffffL;
			long each = 24 + 8L * ns;
			if (count > (orgn.size - 4) / each) throw new InputFormatException(file + ": WDF: ORGN block claims " +
				count + " origin lists of " + ns + " values but holds " + orgn.size + " bytes");
			long p = orgn.payload + 4;
			for (int k = 0; k < count; k++) {
				ByteBuffer e = read(ch, p, each);
				int type = e.getInt() & 0x7fffffff;
				int unit = e.getInt();
				byte[] ann = new byte[16];
				e.get(ann);
				double[] v = new double[ns];
				for (int i = 0; i < ns; i++) v[i] = type == 11 ? (double) e.getLong() : e.getDouble();
				String name = originName(type);
				origins.put(name, v);
				originUnits.put(name, unit == 5 ? "µm" : unitName(unit));
				p += each;
			}
			for (Map.Entry<String, double[]> o : origins.entrySet()) {
				double[] v = o.getValue();
				if (v.length > 0 && !o.getKey().equals("Time")) meta.put("origin_" + o.getKey() + "_first", v[0]);
			}
		}

		// properties
		for (Block b : blocks) {
			if (!(b.name.equals("WXDA") || b.name.equals("WXDM") || b.name.equals("WXCS") || b.name.equals("WXIS") || b.name
				.equals("ZLDC") || b.name.equals("TEXT"))) continue;
			if (b.size > 64L << 20) continue;
			ByteBuffer pb = read(ch, b.payload, b.size);
			if (b.name.equals("TEXT")) {
				meta.put("text", cString(pb, 0, (int) b.size).trim());
				continue;
			}
			Map<String, Object> props = Pset.read(pb);
			for (Map.Entry<String, Object> e : props.entrySet()) meta.putIfAbsent(b.name + "/" + e.getKey(), e.getValue());
		}
		Double exposureMs = firstNumber(meta, "WXDM/", "Exposure Time");
		Double acc = firstNumber(meta, "WXDM/", "Accumulations");
		if (exposureMs != null) {
			meta.put("exposure_per_accumulation_s", exposureMs / 1000);
			meta.put(MetadataKeys.EXPOSURE_S, exposureMs / 1000 * (acc != null ? acc : 1));
		}
		if (acc != null) meta.put("accumulations", acc);
		Double grating = firstNumber(meta, "WXCS/", "Groove Density (lines/mm)");
		if (grating != null) meta.put("grating_lines_per_mm", grating);
		meta.put(MetadataKeys.INSTRUMENT, "Renishaw " + app);

		// geometry
		List<Axis> axes = new ArrayList<>();
		int[] shape;
		Block wmap = find(blocks, "WMAP");
		if (measurementType == MEASUREMENT_MAP && wmap != null && wmap.size >= 48) {
			ByteBuffer wb = read(ch, wmap.payload, 48);
			int flag = wb.getInt();
			wb.getInt();
			float ox = wb.getFloat(), oy = wb.getFloat(), oz = wb.getFloat();
			float sx = wb.getFloat(), sy = wb.getFloat(), sz = wb.getFloat();
			long nx = wb.getInt() & 0xffffffffL, ny = wb.getInt() & 0xffffffffL, nz = wb.getInt() & 0xffffffffL;
			meta.put("map_flag", flag);
			meta.put("map_size_xyz", nx + " " + ny + " " + nz);
			String u = originUnits.getOrDefault("X", "µm");
			if ((flag & 128) != 0 && nx * ny != ns) {
				// line map: one distance axis
				axes.add(new Axis("Distance", ns, Math.hypot(sx, sy), 0, u));
				shape = new int[] { ns, np };
			}
			else if (nx * ny == ns) {
				axes.add(new Axis("Y", (int) ny, sy, oy, u));
				axes.add(new Axis("X", (int) nx, sx, ox, u));
				shape = new int[] { (int) ny, (int) nx, np };
			}
			else {
				meta.put("geometry_note", "WMAP gives " + nx + " x " + ny + " points but the file holds " + ns +
					" spectra (unfinished map?): returned as a list of spectra");
				axes.add(new Axis("spectrum", ns, 1, 0, ""));
				shape = new int[] { ns, np };
			}
			if ((flag & 4) != 0) meta.put("geometry_note", "snake (alternating) map: rows are as stored in the file");
		}
		else if (ns > 1) {
			if (measurementType == MEASUREMENT_MAP) meta.put("geometry_note", "map measurement without a WMAP block: " +
				"returned as a list of spectra");
			Axis nav = null;
			for (Map.Entry<String, double[]> o : origins.entrySet()) {
				if (o.getKey().equals("Time") || o.getKey().startsWith("type")) continue;
				double[] v = o.getValue();
				if (varies(v)) {
					nav = seriesAxis(o.getKey(), v, originUnits.get(o.getKey()));
					break;
				}
			}
			if (nav == null && origins.containsKey("Time") && varies(origins.get("Time"))) {
				double[] t = origins.get("Time").clone();
				double t0 = t[0];
				for (int i = 0; i < t.length; i++) t[i] = (t[i] - t0) * 1e-7; // 100 ns ticks → s
				nav = seriesAxis("Time", t, "s");
			}
			if (nav == null) nav = new Axis("spectrum", ns, 1, 0, "");
			axes.add(nav);
			shape = new int[] { ns, np };
		}
		else shape = new int[] { np };
		axes.add(new Axis(xName, x, xUnits));

		List<Signal> signals = new ArrayList<>();
		String name = title.isEmpty() ? file.getFileName().toString() : title;
		WdfStream stream = streamRows > 0 && shape.length == 3 ? new WdfStream(file, data.payload, shape[0], shape[1], np,
			reversed, axes.get(0)) : null;
		signals.add(stream != null ? stream.firstRow(name, axes, meta) : new Signal(name, "float32", shape, axes, values,
			null, meta));

		Block whtl = find(blocks, "WHTL");
		if (whtl != null) {
			Signal img = whiteLight(ch, whtl);
			if (img != null) signals.add(img);
			else meta.put("white_light_image", "present (" + whtl.size + " bytes JPEG) but not decodable here");
		}
		Dataset d = new Dataset(file.toString(), format(), signals, meta);
		return stream != null ? d.withMetadata(SpectrumTiles.KEY, stream).withMetadata("stream.rows", shape[0]) : d;
	}

	private static Signal whiteLight(FileChannel ch, Block whtl) {
		try {
			if (whtl.size > 256L << 20) return null;
			ByteBuffer b = read(ch, whtl.payload, whtl.size);
			byte[] bytes = new byte[b.remaining()];
			b.get(bytes);
			java.awt.image.BufferedImage im = javax.imageio.ImageIO.read(new ByteArrayInputStream(bytes));
			if (im == null) return null;
			int w = im.getWidth(), h = im.getHeight();
			double[] d = new double[w * h * 3];
			int[] rgb = im.getRGB(0, 0, w, h, null, 0, w);
			for (int i = 0; i < rgb.length; i++) {
				d[3 * i] = (rgb[i] >> 16) & 0xff;
				d[3 * i + 1] = (rgb[i] >> 8) & 0xff;
				d[3 * i + 2] = rgb[i] & 0xff;
			}
			List<Axis> axes = new ArrayList<>();
			Map<String, Object> m = new LinkedHashMap<>();
			double[] cal = exifCalibration(bytes);
			if (cal != null) {
				axes.add(new Axis("y", h, cal[3] / h, cal[1], "µm"));
				axes.add(new Axis("x", w, cal[2] / w, cal[0], "µm"));
				m.put("note", "white-light image (JPEG in the WHTL block); calibration from its EXIF tags " +
					"(origin 0xFEA0, field of view FocalPlaneX/YResolution in µm)");
			}
			else {
				axes.add(Axis.pixels("y", h));
				axes.add(Axis.pixels("x", w));
				m.put("note", "white-light image (JPEG in the WHTL block); no readable EXIF calibration");
			}
			axes.add(new Axis("channel", 3, 1, 0, ""));
			return new Signal("white light image", "rgb8", new int[] { h, w, 3 }, axes, d, null, m);
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

	/**
	 * Renishaw's EXIF tags of the white-light JPEG: {origin x, origin y, field of view x, field of view y} in µm
	 * (IFD0 tag 0xFEA0 = origins as two signed rationals; EXIF FocalPlaneX/YResolution = the field of view), or
	 * null. Every offset is bounds-checked; anything unexpected gives null.
	 */
	static double[] exifCalibration(byte[] jpeg) {
		try {
			int i = 2;
			while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xff) {
				int marker = jpeg[i + 1] & 0xff;
				int len = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
				if (marker == 0xda || len < 2) return null;
				if (marker == 0xe1 && len > 14 && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x' && jpeg[i + 6] == 'i' &&
					jpeg[i + 7] == 'f')
				{
					int start = i + 10, end = Math.min(jpeg.length, i + 2 + len);
					ByteBuffer t = ByteBuffer.wrap(jpeg, start, end - start).slice();
					t.order(jpeg[start] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
					double[] out = { Double.NaN, Double.NaN, Double.NaN, Double.NaN };
					int ifd0 = t.getInt(4);
					int exif = readIfd(t, ifd0, out);
					if (exif > 0) readIfd(t, exif, out);
					for (double v : out) if (Double.isNaN(v)) return null;
					return out;
				}
				i += 2 + len;
			}
		}
		catch (RuntimeException e) {
			return null;
		}
		return null;
	}

	/** Reads the wanted tags of one IFD into out; returns the EXIF sub-IFD offset or -1. */
	private static int readIfd(ByteBuffer t, int off, double[] out) {
		int n = t.getShort(off) & 0xffff;
		int exif = -1;
		for (int k = 0; k < n; k++) {
			int e = off + 2 + 12 * k;
			int tag = t.getShort(e) & 0xffff, type = t.getShort(e + 2) & 0xffff;
			int count = t.getInt(e + 4), value = t.getInt(e + 8);
			if (tag == 0x8769) exif = value;
			else if (tag == 0xfea0 && type == 10 && count == 2) {
				out[0] = (double) t.getInt(value) / t.getInt(value + 4);
				out[1] = (double) t.getInt(value + 8) / t.getInt(value + 12);
			}
			else if ((tag == 0xa20e || tag == 0xa20f) && type == 5 && count == 1) {
				double v = (t.getInt(value) & 0xffffffffL) / (double) (t.getInt(value + 4) & 0xffffffffL);
				out[tag == 0xa20e ? 2 : 3] = v;
			}
		}
		return exif;
	}

	private static boolean varies(double[] v) {
		for (double d : v) if (d != v[0]) return true;
		return false;
	}

	private static Axis seriesAxis(String name, double[] v, String units) {
		int n = v.length;
		double step = (v[n - 1] - v[0]) / (n - 1);
		boolean uniform = step != 0;
		for (int i = 0; i < n && uniform; i++) if (Math.abs(v[i] - (v[0] + i * step)) > 1e-6 * Math.abs(step) + 1e-9)
			uniform = false;
		return uniform ? new Axis(name, n, step, v[0], units) : new Axis(name, v, units);
	}

	private static Double firstNumber(Map<String, Object> meta, String prefix, String leaf) {
		for (Map.Entry<String, Object> e : meta.entrySet()) {
			String k = e.getKey();
			if (k.startsWith(prefix) && (k.endsWith("/" + leaf)) && e.getValue() instanceof Number) return ((Number) e
				.getValue()).doubleValue();
		}
		return null;
	}

	private static Block find(List<Block> blocks, String name) {
		for (Block b : blocks) if (b.name.equals(name)) return b;
		return null;
	}

	static ByteBuffer read(FileChannel ch, long pos, long n) throws IOException {
		if (n > Integer.MAX_VALUE - 8) throw new InputFormatException("WDF: block of " + n + " bytes is too large");
		ByteBuffer b = ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
		while (b.hasRemaining()) {
			int r = ch.read(b, pos + b.position());
			if (r < 0) throw new InputFormatException("WDF: unexpected end of file at offset " + (pos + b.position()));
		}
		b.flip();
		return b;
	}

	private static void reverse(double[] a, int from, int n) {
		for (int i = 0, j = n - 1; i < j; i++, j--) {
			double t = a[from + i];
			a[from + i] = a[from + j];
			a[from + j] = t;
		}
	}

	static String cString(ByteBuffer b, int off, int len) {
		byte[] s = new byte[len];
		for (int i = 0; i < len; i++) s[i] = b.get(off + i);
		int end = 0;
		while (end < len && s[end] != 0) end++;
		return new String(s, 0, end, StandardCharsets.UTF_8);
	}

	static String windowsFileTime(long t) {
		if (t <= 0) return null;
		long seconds = t / 10_000_000L - 11_644_473_600L;
		if (seconds < 0 || seconds > 4_102_444_800L) return null;
		return LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.UTC).toString();
	}

	private static String originName(int type) {
		switch (type) {
			case 3:
				return "X";
			case 4:
				return "Y";
			case 5:
				return "Z";
			case 11:
				return "Time";
			case 14:
				return "FocusTrack_Z";
			case 16:
				return "type16_checksum";
			case 17:
				return "type17_flags";
			case 9:
				return "Temperature";
			case 10:
				return "Pressure";
			default:
				return "type" + type;
		}
	}

	private static String scanType(int t) {
		String[] names = { "unspecified", "static", "continuous", "step-repeat", "filter scan", "filter image",
			"StreamLine", "StreamLine HR", "point detector" };
		return t >= 0 && t < names.length ? names[t] : "unknown (" + t + ")";
	}

	static String unitName(int u) {
		String[] names = { "", "cm-1", "cm-1 (absolute)", "nm", "eV", "µm", "counts", "electrons", "mm", "m", "K", "Pa",
			"s", "ms", "h", "d", "px", "intensity", "relative intensity", "deg", "rad", "°C", "°F", "K/min",
			"file time", "µs" };
		return u >= 0 && u < names.length ? names[u] : "unit " + u;
	}

	static String lower(String s) {
		return s.toLowerCase(Locale.ROOT);
	}
}
