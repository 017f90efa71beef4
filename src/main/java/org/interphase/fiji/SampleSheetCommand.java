package org.interphase.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import org.interphase.report.ReportWriter;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.SampleSheet;

/**
 * The Samples menu: edit the sample sheet (add or update a sample and its attributes), set the sample ID used by
 * the next analyses, choose the results database, and write the report.
 */
public class SampleSheetCommand implements PlugIn {
	@Override
	public void run(String arg) {
		try {
			switch (arg) {
				case "edit": edit(); break;
				case "set": set(); break;
				case "database": database(); break;
				case "report": report(); break;
				default: IJ.error("Interphase", "unknown Samples command '" + arg + "'");
			}
		}
		catch (IOException | IllegalArgumentException e) {
			IJ.error("Interphase Samples", e.getMessage());
		}
	}

	private void edit() throws IOException {
		GenericDialog gd = new GenericDialog("Interphase: Edit Sample Sheet");
		ParamDialog.addFile(gd, "Sheet", FijiSettings.sampleSheet().isEmpty() ? Path.of(System.getProperty("user.home"),
			"samples.csv").toString() : FijiSettings.sampleSheet(), false);
		gd.addStringField("Sample_id", "", 24);
		gd.addStringField("Files", "", 24);
		gd.addStringField("Attributes", "coating=BN; cycles=500", 40);
		gd.addMessage("Files: a file name or glob (LATP-BN_*.tif). Attributes: key=value pairs separated by ';'.");
		gd.showDialog();
		if (gd.wasCanceled()) return;
		Path sheet = Path.of(gd.getNextString().trim());
		String id = gd.getNextString().trim();
		String files = gd.getNextString().trim();
		Map<String, String> attrs = parseAttributes(gd.getNextString());
		List<SampleSheet.Entry> entries = new ArrayList<>(Files.isRegularFile(sheet) ? SampleSheet.read(sheet)
			.entries() : List.of());
		if (!id.isEmpty()) {
			if (id.contains(",")) throw new IllegalArgumentException("a sample ID cannot contain ','");
			SampleSheet.Entry old = null;
			for (SampleSheet.Entry e : entries) if (e.sampleId.equals(id)) old = e;
			Map<String, String> merged = new LinkedHashMap<>(old == null ? Map.of() : old.attributes);
			merged.putAll(attrs);
			SampleSheet.Entry updated = SampleSheet.entry(id, files.isEmpty() && old != null ? old.filePattern : files,
				merged);
			if (old != null) entries.set(entries.indexOf(old), updated);
			else entries.add(updated);
			if (sheet.toAbsolutePath().getParent() != null) Files.createDirectories(sheet.toAbsolutePath().getParent());
			SampleSheet.write(sheet, entries);
		}
		FijiSettings.sampleSheet(sheet.toString());
		ResultsTable rt = new ResultsTable();
		for (SampleSheet.Entry e : entries) {
			rt.incrementCounter();
			rt.addValue("sample_id", e.sampleId);
			rt.addValue("file", e.filePattern);
			for (Map.Entry<String, String> a : e.attributes.entrySet()) rt.addValue(a.getKey(), a.getValue());
		}
		rt.show("Samples");
	}

	static Map<String, String> parseAttributes(String s) {
		Map<String, String> m = new LinkedHashMap<>();
		for (String part : s.split(";")) {
			if (part.isBlank()) continue;
			int eq = part.indexOf('=');
			if (eq <= 0) throw new IllegalArgumentException("attribute '" + part.trim() + "' is not key=value");
			m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
		}
		return m;
	}

	private void set() {
		GenericDialog gd = new GenericDialog("Interphase: Set Sample ID");
		gd.addStringField("Sample_id", FijiSettings.currentSample(), 24);
		gd.addMessage("Empty: each image's sample comes from the sample sheet or its file name.");
		gd.showDialog();
		if (gd.wasCanceled()) return;
		FijiSettings.currentSample(gd.getNextString().trim());
	}

	private void database() throws IOException {
		GenericDialog gd = new GenericDialog("Interphase: Results Database");
		ParamDialog.addFile(gd, "Database", FijiSettings.databaseLocation(), false);
		gd.addMessage("A SQLite file, or the lab's store: postgresql://host/database (user and password from\n" +
			"PGUSER/PGPASSWORD or ~/.pgpass, never typed here).");
		gd.showDialog();
		if (gd.wasCanceled()) return;
		String p = gd.getNextString().trim();
		try (ResultsDatabase db = ResultsDatabase.open(p)) {
			IJ.log("Interphase: results go to " + db.location() + " (" + db.rows().size() + " rows so far)");
		}
		FijiSettings.database(p);
	}

	private void report() throws IOException {
		GenericDialog gd = new GenericDialog("Interphase: Report");
		ParamDialog.addFile(gd, "Database", FijiSettings.databaseLocation(), false);
		ParamDialog.addFile(gd, "Output", Path.of(System.getProperty("user.home"), "interphase-report").toString(), true);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		String db = gd.getNextString().trim();
		Path out = Path.of(gd.getNextString().trim());
		if (!org.interphase.results.PostgresStore.isUrl(db) && !Files.isRegularFile(Path.of(db))) throw new IOException(db +
			": no such database");
		try (ResultsDatabase d = ResultsDatabase.open(db)) {
			Path html = ReportWriter.write(d, out);
			IJ.log("Interphase report: " + html);
			if (!GraphicsHeadless.is()) IJ.runPlugIn("ij.plugin.BrowserLauncher", html.toUri().toString());
		}
	}
}
