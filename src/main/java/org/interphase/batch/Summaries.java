package org.interphase.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.results.StoreCopy;

/**
 * A sample's summary rows recomputed from its files' stored rows, exactly as a batch computes them (for
 * {@code db copy}, which merges shards' stores whose summaries each saw only their own files).
 */
public final class Summaries implements StoreCopy.Summarizer {
	private final List<Analysis> analyses;

	public Summaries(List<Analysis> analyses) {
		this.analyses = analyses;
	}

	/** The summaries of every analysis of the registry. */
	public static Summaries ofRegistry() {
		return new Summaries(Analyses.all());
	}

	@Override
	public Function<List<List<ResultRow>>, List<ResultRow>> forAnalysis(String analysisName, String sampleId) {
		for (Analysis a : analyses) if (a.name().equals(analysisName)) return perFile -> of(a, sampleId, perFile);
		return null;
	}

	/** The summary a batch stores for a sample (BatchRunner stores the same). */
	static List<ResultRow> of(Analysis analysis, String sample, List<List<ResultRow>> perFile) {
		List<AnalysisResult> results = new ArrayList<>();
		for (List<ResultRow> f : perFile) results.add(new AnalysisResult().addAll(f));
		return analysis.summarize(sample, results).stream().map(r -> r.context(sample, analysis.technique(), analysis
			.name(), "")).collect(Collectors.toList());
	}
}
