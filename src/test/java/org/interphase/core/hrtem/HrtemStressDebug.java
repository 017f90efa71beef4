package org.interphase.core.hrtem;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Prints the internals for given stress seeds (-Dhrtem.debug=1001,1004); skipped otherwise. */
class HrtemStressDebug {
	@Test
	void debug() throws Exception {
		String seeds = System.getProperty("hrtem.debug");
		Assumptions.assumeTrue(seeds != null);
		for (String sd : seeds.split(",")) {
			long seed = Long.parseLong(sd.trim());
			HrtemStress.EdgeSpec s = seed < 10 ? CoatingThicknessStressTest.issueCase((int) seed) : HrtemStress.randomEdge(seed);
			HrtemStress.Edge e = HrtemStress.edge(s);
			System.out.println("=== " + e.describe + " truth " + e.truthNm + " nm = " + e.truthNm / e.pxNm + " px");
			System.out.println("true spacings px: " + java.util.Arrays.toString(java.util.Arrays.stream(s.spacingsNm).map(
				x -> x / s.pxNm).toArray()) + " BN px " + 0.333 / s.pxNm);
			if (System.getProperty("hrtem.dumpdir") != null) HrtemStressDump.write(e.img, 0, System.getProperty(
				"hrtem.dumpdir") + "/d" + seed + ".png");
			SubstrateLattice sl = SubstrateLattice.find(e.img, e.n, e.n, Math.max(8, 1.5 / e.pxNm), Math.max(12, Math.min(48,
				(int) Math.round(e.n / 20.0))), 2);
			for (LatticeSpot sp : sl.spots) System.out.println("  SL substrate " + sp);
			for (LatticeSpot sp : sl.others) System.out.println("  SL other " + sp);
			if (sl.energy != null) {
				System.out.println("  block " + sl.block + " map " + sl.bw + "x" + sl.bh);
				for (int y = 0; y < sl.bh; y++) {
					StringBuilder b = new StringBuilder("   ");
					for (int x = 0; x < sl.bw; x++) b.append(String.format("%4.0f", sl.energy[y * sl.bw + x]));
					System.out.println(b);
				}
			}
			CoatingThickness ct = CoatingThickness.builder().threads(2).maxPeriodPx(Math.max(8, 1.5 / e.pxNm)).build();
			long t0 = System.nanoTime();
			try {
				CoatingThickness.Result r = ct.measure(e.img, e.n, e.n);
				System.out.printf("time %.2f s%n", (System.nanoTime() - t0) / 1e9);
				for (LatticeSpot sp : r.spots) System.out.println("  substrate " + sp);
				System.out.println("  inner " + r.avgInner + "\n  outer " + r.avgOuter);
				System.out.printf("  mean %.2f px (%.3f nm) sd %.2f valid %d rejected %d found %s %s%n", r.mean, r.mean * e.pxNm,
					r.sd, r.nValid, r.nRejected, r.layerFound, r.message + " UNDECIDED " + r.undecided);
				double di = 0, dout = 0;
				int ni = 0, no = 0;
				for (int q = 0; q < r.innerX.length; q++) {
					if (!Double.isNaN(r.innerX[q])) {
						di += e.distance(r.innerX[q], r.innerY[q]);
						ni++;
					}
					if (!Double.isNaN(r.outerX[q]) && !Double.isNaN(r.thickness[q])) {
						dout += e.distance(r.outerX[q], r.outerY[q]);
						no++;
					}
				}
				System.out.printf("  inner points at %.2f px from the true interface, outer points at %.2f px (truth %.2f)%n",
					di / ni, dout / no, e.truthNm / e.pxNm);
				if (r.avgT != null) {
					StringBuilder b = new StringBuilder("  avg t/E/I: ");
					for (int j = 0; j < r.avgT.length; j += Math.max(1, r.avgT.length / 60)) b.append(String.format(
						java.util.Locale.ROOT, "%.0f:%.3g/%.3f ", r.avgT[j], r.avgEnergy[j], r.avgIntensity[j]));
					System.out.println(b);
				}
			}
			catch (IllegalArgumentException ex) {
				System.out.println("  ERROR " + ex.getMessage());
			}
		}
	}
}
