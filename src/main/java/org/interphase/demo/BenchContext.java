package org.interphase.demo;

import java.io.PrintStream;
import java.util.Locale;

/** Collects benchmark figures and prints them as "name: value unit". */
public final class BenchContext {
	public final int threads;
	public final boolean quick;
	private final PrintStream out;

	public BenchContext(PrintStream out, int threads, boolean quick) {
		this.out = out;
		this.threads = threads;
		this.quick = quick;
	}

	public void report(String name, double value, String unit) {
		out.println(String.format(Locale.ROOT, "%s: %.4g %s", name, value, unit));
		out.flush();
	}

	/** Runs the task once to warm up, then {@code repeats} times, and returns the median seconds. */
	public static double medianSeconds(int repeats, Runnable task) {
		task.run();
		double[] t = new double[Math.max(1, repeats)];
		for (int i = 0; i < t.length; i++) {
			long s = System.nanoTime();
			task.run();
			t[i] = (System.nanoTime() - s) * 1e-9;
		}
		java.util.Arrays.sort(t);
		return t[t.length / 2];
	}
}
