package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.progress.Progress;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.labspec.LabSpecTextWriter;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.raman.RamanSpectrumGenerator;

/** Demo spectra and maps and bench of the Raman BN analysis ({@code raman-bn}). */
final class RamanDemo {
	private RamanDemo() {}

	// ---- demo and bench ----

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> write(DemoContext ctx) throws IOException {
		Path dir = ctx.folder("raman");
		List<Path> files = new ArrayList<>();
		boolean bareDone = false;
		for (DemoSample sample : ctx.samples) {
			long seed = ctx.seed * 31 + sample.id.hashCode();
			if (sample.hasTruth(DemoSamples.RAMAN_CBN_HBN_RATIO)) {
				double ratio = sample.truth(DemoSamples.RAMAN_CBN_HBN_RATIO);
				double pos = sample.truth(DemoSamples.RAMAN_HBN_POSITION, 1370);
				RamanSpectrumGenerator g = new RamanSpectrumGenerator(seed).cbnRatio(ratio).hbnPosition(pos);
				RamanSpectrumGenerator.Spectrum s = g.spectrum();
				Path f = dir.resolve(sample.id + "_raman_01.txt");
				LabSpecTextWriter.writeSpectrum(f, s.shift, s.counts, header(10, 532));
				files.add(f);
				int size = ctx.small ? 8 : 20;
				RamanSpectrumGenerator.MapData m = new RamanSpectrumGenerator(seed + 1).cbnRatio(ratio).hbnPosition(pos).map(
					size, size);
				Path fm = dir.resolve(sample.id + "_raman_map.txt");
				LabSpecTextWriter.writeMap(fm, m.signal);
				files.add(fm);
			}
			else if (!bareDone && "none".equals(sample.coating())) {
				RamanSpectrumGenerator.Spectrum s = new RamanSpectrumGenerator(seed).bare().latpHeight(9000).spectrum();
				Path f = dir.resolve(sample.id + "_raman_01.txt");
				LabSpecTextWriter.writeSpectrum(f, s.shift, s.counts, header(10, 532));
				files.add(f);
				bareDone = true;
			}
		}
		if (files.isEmpty()) return List.of();
		return List.of(new DemoJob(files, Map.of()));
	}

	private static Map<String, String> header(double seconds, double laser) {
		Map<String, String> h = new LinkedHashMap<>();
		h.put("Acq. time (s)", fmt(seconds));
		h.put("Accumulations", "2");
		h.put("Laser (nm)", fmt(laser));
		h.put("Instrument", "synthetic (Interphase demo)");
		return h;
	}

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void bench(Analysis analysis, BenchContext ctx) throws Exception {
		int side = ctx.quick ? 30 : 100;
		RamanSpectrumGenerator.MapData m = new RamanSpectrumGenerator(2024).channels(1024).map(side, side);
		Dataset d = Dataset.of("bench", "synthetic", m.signal);
		Params p = Params.defaults(analysis.params());
		AnalysisContext ac = new AnalysisContext(Progress.NONE, ctx.threads);
		// warm up on a small map, then time the big one
		Dataset small = Dataset.of("warm", "synthetic", new RamanSpectrumGenerator(1).map(6, 6).signal);
		analysis.analyze(small, p, ac);
		java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		long cpu0 = os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os)
			.getProcessCpuTime() : -1;
		long t0 = System.nanoTime();
		AnalysisResult r;
		try {
			r = analysis.analyze(d, p, ac);
		}
		catch (AnalysisException e) {
			throw new IllegalStateException(e);
		}
		double sec = (System.nanoTime() - t0) * 1e-9;
		int px = side * side;
		ctx.report("raman_map_" + px + "px_1024ch_seconds", sec, "s");
		ctx.report("raman_map_seconds_per_10000px", sec * 10000.0 / px, "s");
		ctx.report("raman_map_pixels_per_second", px / sec, "1/s");
		if (cpu0 >= 0) {
			// CPU time of the whole process (fits, JIT, GC): on a busy shared machine the wall time above includes
			// waiting for cores; CPU seconds / 2 is what two free cores would need
			double cpu = (((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - cpu0) * 1e-9;
			ctx.report("raman_map_cpu_seconds_per_10000px", cpu * 10000.0 / px, "s");
			ctx.report("raman_map_2core_seconds_per_10000px_from_cpu", cpu * 10000.0 / px / 2, "s");
		}
		ResultRow failed = r.find("failed_pixels");
		ctx.report("raman_map_failed_pixels", failed == null ? Double.NaN : failed.value, "");
		ctx.report("raman_threads", ctx.threads, "");
	}

	private static String fmt(double d) {
		return String.format(Locale.ROOT, "%.4g", d);
	}
}
