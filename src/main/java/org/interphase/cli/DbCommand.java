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

import org.interphase.batch.Summaries;
import org.interphase.results.PostgresStore;
import org.interphase.results.ResultsDatabase;
import org.interphase.results.StoreCopy;

/** {@code interphase db copy --from A --to B}: the results stores' housekeeping (docs/scale.md). */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Results stores: 'db copy' merges one store " +
	"into another (a workstation's SQLite file into the lab's PostgreSQL store, or the shards of a cluster batch into " +
	"one).")
final class DbCommand implements Callable<Integer> {
	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		spec.commandLine().usage(spec.commandLine().getOut());
		return 2;
	}

	static CommandLine commandLine(PrintStream out, PrintStream err) {
		return new CommandLine(new DbCommand()).addSubcommand("copy", new Copy(out));
	}

	@Command(name = "copy", mixinStandardHelpOptions = true, description = "Merges the samples, files (by SHA-256), " +
		"runs and result rows of one store into another, keeping their identity: what is already there is left as it " +
		"is, so copying the same store twice adds nothing. A sample whose files changed gets its summary recomputed from " +
		"all its files in the target. A store is a SQLite file or postgresql://host[:port]/database (credentials from " +
		"PGUSER/PGPASSWORD or ~/.pgpass, never on the command line).")
	static final class Copy implements Callable<Integer> {
		@Option(names = "--from", paramLabel = "STORE", required = true, description = "the store to copy from")
		String from;

		@Option(names = "--to", paramLabel = "STORE", required = true, description = "the store to merge into " +
			"(created if missing)")
		String to;

		@Option(names = "--quiet", description = "print nothing but errors")
		boolean quiet;

		@Spec
		CommandSpec spec;

		private final PrintStream out;

		Copy(PrintStream out) {
			this.out = out;
		}

		@Override
		public Integer call() throws Exception {
			if (!PostgresStore.isUrl(from) && !Files.isRegularFile(Path.of(from))) throw new CommandLine
				.ParameterException(spec.commandLine(), "--from " + from + ": no such database");
			for (String[] s : new String[][] { { "--from", from }, { "--to", to } }) if (PostgresStore.isUrl(s[1])) try {
				PostgresStore.check(s[1]);
			}
			catch (IllegalArgumentException e) {
				throw new CommandLine.ParameterException(spec.commandLine(), s[0] + ": " + e.getMessage());
			}
			try (ResultsDatabase a = ResultsDatabase.open(from); ResultsDatabase b = ResultsDatabase.open(to)) {
				StoreCopy.Counts c;
				try {
					c = StoreCopy.copy(a, b, Summaries.ofRegistry());
				}
				catch (IllegalArgumentException e) {
					throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
				}
				if (!quiet) out.println("db copy: " + c);
			}
			return 0;
		}
	}
}
