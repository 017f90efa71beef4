package org.interphase.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.interphase.core.Parallel;
import org.interphase.demo.Demo;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Generates a realistic data set for " +
	"several samples (bare LATP before/after 100 cycles, BN-coated after 500 cycles, Al2O3-coated after 100 cycles), " +
	"runs every analysis on it and writes results.csv, the database and the report.")
final class DemoCommand implements Callable<Integer> {
	@Option(names = "--out", paramLabel = "DIR", required = true, description = "where data and results go")
	Path out;

	@Option(names = "--seed", paramLabel = "N", description = "random seed of the synthetic data (default: 42)")
	long seed = 42;

	@Option(names = "--small", description = "smaller images and fewer files (quick look, tests)")
	boolean small;

	@Option(names = "--threads", paramLabel = "N", description = "worker threads; default: all cores")
	int threads = Parallel.defaultThreads();

	@Option(names = "--quiet", description = "no progress bar")
	boolean quiet;

	private final PrintStream stdout, stderr;

	DemoCommand(PrintStream out, PrintStream err) {
		this.stdout = out;
		this.stderr = err;
	}

	@Override
	public Integer call() throws Exception {
		int failed = new Demo(out, seed, small, Math.max(1, threads), stdout).run(ProgressBar.forConsole(stderr,
			quiet));
		return failed == 0 ? 0 : 3;
	}
}
