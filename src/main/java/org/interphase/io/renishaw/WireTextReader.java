package org.interphase.io.renishaw;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Renishaw WiRE text exports ("Save as ... .txt"): a header line of {@code #}-names separated by tabs
 * ({@code #Wave  #Intensity}, or {@code #X  #Y  #Wave  #Intensity} for maps, {@code #X} / {@code #Z} / {@code #Time}
 * for line, depth and time series), then one row per channel and spectrum, coordinates first. WiRE writes the
 * shift descending; any order is accepted and stored ascending. Decimal commas are read when the fields are
 * tab-separated.
 * <p>
 * Maps become {@code (y, x, shift)} with the distinct X and Y values as µm axes (holes are NaN, counted in
 * {@code missing_pixels}); one varying coordinate gives {@code (n, shift)}; none a spectrum. Every spectrum must
 * have the same channels as the first: a row that breaks the pattern is reported with its line number.
 */
public final class WireTextReader implements DatasetReader {
	private static final long MAX_VALUES = 200_000_000L;

	@Override
	public String format() {
		return "wire-text";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		if (!TextHead.isText(file, head, ".txt", ".tsv")) return false;
		String t = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
		int e = t.indexOf('\n');
		String first = (e < 0 ? t : t.substring(0, e)).trim();
		String[] names = first.split("\\s+");
		return names.length >= 2 && names[names.length - 2].equalsIgnoreCase("#Wave") && names[names.length - 1]
			.equalsIgnoreCase("#Intensity");
	}

	@Override
	public Dataset read(Path file) throws IOException {
		String[] names = null;
		int lineNo = 0;
		List<double[]> rows = new ArrayList<>();
		List<Integer> lineOf = new ArrayList<>();
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			String line;
			while ((line = r.readLine()) != null) {
				lineNo++;
				String t = line.trim();
				if (t.isEmpty()) continue;
				if (names == null) {
					names = t.split("\\s+");
					continue;
				}
				String[] f = t.split("[\\t ]+");
				if (f.length != names.length) throw new InputFormatException(String.format(Locale.ROOT,
					"%s: line %d has %d fields but the header names %d (%s); a WiRE export has one value per header " +
						"column: re-export the file or remove the broken line", file, lineNo, f.length, names.length, String.join(
							" ", names)));
				double[] v = new double[f.length];
				for (int i = 0; i < f.length; i++) v[i] = number(file, f[i], lineNo, names[i]);
				rows.add(v);
				lineOf.add(lineNo);
				if ((long) rows.size() * names.length > MAX_VALUES) throw new InputFormatException(file +
					": more values than this reader accepts");
			}
		}
		if (names == null || rows.size() < 3) throw new InputFormatException(file + ": a WiRE text export needs a " +
			"'#Wave #Intensity' header and at least 3 rows");
		int nc = names.length - 2; // coordinate columns
		// channels per spectrum: the run of rows with the first row's coordinates
		int n = 0;
		while (n < rows.size() && sameCoords(rows.get(n), rows.get(0), nc)) n++;
		if (rows.size() % n != 0) throw new InputFormatException(file + ": " + rows.size() + " rows are not a whole " +
			"number of spectra of " + n + " channels (the first spectrum's length); line " + lineOf.get(rows.size() / n *
				n) + " starts an incomplete spectrum");
		int spectra = rows.size() / n;
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = rows.get(i)[nc];
		boolean descending = x[n - 1] < x[0];
		double[] data = new double[spectra * n];
		double[][] coords = new double[nc][spectra];
		for (int s = 0; s < spectra; s++) {
			double[] r0 = rows.get(s * n);
			for (int c = 0; c < nc; c++) coords[c][s] = r0[c];
			for (int i = 0; i < n; i++) {
				double[] row = rows.get(s * n + i);
				if (!sameCoords(row, r0, nc) || Math.abs(row[nc] - x[i]) > 1e-6 * Math.max(1, Math.abs(x[i])))
					throw new InputFormatException(file + ": line " + lineOf.get(s * n + i) + " breaks the pattern of " +
						"spectra of " + n + " channels on the first spectrum's shifts (coordinates or shift differ); every " +
						"spectrum of a WiRE export must have the same channels");
				data[s * n + (descending ? n - 1 - i : i)] = row[nc + 1];
			}
		}
		if (descending) for (int i = 0, j = n - 1; i < j; i++, j--) {
			double t = x[i];
			x[i] = x[j];
			x[j] = t;
		}
		Map<String, Object> md = new LinkedHashMap<>();
		md.put(MetadataKeys.INSTRUMENT, "Renishaw (WiRE text export)");
		Axis shift = axis("Raman shift", x, "cm-1");
		List<Integer> varying = new ArrayList<>();
		for (int c = 0; c < nc; c++) if (distinct(coords[c].clone()).length > 1) varying.add(c);
		String fn = file.getFileName().toString();
		if (spectra == 1) return new Dataset(file.toString(), format(), List.of(Signal.spectrum(fn, shift, data)), md);
		if (varying.size() <= 1) {
			double[] pos = varying.isEmpty() ? index(spectra) : coords[varying.get(0)];
			String name = varying.isEmpty() ? "spectrum" : names[varying.get(0)].substring(1).toLowerCase(Locale.ROOT);
			Axis a = axis(name, pos, varying.isEmpty() ? "" : name.equals("time") ? "s" : "µm");
			return new Dataset(file.toString(), format(), List.of(new Signal(fn, "float64", new int[] { spectra, n }, List.of(
				a, shift), data)), md);
		}
		if (varying.size() > 2) throw new InputFormatException(file + ": " + varying.size() + " coordinates vary (" +
			String.join(" ", names) + "); only maps (X, Y) and series are read");
		double[] cx = coords[varying.get(0)], cy = coords[varying.get(1)];
		double[] xs = distinct(cx.clone()), ys = distinct(cy.clone());
		int nx = xs.length, ny = ys.length;
		if ((long) nx * ny > 4L * spectra || (long) nx * ny * n > MAX_VALUES) throw new InputFormatException(file +
			": the X/Y values of " + spectra + " spectra span a " + nx + " x " + ny + " grid; not a regular map");
		double[] grid = new double[nx * ny * n];
		Arrays.fill(grid, Double.NaN);
		boolean[] filled = new boolean[nx * ny];
		for (int s = 0; s < spectra; s++) {
			int i = nearest(xs, cx[s]), j = nearest(ys, cy[s]);
			int p = j * nx + i;
			if (filled[p]) throw new InputFormatException(file + ": two spectra at X=" + cx[s] + ", Y=" + cy[s] +
				" (line " + lineOf.get(s * n) + ")");
			filled[p] = true;
			System.arraycopy(data, s * n, grid, p * n, n);
		}
		if (nx * ny > spectra) md.put("missing_pixels", nx * ny - spectra);
		md.put(MetadataKeys.PIXEL_SIZE, nx > 1 ? Math.abs(xs[1] - xs[0]) : 1.0);
		md.put(MetadataKeys.PIXEL_SIZE_UNIT, "µm");
		return new Dataset(file.toString(), format(), List.of(new Signal(fn, "float64", new int[] { ny, nx, n }, List.of(
			axis("y", ys, "µm"), axis("x", xs, "µm"), shift), grid)), md);
	}

	private static boolean sameCoords(double[] a, double[] b, int nc) {
		for (int c = 0; c < nc; c++) if (a[c] != b[c]) return false;
		return true;
	}

	static double number(Path file, String s, int line, String column) throws InputFormatException {
		try {
			return Double.parseDouble(s.replace(',', '.'));
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": line " + line + ", column " + column + ": '" + (s.length() > 30 ? s
				.substring(0, 30) + "..." : s) + "' is not a number");
		}
	}

	private static double[] index(int n) {
		double[] v = new double[n];
		for (int i = 0; i < n; i++) v[i] = i;
		return v;
	}

	private static double[] distinct(double[] v) {
		Arrays.sort(v);
		double tol = 1e-6 * Math.max(1e-12, v[v.length - 1] - v[0]);
		int m = 0;
		for (int i = 0; i < v.length; i++) if (m == 0 || v[i] - v[m - 1] > tol) v[m++] = v[i];
		return Arrays.copyOf(v, m);
	}

	private static int nearest(double[] sorted, double v) {
		int k = Arrays.binarySearch(sorted, v);
		if (k >= 0) return k;
		int ins = -k - 1;
		if (ins >= sorted.length) return sorted.length - 1;
		if (ins > 0 && Math.abs(sorted[ins - 1] - v) < Math.abs(sorted[ins] - v)) return ins - 1;
		return ins;
	}

	private static Axis axis(String name, double[] v, String units) {
		int n = v.length;
		if (n == 1) return new Axis(name, 1, 1, v[0], units);
		double step = (v[n - 1] - v[0]) / (n - 1);
		boolean uniform = step != 0;
		for (int i = 1; i < n && uniform; i++) if (Math.abs(v[i] - (v[0] + i * step)) > 1e-6 * Math.max(1, Math.abs(
			step))) uniform = false;
		return uniform ? new Axis(name, n, step, v[0], units) : new Axis(name, v, units);
	}
}
