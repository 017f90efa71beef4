package org.interphase.analysis.eels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.io.msa.MsaWriter;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-pixel uncertainty that holds and flags that explain: a pure Ti4+ spectrum image from the independent stress
 * generator (>= 95 % of pixels within 2 sigma of zero), the flags for an implausible background exponent, a large
 * energy shift and references without background, and the real files of ../shared/reference-data.
 */
class EelsHonestyTest {
	@TempDir
	Path dir;

	final Analysis a = Analyses.byCommand("eels-valence");

	/** Independent Ti2O3 / TiO2 standards (stress generator), background-subtracted or not, as --ref values. */
	Map<String, String> refs(EelsStress.RefKind kind, double offset) throws Exception {
		Random rnd = new Random(77);
		EelsStress.Shape[] rs = EelsStress.shapes(380, 520, 0.5, 0.25, 24, 6, 1.5, 2.1);
		Signal r3 = EelsStress.reference(rnd, rs[0], kind, offset, "Ti3+", EelsStress.L3 - 1.5 - 1.5);
		Signal r4 = EelsStress.reference(rnd, rs[1], kind, offset, "Ti4+", EelsStress.L3 - 2.2);
		Path p3 = dir.resolve("ti3_" + kind + ".msa"), p4 = dir.resolve("ti4_" + kind + ".msa");
		MsaWriter.write(p3, r3);
		MsaWriter.write(p4, r4);
		Map<String, String> p = new LinkedHashMap<>();
		p.put("ref", "Ti3+=" + p3 + ";Ti4+=" + p4);
		return p;
	}

	AnalysisResult run(Dataset d, Map<String, String> params) throws AnalysisException {
		return a.analyze(d, a.parameters(params), new AnalysisContext(null, 2));
	}

	@Test
	void pureTi4ImageIsZeroWithinTwoSigma() throws Exception {
		Signal si = EelsStress.ti4Image(11, 12, 12, 3000);
		Map<String, String> pp = refs(EelsStress.RefKind.BG_LONG, 1.2);
		for (String kv : System.getProperty("eels.dbg.params", "").split(",")) if (kv.contains("=")) pp.put(kv.substring(0,
			kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
		AnalysisResult r = run(Dataset.of("ti4_si.dm4", "test", si), pp);
		int n = 0, within = 0;
		for (ResultRow row : r.rows()) if (row.quantity.equals("ti3_fraction") && row.region.startsWith("x=")) {
			n++;
			if (Math.abs(row.value) <= 2 * row.uncertainty) within++;
		}
		assertEquals(144, n);
		System.out.printf("pure Ti4+ image: %d of %d pixels within 2 sigma of 0%n", within, n);
		for (ResultRow row : r.rows()) if (row.region.isEmpty()) System.out.println("  " + row.quantity + " " + row.value +
			" +- " + row.uncertainty + " " + row.label + " " + row.flags);
		int shown = 0;
		for (ResultRow row : r.rows()) if (row.quantity.equals("ti3_fraction") && row.region.startsWith("x=") && shown++ <
			12) System.out.println("  " + row.region + " " + row.value + " +- " + row.uncertainty + " " + row.flags);
		assertTrue(within >= 0.95 * n, within + " of " + n + " within 2 sigma");
		ResultRow mean = r.find("ti3_fraction_mean");
		assertNotNull(mean);
		assertEquals(0, mean.value, 2 * mean.uncertainty, "mean " + mean.value + " +- " + mean.uncertainty);
	}

	/** A spectrum image across an interface (independent generator, drift plane, no O K): per-pixel accuracy and
	 * 1-sigma coverage, as for the line scans. */
	@Test
	void spectrumImageAcrossAnInterface() throws Exception {
		int ny = 8, nx = 16;
		double[] truth = new double[ny * nx];
		Signal si = EelsStress.mixedImage(21, ny, nx, 8000, truth);
		AnalysisResult r = run(Dataset.of("mixed_si.dm4", "test", si), refs(EelsStress.RefKind.BG_SHORT, -0.8));
		java.util.List<Double> err = new java.util.ArrayList<>();
		int covered = 0;
		for (int p = 0; p < ny * nx; p++) {
			ResultRow f = r.find("ti3_fraction", "x=" + (p % nx) + ";y=" + (p / nx));
			assertNotNull(f, "pixel " + p);
			double e = f.value - truth[p];
			err.add(Math.abs(e));
			if (Math.abs(e) <= f.uncertainty) covered++;
		}
		java.util.Collections.sort(err);
		double p90 = err.get((int) Math.ceil(0.9 * err.size()) - 1);
		double cov = covered / (double) err.size();
		System.out.printf("mixed spectrum image: fraction p90 %.4f, coverage %.3f, broadening %.2f, %s%n", p90, cov, r
			.find("reference_broadening").value, r.find("common_energy_shift").label);
		assertTrue(p90 <= 0.05, "per-pixel fraction p90 " + p90);
		assertTrue(cov >= 0.6 && cov <= 0.9, "coverage " + cov);
	}

	@Test
	void referencesWithoutBackgroundAreUsedAndFlagged() throws Exception {
		EelsStress.Scan sc = EelsStress.lineScan(4242, EelsStress.Interface.INSIDE, EelsStress.RefKind.NOBG_NONE);
		AnalysisResult r = run(Dataset.of("scan.csv", "test", sc.coreLoss), refs(EelsStress.RefKind.NOBG_NONE, 0));
		ResultRow f = null;
		for (ResultRow row : r.rows()) if (row.quantity.equals("ti3_fraction") && !Double.isNaN(row.value)) f = row;
		assertNotNull(f);
		assertTrue(f.flags.contains("references-without-background"), f.flags);
		int cases = 0;
		for (ResultRow row : r.rows()) if (row.quantity.equals("reference_pre_edge")) {
			cases++;
			assertTrue(row.label.contains("background-subtracted"), row.label);
		}
		assertEquals(2, cases);
	}

	@Test
	void largeShiftAndImplausibleBackgroundAreFlagged() throws Exception {
		// references 3.5 eV off the scan's scale: matched, but flagged with the number
		EelsStress.Scan sc = EelsStress.lineScan(4243, EelsStress.Interface.START, EelsStress.RefKind.BG_LONG);
		AnalysisResult r = run(Dataset.of("scan.csv", "test", sc.coreLoss), refs(EelsStress.RefKind.BG_LONG, 3.5));
		ResultRow cs = r.find("common_energy_shift");
		assertTrue(Math.abs(cs.value) > 2, "shift " + cs.value);
		assertTrue(cs.flags.contains("large-energy-shift"), cs.flags);
		assertTrue(r.warnings().stream().anyMatch(w -> w.contains("check the energy calibration")), r.warnings()
			.toString());
		// a pre-edge falling far too steeply (the tail of another edge or a zero-loss wing): exponent > 6, flagged
		double[] d = sc.coreLoss.data().clone();
		int ch = sc.coreLoss.lastAxis().size, n = d.length / ch;
		double[] e = sc.coreLoss.lastAxis().values();
		for (int i = 0; i < n; i++) {
			double level = d[i * ch];
			for (int k = 0; k < ch; k++) d[i * ch + k] += 3 * level * Math.pow(e[k] / e[0], -16);
		}
		Signal steep = new Signal("s", "float32", sc.coreLoss.shape(), sc.coreLoss.axes(), d);
		AnalysisResult r2 = run(Dataset.of("steep.csv", "test", steep), refs(EelsStress.RefKind.BG_LONG, 0));
		ResultRow ex = r2.find("background_exponent");
		assertTrue(ex.value > 6, "exponent " + ex.value);
		assertTrue(ex.flags.contains("implausible-background"), ex.flags);
		ResultRow f = null;
		for (ResultRow row : r2.rows()) if (row.quantity.equals("ti3_fraction") && !Double.isNaN(row.value)) f = row;
		assertTrue(f.flags.contains("implausible-background"), f.flags);
	}

	/**
	 * Real SrTiO3 (Ti4+ only, DM3): the Ti3+ fraction with independent standards is consistent with zero, or flags
	 * say why not. The spectrum image and the other real EELS files are read and either analysed or refused with
	 * the file's energy range named (no Ti L2,3 edge in them).
	 */
	@Test
	void realFiles() throws Exception {
		Path sto = ReferenceData.fileOrNull("eels/EELS_STO.dm3");
		if (sto == null) System.out.println(ReferenceData.absentReason("eels"));
		Assumptions.assumeTrue(sto != null, "reference data absent");
		for (EelsStress.RefKind kind : new EelsStress.RefKind[] { EelsStress.RefKind.BG_LONG,
			EelsStress.RefKind.NOBG_SHORT })
		{
			AnalysisResult r = run(Readers.read(sto), refs(kind, 0));
			ResultRow f = r.find("ti3_fraction");
			assertNotNull(f);
			System.out.printf("EELS_STO.dm3 (%s refs): Ti3+ %.3f +- %.3f flags [%s]; shift %s%n", kind, f.value,
				f.uncertainty, f.flags, r.find("common_energy_shift").value);
			boolean consistent = Math.abs(f.value) <= 2 * f.uncertainty + 0.05;
			assertTrue(consistent || f.flags.contains("large-energy-shift") || f.flags.contains("implausible-background"),
				"SrTiO3: Ti3+ " + f.value + " +- " + f.uncertainty + " without a flag explaining it");
			assertEquals("Ti4+", r.find("dominant_valence").label);
		}
		for (String rel : new String[] { "eels/EELS_SI.dm4", "eels/test-EELS_spectrum.dm3", "eels/AL-DFoffset0.00.dm3",
			"emsa/coreloss_spectrum.msa", "emsa/lowloss_spectrum.msa", "eels/16x16-line_profile_horizontal_10x1024.emi" })
		{
			Path p = ReferenceData.fileOrNull(rel);
			if (p == null) continue;
			Dataset d = Readers.read(p);
			try {
				AnalysisResult r = run(d, refs(EelsStress.RefKind.BG_LONG, 0));
				System.out.println(rel + ": analysed, " + r.rows().size() + " rows");
			}
			catch (AnalysisException e) {
				System.out.println(rel + ": " + e.getMessage());
				assertTrue(e.getMessage().contains(p.getFileName().toString()) || e.getMessage().contains("energy"), e
					.getMessage());
				assertTrue(e.getMessage().contains("no Ti L2,3 edge") || e.getMessage().contains("no energy-loss axis"), e
					.getMessage());
			}
		}
	}
}
