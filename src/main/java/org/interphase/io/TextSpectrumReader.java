package org.interphase.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;

/**
 * Plain text spectra: columns separated by commas, tabs, semicolons or spaces; the first numeric column is the
 * axis (energy, Raman shift ...), each further column one spectrum. Lines starting with '#' and a header line
 * are skipped; the header names the axis ("Binding Energy (eV)") when there is one. One spectrum gives a 1D
 * signal; several give a 2D signal (spectrum x point).
 */
final class TextSpectrumReader implements DatasetReader {
	@Override
	public String format() {
		return "text";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		return TextHead.isText(file, head, ".txt", ".csv", ".dat", ".tsv");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		List<double[]> rows = new ArrayList<>();
		String header = null;
		int columns = -1;
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			String line;
			int lineNo = 0;
			while ((line = r.readLine()) != null) {
				lineNo++;
				String t = line.trim();
				if (t.isEmpty() || t.startsWith("#") || t.startsWith("%")) continue;
				String[] parts = t.split("[,;\\t ]+");
				double[] v = new double[parts.length];
				boolean numeric = true;
				for (int i = 0; i < parts.length; i++) {
					try {
						v[i] = Double.parseDouble(parts[i]);
					}
					catch (NumberFormatException e) {
						numeric = false;
						break;
					}
				}
				if (!numeric) {
					if (rows.isEmpty()) {
						header = t;
						continue;
					}
					throw new InputFormatException(file + ": line " + lineNo + " is not numeric: '" + abbreviate(t) + "'");
				}
				if (columns < 0) columns = v.length;
				if (v.length != columns) throw new InputFormatException(file + ": line " + lineNo + " has " + v.length +
					" columns, the first data line " + columns);
				rows.add(v);
				if (rows.size() > 50_000_000 / Math.max(1, columns)) throw new InputFormatException(file +
					": too many values for a text spectrum");
			}
		}
		if (rows.size() < 2 || columns < 2) throw new InputFormatException(file +
			": not a text spectrum (needs at least two lines of at least two numeric columns)");
		int n = rows.size(), spectra = columns - 1;
		double[] x = new double[n];
		double[] data = new double[n * spectra];
		for (int i = 0; i < n; i++) {
			double[] row = rows.get(i);
			x[i] = row[0];
			for (int s = 0; s < spectra; s++) data[s * n + i] = row[s + 1];
		}
		String axisName = "x", units = "";
		if (header != null) {
			String first = header.split("[,;\\t]")[0].trim();
			axisName = first.replaceAll("\\s*[\\(\\[].*", "");
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("[\\(\\[]([^\\)\\]]+)[\\)\\]]").matcher(first);
			if (m.find()) units = m.group(1).trim();
		}
		Axis axis = uniformOrNot(axisName, x, units);
		List<Axis> axes = new ArrayList<>();
		int[] shape;
		if (spectra > 1) {
			axes.add(new Axis("spectrum", spectra, 1, 0, ""));
			shape = new int[] { spectra, n };
		}
		else shape = new int[] { n };
		axes.add(axis);
		Signal s = new Signal(file.getFileName().toString(), "float64", shape, axes, data);
		return Dataset.of(file.toString(), format(), s);
	}

	static Axis uniformOrNot(String name, double[] x, String units) {
		int n = x.length;
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
