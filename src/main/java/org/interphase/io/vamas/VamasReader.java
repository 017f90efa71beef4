package org.interphase.io.vamas;

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

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.io.DatasetReader;
import org.interphase.io.InputFormatException;

/**
 * VAMAS Surface Chemical Analysis Standard Data Transfer Format (ISO 14976; {@code .vms}, {@code .npl}) as
 * written by CasaXPS, Kratos ESCApe, SpecsLab Prodigy and PHI MultiPak.
 * <p>
 * Every experiment mode of the standard is parsed (NORM, SDP, MAP ... each with the lines it adds), REGULAR and
 * IRREGULAR scans, experimental variables, "future upgrade" entries, leading blank lines and CRLF. One
 * {@link Signal} per block, named "species transition" ("Ni 2p"), or by the block identifier when the file gives
 * no transition. For XPS/UPS blocks the axis is "Binding Energy" in eV, in file order: a kinetic-energy
 * abscissa is converted with the block's source energy (BE = hν − KE); the analyser work function is reported in
 * the metadata, never subtracted. In IRREGULAR files the first corresponding variable is the abscissa when it
 * is an energy (CasaXPS convention) and the axis is non-uniform. The first remaining corresponding variable is
 * the data; further ones (transmission ...) become extra signals named "block variable".
 * <p>
 * Every count in the file (comment lines, blocks, ordinates) is checked against the lines left before
 * anything is allocated. Parameter inclusion/exclusion lists (not written by any software we know) are refused.
 */
public final class VamasReader implements DatasetReader {
	static final String MAGIC = "VAMAS Surface Chemical Analysis Standard Data Transfer Format";
	static final long MAX_BYTES = 1L << 30;
	/** VAMAS writes 1E37 for "not known". */
	static final double MISSING = 1e36;

	@Override
	public String format() {
		return "VAMAS";
	}

	@Override
	public boolean canRead(Path file, byte[] head) {
		return withoutBom(new String(head, StandardCharsets.ISO_8859_1)).trim().startsWith(MAGIC);
	}

	/** A UTF-8 byte-order mark read as ISO-8859-1 text. */
	static String withoutBom(String s) {
		return s.startsWith("\u00EF\u00BB\u00BF") ? s.substring(3) : s;
	}

	@Override
	public Dataset read(Path file) throws IOException {
		long size = Files.size(file);
		if (size > MAX_BYTES) throw new InputFormatException(file + ": " + size + " bytes is too large for VAMAS text");
		byte[] bytes = Files.readAllBytes(file);
		return parse(file, bytes);
	}

	/** The line cursor over the file's lines with checked counts. */
	static final class Lines {
		final Path file;
		final String[] lines;
		int pos;

		Lines(Path file, String[] lines, int start) {
			this.file = file;
			this.lines = lines;
			this.pos = start;
		}

		int remaining() {
			return lines.length - pos;
		}

		String next(String what) throws InputFormatException {
			if (pos >= lines.length) throw new InputFormatException(file + ": VAMAS: file ends (line " + (pos + 1) +
				") where the " + what + " should be; truncated?");
			return lines[pos++];
		}

		double number(String what) throws InputFormatException {
			String s = next(what).trim();
			try {
				return Double.parseDouble(s);
			}
			catch (NumberFormatException e) {
				throw new InputFormatException(file + ": VAMAS line " + pos + ": the " + what +
					" should be a number but is '" + abbreviate(s) + "'");
			}
		}

		int integer(String what) throws InputFormatException {
			double v = number(what);
			if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new InputFormatException(file +
				": VAMAS line " + pos + ": the " + what + " should be an integer but is " + v);
			return (int) v;
		}

		/** A count of things that take at least {@code linesEach} lines each: refused when the file is shorter. */
		int count(String what, int linesEach) throws InputFormatException {
			int n = integer(what);
			if (n < 0) throw new InputFormatException(file + ": VAMAS line " + pos + ": negative " + what + " " + n);
			if ((long) n * linesEach > remaining()) throw new InputFormatException(file + ": VAMAS line " + pos +
				": " + what + " is " + n + " but only " + remaining() + " lines are left in the file");
			return n;
		}

		void skip(int n, String what) throws InputFormatException {
			for (int i = 0; i < n; i++) next(what);
		}
	}

	static Dataset parse(Path file, byte[] bytes) throws IOException {
		for (int i = 0; i < Math.min(bytes.length, 65536); i++) if (bytes[i] == 0 && !nulInLabel(bytes, i))
			throw new InputFormatException(file + ": VAMAS: binary content (NUL byte at offset " + i + ")");
		String text = withoutBom(new String(bytes, StandardCharsets.ISO_8859_1));
		String[] lines = text.split("\r\n|\r|\n", -1);
		int start = 0;
		while (start < lines.length && lines[start].trim().isEmpty()) start++;
		Lines in = new Lines(file, lines, start);
		String magic = in.next("format identifier");
		if (!magic.trim().startsWith(MAGIC)) throw new InputFormatException(file +
			": not a VAMAS file (first line is '" + abbreviate(magic.trim()) + "')");
		Map<String, Object> fileMeta = new LinkedHashMap<>();
		fileMeta.put("format_identifier", magic.trim());
		fileMeta.put("leading_blank_lines", start);
		fileMeta.put("institution", in.next("institution identifier").trim());
		String model = in.next("instrument model").trim();
		fileMeta.put("instrument_model", model);
		if (!model.isEmpty() && !model.equalsIgnoreCase("Not Specified")) fileMeta.put(MetadataKeys.INSTRUMENT, model);
		fileMeta.put("operator", in.next("operator identifier").trim());
		fileMeta.put("experiment_identifier", in.next("experiment identifier").trim());
		int nComment = in.count("number of comment lines", 1);
		StringBuilder comment = new StringBuilder();
		for (int i = 0; i < nComment; i++) comment.append(i > 0 ? "\n" : "").append(in.next("comment line"));
		fileMeta.put("comment", comment.toString());
		String expMode = in.next("experiment mode").trim().toUpperCase(Locale.ROOT);
		String scanMode = in.next("scan mode").trim().toUpperCase(Locale.ROOT);
		if (!Arrays.asList("MAP", "MAPDP", "MAPSV", "MAPSVDP", "NORM", "SDP", "SDPSV", "SEM", "NOEXP").contains(
			expMode)) throw new InputFormatException(file + ": VAMAS line " + in.pos + ": unknown experiment mode '" +
				abbreviate(expMode) + "'");
		if (!Arrays.asList("REGULAR", "IRREGULAR", "MAPPING").contains(scanMode)) throw new InputFormatException(
			file + ": VAMAS line " + in.pos + ": unknown scan mode '" + abbreviate(scanMode) + "'");
		fileMeta.put("experiment_mode", expMode);
		fileMeta.put("scan_mode", scanMode);
		if (in(expMode, "MAP", "MAPDP", "NORM", "SDP")) fileMeta.put("n_spectral_regions", in.integer(
			"number of spectral regions"));
		if (in(expMode, "MAP", "MAPDP")) {
			fileMeta.put("n_analysis_positions", in.integer("number of analysis positions"));
			fileMeta.put("n_x_coordinates", in.integer("number of discrete x coordinates"));
			fileMeta.put("n_y_coordinates", in.integer("number of discrete y coordinates"));
		}
		int nExpVar = in.count("number of experimental variables", 2);
		String[] expVarLabels = new String[nExpVar];
		for (int i = 0; i < nExpVar; i++) {
			expVarLabels[i] = in.next("experimental variable label").trim();
			String u = in.next("experimental variable units").trim();
			fileMeta.put("experimental_variable_" + (i + 1), expVarLabels[i] + " (" + u + ")");
		}
		int nInclusion = in.integer("number of entries in the parameter inclusion/exclusion list");
		if (nInclusion != 0) throw new InputFormatException(file + ": VAMAS line " + in.pos +
			": parameter inclusion/exclusion lists are not supported (" + nInclusion + " entries)");
		int nManual = in.count("number of manually entered items", 1);
		in.skip(nManual, "manually entered item");
		int nFutureExp = in.count("number of future upgrade experiment entries", 1);
		int nFutureBlock = in.count("number of future upgrade block entries", 1);
		fileMeta.put("future_upgrade_experiment_entries", nFutureExp);
		fileMeta.put("future_upgrade_block_entries", nFutureBlock);
		in.skip(nFutureExp, "future upgrade experiment entry");
		// a block has at least ~40 lines; refuse absurd block counts at once
		int nBlocks = in.count("number of blocks", 20);
		if (nBlocks == 0) throw new InputFormatException(file + ": VAMAS: the file says it holds no blocks");
		fileMeta.put("n_blocks", nBlocks);

		List<Signal> signals = new ArrayList<>();
		for (int b = 0; b < nBlocks; b++) readBlock(in, b, expMode, scanMode, expVarLabels, nFutureBlock, signals);
		// the standard ends every file with this line; without it the last value may have been cut mid-number
		String end = "";
		while (in.remaining() > 0 && end.isEmpty()) end = in.next("end of experiment").trim();
		if (!end.equalsIgnoreCase("end of experiment")) throw new InputFormatException(file +
			": VAMAS: no 'end of experiment' line after the last block (found '" + abbreviate(end) +
			"'); truncated or wrong block layout");
		if (!signals.isEmpty()) {
			Object hv = signals.get(0).metadata().get(MetadataKeys.EXCITATION_ENERGY_EV);
			if (hv != null) fileMeta.put(MetadataKeys.EXCITATION_ENERGY_EV, hv);
			Object date = signals.get(0).metadata().get(MetadataKeys.ACQUISITION_DATE);
			if (date != null) fileMeta.put(MetadataKeys.ACQUISITION_DATE, date);
		}
		return new Dataset(file.toString(), "VAMAS", signals, fileMeta);
	}

	private static void readBlock(Lines in, int index, String expMode, String scanMode, String[] expVarLabels,
		int nFutureBlock, List<Signal> out) throws InputFormatException
	{
		Map<String, Object> m = new LinkedHashMap<>();
		String blockId = in.next("block identifier").trim();
		m.put("block_identifier", blockId);
		m.put("sample_identifier", in.next("sample identifier").trim());
		int year = in.integer("year"), month = in.integer("month"), day = in.integer("day");
		int hour = in.integer("hours"), minute = in.integer("minutes"), second = in.integer("seconds");
		int gmt = in.integer("hours ahead of GMT");
		m.put("hours_ahead_of_gmt", gmt);
		if (year > 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
			String d = String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
			if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 61) d += String.format(
				Locale.ROOT, "T%02d:%02d:%02d", hour, minute, second);
			m.put(MetadataKeys.ACQUISITION_DATE, d);
		}
		int nComment = in.count("number of block comment lines", 1);
		StringBuilder comment = new StringBuilder();
		List<String> casa = new ArrayList<>();
		for (int i = 0; i < nComment; i++) {
			String c = in.next("block comment line");
			comment.append(i > 0 ? "\n" : "").append(c);
			if (c.startsWith("CASA ")) casa.add(c.trim());
		}
		m.put("block_comment", comment.toString());
		if (!casa.isEmpty()) m.put("casaxps_regions_and_components", String.join("\n", casa));
		String technique = in.next("technique").trim();
		String tech = technique.toUpperCase(Locale.ROOT);
		m.put("technique", technique);
		if (in(expMode, "MAP", "MAPDP")) {
			put(m, "x_coordinate", in.number("x coordinate"));
			put(m, "y_coordinate", in.number("y coordinate"));
		}
		for (int i = 0; i < expVarLabels.length; i++) m.put("experimental_variable " + expVarLabels[i], in.next(
			"experimental variable value").trim());
		m.put("analysis_source_label", in.next("analysis source label").trim());
		if (in(expMode, "MAPDP", "MAPSVDP", "SDP", "SDPSV")) {
			m.put("sputtering_ion_label", in.next("sputtering ion or atom label").trim());
			put(m, "sputtering_particle_atoms", in.number("number of atoms in the sputtering particle"));
			put(m, "sputtering_particle_charge", in.number("charge of the sputtering particle"));
		}
		double hv = in.number("analysis source characteristic energy");
		put(m, "analysis_source_characteristic_energy_eV", hv);
		put(m, "analysis_source_strength_W", in.number("analysis source strength"));
		put(m, "analysis_source_beam_width_x_um", in.number("analysis source beam width x"));
		put(m, "analysis_source_beam_width_y_um", in.number("analysis source beam width y"));
		if (in(expMode, "MAP", "MAPDP", "MAPSV", "MAPSVDP", "SEM")) {
			put(m, "field_of_view_x_um", in.number("field of view x"));
			put(m, "field_of_view_y_um", in.number("field of view y"));
		}
		if (in(expMode, "MAPSV", "MAPSVDP", "SEM")) in.skip(6, "linescan coordinate");
		put(m, "analysis_source_polar_angle_deg", in.number("analysis source polar angle of incidence"));
		put(m, "analysis_source_azimuth_deg", in.number("analysis source azimuth"));
		m.put("analyser_mode", in.next("analyser mode").trim());
		put(m, "pass_energy_or_retard_ratio", in.number("analyser pass energy or retard ratio"));
		if (tech.equals("AES DIFF")) put(m, "differential_width_eV", in.number("differential width"));
		put(m, "magnification_of_analyser_transfer_lens", in.number("magnification of analyser transfer lens"));
		put(m, "analyser_work_function_eV", in.number("analyser work function"));
		put(m, "target_bias_V", in.number("target bias"));
		put(m, "analysis_width_x_um", in.number("analysis width x"));
		put(m, "analysis_width_y_um", in.number("analysis width y"));
		put(m, "analyser_take_off_polar_angle_deg", in.number("analyser take-off polar angle"));
		put(m, "analyser_take_off_azimuth_deg", in.number("analyser take-off azimuth"));
		String species = clean(in.next("species label"));
		String transition = clean(in.next("transition label"));
		m.put("species", species);
		m.put("transition", transition);
		put(m, "charge_of_detected_particle", in.number("charge of detected particle"));
		String absLabel = null, absUnits = null;
		double absStart = 0, absInc = 0;
		if (scanMode.equals("REGULAR")) {
			absLabel = in.next("abscissa label").trim();
			absUnits = in.next("abscissa units").trim();
			absStart = in.number("abscissa start");
			absInc = in.number("abscissa increment");
		}
		int nVar = in.count("number of corresponding variables", 2);
		if (nVar == 0) throw new InputFormatException(in.file + ": VAMAS line " + in.pos + ": block " + (index + 1) +
			" has no corresponding variables");
		String[] varLabel = new String[nVar], varUnits = new String[nVar];
		for (int i = 0; i < nVar; i++) {
			varLabel[i] = in.next("corresponding variable label").trim();
			varUnits[i] = in.next("corresponding variable units").trim();
		}
		String signalMode = in.next("signal mode").trim();
		m.put("signal_mode", signalMode);
		double dwell = in.number("signal collection time");
		put(m, "dwell_time_s", dwell);
		double scans = in.number("number of scans");
		put(m, "scans", scans);
		put(m, "signal_time_correction_s", in.number("signal time correction"));
		if (in(tech, "AES DIFF", "AES DIR", "EDX", "ELS", "UPS", "XPS", "XRF") && in(expMode, "MAPDP", "MAPSVDP",
			"SDP", "SDPSV"))
		{
			put(m, "sputtering_source_energy_eV", in.number("sputtering source energy"));
			put(m, "sputtering_source_beam_current_nA", in.number("sputtering source beam current"));
			put(m, "sputtering_source_width_x_um", in.number("sputtering source width x"));
			put(m, "sputtering_source_width_y_um", in.number("sputtering source width y"));
			put(m, "sputtering_source_polar_angle_deg", in.number("sputtering source polar angle"));
			put(m, "sputtering_source_azimuth_deg", in.number("sputtering source azimuth"));
			m.put("sputtering_mode", in.next("sputtering mode").trim());
		}
		put(m, "sample_normal_polar_angle_of_tilt_deg", in.number("sample normal polar angle of tilt"));
		put(m, "sample_normal_tilt_azimuth_deg", in.number("sample normal tilt azimuth"));
		put(m, "sample_rotation_angle_deg", in.number("sample rotation angle"));
		int nAdd = in.count("number of additional numerical parameters", 3);
		for (int i = 0; i < nAdd; i++) {
			String label = in.next("additional parameter label").trim();
			String units = in.next("additional parameter units").trim();
			double v = in.number("additional parameter value");
			put(m, "parameter " + label + (units.isEmpty() || units.equals("d") ? "" : " (" + units + ")"), v);
		}
		in.skip(nFutureBlock, "future upgrade block entry");
		int nOrd = in.count("number of ordinate values", 1);
		if (nOrd % nVar != 0) throw new InputFormatException(in.file + ": VAMAS line " + in.pos + ": block " +
			(index + 1) + " has " + nOrd + " ordinate values, not a multiple of its " + nVar + " variables");
		double[][] minMax = new double[nVar][2];
		for (int i = 0; i < nVar; i++) {
			minMax[i][0] = in.number("minimum ordinate value");
			minMax[i][1] = in.number("maximum ordinate value");
		}
		int n = nOrd / nVar;
		if (n == 0) throw new InputFormatException(in.file + ": VAMAS: block " + (index + 1) + " holds no points");
		double[][] vars = new double[nVar][n];
		for (int i = 0; i < n; i++) for (int v = 0; v < nVar; v++) vars[v][i] = in.number("ordinate value");
		for (int v = 0; v < nVar; v++) m.put("declared_range " + varLabel[v], minMax[v][0] + " " + minMax[v][1]);

		// the abscissa
		boolean xpsLike = in(tech, "XPS", "UPS", "XRF");
		boolean hvKnown = Math.abs(hv) < MISSING && hv > 0;
		if (hvKnown) m.put(MetadataKeys.EXCITATION_ENERGY_EV, hv);
		int firstData = 0;
		Axis axis;
		String axisNote;
		if (scanMode.equals("REGULAR")) {
			m.put("abscissa_label", absLabel);
			m.put("abscissa_units", absUnits);
			m.put("abscissa_start", absStart);
			m.put("abscissa_increment", absInc);
			boolean binding = absLabel.toLowerCase(Locale.ROOT).contains("binding");
			if (xpsLike && binding) {
				axis = new Axis("Binding Energy", n, absInc, absStart, "eV");
				axisNote = "binding energy as in the file";
			}
			else if (xpsLike && hvKnown && isEnergy(absLabel, absUnits)) {
				axis = new Axis("Binding Energy", n, -absInc, hv - absStart, "eV");
				axisNote = "binding energy = source energy - kinetic energy";
			}
			else {
				axis = new Axis(absLabel.isEmpty() ? "x" : capitalise(absLabel), n, absInc, absStart, absUnits);
				axisNote = "abscissa as in the file";
			}
		}
		else {
			if (nVar >= 2 && isEnergy(varLabel[0], varUnits[0])) {
				firstData = 1;
				double[] x = vars[0];
				boolean binding = varLabel[0].toLowerCase(Locale.ROOT).contains("binding");
				if (xpsLike && binding) {
					axis = new Axis("Binding Energy", x, "eV");
					axisNote = "binding energy as in the file (irregular)";
				}
				else if (xpsLike && hvKnown) {
					double[] be = new double[n];
					for (int i = 0; i < n; i++) be[i] = hv - x[i];
					axis = new Axis("Binding Energy", be, "eV");
					axisNote = "binding energy = source energy - kinetic energy (irregular)";
				}
				else {
					axis = new Axis(capitalise(varLabel[0]), x, varUnits[0]);
					axisNote = "abscissa as in the file (irregular)";
				}
			}
			else {
				axis = Axis.pixels("index", n);
				axisNote = "irregular file without an energy variable: axis is the point index";
			}
		}
		m.put("axis_note", axisNote);

		String name = !species.isEmpty() && !transition.isEmpty() ? species + " " + transition
			: !species.isEmpty() ? species : blockId;
		m.put("block_name", name);
		String cu = countsUnit(varLabel[firstData], varUnits[firstData], blockId, signalMode);
		m.put("counts_unit", cu);
		m.put("intensity_label", varLabel[firstData]);
		m.put("intensity_units_in_file", varUnits[firstData]);
		for (int v = firstData; v < nVar; v++) {
			Map<String, Object> mv = new LinkedHashMap<>(m);
			if (v > firstData) {
				mv.put("variable", varLabel[v]);
				mv.put("variable_units_in_file", varUnits[v]);
				mv.remove("counts_unit");
			}
			List<Axis> axes = new ArrayList<>();
			axes.add(axis);
			String sname = v == firstData ? name : name + " " + varLabel[v];
			out.add(new Signal(sname, "float64", new int[] { n }, axes, vars[v], null, mv));
		}
	}

	static String countsUnit(String label, String units, String blockId, String signalMode) {
		String all = (label + " " + units + " " + blockId).toLowerCase(Locale.ROOT);
		if (units.equalsIgnoreCase("c/s") || all.contains("per second") || all.contains("counts/s") || all.contains(
			"cps") || all.contains("c/s")) return "counts/s";
		if (units.equalsIgnoreCase("d") || units.equalsIgnoreCase("n") || units.toLowerCase(Locale.ROOT).startsWith(
			"count")) return "counts";
		return units;
	}

	private static boolean isEnergy(String label, String units) {
		return units.equalsIgnoreCase("eV") || label.toLowerCase(Locale.ROOT).contains("energy");
	}

	private static String capitalise(String s) {
		StringBuilder b = new StringBuilder();
		for (String w : s.trim().split("\\s+")) {
			if (w.isEmpty()) continue;
			if (b.length() > 0) b.append(' ');
			b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
		}
		return b.toString();
	}

	/** Labels may end in NUL characters (PHI MultiPak writes "1s\0"). */
	private static String clean(String s) {
		return s.replace("\u0000", "").trim();
	}

	/** PHI MultiPak ends labels with a NUL: allow a NUL right before a line break. */
	private static boolean nulInLabel(byte[] b, int i) {
		return i + 1 < b.length && (b[i + 1] == '\r' || b[i + 1] == '\n');
	}

	private static void put(Map<String, Object> m, String key, double v) {
		if (Math.abs(v) < MISSING && !Double.isNaN(v)) m.put(key, v);
	}

	private static boolean in(String s, String... options) {
		for (String o : options) if (o.equals(s)) return true;
		return false;
	}

	static String abbreviate(String s) {
		return s.length() > 60 ? s.substring(0, 60) + "..." : s;
	}
}
