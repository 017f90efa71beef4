package org.interphase.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every analysis of the suite, in the order the demo runs them. The command line, the Fiji plugin, the demo,
 * the bench and the cross-path tests all iterate over this list: adding an analysis here is how it plugs in.
 */
public final class Analyses {
	private Analyses() {}

	private static final List<Analysis> ALL = Collections.unmodifiableList(create());

	private static List<Analysis> create() {
		List<Analysis> a = new ArrayList<>();

		// SEM (issue 4)
		a.add(new org.interphase.analysis.sem.ReactionDepthAnalysis());

		// HRTEM (issue 5)
		a.add(new org.interphase.analysis.hrtem.CoatingThicknessAnalysis());
		a.add(new org.interphase.analysis.hrtem.CrystallinityAnalysis());
		a.add(new org.interphase.analysis.hrtem.FringeSpacingAnalysis());

		// XPS (issue 6)
		a.add(new org.interphase.analysis.xps.XpsFitAnalysis());

		// EELS (issue 7)
		a.add(new org.interphase.analysis.eels.EelsValenceAnalysis());

		// Raman (issue 8)
		a.add(new org.interphase.analysis.raman.RamanBnAnalysis());

		// Electron diffraction (issue 9)
		a.add(new org.interphase.analysis.diffraction.SaedAnalysis());
		a.add(new org.interphase.analysis.diffraction.XrdAnalysis());

		return a;
	}

	public static List<Analysis> all() {
		return ALL;
	}

	/** The analysis of a command, or null. */
	public static Analysis byCommand(String command) {
		for (Analysis a : ALL) if (a.command().equals(command)) return a;
		return null;
	}

	/** The analysis with this Fiji title, or null. */
	public static Analysis byTitle(String title) {
		for (Analysis a : ALL) if (a.title().equals(title)) return a;
		return null;
	}
}
