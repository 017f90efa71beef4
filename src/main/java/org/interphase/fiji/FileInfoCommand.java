package org.interphase.fiji;

import java.io.IOException;
import java.nio.file.Path;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.interphase.core.data.Dataset;
import org.interphase.io.InfoJson;
import org.interphase.io.Readers;

/** Files > File Info: what the suite's readers see in a file (the same JSON as {@code interphase info --json}). */
public class FileInfoCommand implements PlugIn {
	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("Interphase: File Info");
		ParamDialog.addFile(gd, "File", "", false);
		gd.addCheckbox("Statistics", false);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		String f = gd.getNextString().trim();
		boolean stats = gd.getNextBoolean();
		try {
			Dataset d = Readers.read(Path.of(f));
			IJ.log(InfoJson.line(InfoJson.of(d, stats)));
		}
		catch (IOException e) {
			IJ.log(InfoJson.line(InfoJson.error(f, e.getMessage())));
			if (!GraphicsHeadless.is()) IJ.error("Interphase: File Info", e.getMessage());
		}
	}
}
