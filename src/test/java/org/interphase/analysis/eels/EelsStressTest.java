package org.interphase.analysis.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.io.dm.DmWriter;
import org.interphase.io.msa.MsaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy of {@code eels-valence} on the independent stress set ({@link EelsStress}): the interface at the start,
 * at the end or inside the scan, references with and without background and short / long / no pre-edge, drift,
 * dispersions, plural scattering, counts 10^3-10^5. Asserted: crossing-depth p90 error, per-position fraction p90
 * error, 1-sigma coverage per position. {@code -Deels.stress.scans=N} runs a larger sweep.
 */
class EelsStressTest {
	@TempDir
	Path dir;

	final Analysis a = Analyses.byCommand("eels-valence");

	static final class Outcome {
		final List<Double> depthErr = new ArrayList<>(), fracErr = new ArrayList<>();
		int covered, counted, refused, scans;
		/** Largest median |fraction error| of one scan (a whole scan gone wrong hides in a p90 over positions). */
		double worstScanMedian;
		String worstScan = "";
		final List<String> failures = new ArrayList<>();
		final List<String> lines = new ArrayList<>();
		final Map<String, List<Double>> byKind = new java.util.TreeMap<>();
		final Map<String, int[]> covKind = new java.util.TreeMap<>();

		double p90(List<Double> v) {
			if (v.isEmpty()) return Double.NaN;
			double[] s = v.stream().mapToDouble(Math::abs).sorted().toArray();
			return s[Math.min(s.length - 1, (int) Math.ceil(0.9 * s.length) - 1)];
		}
	}

	AnalysisResult run(EelsStress.Scan sc, Map<String, String> extra, int idx) throws Exception {
		Path r3 = dir.resolve("ref3_" + idx + ".msa"), r4 = dir.resolve("ref4_" + idx + ".msa");
		MsaWriter.write(r3, sc.ref3);
		MsaWriter.write(r4, sc.ref4);
		Map<String, String> p = new LinkedHashMap<>(extra);
		p.put("ref", "Ti3+=" + r3 + ";Ti4+=" + r4);
		if (Boolean.getBoolean("eels.stress.idealBroadening")) p.put("ref-broadening", String.format(Locale.ROOT, "%.3f",
			Math.sqrt(Math.max(0, sc.resolution * sc.resolution - sc.refRes * sc.refRes))));
		Dataset d = Dataset.of("stress_" + idx + ".csv", "test", sc.coreLoss);
		return a.analyze(d, a.parameters(p), new AnalysisContext(null, 2));
	}

	Outcome sweep(int scans, long seed0, Map<String, String> extra) {
		Outcome o = new Outcome();
		EelsStress.Interface[] itfs = EelsStress.Interface.values();
		EelsStress.RefKind[] kinds = EelsStress.RefKind.values();
		for (int s = 0; s < scans; s++) {
			EelsStress.Interface itf = itfs[s % itfs.length];
			EelsStress.RefKind kind = kinds[(s / itfs.length + s) % kinds.length];
			EelsStress.Scan sc = EelsStress.lineScan(seed0 + s, itf, kind);
			o.scans++;
			AnalysisResult r;
			try {
				r = run(sc, extra, s);
			}
			catch (Exception e) {
				o.refused++;
				o.failures.add("#" + s + " " + sc + ": " + e.getMessage());
				continue;
			}
			ResultRow depth = r.find("ti3_dominant_depth");
			double de = depth == null ? Double.NaN : depth.value - sc.truthDepth;
			o.depthErr.add(Double.isNaN(de) ? 99 : de);
			int n = sc.truthFraction.length;
			double worst = 0;
			String worstAt = "";
			int cov = 0, cnt = 0;
			List<Double> scanErr = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				double t = sc.truthFraction[i];
				if (Double.isNaN(t)) continue;
				ResultRow f = r.find("ti3_fraction", "position:" + i);
				if (f == null || Double.isNaN(f.value)) {
					o.fracErr.add(99.0);
					continue;
				}
				double err = f.value - t;
				o.fracErr.add(err);
				scanErr.add(Math.abs(err));
				o.byKind.computeIfAbsent(kind.name(), k -> new ArrayList<>()).add(err);
				o.byKind.computeIfAbsent(itf.name(), k -> new ArrayList<>()).add(err);
				int[] ck = o.covKind.computeIfAbsent(kind.name(), k -> new int[2]);
				ck[1]++;
				if (Math.abs(err) <= f.uncertainty) ck[0]++;
				if (Math.abs(err) > worst) worstAt = String.format(Locale.ROOT, "i=%d d=%.1f t=%.2f f=%.2f+-%.3f", i,
					sc.truthDistance[i], t, f.value, f.uncertainty);
				worst = Math.max(worst, Math.abs(err));
				cnt++;
				if (Math.abs(err) <= f.uncertainty) cov++;
			}
			if (!scanErr.isEmpty()) {
				java.util.Collections.sort(scanErr);
				double med = scanErr.get(scanErr.size() / 2);
				if (med > o.worstScanMedian) {
					o.worstScanMedian = med;
					o.worstScan = "#" + s + " " + sc;
				}
			}
			o.covered += cov;
			o.counted += cnt;
			ResultRow rb = r.find("reference_broadening");
			o.lines.add(String.format(Locale.ROOT, "#%d depth %.2f (truth %.2f, %s) worst %.3f (%s) cov %.2f | broad %.2f " +
				"(ideal %.2f) | %s", s, depth == null ? Double.NaN : depth.value, sc.truthDepth, depth == null ? ""
					: depth.flags, worst, worstAt, cnt == 0 ? 0 : cov / (double) cnt, rb == null ? Double.NaN : rb.value, Math
						.sqrt(Math.max(0, sc.resolution * sc.resolution - sc.refRes * sc.refRes)), sc));
		}
		return o;
	}

	static void print(String title, Outcome o) {
		System.out.println("== " + title);
		for (String l : o.lines) System.out.println(l);
		for (String f : o.failures) System.out.println("REFUSED " + f);
		System.out.printf(Locale.ROOT, "scans %d refused %d | depth p90 %.3f nm | fraction p90 %.4f | coverage %.3f | " +
			"worst scan median error %.3f (%s)%n", o.scans, o.refused, o.p90(o.depthErr), o.p90(o.fracErr), o.counted == 0
				? 0 : o.covered / (double) o.counted, o.worstScanMedian, o.worstScan);
		for (Map.Entry<String, List<Double>> e : o.byKind.entrySet()) {
			int[] ck = o.covKind.get(e.getKey());
			System.out.printf(Locale.ROOT, "  %-16s fraction p90 %.4f%s%n", e.getKey(), o.p90(e.getValue()), ck == null ? ""
				: String.format(Locale.ROOT, " coverage %.3f", ck[0] / (double) ck[1]));
		}
	}

	/** One stress scan written as an instrument or script would export it: every format gives the same answer. */
	@Test
	void exportsInEveryFormatGiveTheSameAnswer() throws Exception {
		EelsStress.Scan sc = EelsStress.lineScan(31, EelsStress.Interface.START, EelsStress.RefKind.NOBG_SHORT);
		Signal s = sc.coreLoss;
		int n = s.size(0), ch = s.size(1);
		double[] x = s.axis(0).values(), e = s.lastAxis().values(), v = s.data();
		// energies down the first column, positions '0.8nm' across, comma separated
		StringBuilder ca = new StringBuilder("energy_eV");
		for (int i = 0; i < n; i++) ca.append(',').append(String.format(Locale.ROOT, "%.4fnm", x[i]));
		ca.append('\n');
		for (int k = 0; k < ch; k++) {
			ca.append(String.format(Locale.ROOT, "%.5f", e[k]));
			for (int i = 0; i < n; i++) ca.append(',').append((long) v[i * ch + k]);
			ca.append('\n');
		}
		// energies across the header, ';' and decimal commas, distances in the first column
		StringBuilder b = new StringBuilder("distance (nm)");
		for (int k = 0; k < ch; k++) b.append(';').append(String.format(Locale.ROOT, "%.5f", e[k]).replace('.', ','));
		b.append('\n');
		for (int i = 0; i < n; i++) {
			b.append(String.format(Locale.ROOT, "%.4f", x[i]).replace('.', ','));
			for (int k = 0; k < ch; k++) b.append(';').append((long) v[i * ch + k]);
			b.append('\n');
		}
		Path pa = dir.resolve("scan_columns.csv"), pb = dir.resolve("scan_rows.csv"), pd = dir.resolve("scan.dm4");
		Files.write(pa, ca.toString().getBytes(StandardCharsets.UTF_8));
		Files.write(pb, b.toString().getBytes(StandardCharsets.UTF_8));
		DmWriter.write(pd, s, 4, true);
		double[] depths = new double[3];
		int j = 0;
		for (Path p : new Path[] { pa, pb, pd }) {
			Dataset d = Readers.read(p);
			Path r3 = dir.resolve("f3.msa"), r4 = dir.resolve("f4.msa");
			MsaWriter.write(r3, sc.ref3);
			MsaWriter.write(r4, sc.ref4);
			Map<String, String> pr = new LinkedHashMap<>();
			pr.put("ref", "Ti3+=" + r3 + ";Ti4+=" + r4);
			AnalysisResult r = a.analyze(d, a.parameters(pr), new AnalysisContext(null, 2));
			ResultRow depth = r.find("ti3_dominant_depth");
			assertEquals("nm", depth.unit, p.toString());
			depths[j++] = depth.value;
			assertEquals(sc.truthDepth, depth.value, 1.0, p + " depth");
		}
		assertEquals(depths[0], depths[1], 1e-3, "CSV orientations agree");
		assertEquals(depths[0], depths[2], 0.05, "CSV and DM4 agree");
	}

	@Test
	void stressSweepMeetsTheAcceptance() {
		int scans = Integer.getInteger("eels.stress.scans", 48);
		long seed = Long.getLong("eels.stress.seed", 1000);
		Map<String, String> extra = new LinkedHashMap<>();
		for (String kv : System.getProperty("eels.stress.params", "").split(",")) if (kv.contains("=")) extra.put(kv
			.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		Outcome o = sweep(scans, seed, extra);
		print("stress sweep", o);
		assertTrue(o.refused == 0, "refused: " + o.failures);
		assertTrue(o.p90(o.depthErr) <= 1.0, "depth p90 " + o.p90(o.depthErr));
		// issue 16: <= 0.05 (measured 0.034 here; 0.041 on seeds 5000-5095, see docs/eels.md)
		assertTrue(o.p90(o.fracErr) <= 0.05, "fraction p90 " + o.p90(o.fracErr));
		double cov = o.covered / (double) o.counted;
		assertTrue(cov >= 0.6 && cov <= 0.8, "coverage " + cov);
		// no scan wrong as a whole (seed 1020 once had every fraction swapped by a wrong reference match, median
		// error 0.7, while the p90 over all positions stayed at 0.04)
		assertTrue(o.worstScanMedian <= 0.08, "worst scan: median error " + o.worstScanMedian + " " + o.worstScan);

	}
}
