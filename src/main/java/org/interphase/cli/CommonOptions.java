package org.interphase.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import org.interphase.core.Parallel;

/** The options every analysis command accepts (contract), declared once. */
final class CommonOptions {
	private CommonOptions() {}

	static final List<String> NAMES = List.of("out", "db", "shard", "sample", "sample-sheet", "threads", "quiet", "help");

	static void add(CommandSpec spec, boolean outRequired) {
		spec.addOption(OptionSpec.builder("--out").paramLabel("DIR").type(Path.class).required(outRequired)
			.description("where results go (created if missing)" + (outRequired ? "; required" : "")).build());
		spec.addOption(OptionSpec.builder("--db").paramLabel("FILE|URL").type(String.class).description(
			"results store: a SQLite file, or postgresql://host[:port]/database for the lab's store (credentials from " +
				"PGUSER/PGPASSWORD or ~/.pgpass); default: DIR/interphase.db").build());
		spec.addOption(OptionSpec.builder("--shard").paramLabel("i/n").type(String.class).description(
			"analyse only share i (from 0) of n of the inputs, split by file content, for a cluster batch; the shares' " +
				"rows together equal one unsharded run").build());
		spec.addOption(OptionSpec.builder("--sample").paramLabel("ID").type(String.class).description(
			"the sample ID for every input").build());
		spec.addOption(OptionSpec.builder("--sample-sheet").paramLabel("CSV").type(Path.class).description(
			"a sample sheet (columns sample_id, file, attributes...); default: samples.csv in the input folder, if " +
				"present").build());
		spec.addOption(OptionSpec.builder("--threads").paramLabel("N").type(Integer.class).description(
			"worker threads; default: all cores (" + Parallel.defaultThreads() + ")").build());
		spec.addOption(OptionSpec.builder("--quiet").arity("0").type(Boolean.class).description("no progress bar")
			.build());
		spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
	}

	static void inputs(CommandSpec spec, String what) {
		spec.addPositional(PositionalParamSpec.builder().paramLabel("INPUT").arity("1..*").type(List.class)
			.auxiliaryTypes(Path.class).description(what).build());
	}

	static <T> T value(ParseResult pr, String name, T def) {
		return pr.matchedOptionValue(name, def);
	}
}
