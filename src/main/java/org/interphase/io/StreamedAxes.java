package org.interphase.io;

import java.util.List;

import org.interphase.core.data.Axis;

/** A series or spectrum image streamed from its file: its name and the axes the whole-file read gives it. */
public interface StreamedAxes {
	String name();

	/** (frame, y, x) for a series; (y, x, energy) or (x, energy) for spectra, with their calibrations. */
	List<Axis> axes();
}
