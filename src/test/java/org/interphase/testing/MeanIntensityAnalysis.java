package org.interphase.testing;

import java.util.List;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Param;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;

/** A tiny analysis for testing the plumbing: mean intensity of an image with its standard error. */
public final class MeanIntensityAnalysis implements Analysis {
	@Override public String command() { return "test-mean"; }
	@Override public String technique() { return "sem"; }
	@Override public String name() { return "mean-intensity"; }
	@Override public String menu() { return "Test"; }
	@Override public String title() { return "Mean Intensity"; }
	@Override public String description() { return "Mean intensity (test)."; }
	@Override public List<String> extensions() { return List.of("tif", "tiff", "png"); }

	@Override
	public List<Param> params() {
		return List.of(Param.number("offset", 0, "counts", "subtracted from every pixel"), Param.flag("fail",
			"fail on purpose"));
	}

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		if (params.flag("fail")) throw new AnalysisException("failed on purpose");
		Signal s = input.primary();
		double[] d = s.data();
		double sum = 0, sum2 = 0;
		for (double v : d) {
			sum += v;
			sum2 += v * v;
		}
		double n = d.length, mean = sum / n, var = Math.max(0, sum2 / n - mean * mean);
		if (var == 0) throw new AnalysisException("the image is constant");
		ResultRow r = ResultRow.of("mean", mean - params.number("offset"), Math.sqrt(var / n), "counts");
		if (!s.lastAxis().isCalibrated()) r = r.flag(Flags.UNCALIBRATED);
		return new AnalysisResult().add(r).add(ResultRow.of("pixels", n, Double.NaN, ""));
	}

	@Override
	public List<ResultRow> summarize(String sampleId, List<AnalysisResult> perInput) {
		double s = 0;
		for (AnalysisResult r : perInput) s += r.find("mean").value;
		return List.of(ResultRow.of("mean_of_means", s / perInput.size(), Double.NaN, "counts"));
	}
}
