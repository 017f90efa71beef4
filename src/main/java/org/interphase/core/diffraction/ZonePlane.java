package org.interphase.core.diffraction;

import java.util.List;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.Reflection;

/**
 * The plane of a zone axis [uvw] of one phase: an orthonormal in-plane basis (e1, e2) of reciprocal space, so
 * that a reflection of the zone has plane coordinates (a, b) in 1/Å. {@link #aligned} gives the same zone of a
 * second phase (a topotactic product: same space-group setting, slightly different cell, e.g. LATP and its
 * lithiated form) in the orientation that lays its zone reflections closest to the parent's reflections of the
 * same hkl (least-squares rotation over the reflections of both with d at least {@link #ALIGN_D_MIN}): the lattice
 * deforms, its mean in-plane orientation stays. The synthetic generator and the phase-fraction analysis both place
 * the product's spots with it.
 */
public final class ZonePlane {
	/** Shortest d (Å) of the reflections that set the alignment of a product phase. */
	public static final double ALIGN_D_MIN = 1.0;

	public final Phase phase;
	public final int[] uvw;
	private final double[] e1, e2;

	private ZonePlane(Phase phase, int[] uvw, double[] e1, double[] e2) {
		this.phase = phase;
		this.uvw = uvw.clone();
		this.e1 = e1;
		this.e2 = e2;
	}

	/** The zone's plane with e1 along the reflection {@code alongHkl} (which must lie in the zone), e2 = z x e1. */
	public static ZonePlane of(Phase phase, int[] uvw, int[] alongHkl) {
		double[] z = unit(phase.cell.rCartesian(uvw[0], uvw[1], uvw[2]));
		double[] g = phase.cell.gCartesian(alongHkl[0], alongHkl[1], alongHkl[2]);
		double p = dot(g, z);
		double[] e1 = unit(new double[] { g[0] - p * z[0], g[1] - p * z[1], g[2] - p * z[2] });
		double[] e2 = cross(z, e1);
		return new ZonePlane(phase, uvw, e1, e2);
	}

	/** Whether the reflection hkl lies in the zone (Weiss zone law). */
	public boolean inZone(int[] hkl) {
		return hkl[0] * uvw[0] + hkl[1] * uvw[1] + hkl[2] * uvw[2] == 0;
	}

	/** Plane coordinates (1/Å) of the reflection hkl of this plane's phase. */
	public double[] coords(int[] hkl) {
		double[] g = phase.cell.gCartesian(hkl[0], hkl[1], hkl[2]);
		return new double[] { dot(g, e1), dot(g, e2) };
	}

	/**
	 * The same zone [uvw] of {@code product}, rotated in its plane so that its reflections lie closest (least
	 * squares) to this plane's reflections of the same hkl.
	 */
	public ZonePlane aligned(Phase product) {
		ZonePlane q = of(product, uvw, anyInZone());
		double sc = 0, ss = 0;
		for (Reflection r : phase.reflections(ALIGN_D_MIN)) {
			int[] hkl = r.hkl();
			if (!inZone(hkl) || !product.allowed(hkl[0], hkl[1], hkl[2])) continue;
			if (product.cell.d(hkl[0], hkl[1], hkl[2]) < ALIGN_D_MIN) continue;
			double[] p = coords(hkl), c = q.coords(hkl);
			// rotation by theta takes c onto p: maximise sum p . R c
			sc += p[0] * c[0] + p[1] * c[1];
			ss += p[1] * c[0] - p[0] * c[1];
		}
		double th = Math.atan2(ss, sc);
		double co = Math.cos(th), si = Math.sin(th);
		// coordinates in the rotated basis: (a', b') = R (a, b), i.e. e1' = co e1 - si e2, e2' = si e1 + co e2
		double[] f1 = new double[3], f2 = new double[3];
		for (int i = 0; i < 3; i++) {
			f1[i] = co * q.e1[i] - si * q.e2[i];
			f2[i] = si * q.e1[i] + co * q.e2[i];
		}
		return new ZonePlane(product, uvw, f1, f2);
	}

	private int[] anyInZone() {
		List<Reflection> all = phase.reflections(ALIGN_D_MIN);
		for (Reflection r : all) if (inZone(r.hkl())) return r.hkl();
		// fall back on a lattice vector of the zone (need not be allowed)
		int[] a = { uvw[1], -uvw[0], 0 };
		if (a[0] == 0 && a[1] == 0) a = new int[] { 0, uvw[2], -uvw[1] };
		return a;
	}

	private static double[] unit(double[] v) {
		double n = Math.sqrt(dot(v, v));
		return new double[] { v[0] / n, v[1] / n, v[2] / n };
	}

	private static double dot(double[] a, double[] b) {
		return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
	}

	private static double[] cross(double[] a, double[] b) {
		return new double[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
	}
}
