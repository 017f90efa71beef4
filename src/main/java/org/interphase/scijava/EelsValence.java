package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase eels-valence} (EELS Ti Valence) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: EELS Ti Valence", description = "eels-valence")
public class EelsValence extends InterphaseCommand {
	public EelsValence() {
		super("eels-valence");
	}
}
