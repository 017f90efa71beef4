package org.interphase.core.fit;

/**
 * A background that depends on the current sum of the peaks ("active" background, recomputed inside every
 * model evaluation): active Shirley, active Tougaard. Not a peak.
 */
public interface PeakSumBackground extends Component {
	/** Adds the background for local parameters p and the current peak sum to out. */
	void addTo(double[] x, double[] p, double[] peakSum, double[] out);

	@Override
	default void addTo(double[] x, double[] p, double[] out) {
		throw new UnsupportedOperationException(name() + " needs the peak sum");
	}

	@Override
	default boolean isPeak() {
		return false;
	}
}
