package org.interphase.fiji;

import ij.IJ;

import org.interphase.core.progress.Progress;

/** Forwards core progress events to ImageJ's progress bar and status line. */
final class FijiProgress implements Progress {
	@Override
	public void update(double fraction, String message) {
		IJ.showProgress(fraction);
		if (message != null) IJ.showStatus(message);
	}

	@Override
	public boolean cancelled() {
		return IJ.escapePressed();
	}
}
