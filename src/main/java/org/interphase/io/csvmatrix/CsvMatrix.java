package org.interphase.io.csvmatrix;

import java.io.BufferedReader;
import java.io.BufferedWriter;
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
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * A small calibrated text format for EELS line scans, spectrum images and single spectra, so that synthetic and
 * exported data carry their spatial and energy calibration in a plain CSV that any spreadsheet opens:
 *
 * <pre>
 * # interphase-eels-matrix distance_unit=nm energy_unit=eV
 * distance\energy,455.0,455.1,...
 * 0.0,1234,1240,...
 * 0.5,1220,1251,...
 * </pre>
 *
 * The magic first line keeps the reader from taking generic CSV files. Each data row is one spectrum, its first
 * cell the distance along the scan. Optional keys on the magic line: {@code ny=NY nx=NX pixel_size=P} for a
 * spectrum image (rows in C order, y slowest; the first cell is then ignored), {@code name=...}. A distance unit
 * of {@code px} (or none) means the scan is spatially uncalibrated. One data row is read as a single spectrum.
 */
public final class CsvMatrix implements DatasetReader {
	public static final String MAGIC = "# interphase-eels-matrix";
	/** The most values one file may hold (memory guard). */
	static final long MAX_VALUES = 200_000_000L;

	@Override
	public String format() {
		return "interphase-eels-matrix";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		if (head.length < MAGIC.length()) return false;
		String h = new String(head, 0, Math.min(head.length, 200), StandardCharsets.ISO_8859_1);
		if (h.startsWith("\uFEFF")) h = h.substring(1);
		return h.startsWith(MAGIC);
	}

	@Override
	public Dataset read(Path file) throws IOException {
		long bytes = Files.size(file);
		Map<String, String> keys = new LinkedHashMap<>();
		double[] energy = null;
		List<double[]> rows = new ArrayList<>();
		List<Double> dist = new ArrayList<>();
		long values = 0;
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String magic = r.readLine();
			if (magic == null || !magic.replace("\uFEFF", "").startsWith(MAGIC)) throw new InputFormatException(file +
				": first line is not '" + MAGIC + " ...'");
			for (String tok : magic.replace("\uFEFF", "").substring(MAGIC.length()).trim().split("\\s+")) {
				int eq = tok.indexOf('=');
				if (eq > 0) keys.put(tok.substring(0, eq).toLowerCase(Locale.ROOT), tok.substring(eq + 1));
			}
			String line;
			int lineNo = 1;
			while ((line = r.readLine()) != null) {
				lineNo++;
				String t = line.trim();
				if (t.isEmpty() || t.startsWith("#")) continue;
				String[] parts = t.split(",");
				if (energy == null) {
					if (parts.length < 3) throw new InputFormatException(file + ": line " + lineNo +
						": the header needs a corner cell and at least two energies");
					energy = new double[parts.length - 1];
					for (int i = 1; i < parts.length; i++) energy[i - 1] = number(file, lineNo, parts[i]);
					for (int i = 1; i < energy.length; i++) if (!(energy[i] > energy[i - 1])) throw new InputFormatException(
						file + ": line " + lineNo + ": energies must increase (" + energy[i - 1] + " then " + energy[i] + ")");
					continue;
				}
				if (parts.length != energy.length + 1) throw new InputFormatException(file + ": line " + lineNo + " has " +
					(parts.length - 1) + " values, the header " + energy.length + " energies");
				values += energy.length;
				if (values > MAX_VALUES || values > bytes) throw new InputFormatException(file +
					": more values than the file can hold or than is sensible");
				dist.add(number(file, lineNo, parts[0]));
				double[] v = new double[energy.length];
				for (int i = 0; i < v.length; i++) v[i] = number(file, lineNo, parts[i + 1]);
				rows.add(v);
			}
		}
		if (energy == null || rows.isEmpty()) throw new InputFormatException(file + ": no spectra (header and at " +
			"least one data row are needed)");
		int n = rows.size(), ch = energy.length;
		double[] data = new double[n * ch];
		for (int i = 0; i < n; i++) System.arraycopy(rows.get(i), 0, data, i * ch, ch);
		String eUnit = keys.getOrDefault("energy_unit", "eV");
		Axis eAxis = axis("Energy loss", energy, eUnit);
		String dUnit = keys.getOrDefault("distance_unit", "px");
		List<Axis> axes = new ArrayList<>();
		int[] shape;
		if (keys.containsKey("ny") || keys.containsKey("nx")) {
			int ny = integer(file, keys, "ny"), nx = integer(file, keys, "nx");
			if ((long) ny * nx != n) throw new InputFormatException(file + ": ny*nx = " + (long) ny * nx + " but " + n +
				" spectra");
			double ps = keys.containsKey("pixel_size") ? number(file, 1, keys.get("pixel_size")) : 1;
			axes.add(new Axis("y", ny, ps, 0, dUnit));
			axes.add(new Axis("x", nx, ps, 0, dUnit));
			shape = new int[] { ny, nx, ch };
		}
		else if (n == 1) shape = new int[] { ch };
		else {
			double[] d = new double[n];
			for (int i = 0; i < n; i++) d[i] = dist.get(i);
			axes.add(axis("distance", d, dUnit));
			shape = new int[] { n, ch };
		}
		axes.add(eAxis);
		String name = keys.getOrDefault("name", file.getFileName().toString());
		Signal s = new Signal(name, "float64", shape, axes, data);
		Map<String, Object> meta = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : keys.entrySet()) meta.put(e.getKey(), e.getValue());
		if (shape.length > 1) {
			meta.put("pixel_size", axes.get(0).scale);
			meta.put("pixel_size_unit", dUnit);
		}
		List<Signal> sig = new ArrayList<>();
		sig.add(s);
		return new Dataset(file.toString(), format(), sig, meta);
	}

	/** Writes a spectrum (E), line scan (positions, E) or spectrum image (y, x, E) whose last axis is energy. */
	public static void write(Path file, Signal s) throws IOException {
		int nd = s.ndim();
		if (nd < 1 || nd > 3) throw new IllegalArgumentException("a CSV matrix holds 1 to 3 dimensions, not " + nd);
		Axis e = s.lastAxis();
		int ch = e.size, n = s.count(1);
		StringBuilder magic = new StringBuilder(MAGIC);
		String dUnit = nd >= 2 ? s.axis(0).units : "nm";
		magic.append(" distance_unit=").append(dUnit.isEmpty() ? "px" : dUnit.replace(' ', '_'));
		magic.append(" energy_unit=").append(e.units.isEmpty() ? "eV" : e.units.replace(' ', '_'));
		if (nd == 3) magic.append(" ny=").append(s.size(0)).append(" nx=").append(s.size(1)).append(" pixel_size=")
			.append(fmt(s.axis(1).scale));
		if (Files.exists(file) && Files.isDirectory(file)) throw new IOException(file + " is a folder");
		double[] ev = e.values();
		double[] data = s.data();
		try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write(magic.toString());
			w.write('\n');
			w.write("distance\\energy");
			for (double v : ev) {
				w.write(',');
				w.write(fmt(v));
			}
			w.write('\n');
			StringBuilder sb = new StringBuilder(ch * 8);
			for (int i = 0; i < n; i++) {
				sb.setLength(0);
				double d = nd == 2 ? s.axis(0).value(i) : nd == 3 ? (i % s.size(1)) * s.axis(1).scale : 0;
				sb.append(fmt(d));
				for (int k = 0; k < ch; k++) sb.append(',').append(fmt(data[i * ch + k]));
				sb.append('\n');
				w.write(sb.toString());
			}
		}
	}

	static String fmt(double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		String s = String.format(Locale.ROOT, "%.7g", v);
		if (s.contains("e") || s.contains("E")) return s;
		if (s.indexOf('.') >= 0) {
			int end = s.length();
			while (s.charAt(end - 1) == '0') end--;
			if (s.charAt(end - 1) == '.') end--;
			s = s.substring(0, end);
		}
		return s;
	}

	private static Axis axis(String name, double[] v, String unit) {
		int n = v.length;
		if (n == 1) return new Axis(name, 1, 1, v[0], unit);
		double step = (v[n - 1] - v[0]) / (n - 1);
		boolean uniform = step != 0;
		for (int i = 1; i < n && uniform; i++) if (Math.abs(v[i] - (v[0] + i * step)) > 1e-4 * Math.abs(step))
			uniform = false;
		return uniform ? new Axis(name, n, step, v[0], unit) : new Axis(name, v, unit);
	}

	private static double number(Path file, int line, String s) throws InputFormatException {
		try {
			double d = Double.parseDouble(s.trim());
			if (Double.isInfinite(d)) throw new NumberFormatException();
			return d;
		}
		catch (NumberFormatException e) {
			throw new InputFormatException(file + ": line " + line + ": '" + (s.length() > 30 ? s.substring(0, 30) +
				"..." : s) + "' is not a number");
		}
	}

	private static int integer(Path file, Map<String, String> keys, String k) throws InputFormatException {
		String v = keys.get(k);
		try {
			int i = Integer.parseInt(v);
			if (i < 1) throw new NumberFormatException();
			return i;
		}
		catch (NumberFormatException | NullPointerException e) {
			throw new InputFormatException(file + ": '" + k + "=" + v + "' must be a positive whole number");
		}
	}
}
