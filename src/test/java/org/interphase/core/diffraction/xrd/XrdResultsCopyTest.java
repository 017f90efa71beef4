package org.interphase.core.diffraction.xrd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.interphase.core.diffraction.crystal.Phase;
import org.interphase.core.diffraction.crystal.PhaseLibrary;
import org.interphase.testing.EveryField;
import org.junit.jupiter.api.Test;

/** The copies of the XRD phase match keep every field, including one added later (issue 21 item 7). */
class XrdResultsCopyTest {
	static final Function<Class<?>, Object> OTHERS = t -> {
		if (t == Phase.class) return PhaseLibrary.get("Au");
		if (t == List.class) return new ArrayList<>(List.of("an element"));
		return null;
	};

	@Test
	void phaseScoreToBuilderKeepsEveryField() throws Exception {
		Phase latp = PhaseLibrary.get("LATP");
		XrdPhaseMatcher.PhaseScore s = EveryField.changeAll(new XrdPhaseMatcher.PhaseScore.Builder(latp, List.of())
			.build(), OTHERS);
		EveryField.assertSame(s, s.toBuilder().build());
	}

	@Test
	void peakToBuilderKeepsEveryField() throws Exception {
		XrdAnalyzer.XrdPeak p = EveryField.changeAll(new XrdAnalyzer.XrdPeak.Builder().build(), t -> t ==
			XrdPhaseMatcher.Assignment.class ? new XrdPhaseMatcher.Assignment(PhaseLibrary.get("LATP"), null, List.of(), 0.01)
				: null);
		EveryField.assertSame(p, p.toBuilder().build());
	}

	@Test
	void analyzerResultToBuilderKeepsEveryField() throws Exception {
		XrdAnalyzer.Result r = EveryField.changeAll(new XrdAnalyzer.Result.Builder().build(), t -> {
			if (t == List.class) return new ArrayList<>(List.of("an element"));
			if (t == XrayWavelength.class) return XrayWavelength.parse("1.540598", "p");
			if (t == XrdAnalyzer.Options.class) return new XrdAnalyzer.Options();
			if (t == WeakReflections.class) return WeakReflections.NONE;
			return null;
		});
		XrdAnalyzer.Result c = r.toBuilder().build();
		// the lists are the copy's own: compared by content
		EveryField.assertSame(r, c, "peakList", "warnings");
		assertEquals(r.peakList, c.peakList);
		assertEquals(r.warnings, c.warnings);
	}

	@Test
	void matchResultToBuilderKeepsEveryField() throws Exception {
		XrdPhaseMatcher.Result r = EveryField.changeAll(new XrdPhaseMatcher.Result.Builder().build(), t -> t == List.class
			? new ArrayList<>() : null);
		// the lists are the copy's own: compared by content below (each score's and peak's own copy is checked above)
		EveryField.assertSame(r, r.toBuilder().build(), "phases", "warnings", "peaks");
		XrdPhaseMatcher.Result.Builder b = new XrdPhaseMatcher.Result.Builder();
		b.phases.add(new XrdPhaseMatcher.PhaseScore.Builder(PhaseLibrary.get("Au"), List.of()));
		b.peaks.add(new XrdAnalyzer.XrdPeak.Builder());
		b.warnings.add("a warning");
		XrdPhaseMatcher.Result full = b.build(), c = full.toBuilder().build();
		assertEquals(full.phases.get(0).phase, c.phases.get(0).phase);
		assertEquals(1, c.peaks.size());
		assertEquals(full.warnings, c.warnings);
	}
}
