package org.interphase.fiji;

import java.nio.file.Path;

import ij.Prefs;

/** What the Samples menu sets and the analyses use: the results database, the sample sheet, the current sample. */
final class FijiSettings {
	private FijiSettings() {}

	private static final String DB = "interphase.database";
	private static final String SHEET = "interphase.samplesheet";
	private static final String SAMPLE = "interphase.sample";

	/** The results database; default interphase.db in the user's home folder. */
	static Path database() {
		String p = Prefs.get(DB, "");
		return p.isEmpty() ? Path.of(System.getProperty("user.home"), "interphase.db") : Path.of(p);
	}

	/** The results store as chosen: a SQLite file, or a PostgreSQL address (postgresql://host/database). */
	static String databaseLocation() {
		String p = Prefs.get(DB, "");
		return p.isEmpty() ? database().toString() : p;
	}

	/** Results are stored only once a database was chosen in the Samples menu. */
	static boolean databaseChosen() {
		return !Prefs.get(DB, "").isEmpty();
	}

	static void database(String path) {
		Prefs.set(DB, path);
	}

	static String sampleSheet() {
		return Prefs.get(SHEET, "");
	}

	static void sampleSheet(String path) {
		Prefs.set(SHEET, path);
	}

	/** The sample ID set with "Set Sample ID..." (empty: from the sheet or the file name). */
	static String currentSample() {
		return Prefs.get(SAMPLE, "");
	}

	static void currentSample(String id) {
		Prefs.set(SAMPLE, id);
	}
}
