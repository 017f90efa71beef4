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

	/** A builder holding every field of this window. */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/** Changes some fields of a window; {@link #build} checks them as the constructor does. */
	public static final class Builder {
		private double position, minPosition, maxPosition, fwhm, minFwhm, maxFwhm;
		private boolean enabled;

		Builder(BandWindow w) {
			position = w.position;
			minPosition = w.minPosition;
			maxPosition = w.maxPosition;
			fwhm = w.fwhm;
			minFwhm = w.minFwhm;
			maxFwhm = w.maxFwhm;
			enabled = w.enabled;
		}

		public Builder position(double v) {
			position = v;
			return this;
		}

		public Builder minPosition(double v) {
			minPosition = v;
			return this;
		}

		public Builder maxPosition(double v) {
			maxPosition = v;
			return this;
		}

		public Builder fwhm(double v) {
			fwhm = v;
			return this;
		}

		public Builder minFwhm(double v) {
			minFwhm = v;
			return this;
		}

		public Builder maxFwhm(double v) {
			maxFwhm = v;
			return this;
		}

		public Builder enabled(boolean v) {
			enabled = v;
			return this;
		}

		public BandWindow build() {
			return new BandWindow(position, minPosition, maxPosition, fwhm, minFwhm, maxFwhm, enabled);
		}
	}
}
