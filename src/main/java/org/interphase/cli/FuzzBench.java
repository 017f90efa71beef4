package org.interphase.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.interphase.io.fuzz.ReaderFuzzer;

/**
 * {@code interphase bench --only fuzz [--mutants N]}: reads N damaged copies of the demo files (test-images/) and of
 * the reference files (../shared/reference-data, or -Dinterphase.reference) and prints the outcome counts and every
 * finding (printed text, uncaught exception, OutOfMemoryError, hang over 10 s, raw exception text); exit 3 when
 * there is a finding.
 */
final class FuzzBench {
	private FuzzBench() {}

	static int run(PrintStream out, PrintStream err, int mutants) throws Exception {
		List<Path> roots = new ArrayList<>();
		roots.add(Path.of("test-images"));
		// the first reference folder found (as the tests look for it)
		String prop = System.getProperty("interphase.reference");
		for (String r : new String[] { prop, "../shared/reference-data", "../../shared/reference-data",
			"/work/shared/reference-data" })
		{
			if (r != null && Files.isDirectory(Path.of(r))) {
				roots.add(Path.of(r));
				break;
			}
		}
		List<Path> corpus = ReaderFuzzer.corpus(roots);
		if (corpus.isEmpty()) {
			err.println("bench fuzz: no fixtures (run it from the repository folder, which holds test-images/)");
			return 2;
		}
		Path tmp = Files.createTempDirectory("interphase-fuzz");
		try {
			ReaderFuzzer.Report r = ReaderFuzzer.run(corpus, mutants, Long.getLong("interphase.fuzz.seed", 100000L), tmp);
			out.println("fuzz fixtures: " + corpus.size() + " files");
			out.println("fuzz mutants: " + mutants);
			out.println("fuzz outcomes: " + r.counts);
			out.println("fuzz findings: " + r.findings.size());
			out.println(String.format(java.util.Locale.ROOT, "fuzz rate: %.0f mutants/s", mutants * 1000.0 / Math.max(1,
				r.millis)));
			for (ReaderFuzzer.Finding f : r.findings) out.println("  " + f);
			return r.findings.isEmpty() ? 0 : 3;
		}
		finally {
			try (java.util.stream.Stream<Path> s = Files.list(tmp)) {
				s.forEach(p -> p.toFile().delete());
			}
			Files.deleteIfExists(tmp);
		}
	}
}
