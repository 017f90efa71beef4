package org.interphase.core.raman;

import java.util.List;

import org.interphase.core.fit.Component;

/**
 * A band as the fit sees it after the smooth baseline has been taken into the model: (I - S) applied to the
 * band's curve ({@link SmoothBaseline}). Its parameters, area and FWHM are those of the wrapped band, so the
 * engine reports the band itself. Immutable and thread-safe (per-thread work arrays).
 */
final class HighPassBand implements Component {
	/** Per-thread work arrays (the engine calls components from many threads). */
	private static final ThreadLocal<double[][]> BUFFERS = ThreadLocal.withInitial(() -> new double[][] { new double[0],
		new double[0] });
	private final Component band;
	private final SmoothBaseline smoother;

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
		double[][] buf = BUFFERS.get();
		if (buf[0].length != x.length) {
			buf[0] = new double[x.length];
			buf[1] = new double[x.length];
		}
		double[] c = buf[0], s = buf[1];
		java.util.Arrays.fill(c, 0);
		band.addTo(x, p, c);
		smoother.smooth(c, s);
		for (int i = 0; i < out.length; i++) out[i] += c[i] - s[i];
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
