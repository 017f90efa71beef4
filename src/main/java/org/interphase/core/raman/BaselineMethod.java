package org.interphase.core.raman;

import java.util.Locale;

/** How the fluorescence baseline under a Raman spectrum is estimated. */
public enum BaselineMethod {
	/** Asymmetrically reweighted penalized least squares (Baek et al., Analyst 140, 250 (2015)). */
	ARPLS,
	/** Asymmetric least squares (Eilers and Boelens, 2005). */
	ALS,
	/** Iterative peak-clipped polynomial (modified polynomial, Lieber and Mahadevan-Jansen 2003). */
	POLYNOMIAL;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static BaselineMethod of(String key) {
		return valueOf(key.trim().toUpperCase(Locale.ROOT));
	}
}
