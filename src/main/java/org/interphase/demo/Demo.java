package org.interphase.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.GsonBuilder;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.batch.BatchOptions;
import org.interphase.batch.BatchReport;
import org.interphase.batch.BatchRunner;
import org.interphase.core.progress.Progress;
import org.interphase.report.ReportWriter;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.SampleSheet;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;

/**
 * The main job: generates a realistic data set for the demo samples (bare LATP before and after cycling,
 * BN-coated, Al2O3-coated), runs every analysis that exists on it exactly as the command line does, and writes
 * results.csv, the database and the HTML report.
 */
public final class Demo {
	private final Path out;
	private final long seed;
	private final boolean small;
	private final int threads;
	private final PrintStream log;

	public Demo(Path out, long seed, boolean small, int threads, PrintStream log) {
		this.out = out;
		this.seed = seed;
		this.small = small;
		this.threads = threads;
		this.log = log;
	}

	/** Runs the demo; returns the number of inputs that failed (0 on a good run). */
	public int run(Progress progress) throws IOException {
		Path data = out.resolve("data");
		Files.createDirectories(data);
		List<DemoSample> samples = DemoSamples.all();
		Path sheet = writeSampleSheet(data, samples);
		writeTruth(data, samples);
		DemoContext ctx = new DemoContext(data, samples, seed, small);
		int failures = 0;
		List<String> notBuilt = new ArrayList<>();
		for (Analysis a : Analyses.all()) {
			if (!a.available()) {
				notBuilt.add(a.command());
				continue;
			}
			List<DemoJob> jobs = DemoRegistry.writeDemo(a, ctx);
			for (DemoJob job : jobs) {
				BatchOptions.Builder o = BatchOptions.builder().outDir(out).sampleSheet(sheet).threads(threads).params(
					job.params).progress(progress);
				StringBuilder cmd = new StringBuilder("interphase " + a.command() + " --out " + out);
				for (Map.Entry<String, String> e : job.params.entrySet()) cmd.append(" --").append(e.getKey()).append(' ')
					.append(e.getValue());
				for (Path p : job.inputs) cmd.append(' ').append(p);
				BatchReport r = new BatchRunner(a, o.commandLine(cmd.toString()).build()).run(job.inputs);
				failures += r.failures().size();
				for (BatchReport.Failure f : r.failures()) log.println("  failed: " + f.source + ": " + f.error);
				log.println(String.format("%-20s %3d input(s) analysed, %d failed", a.command(), r.analysed(), r.failures()
					.size()));
			}
		}
		if (!notBuilt.isEmpty()) log.println("not built yet (skipped): " + String.join(", ", notBuilt));
		Path html;
		try (ResultsDatabase db = new ResultsDatabase(out.resolve("interphase.db"))) {
			for (DemoSample s : samples) db.putSample(s.id, s.attributes);
			html = ReportWriter.write(db, out.resolve("report"));
			org.interphase.results.ResultsCsv.write(out.resolve("results.csv"), db.rowsFor(out));
		}
		log.println("results:  " + out.resolve("results.csv"));
		log.println("database: " + out.resolve("interphase.db"));
		log.println("report:   " + html);
		return failures;
	}

	static Path writeSampleSheet(Path dir, List<DemoSample> samples) throws IOException {
		List<SampleSheet.Entry> entries = new ArrayList<>();
		for (DemoSample s : samples) entries.add(SampleSheet.entry(s.id, s.id + "_*", s.attributes));
		Path sheet = dir.resolve("samples.csv");
		SampleSheet.write(sheet, entries);
		return sheet;
	}

	static void writeTruth(Path dir, List<DemoSample> samples) throws IOException {
		Map<String, Object> truth = new LinkedHashMap<>();
		for (DemoSample s : samples) truth.put(s.id, s.truths());
		Files.writeString(dir.resolve("ground-truth.json"), new GsonBuilder().setPrettyPrinting().create().toJson(truth),
			StandardCharsets.UTF_8);
	}
}
