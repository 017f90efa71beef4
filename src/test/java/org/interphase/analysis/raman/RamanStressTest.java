package org.interphase.analysis.raman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.Params;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.raman.RamanStress;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of {@code raman-bn} on the independent stress set ({@link RamanStress}: physics-written spectra, never
 * the demo generator): broad and narrow h-BN, c-BN at ratios 0-0.6, LATP at varied strength, fluorescence,
 * spikes of 1-10x the band height on and beside bands, an instrument Gaussian of 2-8 cm-1, ascending and
 * descending axes, and maps of 20 x 20 pixels with a spatially varying ratio. The default run uses a few dozen
 * seeds (seconds); {@code -Draman.stress.seeds=300} runs the sweep quoted in docs/raman.md.
 */
class RamanStressTest {
	static final int SEEDS = Integer.getInteger("raman.stress.seeds", 40);
	final RamanBnAnalysis a = new RamanBnAnalysis();
	final AnalysisContext ctx = new AnalysisContext(null, 2);

	static Dataset dataset(double[] shift, double[] counts) {
		Signal s = new Signal("stress", "float64", new int[] { shift.length }, List.of(new Axis("Raman shift", shift,
			"cm-1")), counts.clone());
		return Dataset.of("stress.txt", "test", s);
	}

	static double p90(List<Double> v) {
		double[] d = v.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(d);
		return d.length == 0 ? Double.NaN : d[(int) Math.min(d.length - 1, Math.ceil(0.9 * d.length) - 1)];
	}

	static double median(List<Double> v) {
		double[] d = v.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(d);
		return d.length == 0 ? Double.NaN : d[d.length / 2];
	}

	@Test
	void singleSpectra() throws Exception {
		List<Double> pos = new ArrayList<>(), fw = new ArrayList<>(), ratio = new ArrayList<>();
		int missed = 0, covered = 0, withSd = 0;
		List<String> misses = new ArrayList<>();
		Params p = Params.defaults(a.params());
		// -Draman.stress.lineshape=lorentzian measures the former default
		p = p.with("lineshape", System.getProperty("raman.stress.lineshape", "instrument-voigt"));
		for (int seed = 1; seed <= SEEDS; seed++) {
			RamanStress g = new RamanStress(seed);
			RamanStress.Spectrum s = g.spectrum(g.randomSingle());
			if (seed % 2 == 0) s = s.descending();
			RamanStress.Truth t = s.truth;
			AnalysisResult r = a.analyze(dataset(s.shift, s.counts), p, ctx);
			ResultRow hp = r.find("hbn_position"), hf = r.find("hbn_fwhm"), rr = r.find("cbn_hbn_area_ratio");
			if (hp.flags.contains("no-hbn-detected") || !Double.isFinite(hp.value)) {
				if (t.hbnHeight >= 5 * t.noise) {
					missed++;
					misses.add(String.format(Locale.ROOT, "seed %d (FWHM %.1f, instr %.1f, height %.0f, noise %.0f)", seed,
						t.hbnFwhm, t.instrumentFwhm, t.hbnHeight, t.noise));
				}
				continue;
			}
			pos.add(Math.abs(hp.value - t.hbnPosition));
			fw.add(Math.abs(hf.value / t.hbnFwhm - 1));
			double e = Math.abs(rr.value - t.ratio) / Math.max(t.ratio, 0.1);
			ratio.add(Double.isFinite(e) ? e : 10);
			if (rr.hasUncertainty()) {
				withSd++;
				if (Math.abs(rr.value - t.ratio) <= rr.uncertainty) covered++;
			}
			if (Boolean.getBoolean("raman.stress.verbose")) System.out.printf(Locale.ROOT,
				"seed %d: pos %.2f/%.2f fwhm %.2f/%.2f (instr %.1f) ratio %.4f+-%.4f/%.4f spikes %d/%d %s%n", seed, hp.value,
				t.hbnPosition, hf.value, t.hbnFwhm, t.instrumentFwhm, rr.value, rr.uncertainty, t.ratio, (int) r.find(
					"spikes_removed").value, t.spikes, hp.flags);
		}
		String report = String.format(Locale.ROOT, "stress single (%d seeds): h-BN position p90 %.3f cm-1, FWHM p90 " +
			"%.3f, ratio error/max(ratio,0.1) median %.3f p90 %.3f, sigma coverage %.2f, no-hbn-detected at >= 5x noise %d %s",
			SEEDS, p90(pos), p90(fw), median(ratio), p90(ratio), covered / (double) Math.max(1, withSd), missed, misses);
		System.out.println(report);
		assertTrue(missed == 0, report);
		assertTrue(p90(pos) <= 0.5, report);
		assertTrue(p90(fw) <= 0.05, report);
		assertTrue(p90(ratio) <= 0.05, report);
		double cov = covered / (double) withSd;
		assertTrue(cov > 0.55 && cov < 0.85, report);
	}

	/**
	 * Weak h-BN (peak 5-8x the noise at its position), narrow or broad, with spikes of 1-10x its height on and
	 * beside the bands: never "no-hbn-detected", and the stated sigmas cover the errors.
	 */
	@Test
	void weakBandsAreDetected() throws Exception {
		int missed = 0, covered = 0, k = 0;
		List<String> misses = new ArrayList<>();
		Params p = Params.defaults(a.params());
		for (int seed = 1000; seed < 1000 + SEEDS / 2; seed++) {
			RamanStress g = new RamanStress(seed);
			RamanStress.Recipe rc = g.randomSingle();
			double snr = 5 + 3 * g.random().nextDouble();
			double f = rc.fluorescence; // the background near 1370 is of this order
			rc.hbnHeight = snr * snr / 2 + Math.sqrt(Math.pow(snr, 4) / 4 + snr * snr * f);
			rc.spikes = 1 + g.random().nextInt(3);
			RamanStress.Spectrum s = g.spectrum(rc);
			if (seed % 2 == 1) s = s.descending();
			RamanStress.Truth t = s.truth;
			if (t.hbnHeight < 5 * t.noise) continue;
			AnalysisResult r = a.analyze(dataset(s.shift, s.counts), p, ctx);
			ResultRow hp = r.find("hbn_position");
			if (hp.flags.contains("no-hbn-detected")) {
				missed++;
				misses.add(String.format(Locale.ROOT, "seed %d (FWHM %.1f, height/noise %.1f)", seed, t.hbnFwhm, t.hbnHeight /
					t.noise));
				continue;
			}
			k++;
			if (Math.abs(hp.value - t.hbnPosition) <= hp.uncertainty) covered++;
		}
		String report = String.format(Locale.ROOT, "stress weak h-BN (5-8x noise, %d spectra): no-hbn-detected %d %s, " +
			"position sigma coverage %.2f", k + missed, missed, misses, covered / (double) Math.max(1, k));
		System.out.println(report);
		assertTrue(missed == 0, report);
		double cov = covered / (double) k;
		assertTrue(cov > 0.5 && cov < 0.9, report);
	}

	/** The instrument width from a narrow reference band (a Si spectrum of the same instrument) in a text file. */
	@Test
	void instrumentWidthFromAReferenceBand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
		double instrument = 6.5, sg = instrument / 2.3548;
		double[] x = RamanStress.gratingAxis(1024, 300, 1000);
		double[] y = new double[x.length];
		RamanStress.add(x, y, new RamanStress.Line(520.7, 3, 3e5), sg);
		RamanStress g = new RamanStress(31);
		java.util.Random rnd = g.random();
		StringBuilder sb = new StringBuilder("#Laser (nm)=\t532\n");
		for (int i = 0; i < x.length; i++) {
			double v = y[i] + 800;
			sb.append(String.format(Locale.ROOT, "%.4f\t%.2f%n", x[i], v + Math.sqrt(v) * rnd.nextGaussian()));
		}
		java.nio.file.Path si = dir.resolve("si_reference.txt");
		java.nio.file.Files.writeString(si, sb.toString());
		RamanStress.Recipe rc = new RamanStress.Recipe();
		rc.instrumentFwhm = instrument;
		rc.hbnLorentzFwhm = 5;
		rc.hbnHeight = 3e4;
		RamanStress.Spectrum s = g.spectrum(rc);
		AnalysisResult r = a.analyze(dataset(s.shift, s.counts), Params.defaults(a.params()).with("instrument-reference", si
			.toString()), ctx);
		ResultRow ins = r.find("instrument_fwhm");
		assertTrue(Math.abs(ins.value - instrument) < 0.5 && "given".equals(ins.label), ins.toString());
		assertTrue(Math.abs(r.find("hbn_fwhm").value / s.truth.hbnFwhm - 1) < 0.05, r.find("hbn_fwhm") + " vs " + s.truth
			.hbnFwhm);
		assertTrue(Math.abs(r.find("hbn_lorentzian_fwhm").value - 5) < 1, r.find("hbn_lorentzian_fwhm").toString());
	}

	/**
	 * Crystallite size from the Lorentzian part of the E2g width: right where it is resolved; a flagged lower bound
	 * where the band is instrument-limited.
	 */
	@Test
	void crystalliteSizeOnlyWhereTheLorentzianIsResolved() throws Exception {
		Params p = Params.defaults(a.params());
		RamanStress.Recipe broad = new RamanStress.Recipe();
		broad.hbnLorentzFwhm = 30; // La = 141.7 / (30 - 8.7) = 6.65 nm
		broad.instrumentFwhm = 4;
		broad.hbnHeight = 5e4;
		RamanStress.Spectrum s = new RamanStress(41).spectrum(broad);
		ResultRow size = a.analyze(dataset(s.shift, s.counts), p, ctx).find("hbn_crystallite_size");
		assertTrue(Math.abs(size.value / (141.7 / (30 - 8.7)) - 1) < 0.05 && !size.flags.contains("size-lower-bound"), size
			.toString());
		RamanStress.Recipe narrow = new RamanStress.Recipe();
		narrow.hbnLorentzFwhm = 1.5; // far below the 8 cm-1 instrument: not resolved
		narrow.instrumentFwhm = 8;
		narrow.hbnHeight = 5e4;
		s = new RamanStress(42).spectrum(narrow);
		AnalysisResult r = a.analyze(dataset(s.shift, s.counts), p, ctx);
		size = r.find("hbn_crystallite_size");
		assertTrue(size.flags.contains("size-lower-bound") && size.label.startsWith("lower bound") && !size
			.hasUncertainty(), size.toString());
		assertTrue(Math.abs(r.find("hbn_fwhm").value / s.truth.hbnFwhm - 1) < 0.05, r.find("hbn_fwhm").toString());
	}

	/** The failing case: broad (34 cm-1) h-BN, two spikes of 6-8x its height, one beside LATP 1008. */
	@Test
	void broadBandWithTwoLargeSpikes() throws Exception {
		RamanStress g = new RamanStress(7);
		RamanStress.Recipe rc = new RamanStress.Recipe();
		rc.hbnLorentzFwhm = 31;
		rc.instrumentFwhm = 4;
		rc.hbnHeight = 1.5e4;
		rc.ratio = 0.15;
		rc.latpScale = 1;
		rc.spikes = 0;
		RamanStress.Spectrum s = g.spectrum(rc);
		addSpike(s, 1372, 8 * s.truth.hbnHeight);
		addSpike(s, 1016, 6 * s.truth.hbnHeight);
		AnalysisResult r = a.analyze(dataset(s.shift, s.counts), Params.defaults(a.params()), ctx);
		ResultRow hp = r.find("hbn_position");
		String what = "FWHM " + s.truth.hbnFwhm + ": " + hp + " / " + r.find("hbn_fwhm");
		assertTrue(!hp.flags.contains("no-hbn-detected"), what);
		assertTrue(Math.abs(hp.value - s.truth.hbnPosition) < 0.5, what);
		assertTrue(Math.abs(r.find("hbn_fwhm").value / s.truth.hbnFwhm - 1) < 0.05, what);
		assertTrue(r.find("spikes_removed").value >= 2, "spikes " + r.find("spikes_removed"));
		assertTrue(Math.abs(r.find("cbn_hbn_area_ratio").value - 0.15) < 0.015, "ratio " + r.find("cbn_hbn_area_ratio"));
	}

	static void addSpike(RamanStress.Spectrum s, double at, double h) {
		int c = 0;
		for (int i = 1; i < s.shift.length; i++) if (Math.abs(s.shift[i] - at) < Math.abs(s.shift[c] - at)) c = i;
		s.counts[c] += h;
		s.counts[c + 1] += 0.4 * h;
	}

	/** Broad h-BN (Lorentzian 28, instrument 6 cm-1), ratio field 0-0.5. */
	@Test
	void map20x20() throws Exception {
		RamanStress.Recipe rc = new RamanStress.Recipe();
		rc.hbnHeight = Double.parseDouble(System.getProperty("raman.stress.mapHeight", "1e4"));
		rc.hbnLorentzFwhm = 28;
		rc.instrumentFwhm = 6;
		rc.latpScale = 1;
		rc.fluorescence = Double.parseDouble(System.getProperty("raman.stress.fluorescence", "8000"));
		map(101, rc, 0.5, "broad h-BN");
	}

	/**
	 * Narrow, instrument-limited h-BN (Lorentzian 6, instrument 5 cm-1), weak c-BN (ratio field 0-0.15), strong LATP.
	 * A narrow band has a third of the broad one's area at the same height: at 1e4 counts the ratio error is
	 * statistical, p90 0.14 (single spectra 0.19, sigma coverage 0.64); 3e4 counts are needed for the 0.10 target.
	 */
	@Test
	void map20x20NarrowWeakCubic() throws Exception {
		RamanStress.Recipe rc = new RamanStress.Recipe();
		rc.hbnHeight = Double.parseDouble(System.getProperty("raman.stress.narrowMapHeight", "3e4"));
		rc.hbnLorentzFwhm = 6;
		rc.instrumentFwhm = 5;
		rc.latpScale = 1.5;
		rc.fluorescence = 5000;
		map(202, rc, 0.15, "narrow h-BN, weak c-BN");
	}

	void map(long seed, RamanStress.Recipe rc, double maxRatio, String what) throws Exception {
		RamanStress g = new RamanStress(seed);
		int ny = 20, nx = 20;
		RamanStress.Map m = g.map(rc, ny, nx, maxRatio, Double.parseDouble(System.getProperty(
			"raman.stress.spikeFraction", "0.3")));
		int n = m.shift.length;
		Signal sig = new Signal("map", "float64", new int[] { ny, nx, n }, List.of(new Axis("y", ny, 1, 0, "um"), new Axis(
			"x", nx, 1, 0, "um"), new Axis("Raman shift", m.shift, "cm-1")), m.data);
		Params mp = Params.defaults(a.params());
		if (System.getProperty("raman.stress.instrument") != null) mp = mp.with("instrument-fwhm", System.getProperty(
			"raman.stress.instrument"));
		AnalysisResult r = a.analyze(Dataset.of("map.txt", "test", sig), mp, ctx);
		Signal ratio = null, sigma = null;
		for (Signal s : r.maps()) if (s.name.equals("cbn_hbn_area_ratio")) ratio = s;
		for (Signal s : r.maps()) if (s.name.equals("cbn_hbn_area_ratio_sigma")) sigma = s;
		double[] v = ratio.data(), sd = sigma.data();
		Signal posMap = null, fwMap = null;
		for (Signal s : r.maps()) if (s.name.equals("hbn_position")) posMap = s;
		for (Signal s : r.maps()) if (s.name.equals("hbn_fwhm")) fwMap = s;
		List<Double> posErr = new ArrayList<>(), fwErr = new ArrayList<>();
		for (int p = 0; p < v.length; p++) {
			posErr.add(Math.abs(posMap.data()[p] - m.truth[p].hbnPosition));
			fwErr.add(Math.abs(fwMap.data()[p] / m.truth[p].hbnFwhm - 1));
		}
		List<Double> err = new ArrayList<>();
		int covered = 0;
		double zs = 0, zz = 0;
		for (int p = 0; p < v.length; p++) {
			double t = m.truth[p].ratio;
			double e = Math.abs(v[p] - t) / Math.max(t, 0.1);
			err.add(Double.isFinite(e) ? e : 10);
			if (Math.abs(v[p] - t) <= sd[p]) covered++;
			zs += (v[p] - t) / sd[p];
			zz += (v[p] - t) * (v[p] - t) / (sd[p] * sd[p]);
		}
		zs /= v.length;
		zz = Math.sqrt(zz / v.length);
		// single spectra at the same counts (same recipe, ratios over the same range) for the 2x criterion
		List<Double> single = new ArrayList<>();
		for (int k = 0; k < 30; k++) {
			RamanStress gs = new RamanStress(5000 + 100 * seed + k);
			RamanStress.Recipe one = RamanStress.copy(rc);
			one.ratio = maxRatio * gs.random().nextDouble();
			one.spikes = 1;
			RamanStress.Spectrum sp = gs.spectrum(one);
			double rv = a.analyze(dataset(sp.shift, sp.counts), Params.defaults(a.params()), ctx).find("cbn_hbn_area_ratio")
				.value;
			double e = Math.abs(rv - one.ratio) / Math.max(one.ratio, 0.1);
			single.add(Double.isFinite(e) ? e : 10);
		}
		double cov = covered / (double) v.length;
		String report = String.format(Locale.ROOT, "stress map 20x20, " + what + " (h-BN %.0f counts): per-pixel ratio error/max(ratio,0.1) " +
			"median %.3f p90 %.3f, sigma coverage %.2f (mean z %.2f, rms z %.2f), spikes removed %.0f of %d; single spectra at the same counts: median " +
			"%.3f p90 %.3f", rc.hbnHeight, median(err), p90(err), cov, zs, zz, r.find("spikes_removed").value, m.spikes, median(single),
			p90(single));
		report += String.format(Locale.ROOT, "; per-pixel h-BN position error p90 %.3f cm-1, FWHM p90 %.3f", p90(posErr),
			p90(fwErr));
		System.out.println(report);
		assertTrue(p90(posErr) <= 0.5 && p90(fwErr) <= 0.05, report);
		if (Boolean.getBoolean("raman.stress.verbose")) for (String q : List.of("hbn_position", "hbn_fwhm", "cbn_position",
			"cbn_fwhm", "cbn_lo_position", "cbn_lo_fwhm", "instrument_fwhm", "cbn_hbn_area_ratio")) System.out.println(
				"mean spectrum " + r.find(q, "mean-spectrum"));
		assertTrue(p90(err) <= 0.10, report);
		assertTrue(p90(err) <= 2 * p90(single), report);
		assertTrue(cov > 0.55 && cov < 0.85, report);
		assertTrue(r.find("spikes_removed").value >= 0.9 * m.spikes && r.find("spikes_removed").value <= m.spikes + 3,
			report);
		// coverage rows: every pixel has a ratio; c-BN detected where its truth is well above the per-pixel sigma
		assertEquals(1, r.find("ratio_pixel_coverage").value, 0.01, report);
		int strong = 0;
		double pixelSigma = r.find("cbn_hbn_area_ratio_pixel_sigma").value;
		for (RamanStress.Truth t : m.truth) if (t.ratio > 5 * pixelSigma) strong++;
		double det = r.find("cbn_detected_pixel_fraction").value;
		assertTrue(det >= 0.9 * strong / (double) m.truth.length && det <= 1, report + "; c-BN detected in " + det + ", " +
			"strong in " + strong);
	}
}
