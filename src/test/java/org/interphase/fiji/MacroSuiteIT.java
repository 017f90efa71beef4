package org.interphase.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.demo.DemoContext;
import org.interphase.demo.DemoJob;
import org.interphase.analysis.Param;
import org.interphase.cli.Main;
import org.interphase.core.result.ResultRow;
import org.interphase.synth.DemoSamples;
import org.interphase.demo.DemoRegistry;

/**
 * The suite inside ImageJ, headless, through the real macro interpreter and the real plugins.config of the
 * packaged jar:
 * <ul>
 * <li>every menu entry of plugins.config exists;</li>
 * <li>for every analysis, the menu/macro path and the command line give the same numbers on the same demo
 * files;</li>
 * <li>every macro in macros/ runs on demo data and its table holds the command line's numbers.</li>
 * </ul>
 * This class itself touches no ij.* class: ij1-patcher must patch ImageJ before it loads.
 */
class MacroSuiteIT {
	static {
		net.imagej.patcher.LegacyInjector.preinit();
	}

	@TempDir
	static Path temp;

	private static final Map<String, DemoJob> JOBS = new HashMap<>();

	@BeforeAll
	static void setUp() throws Exception {
		HeadlessFiji.init(temp);
	}

	/** One demo job per analysis, written once (small data). */
	static synchronized DemoJob job(Analysis a) throws Exception {
		if (!JOBS.containsKey(a.command())) {
			Path data = Files.createDirectories(temp.resolve("data-" + a.command()));
			List<DemoJob> jobs = DemoRegistry.writeDemo(a, new DemoContext(data, DemoSamples.all(), 7, true));
			JOBS.put(a.command(), jobs.isEmpty() ? null : jobs.get(0));
		}
		return JOBS.get(a.command());
	}

	@Test
	void everyMenuEntryOfPluginsConfigIsInstalled() throws Exception {
		List<String> commands = Arrays.asList(HeadlessFiji.commands());
		String config = new String(MacroSuiteIT.class.getResourceAsStream("/plugins.config").readAllBytes(),
			StandardCharsets.UTF_8);
		Matcher m = Pattern.compile("^Plugins>[^,]+,\\s*\"([^\"]+)\"", Pattern.MULTILINE).matcher(config);
		int n = 0;
		while (m.find()) {
			n++;
			assertTrue(commands.contains(m.group(1)), "menu command missing in ImageJ: " + m.group(1));
		}
		assertTrue(n >= 8, "plugins.config lists the analyses");
		// a plugin runs from a macro and changes state: Set Sample ID stores the ID
		HeadlessFiji.runMacro("run(\"Set Sample ID...\", \"sample_id=LATP-test\");", "");
		assertEquals("LATP-test", FijiSettings.currentSample());
		HeadlessFiji.runMacro("run(\"Set Sample ID...\", \"sample_id=\");", "");
		assertEquals("", FijiSettings.currentSample());
	}

	/**
	 * File > Import > Interphase... opens what our readers read, calibrated: a demo SEM TIFF, an EELS line scan, a
	 * Raman map (a stack along the wavenumber axis), an XPS spectrum (a plot), and the real DM4 / TIA / WDF files of
	 * ../shared/reference-data when present.
	 */
	@TestFactory
	Stream<DynamicTest> importOpensEveryFormatCalibrated() throws Exception {
		List<Path> files = new ArrayList<>();
		for (String c : List.of("sem-depth", "eels-valence", "raman-bn", "xps-fit", "xrd")) {
			for (Path p : job(Analyses.byCommand(c)).inputs) {
				if (Files.isDirectory(p)) continue;
				files.add(p);
				if (!c.equals("raman-bn")) break;
			}
		}
		Path ref = org.interphase.testing.ReferenceData.folder();
		if (ref != null) for (String r : List.of("eels/EELS_SI.dm4", "diffraction/64x64_diffraction_acquire.emi",
			"raman/renishaw_test_streamline.wdf", "dm/dtypes/2D_test-1.dm4", "dm/test_stackbuilder_imagestack.dm3")) if (Files.isRegularFile(ref.resolve(r))) files.add(ref.resolve(r));
		return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> importOne(f)));
	}

	private void importOne(Path f) throws Exception {
		org.interphase.core.data.Dataset d = org.interphase.io.Readers.read(f);
		org.interphase.core.data.Signal s = d.primary();
		HeadlessFiji.reset();
		String ret = HeadlessFiji.runMacro("setBatchMode(true); run(\"Interphase...\", \"file=[" + esc(f) + "]\");" +
			"if (nImages == 0) return \"none\";" +
			"getVoxelSize(pw, ph, pd, unit); info = getImageInfo();" +
			"r = \"\" + getWidth() + \"|\" + getHeight() + \"|\" + nSlices + \"|\" + d2s(pw, -12) + \"|\" + d2s(pd, -12) + \"|\" + unit + \"|\" +" +
			" indexOf(info, \"Interphase import\"); close(\"*\"); return r;", "");
		assertNotEquals("[aborted]", ret, f.toString());
		assertNotNull(ret, f + ": the macro failed");
		assertNotEquals("none", ret, f + ": nothing opened");
		String[] v = ret.split("\\|");
		assertTrue(Integer.parseInt(v[6]) >= 0, f + ": no metadata in the image Info");
		if (s.ndim() == 1) return; // a plot: its pixels are a rendering
		org.interphase.core.data.Axis x;
		int slices;
		if (s.ndim() == 3 && !s.isColour() && (s.lastAxis().units.equals("eV") || s.lastAxis().units.contains("cm"))) {
			x = s.axis(1);
			slices = s.size(2);
			// a non-uniform axis (Renishaw) cannot be an ImageJ calibration: its values are the slice labels
			if (s.lastAxis().isUniform()) assertEquals(s.lastAxis().scale, Double.parseDouble(v[4]), 1e-6 * Math.abs(s
				.lastAxis().scale), f + " z");
		}
		else {
			x = s.luminance().lastAxis();
			slices = s.ndim() >= 3 && !s.isColour() ? s.count(2) : 1;
		}
		assertEquals(x.size, Integer.parseInt(v[0]), f + " width: " + ret);
		assertEquals(slices, Integer.parseInt(v[2]), f + " slices: " + ret);
		if (x.isCalibrated() && !x.units.equals("px")) {
			assertEquals(x.scale, Double.parseDouble(v[3]), 1e-6 * Math.abs(x.scale), f + " pixel width: " + ret);
			assertEquals(x.units, v[5], f + " unit: " + ret);
		}
	}

	@TestFactory
	Stream<DynamicTest> menuMacroAndCommandLineGiveTheSameNumbers() {
		return Analyses.all().stream().filter(Analysis::available).map(a -> DynamicTest.dynamicTest(a.command(),
			() -> samePath(a)));
	}

	private void samePath(Analysis a) throws Exception {
		DemoJob job = job(a);
		assertTrue(job != null && !job.inputs.isEmpty(), a.command() + " writes no demo data");
		Path input = job.inputs.get(0);
		if (Files.isDirectory(input)) {
			try (Stream<Path> s = Files.list(input)) {
				Path first = s.filter(a::accepts).sorted().findFirst().orElse(null);
				if (first != null && !a.folderIsSeries(a.parameters(job.params))) input = first;
			}
		}
		// command line
		Path out = temp.resolve("cli-" + a.command());
		List<String> args = new ArrayList<>(List.of(a.command(), "--out", out.toString(), "--threads", "2", "--quiet",
			"--sample", "S1"));
		for (Map.Entry<String, String> e : job.params.entrySet()) {
			Param p = a.params().stream().filter(x -> x.key.equals(e.getKey())).findFirst().get();
			if (p.repeatable) for (String v : e.getValue().split(";")) args.addAll(List.of("--" + p.key, v));
			else args.addAll(List.of("--" + p.key, e.getValue()));
		}
		args.add(input.toString());
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		int code = Main.run(args.toArray(new String[0]), devnull, devnull);
		assertEquals(0, code, a.command() + " on " + input + ": " + Files.readString(out.resolve("errors.csv")));
		List<ResultRow> cli = readCsv(out.resolve("results.csv")).stream().filter(r -> !r.source.isEmpty()).collect(
			Collectors.toList());
		assertFalse(cli.isEmpty());

		// the menu command through the macro interpreter
		HeadlessFiji.reset();
		StringBuilder options = new StringBuilder("sample=S1");
		for (Map.Entry<String, String> e : job.params.entrySet()) {
			Param p = a.params().stream().filter(x -> x.key.equals(e.getKey())).findFirst().get();
			if (p.kind == Param.Kind.FLAG) {
				if (Boolean.parseBoolean(e.getValue())) options.append(' ').append(p.macroKey());
			}
			else options.append(' ').append(p.macroKey()).append("=[").append(e.getValue()).append(']');
		}
		String macro;
		if (a.worksOnImages()) macro = "setBatchMode(true); open(\"" + esc(input) + "\"); run(\"" + a.title() + "...\", \"" +
			esc(options.toString()) + "\"); close(\"*\");";
		else macro = "run(\"" + a.title() + "...\", \"file=[" + esc(input) + "] " + esc(options.toString()) + "\");";
		String ret = HeadlessFiji.runMacro(macro, "");
		assertNotEquals("[aborted]", ret, macro);
		List<ResultRow> fiji = HeadlessFiji.results();
		assertEquals(cli.size(), fiji.size(), a.command() + ": the Results table and results.csv differ in rows");
		for (int i = 0; i < cli.size(); i++) {
			ResultRow c = cli.get(i), f = fiji.get(i);
			String where = a.command() + " row " + i + " " + c.quantity + " " + c.region;
			assertEquals(c.quantity, f.quantity, where);
			assertEquals(c.region, f.region, where);
			assertEquals(c.unit, f.unit, where);
			assertEquals(c.label, f.label, where);
			assertEquals("S1", f.sampleId, where);
			assertEquals(Path.of(c.source).getFileName(), Path.of(f.source).getFileName(), where);
			assertSame(c.value, f.value, where + " value");
			assertSame(c.uncertainty, f.uncertainty, where + " uncertainty");
		}
		HeadlessFiji.reset();
	}

	/**
	 * XPS Peak Fit through the menu command (macro path) on a demo Ti 2p file: the "XPS components" table holds
	 * the command line's component table (tables/*__xps-components.csv) cell for cell, and its positions,
	 * widths, areas and area % are the contract rows of results.csv.
	 */
	@Test
	void xpsComponentTableEqualsTheCommandLine() throws Exception {
		Analysis a = Analyses.byCommand("xps-fit");
		Path input = job(a).inputs.get(0);
		assertTrue(input.getFileName().toString().contains("ti2p"), input.toString());
		Path out = temp.resolve("cli-xps-components");
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		int code = Main.run(new String[] { "xps-fit", "--out", out.toString(), "--threads", "2", "--quiet", "--sample",
			"S1", "--preset", "ti2p", "--shift", "0", "--mc-samples", "40", "--model-ensemble", "off", input.toString() },
			devnull, devnull);
		assertEquals(0, code);
		Path csv;
		try (Stream<Path> s = Files.list(out.resolve("tables"))) {
			csv = s.filter(p -> p.getFileName().toString().endsWith("__xps-components.csv")).findFirst().orElseThrow();
		}
		List<Map<String, String>> cliTable = new ArrayList<>();
		List<String> header;
		try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(Files
			.newBufferedReader(csv, StandardCharsets.UTF_8)))
		{
			header = p.getHeaderNames();
			for (CSVRecord r : p) cliTable.add(r.toMap());
		}
		List<ResultRow> cliRows = readCsv(out.resolve("results.csv"));

		HeadlessFiji.reset();
		String ret = HeadlessFiji.runMacro("run(\"XPS Peak Fit...\", \"file=[" + esc(input)
			+ "] sample=S1 preset=ti2p shift=0 mc_samples=40 model_ensemble=off\");", ""); // one model: area % = fraction
		assertNotEquals("[aborted]", ret);
		List<Map<String, Object>> fiji = HeadlessFiji.namedTable("XPS components");
		assertEquals(2, fiji.size(), "Ti4+ and Ti3+");
		assertEquals(cliTable.size(), fiji.size());
		assertEquals(header, new ArrayList<>(fiji.get(0).keySet()), "same columns as the command line's table");
		for (int i = 0; i < fiji.size(); i++) {
			for (String col : header) {
				Object f = fiji.get(i).get(col);
				String c = cliTable.get(i).get(col);
				String where = "XPS components row " + i + " " + col;
				if (f instanceof Double) assertSame(num(c), (Double) f, where);
				else assertEquals(c, f == null ? "" : f.toString(), where);
			}
			// the table's numbers are the contract rows' numbers
			String reg = "component:" + fiji.get(i).get("state");
			for (String[] q : new String[][] { { "position", "position" }, { "fwhm", "fwhm" }, { "area", "area" } }) {
				ResultRow row = cliRows.stream().filter(r -> r.quantity.equals(q[0]) && r.region.equals(reg)).findFirst()
					.orElseThrow();
				assertSame(row.value, (Double) fiji.get(i).get(q[1]), reg + " " + q[0]);
				assertSame(row.uncertainty, (Double) fiji.get(i).get(q[1] + "_sd"), reg + " " + q[0] + " sd");
			}
			ResultRow fr = cliRows.stream().filter(r -> r.quantity.equals("fraction") && r.region.equals(reg)).findFirst()
				.orElseThrow();
			assertSame(100 * fr.value, (Double) fiji.get(i).get("area_pct"), reg + " area %");
			assertSame(100 * fr.uncertainty, (Double) fiji.get(i).get("area_pct_sd"), reg + " area % sd");
		}
		assertTrue(fiji.get(1).get("position_constraint").toString().startsWith("= Ti4+_center - Ti3+_shift"));
		HeadlessFiji.reset();
	}

	/**
	 * XPS Fit Window through the macro interpreter on a demo Ti 2p file, with the Ti3+ FWHM unlinked and fixed and
	 * "Save template as" set: the saved JSON holds the edit, and {@code xps-fit --template saved.json} on the same
	 * file gives the Ti3+ fraction and width of the window's "XPS components" table.
	 */
	@Test
	void xpsFitWindowSavesTheEditedTemplateAndTheCommandLineAgrees() throws Exception {
		Analysis a = Analyses.byCommand("xps-fit");
		Path input = job(a).inputs.get(0);
		Path saved = temp.resolve("window-template.json");
		HeadlessFiji.reset();
		String ret = HeadlessFiji.runMacro("run(\"XPS Fit Window...\", \"file=[" + esc(input) + "] sample=S1 preset=ti2p "
			+ "ti3p_fwhm_mode=fixed ti3p_fwhm=1.55 ti4p_position_min=458.9 shift=0 mc_samples=20 model_ensemble=off "
			+ "save_template_as=["
			+ esc(saved) + "]\");", "");
		assertNotEquals("[aborted]", ret);
		assertTrue(Files.isRegularFile(saved), "the window saved no template");
		com.google.gson.JsonObject j = com.google.gson.JsonParser.parseString(Files.readString(saved)).getAsJsonObject();
		com.google.gson.JsonArray comps = j.getAsJsonArray("components");
		com.google.gson.JsonObject ti3 = comps.get(1).getAsJsonObject().getAsJsonObject("params");
		assertEquals("Ti3+", comps.get(1).getAsJsonObject().get("name").getAsString());
		assertEquals(1.55, ti3.getAsJsonObject("fwhm").get("value").getAsDouble());
		assertFalse(ti3.getAsJsonObject("fwhm").get("vary").getAsBoolean());
		assertFalse(ti3.getAsJsonObject("fwhm").has("link"));
		assertEquals(458.9, comps.get(0).getAsJsonObject().getAsJsonObject("params").getAsJsonObject("center").get("min")
			.getAsDouble());
		List<Map<String, Object>> table = HeadlessFiji.namedTable("XPS components");
		assertEquals(2, table.size());
		Map<String, Object> row = table.get(1);
		assertEquals("Ti3+", row.get("component"));
		assertSame(1.55, (Double) row.get("fwhm"), "the fixed Ti3+ width");

		Path out = temp.resolve("cli-xps-window");
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		int code = Main.run(new String[] { "xps-fit", "--out", out.toString(), "--threads", "2", "--quiet", "--sample",
			"S1", "--template", saved.toString(), "--shift", "0", "--mc-samples", "20", "--model-ensemble", "off", // the
			// window's table shows one fit; with the ensemble the fraction is a weighted mean over model variants
			input.toString() }, devnull,
			devnull);
		assertEquals(0, code);
		ResultRow fr = readCsv(out.resolve("results.csv")).stream().filter(r -> r.quantity.equals("fraction") && r.region
			.equals("component:Ti3+")).findFirst().orElseThrow();
		assertSame(100 * fr.value, (Double) row.get("area_pct"), "Ti3+ fraction");
		assertSame(100 * fr.uncertainty, (Double) row.get("area_pct_sd"), "Ti3+ fraction sd");
		// and the contract rows of the window are the command line's
		List<ResultRow> fiji = HeadlessFiji.results();
		ResultRow ff = fiji.stream().filter(r -> r.quantity.equals("fraction") && r.region.equals("component:Ti3+"))
			.findFirst().orElseThrow();
		assertSame(fr.value, ff.value, "Ti3+ fraction row");
		HeadlessFiji.reset();
	}

	/**
	 * With the model ensemble (the default) the XPS Fit Window's Results rows are the command line's: the same
	 * template, the same ensemble mean and total σ. (Its "XPS components" table shows the winning variant's own fit,
	 * which differs from the ensemble mean by the other variants' weight — that, not the window, was the 2e-6.)
	 */
	@Test
	void xpsFitWindowWithTheEnsembleGivesTheCommandLinesRows() throws Exception {
		Analysis a = Analyses.byCommand("xps-fit");
		Path input = job(a).inputs.get(0);
		Path saved = temp.resolve("window-template-ensemble.json");
		HeadlessFiji.reset();
		String ret = HeadlessFiji.runMacro("run(\"XPS Fit Window...\", \"file=[" + esc(input) + "] sample=S1 preset=ti2p "
			+ "shift=0 mc_samples=0 model_ensemble=on save_template_as=[" + esc(saved) + "]\");", "");
		assertNotEquals("[aborted]", ret);
		Path out = temp.resolve("cli-xps-window-ensemble");
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		for (String[] how : new String[][] {{"--template", saved.toString()}, {"--preset", "ti2p"}}) {
			int code = Main.run(new String[] { "xps-fit", "--out", out.toString(), "--threads", "2", "--quiet", "--sample",
				"S1", how[0], how[1], "--shift", "0", "--mc-samples", "0", input.toString() }, devnull, devnull);
			assertEquals(0, code);
			List<ResultRow> cli = readCsv(out.resolve("results.csv"));
			List<ResultRow> fiji = HeadlessFiji.results();
			for (String q : new String[] {"fraction", "fraction_sd_model"}) {
				ResultRow c = cli.stream().filter(r -> r.quantity.equals(q) && r.region.equals("component:Ti3+")).findFirst()
					.orElseThrow();
				ResultRow f = fiji.stream().filter(r -> r.quantity.equals(q) && r.region.equals("component:Ti3+")).findFirst()
					.orElseThrow();
				assertSame(c.value, f.value, how[0] + " Ti3+ " + q);
				assertSame(c.uncertainty, f.uncertainty, how[0] + " Ti3+ " + q + " uncertainty");
			}
		}
		HeadlessFiji.reset();
	}

	/**
	 * Diffraction › Amorphization Series… through the macro interpreter, on the demo's bare in-situ series (LATP
	 * turning lithiated, then amorphous; phases LATP and Li3Ti2(PO4)3): as a stack file with no image open, as the
	 * active stack, and as a folder of frames. Each gives the Results rows of {@code saed} on the command line
	 * (stack file, or the folder with --series), and its "Amorphization series" table is the command line's
	 * tables/*__saed-series.csv cell for cell.
	 */
	@Test
	void amorphizationSeriesEqualsTheCommandLine() throws Exception {
		Analysis a = Analyses.byCommand("saed");
		Path data = Files.createDirectories(temp.resolve("data-saed-series"));
		DemoJob job = DemoRegistry.writeDemo(a, new DemoContext(data, DemoSamples.all(), 7, true)).stream().filter(j -> j.inputs.get(0)
			.getFileName().toString().equals("LATP-bare-100c_saed_insitu.tif")).findFirst().orElseThrow();
		Path stack = job.inputs.get(0);
		assertTrue(job.params.get("phase").contains(";"), "two phases: " + job.params);
		// the same frames as a folder of single images, calibrated as the stack
		org.interphase.core.data.Signal s = org.interphase.io.Readers.read(stack).primary();
		int w = s.width(), h = s.height(), frames = s.count(2);
		Path folder = Files.createDirectories(temp.resolve("saed-frames"));
		for (int f = 0; f < frames; f++) org.interphase.ij.ImageJTiff.write(org.interphase.core.data.Signal.image("frame", w, h,
			Arrays.copyOfRange(s.data(), f * w * h, (f + 1) * w * h), s.lastAxis().scale, s.lastAxis().units), folder
				.resolve(String.format("frame_%03d.tif", f)), "frame " + f);
		StringBuilder options = new StringBuilder("sample=S1");
		List<String> cliParams = new ArrayList<>();
		for (Map.Entry<String, String> e : job.params.entrySet()) {
			Param p = a.params().stream().filter(x -> x.key.equals(e.getKey())).findFirst().get();
			options.append(' ').append(p.macroKey()).append("=[").append(e.getValue()).append(']');
			for (String v : p.repeatable ? e.getValue().split(";") : new String[] { e.getValue() }) cliParams.addAll(List.of(
				"--" + p.key, v));
		}
		String[][] cases = { { "stack file", stack.toString() }, { "active stack", stack.toString() }, { "folder", folder
			.toString() } };
		for (String[] c : cases) {
			Path out = temp.resolve("cli-series-" + c[0].replace(' ', '-'));
			List<String> args = new ArrayList<>(List.of("saed", "--out", out.toString(), "--threads", "2", "--quiet",
				"--sample", "S1"));
			args.addAll(cliParams);
			if (c[0].equals("folder")) args.add("--series");
			args.add(c[1]);
			PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
			assertEquals(0, Main.run(args.toArray(new String[0]), devnull, devnull), c[0]);
			List<ResultRow> cli = readCsv(out.resolve("results.csv"));
			assertTrue(cli.stream().anyMatch(r -> r.quantity.equals("phase_transition_time")), c[0] + ": " + cli.size());
			assertTrue(cli.stream().anyMatch(r -> r.quantity.equals("amorphization_time")), c[0]);

			HeadlessFiji.reset();
			String macro = c[0].equals("active stack") ? "setBatchMode(true); open(\"" + esc(c[1]) +
				"\"); run(\"Amorphization Series...\", \"" + esc(options.toString()) + "\"); close(\"*\");"
				: "run(\"Amorphization Series...\", \"file=[" + esc(c[1]) + "] " + esc(options.toString()) + "\");";
			String ret = HeadlessFiji.runMacro(macro, "");
			assertNotEquals("[aborted]", ret, macro);
			List<ResultRow> fiji = HeadlessFiji.results();
			assertEquals(cli.size(), fiji.size(), c[0] + ": the Results table and results.csv differ in rows");
			for (int i = 0; i < cli.size(); i++) {
				ResultRow cr = cli.get(i), fr = fiji.get(i);
				String where = c[0] + " row " + i + " " + cr.quantity + " " + cr.region + " " + cr.label;
				assertEquals(cr.quantity, fr.quantity, where);
				assertEquals(cr.region, fr.region, where);
				assertEquals(cr.label, fr.label, where);
				assertEquals(cr.flags, fr.flags, where);
				assertSame(cr.value, fr.value, where + " value");
				assertSame(cr.uncertainty, fr.uncertainty, where + " uncertainty");
			}
			// the per-frame table
			Path csv;
			try (Stream<Path> st = Files.list(out.resolve("tables"))) {
				csv = st.filter(p -> p.getFileName().toString().endsWith("__saed-series.csv")).findFirst().orElseThrow();
			}
			List<Map<String, String>> cliTable = new ArrayList<>();
			List<String> header;
			try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(Files
				.newBufferedReader(csv, StandardCharsets.UTF_8)))
			{
				header = p.getHeaderNames();
				for (CSVRecord r : p) cliTable.add(r.toMap());
			}
			List<Map<String, Object>> table = HeadlessFiji.namedTable("Amorphization series");
			assertEquals(frames, table.size(), c[0]);
			assertEquals(cliTable.size(), table.size(), c[0]);
			assertTrue(header.contains("Li3Ti2(PO4)3_fraction"), header.toString());
			for (int i = 0; i < table.size(); i++) for (String col : header) {
				Object f = table.get(i).get(col);
				String cv = cliTable.get(i).get(col);
				if (f instanceof Double) assertSame(num(cv), (Double) f, c[0] + " table row " + i + " " + col);
				else assertEquals(cv, f == null ? "" : f.toString(), c[0] + " table row " + i + " " + col);
			}
		}
		HeadlessFiji.reset();
	}

	/**
	 * A macro key that no field takes ({@code pixelsize} for {@code pixel_size}) stops the macro with a message
	 * naming it, as the command line's exit 2 does, instead of running on the default.
	 */
	@Test
	void anUnknownMacroKeyStopsTheMacroAndIsNamed() throws Exception {
		Analysis a = Analyses.byCommand("sem-depth");
		Path input = job(a).inputs.get(0);
		if (Files.isDirectory(input)) try (Stream<Path> s = Files.list(input)) {
			input = s.filter(a::accepts).sorted().findFirst().get();
		}
		HeadlessFiji.reset();
		java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
		PrintStream old = System.out;
		String ret;
		System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
		try {
			ret = HeadlessFiji.runMacro("run(\"" + a.title() + "...\", \"file=[" + esc(input) +
				"] sample=S1 pixelsize=0.5\"); return \"went on\";", "");
		}
		finally {
			System.setOut(old);
		}
		String printed = log.toString(StandardCharsets.UTF_8);
		assertNotEquals("went on", ret, "the macro went on after the unknown key: " + printed);
		// pixel_size is the former key of pixel_size_um (issue 21): the hint names the current one
		assertTrue(printed.contains("unknown macro key 'pixelsize' (did you mean pixel_size_um?)"), printed);
		assertTrue(HeadlessFiji.results().isEmpty(), "the analysis ran although the macro named an unknown key");
		HeadlessFiji.reset();
	}

	/**
	 * Issue 21: a macro recorded with the former key ({@code pixel_size=}, now {@code pixel_size_nm=}) gives the same
	 * rows as the new key, and the Log says the key is deprecated.
	 */
	@Test
	void aFormerMacroKeyMeansWhatItMeant() throws Exception {
		Analysis a = Analyses.byCommand("hrtem-fringes");
		Path input = job(a).inputs.get(0);
		if (Files.isDirectory(input)) try (Stream<Path> s = Files.list(input)) {
			input = s.filter(a::accepts).sorted().findFirst().get();
		}
		List<List<ResultRow>> rows = new ArrayList<>();
		String printed = "";
		for (String key : List.of("pixel_size_nm", "pixel_size")) {
			HeadlessFiji.reset();
			java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
			PrintStream old = System.out;
			System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
			try {
				String ret = HeadlessFiji.runMacro("run(\"" + a.title() + "...\", \"file=[" + esc(input) + "] sample=S1 " +
					key + "=0.0123\"); return \"ran\";", "");
				assertEquals("ran", ret, key + ": " + log);
			}
			finally {
				System.setOut(old);
			}
			printed = log.toString(StandardCharsets.UTF_8);
			rows.add(HeadlessFiji.results());
		}
		assertTrue(printed.contains("is deprecated: use --pixel-size-nm (macro pixel_size_nm=)"), printed);
		assertFalse(rows.get(0).isEmpty());
		assertEquals(rows.get(0).size(), rows.get(1).size());
		for (int i = 0; i < rows.get(0).size(); i++) {
			ResultRow n = rows.get(0).get(i), o = rows.get(1).get(i);
			assertEquals(n.quantity, o.quantity);
			assertEquals(n.unit, o.unit);
			assertSame(n.value, o.value, n.quantity + " " + n.region);
		}
		HeadlessFiji.reset();
	}

	private static void assertSame(double a, double b, String where) {
		if (Double.isNaN(a) || Double.isNaN(b)) {
			assertTrue(Double.isNaN(a) && Double.isNaN(b), where + ": " + a + " vs " + b);
			return;
		}
		assertEquals(a, b, 1e-9 * Math.max(1, Math.abs(a)), where);
	}

	/** Runs every macro of macros/ on the demo data of the analysis its "// test-with:" line names. */
	@TestFactory
	Stream<DynamicTest> everyMacroRunsOnDemoData() throws Exception {
		Path dir = Path.of("macros");
		List<Path> macros;
		try (Stream<Path> s = Files.list(dir)) {
			macros = s.filter(p -> p.toString().endsWith(".ijm")).sorted().collect(Collectors.toList());
		}
		assertFalse(macros.isEmpty(), "macros/ holds no macro");
		return macros.stream().map(m -> DynamicTest.dynamicTest(m.getFileName().toString(), () -> runMacroFile(m)));
	}

	private void runMacroFile(Path macro) throws Exception {
		String code = Files.readString(macro);
		Matcher m = Pattern.compile("//\\s*test-with:\\s*(\\S+)(.*)").matcher(code);
		assertTrue(m.find(), macro + " has no '// test-with: <command> [extra args]' line for the macro suite");
		Analysis a = Analyses.byCommand(m.group(1));
		assertTrue(a != null, macro + ": unknown command " + m.group(1));
		org.junit.jupiter.api.Assumptions.assumeTrue(a.available(), a.command() + " is not built yet");
		DemoJob job = job(a);
		Path inputDir = job.inputs.get(0);
		if (!Files.isDirectory(inputDir)) inputDir = inputDir.getParent();
		Path csv = temp.resolve(macro.getFileName() + ".csv");
		HeadlessFiji.reset();
		String ret = HeadlessFiji.runMacro(code, "input=[" + inputDir + "] output=[" + csv + "]" + m.group(2));
		assertNotEquals("[aborted]", ret, macro.toString());
		assertTrue(Files.isRegularFile(csv), macro + " wrote no table to " + csv);
		List<ResultRow> macroRows = readCsv(csv);
		assertFalse(macroRows.isEmpty(), macro + " wrote an empty table");
		// the command line on the same folder gives the same numbers
		Path out = temp.resolve("cli-macro-" + macro.getFileName());
		PrintStream devnull = new PrintStream(java.io.OutputStream.nullOutputStream());
		Main.run(new String[] { a.command(), "--out", out.toString(), "--threads", "2", "--quiet", inputDir.toString() },
			devnull, devnull);
		Map<String, ResultRow> cli = new HashMap<>();
		for (ResultRow r : readCsv(out.resolve("results.csv"))) if (!r.source.isEmpty()) cli.put(key(r), r);
		int compared = 0;
		for (ResultRow r : macroRows) {
			ResultRow c = cli.get(key(r));
			if (c == null) continue;
			assertSame(c.value, r.value, macro + " " + key(r));
			compared++;
		}
		assertTrue(compared > 0, macro + ": no row in common with the command line");
		HeadlessFiji.reset();
	}

	private static String key(ResultRow r) {
		return Path.of(r.source).getFileName() + "|" + r.region + "|" + r.quantity + "|" + r.label;
	}

	static List<ResultRow> readCsv(Path csv) throws Exception {
		List<ResultRow> out = new ArrayList<>();
		try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(Files
			.newBufferedReader(csv, StandardCharsets.UTF_8)))
		{
			assertEquals(List.of("sample_id", "technique", "analysis", "source", "region", "quantity", "value",
				"uncertainty", "unit", "label", "flags"), p.getHeaderNames(), csv + " header");
			for (CSVRecord r : p) out.add(new ResultRow(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), num(r
				.get(6)), num(r.get(7)), r.get(8), r.get(9), r.get(10)));
		}
		return out;
	}

	private static double num(String s) {
		return s == null || s.isEmpty() || s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
	}

	private static String esc(Object s) {
		return s.toString().replace("\\", "\\\\").replace("\"", "\\\"");
	}
}
