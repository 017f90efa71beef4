package org.interphase.core.diffraction.crystal;

import java.util.Locale;

/**
 * A reflection (hkl) allowed by the structure factor: d-spacing (Å), kinematic intensity |F|^2 (Å^2) and, for a
 * family of symmetry-equivalent reflections, its multiplicity.
 */
public final class Reflection {
	public final int h, k, l;
	public final double d;
	public final double intensity;
	public final int multiplicity;

	public Reflection(int h, int k, int l, double d, double intensity, int multiplicity) {
		this.h = h;
		this.k = k;
		this.l = l;
		this.d = d;
		this.intensity = intensity;
		this.multiplicity = multiplicity;
	}

	public int[] hkl() {
		return new int[] { h, k, l };
	}

	/** |g| = 1/d in 1/nm. */
	public double gPerNm() {
		return 10 / d;
	}

	/** "0 1 2" */
	public String hklText() {
		return h + " " + k + " " + l;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "(%d %d %d) d=%.4f I=%.3g m=%d", h, k, l, d, intensity, multiplicity);
	}
}
