package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * The trust-region path of {@link CompactFitter} reuses its buffers (values, Jacobian, the optimizer's negated
 * Jacobian) across evaluations and fits: its answers must be, to the bit, those of commons-math's optimizer on a
 * freshly allocated eager evaluation (what the path did before), whatever the profile lengths and the order of
 * the fits through one fitter.
 */
class CompactFitterReuseTest {
	@Test
	void reusedBuffersGiveTheFreshEvaluationsAnswersToTheBit() {
		Random rnd = new Random(5);
		CompactFitter f = new CompactFitter(ErfStep.MODEL).trustRegion(true).maxIterations(200);
		int[] lengths = { 40, 61, 40, 23, 150, 61, 23, 97 };
		for (int rep = 0; rep < 3; rep++)
			for (int n : lengths) {
				double[] x = new double[n + 5], y = new double[n + 5];
				double c = n * (0.3 + 0.4 * rnd.nextDouble()), w = 0.5 + 6 * rnd.nextDouble();
				for (int i = 0; i < n; i++) {
					x[i] = i;
					y[i] = ErfStep.value(i, 10, 25, c, w) + rnd.nextGaussian() * 2;
				}
				double[] start = { y[0], y[n - 1], n / 2.0 + rnd.nextGaussian() * 3, 2 };
				double[] fresh = fresh(x, y, n, start, 200);
				boolean ok = f.fit(x, y, n, start);
				assertEquals(fresh != null, ok, "n " + n + ": converged");
				if (fresh == null) continue;
				for (int k = 0; k < 4; k++)
					assertEquals(Double.doubleToLongBits(fresh[k]), Double.doubleToLongBits(f.value(k)),
						"n " + n + " parameter " + k);
			}
	}

	/** commons-math's LM with a new value vector and Jacobian per evaluation (no reuse); null when it fails. */
	private static double[] fresh(double[] x, double[] y, int n, double[] start, int maxIterations) {
		int m = 4;
		LeastSquaresOptimizer.Optimum o;
		try {
			o = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
			.start(start.clone()).target(java.util.Arrays.copyOf(y, n)).maxEvaluations(2 * maxIterations)
			.maxIterations(maxIterations).model(pv -> {
				double[] q = pv.toArray(), v = new double[n];
				double[][] jac = new double[n][m];
				for (int i = 0; i < n; i++) v[i] = ErfStep.MODEL.valueAndGradient(x[i], q, jac[i]);
				return new Pair<RealVector, RealMatrix>(new ArrayRealVector(v, false), new Array2DRowRealMatrix(jac,
					false));
			}).build());
		}
		catch (RuntimeException e) {
			return null; // no answer (too many evaluations)
		}
		return o.getPoint().toArray();
	}
}
