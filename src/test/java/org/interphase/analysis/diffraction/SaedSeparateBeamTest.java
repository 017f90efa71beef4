package org.interphase.analysis.diffraction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.synth.diffraction.SaedGenerator;
import org.interphase.demo.SaedDemo;
import org.junit.jupiter.api.Test;

/**
 * The rows of --separate-beam and --normalise first-last (accuracy: core.diffraction.SaedStressTest on the independent
 * stress set).
 */
class SaedSeparateBeamTest {
	final SaedAnalysis a = new SaedAnalysis();
	final AnalysisContext ctx = new AnalysisContext(null, 2);

	@Test
	void separateBeamReportsTheWingAndNamesTheDefinition() throws Exception {
		SaedGenerator.Config c = SaedDemo.demoConfig(160, 0.06, 5);
		c.zone = new int[] { 1, 0, 0 };
		SaedGenerator.Pattern p = SaedGenerator.generate(c);
		Dataset ds = Dataset.of("x.tif", "test", Signal.image("x", 160, 160, p.image, 0.06, "1/nm"));
		AnalysisResult off = a.analyze(ds, a.parameters(Map.of("phase", "LATP")), ctx);
		assertNull(off.find("beam_tail_fraction"));
		assertTrue(off.find("crystalline_fraction").label.startsWith("Bragg/(Bragg+diffuse)"));
		AnalysisResult on = a.analyze(ds, a.parameters(Map.of("phase", "LATP", "separate-beam", "true")), ctx);
		ResultRow t = on.find("beam_tail_fraction");
		assertNotNull(t);
		assertTrue(t.value > 0 && t.value < 1, t.toString());
		assertTrue(on.find("crystalline_fraction").label.startsWith("Bragg/(Bragg+halo)"));
		// the wing is taken out of the diffuse part: the fraction can only rise
		assertTrue(on.find("crystalline_fraction").value >= off.find("crystalline_fraction").value - 0.02);
	}

	@Test
	void normaliseFirstLastRunsFromOneToZero() throws Exception {
		int size = 128, frames = 6;
		SaedGenerator.Config c = SaedDemo.demoConfig(size, 0.075, 3);
		c.zone = new int[] { 1, 0, 0 };
		double[] cf = new double[frames];
		for (int i = 0; i < frames; i++) cf[i] = SaedGenerator.amorphizing(0.8, i * 120, 300);
		List<SaedGenerator.Pattern> s = SaedGenerator.series(c, cf);
		double[] stack = new double[frames * size * size];
		for (int i = 0; i < frames; i++) System.arraycopy(s.get(i).image, 0, stack, i * size * size, size * size);
		Signal sig = new Signal("s", "float32", new int[] { frames, size, size }, List.of(new Axis("frame", frames, 1, 0,
			""), new Axis("y", size, 0.075, 0, "1/nm"), new Axis("x", size, 0.075, 0, "1/nm")), stack);
		Dataset ds = Dataset.of("s.tif", "test", sig);
		AnalysisResult r = a.analyze(ds, a.parameters(Map.of("phase", "LATP", "frame-interval", "120", "normalise",
			"first-last", "separate-beam", "true")), ctx);
		assertEquals(1, r.find("crystalline_fraction", "frame:0").value, 1e-12);
		assertEquals(0, r.find("crystalline_fraction", "frame:" + (frames - 1)).value, 1e-12);
		assertTrue(r.find("crystalline_fraction", "frame:2").label.contains("normalised first-last"));
		assertNotNull(r.find("beam_tail_fraction", "frame:0"));
		ResultRow t = r.find("amorphization_time");
		assertNotNull(t);
		assertTrue(t.label.contains("normalised first-last"), t.label);
		assertThrows(AnalysisException.class, () -> a.analyze(ds, a.parameters(Map.of("phase", "LATP", "normalise",
			"first")), ctx));
	}
}
