package org.interphase.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import org.interphase.Version;
import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;

/**
 * {@code ./interphase <command> [options] INPUT...}: every analysis of the registry as a command, plus info,
 * report, demo and bench. Exit status: 0 all inputs analysed; 2 bad usage; 3 some inputs failed.
 */
public final class Main {
	private Main() {}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		int code = run(args, System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/** Runs a command and returns its exit status (used by tests and the demo). */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		CommandLine cl = commandLine(out, err);
		return cl.execute(args);
	}

	static CommandLine commandLine(PrintStream out, PrintStream err) {
		CommandSpec top = CommandSpec.create().name("interphase").version("Interphase " + Version.get());
		top.usageMessage().description("Quantifies Li-metal / solid-electrolyte interphases: SEM reaction-layer depth, " +
			"HRTEM coating thickness and crystallinity, XPS and EELS Ti3+/Ti4+, Raman h-BN/c-BN, electron diffraction. " +
			"Every result is linked to a sample ID and stored with its uncertainty.").footer("", "Exit status: 0 all " +
				"inputs analysed; 2 bad usage; 3 some inputs failed (see DIR/errors.csv).");
		top.addOption(CommandSpec.create().mixinStandardHelpOptions(true).options().get(0));
		top.addOption(CommandSpec.create().mixinStandardHelpOptions(true).options().get(1));
		CommandLine cl = new CommandLine(top);
		for (Analysis a : Analyses.all()) cl.addSubcommand(a.command(), new CommandLine(new AnalysisCommandLine(a, out,
			err).spec()));
		cl.addSubcommand("info", new InfoCommand(out, err));
		cl.addSubcommand("report", new ReportCommand(out, err));
		cl.addSubcommand("demo", new DemoCommand(out, err));
		cl.addSubcommand("bench", new BenchCommand(out, err));
		cl.addSubcommand("db", DbCommand.commandLine(out, err));
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(err, true));
		// a usage error is one message naming what is wrong, and where to find the options (not the whole help)
		cl.setParameterExceptionHandler((ex, args) -> {
			CommandLine c = ex.getCommandLine();
			String msg = ex.getMessage();
			if (c == cl && ex instanceof CommandLine.UnmatchedArgumentException && args.length > 0 && !args[0].startsWith(
				"-")) msg = "unknown command '" + args[0] + "'; the commands are: " + String.join(", ", cl.getSubcommands()
					.keySet());
			String name = c.getCommandName();
			for (CommandLine p = c.getParent(); p != null && p != cl; p = p.getParent()) name = p.getCommandName() + " " +
				name; // a nested command (db copy) by its full name
			err.println("interphase" + (c == cl ? "" : " " + name) + ": " + msg);
			err.println("Run 'interphase " + (c == cl ? "" : name + " ") + "--help' for the options.");
			return 2;
		});
		cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
			// an I/O problem is said as it is; anything else is a bug, said as one (no stack trace)
			err.println("interphase " + commandLine.getCommandName() + ": " + (ex instanceof java.io.IOException && ex
				.getMessage() != null ? ex.getMessage() : "internal error (" + ex.getClass().getSimpleName() + (ex
					.getMessage() == null ? "" : ": " + ex.getMessage()) + "); please report it"));
			return ex instanceof java.io.IOException ? 3 : 1;
		});
		cl.setExecutionStrategy(parseResult -> {
			if (!parseResult.hasSubcommand() && !parseResult.isUsageHelpRequested() && !parseResult
				.isVersionHelpRequested())
			{
				cl.usage(out);
				return 2;
			}
			return new CommandLine.RunLast().execute(parseResult);
		});
		return cl;
	}
}
