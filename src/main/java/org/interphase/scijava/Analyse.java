package org.interphase.scijava;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.command.ContextCommand;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Any analysis by its command-line name, as one ordinary SciJava command, so that
 * {@code ij.command().run("org.interphase.scijava.Analyse", True, {...}).get().getOutput("results")} works from
 * PyImageJ (CommandService hands back no module for the per-analysis commands, which are dynamic). It runs the
 * analysis' own command ({@link InterphaseCommand}) with the same inputs; {@code parameters} maps parameter names
 * (macro keys {@code pixel_size_nm} or command-line names {@code pixel-size-nm}; a former key such as
 * {@code pixel_size} is taken with a deprecation note) to values of any type SciJava converts.
 */
@Plugin(type = Command.class, headless = true, label = "Interphase: Analyse",
	description = "runs one Interphase analysis by its command-line name")
public class Analyse extends ContextCommand {
	@Parameter
	private CommandService commands;

	@Parameter
	private ModuleService modules;

	@Parameter(label = "Analysis (command-line name, e.g. xps-fit)")
	private String analysis;

	@Parameter(label = "Input file or folder", required = false, persist = false)
	private File input;

	@Parameter(label = "Image (instead of a file)", required = false, autoFill = false, persist = false)
	private ImagePlus image;

	@Parameter(label = "Sample ID", required = false, persist = false)
	private String sample;

	@Parameter(label = "Results database (SQLite)", required = false, persist = false)
	private File database;

	@Parameter(label = "Output folder", required = false, style = "directory", persist = false)
	private File output;

	@Parameter(label = "Parameters (name → value)", required = false, persist = false)
	private Map<String, Object> parameters;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable results;

	@Parameter(type = ItemIO.OUTPUT)
	private Long run_id;

	@Parameter(type = ItemIO.OUTPUT)
	private String errors;

	/** The per-analysis command of a command-line name, or null. */
	static CommandInfo commandOf(CommandService commands, String name) {
		for (CommandInfo c : commands.getCommandsOfType(Command.class)) {
			if (c.getClassName().startsWith("org.interphase.scijava.") && name.equals(c.getDescription()) && !c
				.getClassName().equals(Analyse.class.getName())) return c;
		}
		return null;
	}

	/** The parameter of an analysis that the macro key {@code key} formerly named, or null. */
	static org.interphase.analysis.Param formerly(String analysis, String key) {
		org.interphase.analysis.Analysis a = org.interphase.analysis.Analyses.byCommand(analysis);
		if (a == null) return null;
		for (org.interphase.analysis.Param p : a.params()) for (String f : p.formerly) if (f.replace('-', '_').equals(key))
			return p;
		return null;
	}

	@Override
	public void run() {
		CommandInfo info = analysis == null ? null : commandOf(commands, analysis.trim());
		if (info == null) {
			cancel("no Interphase analysis '" + analysis + "'");
			return;
		}
		try {
			Module m = modules.createModule(info);
			Map<String, Object> in = new LinkedHashMap<>();
			if (input != null) in.put("input", input);
			if (image != null) in.put("image", image);
			if (sample != null) in.put("sample", sample);
			if (database != null) in.put("database", database);
			if (output != null) in.put("output", output);
			if (parameters != null) for (Map.Entry<String, Object> e : parameters.entrySet()) {
				String key = e.getKey().replace('-', '_');
				org.interphase.analysis.Param renamed = formerly(analysis.trim(), key);
				if (m.getInfo().getInput(key) == null && renamed != null) {
					// a former key (pixel_size): same meaning under the new name, with the note
					System.err.println("Interphase " + analysis.trim() + ": " + renamed.deprecation(key.replace('_', '-')));
					key = renamed.macroKey();
				}
				if (m.getInfo().getInput(key) == null) {
					cancel(analysis + " has no parameter '" + e.getKey() + "'");
					return;
				}
				in.put(key, e.getValue());
			}
			modules.run(m, true, in).get();
			results = (ResultsTable) m.getOutput("results");
			run_id = (Long) m.getOutput("run_id");
			errors = (String) m.getOutput("errors");
			if (m instanceof org.scijava.Cancelable && ((org.scijava.Cancelable) m).isCanceled()) cancel(
				((org.scijava.Cancelable) m).getCancelReason());
		}
		catch (Exception e) {
			cancel(analysis + ": " + e.getMessage());
		}
	}
}
