package org.interphase.synth.diffraction;

import java.util.ArrayList;
import java.util.List;

import org.interphase.core.diffraction.ElectronWavelength;
import org.interphase.core.diffraction.PatternGeometry;
import org.interphase.core.diffraction.ZonePlane;
import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;
import org.interphase.core.diffraction.crystal.UnitCell;
import org.interphase.synth.Noise;

/**
 * Seeded synthetic electron diffraction patterns from the forward model of core.diffraction.crystal: ring
 * patterns of polycrystals (ring intensity m |F|^2 / g from the structure factor), zone-axis spot patterns
 * (zero-order Laue zone, kinematic |F|^2 times an excitation-error fall-off and a log-normal "dynamical"
 * scatter), an amorphous halo, a smooth inelastic background, the direct beam, a beam stop with its arm,
 * elliptical distortion, an off-centre pattern and Poisson noise. The truth (centre in ImageJ convention,
 * ellipticity, crystalline fraction in a stated q range, spot and ring positions) comes with the pattern.
 */
public final class SaedGenerator {
	private SaedGenerator() {}

	/** What to generate; public fields with realistic defaults. */
	public static final class Config {
		public int width = 256, height = 256;
		/** Centre in array-index coordinates (pixel centre = integer). NaN = image centre plus a random offset. */
		public double cx = Double.NaN, cy = Double.NaN;
		public double ellipticity = 0.0, ellipseAngleDeg = 30;
		/** 1/nm per pixel. */
		public double pixelPerNm = 0.05;
		public double kV = 200;
		public Phase phase;
		/** Spot pattern along this zone [uvw]; null = ring pattern. */
		public int[] zone;
		public double inPlaneDeg = 17;
		/** Crystalline fraction to realise in [qMin, qMax] (1/nm). */
		public double crystallineFraction = 0.6;
		public double qMin = 1.2, qMax = 5.5;
		/** Mean scattered counts per pixel in the annulus (dose). */
		public double meanCounts = 60;
		public double haloQ = 3.1, haloWidth = 0.55;
		/** Inelastic background as a fraction of the scattered intensity in the annulus. */
		public double inelasticFraction = 0.15;
		public double ringSigmaPx = 1.2, spotSigmaPx = 1.3;
		/** Log-normal sigma of the spot intensities ("dynamical" scatter). */
		public double dynamicalScatter = 0.3;
		/** Specimen thickness (nm) for the excitation-error fall-off. */
		public double thicknessNm = 40;
		public boolean beamStop = false;
		public double beamStopRadiusPx = 10, beamStopArmDeg = 250, beamStopArmHalfWidthPx = 4;
		public double directBeamCounts = 20000, directBeamSigmaPx = 2;
		public boolean poisson = true;
		public long seed = 1;
		/**
		 * A second phase growing in the crystal (e.g. the lithiated form of LATP), null = none. Spot patterns: a
		 * topotactic product in the same zone [uvw], aligned with {@link ZonePlane#aligned}; ring patterns: its own
		 * rings. Its intensity per unit volume is its kinematic |F|^2 / V^2 against the first phase's.
		 */
		public Phase product;
		/** Volume fraction of {@link #product} in the crystal (single patterns; series take it per frame). */
		public double productFraction = 0;
	}

	/** A spot or ring of the truth. */
	public static final class Feature {
		public final int[] hkl;
		public final double d;
		/** Image position (array-index coordinates) for spots; NaN for rings. */
		public final double x, y;
		public final double intensity;

		Feature(int[] hkl, double d, double x, double y, double intensity) {
			this.hkl = hkl;
			this.d = d;
			this.x = x;
			this.y = y;
			this.intensity = intensity;
		}
	}

	public static final class Pattern {
		public final double[] image;
		public final int width, height;
		/** Centre in ImageJ convention (pixel centre of the first pixel is 0.5). */
		public final double centerX, centerY;
		public final double ellipticity;
		public final double crystallineFraction;
		/** Volume fraction of the product phase among the crystalline phases (0 without a product). */
		public double productFraction;
		public final PatternGeometry geometry;
		public final List<Feature> features;
		public final double qMin, qMax;

		Pattern(double[] image, int w, int h, PatternGeometry g, double cf, List<Feature> features, double qMin,
			double qMax)
		{
			this.image = image;
			this.width = w;
			this.height = h;
			this.geometry = g;
			this.centerX = g.cx + 0.5;
			this.centerY = g.cy + 0.5;
			this.ellipticity = g.ellipticity;
			this.crystallineFraction = cf;
			this.features = features;
			this.qMin = qMin;
			this.qMax = qMax;
		}
	}

	/** One pattern. */
	public static Pattern generate(Config c) {
		Components k = components(c, new Noise(c.seed), 0, 0);
		return k.render(c.crystallineFraction, c.productFraction, new Noise(c.seed * 31 + 7), c);
	}

	/**
	 * An in-situ series: the same crystal, its crystalline fraction following {@code fraction[i]} frame by frame
	 * (Bragg intensity handed to the halo, total scattering constant). Frames are stacked (frame, y, x).
	 */
	public static List<Pattern> series(Config c, double[] fraction) {
		return series(c, fraction, null, null, 1);
	}

	/**
	 * The same with the pattern drifting on the detector (specimen or beam drift of an in-situ run): frame i is
	 * centred at the series' centre plus ({@code dx[i]}, {@code dy[i]}) px, beam stop included (null = no drift).
	 * Frames are rendered on up to {@code threads} threads; the result does not depend on the thread count.
	 */
	public static List<Pattern> series(Config c, double[] fraction, double[] dx, double[] dy, int threads) {
		return series(c, fraction, null, dx, dy, threads);
	}

	/**
	 * An in-situ series with a phase transition: frame i holds the crystalline fraction {@code fraction[i]}, of
	 * which the share {@code productFraction[i]} (by volume) is {@link Config#product} (e.g. LATP turning into its
	 * lithiated form, then amorphous). Null productFraction = {@link Config#productFraction} for every frame.
	 */
	public static List<Pattern> series(Config c, double[] fraction, double[] productFraction, double[] dx, double[] dy,
		int threads)
	{
		int nf = fraction.length;
		if (productFraction != null && productFraction.length != nf) throw new IllegalArgumentException(
			"one product fraction per frame");
		Noise n = new Noise(c.seed * 31 + 7);
		Noise[] noise = new Noise[nf];
		for (int i = 0; i < nf; i++) noise[i] = n.split();
		Pattern[] out = new Pattern[nf];
		boolean drift = dx != null || dy != null;
		Components fixed = drift ? null : components(c, new Noise(c.seed), 0, 0);
		org.interphase.core.Parallel.forRange(nf, threads, (from, to) -> {
			Components k = fixed;
			double kx = Double.NaN, ky = Double.NaN;
			for (int i = from; i < to; i++) {
				if (drift) {
					double ox = dx == null ? 0 : dx[i], oy = dy == null ? 0 : dy[i];
					if (k == null || ox != kx || oy != ky) k = components(c, new Noise(c.seed), ox, oy);
					kx = ox;
					ky = oy;
				}
				out[i] = k.render(fraction[i], productFraction == null ? c.productFraction : productFraction[i], noise[i], c);
			}
		});
		return java.util.Arrays.asList(out);
	}

	/** Crystalline fraction of an amorphizing particle: f0 exp(-ln(2 f0) (t / tHalf)^2), 0.5 at tHalf. */
	public static double amorphizing(double f0, double t, double tHalf) {
		return amorphizing(f0, t, tHalf, 2);
	}

	/**
	 * Crystalline fraction of an amorphizing particle with Avrami (JMAK) exponent n:
	 * f0 exp(-ln(2 f0) (t / tHalf)^n), f0 at t = 0, 0.5 at tHalf; the larger n, the later and steeper the fall
	 * (n = 3: 0.02 of f0 = 0.8 left at 2 tHalf).
	 */
	public static double amorphizing(double f0, double t, double tHalf, double n) {
		return f0 * Math.exp(-Math.log(2 * f0) * Math.pow(t / tHalf, n));
	}

	private static final class Components {
		double[] bragg, halo, inelastic, direct;
		/** The product phase's Bragg intensity per unit volume on the first phase's scale (null = no product). */
		double[] bragg2;
		boolean[] stop;
		PatternGeometry g;
		List<Feature> features;
		double braggSum, haloSum, inelSum, bragg2Sum;
		int w, h;

		Pattern render(double cf, double product, Noise noise, Config c) {
			// scales: total scattered counts in the annulus fixed; inelastic part fixed
			double total = c.meanCounts * annulusPixels;
			double inel = c.inelasticFraction * total;
			boolean two = bragg2 != null && product > 0;
			double v2 = two ? product : 0, v1 = 1 - v2;
			double sb = cf * total / (two ? v1 * braggSum + v2 * bragg2Sum : braggSum);
			double sh = Math.max(0, (1 - cf) * total - inel) / haloSum;
			double si = inel / inelSum;
			double[] img = new double[w * h];
			for (int i = 0; i < img.length; i++) {
				double b = two ? v1 * bragg[i] + v2 * bragg2[i] : bragg[i];
				double v = sb * b + sh * halo[i] + si * inelastic[i] + direct[i];
				if (stop[i]) v *= 0.001;
				img[i] = c.poisson ? noise.poisson(v) : v;
			}
			// truth over the annulus, unmasked pixels
			double tb = 0, td = 0;
			for (int i = 0; i < img.length; i++) {
				if (!inAnnulus[i] || stopGrown[i]) continue;
				tb += sb * (two ? v1 * bragg[i] + v2 * bragg2[i] : bragg[i]);
				td += sh * halo[i] + si * inelastic[i];
			}
			Pattern p = new Pattern(img, w, h, g, tb / (tb + td), features, c.qMin, c.qMax);
			p.productFraction = bragg2 != null ? Math.max(0, product) : 0;
			return p;
		}

		boolean[] inAnnulus, stopGrown;
		double annulusPixels;
	}

	/** The noise-free parts; the centre (drawn or given) shifted by (ox, oy) px, the same draws either way. */
	private static Components components(Config c, Noise noise, double ox, double oy) {
		Components k = new Components();
		int w = c.width, h = c.height;
		k.w = w;
		k.h = h;
		double cx = (Double.isNaN(c.cx) ? (w - 1) / 2.0 + noise.uniform(-0.1, 0.1) * w : c.cx) + ox;
		double cy = (Double.isNaN(c.cy) ? (h - 1) / 2.0 + noise.uniform(-0.1, 0.1) * h : c.cy) + oy;
		PatternGeometry g = new PatternGeometry(cx, cy, c.ellipticity, Math.toRadians(c.ellipseAngleDeg),
			c.pixelPerNm);
		k.g = g;
		int n = w * h;
		k.bragg = new double[n];
		k.halo = new double[n];
		k.inelastic = new double[n];
		k.direct = new double[n];
		k.stop = new boolean[n];
		k.inAnnulus = new boolean[n];
		k.features = new ArrayList<>();
		double rLo = c.qMin / c.pixelPerNm, rHi = c.qMax / c.pixelPerNm;
		double rCorner = 0;
		for (int[] p : new int[][] { { 0, 0 }, { w - 1, 0 }, { 0, h - 1 }, { w - 1, h - 1 } }) rCorner = Math.max(rCorner, g
			.radius(p[0], p[1]));
		double gMaxPerA = (rCorner + 5) * c.pixelPerNm / 10;
		double dMin = 1 / gMaxPerA;
		Phase ph = c.phase;
		double armAng = Math.toRadians(c.beamStopArmDeg);
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			int i = y * w + x;
			double r = g.radius(x, y);
			double q = r * c.pixelPerNm;
			k.halo[i] = Math.exp(-0.5 * Math.pow((q - c.haloQ) / c.haloWidth, 2)) + 0.35 * Math.exp(-0.5 * Math.pow((q -
				1.75 * c.haloQ) / (1.4 * c.haloWidth), 2));
			k.inelastic[i] = 1 / (1 + Math.pow(q / 1.0, 2));
			double dx = x - cx, dy = y - cy;
			k.direct[i] = c.directBeamCounts * Math.exp(-0.5 * (dx * dx + dy * dy) / (c.directBeamSigmaPx * c
				.directBeamSigmaPx));
			k.inAnnulus[i] = r >= rLo && r <= rHi;
			if (c.beamStop) {
				double dist = Math.hypot(dx, dy);
				double along = dx * Math.cos(armAng) + dy * Math.sin(armAng);
				double across = Math.abs(-dx * Math.sin(armAng) + dy * Math.cos(armAng));
				k.stop[i] = dist <= c.beamStopRadiusPx || (along > 0 && across <= c.beamStopArmHalfWidthPx);
			}
		}
		k.stopGrown = org.interphase.core.diffraction.PatternMask.dilate(k.stop, w, h, 2);
		if (c.zone == null) rings(c, k, ph, dMin, k.bragg, 1);
		else spots(c, k, ph, dMin, noise);
		if (c.product != null) {
			// per unit volume the kinematic intensity is |F|^2 / V^2: the product on the first phase's scale
			double vr = ph.cell.volume() / c.product.cell.volume();
			k.bragg2 = new double[n];
			if (c.zone == null) rings(c, k, c.product, dMin, k.bragg2, vr * vr);
			else productSpots(c, k, ph, c.product, dMin, vr * vr, new Noise(c.seed * 131 + 3));
		}
		double area = 0;
		for (int i = 0; i < n; i++) if (k.inAnnulus[i] && !k.stopGrown[i]) {
			area++;
			if (k.bragg2 != null) k.bragg2Sum += k.bragg2[i];
			k.braggSum += k.bragg[i];
			k.haloSum += k.halo[i];
			k.inelSum += k.inelastic[i];
		}
		k.annulusPixels = area;
		if (k.braggSum <= 0) throw new IllegalStateException("no Bragg intensity in the annulus");
		return k;
	}

	private static void rings(Config c, Components k, Phase ph, double dMin, double[] target, double scale) {
		List<Reflection> fam = ph.families(dMin);
		int nf = 4096;
		double rmax = 1 / (dMin * 0.1 * c.pixelPerNm) + 10;
		double step = rmax / nf;
		double[] prof = new double[nf];
		double s = c.ringSigmaPx;
		for (Reflection f : fam) {
			double gq = 10 / f.d; // 1/nm
			double r0 = gq / c.pixelPerNm;
			double integrated = scale * f.multiplicity * f.intensity / gq;
			if (target == k.bragg) k.features.add(new Feature(f.hkl(), f.d, Double.NaN, Double.NaN, integrated));
			double amp = integrated / (2 * Math.PI * r0 * s * Math.sqrt(2 * Math.PI));
			int lo = Math.max(0, (int) ((r0 - 6 * s) / step)), hi = Math.min(nf - 1, (int) ((r0 + 6 * s) / step) + 1);
			for (int b = lo; b <= hi; b++) {
				double r = b * step;
				prof[b] += amp * Math.exp(-0.5 * Math.pow((r - r0) / s, 2));
			}
		}
		for (int y = 0; y < k.h; y++) for (int x = 0; x < k.w; x++) {
			double r = k.g.radius(x, y);
			double fb = r / step;
			int b = (int) fb;
			if (b + 1 >= nf) continue;
			double t = fb - b;
			target[y * k.w + x] = (1 - t) * prof[b] + t * prof[b + 1];
		}
	}

	private static void spots(Config c, Components k, Phase ph, double dMin, Noise noise) {
		UnitCell cell = ph.cell;
		int[] z = c.zone;
		double[] zc = cell.rCartesian(z[0], z[1], z[2]);
		double zn = Math.sqrt(zc[0] * zc[0] + zc[1] * zc[1] + zc[2] * zc[2]);
		for (int i = 0; i < 3; i++) zc[i] /= zn;
		List<Reflection> all = ph.reflections(dMin);
		List<Reflection> zone = new ArrayList<>();
		for (Reflection r : all) if (r.h * z[0] + r.k * z[1] + r.l * z[2] == 0) zone.add(r);
		if (zone.isEmpty()) throw new IllegalArgumentException("zone has no reflections in range");
		// in-plane basis: e1 along the shortest zone reflection
		Reflection r1 = zone.get(0);
		double[] e1 = cell.gCartesian(r1.h, r1.k, r1.l);
		double n1 = Math.sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
		for (int i = 0; i < 3; i++) e1[i] /= n1;
		double[] e2 = { zc[1] * e1[2] - zc[2] * e1[1], zc[2] * e1[0] - zc[0] * e1[2], zc[0] * e1[1] - zc[1] * e1[0] };
		double psi = Math.toRadians(c.inPlaneDeg);
		double lambda = ElectronWavelength.angstrom(c.kV);
		double s0 = 1 / (c.thicknessNm * 10); // 1/Å
		double sg = c.spotSigmaPx;
		int rad = (int) Math.ceil(5 * sg);
		for (Reflection r : zone) {
			double[] gv = cell.gCartesian(r.h, r.k, r.l);
			double a = (gv[0] * e1[0] + gv[1] * e1[1] + gv[2] * e1[2]) * 10 / c.pixelPerNm; // px
			double b = (gv[0] * e2[0] + gv[1] * e2[1] + gv[2] * e2[2]) * 10 / c.pixelPerNm;
			double gx = a * Math.cos(psi) - b * Math.sin(psi), gy = a * Math.sin(psi) + b * Math.cos(psi);
			double[] p = k.g.toImage(gx, gy);
			if (p[0] < -rad || p[1] < -rad || p[0] > k.w + rad || p[1] > k.h + rad) continue;
			double gA = 1 / r.d;
			double exc = lambda * gA * gA / 2;
			double inten = r.intensity * Math.exp(-Math.pow(exc / s0, 2)) * Math.exp(c.dynamicalScatter * noise
				.gaussian());
			k.features.add(new Feature(r.hkl(), r.d, p[0], p[1], inten));
			double amp = inten / (2 * Math.PI * sg * sg);
			int x0 = (int) Math.floor(p[0]) - rad, y0 = (int) Math.floor(p[1]) - rad;
			for (int y = Math.max(0, y0); y <= Math.min(k.h - 1, y0 + 2 * rad + 1); y++) for (int x = Math.max(0, x0); x <= Math
				.min(k.w - 1, x0 + 2 * rad + 1); x++) {
				double dx = x - p[0], dy = y - p[1];
				k.bragg[y * k.w + x] += amp * Math.exp(-0.5 * (dx * dx + dy * dy) / (sg * sg));
			}
		}
	}

	/**
	 * The product phase's zone-axis spots: the same zone [uvw], its plane aligned on the parent's (topotactic, see
	 * {@link ZonePlane#aligned}), the same in-plane rotation; kinematic |F|^2 times {@code scale}, the excitation
	 * fall-off of its own g and an independent "dynamical" scatter.
	 */
	private static void productSpots(Config c, Components k, Phase parent, Phase ph, double dMin, double scale,
		Noise noise)
	{
		int[] z = c.zone;
		Reflection r1 = null;
		for (Reflection r : parent.reflections(dMin)) if (r.h * z[0] + r.k * z[1] + r.l * z[2] == 0) {
			r1 = r;
			break;
		}
		if (r1 == null) return;
		ZonePlane plane = ZonePlane.of(parent, z, r1.hkl()).aligned(ph);
		double psi = Math.toRadians(c.inPlaneDeg);
		double lambda = ElectronWavelength.angstrom(c.kV);
		double s0 = 1 / (c.thicknessNm * 10);
		double sg = c.spotSigmaPx;
		int rad = (int) Math.ceil(5 * sg);
		for (Reflection r : ph.reflections(dMin)) {
			if (!plane.inZone(r.hkl())) continue;
			double[] ab = plane.coords(r.hkl());
			double a = ab[0] * 10 / c.pixelPerNm, b = ab[1] * 10 / c.pixelPerNm;
			double gx = a * Math.cos(psi) - b * Math.sin(psi), gy = a * Math.sin(psi) + b * Math.cos(psi);
			double[] p = k.g.toImage(gx, gy);
			double dyn = Math.exp(c.dynamicalScatter * noise.gaussian());
			if (p[0] < -rad || p[1] < -rad || p[0] > k.w + rad || p[1] > k.h + rad) continue;
			double gA = 1 / r.d;
			double exc = lambda * gA * gA / 2;
			double amp = scale * r.intensity * Math.exp(-Math.pow(exc / s0, 2)) * dyn / (2 * Math.PI * sg * sg);
			int x0 = (int) Math.floor(p[0]) - rad, y0 = (int) Math.floor(p[1]) - rad;
			for (int y = Math.max(0, y0); y <= Math.min(k.h - 1, y0 + 2 * rad + 1); y++) for (int x = Math.max(0, x0); x <= Math
				.min(k.w - 1, x0 + 2 * rad + 1); x++) {
				double dx = x - p[0], dy = y - p[1];
				k.bragg2[y * k.w + x] += amp * Math.exp(-0.5 * (dx * dx + dy * dy) / (sg * sg));
			}
		}
	}
}
