package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * The normal-equations Levenberg–Marquardt on its own (no QR fallback behind it): NIST StRD certified values from
 * both NIST starts, and running out of evaluations is reported, not called converged.
 */
class DampedGaussNewtonTest {
	/** y = b1 (1 - exp(-b2 x)) with its analytic Jacobian. */
	private static DampedGaussNewton.Model misra1a(double[] x) {
		return new DampedGaussNewton.Model() {
			@Override
			public void value(double[] b, double[] out) {
				for (int i = 0; i < x.length; i++) out[i] = b[0] * (1 - Math.exp(-b[1] * x[i]));
			}

			@Override
			public void jacobianColumns(double[] b, double[][] cols) {
				for (int i = 0; i < x.length; i++) {
					double e = Math.exp(-b[1] * x[i]);
					cols[0][i] = 1 - e;
					cols[1][i] = b[0] * x[i] * e;
				}
			}
		};
	}

	@Test
	void misra1aCertifiedValuesFromBothStarts() throws IOException {
		NistStrdTest.Nist d = NistStrdTest.load("Misra1a");
		for (double[] s : d.starts) {
			DampedGaussNewton.Outcome o = DampedGaussNewton.minimize(misra1a(d.x), d.y, s, 2000, 1e-15, 1e-15, 1e-15);
			assertTrue(o.converged, o.message);
			assertEquals(d.certified.get("b1")[0], o.u[0], 1e-6 * Math.abs(d.certified.get("b1")[0]));
			assertEquals(d.certified.get("b2")[0], o.u[1], 1e-6 * Math.abs(d.certified.get("b2")[0]));
			double rss = 0;
			for (int i = 0; i < d.x.length; i++) {
				double r = d.y[i] - o.u[0] * (1 - Math.exp(-o.u[1] * d.x[i]));
				rss += r * r;
			}
			assertEquals(d.rss, rss, 1e-8 * d.rss);
			assertTrue(o.evaluations < 200, "evaluations " + o.evaluations);
		}
	}

	@Test
	void runningOutOfEvaluationsIsNotCalledConverged() throws IOException {
		NistStrdTest.Nist d = NistStrdTest.load("Misra1a");
		DampedGaussNewton.Outcome o = DampedGaussNewton.minimize(misra1a(d.x), d.y, d.starts.get(0), 3, 1e-15, 1e-15,
			1e-15);
		assertTrue(!o.converged, o.message);
		assertTrue(o.message.contains("3 evaluations"), o.message);
	}
}
