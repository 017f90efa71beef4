package org.interphase.core.progress;

/**
 * Progress of long work as events, free of ImageJ: Fiji forwards them to IJ.showProgress, the command line to
 * its progress bar. Implementations must be thread-safe.
 */
public interface Progress {
	/** fraction in [0, 1]; message may be null. */
	void update(double fraction, String message);

	default boolean cancelled() {
		return false;
	}

	Progress NONE = (f, m) -> {};
}
