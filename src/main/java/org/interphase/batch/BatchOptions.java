package org.interphase.batch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.interphase.core.Parallel;
import org.interphase.core.progress.Progress;

/** The common options of every analysis command (contract), plus the analysis' own parameter values. */
public final class BatchOptions {
	public Path outDir;
	/** Default: outDir/interphase.db */
	public Path db;
	/** A PostgreSQL store ({@code postgresql://host/db}); when set it is used instead of {@link #db}. */
	public String store;
	/** {@code --shard i/n}: analyse only this share of the inputs (default: all). */
	public Shard shard = Shard.ALL;
	public String sampleId;
	public Path sampleSheet;
	public int threads = Parallel.defaultThreads();
	public Progress progress = Progress.NONE;
	/** The analysis' own parameters as given (validated by the analysis' Params). */
	public Map<String, String> params = new LinkedHashMap<>();
	/** The command line as typed, recorded with the run. */
	public String commandLine = "";
	/** Save figures (PNG), maps (TIFF) and overlays next to results.csv. */
	public boolean saveOutputs = true;
	/** Warnings (skipped files ...) go here; never null. */
	public java.util.function.Consumer<String> warnings = w -> {};

	public Path dbFile() {
		return db != null ? db : outDir.resolve("interphase.db");
	}

	/** Where results are stored: the PostgreSQL store, else the SQLite file. */
	public String storeLocation() {
		return store != null ? store : dbFile().toString();
	}
}
