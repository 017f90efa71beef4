package org.interphase.core.hrtem;

/**
 * One lattice reflection found in the Fourier transform of an image region: its reciprocal vector
 * (cycles per pixel, x right, y down; one of the Friedel pair), the fringe period (pixels), the direction of
 * the reciprocal vector (degrees from the x axis, in [0, 180)), their one-sigma uncertainties and the peak
 * strength over the local background of the power spectrum.
 */
public final class LatticeSpot {
	public final double kx, ky;
	public final double periodPx, sigmaPeriodPx;
	public final double angleDeg, sigmaAngleDeg;
	/** Peak power over the radial median background of the power spectrum. */
	public final double strength;

	public LatticeSpot(double kx, double ky, double sigmaPeriodPx, double sigmaAngleDeg, double strength) {
		this.kx = kx;
		this.ky = ky;
		double k = Math.hypot(kx, ky);
		this.periodPx = 1 / k;
		this.sigmaPeriodPx = sigmaPeriodPx;
		double a = Math.toDegrees(Math.atan2(ky, kx));
		if (a < 0) a += 180;
		if (a >= 180) a -= 180;
		this.angleDeg = a;
		this.sigmaAngleDeg = sigmaAngleDeg;
		this.strength = strength;
	}

	public double k() {
		return Math.hypot(kx, ky);
	}

	/** The angle between the fringe normals of two spots, in [0, 90]. */
	public double angleTo(LatticeSpot o) {
		double d = Math.abs(angleDeg - o.angleDeg) % 180;
		return d > 90 ? 180 - d : d;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "spot d=%.4f±%.4f px angle=%.2f±%.2f strength=%.1f", periodPx,
			sigmaPeriodPx, angleDeg, sigmaAngleDeg, strength);
	}
}
