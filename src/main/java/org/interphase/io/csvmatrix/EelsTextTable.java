package org.interphase.io.csvmatrix;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.interphase.core.data.LengthUnits;
import org.interphase.core.data.EnergyUnits;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * EELS line scans and spectra exported as plain text tables (CSV, semicolon or tab separated, decimal point or
 * comma), the energy axis named with its unit in the header, in either orientation:
 * <ul>
 * <li>energies in the first column ({@code energy_eV}, {@code Energy (eV)}, {@code Energy loss [eV]}, keV too),
 * one column per probe position headed with its distance ({@code 0.0nm}, {@code 0.8 nm}, {@code x=1.6 µm}) or by
 * any name (then uncalibrated, px); one data column is a single spectrum;</li>
 * <li>energies in the header row ({@code distance (nm);450.0;450.1;...} where the corner cell or the energy cells
 * name eV), one row per position, its first cell the distance in the unit the corner cell names
 * ({@code distance (nm)}, {@code x [µm]}, {@code position_nm}).</li>
 * </ul>
 * Lengths in µm, Å or pm are converted to nm. Only tables whose header names an energy in eV or keV are taken, so
 * Raman, XPS or diffraction text files go to their own readers. Ragged rows and non-numbers are refused with the
 * line number.
 */
public final class EelsTextTable implements DatasetReader {
	private static final Pattern UNIT = Pattern.compile(
		"(?i)^(.*?)[\\s_]*(?:[\\(\\[]\\s*([a-zµμÅ]+)\\s*[\\)\\]]|_([a-zµμÅ]+)|\\s+([a-zµμÅ]+))\\s*$");
	private static final Pattern NUMBER_UNIT = Pattern.compile(
		"(?i)^(?:[a-z ]*[=:]\\s*)?([-+]?\\d+(?:[.,]\\d*)?(?:e[-+]?\\d+)?)\\s*(nm|µm|μm|um|Å|a|pm|mm|px)?$");

	@Override
	public String format() {
		return "eels-text-table";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!(n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".tsv") || n.endsWith(".dat"))) return false;
		for (byte b : head) if (b == 0) return false;
		String text = new String(head, StandardCharsets.UTF_8);
		if (text.startsWith("\uFEFF")) text = text.substring(1);
		if (text.startsWith(CsvMatrix.MAGIC)) return false;
		String[] lines = text.split("\\r?\\n");
		for (int li = 0; li < lines.length; li++) {
			String t = lines[li].trim();
			if (t.isEmpty() || t.startsWith("#")) continue;
			// the first non-comment line is the header: it must name an energy in eV / keV
			String[] cells = split(t, separator(t));
			if (li == lines.length - 1 && !text.endsWith("\n") && cells.length > 2) cells = java.util.Arrays.copyOf(cells,
				cells.length - 1); // cut by the end of the head
			if (cells.length < 2) return false;
			if (energyUnit(cells[0]) != null) {
				// an energy-loss axis: not XPS (binding / kinetic energy) or photon energies, and increasing
				if (cells[0].matches("(?i).*(binding|kinetic|photon|excitation|BE|KE)\\b.*")) return false;
				double prev = Double.NEGATIVE_INFINITY;
				int seen = 0;
				for (int lj = li + 1; lj < lines.length - 1 && seen < 3; lj++) {
					String d = lines[lj].trim();
					if (d.isEmpty() || d.startsWith("#")) continue;
					String[] dc = split(d, separator(t));
					double v;
					try {
						v = Double.parseDouble(separator(t) == ',' ? dc[0] : dc[0].replace(',', '.'));
					}
					catch (NumberFormatException ex) {
						return false;
					}
					if (!(v > prev)) return false;
					prev = v;
					seen++;
				}
				return true;
			}
			if (headerEnergiesHaveUnit(cells)) return true;
			if (numericCount(cells, separator(t)) < Math.max(3, cells.length - 2)) return false;
			// energies across the header: the corner names the energy, or a length with plain energies in the
			// range and step of an EELS spectrum
			return cornerNamesEnergy(cells[0]) || cornerLengthUnit(cells[0]) != null && eelsLike(cells);
		}
		return false;
	}

	@Override
	public Dataset read(Path file) throws IOException {
		List<String[]> rows = new ArrayList<>();
		String[] header = null;
		char sep = 0;
		int headerLine = 0;
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int lineNo = 0;
			while ((line = r.readLine()) != null) {
				lineNo++;
				String t = line.replace("\uFEFF", "").trim();
				if (t.isEmpty() || t.startsWith("#")) continue;
				if (header == null) {
					sep = separator(t);
					header = split(t, sep);
					headerLine = lineNo;
					continue;
				}
				String[] c = split(t, sep);
				if (c.length != header.length) throw new InputFormatException(file + ": line " + lineNo + " has " + c.length +
					" cells, the header (line " + headerLine + ") " + header.length);
				rows.add(c);
			}
		}
		if (header == null || rows.isEmpty()) throw new InputFormatException(file + ": no data rows after the header");
		String eUnit = energyUnit(header[0]);
		Map<String, Object> meta = new LinkedHashMap<>();
		Signal s;
		if (eUnit != null) s = energyColumn(file, header, rows, eUnit, sep, headerLine, meta);
		else s = energyRow(file, header, rows, sep, headerLine, meta);
		meta.put("orientation", eUnit != null ? "energy in the first column" : "energy in the header row");
		Axis ea = s.lastAxis();
		meta.put("axes_used", (s.ndim() > 1 ? "positions: " + s.axis(0).name + " in " + (s.axis(0).isCalibrated() && !s
			.axis(0).units.isEmpty() ? s.axis(0).units : "px (uncalibrated)") + " (" + s.axis(0).size + "); " : "") +
			"energy loss in " + ea.units + " " + ea.value(0) + "-" + ea.value(ea.size - 1) + " (" + ea.size + " channels)");
		meta.put("separator", sep == '\t' ? "tab" : String.valueOf(sep));
		meta.put("decimal", decimalComma(sep, rows) ? "comma" : "point");
		List<Signal> sig = new ArrayList<>();
		sig.add(s);
		return new Dataset(file.toString(), format(), sig, meta);
	}

	/** Energies down the first column, one column per position. */
	private static Signal energyColumn(Path file, String[] header, List<String[]> rows, String eUnit, char sep,
		int headerLine, Map<String, Object> meta) throws InputFormatException
	{
		int ch = rows.size(), n = header.length - 1;
		double[] e = new double[ch], data = new double[n * ch];
		for (int k = 0; k < ch; k++) {
			String[] c = rows.get(k);
			e[k] = number(file, headerLine + 1 + k, c[0], sep);
			for (int i = 0; i < n; i++) data[i * ch + k] = number(file, headerLine + 1 + k, c[i + 1], sep);
		}
		checkIncreasing(file, e);
		Axis ea = energyAxis(header[0], e, eUnit);
		if (n == 1) return new Signal(file.getFileName().toString(), "float64", new int[] { ch }, List.of(ea), data);
		double[] x = new double[n];
		String unit = null;
		boolean calibrated = true;
		for (int i = 0; i < n; i++) {
			Matcher m = NUMBER_UNIT.matcher(header[i + 1].trim());
			if (m.matches() && m.group(2) != null) {
				String u = lengthUnit(m.group(2));
				if (unit == null) unit = u;
				else if (!unit.equals(u)) calibrated = false;
				x[i] = parse(m.group(1)) * toNm(m.group(2));
			}
			else calibrated = false;
		}
		Axis xa = calibrated ? axis("distance", x, "nm") : Axis.pixels("position", n);
		meta.put("distance_from", calibrated ? "column headers" : "column order (no length unit in the headers)");
		return new Signal(file.getFileName().toString(), "float64", new int[] { n, ch }, List.of(xa, ea), data);
	}

	/** Energies across the header row, one row per position. */
	private static Signal energyRow(Path file, String[] header, List<String[]> rows, char sep, int headerLine,
		Map<String, Object> meta) throws InputFormatException
	{
		int ch = header.length - 1, n = rows.size();
		double[] e = new double[ch];
		String eUnit = "eV";
		for (int k = 0; k < ch; k++) {
			String cell = header[k + 1].trim();
			Matcher m = Pattern.compile("(?i)^([-+]?\\d+(?:[.,]\\d*)?(?:e[-+]?\\d+)?)\\s*(k?ev)?$").matcher(cell);
			if (!m.matches()) throw new InputFormatException(file + ": line " + headerLine + ": header cell '" + cell +
				"' is not an energy");
			if (m.group(2) != null && m.group(2).equalsIgnoreCase("keV")) eUnit = "keV";
			e[k] = parse(m.group(1));
		}
		String corner = header[0];
		if (corner.toLowerCase(Locale.ROOT).contains("kev")) eUnit = "keV";
		if (!cornerNamesEnergy(corner) && !headerEnergiesHaveUnit(header)) meta.put("energy_unit",
			"eV (assumed: the header names no energy unit)");
		checkIncreasing(file, e);
		double[] data = new double[n * ch], x = new double[n];
		String lu = cornerLengthUnit(corner);
		for (int i = 0; i < n; i++) {
			String[] c = rows.get(i);
			x[i] = number(file, headerLine + 1 + i, c[0], sep) * (lu == null ? 1 : toNm(lu));
			for (int k = 0; k < ch; k++) data[i * ch + k] = number(file, headerLine + 1 + i, c[k + 1], sep);
		}
		Axis ea = energyAxis("Energy loss", e, eUnit);
		if (n == 1) return new Signal(file.getFileName().toString(), "float64", new int[] { ch }, List.of(ea), data);
		Axis xa = lu == null ? Axis.pixels("position", n) : axis("distance", x, "nm");
		meta.put("distance_from", lu == null ? "row order (no length unit in '" + corner + "')" : "first column");
		return new Signal(file.getFileName().toString(), "float64", new int[] { n, ch }, List.of(xa, ea), data);
	}

	// ------------------------------------------------------------------------------------------------- helpers

	/** ';' or tab when present in the header, else ',', else whitespace. */
	static char separator(String header) {
		if (header.indexOf(';') >= 0) return ';';
		if (header.indexOf('\t') >= 0) return '\t';
		if (header.indexOf(',') >= 0) return ',';
		return ' ';
	}

	static String[] split(String line, char sep) {
		String[] c = sep == ' ' ? line.trim().split("\\s+") : line.split(Pattern.quote(String.valueOf(sep)), -1);
		for (int i = 0; i < c.length; i++) c[i] = c[i].trim().replaceAll("^\"|\"$", "");
		return c;
	}

	/** "eV" or "keV" when the name is an energy with that unit (energy_eV, Energy (eV), Energy loss [eV], eV). */
	static String energyUnit(String name) {
		String t = name.trim();
		// a corner cell "distance (nm) \ energy (eV)" names both axes: energies run across the header
		if (t.indexOf('\\') >= 0 || t.indexOf('/') >= 0) return null;
		if (t.equalsIgnoreCase("eV") || t.equalsIgnoreCase("keV")) return EnergyUnits.normalise(t);
		Matcher m = UNIT.matcher(t);
		if (!m.matches()) return null;
		String u = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
		if (u == null) return null;
		return u.equalsIgnoreCase("eV") || u.equalsIgnoreCase("keV") ? EnergyUnits.normalise(u) : null;
	}

	private static boolean cornerNamesEnergy(String corner) {
		String c = corner.toLowerCase(Locale.ROOT);
		return c.contains("ev") || c.contains("energy");
	}

	private static boolean headerEnergiesHaveUnit(String[] cells) {
		int withEv = 0;
		for (int i = 1; i < cells.length; i++) if (cells[i].matches("(?i)^[-+]?\\d+(?:[.,]\\d*)?\\s*k?ev$")) withEv++;
		return withEv >= 2 && withEv >= cells.length - 2;
	}

	/** Header numbers between 50 and 3000, increasing in steps of at most 2 (an energy-loss axis in eV). */
	private static boolean eelsLike(String[] cells) {
		double prev = Double.NaN;
		for (int i = 1; i < cells.length; i++) {
			double v;
			try {
				v = parse(cells[i]);
			}
			catch (NumberFormatException e) {
				return false;
			}
			if (v < 50 || v > 3000) return false;
			if (!Double.isNaN(prev) && !(v > prev && v - prev <= 2)) return false;
			prev = v;
		}
		return true;
	}

	private static int numericCount(String[] cells, char sep) {
		int c = 0;
		for (int i = 1; i < cells.length; i++) if (cells[i].matches("^[-+]?\\d+(?:[.,]\\d*)?(?:[eE][-+]?\\d+)?$")) c++;
		return c;
	}

	/** The length unit named in a corner cell (distance (nm), x [µm], position_nm), or null. */
	static String cornerLengthUnit(String corner) {
		String c = corner.replaceAll("(?i)[\\\\/]?\\s*energy.*$", "").trim();
		Matcher m = UNIT.matcher(c);
		if (m.matches()) {
			String u = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
			if (u != null && isLength(u)) return u;
		}
		Matcher any = Pattern.compile("(?i)(?:^|[\\s_\\(\\[])(nm|µm|μm|um|Å|pm)(?:$|[\\s_\\)\\]\\\\/])").matcher(corner);
		return any.find() ? any.group(1) : null;
	}

	private static boolean isLength(String u) {
		return u.matches("(?i)nm|µm|μm|um|Å|pm|mm");
	}

	static String lengthUnit(String u) {
		return "nm";
	}

	static double toNm(String u) {
		double f = LengthUnits.nm(u);
		return Double.isNaN(f) ? 1 : f; // px: distances stay in pixels
	}

	private static Axis energyAxis(String name, double[] e, String unit) {
		String n = name.replaceAll("(?i)[\\s_]*[\\(\\[]?\\s*k?eV\\s*[\\)\\]]?\\s*$", "").trim();
		return axis(n.isEmpty() ? "Energy loss" : n, e, unit);
	}

	/** A uniform axis (offset, step) when the values are evenly spaced to 1e-6 of the step, else the values. */
	static Axis axis(String name, double[] v, String unit) {
		int n = v.length;
		if (n >= 2) {
			double step = (v[n - 1] - v[0]) / (n - 1);
			boolean uniform = step != 0;
			for (int i = 0; i < n && uniform; i++) if (Math.abs(v[i] - (v[0] + i * step)) > 1e-6 * Math.abs(step))
				uniform = false;
			if (uniform) return new Axis(name, n, step, v[0], unit);
		}
		return new Axis(name, v, unit);
	}

	private static void checkIncreasing(Path file, double[] e) throws InputFormatException {
		for (int i = 1; i < e.length; i++) if (!(e[i] > e[i - 1])) throw new InputFormatException(file +
			": energies must increase (" + e[i - 1] + " then " + e[i] + " at value " + (i + 1) + ")");
	}

	private static boolean decimalComma(char sep, List<String[]> rows) {
		if (sep == ',') return false;
		for (String c : rows.get(0)) if (c.matches("^[-+]?\\d+,\\d+$")) return true;
		return false;
	}

	private static double number(Path file, int line, String cell, char sep) throws InputFormatException {
		String c = cell.trim();
		if (sep != ',') c = c.replace(',', '.');
		try {
			return Double.parseDouble(c);
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": line " + line + ": '" + cell + "' is not a number");
		}
	}

	private static double parse(String s) {
		return Double.parseDouble(s.replace(',', '.'));
	}
}
