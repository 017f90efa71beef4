package org.interphase.scijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptService;

import org.interphase.analysis.Analyses;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.cli.Main;
import org.interphase.core.result.ResultRow;
import org.interphase.synth.DemoSamples;
import org.interphase.demo.DemoRegistry;

/**
 * Runs each Groovy template of script_templates/Interphase with Groovy 4 (the line Fiji ships), as Fiji's script
 * editor would: the test binds every {@code #@} input itself (files of test-images/ or demo data, the SciJava
 * services of a real context), runs the script, and checks the rows of its {@code #@output ResultsTable results}
 * against the command line's results.csv on the same input.
 */
class ScriptTemplatesTest {
	@TempDir
	static Path temp;

	private static Context context;
	private static final Path TEMPLATES = Path.of("src/main/resources/script_templates/Interphase");
	private static final Set<String> RUN = new LinkedHashSet<>();

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class, ModuleService.class, LogService.class, ScriptService.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	/** Runs a template with the given values for its inputs; every declared input must be bound. */
	static Binding run(String template, Map<String, Object> values) throws Exception {
		Binding b = runScript(template, Files.readString(TEMPLATES.resolve(template), StandardCharsets.UTF_8), values);
		RUN.add(template);
		return b;
	}

	/**
	 * Runs a script as Fiji would: SciJava's own ScriptInfo parses the #@ lines (so a type or attribute Fiji
	 * cannot read fails here) and gives the processed script; services are bound from the context, every other
	 * input from {@code values}, which must cover them all.
	 */
	static Binding runScript(String template, String script, Map<String, Object> values) throws Exception {
		ScriptInfo info = new ScriptInfo(context, template.replace(".md", ".groovy"), new StringReader(script));
		Binding b = new Binding();
		Set<String> declared = new LinkedHashSet<>();
		for (ModuleItem<?> in : info.inputs()) {
			declared.add(in.getName());
			if (org.scijava.service.Service.class.isAssignableFrom(in.getType())) {
				@SuppressWarnings({ "unchecked", "rawtypes" })
				Object service = context.service((Class) in.getType());
				b.setVariable(in.getName(), service);
				continue;
			}
			assertTrue(values.containsKey(in.getName()), template + ": the test binds no value for #@ " + in.getType()
				.getSimpleName() + " " + in.getName());
			Object v = values.get(in.getName());
			assertTrue(v == null || box(in.getType()).isInstance(v), template + ": " + in.getName() + " is a " + in
				.getType() + ", not " + v.getClass());
			b.setVariable(in.getName(), v);
		}
		for (String k : values.keySet()) assertTrue(declared.contains(k), template + " declares no " + k);
		List<String> outputs = new ArrayList<>();
		for (ModuleItem<?> out : info.outputs()) outputs.add(out.getName() + ":" + out.getType().getName());
		assertTrue(outputs.contains("results:ij.measure.ResultsTable"), template + " outputs " + outputs);
		// Groovy itself does not know the #@ lines: SciJava hands the engine the processed script
		String body = info.getProcessedScript();
		assertFalse(body.contains("#@"), "SciJava left the parameter lines in the script");
		new GroovyShell(ScriptTemplatesTest.class.getClassLoader(), b).evaluate(body, template.replaceAll("\\W", "_"));
		return b;
	}

	private static Class<?> box(Class<?> c) {
		return c == boolean.class ? Boolean.class : c == int.class ? Integer.class : c == double.class ? Double.class : c;
	}

	@Test
	void batchAnalyseFolderGivesTheCommandLineRows() throws Exception {
		Path folder = Path.of("test-images/diffraction").toAbsolutePath();
		Path out = temp.resolve("template-batch");
		Binding b = run("Batch_Analyse_Folder.groovy", Map.of("input", folder.toFile(), "command", "xrd", "parameters",
			"phase=LATP", "output", out.toFile()));
		List<ResultRow> rows = SciJavaCommandsTest.rows((ij.measure.ResultsTable) b.getVariable("results"));
		List<ResultRow> cli = cli("xrd", folder, "--phase", "LATP");
		assertFalse(rows.isEmpty());
		sameRows(cli, rows, "Batch_Analyse_Folder");
		assertTrue(Files.isRegularFile(out.resolve("results.csv")), "the output folder holds results.csv");
		assertEquals(cli.size(), SciJavaCommandsTest.readCsv(out.resolve("results.csv")).size());
	}

	@Test
	void reactionDepthSeriesSummarisesEachSample() throws Exception {
		Path folder = Path.of("test-images/sem").toAbsolutePath();
		Path db = temp.resolve("template-sem.db");
		Binding b = run("Reaction_Depth_Series.groovy", Map.of("folder", folder.toFile(), "surface_side", "auto",
			"database", db.toFile()));
		List<ResultRow> rows = SciJavaCommandsTest.rows((ij.measure.ResultsTable) b.getVariable("results"));
		List<ResultRow> cli = cli("sem-depth", folder);
		sameRows(cli, rows, "Reaction_Depth_Series");
		ResultRow summary = rows.stream().filter(r -> r.source.isEmpty() && r.quantity.equals("depth_mean")).findFirst()
			.orElse(null);
		assertNotNull(summary, "a per-sample summary row: " + rows.size() + " rows");
		assertEquals("LATP-bare-100c", summary.sampleId);
		assertTrue(Files.size(db) > 0, "the rows are stored in the database");
	}

	@Test
	void ramanMapFitsTheMapAsTheCommandLineDoes() throws Exception {
		Path data = Files.createDirectories(temp.resolve("raman-demo"));
		List<DemoJob> jobs = DemoRegistry.writeDemo(Analyses.byCommand("raman-bn"), new DemoContext(data, DemoSamples.all(), 7, true));
		Path map = jobs.get(0).inputs.stream().filter(p -> p.getFileName().toString().endsWith("_raman_map.txt"))
			.findFirst().orElseThrow();
		Binding b = run("Raman_BN_Map.groovy", Map.of("input", map.toFile(), "lineshape", "lorentzian", "window", "900,1600",
			"show_maps", true));
		List<ResultRow> rows = SciJavaCommandsTest.rows((ij.measure.ResultsTable) b.getVariable("results"));
		assertTrue(rows.stream().anyMatch(r -> r.quantity.equals("cbn_hbn_area_ratio")), "the ratio row");
		List<ResultRow> cli = cli("raman-bn", map, "--lineshape", "lorentzian", "--window", "900,1600").stream().filter(r -> r
			.region.isEmpty() || r.region.equals("mean-spectrum")).collect(Collectors.toList());
		assertEquals(cli.size(), rows.size(), "the template's whole-map rows are the command line's");
		for (int i = 0; i < cli.size(); i++) {
			assertEquals(cli.get(i).quantity, rows.get(i).quantity);
			SciJavaCommandsTest.same(cli.get(i).value, rows.get(i).value, cli.get(i).quantity);
			SciJavaCommandsTest.same(cli.get(i).uncertainty, rows.get(i).uncertainty, cli.get(i).quantity + " sd");
		}
	}

	/** The Groovy example of the README runs as printed, and gives the command line's rows. */
	@Test
	void theReadmeGroovyExampleRuns() throws Exception {
		String readme = Files.readString(Path.of("README.md"));
		Matcher m = Pattern.compile("```groovy\\n(.*?)```", Pattern.DOTALL).matcher(readme);
		assertTrue(m.find(), "README.md has a Groovy example");
		Path file = Path.of("test-images/xps/LATP-bare-100c_xps_ti2p.csv").toAbsolutePath();
		Binding b = runScript("README.md", m.group(1), Map.of("input", file.toFile()));
		List<ResultRow> rows = SciJavaCommandsTest.rows((ij.measure.ResultsTable) b.getVariable("results"));
		sameRows(cli("xps-fit", file, "--preset", "ti2p"), rows, "README Groovy example");
	}

	@Test
	void everyTemplateIsTested() throws Exception {
		List<String> all;
		try (Stream<Path> s = Files.list(TEMPLATES)) {
			all = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".groovy")).sorted().collect(Collectors
				.toList());
		}
		assertEquals(List.of("Batch_Analyse_Folder.groovy", "Raman_BN_Map.groovy", "Reaction_Depth_Series.groovy"), all,
			"a template was added or renamed: give it a test here");
		for (String t : all) {
			String script = Files.readString(TEMPLATES.resolve(t));
			assertFalse(script.contains("org.interphase.core.") || script.contains("org.interphase.analysis."), t +
				" calls internals: use the SciJava commands or org.interphase.fiji.Interphase");
		}
	}

	private static List<ResultRow> cli(String command, Path input, String... options) throws Exception {
		Path out = temp.resolve("cli-" + command + "-" + input.getFileName());
		List<String> args = new ArrayList<>(List.of(command, "--out", out.toString(), "--threads", "2", "--quiet"));
		args.addAll(List.of(options));
		args.add(input.toString());
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		Main.run(args.toArray(new String[0]), devnull, devnull);
		return SciJavaCommandsTest.readCsv(out.resolve("results.csv"));
	}

	private static void sameRows(List<ResultRow> cli, List<ResultRow> rows, String what) {
		assertEquals(cli.size(), rows.size(), what + ": rows");
		for (int i = 0; i < cli.size(); i++) {
			ResultRow c = cli.get(i), r = rows.get(i);
			String where = what + " row " + i + " " + c.quantity + " " + c.region;
			assertEquals(c.sampleId, r.sampleId, where);
			assertEquals(c.quantity, r.quantity, where);
			assertEquals(c.region, r.region, where);
			assertEquals(new File(c.source).getName(), new File(r.source).getName(), where);
			SciJavaCommandsTest.same(c.value, r.value, where);
			SciJavaCommandsTest.same(c.uncertainty, r.uncertainty, where + " sd");
		}
	}
}
