package org.interphase.io.msa;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;

/**
 * Writes a 1D spectrum as an EMSA/MAS file (ISO 22029), {@code Y} form for a uniform axis ({@code XY} form when
 * the axis is non-uniform), so that {@link MsaReader} and other readers (HyperSpy, DigitalMicrograph) read it
 * back. Header values come from the signal's metadata where present: TITLE (else the signal name), OWNER,
 * SIGNALTYPE (else "ELS" when the axis is an energy loss), {@code beam_energy_kV} as BEAMKV,
 * {@code acquisition_date} as DATE/TIME, {@code YUNITS}. Dates are written in the specification's DD-MMM-YYYY.
 */
public final class MsaWriter {
	private MsaWriter() {}

	public static void write(Path file, Signal spectrum) throws IOException {
		if (spectrum.ndim() != 1) throw new IllegalArgumentException("EMSA holds one spectrum; the signal has shape " +
			java.util.Arrays.toString(spectrum.shape()));
		Axis ax = spectrum.lastAxis();
		Map<String, Object> m = spectrum.metadata();
		double[] y = spectrum.data();
		int n = y.length;
		boolean xy = !ax.isUniform();
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
			header(w, "FORMAT", null, "EMSA/MAS Spectral Data File");
			header(w, "VERSION", null, "1.0");
			String title = str(m.get("TITLE"), spectrum.name);
			header(w, "TITLE", null, ascii(title, 64));
			LocalDateTime when = parseIso(str(m.get(MetadataKeys.ACQUISITION_DATE), null));
			if (when != null) {
				header(w, "DATE", null, when.format(DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ROOT)).toUpperCase(
					Locale.ROOT));
				header(w, "TIME", null, when.format(DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)));
			}
			else {
				header(w, "DATE", null, "");
				header(w, "TIME", null, "");
			}
			header(w, "OWNER", null, ascii(str(m.get("OWNER"), "Interphase"), 64));
			header(w, "NPOINTS", null, Integer.toString(n));
			header(w, "NCOLUMNS", null, "1");
			header(w, "XUNITS", null, ax.units);
			header(w, "YUNITS", null, str(m.get("YUNITS"), "Counts"));
			header(w, "DATATYPE", null, xy ? "XY" : "Y");
			if (!xy) {
				// for the XY form the X column is the calibration; a mean step here would hide the irregularity
				header(w, "XPERCHAN", null, num(ax.scale));
				header(w, "OFFSET", null, num(ax.offset));
			}
			String st = str(m.get("SIGNALTYPE"), null);
			if (st == null) {
				String t = str(m.get("signal_type"), "");
				st = t.equalsIgnoreCase("EELS") ? "ELS" : t.isEmpty() ? "ELS" : t;
			}
			header(w, "SIGNALTYPE", null, st);
			if (!ax.name.isEmpty()) header(w, "XLABEL", null, ascii(ax.name, 64));
			Object kv = m.get(MetadataKeys.BEAM_ENERGY_KV);
			if (kv instanceof Number) header(w, "BEAMKV", "kV", num(((Number) kv).doubleValue()));
			header(w, "SPECTRUM", null, "Spectral Data Starts Here");
			for (int i = 0; i < n; i++) {
				if (xy) w.write(num(ax.value(i)) + ", ");
				w.write(num(y[i]));
				w.write("\r\n");
			}
			header(w, "ENDOFDATA", null, "");
		}
	}

	private static void header(Writer w, String key, String unit, String value) throws IOException {
		String k = unit == null ? key : key + "-" + unit;
		StringBuilder sb = new StringBuilder("#").append(k);
		while (sb.length() < 13) sb.append(' ');
		sb.append(": ").append(value).append("\r\n");
		w.write(sb.toString());
	}

	private static String num(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return Double.toString(v);
	}

	private static String str(Object o, String fallback) {
		return o == null || o.toString().trim().isEmpty() ? fallback : o.toString().trim();
	}

	private static String ascii(String s, int max) {
		StringBuilder b = new StringBuilder();
		for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? c : '_');
		return b.length() > max ? b.substring(0, max) : b.toString();
	}

	private static LocalDateTime parseIso(String s) {
		if (s == null) return null;
		try {
			if (s.length() == 10) return java.time.LocalDate.parse(s).atStartOfDay();
			return LocalDateTime.parse(s.length() > 19 ? s.substring(0, 19) : s);
		}
		catch (RuntimeException e) {
			return null;
		}
	}
}
