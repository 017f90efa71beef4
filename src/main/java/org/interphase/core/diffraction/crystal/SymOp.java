package org.interphase.core.diffraction.crystal;

import java.util.Locale;

/**
 * A space-group symmetry operation x' = W x + t on fractional coordinates, parsed from the CIF "x,y,z" notation
 * ("-x+y,-x,z+1/2", "1/2+x", "x-0.25"). Translations are kept in [0, 1).
 */
public final class SymOp {
	private static final double EPS = 1e-6;
	/** Rotation part (integers for any crystallographic operation, stored as double). */
	final double[][] w;
	final double[] t;

	public SymOp(double[][] w, double[] t) {
		this.w = Mat3.copy(w);
		this.t = new double[3];
		for (int i = 0; i < 3; i++) this.t[i] = wrap(t[i]);
	}

	public static SymOp identity() {
		return new SymOp(new double[][] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, new double[3]);
	}

	public static SymOp translation(double x, double y, double z) {
		return new SymOp(identity().w, new double[] { x, y, z });
	}

	static double wrap(double v) {
		double r = v - Math.floor(v);
		if (r > 1 - EPS) r = 0;
		if (Math.abs(r) < EPS) r = 0;
		return r;
	}

	/** Parses "x,y,z"-style text; throws IllegalArgumentException with the reason. */
	public static SymOp parse(String text) {
		String s = text.trim().replace("'", "").replace("\"", "").replace(" ", "").toLowerCase(Locale.ROOT);
		String[] parts = s.split(",");
		if (parts.length != 3) throw new IllegalArgumentException("symmetry operation '" + text +
			"' does not have three comma-separated parts");
		double[][] w = new double[3][3];
		double[] t = new double[3];
		for (int row = 0; row < 3; row++) {
			String p = parts[row];
			if (p.isEmpty()) throw new IllegalArgumentException("empty part in symmetry operation '" + text + "'");
			int i = 0;
			while (i < p.length()) {
				double sign = 1;
				char ch = p.charAt(i);
				if (ch == '+' || ch == '-') {
					sign = ch == '-' ? -1 : 1;
					i++;
					if (i >= p.length()) throw new IllegalArgumentException("dangling sign in '" + text + "'");
					ch = p.charAt(i);
				}
				if (ch == 'x' || ch == 'y' || ch == 'z') {
					w[row][ch - 'x'] += sign;
					i++;
				}
				else if (Character.isDigit(ch) || ch == '.') {
					int j = i;
					while (j < p.length() && (Character.isDigit(p.charAt(j)) || p.charAt(j) == '.')) j++;
					double num = Double.parseDouble(p.substring(i, j));
					if (j < p.length() && p.charAt(j) == '/') {
						int k = j + 1;
						while (k < p.length() && Character.isDigit(p.charAt(k))) k++;
						if (k == j + 1) throw new IllegalArgumentException("bad fraction in '" + text + "'");
						double den = Double.parseDouble(p.substring(j + 1, k));
						if (den == 0) throw new IllegalArgumentException("zero denominator in '" + text + "'");
						num /= den;
						j = k;
					}
					// a coefficient times a coordinate, e.g. "2x" (rare, allowed)
					if (j < p.length() && (p.charAt(j) == 'x' || p.charAt(j) == 'y' || p.charAt(j) == 'z')) {
						w[row][p.charAt(j) - 'x'] += sign * num;
						j++;
					}
					else t[row] += sign * num;
					i = j;
				}
				else throw new IllegalArgumentException("unexpected '" + ch + "' in symmetry operation '" + text + "'");
			}
		}
		double d = Mat3.det(w);
		if (Math.abs(Math.abs(d) - 1) > 1e-6) throw new IllegalArgumentException("symmetry operation '" + text +
			"' is not an isometry (determinant " + d + ")");
		return new SymOp(w, t);
	}

	/** this o other: first other, then this. */
	public SymOp compose(SymOp other) {
		double[][] w2 = Mat3.multiply(w, other.w);
		double[] t2 = new double[3];
		for (int i = 0; i < 3; i++) t2[i] = t[i] + w[i][0] * other.t[0] + w[i][1] * other.t[1] + w[i][2] * other.t[2];
		return new SymOp(w2, t2);
	}

	public double[] apply(double[] x) {
		double[] r = new double[3];
		for (int i = 0; i < 3; i++) r[i] = w[i][0] * x[0] + w[i][1] * x[1] + w[i][2] * x[2] + t[i];
		return r;
	}

	/** The rotation part acting on a direction [uvw]: W u. */
	public int[] rotateDirection(int[] u) {
		int[] r = new int[3];
		for (int i = 0; i < 3; i++) r[i] = (int) Math.round(w[i][0] * u[0] + w[i][1] * u[1] + w[i][2] * u[2]);
		return r;
	}

	/** The rotation part acting on a reflection (row vector): h W. */
	public int[] rotateReflection(int[] h) {
		int[] r = new int[3];
		for (int j = 0; j < 3; j++) r[j] = (int) Math.round(h[0] * w[0][j] + h[1] * w[1][j] + h[2] * w[2][j]);
		return r;
	}

	public double[] translation() {
		return t.clone();
	}

	boolean sameAs(SymOp o) {
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) if (Math.abs(w[i][j] - o.w[i][j]) > EPS) return false;
			double d = Math.abs(t[i] - o.t[i]);
			if (Math.min(d, 1 - d) > 1e-4) return false;
		}
		return true;
	}

	boolean sameRotation(SymOp o) {
		for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) if (Math.abs(w[i][j] - o.w[i][j]) > EPS) return false;
		return true;
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < 3; i++) {
			if (i > 0) sb.append(',');
			StringBuilder p = new StringBuilder();
			for (int j = 0; j < 3; j++) {
				double c = w[i][j];
				if (Math.abs(c) < EPS) continue;
				p.append(c > 0 ? (p.length() > 0 ? "+" : "") : "-");
				if (Math.abs(Math.abs(c) - 1) > EPS) p.append(fmt(Math.abs(c)));
				p.append((char) ('x' + j));
			}
			if (t[i] != 0) p.append('+').append(fraction(t[i]));
			sb.append(p);
		}
		return sb.toString();
	}

	private static String fraction(double v) {
		for (int den : new int[] { 2, 3, 4, 6, 8, 12 }) {
			double n = v * den;
			if (Math.abs(n - Math.rint(n)) < 1e-6) return (long) Math.rint(n) + "/" + den;
		}
		return fmt(v);
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
