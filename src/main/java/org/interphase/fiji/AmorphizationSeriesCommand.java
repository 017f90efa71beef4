package org.interphase.fiji;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.Param;
import org.interphase.core.result.AnalysisResult;

/**
 * Plugins › Interphase › Diffraction › Amorphization Series…: the in-situ series view of Analyze Pattern. On an
 * open stack (the macro's image=[title], or the chosen one; plots, results and single patterns are never taken),
 * or, with no stack open, on a stack file or a folder of frames (file-name order) chosen in the
 * dialog, it runs the same analysis as {@code ./interphase saed --series} with the same parameters (the series
 * flag set), and shows what that analysis returns for a series: the crystalline fraction over time (error bars,
 * the 0.5 line and the amorphization time), the phase fractions over time when two or more phases are given, the
 * "Amorphization series" table (one row per frame: time, fraction, tracked centre, phase fractions) and the
 * contract rows (amorphization_time, phase_transition_time, ...) in the Results table. No analysis logic here.
 */
public class AmorphizationSeriesCommand implements PlugIn {
	static final String TITLE = "Amorphization Series";
	private static final String LAST_FILE = "interphase.lastfile.saed-series";

	@Override
	public void run(String arg) {
		Analysis a = Analyses.byCommand("saed");
		String unknown = ParamDialog.unknownMacroKeys(params(a), TITLE);
		if (unknown != null) {
			fail(unknown);
			ParamDialog.abortMacro(); // as the command line's exit 2: the macro stops instead of running on defaults
			return;
		}
		InputImages.Input in;
		try {
			in = InputImages.resolve(x -> x.getStackSize() > 1, "stack (a series of patterns)",
				"plots, Interphase results or single patterns");
		}
		catch (IllegalArgumentException e) {
			fail(e.getMessage());
			return;
		}
		ImagePlus first = in.preferred();
		List<Param> params = params(a);
		GenericDialog gd = new GenericDialog("Interphase: " + TITLE);
		in.addTo(gd);
		if (in.isFile()) {
			ParamDialog.addFile(gd, "File", Prefs.get(LAST_FILE, ""), false);
			gd.addMessage(in.note != null ? in.note : "A stack file, or a folder whose images are the frames in " +
				"file-name order.");
		}
		gd.addStringField("Sample", FijiSettings.currentSample(), 24);
		ParamDialog.add(gd, params, AnalysisCommand.roiDefaults(first, params));
		HelpPages.addHelp(gd, "diffraction");
		gd.showDialog();
		if (gd.wasCanceled()) return;
		ImagePlus imp = in.read(gd);
		String file = imp == null ? gd.getNextString().trim() : null;
		String sample = gd.getNextString().trim();
		Map<String, String> values;
		try {
			values = ParamDialog.read(gd, params);
		}
		catch (IllegalArgumentException e) {
			fail(e.getMessage());
			return;
		}
		values.put("series", "true");
		if (file != null) Prefs.set(LAST_FILE, file);
		InputImages.used(imp);
		AnalysisResult r = AnalysisCommand.run(a, TITLE, imp, file, sample, values);
		if (r != null && r.rows().stream().noneMatch(x -> x.quantity.equals("frame_time"))) IJ.log(TITLE +
			": the input holds a single pattern, not a series (its rows are Analyze Pattern's)");
	}

	/** Analyze Pattern's parameters without the series flag (always set here). */
	static List<Param> params(Analysis a) {
		return a.params().stream().filter(p -> !p.key.equals("series")).collect(Collectors.toList());
	}

	private static void fail(String msg) {
		IJ.log("Interphase " + TITLE + ": " + msg);
		if (Macro.getOptions() == null && !Interpreter.isBatchMode()) IJ.error("Interphase: " + TITLE, msg);
	}
}
