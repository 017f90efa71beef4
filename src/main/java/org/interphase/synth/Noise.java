package org.interphase.synth;

import java.util.SplittableRandom;

/**
 * Seeded noise for every generator: the same seed gives the same data on every machine and JVM.
 */
public final class Noise {
	private final SplittableRandom rnd;
	private double spare = Double.NaN;

	public Noise(long seed) {
		rnd = new SplittableRandom(seed);
	}

	public double uniform() {
		return rnd.nextDouble();
	}

	public double uniform(double lo, double hi) {
		return lo + (hi - lo) * rnd.nextDouble();
	}

	public int nextInt(int bound) {
		return rnd.nextInt(bound);
	}

	/** Standard normal (Marsaglia polar method). */
	public double gaussian() {
		if (!Double.isNaN(spare)) {
			double s = spare;
			spare = Double.NaN;
			return s;
		}
		double u, v, s;
		do {
			u = 2 * rnd.nextDouble() - 1;
			v = 2 * rnd.nextDouble() - 1;
			s = u * u + v * v;
		}
		while (s >= 1 || s == 0);
		double m = Math.sqrt(-2 * Math.log(s) / s);
		spare = v * m;
		return u * m;
	}

	public double gaussian(double mean, double sd) {
		return mean + sd * gaussian();
	}

	/** Poisson deviate: exact (Knuth) for small means, normal approximation above 50. */
	public double poisson(double mean) {
		if (mean <= 0) return 0;
		if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
		double l = Math.exp(-mean), p = 1;
		int k = 0;
		do {
			k++;
			p *= rnd.nextDouble();
		}
		while (p > l);
		return k - 1;
	}

	/** A child generator with its own stream (for per-file or per-thread data). */
	public Noise split() {
		return new Noise(rnd.nextLong());
	}
}
