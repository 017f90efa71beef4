package org.interphase.core.diffraction;

/** A ring found in I(r): corrected radius (px) with its sigma, width, integrated intensity and uniformity. */
public final class Ring {
	public final double radius, sigmaRadius, width, intensity;
	/** Coefficient of variation of the ring's intensity over azimuthal sectors (small = uniform ring). */
	public final double azimuthalCv;
	public final boolean converged;

	public Ring(double radius, double sigmaRadius, double width, double intensity, double azimuthalCv,
		boolean converged)
	{
		this.radius = radius;
		this.sigmaRadius = sigmaRadius;
		this.width = width;
		this.intensity = intensity;
		this.azimuthalCv = azimuthalCv;
		this.converged = converged;
	}

	public boolean uniform() {
		return azimuthalCv < 0.5;
	}
}
