package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase xps-fit} (XPS Peak Fit) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: XPS Peak Fit", description = "xps-fit")
public class XpsFit extends InterphaseCommand {
	public XpsFit() {
		super("xps-fit");
	}
}
