package org.interphase.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.interphase.core.data.LengthUnits;
import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase.StoredRow;

/**
 * EELS &rarr; XPS consistency: from the EELS Ti3+ profile f(z) (z from the Li interface), the fraction XPS should
 * see at an information depth: F = &int;f(z) e^{-z/L} dz / &int;e^{-z/L} dz with L = &lambda; cos&theta; (the TPP-2M
 * IMFP and emission angle the XPS analysis used; its stored information depth is 3L). The profile is linear between
 * the measured points, its first value holds up to z = 0 and its last value beyond the last point (the bulk).
 * Assumptions: XPS and EELS see the same region, the layer is laterally homogeneous, and the Ti signal is
 * attenuated alike for both valences. The predicted fraction's uncertainty propagates the points' sigmas (each
 * enters linearly) and, in quadrature, the stored uncertainty of the information depth (&lambda;, TPP-2M ~11 %) by
 * the prediction's change between L &plusmn; &sigma;_L.
 */
final class DepthConsistency {
	private DepthConsistency() {}

	/** {F, sigma F} for profile points (z ascending, in the unit of L) and attenuation length L. */
	static double[] predict(double[] z, double[] f, double[] sf, double L) {
		int n = z.length;
		double[] w = new double[n]; // d F / d f_i
		// 0..z0: constant f0
		double e0 = Math.exp(-Math.max(0, z[0]) / L);
		w[0] += 1 - e0;
		for (int i = 0; i + 1 < n; i++) {
			double a = Math.max(0, z[i]), b = z[i + 1];
			if (b <= a) continue;
			// f(z) = f_i (b - z)/h + f_{i+1} (z - a')/h on [a, b] with h = z[i+1]-z[i]; integrals of e^{-z/L} times 1 and z
			double h = z[i + 1] - z[i];
			double ea = Math.exp(-a / L), eb = Math.exp(-b / L);
			double i0 = L * (ea - eb); // int e^{-z/L}
			double i1 = L * (a * ea - b * eb) + L * i0; // int z e^{-z/L}
			w[i] += (z[i + 1] * i0 - i1) / h / L;
			w[i + 1] += (i1 - z[i] * i0) / h / L;
		}
		w[n - 1] += Math.exp(-Math.max(0, z[n - 1]) / L);
		double F = 0, var = 0;
		for (int i = 0; i < n; i++) {
			F += w[i] * f[i];
			if (Double.isFinite(sf[i])) var += w[i] * w[i] * sf[i] * sf[i];
		}
		return new double[] { F, Math.sqrt(var) };
	}

	static final class Row {
		String sample, photonEnergy;
		double informationDepth, predicted, predictedSd, measured, measuredSd, zScore;
		boolean disagree;
	}

	/** Length units EELS distances come in, to nm; NaN for anything else (pixels: no prediction). */
	static double toNm(String unit) {
		return LengthUnits.nm(unit);
	}

	static List<Row> compute(List<StoredRow> latest, SampleOrder order) {
		Map<String, TreeMap<String, double[]>> xps = new HashMap<>(); // sample -> hv -> {3L, f, sf}
		for (StoredRow s : latest) {
			ResultRow r = s.row;
			if (s.filePath == null && r.technique.equals("xps") && r.region.startsWith("hv=")) {
				String hv = r.region.split(";", 2)[0];
				double[] p = xps.computeIfAbsent(r.sampleId, k -> new TreeMap<>()).computeIfAbsent(hv,
					k -> new double[] { Double.NaN, Double.NaN, Double.NaN, Double.NaN });
				if (r.quantity.equals("information_depth")) {
					p[0] = r.value * toNm(r.unit);
					p[3] = r.uncertainty * toNm(r.unit);
				}
				else if (r.quantity.equals("depth_fraction") && KeyFigures.isTi3(r.region) && Double.isNaN(p[1])) {
					p[1] = r.value;
					p[2] = r.uncertainty;
				}
			}
		}
		EelsProfiles eels = EelsProfiles.of(latest);
		Map<String, List<double[]>> profile = eels.points;
		Map<String, Integer> scans = eels.scans;
		List<Row> out = new ArrayList<>();
		for (String s : order.samples) {
			List<double[]> pts = profile.get(s);
			TreeMap<String, double[]> series = xps.get(s);
			if (pts == null || series == null || pts.size() < 2) continue;
			pts.sort((a, b) -> Double.compare(a[0], b[0]));
			List<double[]> c = KeyFigures.combine(pts, scans.get(s));
			double[] z = new double[c.size()], f = new double[z.length], sf = new double[z.length];
			for (int i = 0; i < z.length; i++) {
				z[i] = c.get(i)[0];
				f[i] = c.get(i)[1];
				sf[i] = c.get(i)[2];
			}
			for (Map.Entry<String, double[]> e : series.entrySet()) {
				double[] m = e.getValue();
				if (!Double.isFinite(m[0]) || !Double.isFinite(m[1])) continue;
				double[] p = predict(z, f, sf, m[0] / 3);
				// the IMFP's uncertainty (TPP-2M ~11 %, stored with the information depth) moves the prediction too
				if (Double.isFinite(m[3]) && m[3] > 0 && m[3] < m[0]) {
					double hi = predict(z, f, sf, (m[0] + m[3]) / 3)[0], lo = predict(z, f, sf, (m[0] - m[3]) / 3)[0];
					p[1] = Math.hypot(p[1], 0.5 * Math.abs(hi - lo));
				}
				Row r = new Row();
				r.sample = s;
				r.photonEnergy = e.getKey().substring(3);
				r.informationDepth = m[0];
				r.predicted = p[0];
				r.predictedSd = p[1];
				r.measured = m[1];
				r.measuredSd = m[2];
				double sd = Math.sqrt(p[1] * p[1] + (Double.isFinite(m[2]) ? m[2] * m[2] : 0));
				r.zScore = (m[1] - p[0]) / sd;
				r.disagree = Math.abs(r.zScore) > 2;
				out.add(r);
			}
		}
		return out;
	}
}
