package org.interphase.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates ../shared/reference-data (real instrument files with oracles, never copied into the repository): the
 * system property {@code interphase.reference}, then {@code ../shared/reference-data} beside the repository (or
 * two levels up, from a worktree), then {@code /work/shared/reference-data}. Tests that need it skip, with the
 * reason printed, when it is absent, so a fresh clone without it still passes. The one place tests find it.
 */
public final class ReferenceData {
	private ReferenceData() {}

	/** The reference-data folder, or null when absent. */
	public static Path folder() {
		String prop = System.getProperty("interphase.reference");
		if (prop != null && Files.isDirectory(Path.of(prop))) return Path.of(prop);
		for (Path p : new Path[] { Path.of("..", "shared", "reference-data"), Path.of("..", "..", "shared",
			"reference-data"), Path.of("/work/shared/reference-data") })
		{
			if (Files.isDirectory(p)) return p.toAbsolutePath().normalize();
		}
		return null;
	}

	/** A sub-folder (e.g. "xps"), or null when it or the reference data is absent. */
	public static Path folder(String sub) {
		Path r = folder();
		if (r == null) return null;
		Path f = r.resolve(sub);
		return Files.isDirectory(f) ? f : null;
	}

	/** A file below the reference data, or null when absent. */
	public static Path fileOrNull(String relative) {
		Path r = folder();
		if (r == null) return null;
		Path f = r.resolve(relative);
		return Files.isRegularFile(f) ? f : null;
	}

	/** Why a test skipped: the sub-folder it wanted is absent. */
	public static String absentReason(String sub) {
		return "SKIPPED: reference data folder '" + sub + "' not found (set -Dinterphase.reference=DIR)";
	}

	/** The folder, or the test is skipped with a printed reason. */
	public static Path require() {
		Path p = folder();
		if (p == null) System.out.println("SKIPPED: ../shared/reference-data is absent (set -Dinterphase.reference)");
		Assumptions.assumeTrue(p != null, "../shared/reference-data is absent");
		return p;
	}

	/** A sub-folder (null = the folder itself), or the test is skipped with a printed reason. */
	public static Path require(String sub) {
		Path root = require();
		Path dir = sub == null ? root : root.resolve(sub);
		if (!Files.isDirectory(dir)) System.out.println("SKIPPED: " + dir + " is absent");
		Assumptions.assumeTrue(Files.isDirectory(dir), dir + " is absent");
		return dir;
	}

	/** A reference file, or the test is skipped with a printed reason. */
	public static Path file(String relative) {
		Path f = require().resolve(relative);
		if (!Files.isRegularFile(f)) System.out.println("SKIPPED: " + f + " is absent");
		Assumptions.assumeTrue(Files.isRegularFile(f), f + " is absent");
		return f;
	}
}
