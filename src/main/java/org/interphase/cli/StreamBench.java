package org.interphase.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.demo.BenchContext;
import org.interphase.analysis.Params;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.FrameSource;
import org.interphase.core.progress.Progress;
import org.interphase.core.result.AnalysisResult;
import org.interphase.io.FrameStreams;
import org.interphase.io.Readers;
import org.interphase.io.tiff.TiffStackStream;
import org.interphase.io.tiff.TiffStackWriter;

/**
 * {@code bench --only stream}: an in-situ SAED series generated frame by frame to a float32 TIFF (rings of a
 * crystal fading into an amorphous halo, on a central-beam tail, with counting noise; written from the physics
 * here, not by the demo generator), then (1) frames/s of today's whole-file read + analysis against the streamed
 * read + analysis on a series that fits in memory, and (2) the peak heap of a separate JVM ({@code -Xmx} as
 * given, 2g by default) analysing streamed series of two frame counts. See docs/scale.md.
 */
final class StreamBench {
	private StreamBench() {}

	/**
	 * Frame {@code f} of {@code frames} of a size x size series: crystalline rings whose share falls from 0.8 to 0.05
	 * through the middle of the series (a logistic), an amorphous halo taking the rest, a Lorentzian-like beam tail,
	 * Gaussian noise of Poisson size. The same (seed, f) gives the same frame.
	 */
	static final class Series {
		final int size;
		final float[] tail, halo, rings;
		final double cx, cy;
		final long seed;

		Series(int size, long seed) {
			this.size = size;
			this.seed = seed;
			int n = size * size;
			tail = new float[n];
			halo = new float[n];
			rings = new float[n];
			cx = size / 2.0 + 0.3;
			cy = size / 2.0 - 0.2;
			double s = size / 512.0;
			double[] radii = { 62 * s, 88 * s, 108 * s, 152 * s, 176 * s };
			double[] amp = { 60, 40, 35, 18, 12 };
			double width = 1.4 * Math.max(1, s);
			for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) {
				double r = Math.hypot(x - cx, y - cy);
				int i = y * size + x;
				tail[i] = (float) (3000 / Math.pow(1 + (r / (4 * s)) * (r / (4 * s)), 1.1) + 2);
				halo[i] = (float) (25 * Math.exp(-0.5 * Math.pow((r - 80 * s) / (22 * s), 2)));
				double v = 0;
				for (int k = 0; k < radii.length; k++) v += amp[k] * Math.exp(-0.5 * Math.pow((r - radii[k]) / width, 2));
				rings[i] = (float) v;
			}
		}

		/** The crystalline share of frame f (the truth the series was made with). */
		static double crystalline(int f, int frames) {
			double t = f / (double) Math.max(1, frames - 1);
			return 0.05 + 0.75 / (1 + Math.exp((t - 0.5) / 0.08));
		}

		float[] frame(int f, int frames, float[] out) {
			double c = crystalline(f, frames);
			// the total scattered intensity is kept: what leaves the rings goes to the halo
			double ringScale = c / 0.8, haloScale = 1 + 3 * (0.8 - c);
			SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + f);
			for (int i = 0; i < out.length; i++) {
				double mean = tail[i] + haloScale * halo[i] + ringScale * rings[i];
				out[i] = (float) Math.max(0, mean + Math.sqrt(mean) * gaussian(rnd));
			}
			return out;
		}

		private static double gaussian(SplittableRandom r) {
			// sum of 4 uniforms, scaled to unit variance: cheap and smooth enough for counting noise
			return (r.nextDouble() + r.nextDouble() + r.nextDouble() + r.nextDouble() - 2) * Math.sqrt(3);
		}

		void write(Path file, int frames, double intervalS) throws java.io.IOException {
			float[] buf = new float[size * size];
			try (TiffStackWriter w = new TiffStackWriter(file, size, size, frames, intervalS)) {
				for (int f = 0; f < frames; f++) w.frame(frame(f, frames, buf));
			}
		}
	}

	static Map<String, String> params() {
		return Map.of("q-min", "1.0", "q-max", "6", "frame-interval", "2");
	}

	static AnalysisResult analyse(Dataset d, int threads) throws Exception {
		Analysis a = Analyses.byCommand("saed");
		Params p = a.parameters(params()).checkDeclared();
		return a.analyze(d, p, new AnalysisContext(Progress.NONE, threads));
	}

	static int run(BenchContext ctx, PrintStream err, int size, int[] frameCounts, String xmx) throws Exception {
		Path dir = Files.createTempDirectory("interphase-stream-bench");
		try {
			Series s = new Series(size, 7);
			// (1) throughput on a series that fits in memory
			int frames = ctx.quick ? 30 : 100;
			Path file = dir.resolve("fits.tif");
			s.write(file, frames, 2);
			// whole-file and streamed runs alternate, so that other work on the machine slows both alike
			double[] memoryS = new double[3], streamedS = new double[3];
			for (int rep = 0; rep < 3; rep++) {
				String old = System.getProperty("interphase.stream");
				System.setProperty("interphase.stream", "never");
				long t0 = System.nanoTime();
				try {
					analyse(Readers.read(file), ctx.threads);
				}
				finally {
					if (old == null) System.clearProperty("interphase.stream");
					else System.setProperty("interphase.stream", old);
				}
				memoryS[rep] = (System.nanoTime() - t0) * 1e-9;
				t0 = System.nanoTime();
				analyse(FrameStreams.dataset(file, TiffStackStream.open(file)), ctx.threads);
				streamedS[rep] = (System.nanoTime() - t0) * 1e-9;
			}
			java.util.Arrays.sort(memoryS);
			java.util.Arrays.sort(streamedS);
			double memory = memoryS[1], streamed = streamedS[1];
			String tag = "stream." + size + "px";
			ctx.report(tag + ".in_memory.frames_per_s", frames / memory, "frames/s");
			ctx.report(tag + ".streamed.frames_per_s", frames / streamed, "frames/s");
			ctx.report(tag + ".streamed_vs_in_memory", memory / streamed, "x");
			Files.delete(file);
			// (2) peak heap of a separate JVM analysing streamed series of each frame count
			for (int n : frameCounts) {
				if (n <= 0) continue; // --stream-frames 0: throughput only
				Path big = dir.resolve("series-" + n + ".tif");
				long t0 = System.nanoTime();
				s.write(big, n, 2);
				double writeS = (System.nanoTime() - t0) * 1e-9;
				err.println(String.format(Locale.ROOT, "stream bench: wrote %d frames of %d² float32 (%.1f GB) in %.0f s",
					n, size, Files.size(big) / 1e9, writeS));
				String[] child = child(big, xmx, ctx.threads);
				Files.delete(big);
				if (child == null) {
					err.println("stream bench: the analysis of " + n + " frames did not complete with -Xmx" + xmx);
					return 3;
				}
				ctx.report(tag + "." + n + "_frames.peak_heap", Double.parseDouble(child[0]), "MB");
				ctx.report(tag + "." + n + "_frames.peak_heap_after_gc", Double.parseDouble(child[1]), "MB");
				ctx.report(tag + "." + n + "_frames.streamed.frames_per_s", Double.parseDouble(child[2]), "frames/s");
			}
			return 0;
		}
		finally {
			try (java.util.stream.Stream<Path> w = Files.walk(dir)) {
				w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	/** Runs the streamed analysis in a JVM of its own; {peak heap MB, peak live heap after GC MB, frames/s}. */
	private static String[] child(Path file, String xmx, int threads) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Xmx" + xmx, "-Djava.awt.headless=true", "-Dinterphase.stream=always", "-cp", System.getProperty(
				"java.class.path"), StreamBench.class.getName(), file.toString(), Integer.toString(threads)));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String last = null;
		StringBuilder all = new StringBuilder();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String l; (l = r.readLine()) != null;) {
				all.append(l).append('\n');
				if (l.startsWith("peak ")) last = l;
			}
		}
		if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0 || last == null) {
			System.err.print(all);
			return null;
		}
		String[] v = last.split(" ");
		return new String[] { v[1], v[2], v[3] };
	}

	private static java.util.Set<String> heapNames(List<MemoryPoolMXBean> heap) {
		java.util.Set<String> out = new java.util.HashSet<>();
		for (MemoryPoolMXBean m : heap) out.add(m.getName());
		return out;
	}

	/** The child: analyses the streamed series, prints "peak HEAP_MB HEAP_AFTER_GC_MB FRAMES_PER_S". */
	public static void main(String[] args) throws Exception {
		Path file = Path.of(args[0]);
		int threads = Integer.parseInt(args[1]);
		List<MemoryPoolMXBean> heap = new ArrayList<>();
		for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) if (m.getType() == MemoryType.HEAP) heap.add(
			m);
		// the heap in use just after each collection (all heap pools): what the analysis keeps, without the garbage
		long[] peakLive = new long[1];
		for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			((javax.management.NotificationEmitter) gc).addNotificationListener((n, hb) -> {
				if (!n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION))
					return;
				com.sun.management.GarbageCollectionNotificationInfo info = com.sun.management.GarbageCollectionNotificationInfo
					.from((javax.management.openmbean.CompositeData) n.getUserData());
				long used = 0;
				for (Map.Entry<String, java.lang.management.MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc()
					.entrySet()) if (heapNames(heap).contains(e.getKey())) used += e.getValue().getUsed();
				synchronized (peakLive) {
					peakLive[0] = Math.max(peakLive[0], used);
				}
			}, null, null);
		}
		long t0 = System.nanoTime();
		Dataset d = Readers.read(file);
		FrameSource src = FrameSource.in(d);
		if (src == null) throw new IllegalStateException(file + " was not streamed");
		AnalysisResult r = analyse(d, threads);
		double s = (System.nanoTime() - t0) * 1e-9;
		if (r.find("crystalline_fraction", "frame:" + (src.frames() - 1)) == null) throw new IllegalStateException(
			"no fraction for the last frame");
		long peak = 0;
		for (MemoryPoolMXBean m : heap) peak += m.getPeakUsage().getUsed();
		System.out.println(String.format(Locale.ROOT, "peak %.1f %.1f %.3f", peak / 1048576.0, peakLive[0] / 1048576.0,
			src.frames() / s));
	}
}
