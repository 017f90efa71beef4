package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.diffraction.xrd.XrayWavelength;
import org.interphase.io.xrd.XrdWriter;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.diffraction.XrdGenerator;

/** Demo patterns and bench of the X-ray powder analysis ({@code xrd}). */
final class XrdDemo {
	private XrdDemo() {}

	// ------------------------------------------------------------------------------------------------------

	/** The demo's pattern of a sample (seeded), or null when the sample has no XRD truth. */
	public static XrdGenerator.Pattern demoPattern(DemoSample sample, long seed) {
		if (!sample.hasTruth(DemoSamples.XRD_CRYSTALLINITY)) return null;
		XrdGenerator.Config c = new XrdGenerator.Config();
		c.crystallinity = sample.truth(DemoSamples.XRD_CRYSTALLINITY);
		c.seed = seed;
		c.zeroShift = 0.02;
		// cycled, amorphizing LATP: smaller crystallites, a stronger halo
		c.crystalliteNm = c.crystallinity < 0.5 ? 35 : 60;
		return XrdGenerator.generate(c);
	}

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> write(DemoContext ctx) throws IOException {
		Path dir = ctx.folder("xrd");
		List<Path> files = new ArrayList<>();
		for (DemoSample sample : ctx.samples) {
			long seed = ctx.seed * 1000 + 77 + Math.abs(sample.id.hashCode() % 1000);
			XrdGenerator.Pattern p = demoPattern(sample, seed);
			if (p == null) continue;
			XrayWavelength w = p.config.wavelength;
			if (sample.coating().equals("BN")) {
				Path f = dir.resolve(sample.id + "_xrd_01.xrdml");
				XrdWriter.xrdml(f, p.twoTheta[0], p.twoTheta[p.twoTheta.length - 1], p.counts, w.kAlpha1, w.kAlpha2, w.ratio,
					"Cu", sample.id);
				files.add(f);
			}
			else {
				Path f = dir.resolve(sample.id + "_xrd_01.xy");
				Map<String, String> h = new LinkedHashMap<>();
				h.put("Sample", sample.id);
				h.put("Instrument", "synthetic (Interphase demo), Bragg-Brentano");
				h.put("Anode", "Cu");
				h.put("Wavelength K-alpha1 (A)", "1.540598");
				XrdWriter.xy(f, p.twoTheta, p.counts, null, h);
				files.add(f);
			}
		}
		if (files.isEmpty()) return List.of();
		return List.of(new DemoJob(files, Map.of("phase", "LATP")));
	}

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void bench(Analysis analysis, BenchContext ctx) throws Exception {
		XrdGenerator.Config c = new XrdGenerator.Config();
		c.crystallinity = 0.6;
		c.seed = 11;
		XrdGenerator.Pattern p = XrdGenerator.generate(c);
		Signal sig = Signal.spectrum("intensity", new Axis("2theta", p.twoTheta.length, c.step, c.twoThetaMin, "deg"),
			p.counts);
		Dataset d = Dataset.of("bench", "synthetic", sig);
		Params params = analysis.parameters(Map.of("phase", "LATP"));
		AnalysisContext ac = new AnalysisContext(null, 1);
		double t = BenchContext.medianSeconds(ctx.quick ? 2 : 5, () -> {
			try {
				analysis.analyze(d, params, ac);
			}
			catch (AnalysisException e) {
				throw new IllegalStateException(e);
			}
		});
		ctx.report("xrd pattern " + p.twoTheta.length + " points, LATP, full analysis (1 thread)", 1 / t, "patterns/s");
	}
}
