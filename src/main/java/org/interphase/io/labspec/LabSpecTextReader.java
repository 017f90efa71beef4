package org.interphase.io.labspec;

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
 * Horiba LabSpec text exports (tab separated):
 * <ul>
 * <li>maps: a first row of Raman shifts after two empty fields, then one row per pixel
 * {@code X<TAB>Y<TAB>intensities...}; read as a (y, x, shift) signal with spatial axes in µm. Missing pixels of
 * the grid are NaN and counted in metadata {@code missing_pixels}.</li>
 * <li>series (line scans over time, depth ...): the same with one empty field and one coordinate per row; read as
 * (n, shift).</li>
 * <li>single spectra: {@code #Key=<TAB>value} header lines ({@code #Acq. time (s)=}, {@code #Laser (nm)=} ...)
 * then two columns shift / intensity.</li>
 * </ul>
 * Generic CSV is not taken: the reader insists on tabs and on the LabSpec layout (leading empty fields, or
 * {@code #...=} header lines). A decreasing shift axis is reversed. Sizes are checked before allocation.
 */
public final class LabSpecTextReader implements DatasetReader {
	/** Largest number of values accepted (about 1.6 GB as doubles). */
	static final long MAX_VALUES = 200_000_000L;

	@Override
	public String format() {
		return "LabSpec text";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		if (!TextHead.isText(file, head, ".txt", ".tsv")) return false;
		String text = new String(head, StandardCharsets.ISO_8859_1);
		String[] lines = text.split("\r?\n");
		int last = text.endsWith("\n") ? lines.length : lines.length - 1; // the last line may be cut
		boolean header = false;
		int dataLines = 0;
		for (int li = 0; li < lines.length; li++) {
			String l = lines[li];
			boolean partial = li >= last; // cut by the end of the head
			if (partial && !(dataLines == 0 && l.startsWith("\t"))) break;
			if (partial) {
				// a shift row longer than the head: judge the complete fields
				int cut = l.lastIndexOf('\t');
				l = cut > 0 ? l.substring(0, cut) : l;
			}
			if (l.trim().isEmpty()) continue;
			if (l.startsWith("#")) {
				if (l.indexOf('=') > 0) header = true;
				continue;
			}
			if (dataLines == 0 && l.startsWith("\t")) {
				// map or series: leading empty fields then numbers
				String[] f = l.split("\t", -1);
				int lead = leadingEmpty(f);
				if (lead < 1 || lead > 2 || f.length - lead < 3) return false;
				for (int i = lead; i < f.length; i++) if (!f[i].trim().isEmpty() && !numeric(f[i])) return false;
				// the shift row alone identifies the layout; row lengths are checked (with a clear message) on reading
				return true;
			}
			String[] f = l.trim().split("\t");
			if (f.length != 2 || !numeric(f[0]) || !numeric(f[1])) return false;
			dataLines++;
			if (dataLines >= 2) return header;
		}
		return header && dataLines > 0;
	}

	@Override
	public Dataset read(Path file) throws IOException {
		long size = Files.size(file);
		if (size > 4L * Integer.MAX_VALUE) throw new InputFormatException(file + ": too large for a LabSpec text file");
		Map<String, Object> md = new LinkedHashMap<>();
		String firstData = null;
		List<String> rest = new ArrayList<>();
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			String line;
			while ((line = r.readLine()) != null) {
				if (line.trim().isEmpty()) continue;
				if (firstData == null && line.startsWith("#")) {
					header(line, md);
					continue;
				}
				if (firstData == null) {
					firstData = line;
					if (!line.startsWith("\t")) rest.add(line);
					continue;
				}
				rest.add(line);
			}
		}
		if (firstData == null) throw new InputFormatException(file + ": no data lines");
		if (firstData.startsWith("\t")) return readMatrix(file, firstData, rest, md);
		return readSpectrum(file, rest, md);
	}

	private Dataset readSpectrum(Path file, List<String> lines, Map<String, Object> md) throws IOException {
		int n = lines.size();
		if (n < 3) throw new InputFormatException(file + ": a LabSpec spectrum needs at least 3 data lines, found " + n);
		double[] x = new double[n], y = new double[n];
		for (int i = 0; i < n; i++) {
			String[] f = lines.get(i).trim().split("\t");
			if (f.length != 2) throw new InputFormatException(file + ": data line " + (i + 1) + " has " + f.length +
				" fields, expected 2 (shift, intensity)");
			x[i] = parse(file, f[0], i);
			y[i] = parse(file, f[1], i);
		}
		orderAscending(x, new double[][] { y });
		Signal s = Signal.spectrum(file.getFileName().toString(), axis(x), y);
		return new Dataset(file.toString(), format(), List.of(s), md);
	}

	private Dataset readMatrix(Path file, String first, List<String> rows, Map<String, Object> md)
		throws IOException
	{
		String[] f = first.split("\t", -1);
		int lead = leadingEmpty(f);
		if (lead < 1 || lead > 2) throw new InputFormatException(file + ": first row has " + lead +
			" leading empty fields; LabSpec maps have 2, series 1");
		List<Double> shifts = new ArrayList<>();
		for (int i = lead; i < f.length; i++) if (!f[i].trim().isEmpty()) shifts.add(parse(file, f[i], 0));
		int n = shifts.size();
		if (n < 3) throw new InputFormatException(file + ": only " + n + " Raman shifts in the first row");
		int rowsN = rows.size();
		if (rowsN == 0) throw new InputFormatException(file + ": no spectra after the shift row");
		if ((long) rowsN * n > MAX_VALUES) throw new InputFormatException(file + ": " + rowsN + " x " + n +
			" values is more than this reader accepts");
		double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = shifts.get(i);
		double[][] coord = new double[lead][rowsN];
		double[] values = new double[rowsN * n];
		for (int r = 0; r < rowsN; r++) {
			String[] g = rows.get(r).split("\t", -1);
			int cnt = 0;
			for (String s : g) if (!s.trim().isEmpty()) cnt++;
			if (cnt != n + lead) throw new InputFormatException(file + ": line " + (r + 2) + " has " + cnt +
				" values, expected " + (n + lead) + " (" + lead + " coordinate(s) and " + n + " intensities)");
			int k = 0;
			for (String s : g) {
				if (s.trim().isEmpty()) continue;
				double v = parse(file, s, r + 1);
				if (k < lead) coord[k][r] = v;
				else values[r * n + k - lead] = v;
				k++;
			}
		}
		boolean reversed = x[n - 1] < x[0];
		if (reversed) {
			reverse(x, 0, n);
			for (int r = 0; r < rowsN; r++) reverse(values, r * n, n);
		}
		Axis shiftAxis = axis(x);
		if (lead == 1) {
			List<Axis> axes = new ArrayList<>();
			axes.add(uniformOrNot("position", coord[0], ""));
			axes.add(shiftAxis);
			Signal s = new Signal(file.getFileName().toString(), "float64", new int[] { rowsN, n }, axes, values);
			return new Dataset(file.toString(), format(), List.of(s), md);
		}
		double[] xs = distinct(coord[0]), ys = distinct(coord[1]);
		int nx = xs.length, ny = ys.length;
		long pixels = (long) nx * ny;
		if (pixels > 4L * rowsN || pixels * n > MAX_VALUES) throw new InputFormatException(file + ": the X/Y values of " +
			rowsN + " spectra span a " + nx + " x " + ny + " grid; not a regular LabSpec map");
		double[] data = new double[(int) (pixels * n)];
		Arrays.fill(data, Double.NaN);
		boolean[] filled = new boolean[(int) pixels];
		for (int r = 0; r < rowsN; r++) {
			int i = Arrays.binarySearch(xs, coord[0][r]), j = Arrays.binarySearch(ys, coord[1][r]);
			int p = j * nx + i;
			if (filled[p]) throw new InputFormatException(file + ": two spectra at X=" + coord[0][r] + ", Y=" +
				coord[1][r]);
			filled[p] = true;
			System.arraycopy(values, r * n, data, p * n, n);
		}
		int missing = (int) (pixels - rowsN);
		if (missing > 0) md.put("missing_pixels", missing);
		List<Axis> axes = new ArrayList<>();
		axes.add(uniformOrNot("y", ys, "µm"));
		axes.add(uniformOrNot("x", xs, "µm"));
		axes.add(shiftAxis);
		if (nx > 1) md.putIfAbsent(MetadataKeys.PIXEL_SIZE, Math.abs(xs[1] - xs[0]));
		md.putIfAbsent(MetadataKeys.PIXEL_SIZE_UNIT, "µm");
		Signal s = new Signal(file.getFileName().toString(), "float64", new int[] { ny, nx, n }, axes, data);
		return new Dataset(file.toString(), format(), List.of(s), md);
	}

	private static Axis axis(double[] x) {
		return uniformOrNot("Raman shift", x, "cm-1");
	}

	static Axis uniformOrNot(String name, double[] v, String units) {
		int n = v.length;
		if (n == 1) return new Axis(name, 1, 1, v[0], units);
		double step = (v[n - 1] - v[0]) / (n - 1);
		boolean uniform = step != 0;
		for (int i = 1; i < n && uniform; i++) if (Math.abs(v[i] - (v[0] + i * step)) > 1e-6 * Math.max(1, Math.abs(
			step))) uniform = false;
		return uniform ? new Axis(name, n, step, v[0], units) : new Axis(name, v, units);
	}

	/** Sorted distinct values, merging values closer than 1e-6 of the range. */
	private static double[] distinct(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		double tol = 1e-6 * Math.max(1e-12, s[s.length - 1] - s[0]);
		int m = 0;
		for (int i = 0; i < s.length; i++) if (m == 0 || s[i] - s[m - 1] > tol) s[m++] = s[i];
		double[] out = Arrays.copyOf(s, m);
		// snap the coordinates onto the distinct values so binary search finds them
		for (int i = 0; i < v.length; i++) {
			int k = Arrays.binarySearch(out, v[i]);
			if (k < 0) {
				int ins = -k - 1;
				int best = ins >= m ? m - 1 : ins;
				if (ins > 0 && (ins >= m || Math.abs(out[ins - 1] - v[i]) < Math.abs(out[ins] - v[i]))) best = ins - 1;
				v[i] = out[best];
			}
		}
		return out;
	}

	private static void orderAscending(double[] x, double[][] ys) {
		if (x[x.length - 1] >= x[0]) return;
		reverse(x, 0, x.length);
		for (double[] y : ys) reverse(y, 0, y.length);
	}

	private static void reverse(double[] a, int off, int len) {
		for (int i = 0, j = len - 1; i < j; i++, j--) {
			double t = a[off + i];
			a[off + i] = a[off + j];
			a[off + j] = t;
		}
	}

	private static void header(String line, Map<String, Object> md) {
		String t = line.substring(1);
		int eq = t.indexOf('=');
		if (eq <= 0) return;
		String key = t.substring(0, eq).trim();
		String value = t.substring(eq + 1).trim();
		md.put(key, value);
		String k = key.toLowerCase(Locale.ROOT);
		Double num = null;
		try {
			num = Double.parseDouble(value.split("[\\t ]")[0].replace(',', '.'));
		}
		catch (NumberFormatException e) {
			// not a number
		}
		if (num != null && (k.startsWith("laser") || k.startsWith("excitation"))) md.put(
			MetadataKeys.LASER_WAVELENGTH_NM, num);
		else if (num != null && k.startsWith("acq. time")) md.put(MetadataKeys.EXPOSURE_S, num);
		else if (k.equals("instrument")) md.put(MetadataKeys.INSTRUMENT, value);
	}

	private static int leadingEmpty(String[] f) {
		int k = 0;
		while (k < f.length && f[k].trim().isEmpty()) k++;
		return k;
	}

	private static boolean numeric(String s) {
		try {
			Double.parseDouble(decimalPoint(s));
			return true;
		}
		catch (NumberFormatException e) {
			return false;
		}
	}

	/** Fields are tab-separated, so a comma is a decimal comma (LabSpec in a European locale writes "1370,5"). */
	private static String decimalPoint(String s) {
		return s.trim().replace(',', '.');
	}

	private static double parse(Path file, String s, int line) throws InputFormatException {
		try {
			return Double.parseDouble(decimalPoint(s));
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": data line " + (line + 1) + ": '" + (s.length() > 30 ? s.substring(0,
				30) + "..." : s) + "' is not a number");
		}
	}
}
