package org.interphase.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.LengthUnits;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;

/**
 * Single spectra, one file per probe position (as DigitalMicrograph / Gatan exports a line scan as EMSA/MSA
 * files), read as one line scan (position, energy).
 * <ul>
 * <li>Order: file names in natural order (digit runs compared as numbers, so {@code spec_2} comes before
 * {@code spec_10}).</li>
 * <li>Positions: from the files' EMSA {@code #XPOSITION}/{@code #YPOSITION} keywords (stage or probe position,
 * unit from the keyword, mm by the standard) when they differ between the files and are evenly spaced along the
 * path; otherwise the files are numbered 0, 1, 2, ... (spatially uncalibrated, px), and the analysis may be given a
 * step.</li>
 * <li>Every file's energy axis must equal the first's (same channels, origin within 1 % of a channel, dispersion
 * within 1e-6): the error names both files and both axes.</li>
 * </ul>
 */
public final class SpectrumSeries {
	private SpectrumSeries() {}

	/** Reads and stacks the spectra; the files need not be sorted. */
	public static Dataset stack(List<Path> given, String source) throws IOException {
		if (given.isEmpty()) throw new InputFormatException(source + ": the series holds no files");
		List<Path> files = new ArrayList<>(given);
		files.sort((a, b) -> natural(a.getFileName().toString(), b.getFileName().toString()));
		int n = files.size();
		Signal first = null;
		Path firstFile = null;
		double[] data = null;
		double[] xs = new double[n], ys = new double[n];
		String posUnit = null;
		boolean positions = true;
		for (int i = 0; i < n; i++) {
			Path f = files.get(i);
			Dataset d = Readers.read(f);
			Signal s = d.primary();
			if (s.ndim() != 1) throw new InputFormatException(f + ": a spectrum series holds single spectra, but this " +
				"file holds a " + s.ndim() + "D signal " + java.util.Arrays.toString(s.shape()));
			if (first == null) {
				first = s;
				firstFile = f;
				long total = (long) s.length() * n;
				if (total > Integer.MAX_VALUE - 8) throw new InputFormatException(source + ": series too large (" + total +
					" values)");
				data = new double[(int) total];
			}
			else checkAxis(firstFile, first.lastAxis(), f, s.lastAxis());
			int len = (int) first.length();
			System.arraycopy(s.data(), 0, data, i * len, len);
			double x = number(s.metadata().get("XPOSITION")), y = number(s.metadata().get("YPOSITION"));
			String u = unit(s.metadata());
			if (Double.isNaN(x) && Double.isNaN(y)) positions = false;
			else {
				xs[i] = Double.isNaN(x) ? 0 : x;
				ys[i] = Double.isNaN(y) ? 0 : y;
				if (posUnit == null) posUnit = u;
				else if (!posUnit.equals(u)) positions = false;
			}
		}
		Axis along = positionAxis(xs, ys, positions, posUnit);
		List<Axis> axes = new ArrayList<>();
		axes.add(along);
		axes.add(first.lastAxis());
		Map<String, Object> smd = new LinkedHashMap<>(first.metadata());
		smd.remove("XPOSITION");
		smd.remove("YPOSITION");
		Signal scan = new Signal(first.name, first.dtype, new int[] { n, (int) first.length() }, axes, data, null, smd);
		List<Signal> signals = new ArrayList<>();
		signals.add(scan);
		Map<String, Object> md = new LinkedHashMap<>();
		md.put("series_files", n);
		md.put("series_first", files.get(0).getFileName().toString());
		md.put("series_last", files.get(n - 1).getFileName().toString());
		md.put("series_order", "file names in natural order (numbers compared as numbers)");
		md.put("series_positions", along.isCalibrated() ? "from the files' XPOSITION/YPOSITION" :
			"file order (no distinct, evenly spaced XPOSITION/YPOSITION in the files): uncalibrated, px");
		return new Dataset(source, "spectrum series", signals, md);
	}

	/** Distance along the path when the positions are distinct and evenly spaced; else 0, 1, 2, ... uncalibrated. */
	static Axis positionAxis(double[] xs, double[] ys, boolean have, String unit) {
		int n = xs.length;
		if (have && n >= 2) {
			double[] d = new double[n];
			for (int i = 1; i < n; i++) d[i] = d[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
			double step = d[n - 1] / (n - 1);
			boolean even = step > 0;
			for (int i = 1; i < n && even; i++) even = Math.abs(d[i] - d[i - 1] - step) <= 0.05 * step;
			double toNm = nmPer(unit);
			if (even && !Double.isNaN(toNm)) return new Axis("distance", n, step * toNm, 0, "nm");
		}
		return new Axis("position", n, 1, 0, "");
	}

	/** nm per unit of an EMSA position keyword (mm by the standard when no unit is given); NaN if unknown. */
	static double nmPer(String unit) {
		return unit == null || unit.isBlank() ? 1e6 : LengthUnits.nm(unit);
	}

	private static String unit(Map<String, Object> md) {
		Object u = md.get("XPOSITION units");
		if (u == null) u = md.get("YPOSITION units");
		return u == null ? "" : u.toString();
	}

	private static double number(Object o) {
		if (o == null) return Double.NaN;
		if (o instanceof Number) return ((Number) o).doubleValue();
		try {
			return Double.parseDouble(o.toString().trim());
		}
		catch (NumberFormatException e) {
			return Double.NaN;
		}
	}

	private static void checkAxis(Path fa, Axis a, Path fb, Axis b) throws InputFormatException {
		double[] va = a.values(), vb = b.values();
		boolean same = va.length == vb.length;
		double step = va.length > 1 ? Math.abs(va[va.length - 1] - va[0]) / (va.length - 1) : 1;
		for (int k = 0; same && k < va.length; k++) same = Math.abs(va[k] - vb[k]) <= 0.01 * step + 1e-6 * Math.abs(va[k]);
		if (!same) throw new InputFormatException(fb + ": its energy axis (" + describe(b) + ") differs from that of " +
			fa.getFileName() + " (" + describe(a) + "): the spectra of a series must share one energy axis (recalibrate " +
			"or export them with the same origin and dispersion)");
	}

	private static String describe(Axis a) {
		double[] v = a.values();
		int n = v.length;
		return String.format(Locale.ROOT, "%d channels, %.4g-%.4g %s, %.4g per channel", n, v[0], v[n - 1], a.units, n > 1
			? (v[n - 1] - v[0]) / (n - 1) : 0);
	}

	/** Natural order: digit runs compare as numbers, the rest case-insensitively. */
	static int natural(String a, String b) {
		int i = 0, j = 0;
		while (i < a.length() && j < b.length()) {
			char ca = a.charAt(i), cb = b.charAt(j);
			if (Character.isDigit(ca) && Character.isDigit(cb)) {
				int si = i, sj = j;
				while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
				while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
				String na = a.substring(si, i).replaceFirst("^0+(?=.)", ""), nb = b.substring(sj, j).replaceFirst("^0+(?=.)",
					"");
				if (na.length() != nb.length()) return Integer.compare(na.length(), nb.length());
				int c = na.compareTo(nb);
				if (c != 0) return c;
			}
			else {
				int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
				if (c != 0) return c;
				i++;
				j++;
			}
		}
		return Integer.compare(a.length() - i, b.length() - j);
	}
}
