package org.interphase.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Splits independent work (pixels, spectra, profiles) over threads in contiguous chunks. */
public final class Parallel {
	private Parallel() {}

	/** Work on the index range [from, to). */
	public interface RangeTask {
		void run(int from, int to) throws Exception;
	}

	/** Runs task over [0, n) in up to {@code threads} chunks; exceptions are rethrown. */
	public static void forRange(int n, int threads, RangeTask task) {
		forRange(n, threads, 4 * Math.max(1, threads), task);
	}

	/**
	 * As above in up to {@code chunks} pieces taken by the threads as they come free (more pieces balance work of
	 * uneven cost, e.g. profiles of which some leave the image).
	 */
	public static void forRange(int n, int threads, int chunks, RangeTask task) {
		int t = Math.max(1, Math.min(threads, n));
		if (t == 1) {
			try {
				task.run(0, n);
			}
			catch (RuntimeException e) {
				throw e;
			}
			catch (Exception e) {
				throw new RuntimeException(e);
			}
			return;
		}
		ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
			Thread th = new Thread(r, "interphase-worker");
			th.setDaemon(true);
			return th;
		});
		try {
			List<Future<?>> futures = new ArrayList<>();
			int nc = Math.max(t, Math.min(n, chunks));
			for (int c = 0; c < nc; c++) {
				final int from = (int) ((long) n * c / nc);
				final int to = (int) ((long) n * (c + 1) / nc);
				futures.add(pool.submit(() -> {
					task.run(from, to);
					return null;
				}));
			}
			for (Future<?> f : futures) f.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new RuntimeException(e);
		}
		catch (ExecutionException e) {
			Throwable c = e.getCause();
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			if (c instanceof Error) throw (Error) c;
			throw new RuntimeException(c);
		}
		finally {
			pool.shutdownNow();
		}
	}

	public static int defaultThreads() {
		return Runtime.getRuntime().availableProcessors();
	}
}
