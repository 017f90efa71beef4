package org.interphase.scijava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import org.interphase.analysis.Analyses;
import org.interphase.analysis.Analysis;
import org.interphase.core.result.ResultRow;
import org.interphase.results.ResultsDatabase;
import org.interphase.testing.TestPostgres;

/**
 * Issue 23: the scripting command's {@code database} takes what {@code --db} takes: a SQLite file given as text
 * or as a File (older scripts), or a PostgreSQL store; the run is stored there with its rows, from a file input and
 * from an open image. The PostgreSQL part is skipped with the reason where no server can start.
 */
class SciJavaStoreTest {
	@TempDir
	static Path temp;
	private static Context context;
	private static ModuleService modules;
	private static CommandService commands;
	private static final Path FILE = Path.of("test-images/hrtem/LATP-BN-500c_hrtem_01.tif").toAbsolutePath();

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		modules = context.service(ModuleService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	private static Module run(Map<String, Object> inputs) throws Exception {
		Analysis a = Analyses.byCommand("hrtem-thickness");
		Map<String, Object> in = new HashMap<>(inputs);
		in.put("threads", 2);
		org.scijava.command.CommandInfo info = commands.getCommandsOfType(org.scijava.command.Command.class).stream()
			.filter(c -> c.getClassName().startsWith("org.interphase.scijava.") && a.command().equals(c
				.getDescription())).findFirst().orElseThrow();
		Module m = modules.run(info, true, in).get();
		assertFalse(((Cancelable) m).isCanceled(), ((Cancelable) m).getCancelReason());
		return m;
	}

	private static int rows(Module m) {
		return ((ij.measure.ResultsTable) m.getOutput("results")).size();
	}

	@Test
	void aSqliteFileGivenAsTextOrAsAFileStoresTheRun() throws Exception {
		Path asText = temp.resolve("text.db"), asFile = temp.resolve("file.db");
		Module t = run(Map.of("input", FILE.toFile(), "database", asText.toString()));
		Module f = run(Map.of("input", FILE.toFile(), "database", asFile.toFile()));
		assertTrue(rows(t) > 0);
		for (Object[] c : new Object[][] { { t, asText }, { f, asFile } }) {
			Module m = (Module) c[0];
			assertNotNull(m.getOutput("run_id"), "a database was given: the run is stored");
			try (ResultsDatabase d = ResultsDatabase.open(c[1].toString())) {
				assertFalse(d.isPostgres());
				assertEquals(rows(m), d.rows().size(), "the database holds the rows of " + c[1]);
			}
		}
	}

	@Test
	void aPostgresStoreTakesTheRowsOfAFileAndOfAnOpenImage() throws Exception {
		String pg = TestPostgres.newDatabase("scijava"); // skips with the reason where no server can start
		Module file = run(Map.of("input", FILE.toFile(), "database", pg, "sample", "S1"));
		// an image that is not the unchanged file (its pixels, not the file, are analysed): a second stored file
		ij.ImagePlus imp = ij.IJ.openImage(FILE.toString());
		imp.getProcessor().flipHorizontal();
		imp.setTitle("flipped.tif");
		imp.changes = true;
		Module image = run(Map.of("image", imp, "database", pg, "sample", "S2"));
		Long r1 = (Long) file.getOutput("run_id"), r2 = (Long) image.getOutput("run_id");
		assertNotNull(r1);
		assertNotNull(r2);
		assertTrue(r2 > r1, "two runs: " + r1 + ", " + r2);
		try (ResultsDatabase d = ResultsDatabase.open(pg)) {
			assertTrue(d.isPostgres());
			List<ResultRow> stored = d.rows();
			assertEquals(rows(file) + rows(image), stored.size(), "both runs' rows are in PostgreSQL");
			assertEquals(rows(file), stored.stream().filter(r -> r.sampleId.equals("S1")).count());
			assertEquals(rows(image), stored.stream().filter(r -> r.sampleId.equals("S2")).count());
		}
	}
}
