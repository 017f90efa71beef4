package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase hrtem-crystallinity} (Crystallinity Map) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: Crystallinity Map", description = "hrtem-crystallinity")
public class HrtemCrystallinity extends InterphaseCommand {
	public HrtemCrystallinity() {
		super("hrtem-crystallinity");
	}
}
