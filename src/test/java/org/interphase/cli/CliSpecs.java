package org.interphase.cli;

import java.io.PrintStream;

import picocli.CommandLine.Model.CommandSpec;

import org.interphase.analysis.Analysis;

/** The generated picocli command of an analysis, for tests outside this package. */
public final class CliSpecs {
	private CliSpecs() {}

	public static CommandSpec spec(Analysis a) {
		PrintStream none = new PrintStream(java.io.OutputStream.nullOutputStream());
		return new AnalysisCommandLine(a, none, none).spec();
	}

	/** The names of the common options every analysis command has besides its parameters. */
	public static java.util.List<String> commonNames() {
		return CommonOptions.NAMES;
	}
}
