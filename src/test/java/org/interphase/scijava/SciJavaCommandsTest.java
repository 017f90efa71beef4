package org.interphase.scijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.Cancelable;
import org.scijava.command.CommandModule;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.analysis.Param;
import org.interphase.cli.Main;
import org.interphase.core.result.ResultRow;

/**
 * The SciJava commands in a bare SciJava context (as scripts, PyImageJ and headless Fiji call them): every
 * analysis has one, its inputs are the analysis' declared parameters (typed, with defaults and choices), and on
 * every file of test-images/ its results table holds the command line's rows, number for number (the same
 * batch runner and core call). The image input analyses an ImagePlus as the Fiji menu does; a plot is refused.
 */
class SciJavaCommandsTest {
	@TempDir
	static Path temp;

	private static Context context;
	private static CommandService commands;
	/**
	 * Runs the commands and hands back their outputs. CommandService.run runs a DynamicCommand as well but
	 * returns no Future for it (a documented limit of SciJava: the command is its own module).
	 */
	private static ModuleService modules;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
		modules = context.service(ModuleService.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	/** The command of each analysis, found by the class naming convention the scripts use. */
	static CommandInfo info(Analysis a) {
		for (CommandInfo c : commands.getCommandsOfType(org.scijava.command.Command.class)) {
			if (c.getClassName().startsWith("org.interphase.scijava.") && a.command().equals(c.getDescription())) return c;
		}
		return null;
	}

	@Test
	void everyAnalysisIsACommandWithItsDeclaredParameters() throws Exception {
		for (Analysis a : Analyses.all()) {
			if (!a.available()) continue;
			CommandInfo ci = info(a);
			assertNotNull(ci, a.command() + " has no SciJava command in org.interphase.scijava");
			assertTrue(ci.canRunHeadless(), a.command());
			assertNull(ci.getMenuPath() == null || ci.getMenuPath().isEmpty() ? null : ci.getMenuPath(), a.command() +
				" has a menu path: Fiji's menus keep their one IJ1 entry");
			InterphaseCommand module = (InterphaseCommand) ci.createInstance();
			module.setContext(context);
			Map<String, ModuleItem<?>> inputs = new LinkedHashMap<>();
			for (ModuleItem<?> in : module.getInfo().inputs()) inputs.put(in.getName(), in);
			for (Param p : a.params()) {
				ModuleItem<?> in = inputs.get(p.macroKey());
				assertNotNull(in, a.command() + ": no input for parameter " + p.key);
				Class<?> want = p.kind == Param.Kind.NUMBER ? Double.class : p.kind == Param.Kind.INTEGER ? Integer.class
					: p.kind == Param.Kind.FLAG ? Boolean.class : p.kind == Param.Kind.FILE ? File.class : String.class;
				assertEquals(want, in.getType(), a.command() + " " + p.key);
				if (p.kind == Param.Kind.CHOICE) {
					assertEquals(p.choices, in.getChoices(), a.command() + " " + p.key + " choices");
					assertEquals(p.defaultValue, in.getDefaultValue());
				}
				if (p.kind == Param.Kind.NUMBER && !p.defaultValue.isEmpty()) assertEquals(Double.parseDouble(
					p.defaultValue), (Double) in.getDefaultValue(), 0, a.command() + " " + p.key + " default");
				if (p.kind == Param.Kind.INTEGER) assertEquals(Integer.parseInt(p.defaultValue), in.getDefaultValue());
			}
			for (String c : List.of("input", "sample", "database", "output")) assertTrue(inputs.containsKey(c), c);
			assertEquals(a.worksOnImages(), inputs.containsKey("image"), a.command() + " image input");
			Set<String> outputs = new LinkedHashSet<>();
			for (ModuleItem<?> o : module.getInfo().outputs()) outputs.add(o.getName());
			assertTrue(outputs.containsAll(List.of("results", "run_id")), outputs.toString());
			assertEquals(ij.measure.ResultsTable.class, module.getInfo().getOutput("results").getType());
		}
	}

	/** The cases of test-images/ground-truth.json, once each, plus the HRTEM analyses it does not list. */
	static List<Object[]> cases() throws Exception {
		Path dir = Path.of("test-images").toAbsolutePath();
		JsonObject gt = JsonParser.parseString(Files.readString(dir.resolve("ground-truth.json"))).getAsJsonObject();
		List<Object[]> out = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (JsonElement e : gt.getAsJsonArray("checks")) {
			JsonObject c = e.getAsJsonObject();
			Map<String, String> params = new LinkedHashMap<>();
			for (Map.Entry<String, JsonElement> p : c.getAsJsonObject("params").entrySet()) params.put(p.getKey(), p
				.getValue().getAsString().replace("{dir}", dir.toString()));
			String cmd = c.get("command").getAsString();
			Path file = dir.resolve(c.get("file").getAsString());
			if (seen.add(cmd + file + params)) out.add(new Object[] { cmd, file, params });
		}
		for (String c : List.of("hrtem-crystallinity", "hrtem-fringes")) out.add(new Object[] { c, dir.resolve(
			"hrtem/LATP-BN-500c_hrtem_01.tif"), Map.of() });
		return out;
	}

	@TestFactory
	Stream<DynamicTest> sameNumbersAsTheCommandLine() throws Exception {
		return cases().stream().map(c -> DynamicTest.dynamicTest(c[0] + " " + ((Path) c[1]).getFileName(), () -> {
			@SuppressWarnings("unchecked")
			Map<String, String> params = (Map<String, String>) c[2];
			compare(Analyses.byCommand((String) c[0]), (Path) c[1], params);
		}));
	}

	private void compare(Analysis a, Path file, Map<String, String> params) throws Exception {
		Path out = temp.resolve("cli-" + a.command() + "-" + file.getFileName());
		List<String> args = new ArrayList<>(List.of(a.command(), "--out", out.toString(), "--threads", "2", "--quiet",
			"--sample", "S1"));
		Map<String, Object> inputs = new HashMap<>();
		for (Map.Entry<String, String> e : params.entrySet()) {
			Param p = a.params().stream().filter(x -> x.key.equals(e.getKey())).findFirst().orElseThrow();
			if (p.repeatable) for (String v : e.getValue().split(";")) args.addAll(List.of("--" + p.key, v));
			else args.addAll(List.of("--" + p.key, e.getValue()));
			inputs.put(p.macroKey(), typed(p, e.getValue()));
		}
		args.add(file.toString());
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		assertEquals(0, Main.run(args.toArray(new String[0]), devnull, devnull), a.command() + " on " + file);
		List<ResultRow> cli = readCsv(out.resolve("results.csv"));
		assertFalse(cli.isEmpty());

		Path db = temp.resolve("scijava-" + a.command() + "-" + file.getFileName() + ".db");
		inputs.put("input", file.toFile());
		inputs.put("sample", "S1");
		inputs.put("threads", 2);
		inputs.put("database", db.toFile());
		Module m = modules.run(info(a), true, inputs).get();
		assertFalse(((Cancelable) m).isCanceled(), a.command() + ": " + ((Cancelable) m).getCancelReason());
		List<ResultRow> sj = rows((ij.measure.ResultsTable) m.getOutput("results"));
		assertEquals(cli.size(), sj.size(), a.command() + ": rows of the SciJava command vs results.csv");
		for (int i = 0; i < cli.size(); i++) {
			ResultRow c = cli.get(i), s = sj.get(i);
			String where = a.command() + " row " + i + " " + c.quantity + " " + c.region;
			assertEquals(c.sampleId, s.sampleId, where);
			assertEquals(c.source, s.source, where);
			assertEquals(c.region, s.region, where);
			assertEquals(c.quantity, s.quantity, where);
			assertEquals(c.unit, s.unit, where);
			assertEquals(c.label, s.label, where);
			assertEquals(c.flags, s.flags, where);
			same(c.value, s.value, where);
			same(c.uncertainty, s.uncertainty, where + " uncertainty");
		}
		Long run = (Long) m.getOutput("run_id");
		assertNotNull(run, "a database was given: the run is stored");
		try (org.interphase.results.ResultsDatabase d = new org.interphase.results.ResultsDatabase(db)) {
			assertEquals(cli.size(), d.rows().size(), "the database holds the rows");
		}
	}

	@Test
	void anOpenImageIsAnalysedAsTheMenuDoesAndAPlotIsRefused() throws Exception {
		Analysis a = Analyses.byCommand("hrtem-thickness");
		Path file = Path.of("test-images/hrtem/LATP-BN-500c_hrtem_01.tif").toAbsolutePath();
		Path out = temp.resolve("cli-image");
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		assertEquals(0, Main.run(new String[] { a.command(), "--out", out.toString(), "--threads", "2", "--quiet",
			file.toString() }, devnull, devnull));
		List<ResultRow> cli = readCsv(out.resolve("results.csv"));
		ij.ImagePlus imp = ij.IJ.openImage(file.toString());
		Module m = modules.run(info(a), true, Map.of("image", imp, "threads", 2)).get();
		assertFalse(((Cancelable) m).isCanceled(), ((Cancelable) m).getCancelReason());
		List<ResultRow> sj = rows((ij.measure.ResultsTable) m.getOutput("results"));
		assertEquals(cli.size(), sj.size());
		for (int i = 0; i < cli.size(); i++) {
			same(cli.get(i).value, sj.get(i).value, "row " + i + " " + cli.get(i).quantity);
			assertEquals(cli.get(i).sampleId, sj.get(i).sampleId, "sample from the file name");
		}
		assertNull(m.getOutput("run_id"), "no database given: nothing stored");
		// the script facade on the same image: the same numbers
		List<ResultRow> facade = org.interphase.fiji.Interphase.analyze("hrtem-thickness", imp, "").rows();
		assertEquals(cli.size(), facade.size());
		for (int i = 0; i < cli.size(); i++) same(cli.get(i).value, facade.get(i).value, "facade row " + i);

		ij.gui.Plot plot = new ij.gui.Plot("Coating Thickness - averaged profile", "x", "y", new double[] { 1, 2, 3 },
			new double[] { 3, 1, 2 });
		Module refused = modules.run(info(a), true, Map.of("image", plot.getImagePlus())).get();
		assertTrue(((Cancelable) refused).isCanceled(), "a plot is not analysed");
		assertTrue(((Cancelable) refused).getCancelReason().contains("is a plot"), ((Cancelable) refused).getCancelReason());
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> org.interphase.fiji.Interphase
			.analyze("hrtem-thickness", plot.getImagePlus(), ""));
		Module none = modules.run(info(a), true, Map.of()).get();
		assertTrue(((Cancelable) none).isCanceled() && ((Cancelable) none).getCancelReason().contains("give an input file"), ((Cancelable) none).getCancelReason());
	}

	/**
	 * The one plain command, as PyImageJ calls it: CommandService.run hands back its module, whose results are the
	 * per-analysis command's (and so the command line's); a misspelt parameter or analysis is refused by name.
	 */
	@Test
	void analyseRunsThroughCommandServiceWithItsOutputs() throws Exception {
		Path file = Path.of("test-images/xps/LATP-bare-100c_xps_ti2p.csv").toAbsolutePath();
		Map<String, Object> params = new HashMap<>(Map.of("preset", "ti2p", "shift", 0.0));
		CommandModule m = commands.run(Analyse.class, true, Map.of("analysis", "xps-fit", "input", file.toFile(),
			"sample", "S1", "parameters", params)).get();
		assertFalse(m.isCanceled(), m.getCancelReason());
		List<ResultRow> rows = rows((ij.measure.ResultsTable) m.getOutput("results"));
		Path out = temp.resolve("cli-analyse");
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		assertEquals(0, Main.run(new String[] { "xps-fit", "--out", out.toString(), "--quiet", "--sample", "S1",
			"--preset", "ti2p", "--shift", "0", file.toString() }, devnull, devnull));
		List<ResultRow> cli = readCsv(out.resolve("results.csv"));
		assertEquals(cli.size(), rows.size());
		for (int i = 0; i < cli.size(); i++) same(cli.get(i).value, rows.get(i).value, "row " + i + " " + cli.get(i)
			.quantity);
		CommandModule bad = commands.run(Analyse.class, true, Map.of("analysis", "xps-fit", "input", file.toFile(),
			"parameters", Map.of("presett", "ti2p"))).get();
		assertTrue(bad.isCanceled() && bad.getCancelReason().contains("no parameter 'presett'"), bad.getCancelReason());
		CommandModule none = commands.run(Analyse.class, true, Map.of("analysis", "xps-fitt")).get();
		assertTrue(none.isCanceled() && none.getCancelReason().contains("no Interphase analysis"), none.getCancelReason());
	}

	static List<ResultRow> rows(ij.measure.ResultsTable rt) {
		List<ResultRow> out = new ArrayList<>();
		for (int i = 0; i < rt.size(); i++) out.add(new ResultRow(str(rt, "sample_id", i), str(rt, "technique", i), str(
			rt, "analysis", i), str(rt, "source", i), str(rt, "region", i), str(rt, "quantity", i), rt.getValue("value",
				i), rt.getValue("uncertainty", i), str(rt, "unit", i), str(rt, "label", i), str(rt, "flags", i)));
		return out;
	}

	private static String str(ij.measure.ResultsTable rt, String col, int row) {
		String s = rt.getStringValue(col, row);
		return s == null || s.equals("NaN") ? "" : s;
	}

	static Object typed(Param p, String v) {
		switch (p.kind) {
			case NUMBER: return Double.valueOf(v);
			case INTEGER: return Integer.valueOf(v);
			case FLAG: return Boolean.valueOf(v);
			case FILE: return new File(v);
			default: return v;
		}
	}

	static void same(double a, double b, String where) {
		if (Double.isNaN(a) || Double.isNaN(b)) {
			assertTrue(Double.isNaN(a) && Double.isNaN(b), where + ": " + a + " vs " + b);
			return;
		}
		assertEquals(a, b, 1e-9 * Math.max(1, Math.abs(a)), where);
	}

	static List<ResultRow> readCsv(Path csv) throws Exception {
		List<ResultRow> out = new ArrayList<>();
		try (org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader()
			.setSkipHeaderRecord(true).get().parse(Files.newBufferedReader(csv, StandardCharsets.UTF_8)))
		{
			for (org.apache.commons.csv.CSVRecord r : p) out.add(new ResultRow(r.get(0), r.get(1), r.get(2), r.get(3), r
				.get(4), r.get(5), num(r.get(6)), num(r.get(7)), r.get(8), r.get(9), r.get(10)));
		}
		return out;
	}

	private static double num(String s) {
		return s == null || s.isEmpty() || s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
	}
}
