package org.interphase.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;

/**
 * Issue 20: reading corrupted copies of the reader fixtures (the real instrument files of ../shared/reference-data)
 * and of the demo files (test-images/) never prints a stack trace or parser noise, never runs out of memory, never
 * hangs (10 s per file) and never answers with raw exception text: a damaged file is one message in the user's
 * words. A small budget runs in mvn verify; {@code -Dinterphase.fuzz.mutants=10000} (or {@code scripts/fuzz.sh})
 * runs a large one. Each mutant is reproduced from its seed ({@code -Dinterphase.fuzz.seed}).
 */
class ReaderFuzzTest {
	@TempDir
	Path dir;

	/** Raw exception text: a Java class name, a stack frame, or the JDK's own wording of an index or charset error. */
	static final Pattern RAW = Pattern.compile("(Exception|Error\\b(?! in)|\\bjava\\.|javax\\.|\\tat |\\[Fatal Error\\]|" +
		"Index -?\\d+ out of bounds|Input length = \\d|out of bounds for length|\\bnull\\b$)");

	static List<Path> corpus() throws IOException {
		List<Path> files = new ArrayList<>();
		List<Path> roots = new ArrayList<>();
		Path ref = ReferenceData.folder();
		if (ref != null) roots.add(ref);
		Path demo = Path.of("test-images");
		if (Files.isDirectory(demo)) roots.add(demo);
		for (Path root : roots) {
			try (Stream<Path> s = Files.walk(root)) {
				files.addAll(s.filter(Files::isRegularFile).filter(p -> {
					String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
					return !n.endsWith(".json") && !n.endsWith(".md") && !n.startsWith(".");
				}).sorted().collect(Collectors.toList()));
			}
		}
		return files;
	}

	static final class Finding {
		final long seed;
		final String file, kind, what;

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

	/** Runs {@code mutants} mutants from {@code seed0}; returns the findings, counting outcomes in {@code stats}. */
	static List<Finding> fuzz(List<Path> corpus, int mutants, long seed0, Path tmp, Map<String, Integer> stats)
		throws Exception
	{
		List<Finding> findings = new ArrayList<>();
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
				String name = src.getFileName().toString();
				Path f = tmp.resolve("m" + (i % 4) + "_" + name);
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
						if (RAW.matcher(msg).find()) return "!raw exception text: " + msg;
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
					outcome = fut.get(10, TimeUnit.SECONDS);
				}
				catch (TimeoutException te) {
					fut.cancel(true);
					outcome = "!hang over 10 s";
				}
				stats.merge(outcome.startsWith("!") ? "finding" : outcome, 1, Integer::sum);
				String noise = captured.toString(StandardCharsets.UTF_8);
				if (!noise.isBlank()) findings.add(new Finding(seed, src.toString(), kind[0], "printed: " + noise.lines().limit(3)
					.collect(Collectors.joining(" | "))));
				if (outcome.startsWith("!")) findings.add(new Finding(seed, src.toString(), kind[0], outcome.substring(1)));
			}
		}
		finally {
			System.setErr(realErr);
			System.setOut(realOut);
			ex.shutdownNow();
		}
		stats.merge("mutants", mutants, Integer::sum);
		return findings;
	}

	@Test
	void damagedFilesGetOneMessageInTheUsersWords() throws Exception {
		List<Path> corpus = new ArrayList<>(corpus());
		assertTrue(!corpus.isEmpty(), "no fixtures found (test-images/ missing?)");
		// formats with no fixture among them: an XRDML scan with a DTD
		Path gen = Files.createDirectories(dir.resolve("gen"));
		StringBuilder counts = new StringBuilder();
		for (int i = 0; i < 200; i++) counts.append(i == 0 ? "" : " ").append(100 + (i * 37) % 90);
		corpus.add(Files.writeString(gen.resolve("scan.xrdml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
			"<!DOCTYPE xrdMeasurements [ <!ELEMENT xrdMeasurements ANY> ]>\n<xrdMeasurements xmlns=\"http://www.xrdml.com/" +
			"XRDMeasurement/2.1\">\n<sample><id>S1</id></sample>\n<xrdMeasurement>\n<usedWavelength intended=\"K-Alpha " +
			"1\"><kAlpha1 unit=\"Angstrom\">1.5405980</kAlpha1></usedWavelength>\n<scan>\n<dataPoints>\n<positions axis=" +
			"\"2Theta\" unit=\"deg\"><startPosition>10.00</startPosition><endPosition>80.00</endPosition></positions>\n" +
			"<intensities unit=\"counts\">" + counts + "</intensities>\n</dataPoints>\n</scan>\n</xrdMeasurement>\n" +
			"</xrdMeasurements>\n"));
		int mutants = Integer.getInteger("interphase.fuzz.mutants", 300);
		long seed = Long.getLong("interphase.fuzz.seed", 20L);
		Map<String, Integer> stats = new LinkedHashMap<>();
		List<Finding> findings = fuzz(corpus, mutants, seed, dir, stats);
		System.out.println("reader fuzzing: " + corpus.size() + " fixtures, " + stats + ", " + findings.size() +
			" findings");
		for (Finding f : findings.subList(0, Math.min(40, findings.size()))) System.out.println("  " + f);
		assertTrue(findings.isEmpty(), findings.size() + " findings, first: " + findings.subList(0, Math.min(10,
			findings.size())));
	}
}
