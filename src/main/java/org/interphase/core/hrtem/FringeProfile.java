package org.interphase.core.hrtem;

import org.interphase.core.fit.CompactFitter;
import org.interphase.core.fit.CompactModel;
import org.jtransforms.fft.DoubleFFT_1D;
import org.interphase.core.param.Setting;

/**
 * Fringe period along a line: the width-averaged intensity profile (bilinear samples every pixel) is
 * detrended, Hann-windowed and zero-padded 8x; the strongest spectral peak in the period band is
 * interpolated (parabola on log power), then refined by a least-squares sine fit (offset, linear trend,
 * cosine and sine amplitudes, frequency) with the engine's {@link CompactFitter}, whose covariance (scaled by
 * the reduced chi-square) gives the period's uncertainty.
 */
public final class FringeProfile {
	public final double minPeriodPx;
	/** Longest period, px; NaN = a third of the line length. */
	public final double maxPeriodPx;
	/** The averaging width as the user sets it (--line-width), declared once. */
	public static final Setting LINE_WIDTH = Setting.number("line-width", 5, "px", "width the line profile is " +
		"averaged over").range(1, 10000);

	/** Averaging width across the line, px. */
	public final double widthPx;

	/** The defaults: periods from 2.5 px, the declared line width. */
	public FringeProfile() {
		this(new Builder());
	}

	private FringeProfile(Builder b) {
		minPeriodPx = b.minPeriodPx;
		maxPeriodPx = b.maxPeriodPx;
		widthPx = b.widthPx;
	}

	/** A builder holding the defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding every field of this one (the copy). */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some of the settings; {@link #build} makes the immutable FringeProfile. */
	public static final class Builder {
		private double minPeriodPx = LatticeFft.MIN_PERIOD_PX;
		private double maxPeriodPx = Double.NaN;
		private double widthPx = LINE_WIDTH.number();

		Builder() {}

		Builder(FringeProfile o) {
			minPeriodPx = o.minPeriodPx;
			maxPeriodPx = o.maxPeriodPx;
			widthPx = o.widthPx;
		}

		public Builder minPeriodPx(double v) {
			minPeriodPx = v;
			return this;
		}

		public Builder maxPeriodPx(double v) {
			maxPeriodPx = v;
			return this;
		}

		public Builder widthPx(double v) {
			widthPx = v;
			return this;
		}

		public FringeProfile build() {
			return new FringeProfile(this);
		}
	}

	/** The period found; its profile array is shared with copies. */
	public static final class Result {
		public final double periodPx, sigmaPeriodPx, spectralPeriodPx, amplitude;
		public final double[] profile;
		public final boolean converged;
		/** Peak power over the median power of the band. */
		public final double strength;

		private Result(Builder b) {
			periodPx = b.periodPx;
			sigmaPeriodPx = b.sigmaPeriodPx;
			spectralPeriodPx = b.spectralPeriodPx;
			amplitude = b.amplitude;
			profile = b.profile;
			converged = b.converged;
			strength = b.strength;
		}

		/** A builder holding every field of this result (the copy). */
		Builder toBuilder() {
			return new Builder(this);
		}

		/** The working state the measurement fills step by step; {@link #build} once at the end. */
		static final class Builder {
			// the fields of the result, documented there
			double periodPx;
			double sigmaPeriodPx;
			double spectralPeriodPx;
			double amplitude;
			double[] profile;
			boolean converged;
			double strength;

			Builder() {}

			Builder(Result o) {
				periodPx = o.periodPx;
				sigmaPeriodPx = o.sigmaPeriodPx;
				spectralPeriodPx = o.spectralPeriodPx;
				amplitude = o.amplitude;
				profile = o.profile;
				converged = o.converged;
				strength = o.strength;
			}

			Result build() {
				return new Result(this);
			}
		}
	}

	/** The period along the segment (x1, y1) - (x2, y2) in ImageJ pixel coordinates. */
	public Result measure(double[] img, int w, int h, double x1, double y1, double x2, double y2) {
		double len = Math.hypot(x2 - x1, y2 - y1);
		int n = (int) Math.floor(len) + 1;
		if (n < 16) throw new IllegalArgumentException("line too short for a fringe period (" + n + " px)");
		double ux = (x2 - x1) / len, uy = (y2 - y1) / len, vx = -uy, vy = ux;
		int half = (int) Math.floor(widthPx / 2);
		double[] prof = new double[n];
		for (int i = 0; i < n; i++) {
			double s = 0;
			int c = 0;
			for (int k = -half; k <= half; k++) {
				double px = x1 + i * ux + k * vx - 0.5, py = y1 + i * uy + k * vy - 0.5;
				if (px < 0 || py < 0 || px > w - 1 || py > h - 1) continue;
				int ix = Math.min(w - 2, (int) px), iy = Math.min(h - 2, (int) py);
				double fx = px - ix, fy = py - iy;
				int o = iy * w + ix;
				s += (1 - fy) * ((1 - fx) * img[o] + fx * img[o + 1]) + fy * ((1 - fx) * img[o + w] + fx * img[o + w + 1]);
				c++;
			}
			prof[i] = c > 0 ? s / c : Double.NaN;
		}
		for (double v : prof) if (Double.isNaN(v)) throw new IllegalArgumentException("the line leaves the image");
		return measure(prof);
	}

	/** The period of a profile sampled every pixel. */
	public Result measure(double[] prof) {
		int n = prof.length;
		// detrend (least-squares line) and window
		double sx = 0, sy = 0, sxx = 0, sxy = 0;
		for (int i = 0; i < n; i++) {
			sx += i;
			sy += prof[i];
			sxx += (double) i * i;
			sxy += i * prof[i];
		}
		double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx), icpt = (sy - slope * sx) / n;
		int nf = Integer.highestOneBit(n * 8 - 1) << 1;
		double[] a = new double[nf];
		for (int i = 0; i < n; i++) a[i] = (prof[i] - icpt - slope * i) * (0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) /
			n));
		new DoubleFFT_1D(nf).realForward(a);
		double maxP = Double.isNaN(maxPeriodPx) ? n / 3.0 : maxPeriodPx;
		int kmin = Math.max(1, (int) Math.floor(nf / maxP)), kmax = Math.min(nf / 2 - 1, (int) Math.ceil(nf /
			minPeriodPx));
		double[] p = new double[nf / 2];
		for (int k = 1; k < nf / 2; k++) p[k] = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
		int best = -1;
		for (int k = Math.max(2, kmin); k <= kmax; k++) if (p[k] >= p[k - 1] && p[k] >= p[k + 1] && (best < 0 ||
			p[k] > p[best])) best = k;
		if (best < 0) throw new IllegalArgumentException("no fringe period found along the line");
		double[] band = new double[kmax - kmin + 1];
		for (int k = kmin; k <= kmax; k++) band[k - kmin] = p[k];
		java.util.Arrays.sort(band);
		Result.Builder r = new Result.Builder();
		r.profile = prof;
		r.strength = p[best] / Math.max(1e-300, band[band.length / 2]);
		double la = Math.log(p[best - 1] + 1e-300), lb = Math.log(p[best] + 1e-300), lc = Math.log(p[best + 1] +
			1e-300);
		double den = la - 2 * lb + lc;
		double off = den < 0 ? 0.5 * (la - lc) / den : 0;
		double f0 = (best + off) / nf;
		r.spectralPeriodPx = 1 / f0;
		// sine fit
		double[] xs = new double[n];
		for (int i = 0; i < n; i++) xs[i] = i;
		CompactFitter fit = new CompactFitter(SINE).trustRegion(true).maxIterations(150).singularTolerance(1e-14);
		try {
			if (fit.fit(xs, prof, n, new double[] { icpt, slope, Math.sqrt(p[best]) * 4 / n, 0, f0 })) {
				double[] q = fit.values();
				double sf = fit.stderr(FREQUENCY);
				if (Math.abs(q[4] - f0) < 1.0 / n && q[4] > 0 && Double.isFinite(sf)) {
					r.periodPx = 1 / q[4];
					r.sigmaPeriodPx = sf / (q[4] * q[4]);
					r.amplitude = Math.hypot(q[2], q[3]);
					r.converged = true;
					return r.build();
				}
			}
		}
		catch (RuntimeException e) {
			// fall back to the spectral estimate
		}
		r.periodPx = r.spectralPeriodPx;
		r.sigmaPeriodPx = r.spectralPeriodPx * r.spectralPeriodPx / n * 0.1;
		r.converged = false;
		return r.build();
	}

	private static final int FREQUENCY = 4;

	/** offset + slope i + a cos(2π f i) + b sin(2π f i), with its analytic gradient. */
	private static final CompactModel SINE = new CompactModel() {
		private final java.util.List<String> names = java.util.List.of("offset", "slope", "cos", "sin", "frequency");

		@Override
		public java.util.List<String> parameterNames() {
			return names;
		}

		@Override
		public double value(double i, double[] q) {
			double ph = 2 * Math.PI * q[4] * i;
			return q[0] + q[1] * i + q[2] * Math.cos(ph) + q[3] * Math.sin(ph);
		}

		@Override
		public double valueAndGradient(double i, double[] q, double[] j) {
			double ph = 2 * Math.PI * q[4] * i, c = Math.cos(ph), s = Math.sin(ph);
			j[0] = 1;
			j[1] = i;
			j[2] = c;
			j[3] = s;
			j[4] = 2 * Math.PI * i * (-q[2] * s + q[3] * c);
			return q[0] + q[1] * i + q[2] * c + q[3] * s;
		}
	};
}
