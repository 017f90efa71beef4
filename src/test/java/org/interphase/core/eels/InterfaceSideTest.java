package org.interphase.core.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Which end the interface is at: from the Ti signal, from the valence profile, or stated. */
class InterfaceSideTest {
	static final int N = 40;

	static double[] x() {
		double[] x = new double[N];
		for (int i = 0; i < N; i++) x[i] = 0.5 * i;
		return x;
	}

	static double[] sd(double v) {
		double[] s = new double[N];
		Arrays.fill(s, v);
		return s;
	}

	/** Ti intensity 0 before position `from`, 1000 after (rise between from-1 and from). */
	static double[] ti(int from, boolean atEnd) {
		double[] t = new double[N];
		for (int i = 0; i < N; i++) {
			int j = atEnd ? N - 1 - i : i;
			t[i] = j >= from ? 1000 : 0;
		}
		return t;
	}

	/** Ti3+ 0.9 over `len` positions from one end, 0.05 beyond; NaN where no Ti. */
	static double[] fr(double[] ti, int len, boolean highAtEnd) {
		double[] f = new double[N];
		for (int i = 0; i < N; i++) {
			int j = highAtEnd ? N - 1 - i : i;
			f[i] = ti[i] == 0 ? Double.NaN : j < len ? 0.9 : 0.05;
		}
		return f;
	}

	@Test
	void tiAbsentAtTheStart() {
		double[] t = ti(8, false);
		InterfaceSide s = InterfaceSide.locate(x(), t, sd(10), fr(t, 14, false), sd(0.02), InterfaceSide.Mode.AUTO);
		assertFalse(s.atEnd);
		assertEquals(3.75, s.position, 0.01); // half-way between positions 7 and 8
		assertTrue(s.how.contains("absent"), s.how);
		assertEquals("", s.flag);
	}

	@Test
	void tiAbsentAtTheEnd() {
		double[] t = ti(6, true);
		InterfaceSide s = InterfaceSide.locate(x(), t, sd(10), fr(t, 12, true), sd(0.02), InterfaceSide.Mode.AUTO);
		assertTrue(s.atEnd);
		assertEquals(x()[N - 7] + 0.25, s.position, 0.01);
	}

	@Test
	void tiEverywhereTheValenceDecides() {
		double[] t = ti(0, false);
		InterfaceSide end = InterfaceSide.locate(x(), t, sd(10), fr(t, 10, true), sd(0.02), InterfaceSide.Mode.AUTO);
		assertTrue(end.atEnd);
		assertEquals(x()[N - 1], end.position, 1e-9);
		assertEquals("interface-at-scan-end", end.flag);
		assertTrue(end.how.contains("Ti3+"), end.how);
		InterfaceSide start = InterfaceSide.locate(x(), t, sd(10), fr(t, 10, false), sd(0.02), InterfaceSide.Mode.AUTO);
		assertFalse(start.atEnd);
		assertEquals("interface-at-scan-start", start.flag);
	}

	@Test
	void flatProfileIsUndecidedAndStatedSideWins() {
		double[] t = ti(0, false);
		double[] flat = new double[N];
		Arrays.fill(flat, 0.1);
		InterfaceSide u = InterfaceSide.locate(x(), t, sd(10), flat, sd(0.02), InterfaceSide.Mode.AUTO);
		assertFalse(u.atEnd);
		assertEquals("interface-side-undecided", u.flag);
		InterfaceSide stated = InterfaceSide.locate(x(), t, sd(10), fr(t, 10, false), sd(0.02), InterfaceSide.Mode.END);
		assertTrue(stated.atEnd);
		assertTrue(stated.how.startsWith("stated"), stated.how);
	}
}
