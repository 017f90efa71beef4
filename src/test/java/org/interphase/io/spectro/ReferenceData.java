package org.interphase.io.spectro;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the shared reference files are: system property {@code interphase.reference}, then
 * {@code <repo>/../shared/reference-data}, then {@code /work/shared/reference-data}; null when absent (tests
 * then skip with a printed reason, so a fresh clone passes).
 */
public final class ReferenceData {
	private ReferenceData() {}

	public static Path root() {
		String p = System.getProperty("interphase.reference");
		if (p != null && Files.isDirectory(Paths.get(p))) return Paths.get(p);
		Path repo = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
		Path sibling = repo.resolve("../shared/reference-data").normalize();
		if (Files.isDirectory(sibling)) return sibling;
		Path fixed = Paths.get("/work/shared/reference-data");
		return Files.isDirectory(fixed) ? fixed : null;
	}

	public static Path folder(String name) {
		Path r = root();
		if (r == null) return null;
		Path f = r.resolve(name);
		return Files.isDirectory(f) ? f : null;
	}

	public static String absentReason(String name) {
		return "reference data folder '" + name + "' not found (set -Dinterphase.reference=DIR); skipping";
	}
}
