package org.interphase.scijava;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** {@code ./interphase raman-bn} (Raman BN Phase Fit) as a SciJava command; inputs and outputs: {@link InterphaseCommand}. */
@Plugin(type = Command.class, headless = true, label = "Interphase: Raman BN Phase Fit", description = "raman-bn")
public class RamanBn extends InterphaseCommand {
	public RamanBn() {
		super("raman-bn");
	}
}
