package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase hrtem-fringes} (Fringe Spacing) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: Fringe Spacing", description = "hrtem-fringes")
public class HrtemFringes extends InterphaseCommand {
	public HrtemFringes() {
		super("hrtem-fringes");
	}
}
