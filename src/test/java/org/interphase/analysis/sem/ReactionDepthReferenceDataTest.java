package org.interphase.analysis.sem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.interphase.analysis.AnalysisContext;
import org.interphase.analysis.AnalysisException;
import org.interphase.core.data.Dataset;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.Flags;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real SEM TIFFs of the shared reference data, end to end. They are not reaction-layer cross-sections, so
 * the assertion is that every file either gives finite, flagged rows or a clear error naming the file, and that a
 * calibration, when the reader provides one, equals the oracle's pixel size (expected.json, HyperSpy axes in m).
 * Without a calibrating reader the results must be flagged uncalibrated. Skipped when the folder is absent.
 */
class ReactionDepthReferenceDataTest {

	static Path referenceFolder() {
		return org.interphase.testing.ReferenceData.folder("sem-tiff");
	}

	/** Pixel size in µm from the oracle (first reader with axes), or NaN. */
	static double expectedPixelSizeUm(Path json) throws IOException {
		if (!Files.exists(json)) return Double.NaN;
		try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
			JsonObject o = JsonParser.parseReader(r).getAsJsonObject();
			for (JsonElement rd : o.getAsJsonArray("readers")) {
				JsonObject ro = rd.getAsJsonObject();
				if (!ro.has("signals")) continue;
				JsonArray sig = ro.getAsJsonArray("signals");
				if (sig.size() == 0) continue;
				JsonArray axes = sig.get(0).getAsJsonObject().getAsJsonArray("axes");
				JsonObject x = axes.get(axes.size() - 1).getAsJsonObject();
				double f = ReactionDepthAnalysis.toMicrons(x.get("units").getAsString());
				if (!Double.isNaN(f)) return x.get("scale").getAsDouble() * f;
			}
		}
		return Double.NaN;
	}

	@Test
	void realSemTiffsRunEndToEnd() throws Exception {
		Path dir = referenceFolder();
		Assumptions.assumeTrue(dir != null, "reference data not found (set -Dinterphase.reference); skipping");
		List<Path> files;
		try (Stream<Path> s = Files.list(dir)) {
			files = s.filter(p -> p.toString().endsWith(".tif")).sorted().collect(Collectors.toList());
		}
		Assumptions.assumeFalse(files.isEmpty(), "no .tif files in " + dir);
		ReactionDepthAnalysis a = new ReactionDepthAnalysis();
		int analysed = 0;
		for (Path f : files) {
			Dataset d;
			try {
				d = Readers.read(f);
			}
			catch (IOException e) {
				System.out.println(f.getFileName() + ": not readable on this branch (" + e.getMessage() + ")");
				continue;
			}
			try {
				AnalysisResult r;
				try {
					r = a.analyze(d, a.parameters(Map.of()), new AnalysisContext(null, 2));
				}
				catch (AnalysisException noSurface) {
					if (!noSurface.getMessage().contains("no sample surface found")) throw noSurface;
					assertTrue(noSurface.getMessage().contains(f.getFileName().toString()), noSurface.getMessage());
					// not a cross-section: give a surface line across the upper third, as a user would
					int w = d.primary().axis(d.primary().lastAxis().name.equals("channel") ? d.primary().ndim() - 2 : d
						.primary().ndim() - 1).size;
					int h = d.primary().axis(d.primary().lastAxis().name.equals("channel") ? d.primary().ndim() - 3 : d
						.primary().ndim() - 2).size;
					String line = "1," + (h / 3) + "," + (w - 1) + "," + (h / 3);
					System.out.println(f.getFileName() + ": " + noSurface.getMessage() + " -> retried with line " + line);
					r = a.analyze(d, a.parameters(Map.of("line", line, "surface-side", "top")), new AnalysisContext(null,
						2));
				}
				analysed++;
				ResultRow mean = r.find("depth_mean");
				ResultRow ps = r.find("pixel_size");
				System.out.printf("%s: depth_mean %.4g %s, pixel_size %.6g %s, flags [%s]%n", f.getFileName(), mean.value,
					mean.unit, ps.value, ps.unit, mean.flags);
				for (ResultRow row : r.rows()) if (row.region.isEmpty() && !row.quantity.equals("front_width") && !row
					.quantity.equals("layer_contrast")) assertTrue(Double.isFinite(row.value), f + " " + row.quantity);
				double exp = expectedPixelSizeUm(Paths.get(f + ".expected.json"));
				if (mean.flags.contains(Flags.UNCALIBRATED)) assertEquals("px", mean.unit);
				else if (!Double.isNaN(exp)) assertEquals(exp, ps.value, 1e-4 * exp, f + ": pixel size");
			}
			catch (AnalysisException e) {
				System.out.println(f.getFileName() + ": " + e.getMessage());
				assertTrue(e.getMessage().contains(f.getFileName().toString()), "message names the file: " + e
					.getMessage());
				assertFalse(e.getMessage().isBlank());
			}
		}
		System.out.println(analysed + " of " + files.size() + " real SEM files analysed");
	}
}
