package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Params;
import org.interphase.core.Parallel;
import org.interphase.core.data.Dataset;
import org.interphase.io.Readers;
import org.interphase.ij.ImageJTiff;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.sem.SemCrossSectionGenerator;
import org.interphase.synth.sem.SemTiff;

/** Demo images and bench of the SEM reaction-layer depth ({@code sem-depth}). */
final class SemDemo {
	private SemDemo() {}

	// ---------------------------------------------------------------- demo

	/** Pixel size (µm) that puts a depth at about a third of the image's depth extent. */
	static double demoPixelSize(double depthUm, int extentPx) {
		if (depthUm <= 0) return 0.5;
		double ps = depthUm / (0.33 * extentPx);
		double mag = Math.pow(10, Math.floor(Math.log10(ps)));
		double[] nice = { 1, 1.25, 2, 2.5, 5, 10 };
		for (double n : nice) if (n * mag >= ps) return n * mag;
		return 10 * mag;
	}

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> write(DemoContext ctx) throws IOException {
		Path dir = ctx.folder("sem");
		List<Path> files = new ArrayList<>();
		int w = ctx.small ? 384 : 800, h = ctx.small ? 320 : 600;
		int nImages = ctx.small ? 1 : 3;
		SemCrossSectionGenerator.Side[] sides = { SemCrossSectionGenerator.Side.TOP, SemCrossSectionGenerator.Side.LEFT,
			SemCrossSectionGenerator.Side.BOTTOM };
		double[] tilts = { 4, -9, 14 };
		int si = 0;
		for (DemoSample sample : ctx.samples) {
			si++;
			if (!sample.hasTruth(DemoSamples.REACTION_DEPTH_UM)) continue;
			double depthUm = sample.truth(DemoSamples.REACTION_DEPTH_UM);
			int databar = ctx.small ? 24 : 44;
			for (int k = 0; k < nImages; k++) {
				SemCrossSectionGenerator.Side side = sides[k % sides.length];
				int extent = side == SemCrossSectionGenerator.Side.LEFT || side == SemCrossSectionGenerator.Side.RIGHT ? w
					: h - databar;
				double ps = demoPixelSize(depthUm, extent);
				double depthPx = depthUm / ps;
				SemCrossSectionGenerator.Result g = new SemCrossSectionGenerator(ctx.seed * 1000 + si * 10 + k).size(w, h)
					.pixelSize(ps, "\u00B5m").depth(depthPx).frontSigma(Math.max(1.2, 0.035 * depthPx)).side(side).tilt(
						tilts[k % tilts.length]).curvature(k == 2 ? 12 : 0).roughness(0.8).snr(6).cracks(1).pores(6)
					.databar(databar, false).generate();
				Path f = dir.resolve(String.format(Locale.ROOT, "%s_sem_%02d.tif", sample.id, k + 1));
				ImageJTiff.write(g.dataset.primary(), f, String.format(Locale.ROOT,
					"Synthetic BSE cross-section, sample %s, true mean reaction depth %.3f um (px %.2f), pixel size %s um",
					sample.id, g.meanDepthPx * ps, g.meanDepthPx, ps));
				files.add(f);
			}
		}
		List<DemoJob> jobs = new ArrayList<>();
		if (!files.isEmpty()) jobs.add(new DemoJob(files, Map.of()));
		return jobs;
	}

	// ---------------------------------------------------------------- bench

	/** Median CPU seconds of the current thread over repeats (after one warm-up run). */
	static double medianCpuSeconds(int repeats, Runnable task) {
		java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
		if (!mx.isCurrentThreadCpuTimeSupported()) return BenchContext.medianSeconds(repeats, task);
		task.run();
		double[] t = new double[Math.max(1, repeats)];
		for (int i = 0; i < t.length; i++) {
			long s = mx.getCurrentThreadCpuTime();
			task.run();
			t[i] = (mx.getCurrentThreadCpuTime() - s) * 1e-9;
		}
		java.util.Arrays.sort(t);
		return t[t.length / 2];
	}

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void bench(Analysis analysis, BenchContext ctx) throws Exception {
		int w = 2048, h = 1536;
		Path dir = Files.createTempDirectory("interphase-sem-bench");
		try {
			SemCrossSectionGenerator.Result g = new SemCrossSectionGenerator(4242).size(w, h).pixelSize(0.5, "\u00B5m")
				.depth(500).frontSigma(12).tilt(6).roughness(1).snr(6).cracks(2).pores(20).databar(64, false).generate();
			Path file = dir.resolve("bench_sem_2048x1536_16bit.tif");
			SemTiff.write(g.dataset.primary(), 16, 0.5, "\u00B5m", file);
			Params params = analysis.parameters(Map.of());
			AnalysisContext one = new AnalysisContext(null, 1);
			double[] check = new double[1];
			Runnable fileToResult = () -> {
				try {
					Dataset d = Readers.read(file);
					check[0] = analysis.analyze(d, params, one).find("depth_mean").value;
				}
				catch (Exception e) {
					throw new RuntimeException(e);
				}
			};
			int reps = ctx.quick ? 3 : 9;
			double t = BenchContext.medianSeconds(reps, fileToResult);
			ctx.report("sem-depth file to results 2048x1536 16-bit, 1 thread", t * 1e3, "ms");
			// CPU time of the same work: the fair single-core figure on a shared, loaded machine
			ctx.report("sem-depth file to results 2048x1536 16-bit, 1 thread, cpu", medianCpuSeconds(reps,
				fileToResult) * 1e3, "ms");
			ctx.report("sem-depth file read only (ImageJ TIFF reader), cpu", medianCpuSeconds(reps, () -> {
				try {
					Readers.read(file);
				}
				catch (IOException e) {
					throw new RuntimeException(e);
				}
			}) * 1e3, "ms");
			Dataset d = Readers.read(file);
			double tc = medianCpuSeconds(reps, () -> {
				try {
					analysis.analyze(d, params, one);
				}
				catch (AnalysisException e) {
					throw new RuntimeException(e);
				}
			});
			ctx.report("sem-depth analysis only 2048x1536, 1 thread, cpu", tc * 1e3, "ms");
			ctx.report("sem-depth accuracy on bench image |mean - truth|", Math.abs(check[0] - g.meanDepth()),
				"\u00B5m");
			// series: threads over files, each image dropped after its result
			int nFiles = ctx.quick ? 2 * Math.max(1, ctx.threads) : 8 * Math.max(1, ctx.threads);
			AtomicInteger done = new AtomicInteger();
			long s0 = System.nanoTime();
			Parallel.forRange(nFiles, Math.max(1, ctx.threads), (from, to) -> {
				for (int i = from; i < to; i++) {
					Dataset di = Readers.read(file);
					analysis.analyze(di, params, one);
					done.incrementAndGet();
				}
			});
			double sec = (System.nanoTime() - s0) * 1e-9;
			ctx.report("sem-depth series throughput 2048x1536 16-bit, " + ctx.threads + " threads", done.get() / sec,
				"images/s");
		}
		finally {
			try (var st = Files.list(dir)) {
				for (Path f : (Iterable<Path>) st::iterator) Files.deleteIfExists(f);
			}
			Files.deleteIfExists(dir);
		}
	}
}
