package org.interphase.demo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analysis;

/**
 * The demo data writer and the bench of each analysis, by command. They live here, beside the generators of
 * {@code synth}, so that the analyses themselves depend on core, io and results only. An analysis without an
 * entry writes no demo data and has no bench.
 */
public final class DemoRegistry {
	private DemoRegistry() {}

	/** Writes an analysis' synthetic inputs for the demo samples and returns the jobs to run on them. */
	@FunctionalInterface
	interface Writer {
		List<DemoJob> write(DemoContext ctx) throws IOException;
	}

	/** Measures an analysis' throughput on generated data and reports "name: value unit" lines. */
	@FunctionalInterface
	interface Bench {
		void run(Analysis analysis, BenchContext ctx) throws Exception;
	}

	private static final class Entry {
		final Writer writer;
		final Bench bench;

		Entry(Writer writer, Bench bench) {
			this.writer = writer;
			this.bench = bench;
		}
	}

	private static final Map<String, Entry> BY_COMMAND = new LinkedHashMap<>();

	static {
		BY_COMMAND.put("sem-depth", new Entry(SemDemo::write, SemDemo::bench));
		BY_COMMAND.put("hrtem-thickness", new Entry(HrtemDemo::writeThickness, HrtemDemo::benchThickness));
		BY_COMMAND.put("hrtem-crystallinity", new Entry(HrtemDemo::writeCrystallinity, HrtemDemo::benchCrystallinity));
		BY_COMMAND.put("hrtem-fringes", new Entry(HrtemDemo::writeFringes, HrtemDemo::benchFringes));
		BY_COMMAND.put("xps-fit", new Entry(XpsDemo::write, XpsDemo::bench));
		BY_COMMAND.put("eels-valence", new Entry(EelsDemo::write, EelsDemo::bench));
		BY_COMMAND.put("raman-bn", new Entry(RamanDemo::write, RamanDemo::bench));
		BY_COMMAND.put("saed", new Entry(SaedDemo::write, SaedDemo::bench));
		BY_COMMAND.put("xrd", new Entry(XrdDemo::write, XrdDemo::bench));
	}

	/** Whether the analysis has demo data and a bench. */
	public static boolean has(Analysis a) {
		return BY_COMMAND.containsKey(a.command());
	}

	/** Writes the analysis' synthetic demo inputs (none for an analysis without an entry); returns its jobs. */
	public static List<DemoJob> writeDemo(Analysis a, DemoContext ctx) throws IOException {
		Entry e = BY_COMMAND.get(a.command());
		return e == null ? List.of() : e.writer.write(ctx);
	}

	/** Runs the analysis' bench (nothing for an analysis without an entry). */
	public static void bench(Analysis a, BenchContext ctx) throws Exception {
		Entry e = BY_COMMAND.get(a.command());
		if (e != null) e.bench.run(a, ctx);
	}
}
