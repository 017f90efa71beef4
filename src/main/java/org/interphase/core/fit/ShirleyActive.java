package org.interphase.core.fit;

import java.util.List;

/**
 * Active Shirley background (Herrera-Gomez et al., Surf. Interface Anal. 46 (2014) 897): recomputed from the
 * CURRENT peak sum inside every evaluation, B(x) = offset + k * integral of the peaks from the low side to x.
 * With {@code risesTowardHigherX} (binding-energy axis) the step grows towards higher x. offset and k are
 * fitted (the "fitted end points"), so the background is part of the least-squares problem and its
 * uncertainty enters the covariance.
 */
public final class ShirleyActive implements PeakSumBackground {
	private final String prefix;
	private final boolean risesTowardHigherX;

	public ShirleyActive(String prefix, boolean risesTowardHigherX) {
		this.prefix = prefix;
		this.risesTowardHigherX = risesTowardHigherX;
	}

	@Override
	public String prefix() {
		return prefix;
	}

	@Override
	public List<String> parameterNames() {
		return List.of("offset", "k");
	}

	@Override
	public void addTo(double[] x, double[] p, double[] peakSum, double[] out) {
		int n = x.length;
		if (n == 0) return;
		double offset = p[0], k = p[1];
		boolean ascending = x[n - 1] >= x[0];
		// integrate from the low-background side: low x if the step rises towards higher x
		boolean fromStart = ascending == risesTowardHigherX;
		double cum = 0;
		if (fromStart) {
			out[0] += offset;
			for (int i = 1; i < n; i++) {
				cum += 0.5 * (peakSum[i] + peakSum[i - 1]) * Math.abs(x[i] - x[i - 1]);
				out[i] += offset + k * cum;
			}
		}
		else {
			out[n - 1] += offset;
			for (int i = n - 2; i >= 0; i--) {
				cum += 0.5 * (peakSum[i] + peakSum[i + 1]) * Math.abs(x[i + 1] - x[i]);
				out[i] += offset + k * cum;
			}
		}
	}
}
