package org.interphase.core.raman;

import java.util.List;

import org.interphase.core.fit.Component;

/**
 * A band as the fit sees it after the smooth baseline has been taken into the model: (I - S) applied to the
 * band's curve ({@link SmoothBaseline}). Its parameters, area and FWHM are those of the wrapped band, so the
 * engine reports the band itself. Immutable and thread-safe (work arrays per call).
 */
final class HighPassBand implements Component {
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
		double[] c = new double[x.length], s = new double[x.length];
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
