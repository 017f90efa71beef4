package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase xrd} (XRD Pattern) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: XRD Pattern", description = "xrd")
public class Xrd extends InterphaseCommand {
	public Xrd() {
		super("xrd");
	}
}
