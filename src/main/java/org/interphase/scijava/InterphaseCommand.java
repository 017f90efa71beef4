package org.interphase.scijava;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.DynamicCommand;
import org.scijava.command.DynamicCommandInfo;
import org.scijava.module.DefaultMutableModuleItem;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.batch.BatchOptions;
import org.interphase.batch.BatchReport;
import org.interphase.batch.BatchRunner;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.fiji.Interphase;
import org.interphase.fiji.ResultsTables;
import org.interphase.results.FileRecord;
import org.interphase.results.PostgresStore;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.SampleSheet;

/**
 * One analysis as an ImageJ2/SciJava command, for Groovy/Jython scripts ({@code #@} parameters), PyImageJ
 * ({@code ij.command().run(...)}), KNIME and headless Fiji. Its inputs are generated from the analysis' one
 * parameter declaration ({@link Analysis#params()}), so a parameter added there appears here, in the dialog and on
 * the command line at once. Input names are the macro keys (the command-line names with '_' for '-').
 * <p>
 * Inputs: {@code input} (a file or a folder, analysed exactly as {@code ./interphase <command>} analyses it, by
 * the same batch runner), or {@code image} (an open ImagePlus, as the Fiji menu analyses it); {@code sample};
 * {@code sample_sheet}; {@code database}; {@code output} (a folder for results.csv, tables and figures, as the
 * command line's --out); {@code threads}; then each analysis parameter with its default and choices.
 * Outputs: {@code results} (the rows of results.csv as a ResultsTable), {@code run_id} (the run stored in the
 * database, or null when none was asked for), {@code errors} (one line per input that failed).
 * <p>
 * The commands have no menu path: Fiji's menus keep their one entry per analysis (the IJ1 plugin). No input is
 * persisted: a script never silently reuses the previous run's sample, database or parameters.
 * <p>
 * A DynamicCommand is its own module, so {@code CommandService.run} runs it but returns no Future;
 * {@code ModuleService.run(commandService.getCommand(cls), ...)} returns the module with its outputs.
 */
public abstract class InterphaseCommand extends DynamicCommand {
	/** The common inputs and outputs; no analysis parameter may use these names. */
	public static final List<String> COMMON = List.of("input", "image", "sample", "sample_sheet", "database", "output",
		"threads", "results", "run_id", "errors");

	private final String command;
	private boolean declared;

	protected InterphaseCommand(String command) {
		this.command = command;
	}

	/** The analysis this command runs. */
	public Analysis analysis() {
		Analysis a = Analyses.byCommand(command);
		if (a == null) throw new IllegalStateException("no analysis '" + command + "'");
		return a;
	}

	@Override
	public DynamicCommandInfo getInfo() {
		DynamicCommandInfo info = super.getInfo();
		if (!declared) {
			declared = true;
			declare(info, analysis());
		}
		return info;
	}

	private static void declare(DynamicCommandInfo info, Analysis a) {
		DefaultMutableModuleItem<File> input = new DefaultMutableModuleItem<>(info, "input", File.class);
		input.setLabel("Input file or folder");
		input.setDescription("A file, or a folder whose files are analysed one by one (or as one series)");
		input.setRequired(false);
		input.setPersisted(false);
		info.addInput(input);
		if (a.worksOnImages()) {
			DefaultMutableModuleItem<ImagePlus> image = new DefaultMutableModuleItem<>(info, "image", ImagePlus.class);
			image.setLabel("Image (instead of a file)");
			image.setRequired(false);
			image.setAutoFill(false); // never the active window: it may be a plot
			image.setPersisted(false);
			info.addInput(image);
		}
		info.addInput(text(info, "sample", "Sample ID", "Empty: from the sample sheet, else the file name up to '_'"));
		info.addInput(file(info, "sample_sheet", "Sample sheet (CSV)"));
		DefaultMutableModuleItem<String> database = text(info, "database", "Results database",
			"A SQLite file, or a PostgreSQL store postgresql://host[:port]/database (credentials from PGUSER/PGPASSWORD"
				+ " or ~/.pgpass, never in the address); empty: none");
		info.addInput(database);
		DefaultMutableModuleItem<File> output = file(info, "output", "Output folder (results.csv, tables, figures)");
		output.setWidgetStyle("directory");
		info.addInput(output);
		DefaultMutableModuleItem<Integer> threads = new DefaultMutableModuleItem<>(info, "threads", Integer.class);
		threads.setLabel("Threads (0: all cores)");
		threads.setDefaultValue(0);
		threads.setMinimumValue(0);
		threads.setRequired(false);
		threads.setPersisted(false);
		info.addInput(threads);
		for (Param p : a.params()) {
			String name = p.macroKey();
			if (COMMON.contains(name)) throw new IllegalStateException(a.command() + ": parameter " + p.key +
				" clashes with a common input of the SciJava command");
			info.addInput(item(info, p));
		}
		DefaultMutableModuleItem<ResultsTable> results = new DefaultMutableModuleItem<>(info, "results",
			ResultsTable.class);
		results.setIOType(ItemIO.OUTPUT);
		results.setLabel("Results");
		info.addOutput(results);
		DefaultMutableModuleItem<Long> runId = new DefaultMutableModuleItem<>(info, "run_id", Long.class);
		runId.setIOType(ItemIO.OUTPUT);
		info.addOutput(runId);
		DefaultMutableModuleItem<String> errors = new DefaultMutableModuleItem<>(info, "errors", String.class);
		errors.setIOType(ItemIO.OUTPUT);
		info.addOutput(errors);
	}

	/** The typed input of one parameter: Double, Integer, Boolean, File or String (with its choices). */
	static DefaultMutableModuleItem<?> item(DynamicCommandInfo info, Param p) {
		String name = p.macroKey();
		String label = p.dialogLabel().replace('_', ' ') + (p.unit.isEmpty() ? "" : " (" + p.unit + ")");
		DefaultMutableModuleItem<?> item;
		switch (p.kind) {
			case NUMBER: {
				DefaultMutableModuleItem<Double> d = new DefaultMutableModuleItem<>(info, name, Double.class);
				// NaN is "not set" (e.g. the pixel size: from the file); SciJava would otherwise fill in 0
				d.setDefaultValue(p.defaultValue.isEmpty() ? Double.NaN : Double.parseDouble(p.defaultValue));
				// the declared range (the one the command line checks) shown to widgets; checked again on run
				if (!Double.isNaN(p.min)) d.setMinimumValue(p.min);
				if (!Double.isNaN(p.max)) d.setMaximumValue(p.max);
				item = d;
				break;
			}
			case INTEGER: {
				DefaultMutableModuleItem<Integer> d = new DefaultMutableModuleItem<>(info, name, Integer.class);
				if (!p.defaultValue.isEmpty()) d.setDefaultValue(Integer.parseInt(p.defaultValue));
				if (!Double.isNaN(p.min)) d.setMinimumValue((int) Math.max(Integer.MIN_VALUE, Math.ceil(p.min)));
				if (!Double.isNaN(p.max)) d.setMaximumValue((int) Math.min(Integer.MAX_VALUE, Math.floor(p.max)));
				item = d;
				break;
			}
			case FLAG: {
				DefaultMutableModuleItem<Boolean> d = new DefaultMutableModuleItem<>(info, name, Boolean.class);
				d.setDefaultValue(Boolean.parseBoolean(p.defaultValue));
				item = d;
				break;
			}
			case FILE:
				item = new DefaultMutableModuleItem<>(info, name, File.class);
				break;
			case CHOICE: {
				DefaultMutableModuleItem<String> d = new DefaultMutableModuleItem<>(info, name, String.class);
				d.setChoices(p.choices);
				d.setDefaultValue(p.defaultValue);
				item = d;
				break;
			}
			default: {
				DefaultMutableModuleItem<String> d = new DefaultMutableModuleItem<>(info, name, String.class);
				d.setDefaultValue(p.defaultValue);
				item = d;
			}
		}
		item.setLabel(label);
		String range = p.rangeText();
		item.setDescription(p.help + (p.repeatable ? " (several values separated by ';')" : "")
			+ (range.isEmpty() ? "" : " Allowed: " + range + "."));
		item.setRequired(false);
		item.setPersisted(false);
		return item;
	}

	private static DefaultMutableModuleItem<String> text(DynamicCommandInfo info, String name, String label,
		String help)
	{
		DefaultMutableModuleItem<String> s = new DefaultMutableModuleItem<>(info, name, String.class);
		s.setLabel(label);
		s.setDescription(help);
		s.setDefaultValue("");
		s.setRequired(false);
		s.setPersisted(false);
		return s;
	}

	private static DefaultMutableModuleItem<File> file(DynamicCommandInfo info, String name, String label) {
		DefaultMutableModuleItem<File> f = new DefaultMutableModuleItem<>(info, name, File.class);
		f.setLabel(label);
		f.setRequired(false);
		f.setPersisted(false);
		return f;
	}

	/** The analysis parameters as the text values {@link Params} takes (unset inputs keep their defaults). */
	Map<String, String> values(Analysis a) {
		Map<String, String> v = new LinkedHashMap<>();
		for (Param p : a.params()) {
			Object o = getInput(p.macroKey());
			if (o == null) continue;
			String s;
			if (o instanceof Double) s = number((Double) o);
			else if (o instanceof File) s = ((File) o).getPath();
			else s = o.toString();
			if (p.kind == Param.Kind.FILE && s.isEmpty()) continue;
			v.put(p.key, s);
		}
		return v;
	}

	static String number(double d) {
		if (Double.isNaN(d)) return "";
		if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		return Double.toString(d);
	}

	@Override
	public void run() {
		Analysis a = analysis();
		File input = (File) getInput("input");
		ImagePlus image = a.worksOnImages() ? (ImagePlus) getInput("image") : null;
		try {
			Outcome o;
			if (input != null) o = runFiles(a, input.toPath());
			else if (image != null) o = runImage(a, image);
			else throw new IllegalArgumentException(a.command() + ": give an input file or folder" + (a.worksOnImages()
				? " or an image" : ""));
			setOutput("results", ResultsTables.of(o.rows));
			setOutput("run_id", o.runId);
			setOutput("errors", String.join("\n", o.errors));
			if (o.rows.isEmpty() && !o.errors.isEmpty()) cancel(String.join("\n", o.errors));
		}
		catch (IOException | AnalysisException | IllegalArgumentException e) {
			String msg = (input != null ? input.toString() : image != null ? image.getTitle() : a.command()) + ": " + e
				.getMessage();
			setOutput("results", ResultsTables.of(List.of()));
			setOutput("errors", msg);
			cancel(msg);
		}
	}

	/** What a run gave: the rows, the run stored (or null), the failures. */
	private static final class Outcome {
		List<ResultRow> rows = new ArrayList<>();
		Long runId;
		List<String> errors = new ArrayList<>();
	}

	/** A file or folder: the command line's batch runner, with the command line's options. */
	private Outcome runFiles(Analysis a, Path input) throws IOException {
		File out = (File) getInput("output");
		String db = store();
		BatchOptions.Builder b = BatchOptions.builder();
		Path temp = null;
		if (out != null) b.outDir(out.toPath());
		else b.outDir(temp = Files.createTempDirectory("interphase-scijava-"));
		b.saveOutputs(out != null);
		if (db != null && PostgresStore.isUrl(db)) b.store(db);
		else b.db(db != null ? Path.of(db) : null);
		b.sampleId(text("sample"));
		File sheet = (File) getInput("sample_sheet");
		if (sheet != null) b.sampleSheet(sheet.toPath());
		Integer threads = (Integer) getInput("threads");
		if (threads != null && threads > 0) b.threads(threads);
		Map<String, String> params = values(a);
		BatchOptions o = b.params(params).commandLine("scijava " + a.command() + " " + params).build();
		try {
			BatchReport report = new BatchRunner(a, o).run(List.of(input));
			Outcome res = new Outcome();
			res.rows.addAll(report.rows());
			for (BatchReport.Failure f : report.failures()) res.errors.add(f.source + ": " + f.error);
			if (out != null || db != null) res.runId = lastRun(o.storeLocation());
			return res;
		}
		finally {
			if (temp != null) deleteTree(temp);
		}
	}

	/** An open image, as the Fiji menu command analyses it (the same dataset, the same core call). */
	private Outcome runImage(Analysis a, ImagePlus image) throws IOException, AnalysisException {
		if (!Interphase.isAnalysable(image)) throw new IllegalArgumentException("'" + image.getTitle() +
			"' is a plot or an Interphase result, not an image to analyse");
		Params params = a.parameters(values(a));
		org.interphase.core.data.Dataset d = Interphase.dataset(image);
		String source = d.source;
		String sample = text("sample");
		if (sample == null || sample.isEmpty()) {
			File sheet = (File) getInput("sample_sheet");
			SampleSheet.Entry e = sheet != null ? SampleSheet.read(sheet.toPath()).match(Path.of(source)) : null;
			sample = e != null ? e.sampleId : SampleSheet.idFromFileName(Path.of(source));
		}
		Integer threads = (Integer) getInput("threads");
		AnalysisResult r = a.analyze(d, params, new AnalysisContext(null, threads == null ? 0 : threads));
		String s = sample;
		Outcome res = new Outcome();
		res.rows = r.rows().stream().map(x -> x.context(s, a.technique(), a.name(), source)).collect(Collectors
			.toList());
		String db = store();
		if (db != null) {
			try (ResultsDatabase store = ResultsDatabase.open(db)) {
				long run = store.startRun("scijava " + a.command(), params.asMap(), store.isPostgres() ? null : Path.of(
					db).toAbsolutePath().getParent());
				Path p = Path.of(source);
				FileRecord rec = Files.isRegularFile(p) ? FileRecord.of(p, a.technique()) : new FileRecord(source, 0,
					"image:" + source, a.technique());
				store.putSample(sample, Map.of());
				store.store(run, rec, a.name(), ResultsDatabase.paramsHash(a.command(), params.asMap()), null, res.rows);
				res.runId = run;
			}
		}
		return res;
	}

	private String text(String name) {
		Object o = getInput(name);
		return o == null ? null : o.toString().trim();
	}

	/**
	 * The {@code database} input: a SQLite file or a PostgreSQL address; scripts may pass a File or text (an
	 * older script's {@code #@ File database} still works). Null when none was given.
	 */
	private String store() {
		Object o = getInput("database");
		String s = o == null ? "" : o instanceof File ? ((File) o).getPath() : o.toString().trim();
		return s.isEmpty() ? null : s;
	}

	private static Long lastRun(String db) throws IOException {
		try (ResultsDatabase d = ResultsDatabase.open(db); Statement s = d.connection().createStatement();
			ResultSet r = s.executeQuery("SELECT MAX(run_id) FROM runs"))
		{
			return r.next() ? r.getLong(1) : null;
		}
		catch (java.sql.SQLException e) {
			throw new IOException(db + ": " + e.getMessage(), e);
		}
	}

	private static void deleteTree(Path p) {
		try (java.util.stream.Stream<Path> s = Files.walk(p)) {
			s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		catch (IOException e) {
			// a temporary folder left behind
		}
	}
}
