package org.interphase.io.text;

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

import org.interphase.io.TextHead;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * Column text with <b>decimal commas</b> ({@code 1370,5;1234,0} or {@code 1370,5<TAB>1234,0}), as spectrometer
 * software in European locales writes it. The generic text reader splits on commas too and would read such a file
 * as twice the columns; this reader takes a file only when its data lines are separated by {@code ;} or tabs and
 * hold numbers with a comma between digits (and none with a decimal point).
 * <p>
 * Lines before the data that are not numbers are a header (the last one names the axis, e.g. {@code Raman Shift
 * (cm-1);Intensity}; {@code key;value} lines become metadata). The first column is the axis, each further one a
 * spectrum. Rows whose axis cell or a value cell is empty are skipped and counted ({@code rows_skipped_empty}).
 * Errors name the line, the cause and the fix.
 */
public final class DecimalCommaTextReader implements DatasetReader {
	private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(,\\d+)?([eE][-+]?\\d+)?");
	private static final Pattern COMMA_DECIMAL = Pattern.compile("\\d,\\d");
	private static final long MAX_VALUES = 50_000_000L;

	@Override
	public String format() {
		return "text (decimal comma)";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		if (!TextHead.isText(file, head, ".txt", ".csv", ".dat", ".tsv")) return false;
		String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r?\n");
		int data = 0, withComma = 0;
		for (int i = 0; i < lines.length - 1; i++) { // the last line may be cut
			String t = lines[i].trim();
			if (t.isEmpty() || t.startsWith("#")) continue;
			char sep = t.indexOf(';') >= 0 ? ';' : t.indexOf('\t') >= 0 ? '\t' : 0;
			if (sep == 0) continue;
			String[] f = t.split(sep == ';' ? ";" : "\t", -1);
			boolean numeric = true;
			int values = 0;
			for (String c : f) {
				String v = c.trim();
				if (v.isEmpty()) continue;
				if (!NUMBER.matcher(v).matches()) {
					numeric = false;
					break;
				}
				values++;
			}
			if (!numeric || values < 2) continue;
			data++;
			if (COMMA_DECIMAL.matcher(t).find()) withComma++;
		}
		return data >= 2 && withComma >= 1;
	}

	@Override
	public Dataset read(Path file) throws IOException {
		Map<String, Object> md = new LinkedHashMap<>();
		String header = null, sepRegex = null;
		int columns = -1, lineNo = 0, skipped = 0, firstData = 0;
		List<double[]> rows = new ArrayList<>();
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			String line;
			while ((line = r.readLine()) != null) {
				lineNo++;
				String t = line.trim();
				if (t.isEmpty() || t.startsWith("#")) continue;
				if (sepRegex == null) {
					char sep = t.indexOf(';') >= 0 ? ';' : t.indexOf('\t') >= 0 ? '\t' : 0;
					String[] f = sep == 0 ? new String[] { t } : t.split(sep == ';' ? ";" : "\t", -1);
					if (!allNumbers(f)) {
						// header: key;value pairs are metadata, the last header line names the columns
						if (f.length == 2 && !f[0].trim().isEmpty()) md.put(f[0].trim(), f[1].trim());
						header = t;
						continue;
					}
					sepRegex = sep == ';' ? ";" : "\t";
					firstData = lineNo;
				}
				String[] f = t.split(sepRegex, -1);
				if (columns < 0) columns = trimTrailing(f).length;
				if (f.length > columns) {
					// trailing separators ("1370,5;1234,0;") are not columns
					String[] g = trimTrailing(f);
					f = g.length <= columns ? java.util.Arrays.copyOf(f, columns) : g;
				}
				if (f.length != columns) throw new InputFormatException(String.format(Locale.ROOT,
					"%s: line %d has %d fields, the first data line (%d) %d; every row needs the same columns (a cut or " +
						"hand-edited line?): fix or remove line %d", file, lineNo, f.length, firstData, columns, lineNo));
				double[] v = new double[columns];
				boolean empty = false;
				for (int i = 0; i < columns; i++) {
					String c = f[i].trim();
					if (c.isEmpty()) {
						empty = true;
						break;
					}
					try {
						v[i] = Double.parseDouble(c.replace(',', '.'));
					}
					catch (NumberFormatException e) {
						throw new InputFormatException(file + ": line " + lineNo + ", column " + (i + 1) + ": '" + (c.length() > 30
							? c.substring(0, 30) + "..." : c) + "' is not a number; a data block must hold numbers only " +
							"(move notes into the header above the data)");
					}
				}
				if (empty) {
					skipped++;
					continue;
				}
				rows.add(v);
				if ((long) rows.size() * columns > MAX_VALUES) throw new InputFormatException(file +
					": more values than a text spectrum may hold");
			}
		}
		if (rows.size() < 3 || columns < 2) throw new InputFormatException(file + ": needs at least 3 rows of at least 2 " +
			"numbers (axis, intensity); found " + rows.size() + " rows" + (skipped > 0 ? " (" + skipped +
				" with empty cells skipped)" : ""));
		int n = rows.size(), spectra = columns - 1;
		double[] x = new double[n], data = new double[n * spectra];
		boolean desc = rows.get(n - 1)[0] < rows.get(0)[0];
		for (int i = 0; i < n; i++) {
			double[] row = rows.get(desc ? n - 1 - i : i);
			x[i] = row[0];
			for (int s = 0; s < spectra; s++) data[s * n + i] = row[s + 1];
		}
		String axisName = "x", units = "";
		if (header != null) {
			String first = header.split("[;\\t]")[0].trim();
			axisName = first.replaceAll("\\s*[\\(\\[].*", "");
			Matcher m = Pattern.compile("[\\(\\[]([^\\)\\]]+)[\\)\\]]").matcher(first);
			if (m.find()) units = m.group(1).trim();
		}
		if (skipped > 0) md.put("rows_skipped_empty", skipped);
		List<Axis> axes = new ArrayList<>();
		int[] shape;
		if (spectra > 1) {
			axes.add(new Axis("spectrum", spectra, 1, 0, ""));
			shape = new int[] { spectra, n };
		}
		else shape = new int[] { n };
		axes.add(new Axis(axisName.isEmpty() ? "x" : axisName, x, units));
		Signal s = new Signal(file.getFileName().toString(), "float64", shape, axes, data);
		return new Dataset(file.toString(), format(), List.of(s), md);
	}

	private static boolean allNumbers(String[] f) {
		int k = 0;
		for (String c : f) {
			String v = c.trim();
			if (v.isEmpty()) continue;
			if (!NUMBER.matcher(v).matches()) return false;
			k++;
		}
		return k >= 2;
	}

	private static String[] trimTrailing(String[] f) {
		int n = f.length;
		while (n > 1 && f[n - 1].trim().isEmpty()) n--;
		return n == f.length ? f : java.util.Arrays.copyOf(f, n);
	}
}
