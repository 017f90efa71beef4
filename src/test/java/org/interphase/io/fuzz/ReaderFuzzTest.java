package org.interphase.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

	@Test
	void damagedFilesGetOneMessageInTheUsersWords() throws Exception {
		List<Path> roots = new ArrayList<>();
		roots.add(ReferenceData.folder());
		roots.add(Path.of("test-images"));
		List<Path> corpus = new ArrayList<>(ReaderFuzzer.corpus(roots));
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
		Path tmp = Files.createDirectories(dir.resolve("mutants"));
		ReaderFuzzer.Report r = ReaderFuzzer.run(corpus, mutants, seed, tmp);
		System.out.println("reader fuzzing: " + corpus.size() + " fixtures, " + r.counts + ", " + r.findings.size() +
			" findings, " + r.millis + " ms");
		for (ReaderFuzzer.Finding f : r.findings.subList(0, Math.min(40, r.findings.size()))) System.out.println("  " + f);
		assertTrue(r.counts.getOrDefault("refused", 0) > mutants / 10, "the mutants do damage: " + r.counts);
		assertTrue(r.findings.isEmpty(), r.findings.size() + " findings, first: " + r.findings.subList(0, Math.min(10,
			r.findings.size())));
	}
}
