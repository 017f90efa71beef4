package org.interphase.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Signal;

/**
 * Writer of spectra as text for the demo and the command line. Images are written as calibrated TIFF by
 * {@code org.interphase.ij.ImageJTiff} (ImageJ stays out of io).
 */
public final class Writers {
	private Writers() {}

	/** Spectra sharing the last axis of the signal as text: axis column, then one column per spectrum. */
	public static void text(Signal s, Path file, String axisHeader) throws IOException {
		Axis ax = s.lastAxis();
		int n = ax.size, count = s.count(1);
		double[] d = s.data();
		Files.createDirectories(file.toAbsolutePath().getParent());
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			w.write(axisHeader);
			for (int c = 0; c < count; c++) w.write(count == 1 ? ",counts" : ",spectrum_" + c);
			w.write('\n');
			for (int i = 0; i < n; i++) {
				w.write(String.format(Locale.ROOT, "%.6f", ax.value(i)));
				for (int c = 0; c < count; c++) w.write("," + fmt(d[c * n + i]));
				w.write('\n');
			}
		}
	}

	private static String fmt(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.8g",
			v);
	}
}
