package org.interphase.io.labspec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Signal;

/** Writes spectra and maps in the LabSpec text layout that {@link LabSpecTextReader} reads (demo data, tests). */
public final class LabSpecTextWriter {
	private LabSpecTextWriter() {}

	/** A single spectrum with {@code #key=<TAB>value} header lines. */
	public static void writeSpectrum(Path file, double[] shift, double[] counts, Map<String, String> header)
		throws IOException
	{
		try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
			for (Map.Entry<String, String> e : header.entrySet()) w.write("#" + e.getKey() + "=\t" + e.getValue() +
				"\n");
			for (int i = 0; i < shift.length; i++) w.write(String.format(Locale.ROOT, "%.4f\t%.1f\n", shift[i],
				counts[i]));
		}
	}

	/** A (y, x, shift) map: first row the shifts after two tabs, then X, Y, intensities per pixel. */
	public static void writeMap(Path file, Signal map) throws IOException {
		if (map.ndim() != 3) throw new IllegalArgumentException("a map has 3 axes (y, x, shift)");
		int ny = map.size(0), nx = map.size(1), n = map.size(2);
		double[] shift = map.axis(2).values(), d = map.data();
		StringBuilder sb = new StringBuilder(16 * n);
		try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
			sb.append("\t");
			for (double s : shift) sb.append('\t').append(String.format(Locale.ROOT, "%.4f", s));
			w.write(sb.append('\n').toString());
			for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
				sb.setLength(0);
				sb.append(String.format(Locale.ROOT, "%.3f\t%.3f", map.axis(1).value(i), map.axis(0).value(j)));
				int off = (j * nx + i) * n;
				for (int k = 0; k < n; k++) sb.append('\t').append(String.format(Locale.ROOT, "%.1f", d[off + k]));
				w.write(sb.append('\n').toString());
			}
		}
	}
}
