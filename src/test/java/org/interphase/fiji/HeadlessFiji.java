package org.interphase.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import ij.IJ;
import ij.Prefs;
import ij.WindowManager;
import ij.measure.ResultsTable;

import org.interphase.core.result.ResultRow;

/**
 * Test helper: plain ImageJ 1.x made headless by ij1-patcher (the test class calls LegacyInjector.preinit()
 * before any ij class loads), with the packaged Interphase jar in a temporary plugins folder so that its
 * plugins.config menus exist, as in Fiji.
 */
final class HeadlessFiji {
	private HeadlessFiji() {}

	private static boolean ready;

	static synchronized void init(Path temp) throws IOException {
		if (ready) return;
		String jar = System.getProperty("interphase.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) throw new IllegalStateException(
			"the packaged jar is missing (run through 'mvn verify'): " + jar);
		Path plugins = Files.createDirectories(temp.resolve("plugins"));
		Files.copy(Path.of(jar), plugins.resolve(Path.of(jar).getFileName()), StandardCopyOption.REPLACE_EXISTING);
		Path home = Files.createDirectories(temp.resolve("home"));
		System.setProperty("user.home", home.toString());
		System.setProperty("plugins.dir", plugins.toString());
		System.setProperty("java.awt.headless", "true");
		Prefs.setThreads(2);
		ready = true;
		// the first IJ.run reads the plugins folder, installing our plugins.config menus
		try {
			runMacro("run(\"Clear Results\");", "");
		}
		catch (InterruptedException e) {
			throw new IOException(e);
		}
	}

	/** Runs macro code on a thread named as ImageJ expects for macro options; returns its return value. */
	static String runMacro(String code, String arg) throws InterruptedException {
		AtomicReference<String> result = new AtomicReference<>();
		AtomicReference<Throwable> error = new AtomicReference<>();
		Thread t = new Thread(() -> {
			try {
				result.set(IJ.runMacro(code, arg));
			}
			catch (Throwable e) {
				error.set(e);
			}
		}, "Run$_interphase_test");
		t.start();
		t.join(300_000);
		if (t.isAlive()) throw new IllegalStateException("macro did not finish in 5 minutes");
		if (error.get() != null) throw new IllegalStateException("macro threw", error.get());
		return result.get();
	}

	static void reset() {
		ResultsTable rt = ResultsTable.getResultsTable();
		if (rt != null) rt.reset();
		for (int id : WindowManager.getIDList() == null ? new int[0] : WindowManager.getIDList()) {
			ij.ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) {
				imp.changes = false;
				imp.close();
			}
		}
		ij.macro.Interpreter.batchMode = false;
	}

	/** The rows of the system Results table as contract rows. */
	static List<ResultRow> results() {
		ResultsTable rt = ResultsTable.getResultsTable();
		List<ResultRow> out = new ArrayList<>();
		if (rt == null) return out;
		for (int i = 0; i < rt.size(); i++) {
			out.add(new ResultRow(rt.getStringValue("sample_id", i), rt.getStringValue("technique", i), rt.getStringValue(
				"analysis", i), rt.getStringValue("source", i), str(rt, "region", i), rt.getStringValue("quantity", i), rt
					.getValue("value", i), rt.getValue("uncertainty", i), str(rt, "unit", i), str(rt, "label", i), str(rt,
						"flags", i)));
		}
		return out;
	}

	/** A named table the plugins showed (e.g. "XPS components"): one map per row, numbers as Double, text as String. */
	static List<java.util.Map<String, Object>> namedTable(String title) {
		ResultsTable rt = ResultsTables.named(title);
		List<java.util.Map<String, Object>> out = new ArrayList<>();
		if (rt == null) return out;
		String[] headings = rt.getHeadings();
		for (int i = 0; i < rt.size(); i++) {
			java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
			for (String h : headings) {
				if (h.equals(" ") || h.equals("Label")) continue;
				double v = rt.getValue(h, i);
				String sv = rt.getStringValue(h, i);
				row.put(h, Double.isNaN(v) && sv != null && !sv.equals("NaN") ? sv : (Object) v);
			}
			out.add(row);
		}
		return out;
	}

	private static String str(ResultsTable rt, String col, int row) {
		String s = rt.getStringValue(col, row);
		return s == null || s.equals("NaN") ? "" : s;
	}

	static String[] commands() {
		java.util.Hashtable<?, ?> h = ij.Menus.getCommands();
		return h == null ? new String[0] : h.keySet().stream().map(Object::toString).toArray(String[]::new);
	}
}
