package org.interphase.core.hrtem;

/** Thickness results made for the tests of the analysis (the result's builder is the core's working state). */
public final class ThicknessResults {
	private ThicknessResults() {}

	/** A result whose edges could not be decided, for the reason given, with its averaged profile. */
	public static CoatingThickness.Result undecided(String reason, double[] avgT, double[] avgEnergy,
		double[] avgIntensity)
	{
		CoatingThickness.Result.Builder r = new CoatingThickness.Result.Builder();
		r.undecided = reason;
		r.thickness = r.sigma = r.arc = r.innerX = r.innerY = r.outerX = r.outerY = new double[0];
		r.avgT = avgT;
		r.avgEnergy = avgEnergy;
		r.avgIntensity = avgIntensity;
		return r.build();
	}
}
