package org.interphase.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.io.Readers;

/**
 * The small public API Fiji scripts call (see the script templates under Templates > Interphase): read a file,
 * analyse an image or a file with named parameters, without dialogs. Parameters use the command-line names.
 */
public final class Interphase {
	private Interphase() {}

	public static Dataset read(String file) throws IOException {
		return Readers.read(Path.of(file));
	}

	/**
	 * Analyses an open image as the menu command does ({@link #dataset}); params as "key=value" pairs, e.g.
	 * "pixel-size-um=0.5". Plots and Interphase's result maps are refused.
	 */
	public static AnalysisResult analyze(String command, ImagePlus imp, String params) throws AnalysisException,
		IOException
	{
		if (!isAnalysable(imp)) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' is a plot or an Interphase result, not an image to analyse");
		return analysis(command).analyze(dataset(imp), analysis(command).parameters(parse(params)), AnalysisContext
			.quiet());
	}

	/**
	 * The dataset the Fiji menu command analyses for this image: an unchanged image opened from a file is read
	 * again by the suite's readers, otherwise the image's pixels and calibration.
	 */
	public static Dataset dataset(ImagePlus imp) throws IOException {
		return AnalysisCommand.input(imp, null);
	}

	/** False for plots, Interphase's result maps and FFT windows: they are never an analysis' input. */
	public static boolean isAnalysable(ImagePlus imp) {
		return InputImages.isCandidate(imp);
	}

	/** Analyses a file. */
	public static AnalysisResult analyze(String command, String file, String params) throws AnalysisException,
		IOException
	{
		return analysis(command).analyze(read(file), analysis(command).parameters(parse(params)), AnalysisContext
			.quiet());
	}

	private static Analysis analysis(String command) {
		Analysis a = Analyses.byCommand(command);
		if (a == null || !a.available()) throw new IllegalArgumentException("no analysis '" + command + "'");
		return a;
	}

	/** "a=1 b=x y" style: pairs separated by spaces; values may be [bracketed] to contain spaces. */
	static Map<String, String> parse(String s) {
		Map<String, String> m = new LinkedHashMap<>();
		if (s == null) return m;
		java.util.regex.Matcher mt = java.util.regex.Pattern.compile("([a-z][a-z0-9_-]*)=(\\[[^\\]]*\\]|\\S*)").matcher(
			s.trim());
		while (mt.find()) {
			String v = mt.group(2);
			if (v.startsWith("[") && v.endsWith("]")) v = v.substring(1, v.length() - 1);
			m.put(mt.group(1).replace('_', '-'), v);
		}
		return m;
	}
}
