package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase hrtem-thickness} (Coating Thickness) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: Coating Thickness", description = "hrtem-thickness")
public class HrtemThickness extends InterphaseCommand {
	public HrtemThickness() {
		super("hrtem-thickness");
	}
}
