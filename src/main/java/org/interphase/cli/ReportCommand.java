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
	"from a results database: summary.csv, the key figures (key-figures/*.svg, .png, .csv) and a self-contained " +
	"report.html (key figures first, every quantity in the appendix).")
final class ReportCommand implements Callable<Integer> {
	@Option(names = "--db", paramLabel = "FILE|URL", required = true, description = "results store: a SQLite file " +
		"or postgresql://host[:port]/database (a read-only role is enough)")
	String db;

	@Option(names = "--out", paramLabel = "DIR", required = true, description = "where the report goes")
	Path out;

	@Option(names = "--group-by", paramLabel = "ATTRIBUTE", description = "group the samples of the key figures by " +
		"this sample-sheet column (e.g. coating)")
	String groupBy;

	@Option(names = "--x", paramLabel = "ATTRIBUTE", description = "order the samples within a group by this " +
		"sample-sheet column, numerically where it holds numbers (e.g. cycles)")
	String x;

	@Option(names = "--reference", paramLabel = "SAMPLE", description = "compare every sample with this one " +
		"(default: the uncoated sample with the same --x value)")
	String reference;

	@Option(names = "--config", paramLabel = "FILE", description = "report settings (properties: group-by, x, " +
		"reference, figures.off, figures.only); options on the command line win (docs/report.md)")
	Path config;

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
		if (!org.interphase.results.PostgresStore.isUrl(db) && !Files.isRegularFile(Path.of(db))) throw new CommandLine
			.ParameterException(spec.commandLine(), "--db " + db + ": no such database");
		if (org.interphase.results.PostgresStore.isUrl(db)) try {
			org.interphase.results.PostgresStore.check(db);
		}
		catch (IllegalArgumentException e) {
			throw new CommandLine.ParameterException(spec.commandLine(), "--db: " + e.getMessage());
		}
		try (ResultsDatabase d = ResultsDatabase.open(db)) {
			ReportWriter.Options o = ReportWriter.Options.builder().groupBy(groupBy).x(x).reference(reference).build();
			Path html;
			try {
				if (config != null) o = org.interphase.report.ReportConfig.under(o, config);
				html = ReportWriter.write(d, out, o);
			}
			catch (IllegalArgumentException e) {
				throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
			}
			if (!quiet) stdout.println("report: " + html);
		}
		return 0;
	}
}
