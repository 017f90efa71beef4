package org.interphase.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The report's configuration file ({@code report --config report.properties}): a Java properties file with the
 * same names as the command-line options, plus which key figures to draw.
 *
 * <pre>
 * group-by = coating
 * x = cycles
 * reference = LATP-bare-100c
 * # key figures by id (as in key-figures/), "depth-*" for every depth picture
 * figures.off = raman-hbn-fwhm, saed-amorphization
 * # or: only these
 * figures.only = sem-reaction-depth, xps-ti3-fraction, depth-*
 * </pre>
 *
 * Options given on the command line win over the file. An unknown name or figure id is refused with the file and
 * the names it knows.
 */
public final class ReportConfig {
	/** The ids of the key figures (depth pictures are "depth-SAMPLE"). */
	public static final List<String> FIGURES = List.of("sem-reaction-depth", "hrtem-coating-thickness",
		"xps-ti3-fraction", "xps-ti3-vs-information-depth", "eels-ti3-profiles", "saed-amorphization",
		"raman-cbn-hbn-ratio", "raman-hbn-fwhm", "depth-*");

	private static final Set<String> KEYS = Set.of("group-by", "x", "reference", "figures.off", "figures.only");

	private ReportConfig() {}

	/** The file's settings with the given options (from the command line) over them where they are set. */
	public static ReportWriter.Options under(ReportWriter.Options commandLine, Path file) throws IOException {
		ReportWriter.Options.Builder o = read(file).toBuilder();
		if (commandLine.groupBy != null) o.groupBy(commandLine.groupBy);
		if (commandLine.x != null) o.x(commandLine.x);
		if (commandLine.reference != null) o.reference(commandLine.reference);
		if (!commandLine.figuresOff.isEmpty() || !commandLine.figuresOnly.isEmpty()) {
			o.figuresOff(commandLine.figuresOff);
			o.figuresOnly(commandLine.figuresOnly);
		}
		return o.build();
	}

	/** Reads the file into a new Options; IllegalArgumentException names the file and what is wrong. */
	public static ReportWriter.Options read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--config " + file + ": no such file");
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(r);
		}
		catch (java.nio.charset.MalformedInputException e) {
			throw new IllegalArgumentException(file + ": not UTF-8 text");
		}
		for (String k : p.stringPropertyNames()) if (!KEYS.contains(k)) throw new IllegalArgumentException(file +
			": unknown setting '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
		ReportWriter.Options o = ReportWriter.Options.builder().groupBy(text(p, "group-by")).x(text(p, "x")).reference(
			text(p, "reference")).figuresOff(ids(file, p, "figures.off")).figuresOnly(ids(file, p, "figures.only")).build();
		if (!o.figuresOff.isEmpty() && !o.figuresOnly.isEmpty()) throw new IllegalArgumentException(file +
			": give figures.off or figures.only, not both");
		return o;
	}

	private static String text(Properties p, String k) {
		String v = p.getProperty(k);
		return v == null || v.trim().isEmpty() ? null : v.trim();
	}

	private static Set<String> ids(Path file, Properties p, String k) {
		Set<String> out = new LinkedHashSet<>();
		String v = p.getProperty(k);
		if (v == null) return out;
		for (String id : v.split("[,\\s]+")) {
			if (id.isEmpty()) continue;
			if (!FIGURES.contains(id) && !id.startsWith("depth-")) throw new IllegalArgumentException(file + ": " + k +
				": no key figure '" + id + "' (figures: " + String.join(", ", FIGURES) + ", or depth-SAMPLE)");
			out.add(id);
		}
		return out;
	}

	/** Whether the options draw the figure with this id. */
	static boolean shows(ReportWriter.Options o, String id) {
		if (!o.figuresOnly.isEmpty()) return matches(o.figuresOnly, id);
		return !matches(o.figuresOff, id);
	}

	private static boolean matches(Set<String> ids, String id) {
		for (String s : ids) if (s.equals(id) || s.endsWith("*") && id.startsWith(s.substring(0, s.length() - 1)))
			return true;
		return false;
	}
}
