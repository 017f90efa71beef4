package org.interphase.fiji;

import ij.IJ;
import ij.plugin.PlugIn;

import org.interphase.Version;
import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;

/** Help > About Plugins > Interphase. */
public class AboutCommand implements PlugIn {
	@Override
	public void run(String arg) {
		StringBuilder sb = new StringBuilder("Interphase " + Version.get() + "\n\n");
		sb.append("Quantifies Li-metal / solid-electrolyte interphases; every number with its uncertainty and sample.\n\n");
		for (Analysis a : Analyses.all()) sb.append(a.menu()).append(" > ").append(a.title()).append(a.available() ? ""
			: " (not built yet)").append('\n');
		IJ.showMessage("About Interphase", sb.toString());
	}
}
