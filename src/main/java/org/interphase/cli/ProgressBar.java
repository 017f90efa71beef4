package org.interphase.cli;

import java.io.PrintStream;

import org.interphase.core.progress.Progress;

/** A one-line progress bar on the error stream; silent when not on a terminal or when --quiet. */
final class ProgressBar implements Progress {
	private final PrintStream out;
	private final boolean enabled;
	private int lastPercent = -1;

	ProgressBar(PrintStream out, boolean enabled) {
		this.out = out;
		this.enabled = enabled;
	}

	static ProgressBar forConsole(PrintStream err, boolean quiet) {
		return new ProgressBar(err, !quiet && System.console() != null);
	}

	@Override
	public synchronized void update(double fraction, String message) {
		if (!enabled) return;
		int p = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 100);
		if (p == lastPercent) return;
		lastPercent = p;
		int filled = p * 30 / 100;
		StringBuilder sb = new StringBuilder("\r[");
		for (int i = 0; i < 30; i++) sb.append(i < filled ? '#' : ' ');
		sb.append("] ").append(String.format("%3d%%", p));
		if (message != null) {
			String m = message.length() > 40 ? "..." + message.substring(message.length() - 37) : message;
			sb.append(' ').append(m);
		}
		sb.append("\u001b[K");
		out.print(sb);
		if (p >= 100) out.println();
		out.flush();
	}
}
