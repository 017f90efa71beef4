package org.interphase.core.diffraction;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An independent stress generator for electron diffraction (issue 18), written from the physics and never calling
 * {@code org.interphase.synth} or the analysis models: LATP (R-3c, hexagonal axes) reciprocal lattice computed here
 * from the cell, the reflection conditions of R-3c (obverse -h+k+l = 3n; h -h 0 l: l even; 0 0 0 l: l = 6n) and a
 * kinematic structure factor of its own (sites expanded with the space group's operations written out here, one
 * Gaussian electron scattering factor per element), compressed to |F|^1.3 and scattered log-normally
 * ("dynamical-like"), with a small crystal tilt (excitation error, thickness fall-off). Patterns: zone-axis spots
 * or powder rings, an amorphous halo (two broad peaks), the direct beam with power-law / Lorentzian-like wings of
 * varied strength, an optional beam stop with an arm, non-square pixels (aspect 0.9-1.1), Poisson noise, and
 * optionally an 8-bit capture (black level, gain, rounding, saturation of the direct beam).
 *
 * The Bragg, halo and beam parts are kept as separate noise-free images, so the truth of the crystalline fraction,
 * Bragg / (Bragg + halo), is computed on whatever annulus the analysis reports.
 */
final class SaedStressGenerator {
	/** LATP cell as measured (JCPDS 35-0754 range; domain.md), deliberately not the library's digits. */
	static final double A = 8.51, C = 20.84;

	static final class Config {
		int width = 320, height = 320;
		/** Zone [uvw] (hexagonal direct-lattice indices) or null for a powder ring pattern. */
		int[] zone;
		double pixelPerNm = 0.05, aspect = 1, inPlaneDeg = 0, tiltDeg = 0.2;
		double cx = Double.NaN, cy = Double.NaN;
		/** Bragg and halo scales (counts per px at the brightest Bragg spot / halo peak before noise). */
		double bragg = 400, halo = 40;
		/** Beam wing: amplitude at r0 (counts per px), r0 (px), power p; core sigma (px) and peak. */
		double wing = 200, wingR0 = 4, wingPower = 2.2, corePeak = 2e4, coreSigma = 2.0;
		boolean lorentzian = false;
		boolean beamStop = false;
		double beamStopRadius = 14;
		double spotSigma = 1.5, ringSigma = 1.3;
		/** Halo peaks (1/nm) and widths. */
		double halo1 = 3.2, halo1W = 0.45, halo2 = 5.6, halo2W = 0.7, halo2Rel = 0.3;
		/** Drawn Bragg / (Bragg + halo) over the nominal annulus (beam-stop radius + 6 px to the inscribed circle); NaN = use halo. */
		double targetFraction = Double.NaN;
		double thicknessA = 200;
		/** Share of the beam wing in the nominal annulus (NaN = use wing as given). */
		double wingShare = Double.NaN;
		double dose = 1; // multiplies counts before Poisson
		boolean eightBit = false;
		double blackLevel = 0;
		double dynamicalSigma = 0.4;
		long seed = 1;
		/** Seed of the counting noise alone (0 = from {@code seed}): frames of one crystal differ only in it. */
		long noiseSeed = 0;
	}

	static final class Pattern {
		int width, height;
		double[] image, bragg, halo, beam;
		double cx, cy; // ImageJ convention (centre of first pixel 0.5)
		/** True spots: x, y (px, array-index), h, k, l, d (Å), intensity. */
		List<double[]> spots = new ArrayList<>();
		boolean[] stop;

		/** Bragg / (Bragg + halo) over the pixels of the corrected-radius annulus [rLo, rHi] outside the beam stop. */
		double truth(PatternGeometry g, double rLo, double rHi) {
			double b = 0, hh = 0;
			for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) {
				int i = y * width + x;
				if (stop != null && stop[i]) continue;
				double r = g.radius(x, y);
				if (r < rLo || r > rHi) continue;
				b += bragg[i];
				hh += halo[i];
			}
			return b / (b + hh);
		}
	}

	// ---------------------------------------------------------------- crystal
	/** Direct basis (Å, Cartesian): a1 along x, a2 at 120 deg, a3 along z. */
	static double[][] direct() {
		return new double[][] { { A, 0, 0 }, { -A / 2, A * Math.sqrt(3) / 2, 0 }, { 0, 0, C } };
	}

	/** Reciprocal basis (1/Å, no 2 pi). */
	static double[][] reciprocal() {
		double[][] a = direct();
		double[] c23 = cross(a[1], a[2]), c31 = cross(a[2], a[0]), c12 = cross(a[0], a[1]);
		double v = dot(a[0], c23);
		return new double[][] { scale(c23, 1 / v), scale(c31, 1 / v), scale(c12, 1 / v) };
	}

	static double[] g(int h, int k, int l) {
		double[][] b = reciprocal();
		return new double[] { h * b[0][0] + k * b[1][0] + l * b[2][0], h * b[0][1] + k * b[1][1] + l * b[2][1], h * b[0][2]
			+ k * b[1][2] + l * b[2][2] };
	}

	/** Reflection conditions of R-3c (hexagonal axes, obverse). */
	static boolean allowed(int h, int k, int l) {
		if (((-h + k + l) % 3 + 3) % 3 != 0) return false;
		if (h == -k && l % 2 != 0) return false; // h -h 0 l: l even (c glide)
		if (h == 0 && k == 0 && l % 6 != 0) return false;
		return true;
	}

	/** R-3c operations (hexagonal axes) without the centring: {rotation rows, translation}. */
	static final double[][][] OPS = {
		{ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 0, 0, 0 } },
		{ { 0, -1, 0 }, { 1, -1, 0 }, { 0, 0, 1 }, { 0, 0, 0 } },
		{ { -1, 1, 0 }, { -1, 0, 0 }, { 0, 0, 1 }, { 0, 0, 0 } },
		{ { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, -1 }, { 0, 0, 0.5 } },
		{ { 1, -1, 0 }, { 0, -1, 0 }, { 0, 0, -1 }, { 0, 0, 0.5 } },
		{ { -1, 0, 0 }, { -1, 1, 0 }, { 0, 0, -1 }, { 0, 0, 0.5 } } };

	/** {element Z, x, y, z, occupancy} of the asymmetric unit (typical NASICON refinement). */
	static final double[][] SITES = { { 3, 0, 0, 0, 1 }, { 22, 0, 0, 0.1420, 1 }, { 15, 0.2889, 0, 0.25, 1 }, { 8,
		0.1836, -0.0060, 0.1905, 1 }, { 8, 0.1904, 0.1675, 0.0811, 1 } };

	static List<double[]> atoms() {
		List<double[]> out = new ArrayList<>();
		double[][] centring = { { 0, 0, 0 }, { 2 / 3.0, 1 / 3.0, 1 / 3.0 }, { 1 / 3.0, 2 / 3.0, 2 / 3.0 } };
		for (double[] s : SITES) for (double[][] op : OPS) for (int inv = 1; inv >= -1; inv -= 2) for (double[] t : centring) {
			double[] p = new double[3];
			for (int i = 0; i < 3; i++) {
				p[i] = inv * (op[i][0] * s[1] + op[i][1] * s[2] + op[i][2] * s[3] + op[3][i]) + t[i];
				p[i] -= Math.floor(p[i] + 1e-9);
			}
			boolean dup = false;
			for (double[] q : out) if (q[0] == s[0] && near(q[1], p[0]) && near(q[2], p[1]) && near(q[3], p[2])) dup = true;
			if (!dup) out.add(new double[] { s[0], p[0], p[1], p[2], s[4] });
		}
		return out;
	}

	private static boolean near(double a, double b) {
		double d = Math.abs(a - b);
		d = Math.min(d, 1 - d);
		return d < 1e-4;
	}

	private static List<double[]> atoms;

	/** Kinematic |F|^2 with a Gaussian electron scattering factor f = Z^0.6 exp(-6 s^2) per atom (s = g/2). */
	static synchronized double f2(int h, int k, int l) {
		if (atoms == null) atoms = atoms();
		double[] gg = g(h, k, l);
		double s2 = dot(gg, gg) / 4;
		double re = 0, im = 0;
		for (double[] a : atoms) {
			double f = Math.pow(a[0], 0.6) * Math.exp(-6 * s2) * a[4];
			double ph = 2 * Math.PI * (h * a[1] + k * a[2] + l * a[3]);
			re += f * Math.cos(ph);
			im += f * Math.sin(ph);
		}
		return re * re + im * im;
	}

	// ---------------------------------------------------------------- patterns
	static Pattern generate(Config c) {
		Random rnd = new Random(c.seed);
		int w = c.width, h = c.height, n = w * h;
		Pattern p = new Pattern();
		p.width = w;
		p.height = h;
		double cx = Double.isFinite(c.cx) ? c.cx : w / 2.0 + (rnd.nextDouble() - 0.5) * 12;
		double cy = Double.isFinite(c.cy) ? c.cy : h / 2.0 + (rnd.nextDouble() - 0.5) * 12;
		p.cx = cx;
		p.cy = cy;
		// non-square pixels: a pixel is sx wide and sy high in reciprocal units, sx sy = 1, sx / sy = aspect
		double sx = Math.sqrt(c.aspect), sy = 1 / sx;
		double[] bragg = new double[n], halo = new double[n], beam = new double[n], core = new double[n];
		double ps = c.pixelPerNm; // 1/nm per (square-equivalent) px
		// pixel centres at x + 0.5 in ImageJ convention; reciprocal offset of a pixel (1/nm)
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double qx = (x + 0.5 - cx) * sx * ps, qy = (y + 0.5 - cy) * sy * ps;
			double q = Math.hypot(qx, qy), rpx = q / ps;
			int i = y * w + x;
			halo[i] = c.halo * (Math.exp(-0.5 * sq((q - c.halo1) / c.halo1W)) + c.halo2Rel * Math.exp(-0.5 * sq((q - c.halo2)
				/ c.halo2W)));
			double wingV = c.lorentzian ? c.wing / (1 + sq(rpx / c.wingR0)) : c.wing * Math.pow(1 + sq(rpx / c.wingR0), -c.wingPower
				/ 2);
			beam[i] = wingV;
			core[i] = c.corePeak * Math.exp(-0.5 * sq(rpx / c.coreSigma));
		}
		if (c.zone != null) spots(c, rnd, p, bragg, cx, cy, sx, sy);
		else rings(c, p, bragg, cx, cy, sx, sy);
		if (Double.isFinite(c.targetFraction)) {
			double sb = 0, sh = 0, rIn = Math.min(Math.min(cx, w - cx), Math.min(cy, h - cy)) - 2;
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
				double r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
				if (r < c.beamStopRadius + 6 || r > rIn) continue;
				sb += bragg[y * w + x];
				sh += halo[y * w + x];
			}
			double k = c.targetFraction >= 1 ? 0 : sb * (1 - c.targetFraction) / c.targetFraction / sh;
			if (c.targetFraction <= 0) {
				java.util.Arrays.fill(bragg, 0);
				k = 1;
			}
			for (int i = 0; i < n; i++) halo[i] *= k;
		}
		if (Double.isFinite(c.wingShare)) {
			double sb = 0, sw = 0, rIn = Math.min(Math.min(cx, w - cx), Math.min(cy, h - cy)) - 2;
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
				double r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
				if (r < c.beamStopRadius + 6 || r > rIn) continue;
				sb += bragg[y * w + x] + halo[y * w + x];
				sw += beam[y * w + x];
			}
			double k = sb * c.wingShare / (1 - c.wingShare) / sw;
			for (int i = 0; i < n; i++) beam[i] *= k;
		}
		for (int i = 0; i < n; i++) beam[i] += core[i];
		boolean[] stop = null;
		if (c.beamStop) {
			stop = new boolean[n];
			double armAng = rnd.nextDouble() * 2 * Math.PI, ca = Math.cos(armAng), sa = Math.sin(armAng);
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
				double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
				double along = dx * ca + dy * sa, across = -dx * sa + dy * ca;
				if (Math.hypot(dx, dy) < c.beamStopRadius || (along > 0 && Math.abs(across) < 3.5)) stop[y * w + x] = true;
			}
		}
		p.stop = stop;
		double[] img = new double[n];
		if (c.noiseSeed != 0) rnd = new Random(c.noiseSeed);
		for (int i = 0; i < n; i++) {
			double v = (bragg[i] + halo[i] + beam[i]) * c.dose;
			if (stop != null && stop[i]) v = 0.2 * c.dose; // an opaque stop: a little stray light
			v = poisson(rnd, v) / c.dose;
			img[i] = v;
		}
		if (c.eightBit) {
			// frame grabber: black level, gain such that the brightest spot is ~200 grey levels (the beam saturates)
			double maxB = 0;
			for (int i = 0; i < n; i++) if (stop == null || !stop[i]) maxB = Math.max(maxB, bragg[i] + halo[i]);
			double gain = 200 / maxB;
			for (int i = 0; i < n; i++) img[i] = Math.max(0, Math.min(255, Math.round(c.blackLevel + gain * img[i] + rnd
				.nextGaussian() * 0.5)));
			for (int i = 0; i < n; i++) {
				bragg[i] *= gain;
				halo[i] *= gain;
				beam[i] *= gain;
			}
		}
		p.image = img;
		p.bragg = bragg;
		p.halo = halo;
		p.beam = beam;
		return p;
	}

	private static void spots(Config c, Random rnd, Pattern p, double[] bragg, double cx, double cy, double sx, double sy) {
		int w = c.width, h = c.height;
		double[][] a = direct();
		double[] t = new double[3];
		for (int i = 0; i < 3; i++) t[i] = c.zone[0] * a[0][i] + c.zone[1] * a[1][i] + c.zone[2] * a[2][i];
		double[] tz = scale(t, 1 / Math.sqrt(dot(t, t)));
		// orthonormal in-plane basis
		double[] ref = Math.abs(tz[2]) < 0.9 ? new double[] { 0, 0, 1 } : new double[] { 1, 0, 0 };
		double[] e1 = cross(ref, tz);
		e1 = scale(e1, 1 / Math.sqrt(dot(e1, e1)));
		double[] e2 = cross(tz, e1);
		double phi = Math.toRadians(c.inPlaneDeg), cp = Math.cos(phi), sp = Math.sin(phi);
		// crystal tilt: the beam leaves the zone axis by tiltDeg towards a random in-plane direction
		double tiltAz = rnd.nextDouble() * 2 * Math.PI, tilt = Math.toRadians(c.tiltDeg);
		double lambdaA = 0.025079; // 200 kV, Å
		double thicknessA = c.thicknessA;
		double qMaxNm = Math.hypot(w, h) * 0.6 * c.pixelPerNm * 1.1;
		int hmax = (int) Math.ceil(qMaxNm / 10 * A) + 1, lmax = (int) Math.ceil(qMaxNm / 10 * C) + 1;
		double f2max = 0;
		List<double[]> list = new ArrayList<>();
		for (int hh = -hmax; hh <= hmax; hh++) for (int kk = -hmax; kk <= hmax; kk++) for (int ll = -lmax; ll <= lmax; ll++) {
			if (hh == 0 && kk == 0 && ll == 0) continue;
			double[] gg = g(hh, kk, ll);
			double gt = dot(gg, t); // = h u + k v + l w (integer)
			if (Math.abs(gt) > 1e-6) continue;
			if (!allowed(hh, kk, ll)) continue;
			double gl = Math.sqrt(dot(gg, gg));
			if (gl * 10 > qMaxNm) continue;
			double f2 = f2(hh, kk, ll);
			if (f2 < 1e-8) continue;
			double ga = dot(gg, e1), gb = dot(gg, e2);
			// excitation error of the tilted crystal: s ~ -g . tilt direction * theta - lambda g^2 / 2
			double s = (ga * Math.cos(tiltAz) + gb * Math.sin(tiltAz)) * tilt + lambdaA * gl * gl / 2;
			double exc = Math.exp(-sq(Math.PI * s * thicknessA) / 2);
			list.add(new double[] { ga, gb, hh, kk, ll, 1 / gl, f2, exc });
			f2max = Math.max(f2max, f2);
		}
		double imax = 0;
		for (double[] r : list) {
			double iv = Math.pow(r[6] / f2max, 0.65) * r[7] * Math.exp(c.dynamicalSigma * rnd.nextGaussian());
			r[6] = iv;
			imax = Math.max(imax, iv);
		}
		double norm = 2 * Math.PI * c.spotSigma * c.spotSigma;
		for (double[] r : list) {
			double qa = r[0] * 10 * cp - r[1] * 10 * sp, qb = r[0] * 10 * sp + r[1] * 10 * cp; // 1/nm
			double x = cx + qa / (c.pixelPerNm * sx) - 0.5, y = cy + qb / (c.pixelPerNm * sy) - 0.5; // array index
			double amp = c.bragg * r[6] / imax;
			if (amp < 1e-3 * c.bragg) continue;
			if (x < -10 || y < -10 || x > w + 10 || y > h + 10) continue;
			p.spots.add(new double[] { x, y, r[2], r[3], r[4], r[5], amp * norm });
			int x0 = (int) Math.floor(x - 5 * c.spotSigma), x1 = (int) Math.ceil(x + 5 * c.spotSigma);
			int y0 = (int) Math.floor(y - 5 * c.spotSigma), y1 = (int) Math.ceil(y + 5 * c.spotSigma);
			for (int yy = Math.max(0, y0); yy <= Math.min(h - 1, y1); yy++) for (int xx = Math.max(0, x0); xx <= Math.min(w - 1,
				x1); xx++) bragg[yy * w + xx] += amp * Math.exp(-0.5 * (sq(xx - x) + sq(yy - y)) / sq(c.spotSigma));
		}
	}

	/** Powder rings: every allowed family, weight m |F|^2 / g spread over the ring circumference. */
	private static void rings(Config c, Pattern p, double[] bragg, double cx, double cy, double sx, double sy) {
		int w = c.width, h = c.height;
		double qMaxNm = Math.hypot(w, h) * 0.6 * c.pixelPerNm * 1.1;
		int hmax = (int) Math.ceil(qMaxNm / 10 * A) + 1, lmax = (int) Math.ceil(qMaxNm / 10 * C) + 1;
		// ring radius (px) -> summed weight; reflections of equal d merge
		List<double[]> rings = new ArrayList<>();
		for (int hh = -hmax; hh <= hmax; hh++) for (int kk = -hmax; kk <= hmax; kk++) for (int ll = -lmax; ll <= lmax; ll++) {
			if ((hh == 0 && kk == 0 && ll == 0) || !allowed(hh, kk, ll)) continue;
			double[] gg = g(hh, kk, ll);
			double q = Math.sqrt(dot(gg, gg)) * 10;
			if (q > qMaxNm) continue;
			double wt = f2(hh, kk, ll);
			if (wt < 1e-8) continue;
			boolean merged = false;
			for (double[] r : rings) if (Math.abs(r[0] - q) < 1e-6) {
				r[1] += wt;
				merged = true;
			}
			if (!merged) rings.add(new double[] { q, wt });
		}
		double max = 0;
		for (double[] r : rings) {
			r[1] /= r[0] * r[0]; // per unit length of the circumference and powder (Lorentz) factor ~ 1/q^2 overall
			max = Math.max(max, r[1]);
		}
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double qx = (x + 0.5 - cx) * sx * c.pixelPerNm, qy = (y + 0.5 - cy) * sy * c.pixelPerNm;
			double r = Math.hypot(qx, qy) / c.pixelPerNm;
			double v = 0;
			for (double[] rg : rings) {
				double d = (r - rg[0] / c.pixelPerNm) / c.ringSigma;
				if (Math.abs(d) < 6) v += rg[1] / max * Math.exp(-0.5 * d * d);
			}
			bragg[y * w + x] = c.bragg * v;
		}
	}

	static double poisson(Random r, double mean) {
		if (mean <= 0) return 0;
		if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
		double l = Math.exp(-mean), pr = 1;
		int k = 0;
		do {
			k++;
			pr *= r.nextDouble();
		} while (pr > l);
		return k - 1;
	}

	// ---------------------------------------------------------------- zone equivalence (point group -3m)
	/** Whether two zone axes are equivalent in -3m (with Friedel's law), from their Cartesian directions. */
	static boolean equivalentZones(int[] a, int[] b) {
		double[] ta = dirCart(a), tb = dirCart(b);
		for (int k = 0; k < 3; k++) for (int m = 0; m < 2; m++) for (int s = -1; s <= 1; s += 2) {
			double ang = 2 * Math.PI * k / 3;
			double x = tb[0], y = tb[1], z = tb[2];
			if (m == 1) {
				y = -y;
				z = -z;
			} // two-fold along a1 (x)
			double rx = Math.cos(ang) * x - Math.sin(ang) * y, ry = Math.sin(ang) * x + Math.cos(ang) * y;
			if (Math.abs(ta[0] - s * rx) < 1e-6 && Math.abs(ta[1] - s * ry) < 1e-6 && Math.abs(ta[2] - s * z) < 1e-6)
				return true;
		}
		return false;
	}

	static double[] dirCart(int[] u) {
		double[][] a = direct();
		double[] t = new double[3];
		for (int i = 0; i < 3; i++) t[i] = u[0] * a[0][i] + u[1] * a[1][i] + u[2] * a[2][i];
		return scale(t, 1 / Math.sqrt(dot(t, t)));
	}

	// ---------------------------------------------------------------- vectors
	static double sq(double x) {
		return x * x;
	}

	static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	static double[] cross(double[] a, double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}

	static double[] scale(double[] a, double s) {
		return new double[] { a[0] * s, a[1] * s, a[2] * s };
	}
}
