package org.interphase.analysis.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.AnalysisContext;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.xps.XpsFit;
import org.interphase.core.xps.XpsStressGenerator;
import org.interphase.core.xps.XpsTemplate;
import org.interphase.io.Readers;
import org.interphase.io.Writers;
import org.interphase.io.vamas.VamasWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stress spectra (issue 15) as files the way instruments write them: VAMAS (kinetic-energy abscissa), CSV on a
 * kinetic-energy axis and CSV on a binding-energy axis. Through the readers the analysis must give the fraction
 * that the fit of the in-memory arrays gives (nothing lost or shifted in the axis conversions).
 */
class XpsStressFilesTest {
	private final XpsFitAnalysis a = new XpsFitAnalysis();
	private final AnalysisContext ctx = new AnalysisContext(AnalysisContext.quiet().progress, 1);

	@Test
	void vamasAndKineticAndBindingCsvGiveTheInMemoryFraction(@TempDir Path dir) throws Exception {
		double hv = 1486.6;
		for (int seed = 0; seed < 4; seed++) {
			XpsStressGenerator.Spectrum sp = XpsStressGenerator.ti2p(100 + seed, 0.25, 1e4, seed % 2 == 0 ? 0.05 : 0.1);
			double[] be = sp.be, y = sp.counts;
			double expect = XpsFit.fit(be, y, XpsTemplate.preset("ti2p"), new XpsFit.Options().robust(true)).state("Ti3+").fraction;
			int n = be.length;
			double step = be[1] - be[0];
			Signal bes = Signal.spectrum("Ti 2p", new Axis("Binding Energy", n, step, be[0], "eV"), y);
			Signal kes = Signal.spectrum("Ti 2p", new Axis("Kinetic Energy", n, -step, hv - be[0], "eV"), y);
			Path vms = dir.resolve("s" + seed + ".vms"), kcsv = dir.resolve("k" + seed + ".csv"), bcsv = dir.resolve("b" + seed + ".csv");
			VamasWriter.write(vms, List.of(bes), hv);
			Writers.text(kes, kcsv, "Kinetic Energy (eV)");
			Writers.text(bes, bcsv, "Binding Energy (eV)");
			for (Path f : new Path[] {vms, kcsv, bcsv}) {
				Dataset d = Readers.read(f);
				AnalysisResult r = a.analyze(d, a.parameters(Map.of("shift", "0", "mc-samples", "0", "model-ensemble", "off",
					"photon-energy", String.valueOf(hv))), ctx);
				assertEquals(expect, r.find("fraction", "component:Ti3+").value, 2e-3, f.getFileName() + " seed " + seed);
				assertEquals(0.25, r.find("fraction", "component:Ti3+").value, 0.15, f.getFileName() + " seed " + seed);
			}
		}
	}
}
