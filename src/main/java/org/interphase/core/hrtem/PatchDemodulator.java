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
	private double[] re = new double[0], im = new double[0], re2 = new double[0], im2 = new double[0];
	private double[] energy = new double[0];
	private double[] preRe = new double[0], preIm = new double[0], preRe2 = new double[0], preIm2 = new double[0];

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
			scratch = new double[n];
		}
		if (preRe.length < ns + 1) {
			preRe = new double[ns + 1];
			preIm = new double[ns + 1];
			preRe2 = new double[ns + 1];
			preIm2 = new double[ns + 1];
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
			re = new double[m];
			im = new double[m];
			re2 = new double[m];
			im2 = new double[m];
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
		int n = nt * ns;
		System.arraycopy(a, 0, v, 0, n);
		BoxFilter.blur(v, ns, nt, r, r, scratch);
		for (int k = 0; k < n; k++) v[k] = a[k] - v[k];
		double ux = -ny, uy = nx;
		// two reflections at a time: their phase rotations are independent chains of multiplications that
		// the processor overlaps (each reflection's arithmetic is the same as alone)
		for (int g = 0; g < gx.length; g += 2) {
			boolean two = g + 1 < gx.length;
			demodulate(nt, ns, t0, off, x, y, nx, ny, ux, uy, cols, g, two ? g + 1 : -1);
			addEnergy(re, im, nt * cols.length, g < nSignal ? 1 : -1);
			if (two) addEnergy(re2, im2, nt * cols.length, g + 1 < nSignal ? 1 : -1);
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
	 * Demodulates v at reflection g (and g2 when g2 >= 0) and low-passes it along the width at once (running
	 * sums; the averaged columns lie at least r + 2 inside the patch, so no edge clamping) into re, im (re2,
	 * im2), then twice along the normal.
	 */
	private void demodulate(int nt, int ns, double t0, int off, double x, double y, double nx, double ny, double ux,
		double uy, int[] cols, int g, int g2)
	{
		boolean two = g2 >= 0;
		int nc = cols.length;
		// phase advance per step along s and t
		double ds = 2 * Math.PI * (gx[g] * ux + gy[g] * uy), dt = 2 * Math.PI * (gx[g] * nx + gy[g] * ny);
		double base = 2 * Math.PI * (gx[g] * x + gy[g] * y);
		double cs = Math.cos(ds), sn = Math.sin(ds);
		double ds2 = 0, dt2 = 0, base2 = 0, cs2 = 0, sn2 = 0;
		if (two) {
			ds2 = 2 * Math.PI * (gx[g2] * ux + gy[g2] * uy);
			dt2 = 2 * Math.PI * (gx[g2] * nx + gy[g2] * ny);
			base2 = 2 * Math.PI * (gx[g2] * x + gy[g2] * y);
			cs2 = Math.cos(ds2);
			sn2 = Math.sin(ds2);
		}
		double norm = 1.0 / (2 * r + 1);
		double[] preRe = this.preRe, preIm = this.preIm, preRe2 = this.preRe2, preIm2 = this.preIm2, v = this.v;
		for (int j = 0; j < nt; j++) {
			double ph = base + (t0 + j) * dt - off * ds;
			double c = Math.cos(ph), si = Math.sin(ph);
			double sr = 0, sim = 0;
			int row = j * ns, out = j * nc;
			if (two) {
				double ph2 = base2 + (t0 + j) * dt2 - off * ds2;
				double c2 = Math.cos(ph2), si2 = Math.sin(ph2);
				double sr2 = 0, sim2 = 0;
				for (int i = 0; i < ns; i++) {
					double vk = v[row + i];
					preRe[i] = sr;
					preIm[i] = sim;
					preRe2[i] = sr2;
					preIm2[i] = sim2;
					sr += vk * c;
					sim -= vk * si;
					sr2 += vk * c2;
					sim2 -= vk * si2;
					double tc = c * cs - si * sn;
					si = si * cs + c * sn;
					c = tc;
					double tc2 = c2 * cs2 - si2 * sn2;
					si2 = si2 * cs2 + c2 * sn2;
					c2 = tc2;
				}
				preRe2[ns] = sr2;
				preIm2[ns] = sim2;
				for (int q = 0; q < nc; q++) {
					int i = cols[q];
					re2[out + q] = (preRe2[i + r + 1] - preRe2[i - r]) * norm;
					im2[out + q] = (preIm2[i + r + 1] - preIm2[i - r]) * norm;
				}
			}
			else {
				for (int i = 0; i < ns; i++) {
					double vk = v[row + i];
					preRe[i] = sr;
					preIm[i] = sim;
					sr += vk * c;
					sim -= vk * si;
					double tc = c * cs - si * sn;
					si = si * cs + c * sn;
					c = tc;
				}
			}
			preRe[ns] = sr;
			preIm[ns] = sim;
			for (int q = 0; q < nc; q++) {
				int i = cols[q];
				re[out + q] = (preRe[i + r + 1] - preRe[i - r]) * norm;
				im[out + q] = (preIm[i + r + 1] - preIm[i - r]) * norm;
			}
		}
		for (int pass = 0; pass < 2; pass++) {
			BoxFilter.blur(re, nc, nt, 0, r, scratch);
			BoxFilter.blur(im, nc, nt, 0, r, scratch);
			if (two) {
				BoxFilter.blur(re2, nc, nt, 0, r, scratch);
				BoxFilter.blur(im2, nc, nt, 0, r, scratch);
			}
		}
	}

	/** energy[0..m) += sign |re + i im|^2. */
	private void addEnergy(double[] re, double[] im, int m, double sign) {
		for (int k = 0; k < m; k++) energy[k] += sign * (re[k] * re[k] + im[k] * im[k]);
	}
}
