package org.interphase.io.vamas;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;

/**
 * Writes XPS spectra as a REGULAR, NORM-mode VAMAS file (ISO 14976), one block per signal, the way instrument
 * software exports them: the abscissa is "Kinetic Energy" (KE = source energy − BE for a "Binding Energy" axis;
 * an axis that is already kinetic is written as it is), one corresponding variable "Intensity" in units "d"
 * (counts) or "c/s" (when the signal's {@code counts_unit} is counts/s). Species and transition come from the
 * metadata keys {@code species}/{@code transition} or from the signal name ("Ti 2p" → "Ti", "2p"); dwell time
 * ({@code dwell_time_s}), scans ({@code scans}), pass energy ({@code pass_energy_eV}) and work function
 * ({@code analyser_work_function_eV}) from the metadata where present. Lines end with CRLF as on Windows.
 * {@link VamasReader} reads the file back to the same signals.
 */
public final class VamasWriter {
	private VamasWriter() {}

	public static void write(Path file, List<Signal> spectra, double sourceEnergyEv) throws IOException {
		if (spectra.isEmpty()) throw new IllegalArgumentException("no spectra to write");
		if (!(sourceEnergyEv > 0) || Double.isInfinite(sourceEnergyEv)) throw new IllegalArgumentException(
			"source energy must be positive: " + sourceEnergyEv);
		for (Signal s : spectra) {
			if (s.ndim() != 1) throw new IllegalArgumentException("VAMAS blocks are 1D; '" + s.name + "' has " + s
				.ndim() + " dimensions");
			if (!s.lastAxis().isUniform()) throw new IllegalArgumentException("a REGULAR VAMAS block needs a uniform " +
				"axis; '" + s.name + "' is non-uniform");
		}
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
			line(w, VamasReader.MAGIC + " 1988 May 4");
			line(w, "Interphase");
			line(w, "Not Specified");
			line(w, "Not Specified");
			line(w, "Not Specified");
			line(w, "1");
			line(w, "Written by Interphase VamasWriter");
			line(w, "NORM");
			line(w, "REGULAR");
			line(w, Integer.toString(spectra.size()));
			List<String> vars = experimentalVariables(spectra);
			line(w, Integer.toString(vars.size())); // experimental variables: label and unit each
			for (String v : vars) {
				line(w, label(v));
				line(w, label(str(spectra.get(0).metadata().get(VARIABLE_UNIT + v), "d")));
			}
			line(w, "0"); // inclusion list
			line(w, "0"); // manually entered items
			line(w, "0"); // future upgrade experiment entries
			line(w, "0"); // future upgrade block entries
			line(w, Integer.toString(spectra.size()));
			for (Signal s : spectra) block(w, s, sourceEnergyEv, vars);
			line(w, "end of experiment");
		}
	}

	/** Metadata key prefix of a block's experimental-variable value (as {@link VamasReader} names it). */
	public static final String VARIABLE = "experimental_variable ";
	/** Metadata key prefix of an experimental variable's unit when writing (VAMAS "d" = dimensionless if absent). */
	public static final String VARIABLE_UNIT = "experimental_variable_unit ";

	/** The experimental variables every spectrum carries (e.g. the etch time of a sputter depth profile). */
	static List<String> experimentalVariables(List<Signal> spectra) {
		List<String> out = new java.util.ArrayList<>();
		for (String k : spectra.get(0).metadata().keySet()) {
			if (!k.startsWith(VARIABLE)) continue;
			boolean all = true;
			for (Signal s : spectra) if (!s.metadata().containsKey(k)) all = false;
			if (all) out.add(k.substring(VARIABLE.length()));
		}
		return out;
	}

	private static void block(Writer w, Signal s, double hv, List<String> vars) throws IOException {
		Map<String, Object> m = s.metadata();
		String[] st = speciesTransition(s);
		line(w, label(s.name));
		line(w, label(str(m.get("sample_identifier"), "Interphase")));
		LocalDateTime t = date(str(m.get(MetadataKeys.ACQUISITION_DATE), null));
		if (t == null) for (int i = 0; i < 6; i++) line(w, "-1");
		else {
			line(w, Integer.toString(t.getYear()));
			line(w, Integer.toString(t.getMonthValue()));
			line(w, Integer.toString(t.getDayOfMonth()));
			line(w, Integer.toString(t.getHour()));
			line(w, Integer.toString(t.getMinute()));
			line(w, Integer.toString(t.getSecond()));
		}
		line(w, "0"); // hours ahead of GMT
		line(w, "1");
		line(w, "Written by Interphase");
		line(w, "XPS");
		for (String v : vars) line(w, label(String.valueOf(m.get(VARIABLE + v)).trim()));
		line(w, label(str(m.get("analysis_source_label"), hv > 1486 && hv < 1487 ? "Al" : hv > 1253 && hv < 1254
			? "Mg" : "X-ray")));
		line(w, num(hv));
		line(w, "1E+37"); // source strength
		line(w, "1E+37"); // beam width x
		line(w, "1E+37"); // beam width y
		line(w, "1E+37"); // polar angle of incidence
		line(w, "1E+37"); // azimuth
		line(w, "FAT");
		line(w, num(number(m, "pass_energy_eV", number(m, "pass_energy_or_retard_ratio", 1e37))));
		line(w, "1E+37"); // magnification
		line(w, num(number(m, "analyser_work_function_eV", 1e37)));
		line(w, "0"); // target bias
		line(w, "1E+37");
		line(w, "1E+37");
		line(w, "1E+37");
		line(w, "1E+37");
		line(w, label(st[0]));
		line(w, label(st[1]));
		line(w, "-1");
		Axis ax = s.lastAxis();
		boolean kinetic = ax.name.toLowerCase(Locale.ROOT).contains("kinetic");
		line(w, "Kinetic Energy");
		line(w, "eV");
		line(w, energy(kinetic ? ax.offset : hv - ax.offset));
		line(w, energy(kinetic ? ax.scale : -ax.scale));
		line(w, "1");
		line(w, "Intensity");
		line(w, "counts/s".equals(m.get("counts_unit")) ? "c/s" : "d");
		line(w, "pulse counting");
		line(w, num(number(m, "dwell_time_s", 1)));
		line(w, num(number(m, "scans", 1)));
		line(w, "0"); // time correction
		line(w, "1E+37");
		line(w, "1E+37");
		line(w, "1E+37");
		line(w, "0"); // additional parameters
		double[] d = s.data();
		line(w, Integer.toString(d.length));
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (double v : d) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		line(w, num(min));
		line(w, num(max));
		for (double v : d) line(w, num(v));
	}

	static String[] speciesTransition(Signal s) {
		String sp = str(s.metadata().get("species"), null), tr = str(s.metadata().get("transition"), null);
		if (sp != null) return new String[] { sp, tr == null ? "" : tr };
		String n = s.name.trim();
		int space = n.indexOf(' ');
		if (space > 0) return new String[] { n.substring(0, space), n.substring(space + 1).trim() };
		return new String[] { n, "" };
	}

	private static double number(Map<String, Object> m, String key, double fallback) {
		Object o = m.get(key);
		if (o instanceof Number) return ((Number) o).doubleValue();
		if (o != null) try {
			return Double.parseDouble(o.toString().trim());
		}
		catch (NumberFormatException e) {
			return fallback;
		}
		return fallback;
	}

	private static LocalDateTime date(String iso) {
		if (iso == null) return null;
		try {
			if (iso.length() == 10) return java.time.LocalDate.parse(iso).atStartOfDay();
			return LocalDateTime.parse(iso.length() > 19 ? iso.substring(0, 19) : iso);
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	private static String str(Object o, String fallback) {
		return o == null || o.toString().trim().isEmpty() ? fallback : o.toString().trim();
	}

	/** One line of printable ASCII (a label with a line break would shift every following line). */
	private static String label(String s) {
		StringBuilder b = new StringBuilder();
		for (char c : s.toCharArray()) b.append(c >= 32 && c < 127 ? c : ' ');
		return b.toString();
	}

	/** Energies to 12 significant digits (1e-9 eV at 1 keV): hv - BE is written 1016.6, not 1016.5999999999999. */
	static String energy(double v) {
		if (Math.abs(v) >= 1e36) return "1E+37";
		return new java.math.BigDecimal(v).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
	}

	static String num(double v) {
		if (Math.abs(v) >= 1e36) return "1E+37";
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return Double.toString(v);
	}

	private static void line(Writer w, String s) throws IOException {
		w.write(s);
		w.write("\r\n");
	}
}
