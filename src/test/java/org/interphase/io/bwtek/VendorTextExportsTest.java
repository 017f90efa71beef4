package org.interphase.io.bwtek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.Params;
import org.interphase.analysis.raman.RamanBnAnalysis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.raman.RamanStress;
import org.interphase.core.result.AnalysisResult;
import org.interphase.io.InputFormatException;
import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stress spectra (independent generator) written as the vendors' text exports — LabSpec (tab, '#key=' header,
 * decimal commas), Renishaw WiRE ('#Wave #Intensity', descending; maps '#X #Y #Wave #Intensity'), B&amp;W Tek BWSpec
 * (';' with decimal commas, long header, empty shift cells) — in ascending and descending order, read back through
 * {@link Readers} and analysed: the same numbers as the data handed over directly. Broken files give errors that
 * name the line, the cause and the fix.
 */
class VendorTextExportsTest {
	@TempDir
	Path dir;
	final RamanBnAnalysis a = new RamanBnAnalysis();
	final AnalysisContext ctx = new AnalysisContext(null, 2);

	static RamanStress.Spectrum spectrum(long seed) {
		RamanStress g = new RamanStress(seed);
		RamanStress.Recipe r = g.randomSingle();
		r.spikes = 1;
		return g.spectrum(r);
	}

	static String comma(double v, String fmt) {
		return String.format(Locale.ROOT, fmt, v).replace('.', ',');
	}

	static void labSpec(Path f, RamanStress.Spectrum s, boolean decimalComma) throws IOException {
		try (Writer w = Files.newBufferedWriter(f, StandardCharsets.ISO_8859_1)) {
			w.write("#Acq. time (s)=\t10\n#Accumulations=\t2\n#Laser (nm)=\t" + (decimalComma ? "532,08" : "532.08") +
				"\n#Instrument=\tLabRAM HR Evolution\n#Grating=\t600 (500nm)\n");
			for (int i = 0; i < s.shift.length; i++) w.write(decimalComma ? comma(s.shift[i], "%.4f") + "\t" + comma(s
				.counts[i], "%.2f") + "\n" : String.format(Locale.ROOT, "%.4f\t%.2f%n", s.shift[i], s.counts[i]));
		}
	}

	static void wire(Path f, RamanStress.Spectrum s) throws IOException {
		try (Writer w = Files.newBufferedWriter(f, StandardCharsets.ISO_8859_1)) {
			w.write("#Wave\t\t#Intensity\n");
			for (int i = 0; i < s.shift.length; i++) w.write(String.format(Locale.ROOT, "%.6f\t%.6f%n", s.shift[i],
				s.counts[i]));
		}
	}

	static void bwspec(Path f, RamanStress.Spectrum s, int emptyRows) throws IOException {
		try (Writer w = Files.newBufferedWriter(f, StandardCharsets.ISO_8859_1)) {
			w.write("File Version;BWRam4.11_11\r\nDate;2022-01-25 09:06:10\r\ntitle;BWS415-532S\r\nmodel;BTC162E-532S-SYS\r\n");
			for (int k = 0; k < 80; k++) w.write("setting_" + k + ";" + comma(k * 0.5, "%.3f") + "\r\n");
			w.write("intigration times(ms);60000\r\naverage number;2\r\nlaser_wavelength;532,02\r\n");
			w.write("Pixel;Wavelength;Wavenumber;Raman Shift;Dark;Reference;Raw data #1;Dark Subtracted #1;%TR #1;" +
				"Absorbance #1;Irradiance (W/cm^2/nm) #1;\r\n");
			int row = 0;
			for (int k = 0; k < emptyRows; k++) w.write((row++) + ";   ;   ;   ;1535,0000;65535,0000;1584,5000;49,5000;" +
				"0,0000;0,0000;0,0000;\r\n");
			for (int i = 0; i < s.shift.length; i++) {
				double lam = 1e7 / (1e7 / 532.02 - s.shift[i]);
				w.write((row++) + ";" + comma(lam, "%.2f") + ";" + comma(1e7 / lam, "%.2f") + ";" + comma(s.shift[i], "%.4f") +
					";1500,0000;65535,0000;" + comma(s.counts[i] + 1500, "%.4f") + ";" + comma(s.counts[i], "%.4f") +
					";0,0000;0,0000;0,0000;\r\n");
			}
		}
	}

	/** Read back: the same values on an ascending axis whatever the order written. */
	static void sameData(RamanStress.Spectrum s, Dataset d, double tol) {
		Signal sig = d.primary();
		double[] x = sig.lastAxis().values(), y = sig.data();
		assertEquals(s.shift.length, x.length);
		boolean desc = s.shift[0] > s.shift[s.shift.length - 1];
		int n = x.length;
		for (int i = 0; i < n; i++) {
			int j = desc && x[n - 1] > x[0] ? n - 1 - i : i;
			assertEquals(s.shift[j], x[i], 1e-3, "shift " + i);
			assertEquals(s.counts[j], y[i], tol, "counts " + i);
		}
	}

	@Test
	void exportsReadBackAndAnalyseAlike() throws Exception {
		for (int seed = 1; seed <= 4; seed++) {
			RamanStress.Spectrum s = spectrum(seed);
			if (seed % 2 == 0) s = s.descending();
			Path ls = dir.resolve("labspec_" + seed + ".txt"), lc = dir.resolve("labspec_comma_" + seed + ".txt"), wi = dir
				.resolve("wire_" + seed + ".txt"), bw = dir.resolve("bwspec_" + seed + ".txt");
			labSpec(ls, s, false);
			labSpec(lc, s, true);
			wire(wi, s);
			bwspec(bw, s, 20);
			Dataset dl = Readers.read(ls), dc = Readers.read(lc), dw = Readers.read(wi), db = Readers.read(bw);
			assertEquals("LabSpec text", Readers.find(ls).format());
			assertEquals("LabSpec text", Readers.find(lc).format());
			assertEquals("wire-text", Readers.find(wi).format());
			assertEquals("bwspec", Readers.find(bw).format());
			assertEquals(532.08, dc.number(MetadataKeys.LASER_WAVELENGTH_NM), 1e-9, "decimal comma in the header");
			assertEquals(532.02, db.number(MetadataKeys.LASER_WAVELENGTH_NM), 1e-9);
			assertEquals(60, db.number(MetadataKeys.EXPOSURE_S), 1e-9);
			assertEquals(20, db.number("rows_without_shift"), 0);
			sameData(s, dl, 0.006);
			sameData(s, dc, 0.006);
			sameData(s, dw, 1e-5);
			// BWSpec keeps the order written (the axis may descend); values as written
			Signal b = db.primary();
			assertEquals(s.shift.length, b.lastAxis().size);
			// the analysis gives the same numbers from every export (to a tenth of their sigma: the rounding of the
			// written values moves the iterative fit by a few hundredths of a sigma)
			Params p = Params.defaults(a.params());
			AnalysisResult ref = a.analyze(Dataset.of("direct", "test", Signal.spectrum("s", new org.interphase.core.data.Axis(
				"Raman shift", s.shift, "cm-1"), s.counts)), p, ctx);
			for (Dataset d : new Dataset[] { dl, dc, dw, db }) {
				AnalysisResult r = a.analyze(d, p, ctx);
				for (String q : new String[] { "hbn_position", "hbn_fwhm", "cbn_hbn_area_ratio" }) assertEquals(ref.find(q)
					.value, r.find(q).value, Math.max(1e-3 * Math.abs(ref.find(q).value), 0.1 * ref.find(q).uncertainty), d
						.source + " " + q);
			}
		}
	}

	@Test
	void wireMapReadsAsAGrid() throws Exception {
		RamanStress g = new RamanStress(3);
		RamanStress.Recipe r = new RamanStress.Recipe();
		r.channels = 300;
		r.from = 900;
		r.to = 1600;
		RamanStress.Map m = g.map(r, 3, 4, 0.3, 0);
		int n = m.shift.length;
		Path f = dir.resolve("wire_map.txt");
		try (Writer w = Files.newBufferedWriter(f, StandardCharsets.ISO_8859_1)) {
			w.write("#X\t\t#Y\t\t#Wave\t\t#Intensity\n");
			for (int yy = 0; yy < 3; yy++) for (int xx = 0; xx < 4; xx++) for (int i = n - 1; i >= 0; i--) w.write(String
				.format(Locale.ROOT, "%.6f\t%.6f\t%.6f\t%.6f%n", -10 + 2.5 * xx, 5 + 2.5 * yy, m.shift[i], m.data[(yy * 4 + xx) *
					n + i]));
		}
		Dataset d = Readers.read(f);
		Signal s = d.primary();
		assertArrayEquals(new int[] { 3, 4, n }, s.shape());
		assertEquals(2.5, s.axis(1).value(1) - s.axis(1).value(0), 1e-9);
		assertEquals(m.data[(2 * 4 + 3) * n + 7], s.data()[(2 * 4 + 3) * n + 7], 1e-5);
		assertEquals(m.shift[0], s.lastAxis().value(0), 1e-5);
	}

	@Test
	void brokenFilesNameLineCauseAndFix() throws Exception {
		RamanStress.Spectrum s = spectrum(9);
		Path bw = dir.resolve("cut.txt");
		bwspec(bw, s, 3);
		java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(bw, StandardCharsets.ISO_8859_1));
		int broken = 120;
		lines.set(broken - 1, lines.get(broken - 1).substring(0, 20)); // a row cut short
		Files.write(bw, lines, StandardCharsets.ISO_8859_1);
		InputFormatException e = assertThrows(InputFormatException.class, () -> Readers.read(bw));
		assertTrue(e.getMessage().contains("line " + broken) && e.getMessage().contains("fields") && e.getMessage()
			.contains("re-export"), e.getMessage());
		Path wi = dir.resolve("wire_bad.txt");
		wire(wi, s);
		lines = new java.util.ArrayList<>(Files.readAllLines(wi, StandardCharsets.ISO_8859_1));
		lines.set(50, "1234.5\tabc");
		Files.write(wi, lines, StandardCharsets.ISO_8859_1);
		e = assertThrows(InputFormatException.class, () -> Readers.read(wi));
		assertTrue(e.getMessage().contains("line 51") && e.getMessage().contains("'abc' is not a number"), e
			.getMessage());
	}

	/** The real BWSpec export (shared/reference-data/analysis/raman) reads: Si near 520 cm-1, laser 532.02 nm. */
	@Test
	void realBwSpecExport() throws Exception {
		Path f = ReferenceData.fileOrNull("analysis/raman/Sil10_iR532_Probe_100_60000msx2.txt");
		Assumptions.assumeTrue(f != null, "SKIPPED: the BWSpec reference export is absent");
		Dataset d = Readers.read(f);
		assertEquals("bwspec", Readers.find(f).format());
		assertEquals(532.02, d.number(MetadataKeys.LASER_WAVELENGTH_NM), 1e-9);
		assertEquals(60, d.number(MetadataKeys.EXPOSURE_S), 1e-9);
		assertTrue(d.number("rows_without_shift") > 50, "rows with empty shift cells are skipped");
		Signal s = d.primary();
		double[] x = s.lastAxis().values(), y = s.data();
		int best = 0;
		for (int i = 0; i < x.length; i++) if (Math.abs(x[i] - 520) < 30 && (Math.abs(x[best] - 520) >= 30 || y[i] > y[
			best])) best = i;
		assertEquals(520, x[best], 4, "the Si band is the maximum near 520 cm-1");
	}
}
