package org.interphase.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.Param;
import org.interphase.batch.BatchOptions;
import org.interphase.batch.BatchReport;
import org.interphase.batch.BatchRunner;

/**
 * One analysis as a command: its options are generated from the analysis' {@link Param} list plus the common
 * options, so the command line can never drift from the Fiji dialog.
 */
final class AnalysisCommandLine implements Callable<Integer> {
	private final Analysis analysis;
	private final PrintStream out, err;
	private CommandSpec spec;

	AnalysisCommandLine(Analysis analysis, PrintStream out, PrintStream err) {
		this.analysis = analysis;
		this.out = out;
		this.err = err;
	}

	CommandSpec spec() {
		spec = CommandSpec.wrapWithoutInspection(this);
		spec.name(analysis.command());
		spec.usageMessage().description((analysis.description() + (analysis.available() ? ""
			: " This command is not built yet: it exits with status 2.")).replace("%", "%%"));
		CommonOptions.add(spec, true);
		for (Param p : analysis.params()) {
			if (CommonOptions.NAMES.contains(p.key)) throw new IllegalStateException(analysis.command() + ": parameter --" +
				p.key + " clashes with a common option");
			OptionSpec.Builder b = OptionSpec.builder("--" + p.key).description(describe(p));
			switch (p.kind) {
				case FLAG:
					b.arity("0..1").type(Boolean.class).paramLabel("true|false");
					break;
				default:
					b.paramLabel(label(p)).type(p.repeatable ? String[].class : String.class);
			}
			spec.addOption(b.build());
			for (String old : p.formerly) spec.addOption(OptionSpec.builder("--" + old).hidden(true).description(p
				.deprecation(old).replace("%", "%%")).paramLabel(label(p)).type(String.class).build());
		}
		CommonOptions.inputs(spec, "files or folders to analyse (folders are walked)");
		return spec;
	}

	private static String label(Param p) {
		switch (p.kind) {
			case NUMBER: return "V";
			case INTEGER: return "N";
			case CHOICE: return String.join("|", p.choices);
			case FILE: return "FILE";
			default: return "TEXT";
		}
	}

	private static String describe(Param p) {
		String d = p.help;
		if (!p.unit.isEmpty()) d += " [" + p.unit + "]";
		if (!p.defaultValue.isEmpty() && p.kind != Param.Kind.FLAG) d += " (default: " + p.defaultValue + ")";
		if (!p.rangeText().isEmpty()) d += " (allowed: " + p.rangeText() + ")";
		if (p.repeatable) d += " (repeatable)";
		return d.replace("%", "%%"); // picocli formats descriptions: a bare % is a format specifier
	}

	@Override
	public Integer call() throws Exception {
		ParseResult pr = spec.commandLine().getParseResult();
		if (!analysis.available()) {
			err.println(analysis.command() + ": " + analysis.description());
			return 2;
		}
		BatchOptions.Builder b = BatchOptions.builder();
		b.outDir(pr.matchedOptionValue("--out", null));
		String db = pr.matchedOptionValue("--db", null);
		if (org.interphase.results.PostgresStore.isUrl(db)) try {
			org.interphase.results.PostgresStore.check(db);
			b.store(db);
		}
		catch (IllegalArgumentException e) {
			throw new CommandLine.ParameterException(spec.commandLine(), "--db: " + e.getMessage());
		}
		else if (db != null) b.db(Path.of(db));
		String shard = pr.matchedOptionValue("--shard", null);
		if (shard != null) try {
			b.shard(org.interphase.batch.Shard.parse(shard));
		}
		catch (IllegalArgumentException e) {
			throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
		}
		b.sampleId(pr.matchedOptionValue("--sample", null));
		b.sampleSheet(pr.matchedOptionValue("--sample-sheet", null));
		Integer threads = pr.matchedOptionValue("--threads", null);
		if (threads != null) {
			if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
			b.threads(threads);
		}
		boolean quiet = pr.matchedOptionValue("--quiet", false);
		b.progress(ProgressBar.forConsole(err, quiet));
		b.warnings(w -> {
			if (!quiet) err.println("warning: " + w);
		});
		Map<String, String> given = new LinkedHashMap<>();
		for (Param p : analysis.params()) {
			if (!pr.hasMatchedOption("--" + p.key)) continue;
			Object v = pr.matchedOptionValue("--" + p.key, null);
			if (v instanceof String[]) given.put(p.key, String.join(";", (String[]) v));
			else given.put(p.key, v == null ? (p.kind == Param.Kind.FLAG ? "true" : "") : v.toString());
		}
		for (Param p : analysis.params()) for (String old : p.formerly) {
			if (!pr.hasMatchedOption("--" + old)) continue;
			given.put(old, pr.matchedOptionValue("--" + old, ""));
			err.println("warning: " + p.deprecation(old));
		}
		b.params(given);
		b.commandLine("interphase " + String.join(" ", pr.originalArgs()));
		BatchOptions o = b.build();
		List<Path> inputs = new ArrayList<>(pr.matchedPositionalValue(0, new ArrayList<Path>()));
		if (o.sampleSheet != null && !java.nio.file.Files.isRegularFile(o.sampleSheet)) throw new CommandLine
			.ParameterException(spec.commandLine(), "--sample-sheet " + o.sampleSheet + ": no such file");
		BatchRunner runner;
		try {
			runner = new BatchRunner(analysis, o);
		}
		catch (IllegalArgumentException e) {
			throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
		}
		// everything that is wrong with the command line is said before any input is read
		if (inputs.isEmpty()) throw new CommandLine.ParameterException(spec.commandLine(), "no inputs: give the files " +
			"or folders to analyse after the options");
		String outProblem = OutputFolder.problem(o.outDir);
		if (outProblem != null) throw new CommandLine.ParameterException(spec.commandLine(), "--out " + o.outDir + ": " +
			outProblem);
		BatchReport report = runner.run(inputs);
		for (BatchReport.Failure f : report.failures()) err.println(f.source + ": " + f.error);
		out.println(analysis.command() + ": " + report.analysed() + " input(s) analysed, " + report.failures().size() +
			" failed; results in " + o.outDir.resolve("results.csv") + (report.failures().isEmpty() ? "" : ", errors in " +
				o.outDir.resolve("errors.csv")));
		return report.exitStatus();
	}
}
