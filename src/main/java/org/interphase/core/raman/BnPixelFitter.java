package org.interphase.core.raman;

import java.util.List;
import java.util.Map;

import org.interphase.core.fit.Parameters;

/**
 * Per-pixel fit of a map or series with the band shapes of the mean spectrum: every band's position and width
 * come from the mean-spectrum fit, each pixel fits only
 * <ul>
 * <li>the band areas (linear), and</li>
 * <li>a small shift and width change of the h-BN band, linearised: columns d(band)/d(centre) and
 * d(band)/d(width) of the unit-area h-BN band, whose coefficients divided by the h-BN area are the shift and
 * the width change (first order in both; a pixel whose shift exceeds a quarter of the FWHM is flagged
 * through {@link #largeShift}).</li>
 * </ul>
 * As in {@link BnFitter}, the smooth baseline is profiled out exactly: data and every column are filtered by
 * (I - S). The weighted linear least squares (Poisson weights from a 7-channel moving average, as the full fit)
 * give the areas with their covariance, scaled by the reduced chi-square, and the c-BN / h-BN ratio with its
 * propagated sigma. Why not the full non-linear fit per pixel: with the c-BN weak in a pixel its free position
 * and width chase the noise and take the ratio with them (per-pixel ratio error p90 0.19 on the 20 x 20 stress
 * map against 0.07 with the shapes fixed), and the non-linear fit costs ~100x more.
 * <p>
 * Not thread-safe (work arrays): one instance per thread.
 */
final class BnPixelFitter {
	private final BnModel model;
	private final List<BnBands> bands;
	private final int n, k, ih, ic, idc, idw;
	private final double[] x;
	private final SmoothBaseline smoother;
	/** filtered columns, k x n */
	private final double[][] cols;
	private final double hbnCentre, hbnWidth, hbnFwhm, widthStep;
	private final String widthName;
	private final Parameters shape;
	/** the h-BN band as a component, its local parameters (area 1), the indices of centre and width in them */
	private final org.interphase.core.fit.Component hbn;
	private final double[] hbnLocal;
	private final int locCentre, locWidth;
	/** the mean's h-BN columns (restored for every pixel) and the raw curves of the current h-BN shape */
	private final double[] baseH, baseDc, baseDw, raw, rawUp, rawDn;
	static final int MAX_ITERATIONS = 4;
	private final double[] target, tmp, w, ata, atb, inv;

	/** Result of one pixel (filled by {@link #fit}). */
	static final class Pixel {
		double hbnArea, hbnAreaSd, cbnArea, cbnAreaSd, loArea, ratio, ratioSd, hbnPosition, hbnFwhm, reducedChi2;
		boolean largeShift;
	}

	BnPixelFitter(BnModel model, double[] x, SmoothBaseline smoother, Parameters meanBest) {
		this.model = model;
		this.bands = model.bands();
		this.x = x;
		this.n = x.length;
		this.smoother = smoother;
		int nb = bands.size();
		k = nb + 2;
		ih = bands.indexOf(BnBands.HBN);
		ic = bands.indexOf(BnBands.CBN_TO);
		idc = nb;
		idw = nb + 1;
		cols = new double[k][];
		shape = meanBest.copy();
		for (BnBands b : bands) shape.get(b.id + "_area").value = 1;
		shape.resolveLinks();
		Map<String, double[]> comp = model.model().evalComponents(x, shape);
		for (int j = 0; j < nb; j++) cols[j] = filter(comp.get(bands.get(j).id));
		hbnCentre = shape.value(BnBands.HBN.id + "_center");
		List<String> wn = model.widthParameters(BnBands.HBN);
		widthName = wn.get(wn.size() - 1);
		hbnWidth = shape.value(widthName);
		hbnFwhm = model.fwhm(values(shape), BnBands.HBN);
		// derivatives by central differences, steps small against the band
		double hc = 0.01 * hbnFwhm;
		cols[idc] = filter(diff(BnBands.HBN.id + "_center", hc));
		widthStep = 0.01 * hbnWidth;
		cols[idw] = filter(diff(widthName, widthStep));
		hbn = model.model().component(BnBands.HBN.id);
		List<String> ln = hbn.parameterNames();
		hbnLocal = new double[ln.size()];
		for (int i = 0; i < ln.size(); i++) hbnLocal[i] = shape.value(hbn.prefix() + ln.get(i));
		locCentre = ln.indexOf("center");
		locWidth = ln.indexOf(widthName.substring(hbn.prefix().length()));
		baseH = cols[ih].clone();
		baseDc = cols[idc].clone();
		baseDw = cols[idw].clone();
		raw = new double[n];
		rawUp = new double[n];
		rawDn = new double[n];
		target = new double[n];
		tmp = new double[n];
		w = new double[n];
		ata = new double[k * k];
		atb = new double[k];
		inv = new double[k * k];
	}

	private double[] diff(String name, double h) {
		Parameters p = shape.copy();
		double v = p.value(name);
		p.get(name).value = v + h;
		p.resolveLinks();
		double[] up = model.model().evalComponents(x, p).get(BnBands.HBN.id);
		p.get(name).value = v - h;
		p.resolveLinks();
		double[] dn = model.model().evalComponents(x, p).get(BnBands.HBN.id);
		double[] d = new double[n];
		for (int i = 0; i < n; i++) d[i] = (up[i] - dn[i]) / (2 * h);
		return d;
	}

	private double[] filter(double[] c) {
		double[] s = new double[n];
		smoother.smooth(c, s);
		double[] out = new double[n];
		for (int i = 0; i < n; i++) out[i] = c[i] - s[i];
		return out;
	}

	/** A FitValues view of fixed parameters (for the model's FWHM of a shape). */
	private static org.interphase.core.fit.FitValues values(Parameters p) {
		return new org.interphase.core.fit.FitValues() {
			@Override
			public double value(String parameter) {
				return p.value(parameter);
			}

			@Override
			public double area(String component) {
				return p.value(component + "_area");
			}
		};
	}

	/**
	 * Fits one spectrum over the window (y: the window's channels, despiked).
	 *
	 * @return false when the normal equations are singular
	 */
	boolean fit(double[] y, Pixel out) {
		smoother.smooth(y, tmp);
		for (int i = 0; i < n; i++) target[i] = y[i] - tmp[i];
		double sum = 0, min = Double.POSITIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			sum += y[i];
			min = Math.min(min, y[i]);
		}
		double mean = sum / n;
		boolean counts = mean >= 20 && min >= -5 * Math.sqrt(mean);
		// 7-channel moving average by a running sum
		if (counts) {
			double run = 0;
			int a = 0, b = -1;
			for (int i = 0; i < n; i++) {
				int na = Math.max(0, i - 3), nbb = Math.min(n - 1, i + 3);
				while (b < nbb) run += y[++b];
				while (a < na) run -= y[a++];
				w[i] = 1 / Math.max(run / (b - a + 1), 1);
			}
		}
		else java.util.Arrays.fill(w, 1);
		// Gauss-Newton on the h-BN shape: solve, move the h-BN band to the new centre and width, solve again
		System.arraycopy(baseH, 0, cols[ih], 0, n);
		System.arraycopy(baseDc, 0, cols[idc], 0, n);
		System.arraycopy(baseDw, 0, cols[idw], 0, n);
		double centre = hbnCentre, width = hbnWidth, shift = 0, dw = 0;
		double[] coef = new double[k];
		for (int it = 0;; it++) {
			if (!solve(coef)) return false;
			double ah = coef[ih];
			shift = ah != 0 ? coef[idc] / ah : Double.NaN;
			dw = ah != 0 ? coef[idw] / ah : Double.NaN;
			if (!Double.isFinite(shift) || !Double.isFinite(dw)) break;
			boolean small = Math.abs(shift) < 0.005 * hbnFwhm && Math.abs(dw) < 0.005 * hbnWidth;
			// steps beyond the validity of the linearisation are not followed (flagged below)
			boolean wild = Math.abs(centre + shift - hbnCentre) > 0.25 * hbnFwhm || width + dw < 0.5 * hbnWidth || width +
				dw > 2 * hbnWidth;
			if (small || wild || it + 1 >= MAX_ITERATIONS) break;
			centre += shift;
			width += dw;
			hbnColumns(centre, width);
		}
		double chi = 0;
		for (int i = 0; i < n; i++) {
			double m = 0;
			for (int r = 0; r < k; r++) m += coef[r] * cols[r][i];
			double d = target[i] - m;
			chi += w[i] * d * d;
		}
		double red = chi / Math.max(1, n - k);
		out.reducedChi2 = red;
		double ah = coef[ih];
		out.hbnArea = ah;
		out.hbnAreaSd = Math.sqrt(inv[ih * k + ih] * red);
		double pos = centre + shift, wid = width + dw;
		out.largeShift = !(Math.abs(pos - hbnCentre) <= 0.25 * hbnFwhm) || !(wid >= 0.5 * hbnWidth && wid <= 2 *
			hbnWidth);
		out.hbnPosition = pos;
		Parameters p = shape; // the FWHM at the changed width (restored below)
		p.get(widthName).value = wid;
		out.hbnFwhm = model.fwhm(values(p), BnBands.HBN);
		p.get(widthName).value = hbnWidth;
		if (ic >= 0) {
			double ac = coef[ic];
			out.cbnArea = ac;
			out.cbnAreaSd = Math.sqrt(inv[ic * k + ic] * red);
			int il = bands.indexOf(BnBands.CBN_LO);
			out.loArea = il >= 0 ? coef[il] : Double.NaN;
			out.ratio = ac / ah;
			double vc = inv[ic * k + ic], vh = inv[ih * k + ih], cv = inv[ic * k + ih];
			double rr = out.ratio;
			double var = red * (vc - 2 * rr * cv + rr * rr * vh) / (ah * ah);
			out.ratioSd = Math.sqrt(Math.max(var, 0));
		}
		else {
			out.cbnArea = out.cbnAreaSd = out.loArea = out.ratio = out.ratioSd = Double.NaN;
		}
		return true;
	}

	/** Weighted normal equations of the current columns: coefficients into coef, the inverse into inv. */
	private boolean solve(double[] coef) {
		java.util.Arrays.fill(ata, 0);
		java.util.Arrays.fill(atb, 0);
		for (int r = 0; r < k; r++) {
			double[] cr = cols[r];
			double sb = 0;
			for (int i = 0; i < n; i++) sb += w[i] * cr[i] * target[i];
			atb[r] = sb;
			for (int c = 0; c <= r; c++) {
				double[] cc = cols[c];
				double s = 0;
				for (int i = 0; i < n; i++) s += w[i] * cr[i] * cc[i];
				ata[r * k + c] = s;
				ata[c * k + r] = s;
			}
		}
		if (!org.interphase.core.fit.SmallMatrix.invert(ata, inv, k)) return false;
		for (int r = 0; r < k; r++) {
			double s = 0;
			for (int c = 0; c < k; c++) s += inv[r * k + c] * atb[c];
			coef[r] = s;
		}
		double chi = 0;
		for (int i = 0; i < n; i++) {
			double m = 0;
			for (int r = 0; r < k; r++) m += coef[r] * cols[r][i];
			double d = target[i] - m;
			chi += w[i] * d * d;
		}
		return true;
	}

	/** The h-BN columns (band, d/dcentre, d/dwidth; filtered) at the given centre and width. */
	private void hbnColumns(double centre, double width) {
		hbnLocal[0] = 1;
		hbnLocal[locCentre] = centre;
		hbnLocal[locWidth] = width;
		java.util.Arrays.fill(raw, 0);
		hbn.addTo(x, hbnLocal, raw);
		filterInto(raw, cols[ih]);
		double hc = 0.01 * hbnFwhm;
		derivative(locCentre, centre, hc, cols[idc]);
		derivative(locWidth, width, widthStep, cols[idw]);
		hbnLocal[locCentre] = centre;
		hbnLocal[locWidth] = width;
	}

	private void derivative(int index, double v, double h, double[] out) {
		java.util.Arrays.fill(rawUp, 0);
		java.util.Arrays.fill(rawDn, 0);
		hbnLocal[index] = v + h;
		hbn.addTo(x, hbnLocal, rawUp);
		hbnLocal[index] = v - h;
		hbn.addTo(x, hbnLocal, rawDn);
		hbnLocal[index] = v;
		for (int i = 0; i < n; i++) raw[i] = (rawUp[i] - rawDn[i]) / (2 * h);
		filterInto(raw, out);
	}

	private void filterInto(double[] c, double[] out) {
		smoother.smooth(c, tmp);
		for (int i = 0; i < n; i++) out[i] = c[i] - tmp[i];
	}
}
