package org.interphase.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.interphase.results.Csv;

/**
 * A publication figure of the report: either one category per sample (box plots of a distribution, or a value
 * with its error bar) or curves over a numeric axis (one series per sample), drawn once through {@link Canvas}
 * into an SVG and a 300-dpi PNG so both look the same. Each sample keeps its colour across figures.
 */
final class PaperChart {
	/** Box-plot statistics of one sample (Tukey whiskers: the last values within 1.5 IQR of the box). */
	static final class Box {
		final double q1, median, q3, lo, hi;
		final double[] outliers;

		Box(double q1, double median, double q3, double lo, double hi, double[] outliers) {
			this.q1 = q1;
			this.median = median;
			this.q3 = q3;
			this.lo = lo;
			this.hi = hi;
			this.outliers = outliers;
		}

		static Box of(double[] values) {
			double[] v = values.clone();
			java.util.Arrays.sort(v);
			double q1 = quantile(v, 0.25), med = quantile(v, 0.5), q3 = quantile(v, 0.75), iqr = q3 - q1;
			double lo = q1, hi = q3;
			int nOut = 0;
			for (double x : v) {
				if (x >= q1 - 1.5 * iqr && x < lo) lo = x;
				if (x <= q3 + 1.5 * iqr && x > hi) hi = x;
				if (x < q1 - 1.5 * iqr || x > q3 + 1.5 * iqr) nOut++;
			}
			// at most 200 outliers drawn (evenly chosen) so a figure of 10,000 images stays small
			double[] out = new double[Math.min(nOut, 200)];
			int k = 0, seen = 0;
			for (double x : v) if (x < q1 - 1.5 * iqr || x > q3 + 1.5 * iqr) {
				if (k < out.length && (long) seen * out.length / nOut == k) out[k++] = x;
				seen++;
			}
			return new Box(q1, med, q3, lo, hi, java.util.Arrays.copyOf(out, k));
		}

		/** Linear interpolation between order statistics (type 7, as R and numpy). */
		static double quantile(double[] sorted, double p) {
			if (sorted.length == 0) return Double.NaN;
			double h = (sorted.length - 1) * p;
			int i = (int) Math.floor(h);
			if (i + 1 >= sorted.length) return sorted[sorted.length - 1];
			return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
		}
	}

	/** One sample's data in the figure. */
	static final class Series {
		final String sample, color;
		final double[] x, y, err;
		/** For a box category; else null. */
		final Box box;
		final int n;
		final String flags;
		/** Draw the one-sigma range as a shaded band around the curve instead of error bars. */
		boolean band;

		Series(String sample, String color, double[] x, double[] y, double[] err, Box box, int n, String flags) {
			this.sample = sample;
			this.color = color;
			this.x = x;
			this.y = y;
			this.err = err;
			this.box = box;
			this.n = n;
			this.flags = flags == null ? "" : flags;
		}
	}

	final String id, title, xLabel, yLabel;
	/** Categories (one per sample, in order) rather than a numeric x axis. */
	final boolean categorical;
	final List<Series> series = new ArrayList<>();
	/** Vertical marks on a numeric axis (e.g. amorphization times): x, colour, label. */
	final List<Object[]> marks = new ArrayList<>();
	/** Shaded ranges of a numeric axis (e.g. a coating): x from, x to, colour. */
	final List<Object[]> spans = new ArrayList<>();
	/** Logarithmic value axis (set by {@link #useLogWhereSpanningDecades} for positive data over > 1.5 decades). */
	boolean logY;
	/** What the figure shows and how its error bars were made (the caption). */
	String caption = "";
	/** The unit of the values of a distribution figure ("" where not one). */
	String unit = "";
	/**
	 * A distribution on a second, broken x axis to the right of the main one (a numeric figure only): e.g. the SEM
	 * reaction-front depths in micrometres beside a depth axis in nanometres. Drawn as a horizontal box plot.
	 */
	Box farBox;
	String farLabel = "", farColor = "#000000";
	int farN;
	/** Header and rows of the CSV beside the figure. */
	List<String> csvHeader = new ArrayList<>();
	final List<List<String>> csvRows = new ArrayList<>();

	PaperChart(String id, String title, String xLabel, String yLabel, boolean categorical) {
		this.id = id;
		this.title = title;
		this.xLabel = xLabel;
		this.yLabel = yLabel;
		this.categorical = categorical;
	}

	/** Drawing primitives, in the figure's own units (pixels at 96 dpi). */
	interface Canvas {
		void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed);

		void rect(double x, double y, double w, double h, String fill, String stroke);

		void circle(double x, double y, double r, String fill, String stroke);

		void text(double x, double y, String s, double size, String anchor, boolean vertical);

		/** A closed filled polygon (a sigma band), fill at the given opacity. */
		void polygon(double[] xs, double[] ys, String fill, double opacity);
	}

	static final int W = 680, H = 420, LEFT = 80, RIGHT = 20, TOP = 40, BOTTOM = 90;

	/** Positive values (boxes and values) spanning more than 1.5 decades get a log axis, so small ones stay visible. */
	void useLogWhereSpanningDecades() {
		double min = Double.POSITIVE_INFINITY, max = 0;
		for (Series s : series) {
			for (double v : s.y) if (Double.isFinite(v)) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			if (s.box != null) {
				min = Math.min(min, s.box.lo);
				max = Math.max(max, s.box.hi);
				for (double o : s.box.outliers) min = Math.min(min, o);
			}
		}
		logY = min > 0 && max / min > Math.pow(10, 1.5);
	}

	/** The plot area and its value-to-pixel maps, shared by the drawing steps. */
	private static final class Frame {
		final double x0, x1;
		/** The width of the whole plot area, of the main axis (less with a far segment) and the height, px. */
		final int pwAll, pw, ph;
		final java.util.function.DoubleUnaryOperator X, Y;

		Frame(double x0, double x1, int pwAll, int pw, int ph, java.util.function.DoubleUnaryOperator X,
			java.util.function.DoubleUnaryOperator Y)
		{
			this.x0 = x0;
			this.x1 = x1;
			this.pwAll = pwAll;
			this.pw = pw;
			this.ph = ph;
			this.X = X;
			this.Y = Y;
		}
	}

	void draw(Canvas c) {
		double[] lim = limits();
		double x0 = lim[0], x1 = lim[1], y0 = lim[2], y1 = lim[3];
		int pwAll = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
		// with a far (broken-axis) segment the main axis takes 72 % of the width, the far one the last 20 %
		int pw = farBox != null && !categorical ? (int) Math.round(pwAll * 0.72) : pwAll;
		java.util.function.DoubleUnaryOperator X = v -> LEFT + (v - x0) / (x1 - x0) * pw;
		java.util.function.DoubleUnaryOperator Y = logY ? v -> TOP + ph - (Math.log10(Math.max(v, Math.pow(10, y0))) -
			y0) / (y1 - y0) * ph : v -> TOP + ph - (v - y0) / (y1 - y0) * ph;
		Frame f = new Frame(x0, x1, pwAll, pw, ph, X, Y);
		c.rect(0, 0, W, H, "#ffffff", null);
		c.text(LEFT + pwAll / 2.0, 22, title, 14, "middle", false);
		drawYAxis(c, f, y0, y1);
		if (categorical) drawCategories(c, f);
		else {
			drawXAxis(c, f);
			drawSpansAndMarks(c, f);
			drawCurves(c, f);
			if (farBox != null) drawFar(c, LEFT + pw, LEFT + pwAll, TOP, ph);
			drawLegend(c, f);
		}
		c.rect(LEFT, TOP, pw, ph, null, "#000000");
	}

	/** The value axis: grid lines, ticks, tick labels (log or linear) and its label. */
	private void drawYAxis(Canvas c, Frame f, double y0, double y1) {
		int pwAll = f.pwAll, ph = f.ph;
		java.util.function.DoubleUnaryOperator Y = f.Y;
		double[] yt = logY ? logTicks(y0, y1) : ticks(y0, y1);
		for (double t : yt) {
			double py = Y.applyAsDouble(t);
			c.line(LEFT, py, LEFT + pwAll, py, "#e6e6e6", 1, false);
			c.line(LEFT - 5, py, LEFT, py, "#000000", 1, false);
			c.text(LEFT - 8, py + 4, logY ? (t >= 1 ? String.format(Locale.ROOT, "%.0f", t)
				: new java.math.BigDecimal(t).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString()) : fmt(t,
					yt), 11, "end", false);
		}
		c.text(18, TOP + ph / 2.0, yLabel + (logY ? ", log scale" : ""), 12, "middle", true);
	}

	/** One category per sample: its box plot, its mean with the error bar, its name, n and a flag mark. */
	private void drawCategories(Canvas c, Frame f) {
		int pw = f.pw, ph = f.ph;
		java.util.function.DoubleUnaryOperator X = f.X, Y = f.Y;
		for (int i = 0; i < series.size(); i++) {
			Series s = series.get(i);
			double cx = X.applyAsDouble(i), half = Math.min(28, pw / (3.0 * series.size()));
			if (s.box != null) {
				Box b = s.box;
				c.line(cx, Y.applyAsDouble(b.lo), cx, Y.applyAsDouble(b.q1), "#000000", 1, false);
				c.line(cx, Y.applyAsDouble(b.q3), cx, Y.applyAsDouble(b.hi), "#000000", 1, false);
				c.line(cx - half / 2, Y.applyAsDouble(b.lo), cx + half / 2, Y.applyAsDouble(b.lo), "#000000", 1, false);
				c.line(cx - half / 2, Y.applyAsDouble(b.hi), cx + half / 2, Y.applyAsDouble(b.hi), "#000000", 1, false);
				double top = Y.applyAsDouble(b.q3), bot = Y.applyAsDouble(b.q1);
				c.rect(cx - half, top, 2 * half, Math.max(0.5, bot - top), s.color, "#000000");
				c.line(cx - half, Y.applyAsDouble(b.median), cx + half, Y.applyAsDouble(b.median), "#000000", 2, false);
				for (double o : b.outliers) c.circle(cx, Y.applyAsDouble(o), 2, null, "#555555");
			}
			// the mean (or the value) with its error bar from the stored uncertainties
			for (int k = 0; k < s.y.length; k++) {
				if (!Double.isFinite(s.y[k])) continue;
				double py = Y.applyAsDouble(s.y[k]);
				if (s.err != null && Double.isFinite(s.err[k]) && s.err[k] > 0) {
					double a = Y.applyAsDouble(s.y[k] - s.err[k]), bb = Y.applyAsDouble(s.y[k] + s.err[k]);
					double ex = s.box != null ? cx + half + 8 : cx;
					c.line(ex, a, ex, bb, "#000000", 1.5, false);
					c.line(ex - 4, a, ex + 4, a, "#000000", 1.5, false);
					c.line(ex - 4, bb, ex + 4, bb, "#000000", 1.5, false);
					c.circle(ex, py, 3.5, s.box != null ? "#ffffff" : s.color, "#000000");
				}
				else c.circle(s.box != null ? cx + half + 8 : cx, py, 3.5, s.box != null ? "#ffffff" : s.color, "#000000");
			}
			c.text(cx, TOP + ph + 16, s.sample, 11, "middle", false);
			c.text(cx, TOP + ph + 30, "n=" + s.n, 10, "middle", false);
			if (!s.flags.isEmpty()) c.text(cx, TOP + ph + 43, "\u26A0 flagged", 10, "middle", false);
		}
	}

	/** The numeric x axis: ticks, tick labels and its label. */
	private void drawXAxis(Canvas c, Frame f) {
		double x0 = f.x0, x1 = f.x1;
		int pw = f.pw, ph = f.ph;
		java.util.function.DoubleUnaryOperator X = f.X;
		for (double t : ticks(x0, x1)) {
			double px = X.applyAsDouble(t);
			c.line(px, TOP + ph, px, TOP + ph + 5, "#000000", 1, false);
			c.text(px, TOP + ph + 18, fmt(t, ticks(x0, x1)), 11, "middle", false);
		}
		c.text(LEFT + pw / 2.0, TOP + ph + 36, xLabel, 12, "middle", false);
	}

	/** Shaded spans (a coating) and dashed vertical marks (a depth), clipped to the main axis. */
	private void drawSpansAndMarks(Canvas c, Frame f) {
		int pw = f.pw, ph = f.ph;
		java.util.function.DoubleUnaryOperator X = f.X;
		for (Object[] sp : spans) {
			double a = Math.max(LEFT, X.applyAsDouble((Double) sp[0])), b = Math.min(LEFT + pw, X.applyAsDouble(
				(Double) sp[1]));
			if (b > a) c.polygon(new double[] { a, b, b, a }, new double[] { TOP, TOP, TOP + ph, TOP + ph }, (String) sp[2],
				0.2);
		}
		for (Object[] m : marks) {
			double px = X.applyAsDouble((Double) m[0]);
			if (px >= LEFT && px <= LEFT + pw) c.line(px, TOP, px, TOP + ph, (String) m[1], 1.2, true);
		}
	}

	/** Each series as a line through its points, with error bars or a shaded one-sigma band. */
	private void drawCurves(Canvas c, Frame f) {
		java.util.function.DoubleUnaryOperator X = f.X, Y = f.Y;
		for (Series s : series) {
			if (s.band && s.err != null) band(c, s, X, Y);
			double px0 = Double.NaN, py0 = Double.NaN;
			for (int k = 0; k < s.x.length; k++) {
				if (!Double.isFinite(s.x[k]) || !Double.isFinite(s.y[k])) continue;
				double px = X.applyAsDouble(s.x[k]), py = Y.applyAsDouble(s.y[k]);
				if (!s.band && s.err != null && Double.isFinite(s.err[k]) && s.err[k] > 0) c.line(px, Y.applyAsDouble(s.y[k] - s.err[k]),
					px, Y.applyAsDouble(s.y[k] + s.err[k]), s.color, 1, false);
				if (Double.isFinite(px0)) c.line(px0, py0, px, py, s.color, 1.5, false);
				c.circle(px, py, 2.5, s.color, s.color);
				px0 = px;
				py0 = py;
			}
		}
	}

	/** The legend below the axis label: colour, sample, n, flagged. */
	private void drawLegend(Canvas c, Frame f) {
		int ph = f.ph;
		double lx = LEFT, ly = TOP + ph + 56;
		for (Series s : series) {
			String label = s.sample + " (n=" + s.n + (s.flags.isEmpty() ? ")" : ", \u26A0 flagged)");
			double w = 22 + label.length() * 6.2;
			if (lx + w > W - RIGHT) {
				lx = LEFT;
				ly += 15;
			}
			c.line(lx, ly - 4, lx + 16, ly - 4, s.color, 3, false);
			c.text(lx + 20, ly, label, 10, "start", false);
			lx += w + 10;
		}
	}

	/** The shaded one-sigma band of a curve (clipped to the plot's value range). */
	private void band(Canvas c, Series s, java.util.function.DoubleUnaryOperator X,
		java.util.function.DoubleUnaryOperator Y)
	{
		List<double[]> p = new ArrayList<>();
		for (int k = 0; k < s.x.length; k++) if (Double.isFinite(s.x[k]) && Double.isFinite(s.y[k])) p.add(new double[] {
			s.x[k], s.y[k], Double.isFinite(s.err[k]) ? s.err[k] : 0 });
		if (p.size() < 2) return;
		int n = p.size();
		double[] xs = new double[2 * n], ys = new double[2 * n];
		for (int i = 0; i < n; i++) {
			double[] q = p.get(i), r = p.get(n - 1 - i);
			xs[i] = X.applyAsDouble(q[0]);
			ys[i] = Y.applyAsDouble(q[1] + q[2]);
			xs[n + i] = X.applyAsDouble(r[0]);
			ys[n + i] = Y.applyAsDouble(r[1] - r[2]);
		}
		double top = TOP, bottom = TOP + H - TOP - BOTTOM;
		for (int i = 0; i < ys.length; i++) ys[i] = Math.max(top, Math.min(bottom, ys[i]));
		c.polygon(xs, ys, s.color, 0.25);
	}

	/**
	 * The far segment of a broken x axis: a gap with break marks, its own axis in its own unit and the distribution
	 * as a horizontal box plot (quartiles, median, Tukey whiskers).
	 */
	private void drawFar(Canvas c, double mainRight, double right, double top, double ph) {
		double gap = 0.06 * (right - LEFT) / 0.92, x0 = mainRight + gap, w = right - x0;
		// break marks: two short slanted strokes at the end of the main axis and the start of the far one
		for (double bx : new double[] { mainRight, x0 }) for (double by : new double[] { top, top + ph }) c.line(bx - 4,
			by + 5, bx + 4, by - 5, "#000000", 1, false);
		Box b = farBox;
		double hi = b.hi;
		for (double o : b.outliers) hi = Math.max(hi, o);
		double lo = Math.min(0, b.lo), span = hi > lo ? hi - lo : 1;
		double a = lo, e = hi + 0.08 * span;
		java.util.function.DoubleUnaryOperator FX = v -> x0 + (v - a) / (e - a) * w;
		double[] t = ticks(a, e);
		for (int i = 0; i < t.length; i += t.length > 4 ? 2 : 1) {
			double px = FX.applyAsDouble(t[i]);
			c.line(px, top + ph, px, top + ph + 5, "#000000", 1, false);
			c.text(px, top + ph + 18, fmt(t[i], t), 11, "middle", false);
		}
		c.text(x0 + w / 2, top + ph + 36, farLabel, 10, "middle", false);
		double cy = top + ph * 0.5, hh = 14;
		c.line(FX.applyAsDouble(b.lo), cy, FX.applyAsDouble(b.q1), cy, "#000000", 1, false);
		c.line(FX.applyAsDouble(b.q3), cy, FX.applyAsDouble(b.hi), cy, "#000000", 1, false);
		c.line(FX.applyAsDouble(b.lo), cy - hh / 2, FX.applyAsDouble(b.lo), cy + hh / 2, "#000000", 1, false);
		c.line(FX.applyAsDouble(b.hi), cy - hh / 2, FX.applyAsDouble(b.hi), cy + hh / 2, "#000000", 1, false);
		double l = FX.applyAsDouble(b.q1);
		c.rect(l, cy - hh, Math.max(0.5, FX.applyAsDouble(b.q3) - l), 2 * hh, farColor, "#000000");
		c.line(FX.applyAsDouble(b.median), cy - hh, FX.applyAsDouble(b.median), cy + hh, "#000000", 2, false);
		for (double o : b.outliers) c.circle(FX.applyAsDouble(o), cy, 2, null, "#555555");
		c.text(x0 + w / 2, cy - hh - 8, "SEM front, n=" + farN, 10, "middle", false);
		c.rect(x0, top, w, ph, null, "#000000");
	}

	private double[] limits() {
		double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY, ymin = xmin, ymax = xmax;
		for (Series s : series) {
			for (int k = 0; k < s.y.length; k++) {
				double e = s.err != null && Double.isFinite(s.err[k]) ? s.err[k] : 0;
				if (!Double.isFinite(s.y[k])) continue;
				ymin = Math.min(ymin, s.y[k] - e);
				ymax = Math.max(ymax, s.y[k] + e);
				if (!categorical && Double.isFinite(s.x[k])) {
					xmin = Math.min(xmin, s.x[k]);
					xmax = Math.max(xmax, s.x[k]);
				}
			}
			if (s.box != null) {
				ymin = Math.min(ymin, s.box.lo);
				ymax = Math.max(ymax, s.box.hi);
				for (double o : s.box.outliers) {
					ymin = Math.min(ymin, o);
					ymax = Math.max(ymax, o);
				}
			}
		}
		for (Object[] m : marks) {
			xmin = Math.min(xmin, (Double) m[0]);
			xmax = Math.max(xmax, (Double) m[0]);
		}
		for (Object[] m : spans) {
			xmin = Math.min(xmin, Math.min((Double) m[0], (Double) m[1]));
			xmax = Math.max(xmax, Math.max((Double) m[0], (Double) m[1]));
		}
		if (!Double.isFinite(ymin)) {
			ymin = 0;
			ymax = 1;
		}
		if (logY) {
			// limits in decades; an error bar reaching below zero is cut at the axis
			double lo = Double.POSITIVE_INFINITY;
			for (Series s : series) {
				for (double v : s.y) if (v > 0) lo = Math.min(lo, v);
				if (s.box != null) lo = Math.min(lo, Math.min(s.box.lo, s.box.outliers.length > 0 ? s.box.outliers[0] : lo));
			}
			double a = Math.log10(lo) - 0.1, b = Math.log10(ymax) + 0.1;
			return new double[] { -0.6, series.size() - 0.4, a, b };
		}
		if (ymin > 0 && ymin < 0.5 * ymax) ymin = 0;
		if (ymax == ymin) ymax = ymin + 1;
		double pad = 0.05 * (ymax - ymin);
		if (categorical) return new double[] { -0.6, series.size() - 0.4, ymin - (ymin == 0 ? 0 : pad), ymax + pad };
		if (!Double.isFinite(xmin)) {
			xmin = 0;
			xmax = 1;
		}
		if (xmax == xmin) xmax = xmin + 1;
		double xp = 0.03 * (xmax - xmin);
		return new double[] { xmin - xp, xmax + xp, ymin - (ymin == 0 ? 0 : pad), ymax + pad };
	}

	static double[] ticks(double a, double b) {
		double span = b - a, step = Math.pow(10, Math.floor(Math.log10(span / 5)));
		for (double m : new double[] { 1, 2, 5, 10 }) if (span / (step * m) <= 6) {
			step *= m;
			break;
		}
		List<Double> t = new ArrayList<>();
		for (double v = Math.ceil(a / step) * step; v <= b + 1e-9 * span; v += step) t.add(Math.abs(v) < 1e-12 * span
			? 0 : v);
		double[] out = new double[t.size()];
		for (int i = 0; i < out.length; i++) out[i] = t.get(i);
		return out;
	}

	/** 1, 2, 5 times the powers of ten within the decades a..b (log10 limits). */
	static double[] logTicks(double a, double b) {
		List<Double> t = new ArrayList<>();
		boolean few = b - a > 3;
		for (int e = (int) Math.floor(a); e <= Math.ceil(b); e++) for (double m : few ? new double[] { 1 } : new double[] {
			1, 2, 5 })
		{
			double v = m * Math.pow(10, e), l = Math.log10(v);
			if (l >= a && l <= b) t.add(v);
		}
		double[] out = new double[t.size()];
		for (int i = 0; i < out.length; i++) out[i] = t.get(i);
		return out;
	}

	private static String fmt(double v, double[] ticks) {
		double step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
		int d = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
		return String.format(Locale.ROOT, "%." + d + "f", v);
	}

	// ---- output ----

	/** Writes ID.svg, ID.png (300 dpi) and ID.csv into dir. */
	void write(Path dir) throws IOException {
		Files.writeString(dir.resolve(id + ".svg"), svg(), StandardCharsets.UTF_8);
		writePng(dir.resolve(id + ".png"));
		try (Writer w = Files.newBufferedWriter(dir.resolve(id + ".csv"), StandardCharsets.UTF_8)) {
			w.write(String.join(",", csvHeader));
			w.write("\n");
			for (List<String> r : csvRows) {
				w.write(String.join(",", r));
				w.write("\n");
			}
		}
	}

	static String num(double v) {
		return Csv.number(v);
	}

	static String cell(String s) {
		String t = s == null ? "" : Csv.text(s);
		return t.contains(",") || t.contains("\"") || t.contains("\n") ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
	}

	String svg() {
		StringBuilder s = new StringBuilder();
		s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
			+ "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, sans-serif\">\n<title>%s</title>\n", W, H, W, H,
			ReportWriter.esc(title)));
		draw(new Canvas() {
			@Override
			public void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) {
				s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
					+ "stroke-width=\"%.1f\"%s/>\n", x1, y1, x2, y2, color, width, dashed ? " stroke-dasharray=\"5,3\"" : ""));
			}

			@Override
			public void rect(double x, double y, double w, double h, String fill, String stroke) {
				s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\""
					+ " stroke=\"%s\"/>\n", x, y, w, h, fill == null ? "none" : fill, stroke == null ? "none" : stroke));
			}

			@Override
			public void circle(double x, double y, double r, String fill, String stroke) {
				s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"%s\"/>\n",
					x, y, r, fill == null ? "none" : fill, stroke == null ? "none" : stroke));
			}

			@Override
			public void polygon(double[] xs, double[] ys, String fill, double opacity) {
				s.append("<polygon points=\"");
				for (int i = 0; i < xs.length; i++) s.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", xs[i],
					ys[i]));
				s.append(String.format(Locale.ROOT, "\" fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"none\"/>\n", fill,
					opacity));
			}

			@Override
			public void text(double x, double y, String t, double size, String anchor, boolean vertical) {
				s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%s\"%s>%s"
					+ "</text>\n", x, y, size, anchor, vertical ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"",
						x, y) : "", ReportWriter.esc(t)));
			}
		});
		s.append("</svg>\n");
		return s.toString();
	}

	/** 300 dpi for the figure's 96-dpi size (scale 3.125), with the resolution stored in the PNG. */
	void writePng(Path file) throws IOException {
		double scale = 300 / 96.0;
		BufferedImage img = new BufferedImage((int) Math.ceil(W * scale), (int) Math.ceil(H * scale),
			BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.scale(scale, scale);
		draw(new GraphicsCanvas(g));
		g.dispose();
		writePng300Dpi(img, file);
	}

	/** The image as PNG with its resolution (300 dpi) in the pHYs chunk. */
	private static void writePng300Dpi(BufferedImage img, Path file) throws IOException {
		ImageWriter w = ImageIO.getImageWritersByFormatName("png").next();
		try (java.io.OutputStream os = Files.newOutputStream(file); ImageOutputStream out = ImageIO
			.createImageOutputStream(os))
		{
			w.setOutput(out);
			IIOMetadata meta = w.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
			try {
				IIOMetadataNode phys = new IIOMetadataNode("pHYs");
				String ppm = Integer.toString((int) Math.round(300 / 0.0254));
				phys.setAttribute("pixelsPerUnitXAxis", ppm);
				phys.setAttribute("pixelsPerUnitYAxis", ppm);
				phys.setAttribute("unitSpecifier", "meter");
				IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
				root.appendChild(phys);
				meta.mergeTree("javax_imageio_png_1.0", root);
			}
			catch (javax.imageio.metadata.IIOInvalidTreeException e) {
				// the resolution is only a hint; the pixels are right without it
			}
			w.write(new javax.imageio.IIOImage(img, null, meta));
		}
		finally {
			w.dispose();
		}
	}

	/** The figure drawn with Java2D (into the PNG), with the same calls the SVG gets. */
	private static final class GraphicsCanvas implements Canvas {
		private final Graphics2D g;

		GraphicsCanvas(Graphics2D g) {
			this.g = g;
		}

		@Override
		public void line(double x1, double y1, double x2, double y2, String color, double width, boolean dashed) {
			g.setColor(Color.decode(color));
			g.setStroke(dashed ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
				new float[] { 5, 3 }, 0) : new BasicStroke((float) width));
			g.draw(new Line2D.Double(x1, y1, x2, y2));
		}

		@Override
		public void rect(double x, double y, double w, double h, String fill, String stroke) {
			Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
			if (fill != null) {
				g.setColor(Color.decode(fill));
				g.fill(r);
			}
			if (stroke != null) {
				g.setColor(Color.decode(stroke));
				g.setStroke(new BasicStroke(1));
				g.draw(r);
			}
		}

		@Override
		public void circle(double x, double y, double r, String fill, String stroke) {
			java.awt.geom.Ellipse2D e = new java.awt.geom.Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
			if (fill != null) {
				g.setColor(Color.decode(fill));
				g.fill(e);
			}
			if (stroke != null) {
				g.setColor(Color.decode(stroke));
				g.setStroke(new BasicStroke(1));
				g.draw(e);
			}
		}

		@Override
		public void polygon(double[] xs, double[] ys, String fill, double opacity) {
			java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double();
			for (int i = 0; i < xs.length; i++) {
				if (i == 0) path.moveTo(xs[i], ys[i]);
				else path.lineTo(xs[i], ys[i]);
			}
			path.closePath();
			Color cl = Color.decode(fill);
			g.setColor(new Color(cl.getRed(), cl.getGreen(), cl.getBlue(), (int) Math.round(255 * opacity)));
			g.fill(path);
		}

		@Override
		public void text(double x, double y, String t, double size, String anchor, boolean vertical) {
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(size)));
			double w = g.getFontMetrics().stringWidth(t);
			double dx = anchor.equals("middle") ? -w / 2 : anchor.equals("end") ? -w : 0;
			AffineTransform old = g.getTransform();
			g.translate(x, y);
			if (vertical) g.rotate(-Math.PI / 2);
			g.drawString(t, (float) dx, 0f);
			g.setTransform(old);
		}
	}
}
