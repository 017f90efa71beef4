package org.interphase.io.specs;

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
 * SpecsLab Prodigy {@code .xy} text exports: '#' comment headers per region ("# Region:", "# Excitation Energy:",
 * "# Dwell Time:" ...), then blocks of "energy intensity [extra channels]" rows, one block per cycle/curve/scan.
 * One signal per region, named "species transition" ("Fe 2p") when the region is a core level. The export's
 * "Energy Axis" setting says whether the first column is binding or kinetic energy; kinetic energies are
 * converted (BE = excitation energy − KE). "Count Rate" says counts or counts/s: {@code counts_unit} reports it,
 * nothing is converted. Several scans of one region (exported with "Separate Scan Data") are averaged when the
 * intensities are count rates and summed when they are counts; {@code scans} says how many. Axis in file order,
 * uniform when the steps are.
 */
public final class SpecsXyReader implements DatasetReader {
	static final long MAX_BYTES = 512L << 20;
	private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

	@Override
	public String format() {
		return "SPECS XY";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String s = new String(head, StandardCharsets.ISO_8859_1);
		return s.startsWith("# Created by:") && s.contains("SpecsLab") || s.contains("XY-Serializer");
	}

	private static final class Region {
		final Map<String, String> header = new LinkedHashMap<>();
		final List<List<double[]>> chunks = new ArrayList<>();
	}

	@Override
	public Dataset read(Path file) throws IOException {
		if (Files.size(file) > MAX_BYTES) throw new InputFormatException(file + ": too large for a SPECS .xy export");
		byte[] bytes = Files.readAllBytes(file);
		for (int i = 0; i < Math.min(bytes.length, 4096); i++) if (bytes[i] == 0) throw new InputFormatException(file +
			": SPECS XY: binary content (NUL at offset " + i + ")");
		String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r\n|\r|\n");
		Map<String, String> settings = new LinkedHashMap<>();
		List<Region> regions = new ArrayList<>();
		Region current = null;
		List<double[]> chunk = null;
		for (int ln = 0; ln < lines.length; ln++) {
			String line = lines[ln].trim();
			if (line.isEmpty()) {
				chunk = null;
				continue;
			}
			if (line.startsWith("#")) {
				chunk = null;
				String body = line.substring(1).trim();
				int colon = body.indexOf(':');
				if (colon <= 0) continue;
				String key = body.substring(0, colon).trim(), value = body.substring(colon + 1).trim();
				if (key.equals("Region")) {
					current = new Region();
					regions.add(current);
				}
				if (current == null) settings.put(key, value);
				else current.header.putIfAbsent(key, value);
				continue;
			}
			if (current == null) throw new InputFormatException(file + ": SPECS XY line " + (ln + 1) +
				": data before any '# Region:' header");
			String[] parts = WHITESPACE.split(line);
			double[] v = new double[parts.length];
			for (int i = 0; i < parts.length; i++) {
				try {
					v[i] = Double.parseDouble(parts[i]);
				}
				catch (NumberFormatException e) {
					throw new InputFormatException(file + ": SPECS XY line " + (ln + 1) + " is not numeric: '" + (line
						.length() > 60 ? line.substring(0, 60) : line) + "'");
				}
			}
			if (v.length < 2) throw new InputFormatException(file + ": SPECS XY line " + (ln + 1) +
				" has fewer than two columns");
			if (chunk == null) {
				chunk = new ArrayList<>();
				current.chunks.add(chunk);
			}
			chunk.add(v);
		}
		if (regions.isEmpty()) throw new InputFormatException(file + ": SPECS XY: no '# Region:' found");
		boolean kineticAxis = settings.getOrDefault("Energy Axis", "Binding Energy").toLowerCase(Locale.ROOT).contains(
			"kinetic");
		boolean rate = settings.getOrDefault("Count Rate", "").toLowerCase(Locale.ROOT).contains("per second");
		List<Signal> signals = new ArrayList<>();
		Map<String, Object> fileMeta = new LinkedHashMap<>(settings);
		for (Region r : regions) {
			if (r.chunks.isEmpty()) continue;
			List<double[]> first = r.chunks.get(0);
			int n = first.size(), cols = first.get(0).length;
			double perCurve = number(r.header.get("Values/Curve"));
			for (List<double[]> c : r.chunks) if (!Double.isNaN(perCurve) && c.size() != (long) perCurve)
				throw new InputFormatException(file + ": SPECS XY: region '" + r.header.get("Region") + "' says " +
					(long) perCurve + " values per curve but a data block has " + c.size() + " rows (truncated?)");
			for (List<double[]> c : r.chunks) for (double[] row : c) if (row.length != cols) throw new InputFormatException(
				file + ": SPECS XY: region '" + r.header.get("Region") + "' has rows of " + row.length + " and " + cols +
				" columns");
			double[] x = new double[n];
			double[] y = new double[n];
			int used = 0;
			for (List<double[]> c : r.chunks) {
				if (c.size() != n || c.get(0).length != cols) continue;
				for (int i = 0; i < n; i++) {
					if (used == 0) x[i] = c.get(i)[0];
					y[i] += c.get(i)[1];
				}
				used++;
			}
			if (rate && used > 1) for (int i = 0; i < n; i++) y[i] /= used;
			Map<String, Object> m = new LinkedHashMap<>();
			for (Map.Entry<String, String> e : r.header.entrySet()) m.put(e.getKey(), e.getValue());
			double hv = number(r.header.get("Excitation Energy"));
			if (!Double.isNaN(hv)) m.put(MetadataKeys.EXCITATION_ENERGY_EV, hv);
			String[] names = XpsNames.split(r.header.getOrDefault("Region", "region"));
			m.put("block_name", names[2]);
			m.put("species", names[0]);
			m.put("transition", names[1]);
			String columnLabels = r.header.getOrDefault("ColumnLabels", "");
			boolean colRate = columnLabels.contains("counts/s") || rate;
			m.put("counts_unit", colRate ? "counts/s" : "counts");
			double dwell = number(r.header.get("Dwell Time"));
			if (!Double.isNaN(dwell)) m.put("dwell_time_s", dwell);
			double scans = number(r.header.get("Number of Scans"));
			m.put("scans", Double.isNaN(scans) ? (double) used : scans);
			m.put("exported_scan_blocks", used);
			double wf = number(r.header.get("Eff. Workfunction"));
			if (!Double.isNaN(wf)) m.put("analyser_work_function_eV", wf);
			double pe = number(r.header.get("Pass Energy"));
			if (!Double.isNaN(pe)) m.put("pass_energy_eV", pe);
			String date = isoDate(r.header.get("Acquisition Date"));
			if (date != null) m.put(MetadataKeys.ACQUISITION_DATE, date);
			Axis axis;
			if (kineticAxis) {
				if (Double.isNaN(hv)) {
					axis = uniformOrNot("Kinetic Energy", x, "eV");
					m.put("axis_note", "kinetic energy: no excitation energy in the file to convert");
				}
				else {
					double[] be = new double[n];
					for (int i = 0; i < n; i++) be[i] = hv - x[i];
					axis = uniformOrNot("Binding Energy", be, "eV");
					m.put("axis_note", "binding energy = excitation energy - kinetic energy");
				}
			}
			else axis = uniformOrNot("Binding Energy", x, "eV");
			List<Axis> axes = new ArrayList<>();
			axes.add(axis);
			signals.add(new Signal(names[2], "float64", new int[] { n }, axes, y, null, m));
			for (int c = 2; c < cols; c++) {
				double[] extra = new double[n];
				for (int i = 0; i < n; i++) extra[i] = first.get(i)[c];
				Map<String, Object> me = new LinkedHashMap<>(m);
				me.remove("counts_unit");
				me.put("variable", "column " + (c + 1));
				signals.add(new Signal(names[2] + " column " + (c + 1), "float64", new int[] { n }, axes, extra, null, me));
			}
			if (!fileMeta.containsKey(MetadataKeys.EXCITATION_ENERGY_EV) && !Double.isNaN(hv)) fileMeta.put(
				MetadataKeys.EXCITATION_ENERGY_EV, hv);
			if (!fileMeta.containsKey(MetadataKeys.ACQUISITION_DATE) && date != null) fileMeta.put(
				MetadataKeys.ACQUISITION_DATE, date);
		}
		if (signals.isEmpty()) throw new InputFormatException(file + ": SPECS XY: regions without data");
		return new Dataset(file.toString(), format(), signals, fileMeta);
	}

	/** "08/24/23 14:19:47 UTC" (mm/dd/yy as Prodigy writes it) → ISO 8601. */
	static String isoDate(String s) {
		if (s == null) return null;
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2,4})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})")
			.matcher(s);
		if (!m.find()) return null;
		int year = Integer.parseInt(m.group(3));
		if (year < 100) year += 2000;
		return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%s:%s", year, Integer.parseInt(m.group(1)), Integer
			.parseInt(m.group(2)), Integer.parseInt(m.group(4)), m.group(5), m.group(6));
	}

	static double number(String s) {
		if (s == null) return Double.NaN;
		try {
			return Double.parseDouble(s.trim());
		}
		catch (NumberFormatException e) {
			return Double.NaN;
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
}
