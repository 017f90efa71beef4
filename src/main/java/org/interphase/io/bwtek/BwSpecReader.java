package org.interphase.io.bwtek;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.io.TextHead;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * B&amp;W Tek BWSpec text exports ({@code File Version;BWRam4.11_11}): about 90 header lines {@code key;value}, then a
 * table whose header line starts with {@code Pixel;} and names the columns (Pixel, Wavelength, Wavenumber, Raman
 * Shift, Dark, Reference, Raw data #1, Dark Subtracted #1, ...). Fields are separated by {@code ;}, numbers
 * written with decimal commas ({@code 532,02}); rows outside the calibrated range have empty shift cells and are
 * skipped (counted in the metadata {@code rows_without_shift}).
 * <p>
 * The spectrum is the {@code Dark Subtracted #1} column (else {@code Raw data #1}) on the {@code Raman Shift}
 * axis (cm-1, as written: the first rows of a 2048-pixel CCD run from high to low wavelength, so the axis may be
 * ascending or descending). Metadata: {@code laser_wavelength} becomes {@code laser_wavelength_nm},
 * {@code intigration times(ms)} (sic) {@code exposure_s}, {@code average number} {@code accumulations},
 * {@code model} and {@code title} the instrument; every header key is kept under its own name.
 */
public final class BwSpecReader implements DatasetReader {
	static final String[] SIGNAL_COLUMNS = { "Dark Subtracted #1", "Raw data #1" };

	@Override
	public String format() {
		return "bwspec";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		if (!TextHead.isText(file, head, ".txt", ".csv")) return false;
		String t = new String(head, StandardCharsets.ISO_8859_1);
		return t.startsWith("File Version;BWRam") || t.startsWith("File Version;BWSpec") || t.contains(
			"\nPixel;Wavelength;Wavenumber;Raman Shift;");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		Map<String, Object> md = new LinkedHashMap<>();
		String[] columns = null;
		int headerLine = 0, shiftCol = -1, signalCol = -1, lineNo = 0, skipped = 0;
		String signalName = null;
		List<double[]> rows = new ArrayList<>();
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			String line;
			while ((line = r.readLine()) != null) {
				lineNo++;
				if (line.trim().isEmpty()) continue;
				if (columns == null) {
					if (line.startsWith("Pixel;")) {
						columns = trimTrailing(line.split(";", -1));
						headerLine = lineNo;
						shiftCol = index(columns, "Raman Shift");
						for (String c : SIGNAL_COLUMNS) if (signalCol < 0) {
							signalCol = index(columns, c);
							signalName = c;
						}
						if (shiftCol < 0) throw new InputFormatException(file + ": line " + lineNo + ": the BWSpec table has " +
							"no 'Raman Shift' column (columns: " + String.join(", ", columns) + "); export with the Raman shift " +
							"axis switched on in BWSpec");
						if (signalCol < 0) throw new InputFormatException(file + ": line " + lineNo + ": the BWSpec table has " +
							"neither 'Dark Subtracted #1' nor 'Raw data #1' (columns: " + String.join(", ", columns) + ")");
						continue;
					}
					header(line, md);
					continue;
				}
				String[] f = trimTrailing(line.split(";", -1));
				if (f.length != columns.length) throw new InputFormatException(String.format(Locale.ROOT,
					"%s: line %d has %d ';'-separated fields but the table header (line %d) names %d; the file may be " +
						"cut or edited: re-export it from BWSpec", file, lineNo, f.length, headerLine, columns.length));
				String xs = f[shiftCol].trim(), ys = f[signalCol].trim();
				if (xs.isEmpty()) {
					skipped++; // outside the calibrated range
					continue;
				}
				rows.add(new double[] { number(file, xs, lineNo, columns[shiftCol]), number(file, ys, lineNo,
					columns[signalCol]) });
			}
		}
		if (columns == null) throw new InputFormatException(file + ": no table header line starting with 'Pixel;' " +
			"after " + lineNo + " lines; not a complete BWSpec export");
		if (rows.size() < 3) throw new InputFormatException(file + ": only " + rows.size() + " rows with a Raman shift " +
			"(" + skipped + " rows have an empty shift cell); check the export's Raman shift calibration");
		int n = rows.size();
		double[] x = new double[n], y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = rows.get(i)[0];
			y[i] = rows.get(i)[1];
		}
		md.put("rows_without_shift", skipped);
		md.put("signal_column", signalName);
		Signal s = Signal.spectrum(file.getFileName().toString(), new Axis("Raman shift", x, "cm-1"), y);
		return new Dataset(file.toString(), format(), List.of(s), md);
	}

	/** A number with a decimal comma or point. */
	static double number(Path file, String s, int line, String column) throws InputFormatException {
		try {
			return Double.parseDouble(s.replace(',', '.'));
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": line " + line + ", column '" + column + "': '" + (s.length() > 30 ? s
				.substring(0, 30) + "..." : s) + "' is not a number");
		}
	}

	private static void header(String line, Map<String, Object> md) {
		int sep = line.indexOf(';');
		if (sep <= 0) return;
		String key = line.substring(0, sep).trim(), value = line.substring(sep + 1).trim();
		if (value.endsWith(";")) value = value.substring(0, value.length() - 1).trim();
		md.put(key, value);
		Double v = null;
		try {
			v = Double.parseDouble(value.replace(',', '.'));
		}
		catch (NumberFormatException e) {
			// text value
		}
		String k = key.toLowerCase(Locale.ROOT);
		if (v != null && k.equals("laser_wavelength") && v > 0) md.put(MetadataKeys.LASER_WAVELENGTH_NM, v);
		else if (v != null && (k.startsWith("intigration time") || k.startsWith("integration time"))) md.put(
			MetadataKeys.EXPOSURE_S, v / 1000);
		else if (v != null && k.equals("average number")) md.put("accumulations", v);
		else if (k.equals("model") && !value.isEmpty()) md.put(MetadataKeys.INSTRUMENT, "B&W Tek " + value);
		else if (k.equals("date")) md.put(MetadataKeys.ACQUISITION_DATE, value);
	}

	private static String[] trimTrailing(String[] f) {
		int n = f.length;
		while (n > 0 && f[n - 1].trim().isEmpty()) n--;
		return n == f.length ? f : java.util.Arrays.copyOf(f, n);
	}

	private static int index(String[] cols, String name) {
		for (int i = 0; i < cols.length; i++) if (cols[i].trim().equalsIgnoreCase(name)) return i;
		return -1;
	}
}
