package org.interphase.io.spectro;

import java.nio.file.Files;
import java.nio.file.Path;

/** The emsa/, xps/, raman/ folders of the shared reference data ({@link org.interphase.testing.ReferenceData}). */
final class ReferenceData {
	private ReferenceData() {}

	static Path folder(String name) {
		Path r = org.interphase.testing.ReferenceData.folder();
		if (r == null) return null;
		Path f = r.resolve(name);
		return Files.isDirectory(f) ? f : null;
	}

	static String absentReason(String name) {
		return "SKIPPED: reference data folder '" + name + "' not found (set -Dinterphase.reference=DIR)";
	}
}
