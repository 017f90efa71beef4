package org.interphase.core.hrtem;

/**
 * The substrate fringe energy of a profile patch (nt rows along the normal, ns samples across the width): the
 * patch minus its local mean, demodulated at each substrate reflection and low-passed, |.|^2, minus the same at
 * the ring background (docs/hrtem.md, coating thickness step 3). Only the averaged columns are kept, compact
 * (row j, column c at j * cols.length + c). One per thread: it holds the patch and reuses its buffers.
 */
final class PatchDemodulator {
	private final double[] gx, gy;
	private final int nSignal, r;
	/** The patch samples and which fell inside the image, filled by the caller after {@link #size}. */
	double[] a = new double[0];
	boolean[] in = new boolean[0];
	private double[] v = new double[0], scratch = new double[0];
	/**
	 * The demodulated columns of one or two reflections, row j at j * 4 nc: re | im | re2 | im2 (nc each), so
	 * that one low-pass along the normal runs over all of them at once.
	 */
	private double[] z = new double[0], zs = new double[0];
	private double[] energy = new double[0];
	/** Prefix sums of a row at the window ends, and the column twiddles of the two reflections demodulated. */
	private double[] preRe = new double[0], preIm = new double[0], preRe2 = new double[0], preIm2 = new double[0];
	private double[] cw = new double[0], sw = new double[0], cw2 = new double[0], sw2 = new double[0];
	private Windows lastWindows;

	/** Reflections (gx, gy) in cycles/px, the substrate's first nSignal; low-pass half-length r (px). */
	PatchDemodulator(double[] gx, double[] gy, int nSignal, int r) {
		this.gx = gx;
		this.gy = gy;
		this.nSignal = nSignal;
		this.r = r;
	}

	/** Makes room for a patch of nt x ns samples. */
	void size(int nt, int ns) {
		int n = nt * ns;
		if (a.length < n) {
			a = new double[n];
			in = new boolean[n];
			v = new double[n];
		}
		if (scratch.length < n) scratch = new double[n];
		if (preRe.length < ns + 1) {
			preRe = new double[ns + 1];
			preIm = new double[ns + 1];
			preRe2 = new double[ns + 1];
			preIm2 = new double[ns + 1];
			cw = new double[ns];
			sw = new double[ns];
			cw2 = new double[ns];
			sw2 = new double[ns];
		}
	}

	/**
	 * The fringe energy of the patch a (sampled at (x, y) + (t0 + j) n + (i - off) u) on the columns cols, compact
	 * (valid until the next call). With reflections: the substrate's energy minus its ring background (the
	 * fringe amplitude is then linear in the fringed share of the window, so the 50 % point of a blurred step is
	 * the edge); without: the band-pass local variance.
	 */
	double[] energy(int nt, int ns, double t0, int off, double x, double y, double nx, double ny, int[] cols) {
		int m = nt * cols.length;
		if (energy.length < m) {
			energy = new double[m];
			z = new double[4 * m];
			zs = new double[4 * m];
		}
		java.util.Arrays.fill(energy, 0, m, 0);
		if (gx.length > 0) demodulatedEnergy(nt, ns, t0, off, x, y, nx, ny, cols);
		else bandPassEnergy(nt, ns, cols);
		return energy;
	}

	/** Subtract the local mean, demodulate at each reflection, low-pass twice, +-|.|^2 into energy. */
	private void demodulatedEnergy(int nt, int ns, double t0, int off, double x, double y, double nx, double ny,
		int[] cols)
	{
		BoxFilter.minusMean(a, v, ns, nt, r, scratch);
		// two reflections at a time: one pass over the patch feeds four independent sums
		for (int g = 0; g < gx.length; g += 2) {
			boolean two = g + 1 < gx.length;
			demodulate(nt, ns, t0, off, x, y, nx, ny, cols, g, two ? g + 1 : -1);
			addEnergy(0, nt, cols.length, g < nSignal ? 1 : -1);
			if (two) addEnergy(2 * cols.length, nt, cols.length, g + 1 < nSignal ? 1 : -1);
		}
	}

	/** Without reflections: the band-pass local variance into energy. */
	private void bandPassEnergy(int nt, int ns, int[] cols) {
		int n = nt * ns, nc = cols.length;
		double[] lo1 = a.clone(), hi1 = a.clone();
		BoxFilter.blur(lo1, ns, nt, 1, 1);
		BoxFilter.blur(hi1, ns, nt, r, r);
		double[] e = new double[n];
		for (int k = 0; k < n; k++) {
			double d = lo1[k] - hi1[k];
			e[k] = d * d;
		}
		BoxFilter.blur(e, ns, nt, r, r);
		for (int j = 0; j < nt; j++) for (int c = 0; c < nc; c++) energy[j * nc + c] = e[j * ns + cols[c]];
	}

	/**
	 * Demodulates v at reflection g (and g2 when g2 >= 0) and low-passes it along the width at once into z (re, im,
	 * then re2, im2 of each row), then twice along the normal, all columns in one pass. The phase of sample (j, i) splits into a row part and a column
	 * part: the column twiddles are the same for every row, so each row is a sum of v times fixed twiddles,
	 * taken up to the ends of the columns' windows only (the averaged columns lie at least r + 2 inside the
	 * patch, so no edge clamping), and turned by the row phase after the window sums.
	 */
	private void demodulate(int nt, int ns, double t0, int off, double x, double y, double nx, double ny, int[] cols,
		int g, int g2)
	{
		boolean two = g2 >= 0;
		int nc = cols.length;
		Windows win = windows(cols, ns);
		int nb = win.ends.length;
		double[] cw = twiddles(g, off, ns, nx, ny, true, this.cw), sw = twiddles(g, off, ns, nx, ny, false, this.sw);
		double[] cw2 = two ? twiddles(g2, off, ns, nx, ny, true, this.cw2) : cw, sw2 = two ? twiddles(g2, off, ns, nx, ny,
			false, this.sw2) : sw;
		double dt = 2 * Math.PI * (gx[g] * nx + gy[g] * ny), base = 2 * Math.PI * (gx[g] * x + gy[g] * y);
		double dt2 = two ? 2 * Math.PI * (gx[g2] * nx + gy[g2] * ny) : 0, base2 = two ? 2 * Math.PI * (gx[g2] * x + gy[g2] *
			y) : 0;
		double norm = 1.0 / (2 * r + 1);
		double[] pa = this.preRe, pb = this.preIm, pa2 = this.preRe2, pb2 = this.preIm2, v = this.v;
		int[] ends = win.ends, lo = win.lo, hi = win.hi;
		int zw = 4 * nc;
		for (int j = 0; j < nt; j++) {
			int row = j * ns, out = j * zw;
			double a1 = 0, b1 = 0, a2 = 0, b2 = 0;
			int i = ends[0];
			for (int k = 0; k < nb; k++) {
				int end = ends[k];
				for (; i < end; i++) {
					double vk = v[row + i];
					a1 += vk * cw[i];
					b1 -= vk * sw[i];
					a2 += vk * cw2[i];
					b2 -= vk * sw2[i];
				}
				pa[k] = a1;
				pb[k] = b1;
				pa2[k] = a2;
				pb2[k] = b2;
			}
			rowPhase(pa, pb, lo, hi, base + (t0 + j) * dt, norm, z, out, nc);
			if (two) rowPhase(pa2, pb2, lo, hi, base2 + (t0 + j) * dt2, norm, z, out + 2 * nc, nc);
		}
		// twice the box mean along the normal, every column alone (the same sums as one column at a time)
		BoxFilter.columnMeans(z, null, zs, zw, nt, r);
		BoxFilter.columnMeans(zs, null, z, zw, nt, r);
	}

	/**
	 * The window sums (a + i b between the prefix sums at window ends lo[q] and hi[q]) turned by the row phase
	 * theta: (a + i b) e^(-i theta) / (2r + 1) into z[out + q] (real part) and z[out + nc + q] (imaginary).
	 */
	private static void rowPhase(double[] pa, double[] pb, int[] lo, int[] hi, double theta, double norm, double[] z,
		int out, int nc)
	{
		double c = Math.cos(theta), s = Math.sin(theta);
		for (int q = 0; q < lo.length; q++) {
			double a = pa[hi[q]] - pa[lo[q]], b = pb[hi[q]] - pb[lo[q]];
			z[out + q] = (a * c + b * s) * norm;
			z[out + nc + q] = (b * c - a * s) * norm;
		}
	}

	/** cos (or sin) of the column phase (i - off) ds of reflection g along the width (-ny, nx), i < ns, into b. */
	private double[] twiddles(int g, int off, int ns, double nx, double ny, boolean cos, double[] b) {
		double ds = 2 * Math.PI * (gx[g] * -ny + gy[g] * nx);
		for (int i = 0; i < ns; i++) b[i] = cos ? Math.cos((i - off) * ds) : Math.sin((i - off) * ds);
		return b;
	}

	/** The columns' windows [c - r, c + r]: their sorted distinct ends and, per column, the indices of its two ends. */
	private static final class Windows {
		int[] cols, ends, lo, hi;
		int ns;
	}

	private Windows windows(int[] cols, int ns) {
		Windows w = lastWindows;
		if (w != null && w.ns == ns && java.util.Arrays.equals(w.cols, cols)) return w;
		w = new Windows();
		w.cols = cols.clone();
		w.ns = ns;
		java.util.TreeSet<Integer> ends = new java.util.TreeSet<>();
		for (int c : cols) {
			ends.add(c - r);
			ends.add(c + r + 1);
		}
		w.ends = ends.stream().mapToInt(Integer::intValue).toArray();
		w.lo = new int[cols.length];
		w.hi = new int[cols.length];
		for (int q = 0; q < cols.length; q++) {
			w.lo[q] = java.util.Arrays.binarySearch(w.ends, cols[q] - r);
			w.hi[q] = java.util.Arrays.binarySearch(w.ends, cols[q] + r + 1);
		}
		lastWindows = w;
		return w;
	}

	/** energy[j nc + q] += sign |re + i im|^2 of the reflection whose columns start at from in each row of z. */
	private void addEnergy(int from, int nt, int nc, double sign) {
		for (int j = 0; j < nt; j++) {
			int e = j * nc, o = j * 4 * nc + from;
			for (int q = 0; q < nc; q++) {
				double re = z[o + q], im = z[o + nc + q];
				energy[e + q] += sign * (re * re + im * im);
			}
		}
	}
}
