package org.interphase.synth.sem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.MetadataKeys;
import org.interphase.core.data.Signal;
import org.interphase.core.sem.StepModel;
import org.interphase.synth.Noise;

/**
 * A seeded backscattered-electron (BSE) cross-section of a Li-reduced LATP pellet with known truth: a bright
 * bulk, a darker reduced layer whose front is graded (erf of a given width) and whose depth varies along the
 * interface, a surface that may be tilted, curved (parabolic sag plus waviness) and rough, vacuum or epoxy
 * outside (optionally a thin bright coating on the surface), pores and cracks cutting the layer, grain texture,
 * slow brightness drift, gaussian or Poisson noise and an SEM data bar with text-like blocks at the bottom. The
 * surface can face any side of the image.
 * <p>
 * Geometry is built in a canonical frame (surface on top, pellet below, u along the interface, v into the
 * pellet) and then rotated into the image. The reaction front lies at normal distance D(t) from the smooth
 * surface, where t is the foot point of the normal; roughness moves only the visible boundary.
 * <p>
 * Usage: {@code new SemCrossSectionGenerator(seed).size(800, 600).depth(150).tilt(10).generate()}.
 */
public final class SemCrossSectionGenerator {
	public enum Side { TOP, BOTTOM, LEFT, RIGHT }

	public enum Outside { VACUUM, EPOXY }

	private final long seed;
	private int width = 800, height = 600;
	private double pixelSize = 1;
	private String unit = "\u00B5m";
	private double depthPx = 150, depthVariation = 0.1, frontSigmaPx = 5;
	private Side side = Side.TOP;
	private double tiltDeg = 0, sagPx = 0, wavinessPx = 0, roughnessPx = 0, surfaceAt = -1;
	private Outside outside = Outside.VACUUM;
	private int coatingPx = 0;
	private double bulk = 0.75, layer = 0.42, snr = 15, drift = 0.08, grain = 0.04;
	private boolean poisson = false;
	private int pores = 8, cracks = 1, databarPx = 40, bits = 16;
	private boolean databarInMetadata = false;

	public SemCrossSectionGenerator(long seed) {
		this.seed = seed;
	}

	public SemCrossSectionGenerator size(int w, int h) { width = w; height = h; return this; }
	/** Pixel size in {@code unit}; a unit of "px" makes the image uncalibrated. */
	public SemCrossSectionGenerator pixelSize(double s, String u) { pixelSize = s; unit = u; return this; }
	/** Mean reaction depth in pixels (0 = no layer). */
	public SemCrossSectionGenerator depth(double px) { depthPx = px; return this; }
	/** Relative amplitude of the depth variation along the interface (0.1 = +-10 %). */
	public SemCrossSectionGenerator depthVariation(double v) { depthVariation = v; return this; }
	/** Gaussian sigma of the graded front in pixels (10-90 % width = 2.56 sigma). */
	public SemCrossSectionGenerator frontSigma(double px) { frontSigmaPx = px; return this; }
	public SemCrossSectionGenerator side(Side s) { side = s; return this; }
	public SemCrossSectionGenerator tilt(double deg) { tiltDeg = deg; return this; }
	/** Parabolic sag of the surface over the image width, px (positive = surface bulges outwards at the centre). */
	public SemCrossSectionGenerator curvature(double sag) { sagPx = sag; return this; }
	public SemCrossSectionGenerator waviness(double px) { wavinessPx = px; return this; }
	/** Amplitude (sd) of the small-scale roughness of the visible boundary, px. */
	public SemCrossSectionGenerator roughness(double px) { roughnessPx = px; return this; }
	/** Distance of the surface (at the centre) from the outside image edge, px; negative = automatic. */
	public SemCrossSectionGenerator surfaceAt(double px) { surfaceAt = px; return this; }
	public SemCrossSectionGenerator outside(Outside o) { outside = o; return this; }
	public SemCrossSectionGenerator coating(int px) { coatingPx = px; return this; }
	/** Bulk and layer brightness as fractions of full scale. */
	public SemCrossSectionGenerator levels(double bulkLevel, double layerLevel) { bulk = bulkLevel; layer = layerLevel; return this; }
	/** Contrast (bulk - layer) over the noise sd. */
	public SemCrossSectionGenerator snr(double s) { snr = s; return this; }
	public SemCrossSectionGenerator poisson(boolean p) { poisson = p; return this; }
	/** Relative brightness change across the image. */
	public SemCrossSectionGenerator drift(double d) { drift = d; return this; }
	public SemCrossSectionGenerator grain(double g) { grain = g; return this; }
	public SemCrossSectionGenerator pores(int n) { pores = n; return this; }
	public SemCrossSectionGenerator cracks(int n) { cracks = n; return this; }
	/** Data bar height in px (0 = none); whether the metadata states it. */
	public SemCrossSectionGenerator databar(int px, boolean inMetadata) { databarPx = px; databarInMetadata = inMetadata; return this; }
	/** 8 or 16. */
	public SemCrossSectionGenerator bits(int b) { bits = b; return this; }

	/** The generated image and its truth. Depths are in pixels. */
	public static final class Result {
		public final Dataset dataset;
		/** True depth (px) at each canonical station t = 0 .. n-1 along the interface. */
		public final double[] depthPx;
		/** Arc-length weight of each station (0 where the surface leaves the image). */
		public final double[] weight;
		public final double meanDepthPx, medianDepthPx, sdDepthPx, p05DepthPx, p95DepthPx, maxDepthPx;
		public final double pixelSize;
		public final String unit;
		public final int databarPx;
		/** Smooth surface in image pixel-index coordinates (pixel centres at integers). */
		public final double[] surfaceX, surfaceY;
		public final double frontSigmaPx;

		Result(Dataset ds, double[] depth, double[] weight, double pixelSize, String unit, int databar, double[] sx,
			double[] sy, double sigma)
		{
			this.dataset = ds;
			this.depthPx = depth;
			this.weight = weight;
			this.pixelSize = pixelSize;
			this.unit = unit;
			this.databarPx = databar;
			this.surfaceX = sx;
			this.surfaceY = sy;
			this.frontSigmaPx = sigma;
			double sw = 0, s = 0, s2 = 0, mx = 0;
			List<double[]> vw = new ArrayList<>();
			for (int i = 0; i < depth.length; i++) {
				if (weight[i] <= 0) continue;
				sw += weight[i];
				s += weight[i] * depth[i];
				s2 += weight[i] * depth[i] * depth[i];
				mx = Math.max(mx, depth[i]);
				vw.add(new double[] { depth[i], weight[i] });
			}
			meanDepthPx = s / sw;
			sdDepthPx = Math.sqrt(Math.max(0, s2 / sw - meanDepthPx * meanDepthPx));
			vw.sort((a, b) -> Double.compare(a[0], b[0]));
			medianDepthPx = wq(vw, sw, 0.5);
			p05DepthPx = wq(vw, sw, 0.05);
			p95DepthPx = wq(vw, sw, 0.95);
			maxDepthPx = mx;
		}

		private static double wq(List<double[]> sorted, double total, double q) {
			double c = 0;
			for (double[] e : sorted) {
				c += e[1];
				if (c >= q * total) return e[0];
			}
			return sorted.get(sorted.size() - 1)[0];
		}

		/** Truth in the calibrated unit. */
		public double meanDepth() {
			return meanDepthPx * pixelSize;
		}
	}

	public Result generate() {
		if (databarPx < 0 || databarPx >= height / 2) throw new IllegalArgumentException("data bar too high");
		Noise rnd = new Noise(seed);
		final int ha = height - databarPx;
		final boolean vertical = side == Side.TOP || side == Side.BOTTOM;
		final int cw = vertical ? width : ha, ch = vertical ? ha : width;
		SurfaceFn sf = surface(rnd, cw, ch);
		double[] depth = depthAlong(rnd, cw);
		double[] rough = roughnessAlong(rnd, cw);
		Grains grains = new Grains(rnd, cw, ch);
		double full = bits == 8 ? 255 : 60000;
		float[] mask = materialMask(rnd, sf, cw, ch);
		float[] can = canonicalImage(sf, depth, rough, grains, mask, cw, ch);
		double[] img = toNoisyImage(can, cw, ha, full, rnd);
		drawDatabar(img, ha, rnd, bits == 8 ? 255 : 65535);
		// truth: stations whose smooth surface point lies inside the canonical frame
		double[] weight = new double[cw];
		double[] sx = new double[cw], sy = new double[cw];
		for (int t = 0; t < cw; t++) {
			double ys = sf.y(t);
			weight[t] = ys >= 0 && ys < ch ? Math.sqrt(1 + sf.dy(t) * sf.dy(t)) : 0;
			double[] xy = toImage(t, ys, ha);
			sx[t] = xy[0];
			sy[t] = xy[1];
		}
		boolean calibrated = !unit.equals("px");
		List<Axis> axes = new ArrayList<>();
		axes.add(new Axis("y", height, calibrated ? pixelSize : 1, 0, calibrated ? unit : "px"));
		axes.add(new Axis("x", width, calibrated ? pixelSize : 1, 0, calibrated ? unit : "px"));
		Signal s = new Signal("synthetic BSE cross-section", bits == 8 ? "uint8" : "uint16", new int[] { height,
			width }, axes, img);
		Map<String, Object> md = new LinkedHashMap<>();
		if (calibrated) {
			md.put(MetadataKeys.PIXEL_SIZE, pixelSize);
			md.put(MetadataKeys.PIXEL_SIZE_UNIT, unit);
		}
		if (databarInMetadata) md.put(MetadataKeys.DATABAR_HEIGHT, databarPx);
		List<Signal> sig = new ArrayList<>();
		sig.add(s);
		Dataset ds = new Dataset("synthetic-sem-" + seed, "synthetic", sig, md);
		return new Result(ds, depth, weight, calibrated ? pixelSize : 1, calibrated ? unit : "px", databarPx, sx, sy,
			frontSigmaPx);
	}

	/** The smooth surface in the canonical frame: tilt, sag and waviness (one random phase). */
	private SurfaceFn surface(Noise rnd, int cw, int ch) {
		final double c = (cw - 1) / 2.0;
		final double slope = Math.tan(Math.toRadians(tiltDeg));
		final double k = sagPx == 0 ? 0 : -sagPx / (c * c);
		double y0 = surfaceAt >= 0 ? surfaceAt : Math.max(0.12 * ch, Math.abs(slope) * c + Math.abs(sagPx) +
			wavinessPx + 4 * roughnessPx + 15);
		final double wl = 0.55 * cw, wph = rnd.uniform(0, 2 * Math.PI);
		final double y00 = y0;
		// surface ys(t) = y0 + slope (t-c) + k (t-c)^2 ... with k<0 for a bulge the edges go up; use +sag at edges
		final double kk = -k; // edges are deeper for a bulge towards the outside
		return new SurfaceFn() {
			@Override public double y(double t) { double d = t - c; return y00 + slope * d + kk * d * d + wavinessPx * Math.sin(2 * Math.PI * t / wl + wph); }
			@Override public double dy(double t) { double d = t - c; return slope + 2 * kk * d + wavinessPx * 2 * Math.PI / wl * Math.cos(2 * Math.PI * t / wl + wph); }
			@Override public double ddy(double t) { return 2 * kk - wavinessPx * Math.pow(2 * Math.PI / wl, 2) * Math.sin(2 * Math.PI * t / wl + wph); }
		};
	}

	/** The true reaction depth at each station along the interface, px (two random phases). */
	private double[] depthAlong(Noise rnd, int cw) {
		// depth along the interface
		double l1 = 0.8 * cw, l2 = cw / 3.3, p1 = rnd.uniform(0, 2 * Math.PI), p2 = rnd.uniform(0, 2 * Math.PI);
		double[] depth = new double[cw];
		for (int t = 0; t < cw; t++) depth[t] = Math.max(0, depthPx * (1 + depthVariation * (0.65 * Math.sin(2 *
			Math.PI * t / l1 + p1) + 0.35 * Math.sin(2 * Math.PI * t / l2 + p2))));
		return depth;
	}

	/** The interface roughness: a smoothed random walk scaled to sd = roughnessPx (zero without roughness). */
	private double[] roughnessAlong(Noise rnd, int cw) {
		// roughness: smoothed random walk, sd = roughnessPx
		double[] rough = new double[cw];
		if (roughnessPx > 0) {
			double[] r = new double[cw + 16];
			for (int i = 0; i < r.length; i++) r[i] = rnd.gaussian();
			double sd = 0;
			for (int t = 0; t < cw; t++) {
				double s = 0;
				for (int j = 0; j < 5; j++) s += r[t + j];
				rough[t] = s;
				sd += s * s;
			}
			sd = Math.sqrt(sd / cw);
			for (int t = 0; t < cw; t++) rough[t] *= roughnessPx / sd;
		}
		return rough;
	}

	/** Grains: one random brightness factor per jittered grid cell. */
	private final class Grains {
		final int gs = 14;
		final int gx, gy;
		final double[] seedU, seedV, seedF;

		Grains(Noise rnd, int cw, int ch) {
			gx = cw / gs + 3;
			gy = ch / gs + 3;
			seedU = new double[gx * gy];
			seedV = new double[gx * gy];
			seedF = new double[gx * gy];
			for (int j = 0; j < gy; j++) for (int i = 0; i < gx; i++) {
				int q = j * gx + i;
				seedU[q] = (i - 1 + rnd.uniform()) * gs;
				seedV[q] = (j - 1 + rnd.uniform()) * gs;
				seedF[q] = 1 + grain * rnd.gaussian();
			}
		}
	}

	/** The material mask (1 = material, 0 = void): pores below the surface, then cracks running into the layer. */
	private float[] materialMask(Noise rnd, SurfaceFn sf, int cw, int ch) {
		float[] mask = new float[cw * ch];
		Arrays.fill(mask, 1f);
		for (int p = 0; p < pores; p++) {
			double u = rnd.uniform(0, cw), r = rnd.uniform(2, 7);
			double room = ch - sf.y(u) - 10;
			double v = sf.y(u) + rnd.uniform(10, Math.max(20, Math.min(room, Math.max(depthPx * 1.6 + 30, 0.7 * room))));
			stamp(mask, cw, ch, u, v, r);
		}
		for (int cr = 0; cr < cracks; cr++) {
			double u = rnd.uniform(0.15 * cw, 0.85 * cw), v = sf.y(u) - 2;
			double len = Math.min(ch - v - 5, depthPx * rnd.uniform(0.9, 1.6) + 30);
			double ang = Math.atan(sf.dy(u)) + rnd.uniform(-0.3, 0.3);
			double w = rnd.uniform(1.0, 2.2);
			for (double s = 0; s < len; s += 0.5) {
				ang += 0.03 * rnd.gaussian();
				u += -Math.sin(ang) * 0.5;
				v += Math.cos(ang) * 0.5;
				stamp(mask, cw, ch, u, v, w * (1 - 0.6 * s / len));
			}
		}
		return mask;
	}

	/** Noise-free intensities (0..1) in the canonical frame: outside, coating, layer and bulk with grains and voids. */
	private float[] canonicalImage(SurfaceFn sf, double[] depth, double[] rough, Grains grains, float[] mask, int cw,
		int ch)
	{
		int gs = grains.gs, gx = grains.gx;
		double[] seedU = grains.seedU, seedV = grains.seedV, seedF = grains.seedF;
		double outsideLevel = outside == Outside.VACUUM ? 0.06 : 0.2;
		double coatingLevel = Math.min(0.98, bulk + 0.15);
		// canonical intensities
		float[] can = new float[cw * ch];
		double[] foot = new double[2];
		for (int v = 0; v < ch; v++) {
			for (int u = 0; u < cw; u++) {
				nearest(sf, u, v, foot);
				double t = foot[0], n = foot[1];
				int ti = (int) Math.max(0, Math.min(cw - 1, Math.round(t)));
				double edge = n - rough[ti];
				double inside = phi(edge / 0.7);
				double mat;
				double d = depth[ti];
				double front = d <= 0 ? 1 : phi((n - d) / Math.max(0.3, frontSigmaPx));
				mat = (layer + (bulk - layer) * front) * grainAt(seedU, seedV, seedF, gx, gs, u, v);
				double out = outsideLevel;
				if (coatingPx > 0) out = outsideLevel + (coatingLevel - outsideLevel) * phi((edge + coatingPx) / 0.7);
				double m = mask[v * cw + u];
				double val = inside * (m * mat + (1 - m) * outsideLevel) + (1 - inside) * out;
				can[v * cw + u] = (float) val;
			}
		}
		return can;
	}

	/** Into the image of the chosen side, with drift, noise and quantisation (the data bar rows left empty). */
	private double[] toNoisyImage(float[] can, int cw, int ha, double full, Noise rnd) {
		double[] img = new double[width * height];
		double sd = (bulk - layer) * full / snr;
		double gain = sd * sd / (bulk * full);
		for (int y = 0; y < ha; y++) for (int x = 0; x < width; x++) {
			int u, v;
			switch (side) {
				case TOP: u = x; v = y; break;
				case BOTTOM: u = x; v = ha - 1 - y; break;
				case LEFT: u = y; v = x; break;
				default: u = y; v = width - 1 - x;
			}
			double val = can[v * cw + u] * full * (1 + drift * ((x + 0.5) / width - 0.5) + 0.5 * drift * ((y + 0.5) /
				ha - 0.5));
			val = poisson ? gain * rnd.poisson(val / gain) : val + sd * rnd.gaussian();
			img[y * width + x] = Math.max(0, Math.min(bits == 8 ? 255 : 65535, Math.round(val)));
		}
		return img;
	}

	private double[] toImage(double u, double v, int ha) {
		switch (side) {
			case TOP: return new double[] { u, v };
			case BOTTOM: return new double[] { u, ha - 1 - v };
			case LEFT: return new double[] { v, u };
			default: return new double[] { width - 1 - v, u };
		}
	}

	private interface SurfaceFn {
		double y(double t);
		double dy(double t);
		double ddy(double t);
	}

	/** Foot point t of the normal from (u, v) to the surface and the signed distance (positive inside). */
	private static void nearest(SurfaceFn sf, double u, double v, double[] out) {
		double t = u;
		for (int i = 0; i < 6; i++) {
			double y = sf.y(t), dy = sf.dy(t);
			double f = (t - u) + (y - v) * dy;
			double fp = 1 + dy * dy + (y - v) * sf.ddy(t);
			if (fp <= 0.1) fp = 1 + dy * dy;
			double step = f / fp;
			t -= step;
			if (Math.abs(step) < 1e-3) break;
		}
		double dy = sf.y(t) - v, dx = t - u;
		double dist = Math.sqrt(dx * dx + dy * dy);
		out[0] = t;
		out[1] = v >= sf.y(t) ? dist : -dist;
	}

	private static double grainAt(double[] su, double[] sv, double[] f, int gx, int gs, int u, int v) {
		int ci = u / gs + 1, cj = v / gs + 1;
		double best = Double.MAX_VALUE, val = 1;
		for (int j = cj - 1; j <= cj + 1; j++) for (int i = ci - 1; i <= ci + 1; i++) {
			int q = j * gx + i;
			if (i < 0 || j < 0 || i >= gx || q >= su.length) continue;
			double du = su[q] - u, dv = sv[q] - v, d = du * du + dv * dv;
			if (d < best) {
				best = d;
				val = f[q];
			}
		}
		return val;
	}

	private static void stamp(float[] mask, int w, int h, double cu, double cv, double r) {
		int x0 = (int) Math.floor(cu - r - 2), x1 = (int) Math.ceil(cu + r + 2);
		int y0 = (int) Math.floor(cv - r - 2), y1 = (int) Math.ceil(cv + r + 2);
		for (int y = Math.max(0, y0); y <= Math.min(h - 1, y1); y++) for (int x = Math.max(0, x0); x <= Math.min(w - 1,
			x1); x++)
		{
			double d = Math.hypot(x - cu, y - cv);
			float m = (float) phi((d - r) / 0.6);
			if (m < mask[y * w + x]) mask[y * w + x] = m;
		}
	}

	private void drawDatabar(double[] img, int ha, Noise rnd, double white) {
		if (databarPx <= 0) return;
		for (int y = ha; y < height; y++) for (int x = 0; x < width; x++) img[y * width + x] = 0;
		for (int x = 0; x < width; x++) img[ha * width + x] = white; // separator line
		int th = Math.max(3, (int) (databarPx * 0.35));
		int ty = ha + Math.max(2, (databarPx - th) / 2);
		int x = 8;
		while (x < width - 60) {
			int word = 3 + rnd.nextInt(6);
			for (int ch = 0; ch < word && x < width - 60; ch++) {
				int cwid = 2 + rnd.nextInt(4);
				for (int yy = ty; yy < Math.min(height, ty + th); yy++) for (int xx = x; xx < x + cwid; xx++) if (rnd
					.uniform() < 0.7) img[yy * width + xx] = white;
				x += cwid + 2;
			}
			x += 10 + rnd.nextInt(20);
		}
		// scale bar
		int by = Math.min(height - 2, ty + th + 1);
		for (int xx = width - 55; xx < width - 10; xx++) img[by * width + xx] = white;
	}

	static double phi(double z) {
		return StepModel.phi(z);
	}
}
