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
import org.interphase.core.Parallel;
import org.interphase.core.data.Signal;
import org.interphase.core.result.ResultRow;
import org.interphase.demo.BenchContext;
import org.interphase.demo.DemoRegistry;
import org.interphase.io.Readers;
import org.interphase.io.dm.DmWriter;
import org.interphase.results.FileRecord;
import org.interphase.results.ResultsDatabase;
import org.interphase.synth.eels.EelsLineScanGenerator;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Prints the throughput of each analysis on " +
	"generated data, one 'name: value unit' per line.")
final class BenchCommand implements Callable<Integer> {
	@Option(names = "--quick", description = "fewer repeats and smaller data")
	boolean quick;

	@Option(names = "--only", paramLabel = "COMMAND", description = "bench one analysis (e.g. sem-depth), 'store' " +
		"or 'read' (file readers), 'report' (report on 10,000 files' rows), 'stream' (in-situ SAED series streamed " +
		"from the file: frames/s and peak heap; not in the default run), or 'fuzz' (damaged copies of test-images/ and ../shared/reference-data; not in the " +
		"default run)")
	String only;

	@Option(names = "--mutants", paramLabel = "N", description = "with --only fuzz: how many (default 10000)")
	int mutants = 10000;

	@Option(names = "--stream-size", paramLabel = "PX", description = "with --only stream: frame size of the " +
		"generated in-situ SAED series (default 512; the issue's case is 2048)")
	int streamSize = 512;

	@Option(names = "--stream-frames", paramLabel = "N,M", split = ",", description = "with --only stream: the two " +
		"frame counts whose peak heap is compared (default 200,2000)")
	int[] streamFrames = { 200, 2000 };

	@Option(names = "--stream-xmx", paramLabel = "SIZE", description = "with --only stream: -Xmx of the JVM that " +
		"analyses the streamed series (default 2g)")
	String streamXmx = "2g";

	@Option(names = "--threads", paramLabel = "N", description = "worker threads; default: all cores")
	int threads = Parallel.defaultThreads();

	private final PrintStream stdout, stderr;

	BenchCommand(PrintStream out, PrintStream err) {
		this.stdout = out;
		this.stderr = err;
	}

	@Override
	public Integer call() throws Exception {
		if ("fuzz".equals(only)) return FuzzBench.run(stdout, stderr, quick ? Math.min(mutants, 500) : mutants);
		BenchContext ctx = new BenchContext(stdout, Math.max(1, threads), quick);
		if ("stream".equals(only)) return StreamBench.run(ctx, stderr, streamSize, streamFrames, streamXmx);
		if (only == null || only.equals("store")) benchStore(ctx);
		if ("report".equals(only)) org.interphase.demo.ReportBench.run(ctx, quick ? 1000 : 10000);
		int failed = 0;
		if (only == null || only.equals("read")) {
			try {
				benchRead(ctx);
			}
			catch (Exception e) {
				failed++;
				stderr.println("bench read failed: " + e);
			}
		}
		for (Analysis a : Analyses.all()) {
			if (!a.available() || (only != null && !only.equals(a.command()))) continue;
			try {
				DemoRegistry.bench(a, ctx);
			}
			catch (Exception e) {
				failed++;
				stderr.println("bench " + a.command() + " failed: " + e);
			}
		}
		return failed == 0 ? 0 : 3;
	}

	/**
	 * How fast files are read (warm file cache): a seeded EELS spectrum image 64 x 64 x 6144 float32 (100 MB;
	 * quick: 32 x 32) written at run time as DM4 energy-slowest (as DigitalMicrograph stores spectrum images) and
	 * as DM3 energy-fastest, each read through {@link Readers#read} (median of several reads after a warm-up).
	 * MB are file bytes (10^6) per second of wall time; the CPU figure (all JVM threads) is steadier on a busy
	 * machine.
	 */
	static void benchRead(BenchContext ctx) throws Exception {
		int side = ctx.quick ? 32 : 64;
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.channels = 6144;
		c.dispersion = 0.05;
		c.energyStart = 420;
		c.seed = 7;
		Signal si = EelsLineScanGenerator.spectrumImage(c, side, side).coreLoss;
		Path dir = Files.createTempDirectory("interphase-bench");
		try {
			Path dm4 = dir.resolve("si.dm4"), dm3 = dir.resolve("si.dm3");
			DmWriter.write(dm4, si, 4, true);
			DmWriter.write(dm3, si, 3, false);
			si = null;
			readFigures(ctx, dm4, "read.dm4_si", ctx.quick ? 3 : 7);
			readFigures(ctx, dm3, "read.dm3_si_energy_fastest", ctx.quick ? 3 : 7);
		}
		finally {
			try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
				w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	private static void readFigures(BenchContext ctx, Path file, String name, int repeats) throws Exception {
		double mb = Files.size(file) / 1e6;
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		com.sun.management.OperatingSystemMXBean cos = os instanceof com.sun.management.OperatingSystemMXBean
			? (com.sun.management.OperatingSystemMXBean) os : null;
		long[] cpu = new long[1];
		int[] k = { -1 }; // the warm-up run is not counted
		double wall = BenchContext.medianSeconds(repeats, () -> {
			long c0 = cos == null ? 0 : cos.getProcessCpuTime();
			try {
				if (Readers.read(file).primary().length() == 0) throw new IllegalStateException("empty");
			}
			catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			if (k[0]++ >= 0 && cos != null) cpu[0] += cos.getProcessCpuTime() - c0;
		});
		ctx.report(name, mb / wall, "MB/s");
		// the process CPU clock ticks in ~10 ms steps: summed over all timed reads, not a median of single reads
		if (cpu[0] > 0) ctx.report(name + " (cpu time, all threads)", mb * repeats / (cpu[0] * 1e-9), "MB/s");
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
			int files = ctx.quick ? 5 : 20;
			try (ResultsDatabase db = new ResultsDatabase(dir.resolve("b.db"))) {
				ctx.report("store.rows_per_s", storeRowsPerSecond(db, dir, rec, rows, files), "rows/s");
			}
			// the lab store, where one is given (a scratch database: the bench writes into it)
			String pg = System.getenv("INTERPHASE_BENCH_PG");
			if (pg != null && !pg.isBlank()) try (ResultsDatabase db = ResultsDatabase.open(pg)) {
				ctx.report("store.postgresql.rows_per_s", storeRowsPerSecond(db, dir, rec, rows, files), "rows/s");
			}
		}
		finally {
			try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
				w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** Rows per second stored in one run: {@code files} inputs of {@code rows} each, median of 3 repeats. */
	private static double storeRowsPerSecond(ResultsDatabase db, Path dir, FileRecord rec, List<ResultRow> rows,
		int files) throws Exception
	{
		long run = db.startRun("bench", java.util.Map.of(), dir);
		double s = BenchContext.medianSeconds(3, () -> {
			try {
				for (int i = 0; i < files; i++) db.store(run, rec, "reaction-depth", "h" + i, null, rows);
			}
			catch (java.io.IOException e) {
				throw new RuntimeException(e);
			}
		});
		return files * rows.size() / s;
	}
}
