package org.interphase.render;

import org.interphase.core.result.Figure;

/**
 * Keeps a saved figure within a memory and file-size budget: a line of more than {@value #MAX_LINE} points is
 * reduced to the first/min/max/last point of each of {@code MAX_LINE / 4} index buckets (the drawn envelope is the
 * same at 640 px), other series of more than {@value #MAX_POINTS} points are thinned evenly (first and last kept).
 * The numbers in results.csv are never touched: this is only what is drawn.
 */
public final class FigureBudget {
	private FigureBudget() {}

	public static final int MAX_LINE = 8000, MAX_POINTS = 5000;

	/** The figure itself when it is within the budget, else a copy with reduced series. */
	public static Figure limit(Figure f) {
		boolean over = false;
		for (Figure.Series s : f.series()) over |= s.x.length > (s.style == Figure.Style.LINE ? MAX_LINE : MAX_POINTS);
		if (!over) return f;
		Figure out = new Figure(f.id, f.title, f.xLabel, f.yLabel).reversedX(f.reversedX());
		for (Figure.Series s : f.series()) {
			int n = s.x.length;
			if (s.style == Figure.Style.LINE && n > MAX_LINE) out.add(envelope(s, MAX_LINE / 4));
			else if (s.style != Figure.Style.LINE && n > MAX_POINTS) out.add(thin(s, MAX_POINTS));
			else out.add(s);
		}
		return out;
	}

	static Figure.Series envelope(Figure.Series s, int buckets) {
		int n = s.x.length;
		int[] keep = new int[4 * buckets];
		int k = 0;
		for (int b = 0; b < buckets; b++) {
			int from = (int) ((long) b * n / buckets), to = (int) ((long) (b + 1) * n / buckets);
			if (to <= from) continue;
			int lo = from, hi = from;
			for (int i = from; i < to; i++) {
				if (s.y[i] < s.y[lo] || Double.isNaN(s.y[lo])) lo = i;
				if (s.y[i] > s.y[hi] || Double.isNaN(s.y[hi])) hi = i;
			}
			int[] c = { from, Math.min(lo, hi), Math.max(lo, hi), to - 1 };
			for (int i : c) if (k == 0 || keep[k - 1] != i) keep[k++] = i;
		}
		return pick(s, keep, k);
	}

	static Figure.Series thin(Figure.Series s, int max) {
		int n = s.x.length;
		int[] keep = new int[max];
		for (int i = 0; i < max; i++) keep[i] = (int) Math.round((double) i * (n - 1) / (max - 1));
		return pick(s, keep, max);
	}

	private static Figure.Series pick(Figure.Series s, int[] idx, int k) {
		double[] x = new double[k], y = new double[k], e = s.yError == null ? null : new double[k];
		for (int i = 0; i < k; i++) {
			x[i] = s.x[idx[i]];
			y[i] = s.y[idx[i]];
			if (e != null) e[i] = s.yError[idx[i]];
		}
		return new Figure.Series(s.name, x, y, e, s.style, s.color);
	}
}
