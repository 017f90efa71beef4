package org.interphase.core.xps;

/**
 * Electron inelastic mean free path from the TPP-2M predictive formula (Tanuma, Powell and Penn, Surf.
 * Interface Anal. 21 (1994) 165): lambda [Å] = E / {Ep^2 [beta ln(gamma E) - C/E + D/E^2]}, E the kinetic energy
 * in eV, Ep = 28.8 sqrt(Nv rho / M), beta = -0.10 + 0.944/sqrt(Ep^2 + Eg^2) + 0.069 rho^0.1,
 * gamma = 0.191 rho^-0.5, C = 1.97 - 0.91 U, D = 53.4 - 20.8 U, U = Nv rho / M. Validity: TPP-2M was fitted for
 * 50–2000 eV (RMS deviation ~11 % from optical IMFPs); above 2 keV it is used as an extrapolation (the
 * relativistic TPP-2M extension changes lambda by a few per cent at 6 keV), which is documented with every depth
 * series. The IMFP is not the effective attenuation length (elastic scattering shortens the latter by ~10-30 %).
 */
public final class Imfp {
	/** Valence electrons per formula unit, molar mass (g/mol), density (g/cm3), band gap (eV). */
	public final double nv, molarMass, density, bandGap;

	public Imfp(double nv, double molarMass, double density, double bandGap) {
		if (!(nv > 0 && molarMass > 0 && density > 0 && bandGap >= 0))
			throw new IllegalArgumentException("TPP-2M needs positive Nv, M, rho and a band gap >= 0");
		this.nv = nv;
		this.molarMass = molarMass;
		this.density = density;
		this.bandGap = bandGap;
	}

	/** LATP, Li1.3Al0.3Ti1.7(PO4)3: Nv = 96, M = 383.4 g/mol, rho = 2.94 g/cm3, Eg = 3.5 eV (anchors.md §8). */
	public static Imfp latp() {
		return new Imfp(96, 383.4, 2.94, 3.5);
	}

	/** h-BN: Nv = 8, M = 24.82, rho = 2.1, Eg = 6 eV. */
	public static Imfp hbn() {
		return new Imfp(8, 24.82, 2.1, 6);
	}

	/** IMFP in nm at kinetic energy e (eV). */
	public double nm(double kineticEnergy) {
		double e = kineticEnergy;
		if (!(e > 0)) throw new IllegalArgumentException("kinetic energy must be positive, not " + e);
		double u = nv * density / molarMass;
		double ep = 28.8 * Math.sqrt(u);
		double beta = -0.10 + 0.944 / Math.sqrt(ep * ep + bandGap * bandGap) + 0.069 * Math.pow(density, 0.1);
		double gamma = 0.191 / Math.sqrt(density);
		double c = 1.97 - 0.91 * u, d = 53.4 - 20.8 * u;
		double angstrom = e / (ep * ep * (beta * Math.log(gamma * e) - c / e + d / (e * e)));
		return angstrom / 10;
	}

	/** Kinetic energy of a line: photon energy - binding energy - work function. */
	public static double kineticEnergy(double photonEnergy, double bindingEnergy, double workFunction) {
		return photonEnergy - bindingEnergy - workFunction;
	}

	/** Information depth (95 % of the signal) = 3 lambda cos(theta), nm, theta the emission angle from the normal. */
	public double informationDepthNm(double photonEnergy, double bindingEnergy, double workFunction, double thetaDeg) {
		return 3 * nm(kineticEnergy(photonEnergy, bindingEnergy, workFunction)) * Math.cos(Math.toRadians(thetaDeg));
	}
}
