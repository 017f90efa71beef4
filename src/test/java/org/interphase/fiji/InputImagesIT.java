package org.interphase.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.interphase.core.result.ResultRow;

/**
 * Which image an image analysis takes, through the real macro interpreter and the packaged jar's menu commands
 * (an integration test: ImageJ must be patched by ij1-patcher before any of its classes loads, which the unit
 * tests' shared JVM cannot promise): a plot
 * in front (as Coating Thickness leaves it) is skipped and the micrograph behind it analysed, with its sample;
 * image=[title] picks one of several; file= reads a file although only plots are open; and with only plots open
 * and neither, the command refuses with a message naming them instead of analysing a plot.
 */
public class InputImagesIT {
	static {
		net.imagej.patcher.LegacyInjector.preinit();
	}

	@TempDir
	static Path temp;

	private static final Path HRTEM = Path.of("test-images/hrtem/LATP-BN-500c_hrtem_01.tif").toAbsolutePath();
	private static final Path SEM = Path.of("test-images/sem/LATP-bare-100c_sem_01.tif").toAbsolutePath();
	private static final String PLOT = "Plot.create(\"Coating Thickness - averaged profile across the coating\", \"x\", "
		+ "\"y\", newArray(1,2,3,4), newArray(3,1,4,1)); Plot.show();";

	@BeforeAll
	static void setUp() throws Exception {
		HeadlessFiji.init(temp);
	}

	@AfterEach
	void clean() {
		HeadlessFiji.reset();
	}

	/**
	 * Called by the macros: batch mode as ImageJ keeps it with a display (each image shown is listed). Headless
	 * ij1-patcher answers isBatchMode() without setting the field, so no image but the current one would be listed.
	 */
	public static String batchMode() {
		ij.macro.Interpreter.batchMode = true;
		return "";
	}

	private static final String BATCH = "setBatchMode(true); call(\"org.interphase.fiji.InputImagesIT.batchMode\"); ";

	private static List<ResultRow> thickness(String before, String options) throws Exception {
		HeadlessFiji.reset();
		String ret = HeadlessFiji.runMacro(BATCH + before + " run(\"Coating Thickness...\", \"" +
			options + "\"); close(\"*\");", "");
		assertNotEquals("[aborted]", ret);
		return HeadlessFiji.results();
	}

	@Test
	void aPlotInFrontIsSkippedAndTheImageBehindItAnalysed() throws Exception {
		List<ResultRow> alone = thickness("open(\"" + esc(HRTEM) + "\");", "profiles=200");
		assertFalse(alone.isEmpty(), "the micrograph alone gives rows");
		List<ResultRow> withPlot = thickness("open(\"" + esc(HRTEM) + "\"); " + PLOT, "profiles=200");
		assertEquals(alone.size(), withPlot.size(), "the image is analysed, not the plot in front");
		for (int i = 0; i < alone.size(); i++) {
			ResultRow a = alone.get(i), p = withPlot.get(i);
			assertEquals(HRTEM.getFileName(), Path.of(p.source).getFileName(), "row " + i + " source");
			assertEquals(a.quantity, p.quantity);
			assertEquals(a.value, p.value, 1e-12 * Math.max(1, Math.abs(a.value)), a.quantity);
			// the Sample default comes from the image (its file name), never from the plot's title
			assertEquals("LATP-BN-500c", p.sampleId, "sample of row " + i);
		}
		// a result map of the suite in front is skipped the same way
		List<ResultRow> withMap = thickness("open(\"" + esc(HRTEM) + "\"); newImage(\"map\", \"32-bit\", 64, 64, 1); " +
			"setMetadata(\"Info\", \"\"); call(\"ij.ImagePlus.setDefault16bitRange\", 0); " +
			"Property.set(\"" + InputImages.RESULT + "\", \"Crystallinity Map\");", "profiles=200");
		assertEquals(alone.size(), withMap.size(), "a marked result image is not an input");
		assertEquals(HRTEM.getFileName(), Path.of(withMap.get(0).source).getFileName());
	}

	@Test
	void imageNamesOneOfSeveralAndTheDefaultIsTheCurrentRealImage() throws Exception {
		String open = "open(\"" + esc(HRTEM) + "\"); open(\"" + esc(SEM) + "\"); " + PLOT;
		// without image=: the most recent real image (the SEM image, opened last), not the plot in front
		List<ResultRow> current = thickness(open, "sample=S1");
		assertFalse(current.isEmpty());
		assertEquals(SEM.getFileName(), Path.of(current.get(0).source).getFileName());
		// image=[title]: the HRTEM micrograph although the SEM image is the more recent one
		List<ResultRow> named = thickness(open, "image=[" + HRTEM.getFileName() + "] sample=S1");
		assertFalse(named.isEmpty());
		for (ResultRow r : named) assertEquals(HRTEM.getFileName(), Path.of(r.source).getFileName());
		// image= naming a plot is refused
		HeadlessFiji.reset();
		String[] r = HeadlessImageJ.runMacroLogged(BATCH + open + " run(\"Coating Thickness...\", " +
			"\"image=[Coating Thickness - averaged profile across the coating]\"); close(\"*\");");
		assertTrue(HeadlessFiji.results().isEmpty(), "no rows from a plot");
		assertTrue(r[1].contains("is a plot or a result of Interphase"), r[1]);
	}

	@Test
	void onlyPlotsOpenGivesAClearErrorAndFileStillWorks() throws Exception {
		HeadlessFiji.reset();
		String[] r = HeadlessImageJ.runMacroLogged(BATCH + PLOT +
			" run(\"Coating Thickness...\", \"sample=S1\"); close(\"*\");");
		assertNotEquals("[aborted]", r[0]);
		assertTrue(HeadlessFiji.results().isEmpty(), "a plot is never analysed");
		assertTrue(r[1].contains("no image to analyse") && r[1].contains("averaged profile across the coating"), r[1]);
		// file= with only plots open reads the file
		List<ResultRow> file = thickness(PLOT, "file=[" + esc(HRTEM) + "] sample=S1");
		assertFalse(file.isEmpty());
		assertEquals(HRTEM.getFileName(), Path.of(file.get(0).source).getFileName());
	}

	/**
	 * The default among several images (what the dialog preselects and a macro without image= takes): the current
	 * image when it is real, else the image used or activated most recently, else the newest; plots and marked
	 * result maps are never listed.
	 */
	@Test
	void candidatesFollowActivationsAndSkipPlotsAndResults() throws Exception {
		java.util.concurrent.atomic.AtomicReference<List<String>> before = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.concurrent.atomic.AtomicReference<List<String>> after = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.concurrent.atomic.AtomicReference<List<String>> real = new java.util.concurrent.atomic.AtomicReference<>();
		Thread t = new Thread(() -> {
			ij.macro.Interpreter.batchMode = true;
			ij.ImagePlus a = ij.IJ.createImage("A", "8-bit", 8, 8, 1), b = ij.IJ.createImage("B", "8-bit", 8, 8, 1),
				c = ij.IJ.createImage("C", "8-bit", 8, 8, 1);
			ij.ImagePlus map = ij.IJ.createImage("Crystallinity Map - crystallinity", "32-bit", 8, 8, 1);
			InputImages.markResult(map, "Crystallinity Map");
			ij.ImagePlus plot = new ij.gui.Plot("profile", "x", "y", new double[] { 1, 2 }, new double[] { 2, 1 })
				.getImagePlus();
			for (ij.ImagePlus i : new ij.ImagePlus[] { a, b, c, map, plot }) ij.macro.Interpreter.addBatchModeImage(i);
			ij.WindowManager.setTempCurrentImage(plot);
			before.set(titles(InputImages.candidates()));
			InputImages.used(a);
			after.set(titles(InputImages.candidates()));
			ij.WindowManager.setTempCurrentImage(b);
			real.set(titles(InputImages.candidates()));
			for (ij.ImagePlus i : new ij.ImagePlus[] { a, b, c, map, plot }) ij.macro.Interpreter.removeBatchModeImage(i);
			ij.macro.Interpreter.batchMode = false;
		}, "Run$_candidates");
		t.start();
		t.join();
		assertEquals(List.of("C", "B", "A"), before.get(), "a plot in front: the newest real image first");
		assertEquals(List.of("A", "C", "B"), after.get(), "the image used last comes first");
		assertEquals(List.of("B", "A", "C"), real.get(), "a real current image comes first");
	}

	private static List<String> titles(List<ij.ImagePlus> images) {
		List<String> out = new java.util.ArrayList<>();
		for (ij.ImagePlus i : images) out.add(i.getTitle());
		return out;
	}

	@Test
	void amorphizationSeriesSkipsPlotsAndSinglePatterns() throws Exception {
		HeadlessFiji.reset();
		String[] r = HeadlessImageJ.runMacroLogged(BATCH + "open(\"" + esc(HRTEM) + "\"); " + PLOT +
			" run(\"Amorphization Series...\", \"sample=S1\"); close(\"*\");");
		assertTrue(HeadlessFiji.results().isEmpty());
		assertTrue(r[1].contains("no stack (a series of patterns) to analyse") && r[1].contains(HRTEM.getFileName()
			.toString()) && r[1].contains("single patterns"), r[1]);
	}

	private static String esc(Object s) {
		return s.toString().replace("\\", "\\\\").replace("\"", "\\\"");
	}
}
