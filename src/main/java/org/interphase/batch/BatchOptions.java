package org.interphase.batch;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.interphase.core.Parallel;
import org.interphase.core.progress.Progress;

/**
 * The common options of every analysis command (contract), plus the analysis' own parameter values. Immutable:
 * {@link #builder()} or {@link #toBuilder()} (a copy of every field) to change one.
 */
public final class BatchOptions {
	public final Path outDir;
	/** Default: outDir/interphase.db */
	public final Path db;
	/** A PostgreSQL store ({@code postgresql://host/db}); when set it is used instead of {@link #db}. */
	public final String store;
	/** {@code --shard i/n}: analyse only this share of the inputs (default: all). */
	public final Shard shard;
	public final String sampleId;
	public final Path sampleSheet;
	public final int threads;
	public final Progress progress;
	/** The analysis' own parameters as given (validated by the analysis' Params); unmodifiable, in the order given. */
	public final Map<String, String> params;
	/** The command line as typed, recorded with the run. */
	public final String commandLine;
	/** Save figures (PNG), maps (TIFF) and overlays next to results.csv. */
	public final boolean saveOutputs;
	/** Warnings (skipped files ...) go here; never null. */
	public final Consumer<String> warnings;

	private BatchOptions(Builder b) {
		outDir = b.outDir;
		db = b.db;
		store = b.store;
		shard = b.shard;
		sampleId = b.sampleId;
		sampleSheet = b.sampleSheet;
		threads = b.threads;
		progress = b.progress;
		params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
		commandLine = b.commandLine;
		saveOutputs = b.saveOutputs;
		warnings = b.warnings;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of these options. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	public Path dbFile() {
		return db != null ? db : outDir.resolve("interphase.db");
	}

	/** Where results are stored: the PostgreSQL store, else the SQLite file. */
	public String storeLocation() {
		return store != null ? store : dbFile().toString();
	}

	/** Changes some of the options; {@link #build} makes the immutable options. */
	public static final class Builder {
		private Path outDir;
		private Path db;
		private String store;
		private Shard shard = Shard.ALL;
		private String sampleId;
		private Path sampleSheet;
		private int threads = Parallel.defaultThreads();
		private Progress progress = Progress.NONE;
		private Map<String, String> params = new LinkedHashMap<>();
		private String commandLine = "";
		private boolean saveOutputs = true;
		private Consumer<String> warnings = w -> {};

		Builder() {}

		Builder(BatchOptions o) {
			outDir = o.outDir;
			db = o.db;
			store = o.store;
			shard = o.shard;
			sampleId = o.sampleId;
			sampleSheet = o.sampleSheet;
			threads = o.threads;
			progress = o.progress;
			params = new LinkedHashMap<>(o.params);
			commandLine = o.commandLine;
			saveOutputs = o.saveOutputs;
			warnings = o.warnings;
		}

		public Builder outDir(Path p) {
			outDir = p;
			return this;
		}

		public Builder db(Path p) {
			db = p;
			return this;
		}

		public Builder store(String s) {
			store = s;
			return this;
		}

		public Builder shard(Shard s) {
			shard = s;
			return this;
		}

		public Builder sampleId(String s) {
			sampleId = s;
			return this;
		}

		public Builder sampleSheet(Path p) {
			sampleSheet = p;
			return this;
		}

		public Builder threads(int t) {
			threads = t;
			return this;
		}

		public Builder progress(Progress p) {
			progress = p;
			return this;
		}

		/** Replaces the analysis' parameters (copied, in their order). */
		public Builder params(Map<String, String> p) {
			params = new LinkedHashMap<>(p);
			return this;
		}

		/** Sets one of the analysis' parameters. */
		public Builder param(String key, String value) {
			params.put(key, value);
			return this;
		}

		public Builder commandLine(String c) {
			commandLine = c;
			return this;
		}

		public Builder saveOutputs(boolean s) {
			saveOutputs = s;
			return this;
		}

		public Builder warnings(Consumer<String> w) {
			warnings = w;
			return this;
		}

		public BatchOptions build() {
			if (warnings == null) throw new IllegalArgumentException("warnings must not be null");
			return new BatchOptions(this);
		}
	}
}
