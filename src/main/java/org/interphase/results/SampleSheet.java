package org.interphase.results;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The sample sheet of the contract: a CSV with a header, column {@code sample_id} required, column {@code file}
 * (a name or a glob such as {@code LATP-BN_*.tif}) saying which inputs belong to the sample, every other column an
 * attribute. Without a sheet and without an explicit ID, the sample ID is the file name up to the first '_' with
 * the extension removed.
 */
public final class SampleSheet {
	public static final class Entry {
		public final String sampleId;
		public final String filePattern;
		public final Map<String, String> attributes;
		private final PathMatcher matcher;

		Entry(String sampleId, String filePattern, Map<String, String> attributes) {
			this.sampleId = sampleId;
			this.filePattern = filePattern == null ? "" : filePattern;
			this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
			this.matcher = this.filePattern.isEmpty() ? null : FileSystems.getDefault().getPathMatcher("glob:" +
				this.filePattern);
		}

		boolean matches(Path file) {
			return matcher != null && matcher.matches(file.getFileName());
		}
	}

	private final List<Entry> entries;
	private final Path source;

	private SampleSheet(Path source, List<Entry> entries) {
		this.source = source;
		this.entries = Collections.unmodifiableList(entries);
	}

	public static SampleSheet empty() {
		return new SampleSheet(null, new ArrayList<>());
	}

	public static SampleSheet read(Path csv) throws IOException {
		List<Entry> entries = new ArrayList<>();
		try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = CSVFormat.DEFAULT.builder()
			.setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get()
			.parse(r))
		{
			List<String> header = p.getHeaderNames();
			if (!header.contains("sample_id")) throw new IOException(csv + ": the sample sheet has no 'sample_id' column" +
				" (columns: " + header + ")");
			for (CSVRecord rec : p) {
				String id = rec.get("sample_id").trim();
				if (id.isEmpty()) continue;
				Map<String, String> attrs = new LinkedHashMap<>();
				for (String h : header) {
					if (h.equals("sample_id") || h.equals("file")) continue;
					if (rec.isSet(h) && !rec.get(h).isBlank()) attrs.put(h, rec.get(h).trim());
				}
				String file = header.contains("file") && rec.isSet("file") ? rec.get("file").trim() : "";
				entries.add(new Entry(id, file, attrs));
			}
		}
		catch (IllegalArgumentException | IllegalStateException e) {
			throw new IOException(csv + ": not a valid sample sheet (" + e.getMessage() + ")", e);
		}
		return new SampleSheet(csv, entries);
	}

	/** Writes a sheet: sample_id, file, then the union of attribute columns. */
	public static void write(Path csv, List<Entry> entries) throws IOException {
		List<String> cols = new ArrayList<>();
		cols.add("sample_id");
		cols.add("file");
		for (Entry e : entries) for (String k : e.attributes.keySet()) if (!cols.contains(k)) cols.add(k);
		try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
			ResultsCsv.FORMAT))
		{
			p.printRecord(cols);
			for (Entry e : entries) {
				List<String> row = new ArrayList<>();
				row.add(e.sampleId);
				row.add(e.filePattern);
				for (int i = 2; i < cols.size(); i++) row.add(e.attributes.getOrDefault(cols.get(i), ""));
				p.printRecord(row);
			}
		}
	}

	public static Entry entry(String sampleId, String filePattern, Map<String, String> attributes) {
		return new Entry(sampleId, filePattern, attributes);
	}

	public List<Entry> entries() {
		return entries;
	}

	public Path source() {
		return source;
	}

	/** The entry whose file pattern matches, or null. */
	public Entry match(Path file) {
		for (Entry e : entries) if (e.matches(file)) return e;
		return null;
	}

	public Entry byId(String id) {
		for (Entry e : entries) if (e.sampleId.equals(id)) return e;
		return null;
	}

	/** The file-name rule: the name up to the first '_', extension removed. */
	public static String idFromFileName(Path file) {
		String n = file.getFileName().toString();
		int us = n.indexOf('_');
		if (us > 0) return n.substring(0, us);
		int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}

	/**
	 * The sample ID of an input: the explicit ID when given, else the sheet's matching entry, else the file-name
	 * rule.
	 */
	public String sampleOf(Path file, String explicitId) {
		if (explicitId != null && !explicitId.isBlank()) return explicitId.trim();
		Entry e = match(file);
		if (e != null) return e.sampleId;
		return idFromFileName(file);
	}

	/** Column naming a sample identifier stored inside a file (e.g. a VAMAS block's sample), mapped to sample_id. */
	public static final String FILE_SAMPLE = "file_sample";

	/**
	 * The sheet's sample ID for a sample identifier found inside a file (a multi-sample VAMAS file names its
	 * samples): the entry whose {@code file_sample} column equals it and whose {@code file} matches the file (or is
	 * empty); the identifier itself when no entry maps it.
	 */
	public String sampleOfFileSample(Path file, String fileSampleId) {
		for (Entry e : entries)
			if (fileSampleId.equals(e.attributes.get(FILE_SAMPLE)) && (e.filePattern.isEmpty() || e.matches(file))) return e.sampleId;
		return fileSampleId;
	}

	/** Attributes for a sample ID from the sheet (empty if not listed). */
	public Map<String, String> attributes(String sampleId) {
		Entry e = byId(sampleId);
		return e == null ? Map.of() : e.attributes;
	}

	public boolean isEmpty() {
		return entries.isEmpty();
	}

	@Override
	public String toString() {
		return "SampleSheet(" + (source == null ? "none" : source.toString()) + ", " + entries.size() + " samples)";
	}

	static String lower(String s) {
		return s.toLowerCase(Locale.ROOT);
	}
}
