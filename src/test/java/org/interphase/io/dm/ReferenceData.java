package org.interphase.io.dm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared reference files (never copied into the repository): system property
 * {@code interphase.reference}, then {@code ../shared/reference-data} beside the repository, then
 * {@code /work/shared/reference-data}. Tests skip with a printed reason when none exists.
 */
public final class ReferenceData {
	private ReferenceData() {}

	public static Path find() {
		String p = System.getProperty("interphase.reference");
		if (p != null && Files.isDirectory(Paths.get(p))) return Paths.get(p);
		Path rel = Paths.get("").toAbsolutePath().resolve("../shared/reference-data").normalize();
		if (Files.isDirectory(rel)) return rel;
		Path abs = Paths.get("/work/shared/reference-data");
		if (Files.isDirectory(abs)) return abs;
		return null;
	}

	/** The folder, or a skipped test (Assumptions) with the reason printed. */
	public static Path require(String sub) {
		Path root = find();
		String why = "reference data not found (set -Dinterphase.reference=DIR or place ../shared/reference-data)";
		if (root == null) System.out.println("SKIP: " + why);
		Assumptions.assumeTrue(root != null, why);
		Path dir = sub == null ? root : root.resolve(sub);
		if (!Files.isDirectory(dir)) System.out.println("SKIP: " + dir + " is absent");
		Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is absent");
		return dir;
	}

	/** A reference file, or a skipped test when absent. */
	public static Path file(String relative) {
		Path root = require(null);
		Path f = root.resolve(relative);
		if (!Files.isRegularFile(f)) System.out.println("SKIP: " + f + " is absent");
		Assumptions.assumeTrue(Files.isRegularFile(f), f + " is absent");
		return f;
	}
}
