package org.interphase.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.testing.MeanIntensityAnalysis;

/**
 * A batch in its own JVM, for the tests of several processes writing one database and of a killed batch:
 * {@code DB OUT SAMPLE DELAY_MS FILE...}; exits with the batch's status.
 */
public final class BatchProcessMain {
	private BatchProcessMain() {}

	public static void main(String[] args) throws Exception {
		BatchOptions.Builder o = BatchOptions.builder();
		if (org.interphase.results.PostgresStore.isUrl(args[0])) o.store(args[0]);
		else o.db(Path.of(args[0]));
		o.outDir(Path.of(args[1]));
		o.sampleId(args[2]);
		long delay = Long.parseLong(args[3]);
		o.threads(1);
		o.saveOutputs(false);
		List<Path> files = new ArrayList<>();
		for (int i = 4; i < args.length; i++) files.add(Path.of(args[i]));
		DelegatingAnalysis slow = new DelegatingAnalysis(new MeanIntensityAnalysis()) {
			@Override
			public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context)
				throws AnalysisException
			{
				try {
					Thread.sleep(delay);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				return super.analyze(input, params, context);
			}

			@Override
			public List<org.interphase.core.result.ResultRow> summarize(String sampleId, List<AnalysisResult> perInput) {
				return new MeanIntensityAnalysis().summarize(sampleId, perInput);
			}
		};
		BatchReport r = new BatchRunner(slow, o.build()).run(files);
		for (BatchReport.Failure f : r.failures()) System.err.println(f.source + ": " + f.error);
		System.exit(r.exitStatus());
	}
}
