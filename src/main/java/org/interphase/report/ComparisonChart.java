package org.interphase.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** A horizontal bar chart of one quantity per sample with one-sigma error bars, as PNG. */
final class ComparisonChart {
	private ComparisonChart() {}

	static void write(String title, String unit, List<String> samples, double[] values, double[] errors, Path file)
		throws IOException
	{
		int rowH = 28, left = 190, right = 40, top = 48, bottom = 46;
		int w = 720, h = top + bottom + rowH * samples.size();
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		double max = 0, min = 0;
		for (int i = 0; i < values.length; i++) {
			if (!Double.isFinite(values[i])) continue;
			double e = Double.isFinite(errors[i]) ? errors[i] : 0;
			max = Math.max(max, values[i] + e);
			min = Math.min(min, values[i] - e);
		}
		if (max == min) max = min + 1;
		double span = max - min;
		max += 0.05 * span;
		if (min < 0) min -= 0.05 * span;
		int plotW = w - left - right;
		final double fmin = min, fmax = max;
		java.util.function.DoubleToIntFunction X = v -> left + (int) Math.round((v - fmin) / (fmax - fmin) * plotW);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.drawString(title + (unit.isEmpty() ? "" : " (" + unit + ")"), 10, 24);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		FontMetrics fm = g.getFontMetrics();
		// axis and ticks
		int axisY = top + rowH * samples.size() + 4;
		g.drawLine(left, axisY, w - right, axisY);
		for (int t = 0; t <= 5; t++) {
			double v = min + (max - min) * t / 5;
			int x = X.applyAsInt(v);
			g.setColor(new Color(0xdddddd));
			g.drawLine(x, top - 4, x, axisY);
			g.setColor(Color.BLACK);
			String s = format(v);
			g.drawString(s, x - fm.stringWidth(s) / 2, axisY + 16);
		}
		for (int i = 0; i < samples.size(); i++) {
			int y = top + i * rowH;
			String name = samples.get(i);
			g.setColor(Color.BLACK);
			g.drawString(name, left - 8 - fm.stringWidth(name), y + rowH / 2 + 4);
			if (!Double.isFinite(values[i])) continue;
			int x0 = X.applyAsInt(Math.max(0, min)), x1 = X.applyAsInt(values[i]);
			g.setColor(new Color(0x4a7fb5));
			g.fillRect(Math.min(x0, x1), y + 5, Math.max(1, Math.abs(x1 - x0)), rowH - 10);
			if (Double.isFinite(errors[i]) && errors[i] > 0) {
				int xa = X.applyAsInt(values[i] - errors[i]), xb = X.applyAsInt(values[i] + errors[i]);
				g.setColor(Color.BLACK);
				g.setStroke(new BasicStroke(1.5f));
				g.drawLine(xa, y + rowH / 2, xb, y + rowH / 2);
				g.drawLine(xa, y + 8, xa, y + rowH - 8);
				g.drawLine(xb, y + 8, xb, y + rowH - 8);
			}
		}
		g.dispose();
		ImageIO.write(img, "png", file.toFile());
	}

	static String format(double v) {
		if (v == 0) return "0";
		double a = Math.abs(v);
		if (a >= 1000 || a < 0.01) return String.format(Locale.ROOT, "%.2e", v);
		if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
		if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
		return String.format(Locale.ROOT, "%.3g", v);
	}
}
