package org.interphase.fiji;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.ij.ImagePlusData;
import org.interphase.io.Readers;

/**
 * File › Import › Interphase…: opens any file the suite's readers know (DM3/DM4, TIA, TIFF with SEM metadata, EMSA,
 * VAMAS, SPECS, PHI, Renishaw, LabSpec, TriVista, CSV spectra) with its calibration. Images and stacks open as
 * calibrated images, spectrum images as stacks along the energy / wavenumber axis, line scans as position × energy
 * images, single spectra as plots; the file's metadata goes to the image's Info (Image › Show Info…).
 * Macro: {@code run("Interphase...", "file=[/path/to/file.dm4]");}
 */
public class ImportCommand implements PlugIn {
	@Override
	public void run(String arg) {
		String f = arg == null ? "" : arg.trim();
		if (f.isEmpty()) {
			GenericDialog gd = new GenericDialog("Interphase: Import");
			ParamDialog.addFile(gd, "File", "", false);
			gd.showDialog();
			if (gd.wasCanceled()) return;
			f = gd.getNextString().trim();
		}
		Dataset d;
		try {
			d = Readers.read(Path.of(f));
		}
		catch (IOException | RuntimeException e) {
			String msg = e.getMessage() == null ? e.toString() : e.getMessage();
			if (Interpreter.isBatchMode() || GraphicsHeadless.is()) IJ.log("Interphase Import: " + msg);
			if (!GraphicsHeadless.is()) IJ.error("Interphase: Import", msg);
			else if (IJ.isMacro()) Interpreter.abort();
			return;
		}
		String info = info(d);
		// the main signal last, so that it is the active image (a WDF map after its white-light picture)
		java.util.List<Signal> order = new java.util.ArrayList<>(d.signals());
		Signal main = d.primary();
		order.remove(main);
		order.add(main);
		for (Signal s : order) {
			ImagePlus imp = open(s);
			if (imp == null) continue;
			imp.setProperty("Info", info);
			if (Interpreter.isBatchMode() || !GraphicsHeadless.is()) imp.show();
		}
	}

	/** The ImageJ view of one signal: a Plot image for a spectrum, a calibrated image or stack otherwise. */
	static ImagePlus open(Signal s) {
		if (s.ndim() == 1) {
			Axis ax = s.axis(0);
			Plot plot = new Plot(s.name, label(ax), "counts");
			plot.addPoints(ax.values(), s.data(), Plot.LINE);
			plot.setLimitsToFit(false);
			return plot.getImagePlus();
		}
		if (s.ndim() == 0 || s.length() == 0) return null;
		return ImagePlusData.toImagePlus(s);
	}

	static String label(Axis a) {
		String n = a.name == null || a.name.isEmpty() ? "x" : a.name;
		return a.units == null || a.units.isEmpty() ? n : n + " (" + a.units + ")";
	}

	static String info(Dataset d) {
		StringBuilder b = new StringBuilder("Interphase import of ").append(d.source).append(" [").append(d.format)
			.append("]\n");
		for (Map.Entry<String, Object> e : d.metadata().entrySet()) b.append(e.getKey()).append(" = ").append(e
			.getValue()).append('\n');
		for (Signal s : d.signals()) {
			b.append("signal '").append(s.name).append("' ").append(s.dtype).append(' ').append(java.util.Arrays
				.toString(s.shape())).append('\n');
			for (Axis a : s.axes()) b.append("  axis ").append(a.name).append('[').append(a.size).append("] ").append(
				a.offset).append(" + i*").append(a.scale).append(' ').append(a.units).append('\n');
			for (Map.Entry<String, Object> e : s.metadata().entrySet()) b.append(e.getKey()).append(" = ").append(e
				.getValue()).append('\n');
		}
		return b.toString();
	}
}
