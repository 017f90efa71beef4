package org.interphase.core.diffraction.crystal;

/**
 * A unit cell a, b, c (Å), alpha, beta, gamma (deg) with its metric tensor G and reciprocal metric G* = G^-1:
 * d-spacings, angles between reflections and between directions, and a Cartesian reciprocal basis (1/Å) for
 * drawing patterns. Cartesian convention: a along x, b in the xy plane.
 */
public final class UnitCell {
	public final double a, b, c, alpha, beta, gamma;
	private final double[][] g;
	private final double[][] gStar;
	private final double volume;
	/** Columns are a, b, c in Cartesian Å. */
	private final double[][] direct;
	/** Columns are a*, b*, c* in Cartesian 1/Å. */
	private final double[][] recip;

	public UnitCell(double a, double b, double c, double alpha, double beta, double gamma) {
		if (!(a > 0 && b > 0 && c > 0)) throw new IllegalArgumentException("cell lengths must be positive: " + a +
			", " + b + ", " + c);
		if (!(alpha > 0 && alpha < 180 && beta > 0 && beta < 180 && gamma > 0 && gamma < 180))
			throw new IllegalArgumentException("cell angles must be in (0, 180) deg");
		this.a = a;
		this.b = b;
		this.c = c;
		this.alpha = alpha;
		this.beta = beta;
		this.gamma = gamma;
		double ca = Math.cos(Math.toRadians(alpha)), cb = Math.cos(Math.toRadians(beta)), cg = Math.cos(Math
			.toRadians(gamma)), sg = Math.sin(Math.toRadians(gamma));
		g = new double[][] { { a * a, a * b * cg, a * c * cb }, { a * b * cg, b * b, b * c * ca }, { a * c * cb,
			b * c * ca, c * c } };
		double det = Mat3.det(g);
		if (!(det > 1e-12)) throw new IllegalArgumentException("cell angles do not form a cell");
		volume = Math.sqrt(det);
		gStar = Mat3.inverse(g);
		double cx = c * cb, cy = c * (ca - cb * cg) / sg, cz = Math.sqrt(Math.max(0, c * c - cx * cx - cy * cy));
		direct = new double[][] { { a, b * cg, cx }, { 0, b * sg, cy }, { 0, 0, cz } };
		// reciprocal basis: B = (A^-1)^T
		recip = Mat3.transpose(Mat3.inverse(direct));
	}

	public static UnitCell cubic(double a) {
		return new UnitCell(a, a, a, 90, 90, 90);
	}

	public static UnitCell hexagonal(double a, double c) {
		return new UnitCell(a, a, c, 90, 90, 120);
	}

	public double volume() {
		return volume;
	}

	/** |g|^2 = h G* h in 1/Å^2. */
	public double gSquared(double h, double k, double l) {
		return h * h * gStar[0][0] + k * k * gStar[1][1] + l * l * gStar[2][2] + 2 * (h * k * gStar[0][1] + h * l *
			gStar[0][2] + k * l * gStar[1][2]);
	}

	/** d-spacing of (hkl) in Å. */
	public double d(double h, double k, double l) {
		return 1 / Math.sqrt(gSquared(h, k, l));
	}

	private double gDot(int[] p, int[] q) {
		double s = 0;
		for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) s += p[i] * gStar[i][j] * q[j];
		return s;
	}

	/** Angle in degrees between the reciprocal vectors (normals) of two reflections. */
	public double angleBetweenReflections(int[] h1, int[] h2) {
		double c = gDot(h1, h2) / Math.sqrt(gDot(h1, h1) * gDot(h2, h2));
		return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
	}

	/** Angle in degrees between two lattice directions [uvw]. */
	public double angleBetweenDirections(int[] u, int[] v) {
		double uv = 0, uu = 0, vv = 0;
		for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) {
			uv += u[i] * g[i][j] * v[j];
			uu += u[i] * g[i][j] * u[j];
			vv += v[i] * g[i][j] * v[j];
		}
		return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, uv / Math.sqrt(uu * vv)))));
	}

	/** Cartesian reciprocal vector (1/Å) of (hkl). */
	public double[] gCartesian(double h, double k, double l) {
		return new double[] { recip[0][0] * h + recip[0][1] * k + recip[0][2] * l, recip[1][0] * h + recip[1][1] *
			k + recip[1][2] * l, recip[2][0] * h + recip[2][1] * k + recip[2][2] * l };
	}

	/** Cartesian direct vector (Å) of [uvw]. */
	public double[] rCartesian(double u, double v, double w) {
		return new double[] { direct[0][0] * u + direct[0][1] * v + direct[0][2] * w, direct[1][0] * u +
			direct[1][1] * v + direct[1][2] * w, direct[2][0] * u + direct[2][1] * v + direct[2][2] * w };
	}

	public double[][] metric() {
		return Mat3.copy(g);
	}

	public double[][] reciprocalMetric() {
		return Mat3.copy(gStar);
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "a=%.4f b=%.4f c=%.4f Å, %.2f %.2f %.2f deg", a, b, c, alpha,
			beta, gamma);
	}
}
