package org.interphase.io.tiff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.MetadataKeys;
import org.interphase.io.dm.DmMetadata;
import org.interphase.io.tiff.TiffFile.Ifd;

/**
 * Calibration and acquisition metadata of the microscope TIFF dialects: Thermo/FEI (tag 34682, INI text), Zeiss
 * SmartSEM (tag 34118), Gatan DigitalMicrograph export (tags 65003-65027), ImageJ (ImageDescription and
 * resolution), JEOL SightX (XML ImageDescription), Tescan (tag 50431, INI text), plain resolution tags.
 * <p>
 * The result is a {@link Calibration}: pixel sizes, offsets and unit for the x / y axes plus contract metadata
 * and the file's own entries.
 */
public final class TiffMetadata {
	private TiffMetadata() {}

	public static final int FEI_SFEG = 34680, FEI_HELIOS = 34682, CZ_SEM = 34118, TESCAN = 50431,
		IJ_META_COUNTS = 50838, IJ_META = 50839, MAKE = 271, MODEL = 272, DATETIME = 306, OLYMPUS_SIS = 33560;
	/** Most metadata entries kept from one vendor block. */
	public static final int MAX_ENTRIES = 400;

	/** x / y calibration and metadata found for a page. */
	public static final class Calibration {
		public final double scaleX, scaleY, offsetX, offsetY;
		public final String unit;
		/** ImageJ frame interval (s) of stacks; NaN when not given. */
		public final double frameInterval;
		public final String dialect;
		/** Unmodifiable, in the order found. */
		public final Map<String, Object> meta;
		/** Unmodifiable. */
		public final List<String> notes;

		/** No calibration (pixels), no metadata. */
		public Calibration() {
			this(new Builder());
		}

		private Calibration(Builder b) {
			scaleX = b.scaleX;
			scaleY = b.scaleY;
			offsetX = b.offsetX;
			offsetY = b.offsetY;
			unit = b.unit;
			frameInterval = b.frameInterval;
			dialect = b.dialect;
			meta = Collections.unmodifiableMap(new LinkedHashMap<>(b.meta));
			notes = Collections.unmodifiableList(new ArrayList<>(b.notes));
		}

		/** A builder holding every field of this calibration. */
		public Builder toBuilder() {
			return new Builder(this);
		}

		boolean calibrated() {
			return !unit.isEmpty();
		}

		/** The calibration being read: each dialect's reader fills what its block holds. */
		public static final class Builder {
			double scaleX = 1, scaleY = 1, offsetX = 0, offsetY = 0;
			String unit = "";
			double frameInterval = Double.NaN;
			String dialect = "plain";
			final Map<String, Object> meta = new LinkedHashMap<>();
			final List<String> notes = new ArrayList<>();

			Builder() {}

			Builder(Calibration c) {
				scaleX = c.scaleX;
				scaleY = c.scaleY;
				offsetX = c.offsetX;
				offsetY = c.offsetY;
				unit = c.unit;
				frameInterval = c.frameInterval;
				dialect = c.dialect;
				meta.putAll(c.meta);
				notes.addAll(c.notes);
			}

			boolean calibrated() {
				return !unit.isEmpty();
			}

			void set(double sx, double sy, String u) {
				scaleX = sx;
				scaleY = sy;
				unit = u;
			}

			public Calibration build() {
				return new Calibration(this);
			}
		}
	}

	/** Reads every dialect the first page carries; the most specific calibration wins. */
	public static Calibration read(Ifd ifd, int width, int height) {
		Calibration.Builder c = new Calibration.Builder();
		String make = ifd.text(MAKE);
		String model = ifd.text(MODEL);
		String desc = ifd.text(TiffPage.IMAGE_DESCRIPTION);
		if (make != null) c.meta.put("tiff.Make", make);
		if (model != null) c.meta.put("tiff.Model", model);
		String dt = ifd.text(DATETIME);
		if (dt != null) c.meta.put("tiff.DateTime", dt);
		// generic: resolution tags (ImageJ and others), overridden below by vendor tags
		resolution(ifd, c, desc);
		if (desc != null && desc.contains("<TemReporter")) jeolSightX(ifd, desc, c);
		if (ifd.has(65009) || ifd.has(65003)) gatan(ifd, c);
		if (ifd.has(FEI_HELIOS) || ifd.has(FEI_SFEG)) fei(ifd.text(ifd.has(FEI_HELIOS) ? FEI_HELIOS : FEI_SFEG), c,
			height);
		if (ifd.has(CZ_SEM)) zeiss(ifd.bytes(CZ_SEM), c, width);
		if (ifd.has(TESCAN)) tescan(ifd.text(TESCAN), c);
		if (ifd.has(OLYMPUS_SIS)) c.notes.add("Olympus SIS tag 33560 present; its calibration is not decoded");
		if (c.dialect.equals("plain") && dt != null) DmMetadata.put(c.meta, MetadataKeys.ACQUISITION_DATE,
			exifDate(dt));
		if (make != null && !c.meta.containsKey(MetadataKeys.INSTRUMENT)) DmMetadata.put(c.meta,
			MetadataKeys.INSTRUMENT, model != null ? model.trim() : make.trim());
		return c.build();
	}

	private static String exifDate(String dt) {
		Matcher m = Pattern.compile("(\\d{4})[:/-](\\d{1,2})[:/-](\\d{1,2})[ T]+(\\d{1,2}:\\d{2}(?::\\d{2})?)").matcher(
			dt);
		if (!m.find()) return null;
		String d = DmMetadata.isoDate(m.group(1) + "-" + m.group(2) + "-" + m.group(3));
		String t = DmMetadata.isoTime(m.group(4));
		return d == null ? null : t == null ? d : d + "T" + t;
	}

	/** ImageJ description (unit=...) with X/YResolution, or ResolutionUnit inch/cm. */
	private static void resolution(Ifd ifd, Calibration.Builder c, String desc) {
		double xr = ifd.doubleValue(TiffPage.X_RESOLUTION, Double.NaN);
		double yr = ifd.doubleValue(TiffPage.Y_RESOLUTION, xr);
		if (desc != null && desc.startsWith("ImageJ=")) {
			c.dialect = "ImageJ";
			Map<String, String> kv = new LinkedHashMap<>();
			for (String line : desc.split("\n")) {
				int e = line.indexOf('=');
				if (e > 0) kv.put(line.substring(0, e).trim(), line.substring(e + 1).trim());
			}
			for (Map.Entry<String, String> e : kv.entrySet()) c.meta.put("imagej." + e.getKey(), e.getValue());
			String unit = kv.get("unit");
			if (unit != null && Double.isFinite(xr) && xr > 0) {
				unit = unit.replace("\\u00B5", "\u00b5").replace("\\u00C5", "\u00c5");
				String u = DmMetadata.unit(unit);
				if (!u.equals("pixel") && !u.equals("pixels") && !u.equals("inch")) {
					c.set(1 / xr, 1 / (Double.isFinite(yr) && yr > 0 ? yr : xr), u);
					double xo = num(kv.get("xorigin")), yo = num(kv.get("yorigin"));
					if (Double.isFinite(xo)) c.offsetX = -xo * c.scaleX;
					if (Double.isFinite(yo)) c.offsetY = -yo * c.scaleY;
				}
			}
			double fi = num(kv.get("finterval"));
			if (Double.isFinite(fi) && fi > 0) c.frameInterval = fi;
			if (ifd.has(IJ_META)) {
				// the full Info text, under the key ImageJ's own reader (ij.ImagePlusData) uses
				String info = ijInfo(ifd);
				if (info != null) c.meta.put("ImageJ Info", info);
			}
		}
	}

	/** The "Info" text of ImageJ's metadata tag (UTF-16 big-endian after an "info" header), when present. */
	private static String ijInfo(Ifd ifd) {
		byte[] b = ifd.bytes(IJ_META);
		long[] counts = ifd.longs(IJ_META_COUNTS);
		if (b == null || counts == null || counts.length < 2 || b.length < 4) return null;
		// header: "IJIJ" then (type, count) pairs; the first counted block after the header is Info when "info"
		int hdr = (int) counts[0];
		if (hdr < 4 || hdr > b.length) return null;
		boolean infoFirst = false;
		for (int i = 4; i + 8 <= hdr; i += 8) {
			String type = new String(b, i, 4, StandardCharsets.ISO_8859_1);
			if (type.equals("info") || type.equals("ofni")) infoFirst = i == 4; // written in the file's byte order
		}
		if (!infoFirst) return null;
		int len = (int) Math.min(counts[1], b.length - hdr);
		boolean bigEndianText = len < 2 || b[hdr] == 0;
		return new String(b, hdr, len, bigEndianText ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE);
	}

	/** Gatan DigitalMicrograph export: 65003/65004 units, 65006/65007 origins, 65009/65010 scales. */
	private static void gatan(Ifd ifd, Calibration.Builder c) {
		c.dialect = "Gatan DigitalMicrograph TIFF";
		double sx = number(ifd, 65009), sy = number(ifd, 65010);
		double ox = number(ifd, 65006), oy = number(ifd, 65007);
		String ux = ifd.text(65003), uy = ifd.text(65004);
		if (Double.isFinite(sx) && sx > 0) {
			c.set(sx, Double.isFinite(sy) && sy > 0 ? sy : sx, DmMetadata.unit(ux == null ? "" : ux));
			c.offsetX = Double.isFinite(ox) ? ox : 0;
			c.offsetY = Double.isFinite(oy) ? oy : 0;
		}
		if (uy != null && ux != null && !uy.equals(ux)) c.notes.add("x unit " + ux + " and y unit " + uy + " differ");
		for (int t = 65003; t <= 65026; t++)
			if (ifd.has(t)) {
				String s = ifd.tags.get(t).type == 2 ? ifd.text(t) : String.valueOf(number(ifd, t));
				c.meta.put("gatan." + t, s);
			}
		String iu = ifd.text(65022);
		if (iu != null) c.meta.put("intensity_units", iu);
	}

	private static double number(Ifd ifd, int tag) {
		TiffFile.Tag t = ifd.tags.get(tag);
		if (t == null) return Double.NaN;
		if (t.type == 2) {
			try {
				return Double.parseDouble(ifd.text(tag).trim());
			}
			catch (NumberFormatException e) {
				return Double.NaN;
			}
		}
		return ifd.doubleValue(tag, Double.NaN);
	}

	/** INI text: [Section] then key=value lines, as "Section.key". */
	static Map<String, String> ini(String text) {
		Map<String, String> m = new LinkedHashMap<>();
		if (text == null) return m;
		String section = "";
		for (String raw : text.split("\r?\n|\r")) {
			String line = raw.trim();
			if (line.startsWith("[") && line.endsWith("]")) section = line.substring(1, line.length() - 1).trim();
			else {
				int e = line.indexOf('=');
				if (e > 0 && m.size() < 5000) m.put(section.isEmpty() ? line.substring(0, e).trim() : section + "." + line
					.substring(0, e).trim(), line.substring(e + 1).trim());
			}
		}
		return m;
	}

	private static double num(String s) {
		if (s == null) return Double.NaN;
		Matcher m = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?").matcher(s);
		return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
	}

	/** Thermo Fisher / FEI INI metadata. */
	static void fei(String text, Calibration.Builder c, int imageHeight) {
		Map<String, String> m = ini(text);
		if (m.isEmpty()) return;
		c.dialect = "Thermo Fisher / FEI";
		double pw = num(m.get("Scan.PixelWidth"));
		double ph = num(m.get("Scan.PixelHeight"));
		if (!Double.isFinite(pw)) pw = num(m.get("EScan.PixelWidth"));
		if (Double.isFinite(pw) && pw > 0) c.set(pw, Double.isFinite(ph) && ph > 0 ? ph : pw, "m");
		double hv = num(m.get("Beam.HV"));
		if (!Double.isFinite(hv)) hv = num(m.get("EBeam.HV"));
		if (Double.isFinite(hv) && hv > 0) c.meta.put(MetadataKeys.BEAM_ENERGY_KV, hv / 1000);
		DmMetadata.put(c.meta, MetadataKeys.INSTRUMENT, m.get("System.SystemType"));
		DmMetadata.put(c.meta, MetadataKeys.ACQUISITION_DATE, DmMetadata.isoDateTime(m.get("User.Date"), m.get(
			"User.Time")));
		double dwell = num(m.get("Scan.Dwelltime"));
		if (Double.isFinite(dwell)) c.meta.put("dwell_time_s", dwell);
		double wd = num(m.get("Stage.WorkingDistance"));
		if (Double.isFinite(wd)) c.meta.put("working_distance_mm", wd * 1000);
		// magnification as FEI defines it: display width over horizontal field width
		double hfw = num(m.get("EBeam.HFW"));
		if (!Double.isFinite(hfw)) hfw = num(m.get("Scan.HorFieldsize"));
		double canvas = num(m.get("Image.MagCanvasRealWidth"));
		if (Double.isFinite(hfw) && hfw > 0 && Double.isFinite(canvas) && canvas > 0) c.meta.put(
			MetadataKeys.MAGNIFICATION, canvas / hfw);
		double bar = num(m.get("PrivateFei.DatabarHeight"));
		double resY = num(m.get("Image.ResolutionY"));
		if (Double.isFinite(resY) && resY > 0 && resY < imageHeight) c.meta.put(MetadataKeys.DATABAR_HEIGHT,
			(double) (imageHeight - (int) resY));
		else if (Double.isFinite(bar) && bar >= 0) c.meta.put(MetadataKeys.DATABAR_HEIGHT, bar);
		int n = 0;
		for (Map.Entry<String, String> e : m.entrySet())
			if (n++ < MAX_ENTRIES) c.meta.putIfAbsent("fei." + e.getKey(), e.getValue());
	}

	/** Tescan INI metadata (tag 50431 or the .hdr sidecar): [MAIN] PixelSizeX in m, HV in V. */
	static void tescan(String text, Calibration.Builder c) {
		Map<String, String> m = ini(text);
		if (m.isEmpty()) return;
		c.dialect = "Tescan";
		String[] prefixes = { "MAIN.", "SEM.", "" };
		double px = Double.NaN, py = Double.NaN, hv = Double.NaN, mag = Double.NaN;
		String dev = null, date = null, time = null;
		for (String p : prefixes) {
			if (!Double.isFinite(px)) px = num(m.get(p + "PixelSizeX"));
			if (!Double.isFinite(py)) py = num(m.get(p + "PixelSizeY"));
			if (!Double.isFinite(hv)) hv = num(m.get(p + "HV"));
			if (!Double.isFinite(mag)) mag = num(m.get(p + "Magnification"));
			if (dev == null) dev = m.get(p + "Device");
			if (date == null) date = m.get(p + "Date");
			if (time == null) time = m.get(p + "Time");
		}
		if (Double.isFinite(px) && px > 0) c.set(px, Double.isFinite(py) && py > 0 ? py : px, "m");
		if (Double.isFinite(hv) && hv > 0) c.meta.put(MetadataKeys.BEAM_ENERGY_KV, hv / 1000);
		if (Double.isFinite(mag) && mag > 0) c.meta.put(MetadataKeys.MAGNIFICATION, mag);
		DmMetadata.put(c.meta, MetadataKeys.INSTRUMENT, dev);
		DmMetadata.put(c.meta, MetadataKeys.ACQUISITION_DATE, DmMetadata.isoDateTime(date, time));
		int n = 0;
		for (Map.Entry<String, String> e : m.entrySet())
			if (n++ < MAX_ENTRIES) c.meta.putIfAbsent("tescan." + e.getKey(), e.getValue());
	}

	/**
	 * Zeiss SmartSEM tag 34118: a header of numbers (the first floating value is the pixel size of the scan in
	 * m) then pairs of a key (AP_..., DP_..., SV_...) and "Label = value unit". When the image was stored at a
	 * lower resolution than scanned, the pixel size is scaled by the ratio of AP_WIDTH to the scan width, as
	 * HyperSpy reports it.
	 */
	static void zeiss(byte[] raw, Calibration.Builder c, int width) {
		if (raw == null) return;
		c.dialect = "Zeiss SmartSEM";
		String s = new String(raw, StandardCharsets.ISO_8859_1);
		String[] tokens = s.split("[\\x00\\r\\n]+");
		double headerPixel = Double.NaN;
		Map<String, String[]> kv = new LinkedHashMap<>();
		Pattern key = Pattern.compile("^(AP|DP|SV)_[A-Z0-9_]+$");
		Pattern sci = Pattern.compile("^\\s*[-+]?\\d+\\.\\d+e[-+]\\d+\\s*$");
		for (int i = 0; i < tokens.length; i++) {
			String t = tokens[i].trim();
			if (!Double.isFinite(headerPixel) && kv.isEmpty() && sci.matcher(t).matches()) headerPixel = Double
				.parseDouble(t);
			if (key.matcher(t).matches() && i + 1 < tokens.length) {
				String v = tokens[i + 1];
				int e = v.indexOf('=');
				if (e < 0) e = v.indexOf(':');
				if (e > 0 && kv.size() < 2000) kv.put(t.toLowerCase(Locale.ROOT), new String[] { v.substring(0, e).trim(), v
					.substring(e + 1).trim() });
			}
		}
		double pixel = headerPixel;
		if (!Double.isFinite(pixel)) {
			String[] ps = kv.get("ap_image_pixel_size");
			if (ps == null) ps = kv.get("ap_pixel_size");
			if (ps != null) pixel = lengthInMetres(ps[1]);
		}
		if (Double.isFinite(pixel) && pixel > 0) {
			String[] w = kv.get("ap_width");
			if (w != null && width > 0) {
				double wm = lengthInMetres(w[1].matches(".*[a-zA-Z\u00b5].*") ? w[1] : w[1] + " \u00b5m");
				double ratio = Math.round(wm / (pixel * width));
				if (ratio >= 2 && ratio <= 64) pixel *= ratio;
			}
			c.set(pixel, pixel, "m");
		}
		String[] eht = kv.get("ap_actualkv");
		if (eht == null) eht = kv.get("ap_manualkv");
		if (eht != null) {
			double v = num(eht[1]);
			if (Double.isFinite(v)) c.meta.put(MetadataKeys.BEAM_ENERGY_KV, eht[1].contains("kV") ? v : v / 1000);
		}
		String[] mag = kv.get("ap_mag");
		if (mag != null) {
			double v = num(mag[1]);
			String u = mag[1].toUpperCase(Locale.ROOT);
			if (u.contains("K X")) v *= 1e3;
			else if (u.contains("M X")) v *= 1e6;
			if (Double.isFinite(v)) c.meta.put(MetadataKeys.MAGNIFICATION, v);
		}
		String[] date = kv.get("ap_date");
		String[] time = kv.get("ap_time");
		DmMetadata.put(c.meta, MetadataKeys.ACQUISITION_DATE, DmMetadata.isoDateTime(date == null ? null : date[1],
			time == null ? null : time[1]));
		String[] serial = kv.get("sv_serial_number");
		if (serial != null) DmMetadata.put(c.meta, MetadataKeys.INSTRUMENT, serial[1]);
		String[] wd = kv.get("ap_wd");
		if (wd != null) c.meta.put("working_distance_mm", lengthInMetres(wd[1]) * 1e3);
		int n = 0;
		for (Map.Entry<String, String[]> e : kv.entrySet())
			if (n++ < MAX_ENTRIES) c.meta.putIfAbsent("zeiss." + e.getKey(), e.getValue()[0] + " = " + e.getValue()[1]);
	}

	/** "11.65 nm", "2.615 µm", "3.9 mm" to metres; NaN when no length unit. */
	static double lengthInMetres(String s) {
		Matcher m = Pattern.compile("([-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?)\\s*(\\S+)?").matcher(s.trim());
		if (!m.find()) return Double.NaN;
		double v = Double.parseDouble(m.group(1));
		double f = DmMetadata.metresPer(m.group(2) == null ? "" : m.group(2));
		return v * f;
	}

	/** Relativistic electron wavelength in nm for an accelerating voltage in V. */
	public static double electronWavelengthNm(double volts) {
		double h = 6.62607015e-34, m0 = 9.1093837015e-31, e = 1.602176634e-19, c = 299792458.0;
		double p = Math.sqrt(2 * m0 * e * volts * (1 + e * volts / (2 * m0 * c * c)));
		return h / p * 1e9;
	}

	private static String xml(String x, String tag) {
		Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(x);
		return m.find() ? m.group(1).trim() : null;
	}

	/**
	 * JEOL SightX TEM TIFF: the XML in ImageDescription gives the mode, the magnification or camera length
	 * (SelectorValue with SelectorUnitString) and the voltage; the pixel pitch on the recording medium is
	 * 25.4 mm / XResolution (dpi). Pixel size = pitch / magnification in imaging, pitch / (L * lambda) in 1/nm
	 * in diffraction, as HyperSpy computes it.
	 */
	static void jeolSightX(Ifd ifd, String x, Calibration.Builder c) {
		c.dialect = "JEOL SightX";
		double volts = num(xml(x, "AccelerationVoltage"));
		if (Double.isFinite(volts) && volts > 0) c.meta.put(MetadataKeys.BEAM_ENERGY_KV, volts / 1000);
		DmMetadata.put(c.meta, MetadataKeys.INSTRUMENT, xml(x, "Instruments"));
		String dt = xml(x, "DateTime");
		if (dt != null) {
			Matcher m = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})").matcher(dt);
			if (m.find()) c.meta.put(MetadataKeys.ACQUISITION_DATE, m.group(1) + "T" + m.group(2));
			c.meta.put("jeol.DateTime", dt);
		}
		String mode = xml(x, "ModeString");
		String selUnit = xml(x, "SelectorUnitString");
		double sel = num(xml(x, "SelectorValue"));
		String expo = xml(x, "ExposureTimeString");
		if (expo != null) {
			double v = num(expo);
			if (Double.isFinite(v)) c.meta.put(MetadataKeys.EXPOSURE_S, expo.contains("msec") ? v / 1e3 : expo.contains(
				"usec") ? v / 1e6 : v);
		}
		if (mode != null) c.meta.put("jeol.ModeString", mode);
		double dpi = ifd.doubleValue(TiffPage.X_RESOLUTION, Double.NaN);
		long resUnit = ifd.longValue(TiffPage.RESOLUTION_UNIT, 2);
		double pitchMm = Double.NaN;
		if (Double.isFinite(dpi) && dpi > 0) pitchMm = (resUnit == 3 ? 10.0 : 25.4) / dpi;
		if ("DIFF".equalsIgnoreCase(mode) && Double.isFinite(sel) && sel > 0) {
			double lmm = "cm".equalsIgnoreCase(selUnit) ? sel * 10 : "m".equalsIgnoreCase(selUnit) ? sel * 1000 : sel;
			c.meta.put(MetadataKeys.CAMERA_LENGTH, lmm);
			if (Double.isFinite(pitchMm) && Double.isFinite(volts) && volts > 0) {
				double s = pitchMm / (lmm * electronWavelengthNm(volts));
				c.set(s, s, "1 / nm");
			}
		}
		else if (Double.isFinite(sel) && sel > 0 && (selUnit == null || selUnit.equalsIgnoreCase("X"))) {
			c.meta.put(MetadataKeys.MAGNIFICATION, sel);
			if (Double.isFinite(pitchMm)) {
				double s = pitchMm * 1e6 / sel;
				c.set(s, s, "nm");
			}
		}
	}
}
