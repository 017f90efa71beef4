package org.interphase.core.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Accuracy and uncertainty coverage on the independent stress set ({@link XpsStressGenerator}), 200 seeds per
 * count level by default ({@code -Dinterphase.xps.stress.seeds=N} changes it). Prints the p90 errors and
 * coverages that docs/xps.md quotes.
 */
class XpsStressTest {
	static final int SEEDS = Integer.getInteger("interphase.xps.stress.seeds", 200);

	/** Per count level: p90 of |fraction error|, coverage of the stated 1σ, median |error|, mean σ. */
	static final class Stats {
		final double p90, coverage, median, meanSd;
		final String worst;

		Stats(double p90, double coverage, double median, double meanSd, String worst) {
			this.p90 = p90;
			this.coverage = coverage;
			this.median = median;
			this.meanSd = meanSd;
			this.worst = worst;
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "p90 %.4f median %.4f coverage %.0f%% mean sd %.4f (worst: %s)", p90, median,
				100 * coverage, meanSd, worst);
		}
	}

	interface Case {
		XpsStressGenerator.Spectrum make(long seed, double fraction, double counts, double step);
	}

	/** A fit under test: spectrum → {fraction of the state, its stated σ}. */
	interface Method {
		double[] fit(double[] be, double[] counts, XpsTemplate t, String state);
	}

	static Method single(XpsFit.Options o) {
		return (be, y, t, state) -> {
			XpsFitResult.State st = XpsFit.fit(be, y, t, o).state(state);
			return new double[] {st.fraction, st.fractionSd()};
		};
	}

	static Method ensemble(XpsFit.Options o) {
		return (be, y, t, state) -> {
			XpsEnsemble.Result r = XpsEnsemble.fit(be, y, t, o);
			int k = r.stateIndex(state);
			return new double[] {r.fraction[k], r.fractionSdTotal[k]};
		};
	}

	static Stats run(String preset, Case gen, String state, double counts, int seeds, XpsFit.Options o) {
		return run(preset, gen, state, counts, seeds, single(o));
	}

	static Stats run(String preset, Case gen, String state, double counts, int seeds, Method m) {
		XpsTemplate t;
		try {
			t = preset.endsWith(".json") ? XpsTemplate.load(java.nio.file.Path.of(preset)) : XpsTemplate.preset(preset);
		}
		catch (java.io.IOException e) {
			throw new IllegalStateException(e);
		}
		double[] err = new double[seeds];
		int covered = 0;
		double sdSum = 0, worst = -1;
		String worstText = "";
		for (int s = 0; s < seeds; s++) {
			long seed = 7919L * s + (long) Math.log10(counts) * 104729L;
			Random r = new Random(seed ^ 0x5DEECE66DL);
			double f = 0.05 + 0.55 * r.nextDouble();
			double step = s % 2 == 0 ? 0.05 : 0.1;
			XpsStressGenerator.Spectrum sp = gen.make(seed, f, counts, step);
			double[] fs = m.fit(sp.be, sp.counts, t, state);
			double e = fs[0] - f;
			double sd = fs[1];
			err[s] = Math.abs(e);
			if (Math.abs(e) <= sd) covered++;
			sdSum += sd;
			if (err[s] > worst) {
				worst = err[s];
				worstText = String.format(Locale.ROOT, "seed %d truth %.3f fit %.3f sd %.4f %s", seed, f, fs[0], sd,
					sp.description);
			}
		}
		double[] sorted = err.clone();
		Arrays.sort(sorted);
		return new Stats(sorted[(int) Math.ceil(0.9 * seeds) - 1], covered / (double) seeds, sorted[seeds / 2],
			sdSum / seeds, worstText);
	}

	@Test
	void theGeneratorsLinesHaveUnitAreaAndTheirStatedWidth() {
		for (XpsStressGenerator.Family fam : XpsStressGenerator.Family.values()) {
			double norm = fam == XpsStressGenerator.Family.GL_PRODUCT ? XpsStressGenerator.glProductArea(1.3, 0.3) : 1;
			double a = 0, h = 0.001, peak = XpsStressGenerator.line(fam, 0, 1.3, 0.3, norm);
			for (int i = -200000; i <= 200000; i++) a += XpsStressGenerator.line(fam, i * h, 1.3, 0.3, norm) * h;
			// Lorentzian tails beyond ±200 eV hold 2 × 0.3 × 0.65/(π 200) ≈ 0.0006 of the GL-sum area
			assertEquals(1, a, fam == XpsStressGenerator.Family.GL_PRODUCT ? 1e-4 : 2e-3, fam + " area");
			double half = XpsStressGenerator.line(fam, 0.65, 1.3, 0.3, norm) / peak;
			// the GL product's width parameter is its FWHM only at m = 0 or 1 (CasaXPS): exp(-ln2·0.7)/(1 + 0.3)
			double expect = fam == XpsStressGenerator.Family.GL_PRODUCT ? Math.exp(-Math.log(2) * 0.7) / 1.3 : 0.5;
			assertEquals(expect, half, 0.003, fam + " height at FWHM/2");
		}
	}

	/**
	 * The fast single fit (GL product, stage-2 widths held: what maps and bench run) on the whole stress set: the
	 * baseline the ensemble is compared with. Bounds are the measured values with a margin (they guard against
	 * regressions; the targets are not met, see docs/xps.md).
	 */
	@Test
	void ti3FractionOfTheFastFitOnTheStressSet() {
		XpsFit.Options o = new XpsFit.Options();
		double[] p90Max = {0.20, 0.20, 0.20};
		double[] counts = {1e3, 1e4, 1e5};
		for (int i = 0; i < counts.length; i++) {
			Stats s = run("ti2p", XpsStressGenerator::ti2p, "Ti3+", counts[i], SEEDS, o);
			System.out.println(String.format(Locale.ROOT, "stress Ti 2p fast fit %.0e counts, %d seeds: %s", counts[i], SEEDS, s));
			assertTrue(s.p90 < p90Max[i], "p90 " + s.p90);
		}
	}

	@Test
	void b2o3FractionOfTheFastFitOnTheStressSet() {
		XpsFit.Options o = new XpsFit.Options();
		for (double counts : new double[] {1e3, 1e4, 1e5}) {
			Stats s = run("b1s", XpsStressGenerator::b1s, "B2O3", counts, SEEDS, o);
			System.out.println(String.format(Locale.ROOT, "stress B 1s fast fit %.0e counts, %d seeds: %s", counts, SEEDS, s));
			assertTrue(s.p90 < 0.08, "p90 " + s.p90);
		}
	}

	/** Seeds per count level for the ensemble (its cost is ~25 fits): -Dinterphase.xps.stress.ensembleSeeds=N. */
	static final int ENSEMBLE_SEEDS = Integer.getInteger("interphase.xps.stress.ensembleSeeds", 12);

	/**
	 * The analysis' default (model ensemble) on the stress set. Measured over 200 seeds (docs/xps.md): p90 and
	 * coverage of the total σ per count level. Asserted: the p90 below the measured value with a margin (the
	 * issue's 0.015 / 0.03 are below the information floor of a free-width model: not met, see docs/xps.md) and
	 * the coverage inside 60–80 % over ≥ 100 seeds, 40–100 % over the default 12 (binomial sd of 12 seeds: 13 %).
	 */
	@Test
	void ti3FractionOfTheEnsembleOnTheStressSet() {
		XpsFit.Options o = new XpsFit.Options();
		boolean large = ENSEMBLE_SEEDS >= 100;
		double[] counts = {1e3, 1e4, 1e5};
		double[] p90Max = large ? new double[] {0.095, 0.045, 0.02} : new double[] {0.16, 0.05, 0.03}; // 12 seeds: the p90 is the second-largest error
		for (int i = 0; i < counts.length; i++) {
			Stats s = run("ti2p", XpsStressGenerator::ti2p, "Ti3+", counts[i], ENSEMBLE_SEEDS, ensemble(o));
			System.out.println(String.format(Locale.ROOT, "stress Ti 2p ensemble %.0e counts, %d seeds: %s", counts[i],
				ENSEMBLE_SEEDS, s));
			assertTrue(s.p90 < p90Max[i], "p90 " + s.p90);
			assertTrue(s.coverage >= (large ? 0.6 : 0.4) && s.coverage <= (large ? 0.8 : 1.0), "coverage " + s.coverage);
		}
	}

	/**
	 * B 1s with the ensemble at 10^4 counts: measured p90 0.0172 over 200 seeds (issue target 0.015, not met),
	 * coverage 66 %; asserted below 0.02 (≥ 100 seeds) or 0.03 (the default 12), coverage 60–80 % over ≥ 100 seeds
	 * (40–100 % over 12).
	 */
	@Test
	void b2o3FractionOfTheEnsembleOnTheStressSet() {
		XpsFit.Options o = new XpsFit.Options();
		boolean large = ENSEMBLE_SEEDS >= 100;
		Stats s = run("b1s", XpsStressGenerator::b1s, "B2O3", 1e4, ENSEMBLE_SEEDS, ensemble(o));
		System.out.println(String.format(Locale.ROOT, "stress B 1s ensemble 1e4 counts, %d seeds: %s", ENSEMBLE_SEEDS, s));
		assertTrue(s.p90 < (large ? 0.02 : 0.03), "p90 " + s.p90);
		assertTrue(s.coverage >= (large ? 0.6 : 0.4) && s.coverage <= (large ? 0.8 : 1.0), "coverage " + s.coverage);
	}
}
