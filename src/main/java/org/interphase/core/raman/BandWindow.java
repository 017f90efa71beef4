package org.interphase.core.raman;

/** Where a band may sit and how wide it may be (cm-1), and whether it is in the model: one entry of a template. */
public final class BandWindow {
	public final double position, minPosition, maxPosition, fwhm, minFwhm, maxFwhm;
	public final boolean enabled;

	public BandWindow(double position, double minPosition, double maxPosition, double fwhm, double minFwhm,
		double maxFwhm, boolean enabled)
	{
		if (!(minPosition < maxPosition) || position < minPosition || position > maxPosition) throw new IllegalArgumentException(
			"band position " + position + " must lie in its window " + minPosition + ".." + maxPosition);
		if (!(minFwhm > 0) || !(minFwhm < maxFwhm) || fwhm < minFwhm || fwhm > maxFwhm) throw new IllegalArgumentException(
			"band FWHM " + fwhm + " must lie in " + minFwhm + ".." + maxFwhm + " (minimum above 0)");
		this.position = position;
		this.minPosition = minPosition;
		this.maxPosition = maxPosition;
		this.fwhm = fwhm;
		this.minFwhm = minFwhm;
		this.maxFwhm = maxFwhm;
		this.enabled = enabled;
	}

	/** The built-in window of a band. */
	public static BandWindow of(BnBands b) {
		return new BandWindow(b.position, b.minPosition, b.maxPosition, b.fwhm, b.minFwhm, b.maxFwhm, true);
	}
}
