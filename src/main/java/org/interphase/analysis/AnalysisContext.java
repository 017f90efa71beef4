package org.interphase.analysis;

import org.interphase.core.Parallel;
import org.interphase.core.progress.Progress;

/** How an analysis runs: its progress listener and how many threads it may use. */
public final class AnalysisContext {
	public final Progress progress;
	public final int threads;

	public AnalysisContext(Progress progress, int threads) {
		this.progress = progress == null ? Progress.NONE : progress;
		this.threads = threads < 1 ? Parallel.defaultThreads() : threads;
	}

	public static AnalysisContext quiet() {
		return new AnalysisContext(Progress.NONE, Parallel.defaultThreads());
	}
}
