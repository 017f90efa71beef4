package org.interphase.io.xrd;

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

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * 1D X-ray powder patterns as text: two columns (2-theta in deg, intensity) or three (plus the intensity's standard
 * deviation, {@code .xye}), separated by spaces, tabs, commas or semicolons. Lines starting with '#', '!', '%', ';'
 * or "//" and non-numeric header lines before the data are skipped; a header "wavelength = 1.5406" (also lambda,
 * Ka1, K-alpha1) or "anode: Cu" gives the wavelength. Takes every {@code .xy}/{@code .xye} file that the SPECS
 * reader did not claim, and {@code .txt}/{@code .csv}/{@code .dat} only when a header names 2-theta (so Raman and
 * XPS text stays with their readers). 2-theta must be monotonic (a decreasing scan is reversed) and in [0, 180).
 * Bounded: 256 MiB, 5 million points, |values| <= 1e15; errors name the file and the line.
 */
public final class XrdTextReader implements DatasetReader {
	static final long MAX_BYTES = 256L << 20;
	static final int MAX_POINTS = 5_000_000;
	static final double MAX_VALUE = 1e15;
	/** A header that names 2-theta. */
	static final Pattern TWO_THETA = Pattern.compile(
		"(?i)(2[\\s_\\-]*th(eta)?\\b|2[\\s_\\-]*\u03b8|two[\\s_\\-]*theta|\u00b02th|2theta)");
	private static final Pattern WAVELENGTH = Pattern.compile(
		"(?i)(wave\\s*length|lambda|\u03bb|k[\\s\\-_]*alpha[\\s\\-_]*1|ka1)[^0-9=:]*[=:]?\\s*([0-9]+\\.[0-9]+)");
	private static final Pattern ANODE = Pattern.compile("(?i)(anode|target|tube)[^A-Za-z]*[=:]?\\s*(Cu|Co|Mo|Fe|Cr|Ag)\\b");

	@Override
	public String format() {
		return "XRD text";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		for (byte b : head) if (b == 0) return false;
		if (n.endsWith(".xy") || n.endsWith(".xye")) return true;
		if (!(n.endsWith(".txt") || n.endsWith(".csv") || n.endsWith(".dat") || n.endsWith(".tsv"))) return false;
		String text = new String(head, StandardCharsets.UTF_8);
		for (String line : text.split("\r?\n")) {
			String t = line.trim();
			if (t.isEmpty()) continue;
			if (isNumericRow(t)) break;
			if (TWO_THETA.matcher(t).find()) return true;
		}
		return false;
	}

	private static boolean isNumericRow(String t) {
		String[] f = t.split("[,;\\t ]+");
		if (f.length < 2) return false;
		try {
			Double.parseDouble(f[0]);
			Double.parseDouble(f[1]);
			return true;
		}
		catch (NumberFormatException e) {
			return false;
		}
	}

	@Override
	public Dataset read(Path file) throws IOException {
		long size = Files.size(file);
		if (size > MAX_BYTES) throw new InputFormatException(file + ": " + size + " bytes is too large for an XRD text " +
			"pattern (limit " + (MAX_BYTES >> 20) + " MiB)");
		Map<String, Object> md = new LinkedHashMap<>();
		List<String> header = new ArrayList<>();
		double[] x = new double[1024], y = new double[1024], e = null;
		int n = 0, columns = -1, lineNo = 0, firstDataLine = -1;
		try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			String line;
			while ((line = r.readLine()) != null) {
				lineNo++;
				if (line.length() > 100_000) throw new InputFormatException(file + ": line " + lineNo + " is longer than " +
					"100000 characters: not an XRD text pattern");
				String t = line.trim();
				if (t.startsWith("\uFEFF")) t = t.substring(1).trim();
				if (t.isEmpty()) continue;
				char c0 = t.charAt(0);
				if (c0 == '#' || c0 == '!' || c0 == '%' || c0 == ';' || t.startsWith("//")) {
					if (header.size() < 200) header.add(t);
					continue;
				}
				String[] f = t.split("[,;\\t ]+");
				double[] v = new double[Math.min(3, f.length)];
				boolean numeric = f.length >= 2;
				for (int i = 0; i < v.length && numeric; i++) {
					try {
						v[i] = Double.parseDouble(f[i]);
					}
					catch (NumberFormatException ex) {
						numeric = false;
					}
				}
				if (!numeric) {
					if (n == 0) {
						if (header.size() < 200) header.add(t);
						continue;
					}
					throw new InputFormatException(file + ": line " + lineNo + " is not two or three numbers: '" +
						abbreviate(t) + "'");
				}
				for (int i = 0; i < v.length; i++) if (!Double.isFinite(v[i]) || Math.abs(v[i]) > MAX_VALUE)
					throw new InputFormatException(file + ": line " + lineNo + ": value '" + f[i] + "' is not a finite " +
						"number below 1e15");
				if (columns < 0) {
					columns = v.length;
					firstDataLine = lineNo;
					if (columns == 3) e = new double[1024];
				}
				if (v.length < columns) throw new InputFormatException(file + ": line " + lineNo + " has " + v.length +
					" columns, the first data line (" + firstDataLine + ") " + columns);
				if (n == MAX_POINTS) throw new InputFormatException(file + ": more than " + MAX_POINTS + " points");
				if (n == x.length) {
					int cap = Math.min(MAX_POINTS, 2 * n);
					x = java.util.Arrays.copyOf(x, cap);
					y = java.util.Arrays.copyOf(y, cap);
					if (e != null) e = java.util.Arrays.copyOf(e, cap);
				}
				if (v[0] < 0 || v[0] >= 180) throw new InputFormatException(file + ": line " + lineNo + ": 2-theta " + f[0] +
					" is outside [0, 180) deg (is the first column 2-theta in degrees?)");
				if (n >= 2 && (v[0] - x[n - 1]) * (x[1] - x[0]) <= 0 || n == 1 && v[0] == x[0]) throw new InputFormatException(
					file + ": line " + lineNo + ": 2-theta " + f[0] + " breaks the monotonic order of the scan " +
					"(previous " + fmt(x[n - 1]) + ")");
				if (e != null && v[2] < 0) throw new InputFormatException(file + ": line " + lineNo +
					": negative standard deviation " + f[2]);
				x[n] = v[0];
				y[n] = v[1];
				if (e != null) e[n] = v[2];
				n++;
			}
		}
		if (n < 10) throw new InputFormatException(file + ": not an XRD pattern: " + n + " data lines (need at least " +
			"10 lines of 2-theta and intensity)");
		x = java.util.Arrays.copyOf(x, n);
		y = java.util.Arrays.copyOf(y, n);
		if (e != null) e = java.util.Arrays.copyOf(e, n);
		if (x[n - 1] < x[0]) {
			reverse(x);
			reverse(y);
			if (e != null) reverse(e);
		}
		for (String h : header) {
			Matcher m = WAVELENGTH.matcher(h);
			if (!md.containsKey(MetadataKeys.XRAY_WAVELENGTH_A) && m.find()) {
				double l = Double.parseDouble(m.group(2));
				if (l > 0.05 && l < 20) md.put(MetadataKeys.XRAY_WAVELENGTH_A, l);
			}
			Matcher a = ANODE.matcher(h);
			if (!md.containsKey(MetadataKeys.XRAY_ANODE) && a.find()) md.put(MetadataKeys.XRAY_ANODE, a.group(2));
		}
		if (!header.isEmpty()) md.put("header", String.join(" | ", header.subList(0, Math.min(header.size(), 20))));
		List<Signal> signals = new ArrayList<>();
		Axis axis = axis(x);
		signals.add(Signal.spectrum("intensity", axis, y));
		if (e != null) signals.add(Signal.spectrum("esd", axis, e));
		return new Dataset(file.toString(), format(), signals, md);
	}

	/** A uniform 2-theta axis when the steps are (within 1e-6 of a step), else the values. */
	static Axis axis(double[] x) {
		int n = x.length;
		double step = (x[n - 1] - x[0]) / (n - 1);
		boolean uniform = true;
		for (int i = 1; i < n && uniform; i++) if (Math.abs(x[i] - (x[0] + i * step)) > 1e-6 * Math.abs(step)) uniform =
			false;
		return uniform ? new Axis("2theta", n, step, x[0], "deg") : new Axis("2theta", x, "deg");
	}

	static void reverse(double[] a) {
		for (int i = 0, j = a.length - 1; i < j; i++, j--) {
			double t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	static String fmt(double v) {
		return String.format(Locale.ROOT, "%.6g", v);
	}

	private static String abbreviate(String s) {
		return s.length() > 60 ? s.substring(0, 60) + "..." : s;
	}
}
