package org.interphase.batch;

import java.util.List;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;

/** Test helper: an analysis that forwards to another, to override one method. */
class DelegatingAnalysis implements Analysis {
	private final Analysis d;

	DelegatingAnalysis(Analysis d) {
		this.d = d;
	}

	@Override public String command() { return d.command(); }
	@Override public String technique() { return d.technique(); }
	@Override public String name() { return d.name(); }
	@Override public String menu() { return d.menu(); }
	@Override public String title() { return d.title(); }
	@Override public String description() { return d.description(); }
	@Override public List<Param> params() { return d.params(); }
	@Override public List<String> extensions() { return d.extensions(); }

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		return d.analyze(input, params, context);
	}
}
