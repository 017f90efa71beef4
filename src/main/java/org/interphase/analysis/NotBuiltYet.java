package org.interphase.analysis;

import java.util.List;

import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;

/** A contract command whose analysis is not built yet: it says so, and the command line exits 2. */
final class NotBuiltYet implements Analysis {
	private final String command, technique, name, menu, title, issue;

	NotBuiltYet(String command, String technique, String name, String menu, String title, String issue) {
		this.command = command;
		this.technique = technique;
		this.name = name;
		this.menu = menu;
		this.title = title;
		this.issue = issue;
	}

	@Override public String command() { return command; }
	@Override public String technique() { return technique; }
	@Override public String name() { return name; }
	@Override public String menu() { return menu; }
	@Override public String title() { return title; }
	@Override public String description() { return "Not built yet (" + issue + ")."; }
	@Override public List<Param> params() { return List.of(); }
	@Override public List<String> extensions() { return List.of(); }
	@Override public boolean available() { return false; }

	@Override
	public AnalysisResult analyze(Dataset input, Params params, AnalysisContext context) throws AnalysisException {
		throw new AnalysisException("'" + command + "' is not built yet (" + issue + ")");
	}
}
