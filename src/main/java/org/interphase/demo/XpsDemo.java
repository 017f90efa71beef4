package org.interphase.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.analysis.Analysis;
import org.interphase.core.Parallel;
import org.interphase.core.xps.XpsEnsemble;
import org.interphase.core.xps.XpsFit;
import org.interphase.core.xps.XpsMapFit;
import org.interphase.core.xps.XpsTemplate;
import org.interphase.io.Writers;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.interphase.synth.xps.XpsSpectrumGenerator;

/** Demo spectra and bench of the XPS fit ({@code xps-fit}). */
final class XpsDemo {
	private XpsDemo() {}

	// ---- demo ----

	/** Writes the demo inputs for the samples that have a truth for it; returns the jobs to run on them. */
	static List<DemoJob> write(DemoContext ctx) throws IOException {
		List<DemoJob> jobs = new ArrayList<>();
		List<Path> ti = new ArrayList<>(), b = new ArrayList<>();
		int k = 0;
		for (DemoSample s : ctx.samples) {
			k++;
			if (s.hasTruth(DemoSamples.XPS_TI3_FRACTION)) {
				XpsSpectrumGenerator.Spectrum sp = XpsSpectrumGenerator.ti2p(s.truth(DemoSamples.XPS_TI3_FRACTION))
					.peakCounts(ctx.small ? 5e3 : 1e4).generate(ctx.seed * 1000 + 10 * k);
				Path f = ctx.dataDir.resolve(s.id + "_xps_ti2p.csv");
				Writers.text(sp.dataset(s.id + " Ti 2p", 1486.6).primary(), f, "Binding Energy (eV)");
				ti.add(f);
			}
			if (s.hasTruth(DemoSamples.XPS_B2O3_FRACTION)) {
				XpsSpectrumGenerator.Spectrum sp = XpsSpectrumGenerator.b1s(s.truth(DemoSamples.XPS_B2O3_FRACTION))
					.peakCounts(ctx.small ? 2e3 : 4e3).generate(ctx.seed * 1000 + 10 * k + 1);
				Path f = ctx.dataDir.resolve(s.id + "_xps_b1s.csv");
				Writers.text(sp.dataset(s.id + " B 1s", 1486.6).primary(), f, "Binding Energy (eV)");
				b.add(f);
			}
			// depth series (HE-XPS): the photon energy is in the file name (hvNNNN), the Al K-alpha file is the first point
			int j = 0;
			for (double hv : DemoSamples.XPS_HE_PHOTON_ENERGIES) {
				if (!s.hasTruth(DemoSamples.xpsTi3FractionAt(hv))) continue;
				XpsSpectrumGenerator.Spectrum sp = XpsSpectrumGenerator.ti2p(s.truth(DemoSamples.xpsTi3FractionAt(hv)))
					.peakCounts(ctx.small ? 3e3 : 6e3).generate(ctx.seed * 1000 + 10 * k + 2 + j++);
				Path f = ctx.dataDir.resolve(String.format(Locale.ROOT, "%s_xps_ti2p_hv%.0f.csv", s.id, hv));
				Writers.text(sp.dataset(s.id + " Ti 2p", hv).primary(), f, "Binding Energy (eV)");
				ti.add(f);
			}
		}
		Map<String, String> tp = new LinkedHashMap<>();
		tp.put("preset", "ti2p");
		tp.put("shift", "0");
		if (!ti.isEmpty()) jobs.add(new DemoJob(ti, tp));
		Map<String, String> bp = new LinkedHashMap<>();
		bp.put("preset", "b1s");
		bp.put("shift", "0");
		if (!b.isEmpty()) jobs.add(new DemoJob(b, bp));
		return jobs;
	}

	// ---- bench ----

	/** Measures throughput on generated data and reports "name: value unit" lines. */
	static void bench(Analysis analysis, BenchContext ctx) throws Exception {
		XpsTemplate t = XpsTemplate.preset("ti2p");
		int n = ctx.quick ? 200 : 1000;
		double[][] spectra = new double[n][];
		double[] be = null;
		for (int i = 0; i < n; i++) {
			XpsSpectrumGenerator.Spectrum s = XpsSpectrumGenerator.ti2p(0.05 + 0.6 * (i % 13) / 12.0).peakCounts(1e4).generate(i);
			spectra[i] = s.counts;
			be = s.be;
		}
		final double[] e = be;
		XpsFit.Options o = new XpsFit.Options();
		double t1 = BenchContext.medianSeconds(3, () -> {
			for (int i = 0; i < n; i++) XpsFit.fit(e, spectra[i], t, o);
		});
		ctx.report("xps-fit ti2p fits per second (1 thread)", n / t1, "fits/s");
		// CPU time of this thread: what one idle core would do, independent of other jobs on a shared machine
		java.lang.management.ThreadMXBean tb = java.lang.management.ManagementFactory.getThreadMXBean();
		if (tb.isCurrentThreadCpuTimeSupported()) {
			long c0 = tb.getCurrentThreadCpuTime();
			for (int i = 0; i < n; i++) XpsFit.fit(e, spectra[i], t, o);
			double cpu = (tb.getCurrentThreadCpuTime() - c0) * 1e-9;
			ctx.report("xps-fit ti2p fits per CPU-second (1 thread, load-independent)", n / cpu, "fits/s");
		}
		int th = Math.max(1, ctx.threads);
		double tn = BenchContext.medianSeconds(3, () -> Parallel.forRange(n, th, (a, b) -> {
			for (int i = a; i < b; i++) XpsFit.fit(e, spectra[i], t, o);
		}));
		ctx.report("xps-fit ti2p fits per second (" + th + " threads; target >= 2000 on 2 cores)", n / tn, "fits/s");
		// the analysis' default: the model ensemble (8 variants, staged fits) per spectrum; maps run it on the sum only
		int ne = ctx.quick ? 4 : 20;
		double te = BenchContext.medianSeconds(1, () -> Parallel.forRange(ne, th, (a, b) -> {
			for (int i = a; i < b; i++) XpsEnsemble.fit(e, spectra[i], t, new XpsFit.Options());
		}));
		ctx.report("xps-fit ti2p model-ensemble fits per second (" + th + " threads; default of the analysis)", ne / te, "spectra/s");
		ctx.report("xps-fit ti2p model-ensemble cost in single fits", (te / ne) / (tn / n), "x");
		int side = ctx.quick ? 32 : 64;
		double[] cube = new double[side * side * e.length];
		for (int p = 0; p < side * side; p++) {
			XpsSpectrumGenerator.Spectrum s = XpsSpectrumGenerator.ti2p(0.57 * (p % side) / side).peakCounts(300).generate(1000 + p);
			System.arraycopy(s.counts, 0, cube, p * e.length, e.length);
		}
		double tm = BenchContext.medianSeconds(1, () -> XpsMapFit.fit(e, cube, side, side, t, o, th));
		ctx.report("xps-fit ti2p map " + side + "x" + side + " (" + th + " threads; target 128x128 < 10 s)", tm, "s");
		ctx.report("xps-fit ti2p map pixels per second", side * side / tm, "px/s");
	}
}
