package org.interphase.analysis.xps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.interphase.analysis.AnalysisContext;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.testing.ReferenceData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real VAMAS files of ../shared/reference-data/xps end to end. Skipped, with the reason printed, when the
 * folder or a reader for the format is absent (the VAMAS reader comes from the formats-spectro branch).
 */
class XpsRealDataTest {
	private final XpsFitAnalysis a = new XpsFitAnalysis();
	private final AnalysisContext ctx = new AnalysisContext(AnalysisContext.quiet().progress, 2);

	private static Dataset readOrSkip(Path f) {
		Assumptions.assumeTrue(Files.exists(f), f + " absent");
		try {
			return Readers.read(f);
		}
		catch (Exception e) {
			System.out.println("SKIPPED: no reader for " + f.getFileName() + " on this branch: " + e.getMessage());
			Assumptions.abort("no reader for " + f.getFileName() + ": " + e.getMessage());
			return null;
		}
	}

	/** CasaXPS stored its own Fe 2p components in the file: Fe2+ 2p3/2 at KE 777.563 eV = BE 709.05 eV. */
	@Test
	void casaXpsFeOFitsAndAgreesWithItsStoredPosition(@TempDir Path dir) throws Exception {
		Dataset d = readOrSkip(ReferenceData.require().resolve("xps/casaxps_FeO_analyzed.vms"));
		Path tpl = dir.resolve("fe2p.json");
		Files.copy(XpsRealDataTest.class.getResourceAsStream("fe2p.json"), tpl);
		AnalysisResult r = a.analyze(d, a.parameters(Map.of("template", tpl.toString(), "mc-samples", "0",
			"reference-peak", "none", "shift", "0")), ctx);
		ResultRow pos = r.find("position", "component:Fe2+");
		assertNotNull(pos);
		System.out.println("FeO Fe 2p: Fe2+ 2p3/2 at " + pos.value + " +/- " + pos.uncertainty + " eV (CasaXPS 709.05 eV), reduced chi2 "
			+ r.find("reduced_chi2").value + ", flags '" + pos.flags + "'");
		assertFalse(pos.flags.contains("fit-not-converged"));
		assertEquals(1486.61 - 777.56313, pos.value, 1.0);
		assertEquals(1, r.find("fraction", "component:Fe2+").value, 1e-9);
	}

	@Test
	void phiMultipakN1sFitsWithTheC1sChargeReference() throws Exception {
		Dataset d = readOrSkip(ReferenceData.require().resolve("xps/phi_Mutlipak_vms.npl"));
		AnalysisResult r = a.analyze(d, a.parameters(Map.of("preset", "n1s", "region", "N 1s", "mc-samples", "0")), ctx);
		ResultRow chi = r.find("reduced_chi2"), shift = r.find("shift_applied");
		System.out.println("PHI N 1s: shift " + shift.value + " (" + shift.label + "), reduced chi2 " + chi.value);
		for (ResultRow row : r.rows()) if (row.quantity.equals("fraction")) System.out.println("  " + row);
		assertTrue(Double.isFinite(chi.value));
		assertTrue(Math.abs(shift.value) < 5, "charge shift " + shift.value);
	}
}
