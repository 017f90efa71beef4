package org.interphase.core.fit;

import java.util.List;

/**
 * Active Tougaard background: B(x) = offset + scale * sum over lower-loss points of K(T) P(x') dx', with the
 * universal cross-section K(T) = T / (C + T^2)^2 (Tougaard, Surf. Interface Anal. 25 (1997) 137; the "B"
 * factor of the universal cross-section is the fitted {@code scale}), T the energy loss, P the current peak
 * sum. Direction as {@link ShirleyActive}. O(n^2) per evaluation.
 */
public final class TougaardActive implements PeakSumBackground {
	private final String prefix;
	private final double c;
	private final boolean risesTowardHigherX;

	/** @param c the universal cross-section's C (1643 eV^2 for most metals/oxides) */
	public TougaardActive(String prefix, double c, boolean risesTowardHigherX) {
		this.prefix = prefix;
		this.c = c;
		this.risesTowardHigherX = risesTowardHigherX;
	}

	@Override
	public String prefix() {
		return prefix;
	}

	@Override
	public List<String> parameterNames() {
		return List.of("offset", "scale");
	}

	@Override
	public void addTo(double[] x, double[] p, double[] peakSum, double[] out) {
		int n = x.length;
		double offset = p[0], scale = p[1];
		double sign = risesTowardHigherX ? 1 : -1;
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int j = 0; j < n; j++) {
				double t = sign * (x[i] - x[j]);
				if (t <= 0) continue;
				double dx = Math.abs(j + 1 < n ? x[j + 1] - x[j] : x[j] - x[j - 1]);
				double d = c + t * t;
				s += t / (d * d) * peakSum[j] * dx;
			}
			out[i] += offset + scale * s;
		}
	}
}
