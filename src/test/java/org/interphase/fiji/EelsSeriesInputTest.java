package org.interphase.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.core.data.Axis;
import org.interphase.core.data.Dataset;
import org.interphase.core.data.Signal;
import org.interphase.io.msa.MsaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fiji command "EELS Ti Valence..." given a folder of EMSA spectra with the series option reads it as the command
 * line does: one line scan in natural file-name order (the command's input step, without a running ImageJ).
 */
class EelsSeriesInputTest {
	@TempDir
	Path dir;

	@Test
	void folderOfEmsaSpectraIsOneLineScan() throws Exception {
		int ch = 40;
		for (int i = 0; i < 11; i++) {
			double[] y = new double[ch];
			java.util.Arrays.fill(y, 100 * i);
			MsaWriter.write(dir.resolve("pos" + i + ".msa"), new Signal("s", "float32", new int[] { ch }, List.of(new Axis(
				"energy loss", ch, 0.5, 440, "eV")), y));
		}
		Analysis a = Analyses.byCommand("eels-valence");
		Dataset d = AnalysisCommand.input(a, a.parameters(Map.of("series", "true")), null, dir.toString());
		Signal s = d.primary();
		assertArrayEquals(new int[] { 11, ch }, s.shape());
		for (int i = 0; i < 11; i++) assertEquals(100.0 * i, s.data()[i * ch], 1e-9, "pos" + i + " is row " + i);
	}
}
