package org.interphase.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A run of one analysis in the demo: its inputs and parameter values (sample IDs come from the sheet). */
public final class DemoJob {
	public final List<Path> inputs;
	public final Map<String, String> params;

	public DemoJob(List<Path> inputs, Map<String, String> params) {
		this.inputs = List.copyOf(inputs);
		this.params = Map.copyOf(params);
	}
}
