package org.interphase.core.fit;

/** Parameter values and component areas of one fit (or of a perturbed parameter set): input of derived quantities. */
public interface FitValues {
	/** Value of a parameter by full name. */
	double value(String parameter);

	/** Area of a component by name: the analytic area when exact, else the curve integrated over the data. */
	double area(String component);

	/** A derived quantity (e.g. fractions) computed from fit values. */
	interface Derived {
		double[] apply(FitValues v);
	}
}
