package org.interphase.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.interphase.report.ReportWriter;
import org.interphase.results.ResultsDatabase;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Per-sample summary across techniques " +
	"from a results database: summary.csv, a comparison chart per quantity (PNG) and a self-contained report.html.")
final class ReportCommand implements Callable<Integer> {
	@Option(names = "--db", paramLabel = "FILE", required = true, description = "results database (SQLite)")
	Path db;

	@Option(names = "--out", paramLabel = "DIR", required = true, description = "where the report goes")
	Path out;

	@Option(names = "--quiet", description = "print nothing but errors")
	boolean quiet;

	@Spec
	CommandSpec spec;

	private final PrintStream stdout;

	ReportCommand(PrintStream out, PrintStream err) {
		this.stdout = out;
	}

	@Override
	public Integer call() throws Exception {
		if (!Files.isRegularFile(db)) throw new CommandLine.ParameterException(spec.commandLine(), "--db " + db +
			": no such database");
		try (ResultsDatabase d = new ResultsDatabase(db)) {
			Path html = ReportWriter.write(d, out);
			if (!quiet) stdout.println("report: " + html);
		}
		return 0;
	}
}
