package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Independent HRTEM stress images, written from the physics of a phase-contrast image and kept apart from the
 * demo generator (it never calls {@code org.interphase.synth} nor the analysis code):
 * <ul>
 * <li>a crystalline substrate shows 1-2 fringe systems (cosines of the lattice planes' spacing, 0.25-0.65 nm,
 * any orientation), its mass thickness makes it darker than the coating;</li>
 * <li>the coating is amorphous: phase-contrast speckle of an amorphous solid (white noise band-passed around
 * 1/(0.3 nm), the first halo of its structure factor); optionally a weak h-BN (002) fringe set of 0.333 nm
 * whose planes lie parallel to the interface;</li>
 * <li>beyond: vacuum (brightest, shot noise only) or amorphous carbon (weaker speckle, between the two);</li>
 * <li>the interface is straight (normal at any angle) or an arc (radius given), the coating thickness varies
 * along it by a given fraction, edges are softened over ~0.15 nm, the image is blurred by the microscope's
 * information limit (~0.1 nm Gaussian) and gets Poisson noise for a dose in electrons per pixel.</li>
 * </ul>
 * The truth is returned with the image: the mean normal thickness over the visible interface.
 */
final class HrtemStress {
	private HrtemStress() {}

	/** One coated-edge image and its truth. */
	static final class Edge {
		double[] img;
		int n;
		double pxNm;
		/** Mean coating thickness (nm) over the interface within the image. */
		double truthNm;
		String describe;
		double ix, iy, cx, cy, rPx, nx, ny;

		/** Signed distance (px) of an image point (pixel-centre coordinates as the analysis uses) from the interface, positive into the coating. */
		double distance(double x, double y) {
			if (rPx > 0) return Math.hypot(x - cx, y - cy) - rPx;
			return (x - ix) * nx + (y - iy) * ny;
		}
	}

	/** Parameters of a coated edge. */
	static final class EdgeSpec {
		int size = 1024;
		double pxNm = 0.03;
		double[] spacingsNm = { 0.43, 0.36 };
		double[] anglesDeg = { 20, 75 };
		double[] fringeAmp = { 0.06, 0.04 };
		/** Direction of the interface normal (from substrate to coating), degrees, image x right / y down. */
		double normalDeg = 57;
		/** Fraction of the field (along the normal, from the centre) where the interface lies. */
		double interfaceOffset = -0.15;
		/** Arc radius (nm); 0 = straight. The substrate is the inside of the circle. */
		double radiusNm = 0;
		double thicknessNm = 6;
		/** Relative variation of the thickness along the interface (peak). */
		double thicknessVariation = 0.0;
		boolean bnFringes = false;
		double bnAmp = 0.025;
		boolean carbon = false;
		double dose = 300;
		long seed = 1;

		String describe() {
			StringBuilder sb = new StringBuilder();
			sb.append(String.format(java.util.Locale.ROOT, "%dpx %.3fnm/px T=%.2fnm(±%.0f%%) normal=%.0f R=%.0f d=", size,
				pxNm, thicknessNm, 100 * thicknessVariation, normalDeg, radiusNm));
			for (double d : spacingsNm) sb.append(String.format(java.util.Locale.ROOT, "%.3f/", d));
			sb.append(bnFringes ? " BN" : "").append(carbon ? " carbon" : " vacuum").append(" seed=").append(seed);
			return sb.toString();
		}
	}

	static Edge edge(EdgeSpec s) {
		int n = s.size;
		Random rnd = new Random(s.seed);
		double px = s.pxNm;
		double nx = Math.cos(Math.toRadians(s.normalDeg)), ny = Math.sin(Math.toRadians(s.normalDeg));
		double c = n / 2.0;
		// a point on the interface
		double ix = c + s.interfaceOffset * n * nx, iy = c + s.interfaceOffset * n * ny;
		double rPx = s.radiusNm / px;
		// circle centre behind the interface point (substrate inside)
		double cx = ix - rPx * nx, cy = iy - rPx * ny;
		double tPx = s.thicknessNm / px;
		double varPeriod = 0.6 * n; // px of arc length per variation period
		double varPhase = rnd.nextDouble() * 2 * Math.PI;
		double[] amorph = speckle(n, px, 0.30, rnd);
		double[] carbonSpeckle = speckle(n, px, 0.22, rnd);
		double[] phases = { rnd.nextDouble() * 2 * Math.PI, rnd.nextDouble() * 2 * Math.PI };
		double soft = 0.15 / px;
		double[] img = new double[n * n];
		double sumT = 0;
		int cntT = 0;
		double bnK = 1 / (0.333 / px);
		double bnPhase = rnd.nextDouble() * 2 * Math.PI;
		for (int y = 0; y < n; y++) {
			for (int x = 0; x < n; x++) {
				double X = x + 0.5, Y = y + 0.5;
				double d, sArc;
				if (rPx > 0) {
					double dx = X - cx, dy = Y - cy, r = Math.hypot(dx, dy);
					d = r - rPx;
					sArc = rPx * Math.atan2(-dx * ny + dy * nx, dx * nx + dy * ny);
				}
				else {
					d = (X - ix) * nx + (Y - iy) * ny;
					sArc = -(X - ix) * ny + (Y - iy) * nx;
				}
				double tLocal = tPx * (1 + s.thicknessVariation * Math.sin(2 * Math.PI * sArc / varPeriod + varPhase));
				// shares (soft edges): substrate, coating, beyond
				double fSub = 0.5 * (1 - erf(d / soft));
				double fOut = 0.5 * (1 + erf((d - tLocal) / soft));
				double fCoat = Math.max(0, 1 - fSub - fOut);
				double lattice = 0;
				for (int k = 0; k < s.spacingsNm.length; k++) {
					double kk = px / s.spacingsNm[k];
					double a = Math.toRadians(s.anglesDeg[k]);
					lattice += s.fringeAmp[k] * Math.cos(2 * Math.PI * kk * (X * Math.cos(a) + Y * Math.sin(a)) + phases[k]);
				}
				double coat = 0.06 * amorph[y * n + x];
				if (s.bnFringes) {
					// BN (002) planes parallel to the interface: wave vector along the local normal
					double kd;
					if (rPx > 0) kd = d;
					else kd = d;
					coat += s.bnAmp * Math.cos(2 * Math.PI * bnK * kd + bnPhase);
				}
				double sub = 0.78 + lattice + 0.015 * amorph[y * n + x];
				double coatI = 0.90 + coat;
				double out = s.carbon ? 0.95 + 0.035 * carbonSpeckle[y * n + x] : 1.0;
				img[y * n + x] = fSub * sub + fCoat * coatI + fOut * out;
				// truth: thickness along the interface inside the image (sampled on the interface band)
				if (Math.abs(d) < 0.5 && x > 0 && y > 0 && x < n - 1 && y < n - 1) {
					sumT += tLocal;
					cntT++;
				}
			}
		}
		blur(img, n, 0.08 / px);
		// Poisson noise for the dose
		for (int i = 0; i < img.length; i++) {
			double lam = Math.max(0, img[i]) * s.dose;
			img[i] = poisson(lam, rnd) / s.dose;
		}
		Edge e = new Edge();
		e.img = img;
		e.n = n;
		e.pxNm = px;
		e.truthNm = cntT > 0 ? sumT / cntT * px : s.thicknessNm;
		e.describe = s.describe();
		e.ix = ix;
		e.iy = iy;
		e.cx = cx;
		e.cy = cy;
		e.rPx = rPx;
		e.nx = nx;
		e.ny = ny;
		return e;
	}

	/** A random coated edge drawn from the ranges. */
	static EdgeSpec randomEdge(long seed) {
		Random r = new Random(seed * 7919 + 17);
		EdgeSpec s = new EdgeSpec();
		s.seed = seed;
		int[] sizes = { 512, 768, 1024, 1536, 2048 };
		s.size = sizes[r.nextInt(sizes.length)];
		int nSets = 1 + r.nextInt(2);
		s.spacingsNm = new double[nSets];
		s.anglesDeg = new double[nSets];
		s.fringeAmp = new double[nSets];
		double minSp = 1;
		for (int k = 0; k < nSets; k++) {
			s.spacingsNm[k] = 0.25 + 0.40 * r.nextDouble();
			s.anglesDeg[k] = 180 * r.nextDouble();
			s.fringeAmp[k] = (0.035 + 0.04 * r.nextDouble()) / (k == 0 ? 1 : 1.3);
			minSp = Math.min(minSp, s.spacingsNm[k]);
		}
		if (nSets == 2 && Math.abs(((s.anglesDeg[0] - s.anglesDeg[1]) % 180 + 180) % 180 - 90) > 80) s.anglesDeg[1] += 50;
		// pixel: the finest spacing at 3.5-8 px
		double ppp = 3.5 + 4.5 * r.nextDouble();
		s.pxNm = minSp / ppp;
		double field = s.size * s.pxNm;
		s.thicknessNm = Math.min(0.3 * field, 2 + 12 * r.nextDouble());
		s.thicknessNm = Math.max(s.thicknessNm, 1.5);
		s.normalDeg = 360 * r.nextDouble();
		s.radiusNm = r.nextDouble() < 0.4 ? Math.max(0.8 * field, (40 + 60 * r.nextDouble())) : 0;
		s.thicknessVariation = r.nextDouble() < 0.5 ? 0.08 * r.nextDouble() : 0;
		s.bnFringes = r.nextDouble() < 0.35;
		s.carbon = r.nextDouble() < 0.4;
		s.dose = 150 + 600 * r.nextDouble();
		// interface between -0.3 and 0 of the field from the centre: the coating and some beyond stay inside
		double room = 0.5 - s.thicknessNm / field;
		s.interfaceOffset = -0.25 + Math.min(0.2, room - 0.1) * r.nextDouble();
		return s;
	}

	// -------------------------------------------------------------------------------------------- mosaics

	/** A mosaic of fringe grains in an amorphous matrix, and its truth. */
	static final class Mosaic {
		double[] img;
		int n;
		double pxNm;
		/** Distinct true spacings (nm) and the image share each covers. */
		double[] spacingsNm, share;
		double crystallineFraction;
		/** Per pixel: the grain covering it (-1 = amorphous matrix). */
		int[] owner;
		String describe;
	}

	/**
	 * Grains (blobby disks 3-12 nm) each carrying one or two of a few phase spacings at a random orientation,
	 * amorphous speckle between them, blur and shot noise.
	 */
	static Mosaic mosaic(long seed, int n, double pxNm) {
		Random r = new Random(seed * 104729 + 3);
		int nPhases = 2 + r.nextInt(3);
		double[] sp = new double[nPhases];
		for (int i = 0; i < nPhases; i++) {
			boolean ok;
			do {
				sp[i] = 0.25 + 0.40 * r.nextDouble();
				ok = sp[i] / pxNm >= 3.2;
				for (int j = 0; j < i; j++) ok &= Math.abs(sp[i] / sp[j] - 1) > 0.08;
			}
			while (!ok);
		}
		double[] amorph = speckle(n, pxNm, 0.30, r);
		double targetFrac = 0.15 + 0.6 * r.nextDouble();
		int[] owner = new int[n * n];
		java.util.Arrays.fill(owner, -1);
		List<double[]> grains = new ArrayList<>(); // cx, cy, radius px, phase a, angle a, phase b (or -1), angle b, ph0, ph1, wobble phases
		int covered = 0;
		int guard = 0;
		while (covered < targetFrac * n * n && guard++ < 400) {
			double rad = (1.5 + 4.5 * r.nextDouble()) / pxNm;
			double gx = r.nextDouble() * n, gy = r.nextDouble() * n;
			int pa = r.nextInt(nPhases);
			int pb = r.nextDouble() < 0.35 ? r.nextInt(nPhases) : -1;
			double[] g = { gx, gy, rad, pa, 180 * r.nextDouble(), pb, 180 * r.nextDouble(), 2 * Math.PI * r.nextDouble(), 2 *
				Math.PI * r.nextDouble(), 2 * Math.PI * r.nextDouble(), 0.15 * r.nextDouble() };
			int gi = grains.size();
			grains.add(g);
			int x0 = Math.max(0, (int) (gx - 1.2 * rad)), x1 = Math.min(n - 1, (int) (gx + 1.2 * rad));
			int y0 = Math.max(0, (int) (gy - 1.2 * rad)), y1 = Math.min(n - 1, (int) (gy + 1.2 * rad));
			for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) {
				double dx = x + 0.5 - gx, dy = y + 0.5 - gy;
				double th = Math.atan2(dy, dx);
				double rr = rad * (1 + g[10] * Math.sin(3 * th + g[9]));
				if (dx * dx + dy * dy <= rr * rr && owner[y * n + x] < 0) {
					owner[y * n + x] = gi;
					covered++;
				}
			}
		}
		double[] img = new double[n * n];
		double[] areaPerPhase = new double[nPhases];
		for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) {
			int o = owner[y * n + x];
			double v = 0.9 + 0.06 * amorph[y * n + x];
			if (o >= 0) {
				double[] g = grains.get(o);
				double X = x + 0.5, Y = y + 0.5;
				double lat = 0;
				int pa = (int) g[3], pb = (int) g[5];
				double a = Math.toRadians(g[4]);
				lat += 0.06 * Math.cos(2 * Math.PI * pxNm / sp[pa] * (X * Math.cos(a) + Y * Math.sin(a)) + g[7]);
				areaPerPhase[pa]++;
				if (pb >= 0 && pb != pa) {
					double b = Math.toRadians(g[6]);
					lat += 0.045 * Math.cos(2 * Math.PI * pxNm / sp[pb] * (X * Math.cos(b) + Y * Math.sin(b)) + g[8]);
					areaPerPhase[pb]++;
				}
				v = 0.86 + lat + 0.015 * amorph[y * n + x];
			}
			img[y * n + x] = v;
		}
		blur(img, n, 0.08 / pxNm);
		double dose = 200 + 600 * r.nextDouble();
		for (int i = 0; i < img.length; i++) img[i] = poisson(Math.max(0, img[i]) * dose, r) / dose;
		Mosaic m = new Mosaic();
		m.img = img;
		m.n = n;
		m.pxNm = pxNm;
		m.spacingsNm = sp;
		m.share = new double[nPhases];
		for (int i = 0; i < nPhases; i++) m.share[i] = areaPerPhase[i] / ((double) n * n);
		m.crystallineFraction = covered / ((double) n * n);
		m.owner = owner;
		m.describe = String.format(java.util.Locale.ROOT, "mosaic seed=%d %dpx %.3fnm/px phases=%s frac=%.3f", seed, n,
			pxNm, java.util.Arrays.toString(sp), m.crystallineFraction);
		return m;
	}

	// -------------------------------------------------------------------------------------------- physics helpers

	/**
	 * Phase-contrast speckle of an amorphous solid: white noise band-passed around the first halo of its
	 * structure factor (period ~haloNm), by a difference of Gaussians; unit standard deviation.
	 */
	static double[] speckle(int n, double pxNm, double haloNm, Random r) {
		double[] a = new double[n * n], b = new double[n * n];
		for (int i = 0; i < a.length; i++) a[i] = b[i] = r.nextGaussian();
		double sHalo = haloNm / pxNm;
		blur(a, n, Math.max(0.5, sHalo / 5));
		blur(b, n, Math.max(1, sHalo / 2));
		double ss = 0;
		for (int i = 0; i < a.length; i++) {
			a[i] -= b[i];
			ss += a[i] * a[i];
		}
		double sd = Math.sqrt(ss / a.length);
		for (int i = 0; i < a.length; i++) a[i] /= sd;
		return a;
	}

	/** Separable Gaussian blur (sigma px) with clamped edges. */
	static void blur(double[] a, int n, double sigma) {
		if (sigma < 0.2) return;
		int rad = (int) Math.ceil(3 * sigma);
		double[] k = new double[2 * rad + 1];
		double sum = 0;
		for (int i = -rad; i <= rad; i++) sum += k[i + rad] = Math.exp(-0.5 * i * i / (sigma * sigma));
		for (int i = 0; i < k.length; i++) k[i] /= sum;
		double[] line = new double[n];
		for (int y = 0; y < n; y++) {
			for (int x = 0; x < n; x++) {
				double s = 0;
				for (int i = -rad; i <= rad; i++) s += k[i + rad] * a[y * n + Math.max(0, Math.min(n - 1, x + i))];
				line[x] = s;
			}
			System.arraycopy(line, 0, a, y * n, n);
		}
		for (int x = 0; x < n; x++) {
			for (int y = 0; y < n; y++) {
				double s = 0;
				for (int i = -rad; i <= rad; i++) s += k[i + rad] * a[Math.max(0, Math.min(n - 1, y + i)) * n + x];
				line[y] = s;
			}
			for (int y = 0; y < n; y++) a[y * n + x] = line[y];
		}
	}

	static double poisson(double lam, Random r) {
		if (lam > 30) return Math.max(0, Math.round(lam + Math.sqrt(lam) * r.nextGaussian()));
		double l = Math.exp(-lam), p = 1;
		int k = 0;
		do {
			k++;
			p *= r.nextDouble();
		}
		while (p > l);
		return k - 1;
	}

	/** erf (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7). */
	static double erf(double x) {
		double t = 1 / (1 + 0.3275911 * Math.abs(x));
		double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496709) * t + 0.254829592) * t *
			Math.exp(-x * x);
		return x >= 0 ? y : -y;
	}
}
