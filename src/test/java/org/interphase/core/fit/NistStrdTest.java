package org.interphase.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * NIST StRD nonlinear regression problems the engine represents, from both NIST starting points: certified
 * parameters to 1e-6 relative and certified standard deviations to 1e-4 relative, RSS to 1e-8.
 */
class NistStrdTest {
	static final class Nist {
		double[] x, y;
		Map<String, double[]> certified = new LinkedHashMap<>();
		List<double[]> starts = new ArrayList<>();
		double rss;
	}

	static Nist load(String name) throws IOException {
		Nist d = new Nist();
		List<Double> ys = new ArrayList<>(), xs = new ArrayList<>();
		boolean pairs = false;
		try (BufferedReader r = new BufferedReader(new InputStreamReader(
			NistStrdTest.class.getResourceAsStream("nist/" + name + ".txt"), StandardCharsets.UTF_8)))
		{
			String line;
			while ((line = r.readLine()) != null) {
				line = line.trim();
				if (line.isEmpty()) continue;
				if (line.startsWith("#")) {
					String[] t = line.substring(1).trim().split("\\s+");
					if (t[0].matches("b\\d+")) d.certified.put(t[0], new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2])});
					else if (t[0].equals("RSS")) d.rss = Double.parseDouble(t[1]);
					else if (t[0].startsWith("start")) {
						double[] s = new double[t.length - 1];
						for (int i = 1; i < t.length; i++) s[i - 1] = Double.parseDouble(t[i]);
						d.starts.add(s);
					}
					else if (line.contains("columns: y x")) pairs = true;
					continue;
				}
				String[] t = line.split("\\s+");
				if (pairs) {
					ys.add(Double.parseDouble(t[0]));
					xs.add(Double.parseDouble(t[1]));
				}
				else for (String s : t) ys.add(Double.parseDouble(s));
			}
		}
		d.y = ys.stream().mapToDouble(Double::doubleValue).toArray();
		d.x = pairs ? xs.stream().mapToDouble(Double::doubleValue).toArray() : new double[d.y.length];
		if (!pairs) for (int i = 0; i < d.x.length; i++) d.x[i] = i + 1;
		return d;
	}

	private static final FitOptions NIST_OPTIONS = new FitOptions().weighting(FitOptions.Weighting.UNIT)
		.centralDifferences(true).tolerances(1e-15, 1e-15, 1e-15).maxEvaluations(5000);

	private static void check(Nist d, FitResult f, String prefix) {
		assertTrue(f.converged(), f.message());
		assertEquals(d.rss, f.chiSquare(), 1e-8 * d.rss, "RSS");
		for (Map.Entry<String, double[]> e : d.certified.entrySet()) {
			String p = prefix + e.getKey();
			double[] c = e.getValue();
			assertEquals(c[0], f.value(p), 1e-6 * Math.abs(c[0]), p);
			assertEquals(c[1], f.stderr(p), 1e-4 * c[1], p + " standard deviation");
		}
	}

	@Test
	void gauss1FromBothStartsWithExpressionModel() throws IOException {
		Nist d = load("Gauss1");
		assertEquals(250, d.y.length);
		Model m = Model.of(new Expression("m_", List.of("b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"), false,
			(x, b) -> {
				double d1 = x - b[3], d2 = x - b[6];
				return b[0] * Math.exp(-b[1] * x) + b[2] * Math.exp(-d1 * d1 / (b[4] * b[4]))
					+ b[5] * Math.exp(-d2 * d2 / (b[7] * b[7]));
			}));
		for (double[] s : d.starts) {
			Parameters p = new Parameters();
			for (int i = 0; i < 8; i++) p.add("m_b" + (i + 1), s[i]);
			check(d, Fitter.fit(m, p, d.x, d.y, NIST_OPTIONS), "m_");
		}
	}

	@Test
	void misra1aFromBothStarts() throws IOException {
		Nist d = load("Misra1a");
		Model m = Model.of(new Expression("m_", List.of("b1", "b2"), false, (x, b) -> b[0] * (1 - Math.exp(-b[1] * x))));
		for (double[] s : d.starts) {
			Parameters p = new Parameters();
			p.add("m_b1", s[0]);
			p.add("m_b2", s[1]);
			check(d, Fitter.fit(m, p, d.x, d.y, NIST_OPTIONS), "m_");
		}
	}

	/**
	 * Gauss1 written with the engine's own components: two unit-area GAUSSIAN peaks (area, center, fwhm) on an
	 * exponential background. b3 = area/(b5 sqrt(pi)), b5 = fwhm/(2 sqrt(ln 2)); the certified values follow by
	 * this change of variables, so best values must agree to 1e-6 and the centre's standard deviations (the
	 * same parameter) to 1e-4.
	 */
	@Test
	void gauss1WithGaussianPeakComponents() throws IOException {
		Nist d = load("Gauss1");
		Model m = Model.of(new Expression("bg_", List.of("b1", "b2"), false, (x, b) -> b[0] * Math.exp(-b[1] * x)),
			new Peak("p1_", Shape.GAUSSIAN), new Peak("p2_", Shape.GAUSSIAN));
		double k = 2 * Math.sqrt(Math.log(2));
		double[] s = d.starts.get(0);
		Parameters p = new Parameters();
		p.add("bg_b1", s[0]);
		p.add("bg_b2", s[1]);
		p.add("p1_area", s[2] * s[4] * Math.sqrt(Math.PI));
		p.add("p1_center", s[3]);
		p.add("p1_fwhm", s[4] * k).bounds(1, 200);
		p.add("p2_area", s[5] * s[7] * Math.sqrt(Math.PI));
		p.add("p2_center", s[6]);
		p.add("p2_fwhm", s[7] * k).bounds(1, 200);
		FitResult f = Fitter.fit(m, p, d.x, d.y, NIST_OPTIONS);
		assertTrue(f.converged(), f.message());
		assertEquals(d.rss, f.chiSquare(), 1e-8 * d.rss);
		assertEquals(d.certified.get("b4")[0], f.value("p1_center"), 1e-6 * 67.5);
		assertEquals(d.certified.get("b4")[1], f.stderr("p1_center"), 1e-4 * d.certified.get("b4")[1]);
		assertEquals(d.certified.get("b7")[0], f.value("p2_center"), 1e-6 * 179);
		assertEquals(d.certified.get("b7")[1], f.stderr("p2_center"), 1e-4 * d.certified.get("b7")[1]);
		assertEquals(d.certified.get("b5")[0], f.value("p1_fwhm") / k, 1e-6 * 23.1);
		double b5 = f.value("p2_fwhm") / k;
		assertEquals(d.certified.get("b8")[0], b5, 1e-6 * 18.4);
		assertEquals(d.certified.get("b6")[0], f.value("p2_area") / (b5 * Math.sqrt(Math.PI)), 1e-6 * 72);
		assertEquals(d.certified.get("b1")[1], f.stderr("bg_b1"), 1e-4 * d.certified.get("b1")[1]);
	}
}
