package org.interphase.core.fit;

import org.apache.commons.math3.fitting.leastsquares.ValueAndJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * A {@link CompactModel} on (x[0..n)) as commons-math's least-squares function, for {@link CompactFitter}'s
 * MINPACK path, with no allocation per evaluation: values and Jacobian rows live in buffers owned by this adapter
 * (one per fitter, grown to the largest profile) and are handed out wrapped, not copied.
 * <p>
 * Used with lazy evaluation: the optimizer asks for the values of every point it tries (twice: residuals, then
 * cost) and for the Jacobian only at accepted points, always the point it evaluated last. So one pass of
 * {@link CompactModel#valueAndGradient} per new point fills both buffers (the same single pass and the same
 * numbers as the eager Pair evaluation it replaces), a repeated point is served from them, and the Jacobian is
 * recomputed only if asked at another point (which the optimizer does not do). Safe because the optimizer copies
 * both before the next evaluation (residuals by subtraction from the target, the Jacobian negated into its QR
 * work matrix). That negated copy (scalarMultiply(-1).getData(): two fresh n-row matrices per iteration, 40 % of
 * the fitting garbage) is written into a second buffer of this adapter too and handed over as is: the optimizer
 * factorizes it in place and drops it before its next iteration asks again. x · d is the same product either
 * way, so the numbers are unchanged to the bit. Likewise the target: its residuals (target - values, asked twice
 * per point and copied at once by the optimizer) are written into a reused vector. commons-math wants vectors of exactly n, so the wrappers are kept
 * per profile length (the rows are shared between lengths).
 */
final class MinpackAdapter implements ValueAndJacobianFunction {
	private final CompactModel model;
	private final int m;
	private double[] x;
	private int n;
	private double[] values;
	private double[][] jac;
	private ArrayRealVector valueVector;
	private Array2DRowRealMatrix jacMatrix;
	/** Buffers by profile length n: values, Jacobian rows (shared), and their wrappers. */
	private Slot[] slots = new Slot[0];
	private double[][] rows = new double[0][], scaledRows = new double[0][];

	private static final class Slot {
		final double[] values;
		final double[][] jac;
		final ArrayRealVector valueVector;
		final Array2DRowRealMatrix jacMatrix;
		final Target target;

		Slot(double[][] rows, double[][] scaledRows, int n) {
			values = new double[n];
			target = new Target(n);
			jac = java.util.Arrays.copyOf(rows, n);
			valueVector = new ArrayRealVector(values, false);
			jacMatrix = new Jacobian(jac, java.util.Arrays.copyOf(scaledRows, n));
		}
	}

	/** The Jacobian buffer; its scalar multiple is written into a second buffer, not a new matrix. */
	private static final class Jacobian extends Array2DRowRealMatrix {
		private static final long serialVersionUID = 1L;
		private final double[][] data, scaled;
		private final Array2DRowRealMatrix scaledView;

		Jacobian(double[][] data, double[][] scaled) {
			super(data, false);
			this.data = data;
			this.scaled = scaled;
			scaledView = new Handed(scaled);
		}

		@Override
		public RealMatrix scalarMultiply(double d) {
			for (int i = 0; i < data.length; i++) {
				double[] a = data[i], b = scaled[i];
				for (int k = 0; k < a.length; k++) b[k] = a[k] * d;
			}
			return scaledView;
		}
	}

	/** The observed values; target - v is written into a reused vector (the caller copies it before the next). */
	private static final class Target extends ArrayRealVector {
		private static final long serialVersionUID = 1L;
		private final double[] data, residuals;
		private final ArrayRealVector residualVector;

		Target(int n) {
			this(new double[n]);
		}

		private Target(double[] data) {
			super(data, false);
			this.data = data;
			residuals = new double[data.length];
			residualVector = new ArrayRealVector(residuals, false);
		}

		@Override
		public ArrayRealVector subtract(RealVector v) {
			if (!(v instanceof ArrayRealVector) || v.getDimension() != data.length) return super.subtract(v);
			double[] b = ((ArrayRealVector) v).getDataRef();
			for (int i = 0; i < data.length; i++) residuals[i] = data[i] - b[i];
			return residualVector;
		}
	}

	/** A matrix whose data is handed over, not copied (the caller owns it until the next scalarMultiply). */
	private static final class Handed extends Array2DRowRealMatrix {
		private static final long serialVersionUID = 1L;

		Handed(double[][] data) {
			super(data, false);
		}

		@Override
		public double[][] getData() {
			return getDataRef();
		}
	}
	private final double[] last;
	private boolean haveLast;

	MinpackAdapter(CompactModel model, int m) {
		this.model = model;
		this.m = m;
		last = new double[m];
	}

	/**
	 * Points x[0..n) for the next optimization; returns the target vector holding y[0..n) (reused: hand it to
	 * the optimizer, do not keep it).
	 */
	RealVector reset(double[] x, double[] y, int n) {
		this.x = x;
		this.n = n;
		if (n >= slots.length) slots = java.util.Arrays.copyOf(slots, Math.max(n + 1, 2 * slots.length));
		if (slots[n] == null) {
			if (n > rows.length) {
				int old = rows.length;
				rows = java.util.Arrays.copyOf(rows, Math.max(n, 2 * old));
				scaledRows = java.util.Arrays.copyOf(scaledRows, rows.length);
				for (int i = old; i < rows.length; i++) {
					rows[i] = new double[m];
					scaledRows[i] = new double[m];
				}
			}
			slots[n] = new Slot(rows, scaledRows, n);
		}
		Slot s = slots[n];
		values = s.values;
		jac = s.jac;
		valueVector = s.valueVector;
		jacMatrix = s.jacMatrix;
		haveLast = false;
		System.arraycopy(y, 0, s.target.data, 0, n);
		return s.target;
	}

	private void evaluate(double[] q) {
		if (haveLast && same(q)) return;
		for (int i = 0; i < n; i++) values[i] = model.valueAndGradient(x[i], q, jac[i]);
		System.arraycopy(q, 0, last, 0, m);
		haveLast = true;
	}

	private boolean same(double[] q) {
		for (int k = 0; k < m; k++)
			if (Double.doubleToRawLongBits(q[k]) != Double.doubleToRawLongBits(last[k])) return false;
		return true;
	}

	@Override
	public RealVector computeValue(double[] q) {
		evaluate(q);
		return valueVector;
	}

	@Override
	public RealMatrix computeJacobian(double[] q) {
		evaluate(q);
		return jacMatrix;
	}

	@Override
	public org.apache.commons.math3.util.Pair<RealVector, RealMatrix> value(RealVector point) {
		double[] q = point.toArray();
		evaluate(q);
		return new org.apache.commons.math3.util.Pair<>(valueVector, jacMatrix);
	}
}
