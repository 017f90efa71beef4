package org.interphase.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.AnalysisContext;
import org.interphase.core.result.AnalysisResult;
import org.interphase.core.result.ResultRow;
import org.interphase.io.Readers;
import org.interphase.synth.DemoSample;
import org.interphase.synth.DemoSamples;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * test-images/: the small files users try the plugins on. Each is what the generator makes (seed 42, small), each
 * check's truth is the generator's, and each analysis finds it within the stated tolerance.
 */
class TestImagesTest {
	static final Path DIR = Path.of("test-images");

	@TempDir
	Path temp;

	static JsonObject manifest() throws Exception {
		return new Gson().fromJson(Files.readString(DIR.resolve("ground-truth.json"), StandardCharsets.UTF_8),
			JsonObject.class);
	}

	static List<JsonObject> checks() throws Exception {
		JsonArray a = manifest().getAsJsonArray("checks");
		return a.asList().stream().map(JsonElement::getAsJsonObject).collect(Collectors.toList());
	}

	@Test
	void everyTechniqueHasASmallTestImage() throws Exception {
		Set<String> commands = new LinkedHashSet<>();
		for (JsonObject c : checks()) {
			Path f = DIR.resolve(c.get("file").getAsString());
			assertTrue(Files.isRegularFile(f), f + " missing");
			commands.add(c.get("command").getAsString());
		}
		for (String t : List.of("sem-depth", "hrtem-thickness", "xps-fit", "eels-valence", "raman-bn", "saed", "xrd"))
			assertTrue(commands.contains(t), "no test image for " + t);
		long bytes;
		try (Stream<Path> s = Files.walk(DIR)) {
			bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
		}
		assertTrue(bytes < 5_000_000, "test-images/ should stay small: " + bytes + " bytes");
	}

	@Test
	void truthsAreTheGeneratorsAndFilesAreWhatItWrites() throws Exception {
		Map<String, DemoSample> samples = new HashMap<>();
		for (DemoSample s : DemoSamples.all()) samples.put(s.id, s);
		Path gen = temp.resolve("generated");
		Files.createDirectories(gen);
		DemoContext ctx = new DemoContext(gen, DemoSamples.all(), manifest().get("seed").getAsLong(), true);
		Set<String> written = new LinkedHashSet<>();
		for (JsonObject c : checks()) {
			DemoSample s = samples.get(c.get("sample").getAsString());
			assertNotNull(s, "unknown sample " + c.get("sample"));
			Double t = s.truths().get(c.get("truth_key").getAsString());
			assertNotNull(t, c.get("truth_key") + " is not a truth of " + s.id);
			assertEquals(t, c.get("truth").getAsDouble(), 1e-12, c.get("file") + " " + c.get("truth_key"));
			String cmd = c.get("command").getAsString();
			if (written.add(cmd)) DemoRegistry.writeDemo(Analyses.byCommand(cmd), ctx);
		}
		Map<String, Path> byName = new HashMap<>();
		try (Stream<Path> st = Files.walk(gen)) {
			st.filter(Files::isRegularFile).forEach(p -> byName.put(p.getFileName().toString(), p));
		}
		try (Stream<Path> st = Files.walk(DIR)) {
			for (Path f : st.filter(Files::isRegularFile).collect(Collectors.toList())) {
				String name = f.getFileName().toString();
				if (name.equals("ground-truth.json") || name.endsWith(".md")) continue;
				Path g = byName.get(name);
				assertNotNull(g, name + " is not something the generator writes (seed 42, small)");
				assertArrayEquals(Files.readAllBytes(g), Files.readAllBytes(f), name +
					" differs from the generator's: regenerate test-images (see test-images/README.md)");
			}
		}
	}

	@TestFactory
	Stream<DynamicTest> eachTestImageAnalysesToItsTruth() throws Exception {
		return checks().stream().map(c -> DynamicTest.dynamicTest(c.get("file").getAsString() + " " + c.get("quantity")
			.getAsString(), () -> {
				Analysis a = Analyses.byCommand(c.get("command").getAsString());
				Map<String, String> params = new LinkedHashMap<>();
				for (Map.Entry<String, JsonElement> e : c.getAsJsonObject("params").entrySet()) params.put(e.getKey(), e
					.getValue().getAsString().replace("{dir}", DIR.toAbsolutePath().toString()));
				AnalysisResult r = a.analyze(Readers.read(DIR.resolve(c.get("file").getAsString())), a.parameters(params),
					new AnalysisContext(null, 2));
				ResultRow row = r.find(c.get("quantity").getAsString(), c.get("region").getAsString());
				assertNotNull(row, c.get("file") + ": no " + c.get("quantity") + " in " + c.get("region"));
				double truth = c.get("truth").getAsDouble(), tol = c.get("tolerance").getAsDouble();
				assertEquals(truth, row.value, tol, row.toString());
				assertEquals(c.get("unit").getAsString(), row.unit, row.toString());
				assertTrue(Double.isFinite(row.uncertainty) && row.uncertainty > 0, "no uncertainty: " + row);
				assertFalse(row.flags.contains("no-layer-found"), row.toString());
			}));
	}
}
