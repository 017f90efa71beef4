package org.interphase.core.hrtem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.interphase.core.Parallel;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Crystalline / polycrystalline / amorphous map from a sliding-window local FFT.
 * <p>
 * Each window (default 64 px, step half a window) is mean-subtracted and Hann-windowed, its power spectrum
 * taken; the background at each spatial frequency is the median power of its ring (half plane). A Bragg
 * peak is a 3x3 local maximum whose power exceeds {@code peakStrength} times its ring median, within the
 * period band [minPeriodPx, maxPeriodPx]. The <b>Bragg fraction</b> of a window is the summed excess power
 * (over the ring median) of the 3x3 neighbourhoods of its six strongest Bragg peaks divided by the total power
 * in the band: ~0.01 for amorphous speckle, 0.2-0.9 for lattice fringes. The metric is interpolated
 * bilinearly between window centres, and a point is crystalline where it reaches {@code threshold}
 * (calibrated on synthetic images so that a window half covered by fringes sits at the threshold, which
 * makes the boundary unbiased). A crystalline window is <i>polycrystalline</i> when two of its peaks have the
 * same spacing (within 6 % or 1.5 FFT bins) but directions that one lattice cannot give (not 0, 60, 90, 120
 * degrees apart, within 5 degrees or the angular size of 1.5 bins at that radius), i.e. grains of several
 * orientations share the window.
 * <p>
 * Map values: 0 amorphous (or vacuum), 1 polycrystalline, 2 crystalline.
 */
public final class CrystallinityMap {
	public static final int AMORPHOUS = 0, POLYCRYSTALLINE = 1, CRYSTALLINE = 2;

	public int window = 64;
	/** Step between windows, px; 0 = half a window. */
	public int step = 0;
	public double minPeriodPx = 2.5;
	/** Longest period, px; NaN = a third of the window. */
	public double maxPeriodPx = Double.NaN;
	public double peakStrength = 12;
	/** Bragg-fraction threshold between amorphous and crystalline. */
	public double threshold = 0.10;
	public int threads = 1;

	public static final class Result {
		public int window, step, tilesX, tilesY;
		/** Per window (row-major over tilesX x tilesY): Bragg fraction and class. */
		public double[] metric;
		public byte[] tileClass;
		/** The map at step resolution covering the image: mapW x mapH, class values 0/1/2 and the metric. */
		public int mapW, mapH;
		public double[] classMap, metricMap;
		public double crystallineFraction, crystallineUncertainty, polycrystallineFraction, amorphousFraction;
		public double threshold;
	}

	public Result compute(double[] img, int w, int h) {
		int m = window;
		if (m < 16 || (m & (m - 1)) != 0) throw new IllegalArgumentException("window must be a power of two >= 16, not " +
			m);
		if (w < m || h < m) throw new IllegalArgumentException("image (" + w + "x" + h + ") smaller than the window (" +
			m + " px)");
		int st = step > 0 ? step : m / 2;
		int tx = (w - m) / st + 1, ty = (h - m) / st + 1;
		double maxP = Double.isNaN(maxPeriodPx) ? m / 3.0 : maxPeriodPx;
		int kmin = Math.max(2, (int) Math.floor(m / maxP)), kmax = Math.min(m / 2 - 1, (int) Math.ceil(m / minPeriodPx));
		// bins of the half-plane band, grouped by ring
		List<int[]> bins = new ArrayList<>();
		for (int ky = 0; ky <= kmax; ky++) for (int kx = -kmax; kx <= kmax; kx++) {
			if (ky == 0 && kx <= 0) continue;
			double r = Math.hypot(kx, ky);
			if (r < kmin - 0.5 || r > kmax + 0.5) continue;
			bins.add(new int[] { kx, ky, (int) Math.round(r) });
		}
		int nb = bins.size();
		int[] bx = new int[nb], by = new int[nb], br = new int[nb];
		int[] ringCount = new int[kmax + 2];
		for (int i = 0; i < nb; i++) {
			bx[i] = bins.get(i)[0];
			by[i] = bins.get(i)[1];
			br[i] = bins.get(i)[2];
			ringCount[br[i]]++;
		}
		double[] hw = LatticeFft.hann(m);
		Result res = new Result();
		res.window = m;
		res.step = st;
		res.tilesX = tx;
		res.tilesY = ty;
		res.metric = new double[tx * ty];
		res.tileClass = new byte[tx * ty];
		res.threshold = threshold;
		final int kmaxF = kmax;
		Parallel.forRange(tx * ty, threads, (from, to) -> {
			DoubleFFT_2D fft = new DoubleFFT_2D(m, m);
			double[] buf = new double[2 * m * m], pw = new double[m * m];
			double[][] ring = new double[kmaxF + 2][];
			for (int r = 0; r < ring.length; r++) ring[r] = new double[ringCount[r]];
			int[] fill = new int[kmaxF + 2];
			double[] med = new double[kmaxF + 2];
			double[] bandP = new double[nb];
			for (int t = from; t < to; t++) {
				int x0 = (t % tx) * st, y0 = (t / tx) * st;
				double mean = 0;
				for (int y = 0; y < m; y++) for (int x = 0; x < m; x++) mean += img[(y0 + y) * w + x0 + x];
				mean /= m * m;
				Arrays.fill(buf, 0);
				for (int y = 0; y < m; y++) for (int x = 0; x < m; x++) buf[y * m + x] = (img[(y0 + y) * w + x0 + x] - mean) *
					hw[y] * hw[x];
				fft.realForwardFull(buf);
				for (int i = 0; i < m * m; i++) pw[i] = buf[2 * i] * buf[2 * i] + buf[2 * i + 1] * buf[2 * i + 1];
				Arrays.fill(fill, 0);
				double total = 0;
				for (int i = 0; i < nb; i++) {
					double p = LatticeFft.at(pw, m, bx[i], by[i]);
					bandP[i] = p;
					total += p;
					ring[br[i]][fill[br[i]]++] = p;
				}
				for (int r = 0; r < ring.length; r++) {
					if (fill[r] == 0) continue;
					Arrays.sort(ring[r], 0, fill[r]);
					med[r] = ring[r][fill[r] / 2];
				}
				// Bragg peaks
				double[] pk = new double[8 * 4];
				int np = 0;
				for (int i = 0; i < nb; i++) {
					double p = bandP[i], bg = med[br[i]];
					if (!(p > peakStrength * bg)) continue;
					boolean max = true;
					for (int dy = -1; dy <= 1 && max; dy++) for (int dx = -1; dx <= 1; dx++) {
						if ((dx != 0 || dy != 0) && LatticeFft.at(pw, m, bx[i] + dx, by[i] + dy) > p) {
							max = false;
							break;
						}
					}
					if (!max) continue;
					double ex = 0;
					for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) ex += Math.max(0, LatticeFft.at(pw, m,
						bx[i] + dx, by[i] + dy) - bg);
					// keep the 8 strongest: {excess, k, angle, strength}
					int slot = np < 8 ? np++ : weakest(pk, np);
					if (np == 8 && slot >= 0 && pk[slot * 4] >= ex) continue;
					pk[slot * 4] = ex;
					pk[slot * 4 + 1] = Math.hypot(bx[i], by[i]);
					double a = Math.toDegrees(Math.atan2(by[i], bx[i]));
					pk[slot * 4 + 2] = a < 0 ? a + 180 : a;
					pk[slot * 4 + 3] = p / bg;
				}
				// six strongest
				double[] ex = new double[np];
				for (int i = 0; i < np; i++) ex[i] = pk[i * 4];
				Arrays.sort(ex);
				double sum = 0;
				for (int i = Math.max(0, np - 6); i < np; i++) sum += ex[i];
				double metric = total > 0 ? sum / total : 0;
				res.metric[t] = metric;
				byte cls = AMORPHOUS;
				if (metric >= threshold) cls = severalOrientations(pk, np) ? (byte) POLYCRYSTALLINE : (byte) CRYSTALLINE;
				res.tileClass[t] = cls;
			}
		});
		// map at step resolution and area fractions from the interpolated metric
		res.mapW = (w + st - 1) / st;
		res.mapH = (h + st - 1) / st;
		res.classMap = new double[res.mapW * res.mapH];
		res.metricMap = new double[res.mapW * res.mapH];
		for (int j = 0; j < res.mapH; j++) for (int i = 0; i < res.mapW; i++) {
			double x = Math.min(w, (i + 0.5) * st), y = Math.min(h, (j + 0.5) * st);
			double v = interpolate(res, x, y);
			res.metricMap[j * res.mapW + i] = v;
			res.classMap[j * res.mapW + i] = v >= threshold ? nearestClass(res, x, y, true) : AMORPHOUS;
		}
		double[] f = fractions(res, w, h, threshold);
		res.crystallineFraction = f[0];
		res.polycrystallineFraction = f[1];
		res.amorphousFraction = 1 - f[0];
		// uncertainty: how much the fraction moves when the threshold moves by +-30 % (the calibration's spread)
		double lo = fractions(res, w, h, threshold * 0.7)[0], hi = fractions(res, w, h, threshold * 1.3)[0];
		// plus the area of half a window step along the class boundaries, through the sensitivity above
		res.crystallineUncertainty = Math.max(0.5 * Math.abs(lo - hi), 1.0 / (res.tilesX * res.tilesY * 4.0));
		return res;
	}

	private static int weakest(double[] pk, int np) {
		int k = 0;
		for (int i = 1; i < np; i++) if (pk[i * 4] < pk[k * 4]) k = i;
		return k;
	}

	/** Two strong peaks at the same spacing but at angles one lattice cannot give. */
	static boolean severalOrientations(double[] pk, int np) {
		double top = 0;
		for (int i = 0; i < np; i++) top = Math.max(top, pk[i * 4]);
		for (int i = 0; i < np; i++) for (int j = i + 1; j < np; j++) {
			if (pk[i * 4] < 0.15 * top || pk[j * 4] < 0.15 * top) continue;
			double ki = pk[i * 4 + 1], kj = pk[j * 4 + 1];
			// tolerances include the FFT grid quantisation at this radius (1.5 bins)
			double kmin = Math.min(ki, kj);
			if (Math.abs(ki - kj) > Math.max(0.06 * Math.max(ki, kj), 1.5)) continue;
			double tol = Math.max(5, Math.toDegrees(1.5 / kmin));
			double d = Math.abs(pk[i * 4 + 2] - pk[j * 4 + 2]) % 180;
			if (d > 90) d = 180 - d;
			if (d < tol) continue;
			if (Math.abs(d - 60) < tol || Math.abs(d - 90) < tol) continue;
			return true;
		}
		return false;
	}

	/** Metric at image point (x, y) by bilinear interpolation between window centres (clamped). */
	static double interpolate(Result r, double x, double y) {
		double fx = (x - r.window / 2.0) / r.step, fy = (y - r.window / 2.0) / r.step;
		fx = Math.max(0, Math.min(r.tilesX - 1, fx));
		fy = Math.max(0, Math.min(r.tilesY - 1, fy));
		int ix = Math.min(r.tilesX - 2, (int) fx), iy = Math.min(r.tilesY - 2, (int) fy);
		if (r.tilesX == 1) ix = 0;
		if (r.tilesY == 1) iy = 0;
		double ax = r.tilesX == 1 ? 0 : fx - ix, ay = r.tilesY == 1 ? 0 : fy - iy;
		int x1 = Math.min(r.tilesX - 1, ix + 1), y1 = Math.min(r.tilesY - 1, iy + 1);
		double[] m = r.metric;
		return (1 - ay) * ((1 - ax) * m[iy * r.tilesX + ix] + ax * m[iy * r.tilesX + x1]) + ay * ((1 - ax) * m[y1 *
			r.tilesX + ix] + ax * m[y1 * r.tilesX + x1]);
	}

	/** Class of the nearest crystalline window (crystalline or polycrystalline). */
	private static int nearestClass(Result r, double x, double y, boolean crystallineOnly) {
		int ix = (int) Math.round((x - r.window / 2.0) / r.step), iy = (int) Math.round((y - r.window / 2.0) / r.step);
		ix = Math.max(0, Math.min(r.tilesX - 1, ix));
		iy = Math.max(0, Math.min(r.tilesY - 1, iy));
		int c = r.tileClass[iy * r.tilesX + ix];
		if (c != AMORPHOUS || !crystallineOnly) return c;
		// the nearest window itself is below the threshold: look at the 3x3 neighbours
		for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) {
			int qx = ix + dx, qy = iy + dy;
			if (qx < 0 || qy < 0 || qx >= r.tilesX || qy >= r.tilesY) continue;
			if (r.tileClass[qy * r.tilesX + qx] == POLYCRYSTALLINE) return POLYCRYSTALLINE;
		}
		return CRYSTALLINE;
	}

	/** {crystalline (incl. polycrystalline) fraction, polycrystalline fraction} of the image area. */
	private static double[] fractions(Result r, int w, int h, double thr) {
		int fs = Math.max(1, r.step / 8);
		long n = 0, c = 0, p = 0;
		for (int y = fs / 2; y < h; y += fs) for (int x = fs / 2; x < w; x += fs) {
			n++;
			double v = interpolate(r, x + 0.5, y + 0.5);
			if (v >= thr) {
				c++;
				if (nearestClass(r, x + 0.5, y + 0.5, true) == POLYCRYSTALLINE) p++;
			}
		}
		return new double[] { c / (double) n, p / (double) n };
	}
}
