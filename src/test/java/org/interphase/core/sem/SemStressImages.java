package org.interphase.core.sem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * An independent stress generator of BSE cross-sections (issue 17), written from the imaging physics and never
 * calling {@code org.interphase.synth} or the analysis: a sample surface (straight, tilted, curved, wavy, rough)
 * seen from a dark outside, a reaction layer whose front lies at the local depth D(t) along the surface normal
 * (the offset curve of the surface, graded by a gaussian-blurred step), darker or brighter than the bulk,
 * grains in the bulk and the layer, unreacted grains left in the layer, cracks running from the surface through
 * the layer, pores, charging streaks along the scan lines, a brightness drift, gaussian or Poisson noise, a data
 * bar with text and 8- or 16-bit quantisation. The image is drawn in the frame "outside on top" and turned to
 * the requested side afterwards.
 *
 * <p>Truth: the arc-length-weighted mean and distribution of D along the surface inside the image, which is the
 * depth measured along the surface normals (ISO 20263's averaged interface position per profile).
 */
public final class SemStressImages {

	/** Where the outside is in the final image. */
	public enum Side { TOP, BOTTOM, LEFT, RIGHT }

	/** One stress case: its knobs (set before {@link #draw}) and, after drawing, the image and the truth. */
	public static final class Case {
		public long seed;
		public String name = "";
		/** Final image size (the data bar is included in h). */
		public int w = 1536, h = 1152;
		public Side side = Side.TOP;
		/** Mean depth of the layer along the normal, px (0 = no layer). */
		public double depth = 200;
		/** Relative variation of the depth along the interface (sd of a smooth random function). */
		public double depthVar = 0.04;
		/** Gaussian width of the graded front, px. */
		public double frontSigma = 4;
		/** Layer brighter than the bulk (else darker). */
		public boolean brighter = false;
		/** |layer - bulk| / bulk. */
		public double contrast = 0.25;
		/** |layer - bulk| / pixel noise sd. */
		public double cnr = 8;
		/** Surface position from the outside edge (canonical frame), px, at the middle of the interface. */
		public double surfaceAt = 120;
		/** Tilt of the surface, degrees. */
		public double tiltDeg = 0;
		/** Sag of a curved surface over the field (parabola height at the middle relative to the ends), px. */
		public double sag = 0;
		/** Waviness amplitude and wavelength, px. */
		public double waveAmp = 0, waveLen = 400;
		/** Roughness rms, px (short wavelengths 8..60 px). */
		public double rough = 0.7;
		public int cracks = 0, pores = 0, unreactedGrains = 0, streaks = 0;
		/** Grain texture contrast (relative sd of grain levels) in bulk and layer. */
		public double grainContrast = 0.03;
		/** Brightness drift across the field (relative, left to right in the final image). */
		public double drift = 0.05;
		public boolean poisson = false;
		/** 8 or 16. */
		public int bits = 16;
		/** Data bar height at the bottom of the final image, px (0 = none). */
		public int databar = 0;

		// ---- results of draw()
		public double[] image;
		public double truthMean, truthP95, truthSd;
		/** The front leaves the field somewhere (no bulk below it in the canonical frame). */
		public boolean exceedsField;
		/** Minimum distance from the front to the far edge over the interface (canonical frame), px. */
		public double bulkMargin;
		/** Noise sd and |layer - bulk| in grey values. */
		public double noiseSd, stepHeight;

		public Case(long seed) {
			this.seed = seed;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "%s[seed %d %dx%d %s D=%.0f s=%.1f %s c=%.2f cnr=%.1f tilt=%.0f sag=%.0f " +
				"wave=%.0f/%.0f cracks=%d pores=%d grains=%d streaks=%d %d-bit bar=%d]", name, seed, w, h, side, depth,
				frontSigma, brighter ? "bright" : "dark", contrast, cnr, tiltDeg, sag, waveAmp, waveLen, cracks, pores,
				unreactedGrains, streaks, bits, databar);
		}
	}

	private SemStressImages() {}

	static double phi(double z) {
		// erfc-based, accurate to ~1e-7 (W. J. Cody's rational approximation is overkill here)
		double t = 1 / (1 + 0.2316419 * Math.abs(z));
		double d = 0.3989422804014327 * Math.exp(-0.5 * z * z);
		double p = d * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t *
			1.330274429))));
		return z >= 0 ? 1 - p : p;
	}

	/** Draws the case: fills image and truth. */
	public static Case draw(Case c) {
		Random rnd = new Random(c.seed);
		boolean vertical = c.side == Side.LEFT || c.side == Side.RIGHT;
		int hv = c.h - c.databar; // image area above the bar
		int cw = vertical ? hv : c.w, ch = vertical ? c.w : hv;
		// ---- surface v = f(u) in the canonical frame, analytic with its derivative
		double tilt = Math.tan(Math.toRadians(c.tiltDeg));
		double wavePhase = rnd.nextDouble() * 2 * Math.PI;
		int nr = 12;
		double[] ra = new double[nr], rk = new double[nr], rp = new double[nr];
		double rsum = 0;
		for (int i = 0; i < nr; i++) {
			double lam = 8 + 52 * rnd.nextDouble();
			rk[i] = 2 * Math.PI / lam;
			rp[i] = rnd.nextDouble() * 2 * Math.PI;
			ra[i] = 1;
			rsum += 0.5;
		}
		double rscale = c.rough / Math.sqrt(rsum);
		for (int i = 0; i < nr; i++) ra[i] *= rscale;
		// depth variation: a few long sinusoids, relative sd depthVar
		int nd = 4;
		double[] da = new double[nd], dk = new double[nd], dp = new double[nd];
		for (int i = 0; i < nd; i++) {
			dk[i] = 2 * Math.PI / (150 + 600 * rnd.nextDouble());
			dp[i] = rnd.nextDouble() * 2 * Math.PI;
			da[i] = c.depthVar * Math.sqrt(2.0 / nd);
		}
		final double mid = cw / 2.0;
		java.util.function.DoubleUnaryOperator f = u -> {
			double x = (u - mid) / mid;
			double v = c.surfaceAt + tilt * (u - mid) - c.sag * (1 - x * x) + c.waveAmp * Math.sin(2 * Math.PI * u /
				c.waveLen + wavePhase);
			for (int i = 0; i < nr; i++) v += ra[i] * Math.sin(rk[i] * u + rp[i]);
			return v;
		};
		java.util.function.DoubleUnaryOperator fp = u -> {
			double x = (u - mid) / mid;
			double v = tilt + 2 * c.sag * x / mid + c.waveAmp * 2 * Math.PI / c.waveLen * Math.cos(2 * Math.PI * u /
				c.waveLen + wavePhase);
			for (int i = 0; i < nr; i++) v += ra[i] * rk[i] * Math.cos(rk[i] * u + rp[i]);
			return v;
		};
		// smooth part of the surface (without roughness) for the normals of the front: a reaction front follows
		// the surface on scales above the roughness
		java.util.function.DoubleUnaryOperator fps = u -> {
			double x = (u - mid) / mid;
			return tilt + 2 * c.sag * x / mid + c.waveAmp * 2 * Math.PI / c.waveLen * Math.cos(2 * Math.PI * u /
				c.waveLen + wavePhase);
		};
		java.util.function.DoubleUnaryOperator depthAt = u -> {
			double r = 1;
			for (int i = 0; i < nd; i++) r += da[i] * Math.sin(dk[i] * u + dp[i]);
			return c.depth * r;
		};
		// ---- the front: offset curve of the smooth surface, sampled every 0.25 px of u, as v = g(u)
		double step = 0.25;
		int ns = (int) Math.ceil(cw / step) + 1;
		int pad = (int) Math.ceil(Math.max(cw, c.depth * 2) / step);
		int nt = ns + 2 * pad;
		double[] fu = new double[nt], fv = new double[nt];
		for (int i = 0; i < nt; i++) {
			double u = (i - pad) * step;
			double s = fps.applyAsDouble(u), nl = Math.sqrt(1 + s * s);
			double d = depthAt.applyAsDouble(u);
			double sv = smoothSurface(c, u, tilt, mid, wavePhase);
			fu[i] = u - d * s / nl;
			fv[i] = sv + d / nl;
		}
		double[] g = new double[cw], gs = new double[cw];
		{
			int j = 0;
			for (int u = 0; u < cw; u++) {
				while (j < nt - 2 && fu[j + 1] < u) j++;
				double t = (u - fu[j]) / Math.max(1e-9, fu[j + 1] - fu[j]);
				g[u] = fv[j] + t * (fv[j + 1] - fv[j]);
			}
			for (int u = 0; u < cw; u++) {
				double a = g[Math.max(0, u - 1)], b = g[Math.min(cw - 1, u + 1)];
				gs[u] = (b - a) / (Math.min(cw - 1, u + 1) - Math.max(0, u - 1));
			}
		}
		// ---- truth over the surface inside the field: arc-length weighted D
		List<double[]> wd = new ArrayList<>();
		double margin = Double.MAX_VALUE;
		for (double u = 0; u <= cw - 1; u += 0.5) {
			double s = fp.applyAsDouble(u);
			double v = f.applyAsDouble(u);
			if (v < 2 || v > ch - 3) continue;
			wd.add(new double[] { depthAt.applyAsDouble(u), 0.5 * Math.sqrt(1 + s * s) });
		}
		for (int u = 0; u < cw; u++) margin = Math.min(margin, ch - 1 - g[u]);
		c.bulkMargin = margin;
		c.exceedsField = c.depth > 0 && margin < 4 * c.frontSigma + 10;
		double sw = 0, sd = 0, sq = 0;
		for (double[] p : wd) {
			sw += p[1];
			sd += p[0] * p[1];
		}
		c.truthMean = c.depth <= 0 ? 0 : sd / sw;
		for (double[] p : wd) sq += p[1] * (p[0] - c.truthMean) * (p[0] - c.truthMean);
		c.truthSd = c.depth <= 0 ? 0 : Math.sqrt(sq / sw);
		wd.sort((a, b) -> Double.compare(a[0], b[0]));
		double acc = 0;
		c.truthP95 = 0;
		if (c.depth > 0) for (double[] p : wd) {
			acc += p[1];
			if (acc >= 0.95 * sw) {
				c.truthP95 = p[0];
				break;
			}
		}
		// ---- levels (16-bit scale; 8-bit scaled at the end)
		double bulk = 22000 + 8000 * rnd.nextDouble();
		double layer = c.brighter ? bulk * (1 + c.contrast) : bulk * (1 - c.contrast);
		double outside = 0.18 * Math.min(bulk, layer) * (0.6 + 0.8 * rnd.nextDouble());
		c.stepHeight = Math.abs(layer - bulk);
		c.noiseSd = c.stepHeight / c.cnr;
		// ---- grains: jittered grid seeds, each cell one level
		int gsz = 24 + rnd.nextInt(40);
		int gx = cw / gsz + 2, gy = ch / gsz + 2;
		double[] seedU = new double[gx * gy], seedV = new double[gx * gy], lev = new double[gx * gy];
		for (int j = 0; j < gy; j++) for (int i = 0; i < gx; i++) {
			int k = j * gx + i;
			seedU[k] = (i + rnd.nextDouble()) * gsz;
			seedV[k] = (j + rnd.nextDouble()) * gsz;
			lev[k] = c.grainContrast * rnd.nextGaussian();
		}
		// ---- unreacted grains inside the layer (bulk-level discs), pores, cracks
		double[][] ug = new double[c.unreactedGrains][];
		for (int i = 0; i < ug.length; i++) {
			double u = rnd.nextDouble() * cw;
			double r = Math.max(3, Math.min(30, 0.25 * c.depth * (0.4 + rnd.nextDouble())));
			double v = f.applyAsDouble(u) + r + 2 + rnd.nextDouble() * Math.max(1, c.depth - 2 * r - 4);
			ug[i] = new double[] { u, v, r };
		}
		double[][] pores = new double[c.pores][];
		for (int i = 0; i < pores.length; i++) {
			double u = rnd.nextDouble() * cw;
			double v = f.applyAsDouble(u) + 5 + rnd.nextDouble() * Math.max(20, Math.min(ch, 2.2 * c.depth + 100));
			pores[i] = new double[] { u, v, 2 + 10 * Math.pow(rnd.nextDouble(), 2) };
		}
		// crack: from the surface along the normal (±25°) for 0.6..1.4 x depth, width 2..7 px, a little wavy
		double[][] cracks = new double[c.cracks][];
		for (int i = 0; i < cracks.length; i++) {
			double u = 0.05 * cw + 0.9 * cw * rnd.nextDouble();
			double s = fps.applyAsDouble(u), nl = Math.sqrt(1 + s * s);
			double ang = Math.toRadians(-25 + 50 * rnd.nextDouble());
			double nu = -s / nl, nv = 1 / nl;
			double du = nu * Math.cos(ang) - nv * Math.sin(ang), dv = nu * Math.sin(ang) + nv * Math.cos(ang);
			double len = Math.max(30, (0.6 + 0.8 * rnd.nextDouble()) * Math.max(c.depth, 40));
			cracks[i] = new double[] { u, f.applyAsDouble(u) - 3, du, dv, len, 2 + 5 * rnd.nextDouble(), rnd
				.nextDouble() * 6, 40 + 80 * rnd.nextDouble() };
		}
		// ---- canonical image: surface and front per column, then the bulk/layer fraction, then the overlays
		double[] fCol = new double[cw], fpCol = new double[cw], gInv = new double[cw];
		for (int u = 0; u < cw; u++) {
			fCol[u] = f.applyAsDouble(u);
			double sl = fp.applyAsDouble(u);
			fpCol[u] = 1 / Math.sqrt(1 + sl * sl);
			gInv[u] = 1 / Math.sqrt(1 + gs[u] * gs[u]);
		}
		float[] frac = new float[cw * ch]; // 1 = bulk, 0 = layer
		for (int v = 0; v < ch; v++) for (int u = 0; u < cw; u++) {
			double fr = 1;
			if (c.depth > 0) {
				double dn = (v - g[u]) * gInv[u];
				fr = dn > 8 * c.frontSigma ? 1 : dn < -8 * c.frontSigma ? 0 : phi(dn / c.frontSigma);
			}
			frac[v * cw + u] = (float) fr;
		}
		for (double[] q : ug) {
			int u0 = (int) Math.max(0, q[0] - q[2] - 4), u1 = (int) Math.min(cw - 1, q[0] + q[2] + 4);
			int v0 = (int) Math.max(0, q[1] - q[2] - 4), v1 = (int) Math.min(ch - 1, q[1] + q[2] + 4);
			for (int v = v0; v <= v1; v++) for (int u = u0; u <= u1; u++) {
				double r = Math.hypot(u - q[0], v - q[1]);
				frac[v * cw + u] = (float) Math.max(frac[v * cw + u], phi((q[2] - r) / 1.0));
			}
		}
		double[] can = new double[cw * ch];
		for (int v = 0; v < ch; v++) {
			int gj = Math.min(gy - 1, v / gsz);
			for (int u = 0; u < cw; u++) {
				double ds = (v - fCol[u]) * fpCol[u];
				if (ds < -6) {
					can[v * cw + u] = outside;
					continue;
				}
				// grain level (nearest of the 9 seeds around)
				int gi = Math.min(gx - 1, u / gsz);
				double best = Double.MAX_VALUE, gl = 0;
				for (int jj = Math.max(0, gj - 1); jj <= Math.min(gy - 1, gj + 1); jj++) for (int ii = Math.max(0, gi -
					1); ii <= Math.min(gx - 1, gi + 1); ii++)
				{
					int k = jj * gx + ii;
					double e = (seedU[k] - u) * (seedU[k] - u) + (seedV[k] - v) * (seedV[k] - v);
					if (e < best) {
						best = e;
						gl = lev[k];
					}
				}
				double inner = (layer + (bulk - layer) * frac[v * cw + u]) * (1 + gl);
				double m = ds > 8 ? 1 : phi(ds / 1.2);
				can[v * cw + u] = outside + (inner - outside) * m;
			}
		}
		for (double[] p : pores) {
			int u0 = (int) Math.max(0, p[0] - p[2] - 4), u1 = (int) Math.min(cw - 1, p[0] + p[2] + 4);
			int v0 = (int) Math.max(0, p[1] - p[2] - 4), v1 = (int) Math.min(ch - 1, p[1] + p[2] + 4);
			for (int v = v0; v <= v1; v++) for (int u = u0; u <= u1; u++) {
				double r = Math.hypot(u - p[0], v - p[1]);
				double val = can[v * cw + u];
				can[v * cw + u] = val + (outside * 1.1 - val) * phi((p[2] - r) / 0.8);
			}
		}
		for (double[] k : cracks) {
			double eu = k[0] + k[2] * k[4], ev = k[1] + k[3] * k[4], ext = k[5] + k[6] + 6;
			int u0 = (int) Math.max(0, Math.min(k[0], eu) - ext), u1 = (int) Math.min(cw - 1, Math.max(k[0], eu) + ext);
			int v0 = (int) Math.max(0, Math.min(k[1], ev) - ext), v1 = (int) Math.min(ch - 1, Math.max(k[1], ev) + ext);
			for (int v = v0; v <= v1; v++) for (int u = u0; u <= u1; u++) {
				double du = u - k[0], dv = v - k[1];
				double along = du * k[2] + dv * k[3];
				if (along < -2 || along > k[4] + 2) continue;
				double across = -du * k[3] + dv * k[2] - k[6] * Math.sin(2 * Math.PI * along / k[7]);
				double half = 0.5 * k[5] * (1 - 0.7 * along / k[4]);
				if (Math.abs(across) >= half + 3) continue;
				double val = can[v * cw + u];
				can[v * cw + u] = val + (outside - val) * phi((half - Math.abs(across)) / 0.7) * phi((k[4] - along) / 2);
			}
		}
		// ---- turn into the final frame, add drift, streaks, noise, data bar, quantise
		double[] img = new double[c.w * c.h];
		for (int y = 0; y < hv; y++) for (int x = 0; x < c.w; x++) {
			int u, v;
			switch (c.side) {
				case TOP: u = x; v = y; break;
				case BOTTOM: u = c.w - 1 - x; v = hv - 1 - y; break;
				case LEFT: u = hv - 1 - y; v = x; break;
				default: u = y; v = c.w - 1 - x; break;
			}
			img[y * c.w + x] = can[v * cw + u];
		}
		for (int y = 0; y < hv; y++) for (int x = 0; x < c.w; x++) img[y * c.w + x] *= 1 + c.drift * (x / (double) c.w -
			0.5);
		for (int s = 0; s < c.streaks; s++) {
			int y0 = rnd.nextInt(hv), hh = 1 + rnd.nextInt(6), x0 = rnd.nextInt(c.w);
			double amp = (0.2 + 0.5 * rnd.nextDouble()) * bulk, lam = 80 + 400 * rnd.nextDouble();
			for (int y = y0; y < Math.min(hv, y0 + hh); y++) for (int x = x0; x < c.w; x++) img[y * c.w + x] += amp * Math
				.exp(-(x - x0) / lam);
		}
		double max = 65535;
		// gaussian deviates from a table of 2^16 Box-Muller values picked by a xorshift generator (fast; plenty for
		// pixel noise)
		double[] gauss = new double[1 << 16];
		for (int i = 0; i < gauss.length; i++) gauss[i] = rnd.nextGaussian();
		long xs = c.seed * 0x9E3779B97F4A7C15L + 1;
		double gain = c.noiseSd * c.noiseSd / bulk;
		for (int i = 0; i < hv * c.w; i++) {
			xs ^= xs << 13;
			xs ^= xs >>> 7;
			xs ^= xs << 17;
			double z = gauss[(int) (xs >>> 48)];
			double v = img[i];
			// Poisson: counts scaled so that the noise equals noiseSd at the bulk level (gain = noiseSd^2 / bulk)
			if (c.poisson) v += Math.sqrt(Math.max(0, v * gain)) * z;
			else v += c.noiseSd * z;
			img[i] = v;
		}
		if (c.bits == 8) for (int i = 0; i < hv * c.w; i++) img[i] = img[i] * 255 / max;
		double top = c.bits == 8 ? 255 : 65535;
		for (int i = 0; i < hv * c.w; i++) img[i] = Math.max(0, Math.min(top, Math.rint(img[i])));
		if (c.bits == 8) {
			c.noiseSd *= 255 / max;
			c.stepHeight *= 255 / max;
		}
		if (c.databar > 0) {
			double bg = Math.rint(top * (0.05 + 0.1 * rnd.nextDouble())), ink = Math.rint(top * 0.95);
			for (int y = hv; y < c.h; y++) for (int x = 0; x < c.w; x++) img[y * c.w + x] = bg;
			for (int x = 0; x < c.w; x++) img[hv * c.w + x] = ink;
			for (int t = 0; t < 30; t++) {
				int x0 = rnd.nextInt(Math.max(1, c.w - 40)), y0 = hv + 4 + rnd.nextInt(Math.max(1, c.databar - 16));
				for (int y = y0; y < Math.min(c.h, y0 + 10); y++) for (int x = x0; x < x0 + 4 + rnd.nextInt(30); x++)
					if (rnd.nextInt(3) > 0) img[y * c.w + Math.min(c.w - 1, x)] = ink;
			}
		}
		c.image = img;
		return c;
	}

	private static double smoothSurface(Case c, double u, double tilt, double mid, double phase) {
		double x = (u - mid) / mid;
		return c.surfaceAt + tilt * (u - mid) - c.sag * (1 - x * x) + c.waveAmp * Math.sin(2 * Math.PI * u / c.waveLen +
			phase);
	}

	/**
	 * The stress set: n cases spread over the variations, deterministic in the seed. Thickness from 5 to
	 * 900 px (up to 60 % of the field), both polarities, straight/tilted/curved/wavy surfaces, cracks, pores,
	 * unreacted grains, charging streaks, data bars, 8 and 16 bit, each side.
	 */
	public static List<Case> set(int n, long seed0) {
		List<Case> out = new ArrayList<>();
		double[] depths = { 5, 8, 12, 20, 35, 60, 100, 160, 260, 400, 530, 700, 900 };
		for (int k = 0; k < n; k++) {
			Random r = new Random(seed0 * 7919 + k);
			Case c = new Case(seed0 * 1000 + k);
			c.depth = depths[k % depths.length] * (0.9 + 0.2 * r.nextDouble());
			c.side = Side.values()[(k / 3) % 4];
			boolean tall = c.depth > 450;
			c.w = tall && (c.side == Side.TOP || c.side == Side.BOTTOM) ? 1536 : 1536;
			c.h = tall ? 1536 + 0 : 1152;
			if (k % 5 == 4) {
				c.w = 2048;
				c.h = 1536;
			}
			c.databar = (k % 3 == 0) ? 40 + r.nextInt(80) : 0;
			int field = (c.side == Side.TOP || c.side == Side.BOTTOM) ? c.h - c.databar : c.w;
			// thick layers: up to 60 % of the field; the surface close to the outside edge
			c.depth = Math.min(c.depth, 0.6 * field);
			c.surfaceAt = 40 + r.nextDouble() * Math.min(200, Math.max(10, field - 1.25 * c.depth - 140));
			c.brighter = k % 2 == 1;
			c.contrast = 0.10 + 0.3 * r.nextDouble();
			c.cnr = 3 + 12 * r.nextDouble();
			c.frontSigma = Math.max(1, Math.min(12, c.depth * (0.02 + 0.04 * r.nextDouble())));
			int shape = k % 4;
			int along = (c.side == Side.TOP || c.side == Side.BOTTOM) ? c.w : c.h - c.databar;
			double maxCurv = 1 / (1.6 * Math.max(c.depth, 50)); // offset curve without cusps
			if (shape == 1) c.tiltDeg = -15 + 30 * r.nextDouble();
			if (shape == 2) {
				double sag = (r.nextBoolean() ? 1 : -1) * (20 + 100 * r.nextDouble());
				double curv = 2 * Math.abs(sag) / Math.pow(along / 2.0, 2);
				if (curv > maxCurv) sag *= maxCurv / curv;
				c.sag = sag;
				c.tiltDeg = -5 + 10 * r.nextDouble();
			}
			if (shape == 3) {
				c.waveLen = 250 + 600 * r.nextDouble();
				double amp = 5 + 40 * r.nextDouble();
				double curv = amp * Math.pow(2 * Math.PI / c.waveLen, 2);
				if (curv > maxCurv) amp *= maxCurv / curv;
				c.waveAmp = amp;
			}
			double tiltRise = Math.abs(Math.tan(Math.toRadians(c.tiltDeg))) * along / 2;
			c.surfaceAt += Math.max(0, c.sag) + c.waveAmp + tiltRise;
			// the deepest surface point plus the layer must leave bulk in the field
			double deepest = c.surfaceAt + Math.max(0, -c.sag) + c.waveAmp + tiltRise + 3 * c.rough;
			c.depth = Math.min(c.depth, (field - deepest - 60) / 1.1);
			c.frontSigma = Math.max(1, Math.min(c.frontSigma, c.depth / 4));
			c.rough = 0.3 + 1.5 * r.nextDouble();
			c.cracks = r.nextInt(4);
			c.pores = r.nextInt(40);
			c.unreactedGrains = c.depth > 40 ? r.nextInt(4) : 0;
			c.streaks = r.nextInt(4);
			c.grainContrast = 0.01 + 0.04 * r.nextDouble();
			c.drift = 0.15 * r.nextDouble();
			c.poisson = k % 7 == 3;
			c.bits = k % 4 == 2 ? 8 : 16;
			c.name = "stress-" + k;
			out.add(c);
		}
		return out;
	}
}
