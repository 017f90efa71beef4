package org.interphase.io.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.interphase.io.ReadFailure;
import org.interphase.io.Readers;

/**
 * Reads seeded mutants ({@link Mutator}) of fixture files through {@link Readers#read}, each with a 10 s limit, and
 * reports what must never happen: text printed on stdout/stderr (stack traces, parser noise), an exception other
 * than a worded IOException, an OutOfMemoryError, a hang, or raw exception text in a message. Used by the test
 * suite (small budget) and by {@code interphase bench --only fuzz} (large budget). Not thread-safe: it redirects
 * System.out and System.err while it runs.
 */
public final class ReaderFuzzer {
	private ReaderFuzzer() {}

	public static final long TIME_LIMIT_MS = 10_000;

	public static final class Finding {
		public final long seed;
		public final String file, kind, what;

		Finding(long seed, String file, String kind, String what) {
			this.seed = seed;
			this.file = file;
			this.kind = kind;
			this.what = what;
		}

		@Override
		public String toString() {
			return "seed " + seed + " " + kind + " of " + file + ": " + what;
		}
	}

	/** What a run found; unmodifiable. */
	public static final class Report {
		public final Map<String, Integer> counts;
		public final List<Finding> findings;
		public final long millis;

		Report(Map<String, Integer> counts, List<Finding> findings, long millis) {
			this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
			this.findings = List.copyOf(findings);
			this.millis = millis;
		}
	}

	/** The files below the given folders (skipping oracles and notes), in name order. */
	public static List<Path> corpus(List<Path> roots) throws IOException {
		List<Path> files = new ArrayList<>();
		for (Path root : roots) {
			if (root == null || !Files.isDirectory(root)) continue;
			try (Stream<Path> s = Files.walk(root)) {
				files.addAll(s.filter(Files::isRegularFile).filter(p -> {
					String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
					return !n.endsWith(".json") && !n.endsWith(".md") && !n.startsWith(".");
				}).sorted().collect(Collectors.toList()));
			}
		}
		return files;
	}

	/** Runs {@code mutants} mutants, seeds seed0, seed0+1, ...; mutant files are written into tmp. */
	public static Report run(List<Path> corpus, int mutants, long seed0, Path tmp) throws IOException {
		Map<String, Integer> counts = new LinkedHashMap<>();
		List<Finding> findings = new ArrayList<>();
		long t0 = System.currentTimeMillis();
		Map<Path, byte[]> cache = new LinkedHashMap<>();
		PrintStream realErr = System.err, realOut = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
		ExecutorService ex = Executors.newCachedThreadPool(r -> {
			Thread t = new Thread(r, "fuzz");
			t.setDaemon(true);
			return t;
		});
		System.setErr(capture);
		System.setOut(capture);
		try {
			for (int i = 0; i < mutants; i++) {
				long seed = seed0 + i;
				Path src = corpus.get((int) Math.floorMod(seed * 0x9E3779B97F4A7C15L >>> 17, (long) corpus.size()));
				byte[] orig = cache.computeIfAbsent(src, p -> {
					try {
						return Files.readAllBytes(p);
					}
					catch (IOException e) {
						return new byte[0];
					}
				});
				String[] kind = new String[1];
				byte[] m = Mutator.mutate(orig, seed, kind);
				Path f = tmp.resolve("m" + (i % 4) + "_" + src.getFileName());
				Files.write(f, m);
				captured.reset();
				Future<String> fut = ex.submit(() -> {
					try {
						Readers.read(f);
						return "read";
					}
					catch (IOException e) {
						String msg = e.getMessage();
						if (msg == null || msg.isBlank()) return "!no message (" + e.getClass().getSimpleName() + ")";
						if (ReadFailure.isRaw(msg)) return "!raw exception text: " + msg;
						return "refused";
					}
					catch (OutOfMemoryError e) {
						return "!OutOfMemoryError";
					}
					catch (Throwable t) {
						return "!uncaught " + t;
					}
				});
				String outcome;
				try {
					outcome = fut.get(TIME_LIMIT_MS, TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException te) {
					fut.cancel(true);
					outcome = "!hang over " + TIME_LIMIT_MS / 1000 + " s";
				}
				catch (Exception e) {
					outcome = "!" + e;
				}
				counts.merge(outcome.startsWith("!") ? "finding" : outcome, 1, Integer::sum);
				String noise = captured.toString(StandardCharsets.UTF_8);
				if (!noise.isBlank()) findings.add(new Finding(seed, src.toString(), kind[0], "printed: " + noise.lines()
					.limit(3).collect(Collectors.joining(" | "))));
				if (outcome.startsWith("!")) findings.add(new Finding(seed, src.toString(), kind[0], outcome.substring(1)));
				Files.deleteIfExists(f);
			}
		}
		finally {
			System.setErr(realErr);
			System.setOut(realOut);
			ex.shutdownNow();
		}
		counts.put("mutants", mutants);
		return new Report(counts, findings, System.currentTimeMillis() - t0);
	}
}
