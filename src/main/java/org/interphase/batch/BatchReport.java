package org.interphase.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.interphase.core.result.ResultRow;

/** What a batch did: inputs analysed, failures (source, error), skipped files, and the rows it stored. */
public final class BatchReport {
	public static final class Failure {
		public final String source;
		public final String error;

		Failure(String source, String error) {
			this.source = source;
			this.error = error;
		}
	}

	private final List<Failure> failures = new ArrayList<>();
	private final List<String> skipped = new ArrayList<>();
	private final List<Failure> warnings = new ArrayList<>();
	private final List<ResultRow> rows = new ArrayList<>();
	private int analysed;

	synchronized void failed(String source, String error) {
		failures.add(new Failure(source, error));
	}

	/** An analysed input whose figures or overlay could not be saved, or a sample without its summary. */
	synchronized void warned(String source, String warning) {
		warnings.add(new Failure(source, warning));
	}

	/** Warnings (source, text): the input was analysed and its rows stored, but something extra went wrong. */
	public synchronized List<Failure> warnings() {
		return Collections.unmodifiableList(new ArrayList<>(warnings));
	}

	synchronized void skipped(String source) {
		skipped.add(source);
	}

	synchronized void analysed(List<ResultRow> r) {
		analysed++;
		rows.addAll(r);
	}

	synchronized void summary(List<ResultRow> r) {
		rows.addAll(r);
	}

	public synchronized int analysed() {
		return analysed;
	}

	public synchronized List<Failure> failures() {
		return Collections.unmodifiableList(new ArrayList<>(failures));
	}

	public synchronized List<String> skipped() {
		return Collections.unmodifiableList(new ArrayList<>(skipped));
	}

	/** Rows of this batch (per input and per-sample summaries). */
	public synchronized List<ResultRow> rows() {
		return Collections.unmodifiableList(new ArrayList<>(rows));
	}

	/** Contract exit status: 0 all analysed, 3 some failed. */
	public int exitStatus() {
		return failures().isEmpty() ? 0 : 3;
	}
}
