package org.interphase.core.raman;

/**
 * The bands of the BN-on-LATP model with their position windows and width limits (cm-1). Positions: h-BN E2g
 * 1366-1375 (bulk ~1366, shifts up in small crystallites), c-BN TO ~1056 and LO ~1306 (domain.md section 5,
 * Reich et al., PRB 71, 205201 (2005)); LATP phosphate stretching bands near 975, 1008 (nu1) and 1097 (nu3)
 * cm-1, the first two overlapping the c-BN TO. Minimum widths keep a band from collapsing onto noise or a
 * residual spike.
 */
public enum BnBands {
	HBN("hbn", "h-BN E2g", 1370, 1350, 1390, 20, 5, 60),
	CBN_TO("cbn", "c-BN TO", 1056, 1040, 1072, 20, 6, 45),
	CBN_LO("cbnlo", "c-BN LO", 1306, 1290, 1322, 20, 6, 45),
	LATP_975("latp975", "LATP 975", 975, 960, 990, 24, 8, 60),
	LATP_1008("latp1008", "LATP 1008", 1008, 995, 1022, 18, 8, 50),
	LATP_1097("latp1097", "LATP 1097", 1097, 1080, 1115, 40, 15, 80);

	/** Component name in the fit (prefix without "_"). */
	public final String id;
	/** Name for people and figures. */
	public final String label;
	public final double position, minPosition, maxPosition, fwhm, minFwhm, maxFwhm;

	BnBands(String id, String label, double position, double minPosition, double maxPosition, double fwhm,
		double minFwhm, double maxFwhm)
	{
		this.id = id;
		this.label = label;
		this.position = position;
		this.minPosition = minPosition;
		this.maxPosition = maxPosition;
		this.fwhm = fwhm;
		this.minFwhm = minFwhm;
		this.maxFwhm = maxFwhm;
	}

	public boolean isSubstrate() {
		return this == LATP_975 || this == LATP_1008 || this == LATP_1097;
	}

	public boolean isCubic() {
		return this == CBN_TO || this == CBN_LO;
	}
}
