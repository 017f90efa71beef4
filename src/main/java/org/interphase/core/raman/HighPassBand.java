package org.interphase.core.raman;

import java.util.Arrays;
import java.util.List;

import org.interphase.core.fit.Component;

/**
 * A band as the fit sees it after the smooth baseline has been taken into the model: (I - S) applied to the
 * band's curve ({@link SmoothBaseline}). Its parameters, area and FWHM are those of the wrapped band, so the
 * engine reports the band itself. Immutable and thread-safe: work arrays and a one-entry cache are per thread and
 * per band (the engine re-evaluates every component at the point whose Jacobian it then takes; the cache turns
 * those repeats into a copy).
 */
final class HighPassBand implements Component {
	private static final class Work {
		double[] c = new double[0], s = new double[0], cached = new double[0], cachedP = new double[0];
		double[] cachedX;
	}

	private final Component band;
	private final SmoothBaseline smoother;
	private final ThreadLocal<Work> work = ThreadLocal.withInitial(Work::new);

	HighPassBand(Component band, SmoothBaseline smoother) {
		this.band = band;
		this.smoother = smoother;
	}

	@Override
	public String prefix() {
		return band.prefix();
	}

	@Override
	public List<String> parameterNames() {
		return band.parameterNames();
	}

	@Override
	public void addTo(double[] x, double[] p, double[] out) {
		Work w = work.get();
		int n = x.length;
		if (w.cachedX == x && Arrays.equals(w.cachedP, p)) {
			double[] v = w.cached;
			for (int i = 0; i < n; i++) out[i] += v[i];
			return;
		}
		if (w.c.length != n) {
			w.c = new double[n];
			w.s = new double[n];
			w.cached = new double[n];
		}
		double[] c = w.c, s = w.s, v = w.cached;
		Arrays.fill(c, 0);
		band.addTo(x, p, c);
		smoother.smooth(c, s);
		for (int i = 0; i < n; i++) {
			double d = c[i] - s[i];
			v[i] = d;
			out[i] += d;
		}
		w.cachedX = x;
		w.cachedP = p.clone();
	}

	/** (I - S) is linear, so the band's linear parameters (its area) stay linear after filtering. */
	@Override
	public boolean linearIn(int localIndex) {
		return band.linearIn(localIndex);
	}

	@Override
	public boolean isPeak() {
		return true;
	}

	@Override
	public double area(double[] p) {
		return band.area(p);
	}

	@Override
	public double fwhm(double[] p) {
		return band.fwhm(p);
	}
}
