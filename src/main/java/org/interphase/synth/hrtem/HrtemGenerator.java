package org.interphase.synth.hrtem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.hrtem.BoxFilter;
import org.interphase.synth.Noise;

/**
 * Seeded synthetic HRTEM image of a coated particle edge with known truth: a crystalline substrate showing
 * lattice fringes of one or more spacings (e.g. LATP 6.02 / 4.26 Å), a coating of known normal thickness that
 * varies slowly along the edge (amorphous, or a mosaic of small h-BN grains with 3.33 Å fringes and amorphous
 * patches), then vacuum or amorphous carbon. The interface is tilted and may be curved (a circular arc, so
 * the thickness along the interface normal is exact). Image formation: phase-contrast-like fringes and
 * band-limited amorphous speckle, a Gaussian blur standing in for the contrast transfer, a brightness
 * gradient, drift (a shear of the object during the exposure) and shot noise at a given dose.
 * <p>
 * Set the public fields, then call {@link #generate()}. Geometry: the interface passes through the point
 * at {@code interfaceAt} of the image diagonal... more precisely through (width/2, height/2) shifted by
 * {@code interfaceShift} (fraction of the height) against the coating normal; the coating normal points at
 * angle {@code tiltDeg + 90°} from the x axis, so tiltDeg = 0 gives a horizontal interface with the substrate
 * at the top.
 */
public final class HrtemGenerator {
	public enum Coating { AMORPHOUS, MOSAIC }
	public enum Outside { VACUUM, CARBON }

	public int width = 512, height = 512;
	/** Pixel size, nm. */
	public double pixelNm = 0.03;
	/** Substrate fringe spacings, Å, and the direction of each reciprocal vector, degrees from x. */
	public double[] spacingsA = { 6.02, 4.26 };
	public double[] spacingAnglesDeg = { 25, 25 + 62 };
	/** Fringe amplitude of the first spacing (relative to vacuum intensity 1); later ones 0.7 times. */
	public double fringeAmplitude = 0.10;
	/** Mean coating thickness along the interface normal, nm; 0 = bare surface. */
	public double coatingNm = 7;
	/** Relative amplitude of the sinusoidal thickness variation along the edge. */
	public double thicknessVariation = 0.04;
	public Coating coating = Coating.AMORPHOUS;
	/** Mosaic: grain size nm, share of crystalline grains, their fringe spacing Å. */
	public double grainNm = 3, grainCrystalline = 0.6, grainSpacingA = 3.33, grainAmplitude = 0.08;
	public Outside outside = Outside.VACUUM;
	/** Interface direction, degrees from x (the substrate lies on the left of the direction of travel). */
	public double tiltDeg = 12;
	/** Radius of curvature of the interface, nm (substrate convex); infinite = straight. */
	public double curvatureRadiusNm = Double.POSITIVE_INFINITY;
	/** Where the interface crosses the centre line: shift of the interface from the image centre towards the
	 * substrate, as a fraction of the smaller image side (positive = more room for coating and outside). */
	public double interfaceShift = 0.12;
	/** Electrons per pixel in vacuum (shot noise); <= 0 = no noise. */
	public double dose = 400;
	/** Gaussian blur sigma, px (contrast transfer / information limit). */
	public double blurPx = 0.7;
	/** Brightness gradient: relative change across the image in x and y. */
	public double gradientX = 0.08, gradientY = -0.05;
	/** Drift: object shift in x per image row, px (a shear). */
	public double driftPxPerRow = 0.002;
	/** Amorphous speckle standard deviation in the coating and in carbon. */
	public double amorphousContrast = 0.035, carbonContrast = 0.02;
	public double substrateLevel = 0.70, coatingLevel = 0.82, carbonLevel = 0.93;
	/** The whole field amorphous (no substrate, no vacuum): a coating-only image. */
	public boolean amorphousOnly = false;
	public long seed = 1;

	/** What the image shows. */
	public static final class Truth {
		/** Mean normal thickness along the visible edge, nm (0 for a bare surface). */
		public double thicknessMeanNm;
		/** Along-edge samples of the true thickness (nm) for the visible edge. */
		public double[] thicknessAlongEdgeNm;
		/** Share of the image area that is crystalline (substrate and crystalline grains). */
		public double crystallineFraction;
		/** Share of the coating area that is crystalline (mosaic). */
		public double coatingCrystallineFraction;
		/** 1 where the pixel is crystalline. */
		public byte[] crystalline;
		/** Region per pixel: 0 substrate, 1 coating, 2 outside. */
		public byte[] region;
		public double[] spacingsA;
		public double[] spacingAnglesDeg;
		public double pixelNm;
	}

	/** Image plus its truth. */
	public static final class Result {
		public final Dataset dataset;
		public final Truth truth;

		Result(Dataset dataset, Truth truth) {
			this.dataset = dataset;
			this.truth = truth;
		}

		public Signal image() {
			return dataset.primary();
		}
	}

	public Result generate() {
		int w = width, h = height, n = w * h;
		Noise noise = new Noise(seed);
		Geometry geo = new Geometry(noise);

		// amorphous speckle fields (band-limited white noise), one for the coating, one for carbon
		double[] speckle = bandLimitedNoise(w, h, noise.split());
		double[] speckle2 = bandLimitedNoise(w, h, noise.split());
		Lattice lattice = new Lattice(noise);
		Grains grains = new Grains(noise);

		double[] img = new double[n];
		byte[] region = new byte[n], cryst = new byte[n];
		drawObject(geo, lattice, grains, speckle, speckle2, img, region, cryst);
		BoxFilter.gaussian(img, w, h, blurPx);
		addGradientAndShotNoise(img, noise);

		Truth truth = truth(geo, region, cryst);
		Signal sig = Signal.image("hrtem-synthetic", w, h, img, pixelNm, "nm");
		Map<String, Object> md = new LinkedHashMap<>();
		md.put(MetadataKeys.PIXEL_SIZE, pixelNm);
		md.put(MetadataKeys.PIXEL_SIZE_UNIT, "nm");
		md.put(MetadataKeys.BEAM_ENERGY_KV, 200.0);
		List<Signal> sigs = new ArrayList<>();
		sigs.add(sig);
		return new Result(new Dataset("synthetic-hrtem", "synthetic", sigs, md), truth);
	}

	/** Where the interface runs (straight or curved) and how the coating thickness varies along it, px. */
	private final class Geometry {
		final double ux, uy, nx, ny, p0x, p0y, rPx, cx, cy, t0, lambda, phase;
		final boolean curved;

		Geometry(Noise noise) {
			int w = width, h = height;
			double tilt = Math.toRadians(tiltDeg);
			ux = Math.cos(tilt);
			uy = Math.sin(tilt);
			// coating normal: to the right of the direction of travel in image coordinates (y down)
			nx = -uy;
			ny = ux;
			double shift = interfaceShift * Math.min(w, h);
			p0x = w / 2.0 - shift * nx;
			p0y = h / 2.0 - shift * ny;
			rPx = curvatureRadiusNm / pixelNm;
			curved = Double.isFinite(rPx);
			cx = p0x - rPx * nx;
			cy = p0y - rPx * ny;
			t0 = coatingNm / pixelNm;
			lambda = 0.9 * Math.hypot(w, h);
			phase = noise.uniform(0, 2 * Math.PI);
		}
	}

	/** The substrate's lattice vectors (cycles per pixel) and phases. */
	private final class Lattice {
		final double[] gx, gy, ph;

		Lattice(Noise noise) {
			// lattice vectors in cycles per pixel
			int ns = spacingsA.length;
			gx = new double[ns];
			gy = new double[ns];
			ph = new double[ns];
			for (int k = 0; k < ns; k++) {
				double g = pixelNm * 10 / spacingsA[k];
				double a = Math.toRadians(spacingAnglesDeg[k]);
				gx[k] = g * Math.cos(a);
				gy[k] = g * Math.sin(a);
				ph[k] = noise.uniform(0, 2 * Math.PI);
			}
		}
	}

	/** Mosaic grains on a jittered grid: centre, crystalline or not, lattice vector and phase. */
	private final class Grains {
		final double gPx;
		final int gcols, grows;
		final double[] sx, sy, sgx, sgy, sph;
		final boolean[] scr;

		Grains(Noise noise) {
			int w = width, h = height;
			// mosaic grains on a jittered grid
			gPx = grainNm / pixelNm;
			gcols = (int) Math.ceil(w / gPx) + 2;
			grows = (int) Math.ceil(h / gPx) + 2;
			sx = new double[gcols * grows];
			sy = new double[gcols * grows];
			sgx = new double[gcols * grows];
			sgy = new double[gcols * grows];
			sph = new double[gcols * grows];
			scr = new boolean[gcols * grows];
			for (int j = 0; j < grows; j++) for (int i = 0; i < gcols; i++) {
				int q = j * gcols + i;
				sx[q] = (i - 1 + noise.uniform(0.15, 0.85)) * gPx;
				sy[q] = (j - 1 + noise.uniform(0.15, 0.85)) * gPx;
				scr[q] = noise.uniform() < grainCrystalline;
				double a = noise.uniform(0, Math.PI);
				double g = pixelNm * 10 / grainSpacingA;
				sgx[q] = g * Math.cos(a);
				sgy[q] = g * Math.sin(a);
				sph[q] = noise.uniform(0, 2 * Math.PI);
			}
		}
	}

	/** The noise-free object: substrate with fringes, coating (amorphous or mosaic), outside; regions and crystallinity. */
	private void drawObject(Geometry geo, Lattice lattice, Grains grains, double[] speckle, double[] speckle2,
		double[] img, byte[] region, byte[] cryst)
	{
		int w = width, h = height;
		double ux = geo.ux, uy = geo.uy, nx = geo.nx, ny = geo.ny, p0x = geo.p0x, p0y = geo.p0y, rPx = geo.rPx;
		double cx = geo.cx, cy = geo.cy, t0 = geo.t0, lambda = geo.lambda, phase = geo.phase;
		boolean curved = geo.curved;
		int ns = spacingsA.length;
		double[] gx = lattice.gx, gy = lattice.gy, ph = lattice.ph;
		double gPx = grains.gPx;
		int gcols = grains.gcols, grows = grains.grows;
		double[] sx = grains.sx, sy = grains.sy, sgx = grains.sgx, sgy = grains.sgy, sph = grains.sph;
		boolean[] scr = grains.scr;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				// object coordinates of this pixel centre (drift shears the object during the scan)
				double ox = x + 0.5 + driftPxPerRow * y, oy = y + 0.5;
				double d, s;
				if (curved) {
					double dx = ox - cx, dy = oy - cy;
					double r = Math.hypot(dx, dy);
					d = r - rPx;
					s = rPx * Math.atan2(dx * ux + dy * uy, dx * nx + dy * ny);
				}
				else {
					d = (ox - p0x) * nx + (oy - p0y) * ny;
					s = (ox - p0x) * ux + (oy - p0y) * uy;
				}
				double t = t0 * (1 + thicknessVariation * Math.sin(2 * Math.PI * s / lambda + phase));
				int i = y * w + x;
				double v;
				if (amorphousOnly) {
					region[i] = 1;
					v = coatingLevel + amorphousContrast * speckle[i];
				}
				else if (d < 0) {
					region[i] = 0;
					cryst[i] = 1;
					v = substrateLevel;
					for (int k = 0; k < ns; k++) v += fringeAmplitude * (k == 0 ? 1 : 0.7) * Math.cos(2 * Math.PI * (gx[k] *
						ox + gy[k] * oy) + ph[k]);
				}
				else if (d < t) {
					region[i] = 1;
					v = coatingLevel;
					if (coating == Coating.MOSAIC) {
						int q = nearestGrain(ox, oy, gPx, gcols, grows, sx, sy);
						if (scr[q]) {
							cryst[i] = 1;
							v += grainAmplitude * Math.cos(2 * Math.PI * (sgx[q] * ox + sgy[q] * oy) + sph[q]) + 0.4 *
								amorphousContrast * speckle[i];
						}
						else v += amorphousContrast * speckle[i];
					}
					else v += amorphousContrast * speckle[i];
				}
				else {
					region[i] = 2;
					v = outside == Outside.CARBON ? carbonLevel + carbonContrast * speckle2[i] : 1.0;
				}
				img[i] = v;
			}
		}
	}

	/** The illumination gradient, then shot noise at the dose (or a noise-free scale of 1000 counts). */
	private void addGradientAndShotNoise(double[] img, Noise noise) {
		int w = width, h = height;
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			int i = y * w + x;
			double g = 1 + gradientX * ((x + 0.5) / w - 0.5) + gradientY * ((y + 0.5) / h - 0.5);
			double v = Math.max(0, img[i] * g);
			img[i] = dose > 0 ? noise.poisson(v * dose) : v * 1000;
		}
	}

	/** What was drawn: regions, crystalline fractions and the true thickness along the visible interface. */
	private Truth truth(Geometry geo, byte[] region, byte[] cryst) {
		int w = width, h = height, n = w * h;
		double ux = geo.ux, uy = geo.uy, nx = geo.nx, ny = geo.ny, p0x = geo.p0x, p0y = geo.p0y, rPx = geo.rPx;
		double cx = geo.cx, cy = geo.cy, lambda = geo.lambda, phase = geo.phase;
		boolean curved = geo.curved;
		Truth truth = new Truth();
		truth.region = region;
		truth.crystalline = cryst;
		truth.pixelNm = pixelNm;
		truth.spacingsA = spacingsA.clone();
		truth.spacingAnglesDeg = spacingAnglesDeg.clone();
		int nc = 0, coat = 0, coatCr = 0;
		for (int i = 0; i < n; i++) {
			nc += cryst[i];
			if (region[i] == 1) {
				coat++;
				coatCr += cryst[i];
			}
		}
		truth.crystallineFraction = nc / (double) n;
		truth.coatingCrystallineFraction = coat == 0 ? 0 : coatCr / (double) coat;
		// the true thickness along the visible part of the interface
		List<Double> along = new ArrayList<>();
		double range = Math.hypot(w, h);
		for (double s = -range; s <= range; s += 1) {
			double ix, iy;
			if (curved) {
				double a = s / rPx;
				ix = cx + rPx * (Math.cos(a) * nx + Math.sin(a) * ux);
				iy = cy + rPx * (Math.cos(a) * ny + Math.sin(a) * uy);
			}
			else {
				ix = p0x + s * ux;
				iy = p0y + s * uy;
			}
			if (ix < 0 || iy < 0 || ix >= w || iy >= h) continue;
			along.add(coatingNm * (1 + thicknessVariation * Math.sin(2 * Math.PI * s / lambda + phase)));
		}
		truth.thicknessAlongEdgeNm = new double[along.size()];
		double sum = 0;
		for (int i = 0; i < along.size(); i++) sum += truth.thicknessAlongEdgeNm[i] = along.get(i);
		truth.thicknessMeanNm = along.isEmpty() ? 0 : sum / along.size();
		return truth;
	}

	private static int nearestGrain(double x, double y, double g, int cols, int rows, double[] sx, double[] sy) {
		int ci = (int) Math.floor(x / g) + 1, cj = (int) Math.floor(y / g) + 1;
		int best = -1;
		double bd = Double.MAX_VALUE;
		for (int j = Math.max(0, cj - 1); j <= Math.min(rows - 1, cj + 1); j++) for (int i = Math.max(0, ci - 1); i <= Math
			.min(cols - 1, ci + 1); i++) {
			int q = j * cols + i;
			double d = (sx[q] - x) * (sx[q] - x) + (sy[q] - y) * (sy[q] - y);
			if (d < bd) {
				bd = d;
				best = q;
			}
		}
		return best;
	}

	/** Unit-variance white noise band-passed to periods of about 0.15-0.6 nm (amorphous phase contrast). */
	private double[] bandLimitedNoise(int w, int h, Noise noise) {
		int n = w * h;
		double[] a = new double[n], b = new double[n];
		for (int i = 0; i < n; i++) a[i] = noise.gaussian();
		System.arraycopy(a, 0, b, 0, n);
		int r1 = Math.max(1, (int) Math.round(0.04 / pixelNm)), r2 = Math.max(r1 + 1, (int) Math.round(0.15 /
			pixelNm));
		for (int k = 0; k < 2; k++) {
			BoxFilter.blur(a, w, h, r1, r1);
			BoxFilter.blur(b, w, h, r2, r2);
		}
		double ss = 0;
		for (int i = 0; i < n; i++) {
			a[i] -= b[i];
			ss += a[i] * a[i];
		}
		double sd = Math.sqrt(ss / n);
		if (sd > 0) for (int i = 0; i < n; i++) a[i] /= sd;
		return a;
	}

	/** A generator for a demo sample or a test: LATP substrate, given coating, typical imaging conditions. */
	public static HrtemGenerator latp(double coatingNm, long seed) {
		HrtemGenerator g = new HrtemGenerator();
		g.coatingNm = coatingNm;
		g.seed = seed;
		return g;
	}
}
