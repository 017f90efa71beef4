package org.interphase.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
		int nc = Math.max(t, Math.min(n, chunks));
		// the chunks are fixed by (n, nc) alone; the caller and t - 1 pooled helpers take them in turn, so which
		// thread runs a chunk never changes what it computes. The caller works too: a nested call (a task that
		// itself splits) never waits on a chunk nobody has started, so a busy pool cannot deadlock.
		AtomicInteger next = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(nc);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Runnable worker = () -> {
			for (int c; (c = next.getAndIncrement()) < nc;) {
				try {
					if (failure.get() == null) task.run((int) ((long) n * c / nc), (int) ((long) n * (c + 1) / nc));
				}
				catch (Throwable e) {
					failure.compareAndSet(null, e);
				}
				finally {
					done.countDown();
				}
			}
		};
		for (int h = 1; h < t; h++) POOL.execute(worker);
		worker.run();
		try {
			done.await();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new RuntimeException(e);
		}
		Throwable c = failure.get();
		if (c == null) return;
		if (c instanceof RuntimeException) throw (RuntimeException) c;
		if (c instanceof Error) throw (Error) c;
		throw new RuntimeException(c);
	}

	/**
	 * Daemon worker threads kept between calls (a new pool per call cost thread start-up on every parallel step);
	 * idle threads end after a minute.
	 */
	private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
		Thread th = new Thread(r, "interphase-worker");
		th.setDaemon(true);
		return th;
	});

	public static int defaultThreads() {
		return Runtime.getRuntime().availableProcessors();
	}
}
