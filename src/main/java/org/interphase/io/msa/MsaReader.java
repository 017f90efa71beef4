package org.interphase.io.msa;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * EMSA/MAS spectral data files (ISO 22029, {@code .msa}, {@code .ems}, {@code .emsa}): the {@code Y} form
 * (ordinates only, NCOLUMNS per line) and the {@code XY} form (abscissa, ordinate pairs).
 * <p>
 * The energy axis is uniform, {@code OFFSET + i * XPERCHAN}, as the header states it (this is what HyperSpy and
 * RosettaSciIO do, also for the XY form). When an XY file has no XPERCHAN the X column gives the axis, non-uniform
 * if it is irregular. Every header keyword goes into the metadata under its own name (units in
 * {@code "<KEY> units"}), plus the contract keys {@code beam_energy_kV}, {@code acquisition_date} (ISO 8601)
 * and {@code signal_type}. The number of points is what the data section holds; a different NPOINTS is kept
 * as {@code npoints_declared} (the specification's own example1 says 20 and holds 21).
 */
public final class MsaReader implements DatasetReader {
	/** Refuse text files larger than this (an EMSA spectrum is a few kB to a few MB). */
	static final long MAX_BYTES = 256L << 20;
	private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[,;\\s]+");
	private static final java.util.regex.Pattern LINES = java.util.regex.Pattern.compile("\r\n|\r|\n");

	@Override
	public String format() {
		return "EMSA/MSA";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String s = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1);
		if (s.startsWith("\u00EF\u00BB\u00BF")) s = s.substring(3); // UTF-8 byte-order mark
		int i = 0;
		while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
		s = s.substring(i).toUpperCase(Locale.ROOT);
		return s.startsWith("#FORMAT") && s.contains("EMSA");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		long size = Files.size(file);
		if (size > MAX_BYTES) throw new InputFormatException(file + ": " + size +
			" bytes is too large for an EMSA/MSA text spectrum");
		byte[] bytes = Files.readAllBytes(file);
		for (int i = 0; i < Math.min(bytes.length, 4096); i++) if (bytes[i] == 0) throw new InputFormatException(file +
			": EMSA/MSA: binary content (NUL byte at offset " + i + "), not a text spectrum");
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		if (text.startsWith("\u00EF\u00BB\u00BF")) text = text.substring(3);
		String[] lines = LINES.split(text, -1);

		Map<String, Object> meta = new LinkedHashMap<>();
		Map<String, String> keys = new LinkedHashMap<>();
		List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
		boolean inData = false, sawFormat = false, sawEnd = false;
		int ncolumns = 1;
		String datatype = "Y";
		for (int ln = 0; ln < lines.length; ln++) {
			String line = lines[ln].trim();
			if (line.isEmpty()) continue;
			if (line.startsWith("#")) {
				int colon = line.indexOf(':');
				if (colon < 0) continue;
				String left = line.substring(1, colon).trim();
				String value = line.substring(colon + 1).trim();
				String key = left, unit = null;
				int dash = left.indexOf('-');
				if (dash > 0) {
					key = left.substring(0, dash).trim();
					unit = left.substring(dash + 1).trim();
				}
				key = key.trim().toUpperCase(Locale.ROOT);
				if (key.equals("FORMAT")) sawFormat = true;
				if (key.equals("SPECTRUM")) {
					inData = true;
					datatype = keys.getOrDefault("DATATYPE", "Y").trim().toUpperCase(Locale.ROOT);
					ncolumns = (int) Math.max(1, Math.min(16, parseOr(keys.get("NCOLUMNS"), 1)));
					continue;
				}
				if (key.equals("ENDOFDATA")) {
					inData = false;
					sawEnd = true;
					continue;
				}
				if (!inData) {
					keys.put(key, value);
					meta.put(key, value);
					if (unit != null && !unit.isEmpty()) meta.put(key + " units", unit);
				}
				continue;
			}
			if (!inData) continue;
			String[] parts = SEPARATORS.split(line);
			List<Double> vals = new ArrayList<>(parts.length);
			for (String p : parts) {
				if (p.isEmpty()) continue;
				try {
					vals.add(Double.parseDouble(p));
				}
				catch (NumberFormatException e) {
					throw new InputFormatException(file + ": EMSA/MSA line " + (ln + 1) + " is not numeric: '" +
						abbreviate(line) + "'");
				}
			}
			if (datatype.startsWith("XY")) {
				if (vals.size() % 2 != 0) throw new InputFormatException(file + ": EMSA/MSA line " + (ln + 1) +
					" of an XY file has an odd number of values");
				for (int k = 0; k < vals.size(); k += 2) {
					xs.add(vals.get(k));
					ys.add(vals.get(k + 1));
				}
			}
			else ys.addAll(vals);
		}
		if (!sawFormat) throw new InputFormatException(file + ": EMSA/MSA: no #FORMAT line");
		if (ys.isEmpty()) throw new InputFormatException(file +
			": EMSA/MSA: no data (missing #SPECTRUM section or empty)");
		int n = ys.size();
		double[] y = new double[n];
		for (int i = 0; i < n; i++) y[i] = ys.get(i);

		double declared = parseOr(keys.get("NPOINTS"), Double.NaN);
		if (!Double.isNaN(declared) && (long) declared != n) {
			// more points than declared: the specification's own example does that; fewer: the file was cut
			if (n < declared && !sawEnd) throw new InputFormatException(file + ": EMSA/MSA: NPOINTS is " +
				(long) declared + " but only " + n + " values were found and #ENDOFDATA is missing (truncated?)");
			if (n < declared) throw new InputFormatException(file + ": EMSA/MSA: NPOINTS is " + (long) declared +
				" but the data section holds only " + n + " values");
			meta.put("npoints_declared", (long) declared);
		}
		if (!sawEnd) {
			if (Double.isNaN(declared) || (long) declared != n) throw new InputFormatException(file +
				": EMSA/MSA: no #ENDOFDATA line and no matching NPOINTS: truncated?");
			meta.put("note", "no #ENDOFDATA line");
		}

		String units = keys.getOrDefault("XUNITS", "").trim();
		String label = keys.getOrDefault("XLABEL", "").trim();
		String axisName = label.isEmpty() ? "Energy" : label;
		double scale = parseOr(keys.get("XPERCHAN"), Double.NaN);
		double offset = parseOr(keys.get("OFFSET"), Double.NaN);
		Axis axis;
		if (!Double.isNaN(scale) && scale != 0) {
			axis = new Axis(axisName, n, scale, Double.isNaN(offset) ? 0 : offset, units);
		}
		else if (!xs.isEmpty()) {
			double[] x = new double[n];
			for (int i = 0; i < n; i++) x[i] = xs.get(i);
			axis = uniformOrNot(axisName, x, units);
		}
		else axis = new Axis(axisName, n, 1, Double.isNaN(offset) ? 0 : offset, units);
		if (!xs.isEmpty() && axis.isUniform()) {
			// the XY file's own X column against the header calibration we use (the EMSA example deviates by ~1 eV)
			double dev = 0;
			for (int i = 0; i < n; i++) dev = Math.max(dev, Math.abs(xs.get(i) - axis.value(i)));
			meta.put("x_column_max_deviation", dev);
		}

		// contract keys
		double kv = parseOr(keys.get("BEAMKV"), Double.NaN);
		if (!Double.isNaN(kv)) meta.put(MetadataKeys.BEAM_ENERGY_KV, kv);
		String date = isoDate(keys.get("DATE"), keys.get("TIME"));
		if (date != null) meta.put(MetadataKeys.ACQUISITION_DATE, date);
		String st = keys.get("SIGNALTYPE");
		if (st != null && !st.isEmpty()) meta.put("signal_type", signalType(st));
		double dwell = parseOr(keys.get("DWELLTIME"), Double.NaN);
		if (!Double.isNaN(dwell)) {
			Object u = meta.get("DWELLTIME units");
			meta.put("dwell_time_s", "ms".equals(u) ? dwell / 1000 : "us".equals(u) ? dwell * 1e-6 : dwell);
		}
		double live = parseOr(keys.get("LIVETIME"), Double.NaN);
		if (!Double.isNaN(live)) meta.put(MetadataKeys.EXPOSURE_S, live);
		meta.put("datatype", datatype);

		String title = keys.getOrDefault("TITLE", "").trim();
		if (title.isEmpty()) title = file.getFileName().toString();
		List<Axis> axes = new ArrayList<>();
		axes.add(axis);
		Signal s = new Signal(title, "float64", new int[] { n }, axes, y, null, meta);
		List<Signal> signals = new ArrayList<>();
		signals.add(s);
		return new Dataset(file.toString(), format(), signals, meta);
	}

	static String signalType(String emsa) {
		switch (emsa.trim().toUpperCase(Locale.ROOT)) {
			case "ELS":
				return "EELS";
			case "EDS":
				return "EDS";
			case "WDS":
				return "WDS";
			case "XPS":
				return "XPS";
			case "AES":
				return "AES";
			default:
				return emsa.trim();
		}
	}

	private static final String[] MONTHS = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
		"NOV", "DEC" };

	/** "01-OCT-1991" (the specification's DD-MMM-YYYY) and "12:00[:ss]" to ISO 8601; null when unparseable. */
	static String isoDate(String date, String time) {
		if (date == null || date.trim().isEmpty()) return null;
		String[] p = date.trim().split("[-/ .]+");
		if (p.length != 3) return null;
		try {
			int day = Integer.parseInt(p[0]);
			int month = -1;
			for (int i = 0; i < 12; i++) if (p[1].toUpperCase(Locale.ROOT).startsWith(MONTHS[i])) month = i + 1;
			if (month < 0) month = Integer.parseInt(p[1]);
			int year = Integer.parseInt(p[2]);
			if (year < 100) year += year < 70 ? 2000 : 1900;
			if (month < 1 || month > 12 || day < 1 || day > 31) return null;
			String d = String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
			if (time != null && !time.trim().isEmpty()) {
				String[] t = time.trim().split(":");
				int h = Integer.parseInt(t[0].trim());
				int m = t.length > 1 ? Integer.parseInt(t[1].trim()) : 0;
				int sec = t.length > 2 ? (int) Double.parseDouble(t[2].trim()) : 0;
				d += String.format(Locale.ROOT, "T%02d:%02d:%02d", h, m, sec);
			}
			return d;
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	static double parseOr(String s, double fallback) {
		if (s == null) return fallback;
		try {
			return Double.parseDouble(s.trim().split("[\\s,]+")[0]);
		}
		catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
			return fallback;
		}
	}

	static Axis uniformOrNot(String name, double[] x, String units) {
		int n = x.length;
		if (n < 2) return new Axis(name, n, 1, n == 1 ? x[0] : 0, units);
		double step = (x[n - 1] - x[0]) / (n - 1);
		boolean uniform = step != 0;
		for (int i = 1; i < n && uniform; i++) if (Math.abs(x[i] - (x[0] + i * step)) > 1e-6 * Math.max(1, Math.abs(
			step))) uniform = false;
		return uniform ? new Axis(name, n, step, x[0], units) : new Axis(name, x, units);
	}

	private static String abbreviate(String s) {
		return s.length() > 60 ? s.substring(0, 60) + "..." : s;
	}
}
