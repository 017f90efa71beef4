package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase saed} (Analyze Pattern) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: Analyze Pattern", description = "saed")
public class Saed extends InterphaseCommand {
	public Saed() {
		super("saed");
	}
}
