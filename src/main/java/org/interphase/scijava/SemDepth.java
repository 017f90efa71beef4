package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase sem-depth} (Reaction Layer Depth) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: Reaction Layer Depth", description = "sem-depth")
public class SemDepth extends InterphaseCommand {
	public SemDepth() {
		super("sem-depth");
	}
}
