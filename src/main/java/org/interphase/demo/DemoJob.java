package org.interphase.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A run of one analysis in the demo: its inputs and parameter values (sample IDs come from the sheet). */
public final class DemoJob {
	public final List<Path> inputs;
	/** In key order, so that the command line recorded for a run is the same in every run of the demo. */
	public final Map<String, String> params;

	public DemoJob(List<Path> inputs, Map<String, String> params) {
		this.inputs = List.copyOf(inputs);
		// sorted: Map.of / Map.copyOf iterate in an order that changes from one JVM run to the next, which made the
		// command lines of the demo's report (methods.md, report.html) differ between two runs of the same demo
		this.params = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
	}
}
