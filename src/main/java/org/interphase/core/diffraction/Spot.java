package org.interphase.core.diffraction;

/** A diffraction spot: image position (array-index coordinates) with sigmas, width and integrated intensity. */
public final class Spot {
	public final double x, y, sigmaX, sigmaY, width, intensity;
	public final boolean converged;

	public Spot(double x, double y, double sigmaX, double sigmaY, double width, double intensity, boolean converged) {
		this.x = x;
		this.y = y;
		this.sigmaX = sigmaX;
		this.sigmaY = sigmaY;
		this.width = width;
		this.intensity = intensity;
		this.converged = converged;
	}
}
