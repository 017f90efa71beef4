package org.interphase.analysis.eels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Signal;

/**
 * An independent stress generator for Ti L2,3 line scans and spectrum images, written from the physics and never
 * calling {@code org.interphase.synth} or the analysis' models (no MLLS, no power-law fit, no sigmoid):
 * <ul>
 * <li>Ti4+ (TiO2/SrTiO3-like): L3 and L2 white lines each split by the octahedral crystal field into t2g and eg
 * (~2 eV), narrow L3 t2g, broader eg and L2 (Coster-Kronig), two weak pre-peaks; Ti3+ (Ti2O3-like): onset 1-2 eV
 * lower, broad single-ish L3 and L2 lines with a weak shoulder. Lines are pseudo-Voigts (Lorentzian lifetime
 * share, Gaussian multiplet / dispersion share), the continuum is
 * a 2:1 arctan step under L3/L2 decaying slowly; both valences carry the same continuum (same atoms) and equal
 * edge area in [onset4 - 6, onset4 + 24] eV, so the mixing fraction is the share of the Ti L intensity.</li>
 * <li>Instrument: Gaussian energy resolution 0.3-1.1 eV FWHM; plural scattering: the edge convolved with the
 * Poisson series of a plasmon (Lorentzian-like, E_p 22-27 eV, width 5-8 eV) at t/lambda 0.1-0.7.</li>
 * <li>Background A E^-r, r 2.3-4.8 with a drift along the scan, optional O K edge (same shifts).</li>
 * <li>Energy drift along the scan (linear up to +-1.5 eV plus jitter), dispersion 0.05-0.3 eV/channel, a
 * calibration offset of the references of +-3 eV, Poisson counts with a Ti4+ white-line height 10^3-10^5.</li>
 * <li>Profile: an erfc (diffusion-like) fall of the Ti3+ fraction from the interface; the interface at the scan
 * start, at its end, inside (Li / vacuum side without Ti first) or inside a reversed scan.</li>
 * <li>References: with a power-law background and a long, short or minimal pre-edge, or distributed
 * background-subtracted (pre-edge ~ 0, noise kept) with a long, short or no pre-edge.</li>
 * </ul>
 */
final class EelsStress {
	enum Interface { START, END, INSIDE, INSIDE_REVERSED }

	enum RefKind { BG_LONG, BG_SHORT, BG_MIN, NOBG_LONG, NOBG_SHORT, NOBG_NONE }

	/** Energy of the Ti4+ L3 t2g line in the scan's true scale. */
	static final double L3 = 457.8;
	static final double AREA_LO = L3 - 8, AREA_HI = L3 + 22;

	static final class Scan {
		Signal coreLoss;
		double[] truthFraction, truthDistance;
		double truthDepth;
		Interface itf;
		RefKind refKind;
		Signal ref3, ref4;
		double countsPerChannel, dispersion, drift, refOffset, chemShift, tOverLambda, resolution, exponent, refTl, refRes;
		boolean oxygen;

		@Override
		public String toString() {
			return String.format(java.util.Locale.ROOT, "%s ref=%s counts=%.0f disp=%.2f drift=%.2f refOffset=%.2f " +
				"chem=%.2f t/l=%.2f res=%.2f r=%.2f O=%s depth=%.2f n=%d refT/l=%.2f refRes=%.2f", itf, refKind,
				countsPerChannel, dispersion, drift, refOffset, chemShift, tOverLambda, resolution, exponent, oxygen,
				truthDepth, truthFraction.length, refTl, refRes);
		}
	}

	// ------------------------------------------------------------------------------------------ edge shapes

	/** Fine grid of the single-scattering shapes, then broadened; values by linear interpolation. */
	static final class Shape {
		final double e0, de;
		final double[] v;

		Shape(double e0, double de, double[] v) {
			this.e0 = e0;
			this.de = de;
			this.v = v;
		}

		double at(double e) {
			double p = (e - e0) / de;
			int i = (int) Math.floor(p);
			if (i < 0) return v[0];
			if (i >= v.length - 1) return v[v.length - 1];
			double w = p - i;
			return v[i] * (1 - w) + v[i + 1] * w;
		}

		/** Mean over a channel of width d centred at e (4 sub-samples). */
		double channel(double e, double d) {
			return 0.25 * (at(e - 0.375 * d) + at(e - 0.125 * d) + at(e + 0.125 * d) + at(e + 0.375 * d));
		}
	}

	static double lorentz(double e, double c, double fwhm) {
		double g = 0.5 * fwhm;
		return g / Math.PI / ((e - c) * (e - c) + g * g);
	}

	/** Continuum under L3 (weight 2) and L2 (weight 1), onset broadened by 0.6 eV, slowly decaying. */
	static double continuum(double e, double l3, double l2) {
		double s3 = 0.5 + Math.atan((e - l3) / 0.6) / Math.PI, s2 = 0.5 + Math.atan((e - l2) / 0.6) / Math.PI;
		double decay = e > l3 ? Math.pow(l3 / e, 2.5) : 1;
		return 0.12 * (2 * s3 + s2) * decay;
	}

	/**
	 * A line: pseudo-Voigt of FWHM w, Lorentzian share eta (lifetime) and Gaussian rest (multiplet spread, solid-state
	 * dispersion), unit area.
	 */
	static double line(double e, double c, double w, double eta) {
		double s = w / 2.3548;
		return eta * lorentz(e, c, w) + (1 - eta) * Math.exp(-0.5 * (e - c) * (e - c) / (s * s)) / (s * Math.sqrt(2 *
			Math.PI));
	}

	/** Ti4+ single scattering (per Ti atom, arbitrary units), energy e in the true scale. */
	static double ti4(double e, double split) {
		double l3 = L3, l2 = L3 + 5.4;
		return 0.05 * line(e, l3 - 1.7, 0.4, 0.5) + 0.04 * line(e, l3 - 1.0, 0.4, 0.5) + 0.55 * line(e, l3, 0.35, 0.7) +
			1.0 * line(e, l3 + split, 1.1, 0.3) + 0.55 * line(e, l2, 0.9, 0.5) + 0.75 * line(e, l2 + split, 1.5, 0.3) +
			continuum(e, l3 - 0.5, l2 - 0.5);
	}

	/** Ti3+: onset chem eV lower, broad single-ish lines (multiplets) with a weak high-energy shoulder (t2g^1). */
	static double ti3(double e, double chem) {
		double l3 = L3 + 0.4 - chem, l2 = l3 + 5.3;
		return 1.05 * line(e, l3, 1.7, 0.2) + 0.35 * line(e, l3 + 1.8, 1.6, 0.2) + 0.95 * line(e, l2, 2.2, 0.2) + 0.3 *
			line(e, l2 + 1.8, 2.0, 0.2) + continuum(e, l3 - 1.2, l2 - 1.2);
	}

	/** O K (about 532 eV): two pre-peaks and a broad maximum over a step. */
	static double oxygenK(double e) {
		double s = 0.5 + Math.atan((e - 532) / 1.0) / Math.PI;
		return 0.25 * lorentz(e, 531, 1.2) + 0.2 * lorentz(e, 533.5, 1.5) + 0.5 * lorentz(e, 541, 6) + 0.04 * s *
			(e > 532 ? Math.pow(532 / e, 2) : 1);
	}

	/**
	 * Broadened shapes on a fine grid from lo to hi: {Ti3+, Ti4+, O K}; each edge convolved with the resolution
	 * Gaussian and the plural-scattering series exp(-t) t^n/n! of a plasmon; the Ti shapes normalised to equal area
	 * in [AREA_LO, AREA_HI].
	 */
	static Shape[] shapes(double lo, double hi, double resolution, double tl, double ep, double pw, double chem,
		double split)
	{
		double de = 0.02;
		int m = (int) Math.ceil((hi - lo) / de) + 1;
		double[][] raw = new double[3][m];
		for (int i = 0; i < m; i++) {
			double e = lo + i * de;
			raw[0][i] = ti3(e, chem);
			raw[1][i] = ti4(e, split);
			raw[2][i] = oxygenK(e);
		}
		// kernel: delta + plasmon series, convolved with the resolution Gaussian (as a discrete kernel over +-80 eV)
		int half = (int) Math.ceil(3 * resolution / de);
		int span = (int) Math.ceil(80 / de);
		double[] kern = new double[span + 2 * half + 1];
		double sg = resolution / 2.3548;
		double p0 = Math.exp(-tl), p1 = p0 * tl, p2 = p1 * tl / 2;
		for (int j = 0; j < kern.length; j++) {
			double x = (j - half) * de;
			double g = Math.exp(-0.5 * x * x / (sg * sg)) * de / (sg * Math.sqrt(2 * Math.PI));
			// plasmon loss functions (Lorentzian-like, truncated below 0): once and twice
			double pl1 = x > 2 ? lorentz(x, ep, pw) * de : 0, pl2 = x > 4 ? lorentz(x, 2 * ep, 2 * pw) * de : 0;
			kern[j] = p0 * g + p1 * pl1 + p2 * pl2;
		}
		Shape[] out = new Shape[3];
		for (int s = 0; s < 3; s++) {
			double[] c = new double[m];
			for (int i = 0; i < m; i++) {
				double acc = 0;
				for (int j = 0; j < kern.length; j++) {
					int q = i - (j - half);
					if (q < 0) break;
					if (q < m) acc += kern[j] * raw[s][q];
				}
				c[i] = acc;
			}
			out[s] = new Shape(lo, de, c);
		}
		for (int s = 0; s < 2; s++) {
			double a = 0;
			for (int i = 0; i < m; i++) {
				double e = lo + i * de;
				if (e >= AREA_LO && e <= AREA_HI) a += out[s].v[i] * de;
			}
			for (int i = 0; i < m; i++) out[s].v[i] /= a;
		}
		return out;
	}

	// ------------------------------------------------------------------------------------------- line scans

	static double erfc(double x) {
		// Abramowitz-Stegun 7.1.26, |error| < 1.5e-7
		double z = Math.abs(x), t = 1 / (1 + 0.3275911 * z);
		double y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
			Math.exp(-z * z);
		return x >= 0 ? y : 2 - y;
	}

	static double profile(double d, double hi, double lo, double d0, double s) {
		return lo + (hi - lo) * 0.5 * erfc((d - d0) / (Math.sqrt(2) * s));
	}

	/** One random line scan (seeded), interface and reference kinds chosen by the caller. */
	static Scan lineScan(long seed, Interface itf, RefKind refKind) {
		Random rnd = new Random(seed);
		Scan sc = new Scan();
		sc.itf = itf;
		sc.refKind = refKind;
		double[] disps = { 0.05, 0.1, 0.2, 0.25, 0.3 };
		sc.dispersion = disps[rnd.nextInt(disps.length)];
		sc.oxygen = rnd.nextBoolean();
		double eStart = 405 + 30 * rnd.nextDouble();
		double eEnd = sc.oxygen ? 570 : L3 + 40 + 30 * rnd.nextDouble();
		int ch = (int) Math.round((eEnd - eStart) / sc.dispersion) + 1;
		sc.resolution = 0.3 + 0.8 * rnd.nextDouble();
		sc.tOverLambda = 0.1 + 0.6 * rnd.nextDouble();
		double ep = 22 + 5 * rnd.nextDouble(), pw = 5 + 3 * rnd.nextDouble();
		sc.chemShift = 1.0 + rnd.nextDouble();
		double split = 2.0 + 0.4 * rnd.nextDouble();
		Shape[] sh = shapes(eStart - 6, eEnd + 6, sc.resolution, sc.tOverLambda, ep, pw, sc.chemShift, split);
		int n = 30 + rnd.nextInt(51);
		double step = 0.25 + 0.75 * rnd.nextDouble();
		double length = (n - 1) * step;
		// interface position along x and the side
		boolean reversed = itf == Interface.END || itf == Interface.INSIDE_REVERSED;
		double lead = itf == Interface.INSIDE || itf == Interface.INSIDE_REVERSED ? (0.15 + 0.15 * rnd.nextDouble()) *
			length : 0;
		double bulkLen = length - lead;
		double hiF = 0.85 + 0.15 * rnd.nextDouble(), loF = 0.12 * rnd.nextDouble();
		double width = 0.4 + 1.6 * rnd.nextDouble();
		double d0 = Math.max(1.0, 0.05 * bulkLen) + (0.6 * bulkLen - Math.max(1.0, 0.05 * bulkLen)) * rnd.nextDouble();
		// truth crossing of 0.5 (bisection of the erfc profile)
		double a = -50, b = 500;
		for (int it = 0; it < 200; it++) {
			double m = 0.5 * (a + b);
			if (profile(m, hiF, loF, d0, width) > 0.5) a = m;
			else b = m;
		}
		sc.truthDepth = 0.5 * (a + b);
		sc.countsPerChannel = Math.pow(10, 3 + 2 * rnd.nextDouble());
		double bgRatio = 1 + 3 * rnd.nextDouble();
		sc.exponent = 2.3 + 2.5 * rnd.nextDouble();
		double rDrift = (rnd.nextDouble() - 0.5) * 0.4;
		sc.drift = (rnd.nextDouble() - 0.5) * 3;
		double jitter = 0.05 + 0.15 * rnd.nextDouble();
		if (System.getProperty("eels.stress.match", "").contains("drift")) {
			sc.drift = 0; // diagnosis: no energy drift along the scan
			jitter = 0;
		}
		double absOffset = (rnd.nextDouble() - 0.5) * 2; // scan calibration error
		double thickSlope = (rnd.nextDouble() - 0.5) * 0.6;
		// peak height of the normalised Ti4+ shape, to scale counts
		double peak = 0;
		for (double v : sh[1].v) peak = Math.max(peak, v);
		double peakO = 0;
		for (double v : sh[2].v) peakO = Math.max(peakO, v);
		double[] data = new double[n * ch];
		sc.truthFraction = new double[n];
		sc.truthDistance = new double[n];
		double[] xs = new double[n];
		for (int i = 0; i < n; i++) {
			xs[i] = i * step;
			// distance from the interface along the scan, positive into the bulk
			double d = reversed ? (length - lead) - xs[i] : xs[i] - lead;
			sc.truthDistance[i] = d;
			double ti = lead > 0 ? 0.5 * erfc(-d / (Math.sqrt(2) * 0.4)) : 1; // Ti present behind the interface
			double thick = 1 + thickSlope * (d / Math.max(1, bulkLen) - 0.5);
			double f = profile(Math.max(0, d), hiF, loF, d0, width);
			sc.truthFraction[i] = ti > 0.5 ? f : Double.NaN;
			double shift = absOffset + sc.drift * i / (n - 1.0) + jitter * rnd.nextGaussian();
			double r = sc.exponent + rDrift * (i / (n - 1.0) - 0.5);
			double amp = sc.countsPerChannel / peak * ti * thick;
			double bgAt = sc.countsPerChannel * bgRatio * (0.4 + 0.6 * thick);
			for (int k = 0; k < ch; k++) {
				double e = eStart + k * sc.dispersion - shift; // true energy of this channel
				double bg = bgAt * Math.pow(e / (L3 - 2), -r);
				double edge = amp * (f * sh[0].channel(e, sc.dispersion) + (1 - f) * sh[1].channel(e, sc.dispersion));
				// O K: its first peak about half the Ti L3 height (oxide; also some O on the Li side: Li2O)
				double ok = sc.oxygen ? 0.5 * sc.countsPerChannel / peakO * (0.3 + 0.7 * Math.max(ti, lead > 0 ? 0.5 : 0)) *
					thick * sh[2].channel(e, sc.dispersion) : 0;
				data[i * ch + k] = poisson(rnd, bg + edge + ok);
			}
		}
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("distance", n, step, 0, "nm"));
		axes.add(new Axis("energy loss", ch, sc.dispersion, eStart, "eV"));
		sc.coreLoss = new Signal("core loss", "float32", new int[] { n, ch }, axes, data);
		// references: same chemistry, own resolution (often better), own calibration offset
		sc.refOffset = (rnd.nextDouble() - 0.5) * 6;
		double refRes = Math.max(0.2, sc.resolution - 0.4 * rnd.nextDouble());
		double refTl = 0.1 + 0.4 * rnd.nextDouble();
		if (Boolean.getBoolean("eels.stress.ideal")) {
			refRes = sc.resolution;
			refTl = sc.tOverLambda;
		}
		// diagnosis by variation: -Deels.stress.match=tl|res matches one property of the references to the scan
		String match = System.getProperty("eels.stress.match", "");
		if (match.contains("tl")) refTl = sc.tOverLambda;
		if (match.contains("res")) refRes = sc.resolution;
		sc.refTl = refTl;
		sc.refRes = refRes;
		Shape[] rs = shapes(380, 520, refRes, refTl, ep, pw, sc.chemShift, split);
		sc.ref3 = reference(rnd, rs[0], refKind, sc.refOffset, "Ti3+", L3 - sc.chemShift - 1.5);
		sc.ref4 = reference(rnd, rs[1], refKind, sc.refOffset, "Ti4+", L3 - 2.2);
		return sc;
	}

	/**
	 * A reference spectrum as a database or an own standard gives it: 0.1 or 0.2 eV/channel, with a power-law
	 * background and a pre-edge of 40 / 12 / 5 eV, or background-subtracted (noise kept) with 30 / 8 / 0 eV of
	 * pre-edge before its onset.
	 */
	static Signal reference(Random rnd, Shape s, RefKind kind, double offset, String name, double onset) {
		double disp = rnd.nextBoolean() ? 0.1 : 0.2;
		double pre;
		switch (kind) {
		case BG_LONG: pre = 40; break;
		case BG_SHORT: pre = 12; break;
		case BG_MIN: pre = 5; break;
		case NOBG_LONG: pre = 30; break;
		case NOBG_SHORT: pre = 8; break;
		default: pre = 0; break;
		}
		boolean bg = kind.name().startsWith("BG");
		double start = onset - pre + offset, end = L3 + 45 + offset;
		int ch = (int) Math.round((end - start) / disp) + 1;
		double peak = 0;
		for (double v : s.v) peak = Math.max(peak, v);
		double counts = 2e4 + 8e4 * rnd.nextDouble();
		double bgAt = counts * (0.5 + 2 * rnd.nextDouble()), r = 2.5 + 2 * rnd.nextDouble();
		double[] y = new double[ch];
		for (int k = 0; k < ch; k++) {
			double eRef = start + k * disp, e = eRef - offset;
			double b = bgAt * Math.pow(e / (L3 - 2), -r);
			double v = counts / peak * s.channel(e, disp);
			double c = poisson(rnd, b + v);
			y[k] = bg ? c : c - b; // a database spectrum: background removed, its noise kept
		}
		return new Signal(name, "float32", new int[] { ch }, List.of(new Axis("energy loss", ch, disp, start, "eV")), y);
	}

	/** A pure Ti4+ spectrum image (ny x nx), counts varying over the map, drift across it, no O K. */
	static Signal ti4Image(long seed, int ny, int nx, double counts) {
		Random rnd = new Random(seed);
		double disp = 0.1, eStart = 420;
		int ch = 800;
		Shape[] sh = shapes(eStart - 6, eStart + ch * disp + 6, 0.7, 0.3, 24, 6, 1.5, 2.1);
		double peak = 0;
		for (double v : sh[1].v) peak = Math.max(peak, v);
		double[] data = new double[ny * nx * ch];
		for (int p = 0; p < ny * nx; p++) {
			double shift = 0.8 * (p % nx) / nx + 0.05 * rnd.nextGaussian();
			double amp = counts * (0.6 + 0.8 * rnd.nextDouble()) / peak;
			double r = 3.2 + 0.3 * rnd.nextGaussian();
			for (int k = 0; k < ch; k++) {
				double e = eStart + k * disp - shift;
				double bg = 2 * counts * Math.pow(e / (L3 - 2), -r);
				data[p * ch + k] = poisson(rnd, bg + amp * sh[1].channel(e, disp));
			}
		}
		List<Axis> axes = List.of(new Axis("y", ny, 2, 0, "nm"), new Axis("x", nx, 2, 0, "nm"), new Axis("energy loss",
			ch, disp, eStart, "eV"));
		return new Signal("SI", "float32", new int[] { ny, nx, ch }, axes, data);
	}

	/**
	 * A spectrum image (ny x nx) across an interface: the Ti3+ fraction falls along x as an erfc from hi to lo
	 * (front position varying by row), energy drift as a plane over the map plus jitter, resolution 0.7 eV, t/lambda
	 * 0.3, counts per pixel varying +-40 %, no O K. truth[p] holds each pixel's fraction.
	 */
	static Signal mixedImage(long seed, int ny, int nx, double counts, double[] truth) {
		Random rnd = new Random(seed);
		double disp = 0.1, eStart = 420;
		int ch = 800;
		Shape[] sh = shapes(eStart - 6, eStart + ch * disp + 6, 0.7, 0.3, 24, 6, 1.5, 2.1);
		double peak = 0;
		for (double v : sh[1].v) peak = Math.max(peak, v);
		double[] data = new double[ny * nx * ch];
		for (int p = 0; p < ny * nx; p++) {
			int x = p % nx, y = p / nx;
			double front = 0.4 * nx + 0.1 * nx * Math.sin(y);
			double f = profile(x, 0.92, 0.05, front, 0.12 * nx);
			truth[p] = f;
			double shift = 0.6 * x / nx - 0.4 * y / ny + 0.05 * rnd.nextGaussian();
			double amp = counts * (0.6 + 0.8 * rnd.nextDouble()) / peak;
			double r = 3.2 + 0.3 * rnd.nextGaussian();
			for (int k = 0; k < ch; k++) {
				double e = eStart + k * disp - shift;
				double bg = 2 * counts * Math.pow(e / (L3 - 2), -r);
				data[p * ch + k] = poisson(rnd, bg + amp * (f * sh[0].channel(e, disp) + (1 - f) * sh[1].channel(e, disp)));
			}
		}
		List<Axis> axes = List.of(new Axis("y", ny, 2, 0, "nm"), new Axis("x", nx, 2, 0, "nm"), new Axis("energy loss",
			ch, disp, eStart, "eV"));
		return new Signal("SI", "float32", new int[] { ny, nx, ch }, axes, data);
	}

	static double poisson(Random rnd, double mean) {
		if (mean <= 0) return 0;
		if (mean < 30) {
			double l = Math.exp(-mean), p = 1;
			int k = 0;
			do {
				k++;
				p *= rnd.nextDouble();
			}
			while (p > l);
			return k - 1;
		}
		return Math.max(0, Math.round(mean + Math.sqrt(mean) * rnd.nextGaussian()));
	}
}
