package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analysis;
import org.interphase.core.data.Signal;
import org.interphase.core.eels.ValenceMapper;
import org.interphase.io.csvmatrix.CsvMatrix;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.eels.EelsLineScanGenerator;

/** Demo line scans and bench of the EELS valence analysis ({@code eels-valence}). */
final class EelsDemo {
	private EelsDemo() {}

	// --------------------------------------------------------------------------------------------- demo, bench

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> write(DemoContext ctx) throws IOException {
		List<Path> inputs = new ArrayList<>();
		EelsLineScanGenerator.Config base = demoConfig(ctx.small, ctx.seed);
		int idx = 0;
		for (DemoSample sample : ctx.samples) {
			idx++;
			if (!sample.hasTruth(DemoSamples.EELS_TI3_DEPTH_NM)) continue;
			EelsLineScanGenerator.Config c = demoConfig(ctx.small, ctx.seed * 31 + idx);
			c.depthNm = sample.truth(DemoSamples.EELS_TI3_DEPTH_NM);
			EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
			Path p = ctx.dataDir.resolve(sample.id + "_eels_linescan.csv");
			CsvMatrix.write(p, ls.coreLoss);
			inputs.add(p);
		}
		if (inputs.isEmpty()) return List.of();
		Path refDir = ctx.folder("references");
		Path r3 = refDir.resolve("standards_eels_ref-ti3.csv"), r4 = refDir.resolve("standards_eels_ref-ti4.csv");
		CsvMatrix.write(r3, EelsLineScanGenerator.reference(true, base, ctx.seed + 3));
		CsvMatrix.write(r4, EelsLineScanGenerator.reference(false, base, ctx.seed + 4));
		Map<String, String> params = new LinkedHashMap<>();
		params.put("ref", "Ti3+=" + r3.toAbsolutePath() + ";Ti4+=" + r4.toAbsolutePath());
		return List.of(new DemoJob(inputs, params));
	}

	static EelsLineScanGenerator.Config demoConfig(boolean small, long seed) {
		EelsLineScanGenerator.Config c = new EelsLineScanGenerator.Config();
		c.seed = seed;
		if (small) {
			c.positions = 48;
			c.stepNm = 1.0;
		}
		else {
			c.positions = 80;
			c.stepNm = 0.75;
		}
		return c;
	}

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void bench(Analysis analysis, BenchContext ctx) throws Exception {
		// line scan: 80 positions x 1200 channels, aligned on O K, MLLS with joint background
		EelsLineScanGenerator.Config c = demoConfig(false, 5);
		EelsLineScanGenerator.LineScan ls = EelsLineScanGenerator.lineScan(c);
		double[][][] refs = refs(c);
		ValenceMapper.Options o = ValenceMapper.Options.builder().threads(ctx.threads).build();
		ValenceMapper.Spectra sp = new ValenceMapper.Spectra(ls.coreLoss.data(), c.positions, ls.coreLoss.lastAxis()
			.values());
		double t = BenchContext.medianSeconds(ctx.quick ? 3 : 7, () -> ValenceMapper.run(sp, null, refs, o, null));
		ctx.report("eels-valence line scan 80x1200 (align O K, background, MLLS)", c.positions / t, "spectra/s");
		// spectrum image: 100 x 100 x 2048 (quick: 32 x 32), per-spectrum shift fit without alignment source
		int side = ctx.quick ? 32 : 100;
		EelsLineScanGenerator.Config ci = new EelsLineScanGenerator.Config();
		ci.channels = 2048;
		ci.dispersion = 0.05;
		ci.energyStart = 420;
		ci.oxygen = false;
		ci.stepNm = 0.5;
		ci.seed = 6;
		EelsLineScanGenerator.SpectrumImage si = EelsLineScanGenerator.spectrumImage(ci, side, side);
		double[][][] refsI = refs(ci);
		ValenceMapper.Spectra spi = new ValenceMapper.Spectra(si.coreLoss.data(), side * side, si.coreLoss.lastAxis()
			.values());
		ValenceMapper.Options oi = ValenceMapper.Options.builder().threads(ctx.threads).build();
		double ti = BenchContext.medianSeconds(ctx.quick ? 1 : 3, () -> ValenceMapper.run(spi, null, refsI, oi, null));
		ctx.report("eels-valence spectrum image " + side + "x" + side + "x2048 (background, MLLS with shift)", ti, "s");
		ctx.report("eels-valence spectrum image throughput", side * side / ti, "spectra/s");
		// CPU time of one thread per spectrum: independent of other load on the machine
		java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
		if (mx.isCurrentThreadCpuTimeSupported()) {
			ValenceMapper.Options one = ValenceMapper.Options.builder().threads(1).build();
			double best = Double.POSITIVE_INFINITY;
			for (int rep = 0; rep < 3; rep++) {
				long c0 = mx.getCurrentThreadCpuTime();
				ValenceMapper.run(spi, null, refsI, one, null);
				best = Math.min(best, (mx.getCurrentThreadCpuTime() - c0) * 1e-9);
			}
			ctx.report("eels-valence spectrum image cpu time per spectrum (1 thread)", best / (side * side) * 1e6, "us");
			ctx.report("eels-valence 100x100x2048 on 2 idle cores (from cpu time)", best / (side * side) * 10000 / 2,
				"s");
		}
	}

	private static double[][][] refs(EelsLineScanGenerator.Config c) {
		Signal r3 = EelsLineScanGenerator.reference(true, c, 11), r4 = EelsLineScanGenerator.reference(false, c, 12);
		return new double[][][] { { r3.lastAxis().values(), r3.row(0) }, { r4.lastAxis().values(), r4.row(0) } };
	}
}
