package org.interphase.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.BenchContext;
import org.interphase.core.Parallel;
import org.interphase.core.result.ResultRow;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Prints the throughput of each analysis on " +
	"generated data, one 'name: value unit' per line.")
final class BenchCommand implements Callable<Integer> {
	@Option(names = "--quick", description = "fewer repeats and smaller data")
	boolean quick;

	@Option(names = "--only", paramLabel = "COMMAND", description = "bench one analysis (e.g. sem-depth), or 'store'")
	String only;

	@Option(names = "--threads", paramLabel = "N", description = "worker threads; default: all cores")
	int threads = Parallel.defaultThreads();

	private final PrintStream stdout, stderr;

	BenchCommand(PrintStream out, PrintStream err) {
		this.stdout = out;
		this.stderr = err;
	}

	@Override
	public Integer call() throws Exception {
		BenchContext ctx = new BenchContext(stdout, Math.max(1, threads), quick);
		if (only == null || only.equals("store")) benchStore(ctx);
		int failed = 0;
		for (Analysis a : Analyses.all()) {
			if (!a.available() || (only != null && !only.equals(a.command()))) continue;
			try {
				a.bench(ctx);
			}
			catch (Exception e) {
				failed++;
				stderr.println("bench " + a.command() + " failed: " + e);
			}
		}
		return failed == 0 ? 0 : 3;
	}

	/** How fast results reach the database: rows per second in per-file transactions. */
	static void benchStore(BenchContext ctx) throws Exception {
		Path dir = Files.createTempDirectory("interphase-bench");
		try {
			Path f = Files.writeString(dir.resolve("x.txt"), "x");
			FileRecord rec = FileRecord.of(f, "sem");
			List<ResultRow> rows = new ArrayList<>();
			for (int i = 0; i < 1000; i++) rows.add(ResultRow.of("depth", i * 0.5, 0.1, "µm").region("profile:" + i)
				.context("S", "sem", "reaction-depth", "x.txt"));
			try (ResultsDatabase db = new ResultsDatabase(dir.resolve("b.db"))) {
				long run = db.startRun("bench", java.util.Map.of(), dir);
				int files = ctx.quick ? 5 : 20;
				double s = BenchContext.medianSeconds(3, () -> {
					try {
						for (int i = 0; i < files; i++) db.store(run, rec, "reaction-depth", "h" + i, null, rows);
					}
					catch (java.io.IOException e) {
						throw new RuntimeException(e);
					}
				});
				ctx.report("store.rows_per_s", files * rows.size() / s, "rows/s");
			}
		}
		finally {
			try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
				w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}
}
