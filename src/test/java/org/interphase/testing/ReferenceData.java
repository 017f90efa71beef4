package org.interphase.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates ../shared/reference-data (real instrument files with oracles). Tests that need it skip, with the reason
 * printed, when it is absent, so a fresh clone without it still passes.
 */
public final class ReferenceData {
	private ReferenceData() {}

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

	/** The folder, or the test is skipped with a printed reason. */
	public static Path require() {
		Path p = folder();
		if (p == null) System.out.println("SKIPPED: ../shared/reference-data is absent (set -Dinterphase.reference)");
		Assumptions.assumeTrue(p != null, "../shared/reference-data is absent");
		return p;
	}
}
