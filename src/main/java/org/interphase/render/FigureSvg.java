package org.interphase.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.interphase.core.result.Figure;

/**
 * A core {@link Figure} as a standalone SVG (publication figure): frame, ticks with labels, axis labels, title,
 * one element per series and a legend to the right. Written as text, without AWT, so it works headless and the
 * same figure gives the same file everywhere. Limits, colours and the reversed binding-energy axis follow
 * {@link org.interphase.ij.FigureRenderer}.
 * <p>
 * Each series is a {@code <g class="series" data-name="...">} holding one {@code <polyline>} through its finite
 * points (lines drawn; points as circle markers), plus a {@code <path>} of error bars if it has them; bar series
 * are one {@code <path>} of rectangles.
 */
public final class FigureSvg {
	private FigureSvg() {}

	static final String[] PALETTE = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
		"#7f7f7f" };

	static final int W = 640, H = 400, LEFT = 78, RIGHT = 16, TOP = 34, BOTTOM = 52, LEGEND = 170;

	public static void save(Figure f, Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		Files.writeString(file, toSvg(f), StandardCharsets.UTF_8);
	}

	public static String toSvg(Figure f) {
		boolean legend = f.series().size() > 1;
		int width = W + (legend ? LEGEND : 0);
		double[] lim = limits(f);
		double x0 = lim[0], x1 = lim[1], y0 = lim[2], y1 = lim[3];
		int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
		Mapper m = new Mapper(x0, x1, y0, y1, f.reversedX(), LEFT, TOP, pw, ph);
		StringBuilder s = new StringBuilder();
		List<String> colors = appendHead(s, f, width, pw, ph);
		appendAxes(s, f, m, lim, pw, ph);
		appendSeries(s, f, m, colors, y0, y1);
		if (legend) appendLegend(s, f, colors);
		s.append("</svg>\n");
		return s.toString();
	}

	/** The SVG element, title, background, the plot-area clip and one point marker per series; returns the colours. */
	private static List<String> appendHead(StringBuilder s, Figure f, int width, int pw, int ph) {
		s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		s.append(String.format(Locale.ROOT,
			"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
				+ "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n", width, H, width, H));
		s.append("<title>").append(esc(f.title)).append("</title>\n");
		s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, H));
		s.append("<defs>\n");
		s.append(String.format(Locale.ROOT, "<clipPath id=\"plot-area\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
			+ "height=\"%d\"/></clipPath>\n", LEFT, TOP, pw, ph));
		List<String> colors = new ArrayList<>();
		int i = 0;
		for (Figure.Series se : f.series()) {
			String c = se.color.isEmpty() ? PALETTE[i % PALETTE.length] : se.color;
			colors.add(c);
			s.append(String.format(Locale.ROOT, "<marker id=\"m%d\" viewBox=\"-4 -4 8 8\" markerWidth=\"6\" "
				+ "markerHeight=\"6\" markerUnits=\"userSpaceOnUse\"><circle r=\"3\" fill=\"none\" stroke=\"%s\" "
				+ "stroke-width=\"1.2\"/></marker>\n", i, c));
			i++;
		}
		s.append("</defs>\n");
		return colors;
	}

	/** The title, the frame with ticks and tick labels, and the axis labels. */
	private static void appendAxes(StringBuilder s, Figure f, Mapper m, double[] lim, int pw, int ph) {
		double x0 = lim[0], x1 = lim[1], y0 = lim[2], y1 = lim[3];
		// title
		s.append(String.format(Locale.ROOT, "<text class=\"title\" x=\"%.1f\" y=\"20\" text-anchor=\"middle\" "
			+ "font-size=\"14\">%s</text>\n", LEFT + pw / 2.0, esc(f.title)));
		// ticks and grid-free frame
		s.append("<g class=\"axes\" stroke=\"black\" stroke-width=\"1\" fill=\"none\">\n");
		s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", LEFT, TOP, pw, ph));
		StringBuilder labels = new StringBuilder();
		double[] xt = ticks(x0, x1);
		int xd = decimals(xt);
		for (double t : xt) {
			double px = m.x(t);
			s.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"/>\n", px, TOP + ph, px,
				TOP + ph + 5));
			labels.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s"
				+ "</text>\n", px, TOP + ph + 18, format(t, xd)));
		}
		double[] yt = ticks(y0, y1);
		int yd = decimals(yt);
		for (double t : yt) {
			double py = m.y(t);
			s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\"/>\n", LEFT - 5, py, LEFT,
				py));
			labels.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.2f\" text-anchor=\"end\">%s"
				+ "</text>\n", LEFT - 8, py + 4, format(t, yd)));
		}
		s.append("</g>\n<g class=\"tick-labels\" fill=\"black\">\n").append(labels).append("</g>\n");
		s.append(String.format(Locale.ROOT, "<text class=\"x-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
			+ "</text>\n", LEFT + pw / 2.0, H - 12, esc(f.xLabel)));
		s.append(String.format(Locale.ROOT, "<text class=\"y-label\" x=\"0\" y=\"0\" text-anchor=\"middle\" "
			+ "transform=\"translate(18 %.1f) rotate(-90)\">%s</text>\n", TOP + ph / 2.0, esc(f.yLabel)));
	}

	/** Each series in the plot area: bars, or a polyline (line or markers) with its error bars. */
	private static void appendSeries(StringBuilder s, Figure f, Mapper m, List<String> colors, double y0, double y1) {
		// series
		s.append("<g clip-path=\"url(#plot-area)\">\n");
		int i = 0;
		for (Figure.Series se : f.series()) {
			String c = colors.get(i);
			s.append("<g class=\"series\" data-name=\"").append(esc(se.name == null ? "" : se.name)).append("\">\n");
			if (se.style == Figure.Style.BARS) s.append(bars(se, m, c, y0, y1));
			else {
				StringBuilder pts = new StringBuilder();
				for (int k = 0; k < se.x.length; k++) {
					if (!Double.isFinite(se.x[k]) || !Double.isFinite(se.y[k])) continue;
					if (pts.length() > 0) pts.append(' ');
					pts.append(String.format(Locale.ROOT, "%.2f,%.2f", m.x(se.x[k]), m.y(se.y[k])));
				}
				if (se.style == Figure.Style.LINE) s.append(String.format(Locale.ROOT,
					"<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n",
					pts, c));
				else s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"none\" "
					+ "marker-start=\"url(#m%d)\" marker-mid=\"url(#m%d)\" marker-end=\"url(#m%d)\"/>\n", pts, i, i, i));
				if (se.yError != null) s.append(errorBars(se, m, c));
			}
			s.append("</g>\n");
			i++;
		}
		s.append("</g>\n");
	}

	/** The legend right of the plot: each series' symbol and name. */
	private static void appendLegend(StringBuilder s, Figure f, List<String> colors) {
		s.append("<g class=\"legend\">\n");
		int lx = W + 4, ly = TOP + 6;
		int i = 0;
		for (Figure.Series se : f.series()) {
			String c = colors.get(i);
			int y = ly + 18 * i;
			if (se.style == Figure.Style.LINE) s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" "
				+ "x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", lx, y, lx + 24, y, c));
			else if (se.style == Figure.Style.BARS) s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" "
				+ "width=\"24\" height=\"8\" fill=\"%s\"/>\n", lx, y - 4, c));
			else s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"none\" "
				+ "stroke=\"%s\" stroke-width=\"1.2\"/>\n", lx + 12, y, c));
			s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", lx + 30, y + 4, esc(
				se.name == null ? "" : se.name)));
			i++;
		}
		s.append("</g>\n");
	}

	private static String errorBars(Figure.Series se, Mapper m, String c) {
		StringBuilder d = new StringBuilder();
		for (int k = 0; k < se.x.length; k++) {
			if (!Double.isFinite(se.x[k]) || !Double.isFinite(se.y[k]) || !Double.isFinite(se.yError[k])) continue;
			double px = m.x(se.x[k]);
			d.append(String.format(Locale.ROOT, "M%.2f %.2fV%.2fM%.2f %.2fh6M%.2f %.2fh6", px, m.y(se.y[k] - se.yError[k]),
				m.y(se.y[k] + se.yError[k]), px - 3, m.y(se.y[k] - se.yError[k]), px - 3, m.y(se.y[k] + se.yError[k])));
		}
		return d.length() == 0 ? "" : String.format(Locale.ROOT, "<path class=\"error-bars\" d=\"%s\" fill=\"none\" "
			+ "stroke=\"%s\" stroke-width=\"1\"/>\n", d, c);
	}

	private static String bars(Figure.Series se, Mapper m, String c, double y0, double y1) {
		// bars stand on zero (or on the lower limit when zero is outside the plot), as ImageJ draws them
		double base = m.y(Math.min(Math.max(0, y0), y1));
		double half = 0.4 * minSpacing(se.x) * m.sx;
		StringBuilder d = new StringBuilder();
		for (int k = 0; k < se.x.length; k++) {
			if (!Double.isFinite(se.x[k]) || !Double.isFinite(se.y[k])) continue;
			double px = m.x(se.x[k]), py = m.y(se.y[k]);
			d.append(String.format(Locale.ROOT, "M%.2f %.2fV%.2fH%.2fV%.2fZ", px - half, base, py, px + half, base));
		}
		return String.format(Locale.ROOT, "<path class=\"bars\" d=\"%s\" fill=\"%s\" stroke=\"none\"/>\n", d, c);
	}

	private static double minSpacing(double[] x) {
		double[] s = x.clone();
		java.util.Arrays.sort(s);
		double d = Double.POSITIVE_INFINITY;
		for (int k = 1; k < s.length; k++) if (s[k] > s[k - 1]) d = Math.min(d, s[k] - s[k - 1]);
		return Double.isFinite(d) ? d : 1;
	}

	/**
	 * Plot limits of a figure, for the SVG and the ImageJ Plot alike: data range in x, data range (error bars and
	 * the zero of bar series included) ± 5 % in y.
	 */
	public static double[] limits(Figure f) {
		double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
		double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
		for (Figure.Series s : f.series()) for (int k = 0; k < s.x.length; k++) {
			if (!Double.isFinite(s.x[k]) || !Double.isFinite(s.y[k])) continue;
			double e = s.yError != null && Double.isFinite(s.yError[k]) ? s.yError[k] : 0;
			xmin = Math.min(xmin, s.x[k]);
			xmax = Math.max(xmax, s.x[k]);
			ymin = Math.min(ymin, s.y[k] - e);
			ymax = Math.max(ymax, s.y[k] + e);
			if (s.style == Figure.Style.BARS) {
				ymin = Math.min(ymin, 0);
				ymax = Math.max(ymax, 0);
			}
		}
		if (!(xmin <= xmax)) {
			xmin = 0;
			xmax = 1;
		}
		if (!(ymin <= ymax)) {
			ymin = 0;
			ymax = 1;
		}
		if (xmin == xmax) {
			xmin -= 0.5;
			xmax += 0.5;
		}
		double dy = ymax > ymin ? 0.05 * (ymax - ymin) : Math.max(1e-9, Math.abs(ymax) * 0.1 + 1e-9);
		return new double[] { xmin, xmax, ymin - dy, ymax + dy };
	}

	/** "Nice" tick values (steps 1, 2, 5 × 10^n) inside [a, b], about four to ten of them. */
	static double[] ticks(double a, double b) {
		double range = b - a;
		double raw = range / 6;
		double mag = Math.pow(10, Math.floor(Math.log10(raw)));
		double step = mag;
		for (double f : new double[] { 1, 2, 5, 10 }) {
			step = f * mag;
			if (range / step <= 10) break;
		}
		double first = Math.ceil(a / step - 1e-9) * step;
		int n = Math.max(0, (int) Math.floor((b - first) / step + 1e-9) + 1);
		double[] out = new double[n];
		for (int k = 0; k < n; k++) {
			out[k] = first + k * step;
			if (Math.abs(out[k]) < 1e-9 * step) out[k] = 0;
		}
		return out;
	}

	static int decimals(double[] ticks) {
		if (ticks.length < 2) return 2;
		double step = Math.abs(ticks[1] - ticks[0]);
		return Math.max(0, Math.min(8, (int) Math.ceil(-Math.log10(step) - 1e-9)));
	}

	static String format(double v, int decimals) {
		double a = Math.abs(v);
		if (a != 0 && (a >= 1e6 || a < 1e-4)) return String.format(Locale.ROOT, "%.3g", v);
		return String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	static String esc(String s) {
		if (s == null) return "";
		StringBuilder b = new StringBuilder(s.length());
		for (char c : s.toCharArray()) {
			switch (c) {
				case '<': b.append("&lt;"); break;
				case '>': b.append("&gt;"); break;
				case '&': b.append("&amp;"); break;
				case '"': b.append("&quot;"); break;
				default:
					if (c < 0x20 && c != '\t' && c != '\n') b.append(' ');
					else b.append(c);
			}
		}
		return b.toString();
	}

	/** Data to SVG user units; SVG y grows downwards, and binding energy may fall to the right. */
	static final class Mapper {
		final double x0, y0, sx, sy;
		final boolean reversed;
		final int left, top, pw, ph;

		Mapper(double x0, double x1, double y0, double y1, boolean reversed, int left, int top, int pw, int ph) {
			this.x0 = x0;
			this.y0 = y0;
			this.sx = pw / (x1 - x0);
			this.sy = ph / (y1 - y0);
			this.reversed = reversed;
			this.left = left;
			this.top = top;
			this.pw = pw;
			this.ph = ph;
		}

		double x(double v) {
			double u = (v - x0) * sx;
			return left + (reversed ? pw - u : u);
		}

		double y(double v) {
			return top + ph - (v - y0) * sy;
		}
	}
}
