package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.List;

/**
 * Width-averaged profiles of substrate fringe energy and intensity along a normal of the interface (docs/hrtem.md,
 * coating thickness step 3): a patch of the image is sampled bilinearly along the normal (1 px steps) over the
 * profile width; its fringe energy comes from {@link PatchDemodulator}. Each thread reuses its own buffers.
 */
final class Profiler {
	final double[] img;
	final int w, h;
	/** Reflections demodulated: the substrate's (first nSignal), then one ring-background vector for each. */
	final double[] gx, gy;
	final int nSignal;
	final double period, width;
	final int r;
	private final ThreadLocal<PatchDemodulator> work;

	Profiler(double[] img, int w, int h, List<LatticeSpot> spots, double period, double width) {
		this(img, w, h, spots, List.of(), period, width, Math.max(2, (int) Math.round(0.75 * period)));
	}

	/**
	 * With the demodulation low-pass half-length r (px). The energy is the demodulated energy at each substrate
	 * reflection minus that at the same spacing turned away from every known reflection (others: fringe sets
	 * of other regions): the ring background of noise and amorphous speckle, which differs between substrate
	 * and coating and would otherwise shift the half-height of the fringe step into the substrate.
	 */
	Profiler(double[] img, int w, int h, List<LatticeSpot> spots, List<LatticeSpot> others, double period,
		double width, int r)
	{
		this.img = img;
		this.w = w;
		this.h = h;
		int g = spots.size();
		gx = new double[2 * g];
		gy = new double[2 * g];
		List<LatticeSpot> known = new ArrayList<>(spots);
		known.addAll(others);
		for (int i = 0; i < g; i++) {
			gx[i] = spots.get(i).kx;
			gy[i] = spots.get(i).ky;
			double k = spots.get(i).k(), a0 = Math.atan2(gy[i], gx[i]), bestD = -1;
			for (int deg = 30; deg <= 150; deg += 5) {
				double a = a0 + Math.toRadians(deg), bx = k * Math.cos(a), by = k * Math.sin(a), d = Double.MAX_VALUE;
				for (LatticeSpot o : known) d = Math.min(d, Math.min(Math.hypot(bx - o.kx, by - o.ky), Math.hypot(bx + o.kx,
					by + o.ky)));
				if (d > bestD) {
					bestD = d;
					gx[g + i] = bx;
					gy[g + i] = by;
				}
			}
		}
		nSignal = g;
		this.period = period;
		this.width = width;
		this.r = r;
		work = ThreadLocal.withInitial(() -> new PatchDemodulator(gx, gy, nSignal, r));
	}

	/**
	 * {t, energy, intensity} at t = t0, t0+1, ... t1 along the normal (nx, ny) from (x, y); NaN where fewer
	 * than half of the width's samples fall inside the image; null when none does.
	 */
	double[][] profile(double x, double y, double nx, double ny, double t0, double t1) {
		return profile(x, y, nx, ny, t0, t1, true);
	}

	/** As above; without energy only the intensity is sampled (over the width alone, faster). */
	double[][] profile(double x, double y, double nx, double ny, double t0, double t1, boolean withEnergy) {
		double[] range = insideImage(x, y, nx, ny, t0, t1);
		if (range == null) return null;
		t0 = range[0];
		t1 = range[1];
		if (t1 - t0 < 4) return null;
		int nt = (int) Math.floor(t1 - t0) + 1;
		int half = (int) Math.ceil(width / 2);
		if (!withEnergy) return intensity(x, y, nx, ny, t0, nt, half);
		int pad = r + 2;
		int ns = 2 * (half + pad) + 1;
		PatchDemodulator pd = work.get();
		pd.size(nt, ns);
		boolean any = sample(x, y, nx, ny, t0, nt, ns, half + pad, pd.a, pd.in);
		if (!any) return null;
		// columns whose energy enters the width average (a stride of about r/3 is enough after low-pass)
		int st = Math.max(1, r / 3);
		int[] cols = new int[(ns - 2 * pad + st - 1) / st];
		for (int c = 0; c < cols.length; c++) cols[c] = pad + c * st;
		double[] energy = pd.energy(nt, ns, t0, half + pad, x, y, nx, ny, cols);
		return widthAverage(pd.a, pd.in, energy, cols, nt, ns, pad, t0);
	}

	/**
	 * The part [t0, t1] of the normal within the image (plus the half width), t0 moved by whole steps; null
	 * when a normal parallel to an image side runs outside.
	 */
	private double[] insideImage(double x, double y, double nx, double ny, double t0, double t1) {
		double margin = width / 2 + 2;
		double lo = -1e9, hi = 1e9;
		double[][] lim = { { x, nx, w }, { y, ny, h } };
		for (double[] l : lim) {
			if (Math.abs(l[1]) < 1e-12) {
				if (l[0] < -margin || l[0] > l[2] + margin) return null;
				continue;
			}
			double a = (-margin - l[0]) / l[1], b = (l[2] + margin - l[0]) / l[1];
			lo = Math.max(lo, Math.min(a, b));
			hi = Math.min(hi, Math.max(a, b));
		}
		double origT0 = t0;
		if (lo > t0) t0 = origT0 + Math.ceil(lo - origT0);
		if (hi < t1) t1 = hi;
		return new double[] { t0, t1 };
	}

	/**
	 * {t, energy, intensity}: the intensity over the width (columns pad .. ns - pad) and the energy over its
	 * columns (energy[j * cols.length + c]), NaN where fewer than half of the width's samples fall inside.
	 */
	private static double[][] widthAverage(double[] a, boolean[] in, double[] energy, int[] cols, int nt, int ns,
		int pad, double t0)
	{
		double[] tt = new double[nt], e = new double[nt], iv = new double[nt];
		int nc = cols.length;
		for (int j = 0; j < nt; j++) {
			tt[j] = t0 + j;
			double se = 0, si = 0;
			int c = 0, ce = 0;
			for (int i = pad; i < ns - pad; i++) {
				int k = j * ns + i;
				if (!in[k]) continue;
				si += a[k];
				c++;
			}
			for (int q = 0; q < nc; q++) {
				if (!in[j * ns + cols[q]]) continue;
				se += energy[j * nc + q];
				ce++;
			}
			if (c * 2 < ns - 2 * pad || ce == 0) e[j] = iv[j] = Double.NaN;
			else {
				e[j] = se / ce;
				iv[j] = si / c;
			}
		}
		return new double[][] { tt, e, iv };
	}

	/**
	 * {t, NaN, intensity}: the intensity averaged over the width, sampled and summed in one go (no patch
	 * stored); NaN where fewer than half of the samples fall inside the image; null when none does.
	 */
	private double[][] intensity(double x, double y, double nx, double ny, double t0, int nt, int half) {
		int ns = 2 * half + 1;
		double[][] across = across(nx, ny, ns, half);
		double[] sux = across[0], suy = across[1];
		double[] tt = new double[nt], e = new double[nt], iv = new double[nt];
		boolean any = false;
		for (int j = 0; j < nt; j++) {
			double t = t0 + j;
			tt[j] = t;
			e[j] = Double.NaN;
			double bx = x + t * nx, by = y + t * ny;
			double si = 0;
			int c = 0;
			double px0 = bx + sux[0] - 0.5, py0 = by + suy[0] - 0.5;
			if (rowWellInside(px0, py0, -ny, nx, ns)) {
				si = row(px0, py0, -ny, nx, ns, null, 0);
				c = ns;
			}
			else for (int i = 0; i < ns; i++) {
				double px = bx + sux[i] - 0.5, py = by + suy[i] - 0.5;
				if (px < 0 || py < 0 || px > w - 1 || py > h - 1) continue;
				si += bilinear(px, py);
				c++;
			}
			any |= c > 0;
			iv[j] = c * 2 < ns ? Double.NaN : si / c;
		}
		return any ? new double[][] { tt, e, iv } : null;
	}

	/** The offsets {x, y} of the ns samples across the width, (i - off) (-ny, nx). */
	private static double[][] across(double nx, double ny, int ns, int off) {
		double ux = -ny, uy = nx;
		double[] sux = new double[ns], suy = new double[ns];
		for (int i = 0; i < ns; i++) {
			double s = i - off;
			sux[i] = s * ux;
			suy[i] = s * uy;
		}
		return new double[][] { sux, suy };
	}

	/**
	 * Whether the ns positions (px0, py0) + i (ux, uy) all lie at least 1e-6 px inside [0, w-1] x [0, h-1] (their
	 * two ends decide), so that {@link #row} needs neither clamping nor checks.
	 */
	private boolean rowWellInside(double px0, double py0, double ux, double uy, int ns) {
		double pxb = px0 + (ns - 1) * ux, pyb = py0 + (ns - 1) * uy, e = 1e-6;
		return Math.min(px0, pxb) >= e && Math.min(py0, pyb) >= e && Math.max(px0, pxb) <= w - 1 - e && Math.max(py0,
			pyb) <= h - 1 - e;
	}

	/**
	 * Bilinear samples at (px0, py0) + i (ux, uy), i < ns, into a[off + i] (or only their sum when a is null),
	 * returning the sum. The positions are walked in fixed point (32 fraction bits: the integer pixel and the
	 * fraction are a shift and a mask, no rounding per sample; the walk's drift stays below ns 2^-33 px).
	 */
	private double row(double px0, double py0, double ux, double uy, int ns, double[] a, int off) {
		final double one = 0x1p32, inv = 0x1p-32;
		long fx = Math.round(px0 * one), fy = Math.round(py0 * one), dx = Math.round(ux * one), dy = Math.round(uy * one);
		final long mask = 0xFFFFFFFFL;
		final double[] im = img;
		final int w = this.w;
		double sum = 0;
		for (int i = 0; i < ns; i++, fx += dx, fy += dy) {
			int o = (int) (fy >> 32) * w + (int) (fx >> 32);
			double u = (fx & mask) * inv, v = (fy & mask) * inv;
			double p00 = im[o], p01 = im[o + 1], p10 = im[o + w], p11 = im[o + w + 1];
			double top = p00 + u * (p01 - p00), bottom = p10 + u * (p11 - p10);
			double s = top + v * (bottom - top);
			sum += s;
			if (a != null) a[off + i] = s;
		}
		return sum;
	}

	/** The image at (px, py) (pixel centres at integers), bilinear; (px, py) within [0, w-1] x [0, h-1]. */
	private double bilinear(double px, double py) {
		int ix = Math.min(w - 2, (int) px), iy = Math.min(h - 2, (int) py);
		double fx = px - ix, fy = py - iy;
		int o = iy * w + ix;
		return (1 - fy) * ((1 - fx) * img[o] + fx * img[o + 1]) + fy * ((1 - fx) * img[o + w] + fx * img[o + w + 1]);
	}

	/**
	 * Bilinear samples a[j ns + i] at (x, y) + (t0 + j) n + (i - off) u (pixel centres at +0.5), clamped to the
	 * image; in[k] tells which fell inside. Rows wholly inside skip the per-sample checks (the position is
	 * monotone in i, so its two ends decide) and walk their positions in fixed point ({@link #row}). True when
	 * any sample fell inside.
	 */
	private boolean sample(double x, double y, double nx, double ny, double t0, int nt, int ns, int off, double[] a,
		boolean[] in)
	{
		double[][] across = across(nx, ny, ns, off);
		double[] sux = across[0], suy = across[1];
		boolean any = false;
		for (int j = 0; j < nt; j++) {
			double t = t0 + j;
			double bx = x + t * nx, by = y + t * ny;
			int row = j * ns;
			double px0 = bx + sux[0] - 0.5, py0 = by + suy[0] - 0.5;
			if (rowWellInside(px0, py0, -ny, nx, ns)) {
				row(px0, py0, -ny, nx, ns, a, row);
				java.util.Arrays.fill(in, row, row + ns, true);
				any = true;
				continue;
			}
			for (int i = 0; i < ns; i++) {
				double px = bx + sux[i] - 0.5, py = by + suy[i] - 0.5; // pixel centres at +0.5
				boolean inside = !(px < 0 || py < 0 || px > w - 1 || py > h - 1);
				if (!inside) {
					px = Math.max(0, Math.min(w - 1, px));
					py = Math.max(0, Math.min(h - 1, py));
				}
				in[row + i] = inside;
				any |= inside;
				a[row + i] = bilinear(px, py);
			}
		}
		return any;
	}
}
