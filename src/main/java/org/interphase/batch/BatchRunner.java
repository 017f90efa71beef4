package org.interphase.batch;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVPrinter;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Params;
import org.interphase.core.Parallel;
import org.interphase.core.data.Dataset;
import org.interphase.core.progress.Progress;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.results.Csv;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsCsv;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.SampleSheet;

/**
 * Runs one analysis over files and folders, the way the command line, the demo and Fiji's batch use it: every
 * input gets a sample ID, is read, analysed and its rows stored in one transaction; a bad input becomes one line
 * in {@code errors.csv} and the batch goes on; {@code results.csv} is rewritten from the database at the end.
 */
public final class BatchRunner {
	private final Analysis analysis;
	private final BatchOptions options;
	private final Params params;

	/** One unit of work: a file, or a folder read as one series. */
	static final class Input {
		final Path path;
		final String source;
		final boolean series;
		final SampleSheet sheet;
		/** Several files given together as one series (null: a file, or a folder). */
		List<Path> files;

		Input(Path path, String source, boolean series, SampleSheet sheet) {
			this.path = path;
			this.source = source;
			this.series = series;
			this.sheet = sheet;
		}
	}

	public BatchRunner(Analysis analysis, BatchOptions options) {
		this.analysis = analysis;
		this.options = options;
		this.params = analysis.parameters(options.params).checkDeclared();
	}

	public Params params() {
		return params;
	}

	public BatchReport run(List<Path> inputs) throws IOException {
		if (options.outDir == null) throw new IllegalArgumentException("--out is required");
		Files.createDirectories(options.outDir);
		BatchReport report = new BatchReport();
		List<Input> all = expand(inputs, report);
		List<Input> work = options.shard.isAll() ? all : shard(all, report);
		Map<String, String> stems = Outputs.stems(work.stream().map(w -> w.source).collect(Collectors.toList()));
		String paramsHash = ResultsDatabase.paramsHash(analysis.command(), params.asMap());
		try (ResultsDatabase db = ResultsDatabase.open(options.storeLocation())) {
			Map<String, String> runParams = new LinkedHashMap<>(params.asMap());
			long runId = db.startRun(options.commandLine.isEmpty() ? analysis.command() : options.commandLine,
				runParams, options.outDir);
			java.util.Set<String> samples = java.util.Collections.synchronizedSet(new java.util.TreeSet<>());
			// results.csv and errors.csv follow the database file by file, so a killed batch leaves them consistent
			// with what was stored (rebuilt from the database here, appended per input, rewritten at the end)
			LiveCsv live = LiveCsv.start(options.outDir, db.rowsFor(options.outDir), report.failures());
			int fileThreads = Math.max(1, Math.min(options.threads, work.size()));
			// threads per input as in the unsharded run: an analysis whose last bits depend on its thread count (HRTEM's
			// substrate_fringe_spacing sigma did) must not give a shard other numbers than one run of all inputs
			int innerThreads = Math.max(1, options.threads / Math.max(1, Math.min(options.threads, all.size())));
			Batch b = new Batch(db, runId, paramsHash, report, work, stems, samples, live, innerThreads);
			options.progress.update(0, analysis.command());
			Parallel.forRange(work.size(), fileThreads, (from, to) -> {
				for (int i = from; i < to; i++) processInput(b, work.get(i));
			});
			for (String sample : samples) storeSampleSummary(b, sample);
			rewriteResultsCsv(db);
		}
		writeErrors(options.outDir.resolve("errors.csv"), report.failures());
		return report;
	}

	/** What every input of one batch shares while it is analysed and stored (the threads share it too). */
	private static final class Batch {
		final ResultsDatabase db;
		final long runId;
		final String paramsHash;
		final BatchReport report;
		final List<Input> work;
		final Map<String, String> stems;
		/** The samples with stored rows (synchronized: the file threads add to it). */
		final Set<String> samples;
		final LiveCsv live;
		final int innerThreads;
		final AtomicInteger done = new AtomicInteger();

		Batch(ResultsDatabase db, long runId, String paramsHash, BatchReport report, List<Input> work,
			Map<String, String> stems, Set<String> samples, LiveCsv live, int innerThreads)
		{
			this.db = db;
			this.runId = runId;
			this.paramsHash = paramsHash;
			this.report = report;
			this.work = work;
			this.stems = stems;
			this.samples = samples;
			this.live = live;
			this.innerThreads = innerThreads;
		}
	}

	/** An input read and analysed: its data (for the overlay) and its result. */
	private static final class Analysed {
		final Dataset data;
		final AnalysisResult result;

		Analysed(Dataset data, AnalysisResult result) {
			this.data = data;
			this.result = result;
		}
	}

	/** One input from reading to its saved figures; a failure is recorded and the batch goes on. */
	private void processInput(Batch b, Input in) {
		Analysed done = analyseAndStore(b, in);
		// the input's rows are stored: a figure or overlay that cannot be drawn is a warning, never a failure
		if (done != null && options.saveOutputs) saveOutputs(b, in, done);
		done = null; // released before the progress callback
		options.progress.update(b.done.incrementAndGet() / (double) b.work.size(), in.source);
	}

	/** Reads, analyses and stores one input in one transaction; null (and the failure recorded) when it fails. */
	private Analysed analyseAndStore(Batch b, Input in) {
		try {
			String sample = sampleOf(in);
			Dataset data = read(in);
			AnalysisResult res = analysis.analyze(data, params, new AnalysisContext(b.work.size() == 1 ? options.progress
				: Progress.NONE, b.innerThreads));
			storeRows(b, in, sample, res);
			return new Analysed(data, res);
		}
		catch (InputProblem | AnalysisException | IOException | RuntimeException | OutOfMemoryError e) {
			recordFailure(b, in, e);
			return null;
		}
	}

	/** The result's rows with their sample IDs and source, stored with their samples, then counted and appended live. */
	private void storeRows(Batch b, Input in, String sample, AnalysisResult res) throws IOException {
		List<ResultRow> rows = res.rows().stream().map(r -> r.context(r.sampleId.isEmpty() ? sample : in.sheet.sampleOfFileSample(in.path, r.sampleId), analysis.technique(), analysis
			.name(), in.source)).collect(Collectors.toList());
		// a file may hold several samples (a multi-sample VAMAS file): each row keeps its own sample ID
		Set<String> fileSamples = new LinkedHashSet<>();
		fileSamples.add(sample);
		for (ResultRow r : rows) fileSamples.add(r.sampleId);
		for (String s : fileSamples) b.db.putSample(s, in.sheet.attributes(s));
		b.db.store(b.runId, FileRecord.of(in.path, analysis.technique()), analysis.name(), b.paramsHash, null, rows);
		b.report.analysed(rows);
		b.samples.addAll(fileSamples);
		b.live.rows(rows);
	}

	/** A failed input: one line in the report, in errors.csv and in the database. */
	private void recordFailure(Batch b, Input in, Throwable e) {
		String msg = message(e, in);
		b.report.failed(in.source, msg);
		b.live.failure(in.source, msg);
		try {
			b.db.storeError(b.runId, in.source, msg);
		}
		catch (IOException ignored) {
			// the error still reaches errors.csv
		}
	}

	/** The input's figures and overlay; a failure here is a warning (the rows are already stored). */
	private void saveOutputs(Batch b, Input in, Analysed done) {
		try {
			Outputs.save(options.outDir, b.stems.get(in.source), done.result, analysis.worksOnImages() ? done.data
				.primary() : null);
		}
		catch (IOException | RuntimeException | OutOfMemoryError e) {
			String msg = "figures or overlay not saved (" + message(e, in) + "); the results are stored";
			b.report.warned(in.source, msg);
			options.warnings.accept(in.source + ": " + msg);
		}
	}

	/** The sample's summary over the latest run of each of its files; a failure is a warning. */
	private void storeSampleSummary(Batch b, String sample) throws IOException {
		try {
			List<ResultRow> summary = b.db.storeSummary(b.runId, sample, analysis.name(), b.paramsHash, perFile -> {
				List<AnalysisResult> results = new ArrayList<>();
				for (List<ResultRow> f : perFile) results.add(new AnalysisResult().addAll(f));
				return analysis.summarize(sample, results).stream().map(r -> r.context(sample, analysis.technique(),
					analysis.name(), "")).collect(Collectors.toList());
			});
			b.report.summary(summary);
		}
		catch (RuntimeException e) {
			String msg = "no summary for sample " + sample + " (" + message(e, null) + ")";
			b.report.warned("", msg);
			options.warnings.accept(msg);
		}
	}

	/** results.csv rewritten from the database, under the --out folder's monitor and file lock. */
	private void rewriteResultsCsv(ResultsDatabase db) throws IOException {
		// read and written under the --out folder's lock: with two batches into one --out, the one that writes
		// last reads the database after the other has stored all its rows (else its older read could win)
		synchronized (outLock(options.outDir)) {
			try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(options.outDir.resolve(
				".interphase.lock"), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
				java.nio.channels.FileLock lock = ch.lock())
			{
				ResultsCsv.write(options.outDir.resolve("results.csv"), db.rowsFor(options.outDir));
			}
		}
	}

	private static final java.util.concurrent.ConcurrentHashMap<Path, Object> OUT_LOCKS =
		new java.util.concurrent.ConcurrentHashMap<>();

	/** One monitor per --out folder in this JVM (a file lock is held per process, not per thread). */
	private static Object outLock(Path outDir) {
		return OUT_LOCKS.computeIfAbsent(outDir.toAbsolutePath().normalize(), k -> new Object());
	}

	/** The inputs of this batch's {@code --shard}; an input that cannot be fingerprinted fails in shard 0 only. */
	private List<Input> shard(List<Input> work, BatchReport report) {
		List<Input> mine = new ArrayList<>();
		for (Input in : work) {
			try {
				if (options.shard.owns(in.path)) mine.add(in);
			}
			catch (IOException e) {
				if (options.shard.index == 0) report.failed(in.source, "cannot read it to choose its shard (" + e
					.getMessage() + ")");
			}
		}
		return mine;
	}

	private Dataset read(Input in) throws IOException, InputProblem {
		if (in.series && in.files != null) return Readers.readSeries(in.files, in.source);
		if (in.series) {
			Dataset d = readSeries(analysis, in.path);
			if (d == null) throw new InputProblem("the series folder holds no " + analysis.technique() + " files");
			return d;
		}
		Dataset d = Readers.read(in.path);
		org.interphase.core.data.FrameSource frames = org.interphase.core.data.FrameSource.in(d);
		if (frames != null && !analysis.streamsFrames()) throw new InputProblem("a stack of " + frames.frames() +
			" frames of " + frames.width() + "x" + frames.height() + " that does not fit in memory; " + analysis.command() +
			" needs it whole (only saed reads a series frame by frame): give Java more memory (INTERPHASE_JAVA_OPTS=" +
			"-Xmx...) or analyse a part");
		if (org.interphase.core.data.SpectrumTiles.in(d) != null && !analysis.streamsSpectra()) throw new InputProblem(
			"a spectrum image that does not fit in memory; " + analysis.command() + " needs it whole (eels-" +
				"valence, raman-bn and xps-fit read one in tiles of rows): give Java more memory (INTERPHASE_JAVA_OPTS=" +
				"-Xmx...) or analyse a part");
		return d;
	}

	/**
	 * A folder read as one series, as the command line reads it (the files the analysis accepts, in file-name order,
	 * as one stack); null when it holds none. Fiji's series commands read folders with it.
	 */
	public static Dataset readSeries(Analysis analysis, Path folder) throws IOException {
		List<Path> files;
		try (Stream<Path> s = Files.list(folder)) {
			files = s.filter(Files::isRegularFile).filter(analysis::accepts).sorted().collect(Collectors.toList());
		}
		return files.isEmpty() ? null : Readers.readSeries(files, folder.toString());
	}

	private String sampleOf(Input in) throws InputProblem {
		if (options.sampleId != null && !options.sampleId.isBlank()) return options.sampleId.trim();
		SampleSheet.Entry e = in.sheet.match(in.path);
		if (e != null) return e.sampleId;
		String id = SampleSheet.idFromFileName(in.path);
		if (!in.sheet.isEmpty() && in.sheet.byId(id) == null) throw new InputProblem("unknown sample: no entry of " +
			in.sheet.source() + " matches this file, and '" + id + "' (from the file name) is not in it");
		return id;
	}

	/** Expands folders, finds each input's sample sheet, and records missing inputs as failures. */
	List<Input> expand(List<Path> inputs, BatchReport report) throws IOException {
		List<Input> out = new ArrayList<>();
		SampleSheet explicit = options.sampleSheet != null ? SampleSheet.read(options.sampleSheet) : null;
		// several single spectra given with the series option: one series (an EELS line scan exported one EMSA file
		// per position); several images or stacks stay separate inputs as before
		if (inputs.size() > 1 && analysis.folderIsSeries(params) && inputs.stream().allMatch(Files::isRegularFile) &&
			singleSpectrum(inputs.get(0))) {
			Path first = inputs.get(0);
			Path folder = first.toAbsolutePath().getParent();
			Input one = new Input(first, first.toString(), true, explicit != null ? explicit : defaultSheet(folder));
			one.files = new ArrayList<>(inputs);
			out.add(one);
			return out;
		}
		for (Path p : inputs) {
			String given = p.toString();
			if (!Files.exists(p)) {
				report.failed(given, "no such file or folder");
				continue;
			}
			Path folder = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
			SampleSheet sheet = explicit != null ? explicit : defaultSheet(folder);
			if (Files.isDirectory(p)) {
				if (analysis.folderIsSeries(params)) {
					out.add(new Input(p, given, true, sheet));
					continue;
				}
				List<Path> files;
				try (Stream<Path> s = Files.walk(p)) {
					files = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
				}
				int before = out.size();
				for (Path f : files) {
					String name = f.getFileName().toString();
					if (name.startsWith(".") || name.equals("samples.csv") || name.endsWith(".expected.json")) continue;
					if (analysis.accepts(f)) out.add(new Input(f, p.resolve(p.relativize(f)).toString(), false, sheet));
					else {
						report.skipped(f.toString());
						options.warnings.accept("skipped " + f + " (not a " + analysis.command() + " input)");
					}
				}
				if (out.size() == before) report.failed(given, "no " + analysis.command() + " input files in this folder" +
					" (looked for " + String.join(", ", analysis.extensions()) + ")");
			}
			else out.add(new Input(p, given, false, sheet));
		}
		return out;
	}

	private static boolean singleSpectrum(Path file) {
		try {
			return Readers.read(file).primary().ndim() == 1;
		}
		catch (IOException | RuntimeException e) {
			return false; // reported when the file is read as an input of its own
		}
	}

	private SampleSheet defaultSheet(Path folder) throws IOException {
		if (folder == null) return SampleSheet.empty();
		Path s = folder.resolve("samples.csv");
		return Files.isRegularFile(s) ? SampleSheet.read(s) : SampleSheet.empty();
	}

	/** One line naming the problem, without repeating the path the source column already gives. */
	static String message(Throwable e, Input in) {
		String m = e.getMessage();
		if (e instanceof OutOfMemoryError) m = "not enough memory to analyse it; give Java more memory (" +
			"INTERPHASE_JAVA_OPTS=-Xmx...) or analyse a smaller region";
		else if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException) || m == null || m.isBlank())
			m = "the analysis failed on this input with an internal error (" + e.getClass().getSimpleName() + (m == null ||
				m.isBlank() ? "" : ": " + m) + "); please report it with the file";
		if (in != null) for (String prefix : new String[] { in.path.toString() + ": ", in.source + ": ", in.path
			.toAbsolutePath().toString() + ": " })
			if (m.startsWith(prefix)) m = m.substring(prefix.length());
		return m.replace('\n', ' ').replace('\r', ' ');
	}

	static void writeErrors(Path file, List<BatchReport.Failure> failures) throws IOException {
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
			ResultsCsv.FORMAT))
		{
			p.printRecord("source", "error");
			for (BatchReport.Failure f : failures) p.printRecord(Csv.text(f.source), Csv.text(f.error));
		}
	}

	/** A problem with one input that is not an I/O or analysis error (unknown sample, empty series). */
	static final class InputProblem extends Exception {
		private static final long serialVersionUID = 1L;

		InputProblem(String m) {
			super(m);
		}
	}

	static String lower(String s) {
		return s.toLowerCase(Locale.ROOT);
	}
}
